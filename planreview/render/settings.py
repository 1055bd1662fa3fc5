"""Letter settings (sender, recipient, references, date, case officer) and planner overrides.

Both come from small YAML files validated at the edge; errors name the file, the line and
what to do. A setting that is not given stays a visible blank in the letter: nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from ..checklist import Checklist
from ..errors import OverridesError, PlanreviewError, SettingsError
from ..score import Assessment, Change, CriterionResult, ThemeResult
from ..yamlio import line_of, load_yaml, plain
from ..yamlio import t as _t

BLANK = "[fyll inn]"


@dataclass(frozen=True)
class LetterSettings:
    """What the letter says about sender, recipient and case; validated from YAML by pydantic."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    county: str | None = None
    """Sender, e.g. "Møre og Romsdal fylkeskommune"."""
    unit: str | None = None
    """The county's unit, e.g. "Samfunnsutvikling"."""
    address: str | None = None
    recipient: str | None = None
    recipient_address: str | None = None
    our_ref: str | None = None
    your_ref: str | None = None
    date: str | None = None
    case_officer: str | None = None
    contact: str | None = None
    """E-mail or phone of the case officer."""
    plan_name: str | None = None
    plan_stage: str | None = None

    def merged(self, **options: str | None) -> LetterSettings:
        """These settings with the options that were given on the command line."""
        return replace(self, **{k: v for k, v in options.items() if v})


def _load_yaml(path: Path, error: type[PlanreviewError], what: tuple[str, str]) -> tuple[Any, Any]:
    tree = load_yaml(path, error, what)
    return tree, plain(tree)


def _validation_message(path: Path, tree: Any, exc: ValidationError, allowed: list[str]) -> str:
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    line = line_of(tree, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(str(k) for k in loc) or "(øvst)"
    if err["type"] == "extra_forbidden":
        return (
            where
            + ": "
            + _t(f"ukjend nøkkel «{key}» (tillatne: ", f"ukjent nøkkel «{key}» (tillatte: ")
            + ", ".join(allowed)
            + ")"
        )
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {key}: {msg}"


def load_settings(path: Path | None) -> LetterSettings:
    if path is None:
        return LetterSettings()
    tree, data = _load_yaml(path, SettingsError, ("innstillingsfila", "innstillingsfilen"))
    if data is None:
        return LetterSettings()
    if not isinstance(data, dict):
        raise SettingsError(
            _t(f"{path}: skal vere nøkkel: verdi-par.", f"{path}: skal være nøkkel: verdi-par."), path=str(path)
        )
    data = {k: (str(v) if v is not None else None) for k, v in data.items()}
    try:
        return TypeAdapter(LetterSettings).validate_python(data)
    except ValidationError as exc:
        allowed = [f.name for f in fields(LetterSettings)]
        raise SettingsError(_validation_message(path, tree, exc, allowed), path=str(path)) from None


# --- overrides ----------------------------------------------------------------------------


class OverrideEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    theme: str | None = None
    criterion: str | None = None
    level: int | None = Field(default=None, ge=0, le=3)
    drop_evidence: str | None = None
    """A piece of the quote to drop (it need not be the whole sentence)."""
    reason: str = Field(min_length=3)
    by: str = Field(min_length=2)

    @model_validator(mode="after")
    def _what(self) -> OverrideEntry:
        if self.level is None and self.drop_evidence is None:
            raise ValueError(
                _t(
                    "kvar retting treng «level» eller «drop_evidence»",
                    "hver retting trenger «level» eller «drop_evidence»",
                )
            )
        if self.level is not None and not (self.theme or self.criterion):
            raise ValueError(_t("«level» treng «theme» eller «criterion»", "«level» trenger «theme» eller «criterion»"))
        return self


class OverridesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overrides: list[OverrideEntry] = Field(min_length=1)


def load_overrides(path: Path, checklist: Checklist) -> list[tuple[int | None, OverrideEntry]]:
    tree, data = _load_yaml(path, OverridesError, ("rettingsfila", "rettingsfilen"))
    try:
        spec = OverridesFile.model_validate(data)
    except ValidationError as exc:
        raise OverridesError(
            _validation_message(path, tree, exc, ["theme", "criterion", "level", "drop_evidence", "reason", "by"]),
            path=str(path),
        ) from None
    themes = {t.id for t in checklist.themes}
    criteria = {c.id for t in checklist.themes for c in t.criteria}
    out: list[tuple[int | None, OverrideEntry]] = []
    for i, entry in enumerate(spec.overrides):
        line = line_of(tree, ("overrides", i))
        where = f"{path}:{line}" if line else str(path)
        if entry.theme and entry.theme not in themes:
            raise OverridesError(
                where
                + ": "
                + _t(f"temaet «{entry.theme}» finst ikkje (tema: ", f"temaet «{entry.theme}» finnes ikke (temaer: ")
                + ", ".join(sorted(themes))
                + ")",
                path=str(path),
            )
        if entry.criterion and entry.criterion not in criteria:
            raise OverridesError(
                where
                + ": "
                + _t(
                    f"kriteriet «{entry.criterion}» finst ikkje i sjekklista. Sjå JSON-utdata for gyldige id-ar.",
                    f"kriteriet «{entry.criterion}» finnes ikke i sjekklisten. Se JSON-utdata for gyldige id-er.",
                ),
                path=str(path),
            )
        out.append((line, entry))
    return out


def apply_overrides(assessment: Assessment, entries: list[tuple[int | None, OverrideEntry]]) -> Assessment:
    """The assessment with the planner's corrections, each recorded as a change."""
    themes = list(assessment.themes)
    changes: list[Change] = list(assessment.changes)
    for _line_no, e in entries:
        if e.drop_evidence:
            needle = e.drop_evidence.casefold()
            for i, t in enumerate(themes):
                if e.theme and t.id != e.theme:
                    continue
                kept = tuple(ev for ev in t.evidence if needle not in ev.text.casefold())
                crits = tuple(
                    CriterionResult(c.id, c.level, tuple(ev for ev in c.evidence if needle not in ev.text.casefold()))
                    for c in t.criteria
                )
                if len(kept) != len(t.evidence) or crits != t.criteria:
                    themes[i] = replace(t, evidence=kept, criteria=crits)
                    changes.append(Change(f"{t.id}:evidence", e.drop_evidence, "—", e.reason, e.by))
        if e.level is not None:
            theme_id = e.theme or (e.criterion or "").split(".")[0]
            i = next(i for i, t in enumerate(themes) if t.id == theme_id)
            t = themes[i]
            if e.criterion:
                crits = tuple(replace(c, level=e.level) if c.id == e.criterion else c for c in t.criteria)
                before = next(c.level for c in t.criteria if c.id == e.criterion)
                new_level = max(c.level for c in crits)
                themes[i] = replace(t, criteria=crits, level=new_level, score=_rescore(t, new_level))
                changes.append(Change(e.criterion, str(before), str(e.level), e.reason, e.by))
            else:
                themes[i] = replace(t, level=e.level, score=_rescore(t, e.level))
                changes.append(Change(t.id, str(t.level), str(e.level), e.reason, e.by))
    return replace(assessment, themes=tuple(themes), changes=tuple(changes))


def _rescore(t: ThemeResult, level: int) -> int:
    if level == 0:
        return 0
    coverage = sum(c.level for c in t.criteria) / (3 * max(1, len(t.criteria)))
    return round(100 * (0.7 * level / 3 + 0.3 * coverage))
