"""The planner's corrections (overrides): a level for a theme or criterion, or a quote to drop.

They come from a small YAML file (``review --overrides``) or from the web app, validated at the
edge; errors name the file and the line (or the entry) and what to do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ..checklist import Checklist
from ..errors import OverridesError
from ..messages import shown
from ..model import Document
from ..score import Assessment, Change, CriterionResult, Evidence, FlagResult, ThemeResult
from ..yamlio import line_of
from ..yamlio import t as _t
from .quotes import Quotes
from .settings import SETTING_MAX_CHARS, _load_yaml, _validation_message

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
