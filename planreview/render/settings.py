"""Letter settings (sender, recipient, references, date, case officer) and planner overrides.

Both come from small YAML files validated at the edge; errors name the file, the line and
what to do. A setting that is not given stays a visible blank in the letter: nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ..checklist import Checklist
from ..errors import OverridesError, PlanreviewError, SettingsError
from ..messages import shown
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


_HINTS: dict[str, tuple[str, str]] = {
    "missing": ("nøkkelen manglar", "nøkkelen mangler"),
    "string_type": ("skal vere tekst", "skal være tekst"),
    "int_type": ("skal vere eit heiltal (0–3)", "skal være et heltall (0–3)"),
    "int_parsing": ("skal vere eit heiltal (0–3)", "skal være et heltall (0–3)"),
    "list_type": ("skal vere ei liste", "skal være en liste"),
    "model_type": ("skal vere nøkkel: verdi-par", "skal være nøkkel: verdi-par"),
    "dict_type": ("skal vere nøkkel: verdi-par", "skal være nøkkel: verdi-par"),
    "too_short": ("er tom eller for kort", "er tom eller for kort"),
    "string_too_short": ("er tom eller for kort", "er tom eller for kort"),
    "string_too_long": ("er for lang", "er for lang"),
    "too_long": ("er for lang", "er for lang"),
    "greater_than_equal": ("er for lite (0–3)", "er for lite (0–3)"),
    "less_than_equal": ("er for stort (0–3)", "er for stort (0–3)"),
}


def _validation_message(path: Path, tree: Any, exc: ValidationError, allowed: list[str]) -> str:
    """One line for the first error: ``file:line: key: what is wrong (what is allowed)``, in the chosen målform."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    line = line_of(tree, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(str(k) for k in loc) or _t("(øvst)", "(øverst)")
    if err["type"] == "extra_forbidden":
        return (
            where
            + ": "
            + _t(f"ukjend nøkkel «{key}» (tillatne: ", f"ukjent nøkkel «{key}» (tillatte: ")
            + ", ".join(allowed)
            + ")"
        )
    if err["type"] == "value_error":
        return f"{where}: {key}: {err['msg'].removeprefix('Value error, ')}"
    hint = _HINTS.get(err["type"])
    got = err.get("input")
    got_text = ""
    if isinstance(got, (str, int, float)) and err["type"] != "missing":
        got_show = str(got).lower() if isinstance(got, bool) else shown(str(got)[:60])
        got_text = _t(", fekk «", ", fikk «") + f"{got_show}»"
    text = _t(*hint) if hint else _t("ugyldig verdi", "ugyldig verdi")
    return f"{where}: {key}: {text}{got_text}"


SETTING_MAX_CHARS = 1000
"""The longest text a setting may hold (a name, an address, a reference)."""


def _setting_text(path: Path, tree: Any, key: str, value: Any) -> str | None:
    """A setting's value as text: text, a number or a date (as written) are taken; a map, a list,
    true/false or anything else is refused with file:line, so nothing odd is printed in a letter."""
    line = line_of(tree, (key,))
    where = f"{path}:{line}" if line else str(path)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
        kind = (
            "true/false"
            if isinstance(value, bool)
            else _t("nøkkel-verdi-par", "nøkkel-verdi-par")
            if isinstance(value, dict)
            else _t("ei liste", "en liste")
            if isinstance(value, list)
            else _t("ein ukjend type", "en ukjent type")
        )
        raise SettingsError(
            where
            + _t(
                f": {key}: skal vere tekst (fekk {kind}). Skriv verdien på éi linje, t.d. «{key}: Fjordvik kommune».",
                f": {key}: skal være tekst (fikk {kind}). Skriv verdien på én linje, f.eks. «{key}: Fjordvik kommune».",
            ),
            path=str(path),
        )
    text = " ".join(str(value).split())
    if len(text) > SETTING_MAX_CHARS:
        raise SettingsError(
            where
            + _t(
                f": {key}: er for lang ({len(text)} teikn, høgst {SETTING_MAX_CHARS}).",
                f": {key}: er for lang ({len(text)} tegn, høyst {SETTING_MAX_CHARS}).",
            ),
            path=str(path),
        )
    return text or None


def load_settings(path: Path | None) -> LetterSettings:
    """Letter settings from a YAML file of ``key: text`` pairs (keys: the fields of LetterSettings).

    Raises SettingsError (exit 11) naming file:line for unknown keys, values that are not text
    (maps, lists, true/false, tags), over-long values, alias bombs or deep nesting.
    """
    if path is None:
        return LetterSettings()
    tree, data = _load_yaml(path, SettingsError, ("innstillingsfila", "innstillingsfilen"))
    if data is None:
        return LetterSettings()
    if not isinstance(data, dict):
        raise SettingsError(
            _t(f"{path}: skal vere nøkkel: verdi-par.", f"{path}: skal være nøkkel: verdi-par."), path=str(path)
        )
    allowed = [f.name for f in fields(LetterSettings)]
    for key in data:
        if key not in allowed:
            line = line_of(tree, (key,))
            raise SettingsError(
                (f"{path}:{line}" if line else str(path))
                + ": "
                + _t(f"ukjend nøkkel «{shown(key)}» (tillatne: ", f"ukjent nøkkel «{shown(key)}» (tillatte: ")
                + ", ".join(allowed)
                + ")",
                path=str(path),
            )
    return LetterSettings(**{k: _setting_text(path, tree, k, v) for k, v in data.items()})


# --- overrides ----------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SETTING_MAX_CHARS)]


class OverrideEntry(BaseModel):
    """One correction: a level for a theme or criterion, or a quote to drop; always with reason and name."""

    model_config = ConfigDict(extra="forbid", strict=True)

    theme: Text | None = None
    criterion: Text | None = None
    level: int | None = Field(default=None, ge=0, le=3)
    """0–3; strict, so ``true`` is refused rather than taken as 1."""
    drop_evidence: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)] | None = None
    """A piece of the quote to drop (it need not be the whole sentence; at least three characters)."""
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
    by: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]

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
    model_config = ConfigDict(extra="forbid", strict=True)

    overrides: list[OverrideEntry] = Field(min_length=1, max_length=1000)


def load_overrides(path: Path, checklist: Checklist) -> list[tuple[int | None, OverrideEntry]]:
    """The planner's corrections, validated against ``checklist``: known theme and criterion ids,
    a criterion that belongs to the theme named with it, levels 0–3 as integers, non-empty quotes.
    Raises OverridesError (exit 12) naming file:line."""
    tree, data = _load_yaml(path, OverridesError, ("rettingsfila", "rettingsfilen"))
    try:
        spec = OverridesFile.model_validate(data)
    except ValidationError as exc:
        raise OverridesError(
            _validation_message(path, tree, exc, ["theme", "criterion", "level", "drop_evidence", "reason", "by"]),
            path=str(path),
        ) from None
    themes = {t.id for t in checklist.themes}
    criteria = {c.id: t.id for t in checklist.themes for c in t.criteria}
    out: list[tuple[int | None, OverrideEntry]] = []
    for i, entry in enumerate(spec.overrides):
        line = line_of(tree, ("overrides", i))
        where = f"{path}:{line}" if line else str(path)
        if entry.theme and entry.theme not in themes:
            raise OverridesError(
                where
                + ": "
                + _t(
                    f"temaet «{shown(entry.theme)}» finst ikkje (tema: ",
                    f"temaet «{shown(entry.theme)}» finnes ikke (temaer: ",
                )
                + ", ".join(sorted(themes))
                + ")",
                path=str(path),
            )
        if entry.criterion and entry.criterion not in criteria:
            raise OverridesError(
                where
                + ": "
                + _t(
                    f"kriteriet «{shown(entry.criterion)}» finst ikkje i sjekklista. "
                    "Sjå JSON-utdata for gyldige id-ar.",
                    f"kriteriet «{shown(entry.criterion)}» finnes ikke i sjekklisten. "
                    "Se JSON-utdata for gyldige id-er.",
                ),
                path=str(path),
            )
        if entry.criterion and entry.theme and criteria[entry.criterion] != entry.theme:
            raise OverridesError(
                where
                + ": "
                + _t(
                    f"kriteriet «{entry.criterion}» høyrer til temaet «{criteria[entry.criterion]}», "
                    f"ikkje «{entry.theme}». Rett «theme» eller ta han bort.",
                    f"kriteriet «{entry.criterion}» hører til temaet «{criteria[entry.criterion]}», "
                    f"ikke «{entry.theme}». Rett «theme» eller fjern den.",
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
