"""Letter settings (sender, recipient, references, date, case officer) and planner overrides.

Both come from small YAML files validated at the edge; errors name the file, the line and
what to do. A setting that is not given stays a visible blank in the letter: nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError, model_validator

from ..checklist import Checklist, validation_hint
from ..errors import OverridesError, PlanreviewError, SettingsError
from ..messages import shown
from ..model import Document
from ..score import Assessment, Change, CriterionResult, Evidence, FlagResult, ThemeResult
from ..yamlio import line_of, load_yaml, plain
from ..yamlio import t as _t
from .quotes import Quotes

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
    """«høyringsutkast», «offentleg ettersyn» or «vedteken»; overrides what is read from the plan."""
    plan_type: str | None = None
    """«planstrategi», «planprogram», «samfunnsdel», «handlingsdel», «kommunedelplan», «temaplan»."""
    regional_basis: str | None = None
    """The regional plan or strategy the county's advice rests on, e.g. «Regional planstrategi 2024–2028»."""
    copy_to: str | None = None
    """The letter's «Kopi til» line, e.g. «Statsforvaltaren i Møre og Romsdal» (a YAML list is joined)."""

    def __post_init__(self) -> None:
        from ..score.plantype import parse_plan_type, parse_stage

        if self.plan_type and parse_plan_type(self.plan_type) is None:
            raise ValueError(
                _t(
                    f"plantypen «{self.plan_type}» er ukjend (planstrategi, planprogram, samfunnsdel, handlingsdel, "
                    "kommunedelplan, temaplan)",
                    f"plantypen «{self.plan_type}» er ukjent (planstrategi, planprogram, samfunnsdel, handlingsdel, "
                    "kommunedelplan, temaplan)",
                )
            )
        if self.plan_stage and parse_stage(self.plan_stage) is None:
            raise ValueError(
                _t(
                    f"planstadiet «{self.plan_stage}» er ukjend (høyringsutkast, offentleg ettersyn, vedteken)",
                    f"planstadiet «{self.plan_stage}» er ukjent (høringsutkast, offentlig ettersyn, vedtatt)",
                )
            )

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
    text = _t(*hint) if hint else validation_hint(err["type"])  # pydantic's own messages are English
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
    values: dict[str, str | None] = {}
    for key, value in data.items():
        if key == "copy_to" and isinstance(value, list):  # «Kopi til» may list several receivers
            value = ", ".join(t for item in value if (t := _setting_text(path, tree, key, item)))
        values[key] = _setting_text(path, tree, key, value)
    try:
        return TypeAdapter(LetterSettings).validate_python(values)
    except ValidationError as exc:
        raise SettingsError(_validation_message(path, tree, exc, allowed), path=str(path)) from None


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
    return check_overrides(data, checklist, source=str(path), tree=tree)


def check_overrides(
    data: Any, checklist: Checklist, *, source: str, tree: Any = None
) -> list[tuple[int | None, OverrideEntry]]:
    """Corrections as plain data (``{"overrides": [...]}``, the overrides file's shape) validated
    against ``checklist``; ``tree`` is the YAML tree that gives line numbers (None for data that
    did not come from a file: ``source:N`` then names the N-th entry). Raises OverridesError (exit 12)
    naming ``source`` and the line or entry."""
    try:
        spec = OverridesFile.model_validate(data)
    except ValidationError as exc:
        raise OverridesError(
            _validation_message(
                Path(source), tree, exc, ["theme", "criterion", "level", "drop_evidence", "reason", "by"]
            ),
            path=source,
        ) from None
    themes = {t.id for t in checklist.themes}
    criteria = {c.id: t.id for t in checklist.themes for c in t.criteria}
    out: list[tuple[int | None, OverrideEntry]] = []
    for i, entry in enumerate(spec.overrides):
        line = line_of(tree, ("overrides", i)) if tree is not None else i + 1  # data: the entry's number
        where = f"{source}:{line}" if line else source
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
                path=source,
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
                path=source,
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
                path=source,
            )
        out.append((line, entry))
    return out


def apply_overrides(
    assessment: Assessment,
    entries: list[tuple[int | None, OverrideEntry]],
    *,
    source: str | Path | None = None,
    doc: Document | None = None,
    checklist: Checklist | None = None,
) -> Assessment:
    """The assessment with the planner's corrections, each recorded as a change.

    The result is consistent with every correction: a lowered level caps the levels of the
    criteria and drops the quotes above it (level 0 keeps none), a dropped quote is gone from themes,
    criteria and flags, and a theme whose best quote was dropped falls to the level of the
    quotes that are left (recorded as a change of its own). Flags that the new levels contradict
    (no measures where a level is now 3, only knowledge where one is now 2) are removed.
    A ``drop_evidence`` that matches no quote (nor the whole sentence the letter quotes) raises
    OverridesError (exit 12) naming ``source:line``.
    """
    quotes = Quotes(doc)
    themes = list(assessment.themes)
    flags = list(assessment.flags)
    changes: list[Change] = list(assessment.changes)
    for line_no, e in entries:
        where = f"{source}:{line_no}" if source and line_no else str(source or "")
        if e.drop_evidence:
            needle = " ".join(e.drop_evidence.split()).casefold()

            def hit(ev: Evidence, needle: str = needle) -> bool:
                return needle in " ".join(ev.text.split()).casefold() or needle in quotes.full(ev).casefold()

            matched = False
            for i, t in enumerate(themes):
                if e.theme and t.id != e.theme:
                    continue
                if not any(hit(ev) for ev in t.evidence) and not any(hit(ev) for c in t.criteria for ev in c.evidence):
                    continue
                matched = True
                kept = tuple(ev for ev in t.evidence if not hit(ev))
                kept_crits: list[CriterionResult] = []
                for c in t.criteria:
                    left = tuple(ev for ev in c.evidence if not hit(ev))
                    level = min(c.level, max((ev.level for ev in left), default=0)) if left != c.evidence else c.level
                    kept_crits.append(CriterionResult(c.id, level, left))
                new_level = min(t.level, max((ev.level for ev in kept), default=0))
                themes[i] = replace(
                    t,
                    evidence=kept,
                    criteria=tuple(kept_crits),
                    level=new_level,
                    score=_rescore(t, new_level, tuple(kept_crits)),
                )
                changes.append(Change(f"{t.id}:evidence", e.drop_evidence, "—", e.reason, e.by))
                if new_level != t.level:
                    changes.append(Change(t.id, str(t.level), str(new_level), e.reason, e.by))
            if not matched:
                scope = _t(f" i temaet «{e.theme}»", f" i temaet «{e.theme}»") if e.theme else ""
                raise OverridesError(
                    where
                    + ": "
                    + _t(
                        f"drop_evidence «{e.drop_evidence}» finst ikkje i noko sitat{scope}. "
                        "Kopier ein bit av sitatet frå rapporten.",
                        f"drop_evidence «{e.drop_evidence}» finnes ikke i noe sitat{scope}. "
                        "Kopier en bit av sitatet fra rapporten.",
                    ),
                    path=str(source) if source else None,
                )
            flags = [replace(f, evidence=tuple(ev for ev in f.evidence if not hit(ev))) for f in flags]
        if e.level is not None:
            theme_id = e.theme or (e.criterion or "").split(".")[0]
            i = next(i for i, t in enumerate(themes) if t.id == theme_id)
            t = themes[i]
            if e.criterion:
                before = next(c.level for c in t.criteria if c.id == e.criterion)
                crits = tuple(
                    _capped_criterion(c, e.level, exact=True) if c.id == e.criterion else c for c in t.criteria
                )
                new_level = max(c.level for c in crits)
                evidence = _cap_evidence(
                    tuple(ev for ev in t.evidence if ev.criterion != e.criterion or ev.level <= e.level), new_level
                )
                themes[i] = replace(
                    t, criteria=crits, level=new_level, evidence=evidence, score=_rescore(t, new_level, crits)
                )
                changes.append(Change(e.criterion, str(before), str(e.level), e.reason, e.by))
            else:
                crits = tuple(_capped_criterion(c, e.level) for c in t.criteria) if e.level < t.level else t.criteria
                evidence = _cap_evidence(t.evidence, e.level)
                themes[i] = replace(
                    t, level=e.level, criteria=crits, evidence=evidence, score=_rescore(t, e.level, crits)
                )
                changes.append(Change(t.id, str(t.level), str(e.level), e.reason, e.by))
    if checklist is not None:
        flags = _consistent_flags(flags, themes, checklist)
    return replace(assessment, themes=tuple(themes), flags=tuple(flags), changes=tuple(changes))


def _cap_evidence(evidence: tuple[Evidence, ...], level: int) -> tuple[Evidence, ...]:
    """The quotes that still hold at ``level``: a quote that supported a higher level is what the
    planner rejected, so it goes (none are left at level 0)."""
    return tuple(ev for ev in evidence if 0 < ev.level <= level)


def _capped_criterion(c: CriterionResult, level: int, *, exact: bool = False) -> CriterionResult:
    """The criterion at most at ``level`` (exactly at it, for a criterion's own override), quotes capped too."""
    return CriterionResult(c.id, level if exact else min(c.level, level), _cap_evidence(c.evidence, level))


def _consistent_flags(flags: list[FlagResult], themes: list[ThemeResult], checklist: Checklist) -> list[FlagResult]:
    kinds = {f.id: f.kind for f in checklist.flags}
    best = max((t.level for t in themes), default=0)
    out = []
    for f in flags:
        kind = kinds.get(f.id)
        if kind == "no_measures" and best >= 3:
            continue
        if kind == "only_knowledge" and best >= 2:
            continue
        out.append(f)
    return out


def _rescore(t: ThemeResult, level: int, criteria: tuple[CriterionResult, ...] | None = None) -> int:
    if level == 0:
        return 0
    crits = t.criteria if criteria is None else criteria
    coverage = sum(c.level for c in crits) / (3 * max(1, len(crits)))
    return round(100 * (0.7 * level / 3 + 0.3 * coverage))
