"""The assessment of one plan against a checklist (frozen dataclasses) and its JSON contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .plantype import PlanKind


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a quote counts: what ties it to the immigrant population, its role, its words, any cap."""

    anchor: tuple[str, ...]
    """The population words that tie the quote to the immigrant population (may be the heading's)."""
    anchor_from: str
    """sentence (its own words), previous (it points back to the sentence before, which names the
    population: «Dei fleste …»), heading (a heading above it), document (the plan's title),
    chapter (a sign of diversity in a chapter that names immigrants), weak (a sign of diversity
    only: a mention), grounds (ethnicity among grounds of discrimination: a mention), plan_name
    (a plan named after integration)."""
    heading: str | None
    """The heading that gave the anchor (anchor_from heading) or the role, if any."""
    role_from: str
    """heading, label («Mål:»), table (a header row), wording («skal», «Sikre …») or none."""
    theme_words: tuple[str, ...]
    """The theme's words in the quote (or in its heading when the quote has none)."""
    operational: tuple[str, ...] = ()
    """What makes a measure operational: owner, deadline, resources, indicator, followup."""
    capped_by: str | None = None
    """Why the level is lower than the place and wording would give: wish («bør»), weak_sign,
    plan_name, or a document rule (planstrategi, planprogram, no_measures)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "anchor": list(self.anchor),
            "anchor_from": self.anchor_from,
            "heading": self.heading,
            "role_from": self.role_from,
            "theme_words": list(self.theme_words),
            "operational": list(self.operational),
            "capped_by": self.capped_by,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote from the plan that supports a level."""

    page: str | None
    """The printed page label, or None when the page is unknown (DOCX without breaks)."""
    page_index: int
    section: tuple[str, ...]
    role: str
    """knowledge, goal, strategy, measure, followup or none: where the quote stands."""
    text: str
    terms: tuple[str, ...]
    level: int
    criterion: str
    theme: str
    reason: Reason | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "page": self.page,
            "section": list(self.section),
            "role": self.role,
            "text": self.text,
            "terms": list(self.terms),
            "level": self.level,
            "criterion": self.criterion,
        }
        if self.reason is not None:
            out["reason"] = self.reason.to_json()
        return out


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    level: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """A planner's correction (overrides file), shown in the report."""

    target: str
    """A theme id, or ``evidence`` for a dropped quote."""
    before: str
    after: str
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class ThemeResult:
    id: str
    level: int
    score: int
    criteria: tuple[CriterionResult, ...]
    evidence: tuple[Evidence, ...]
    capped_by: str | None = None
    """Why the level was held down (planstrategi, no operative measures, …), if it was."""


@dataclass(frozen=True, slots=True)
class FlagResult:
    id: str
    title: str
    message: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str
    pages: int
    malform: str | None
    sha256: str
    source: str
    doc_type: str | None
    labels_known: bool
    plan: PlanKind | None = None
    """Plan type and stage (planstrategi … regional plan; høyringsutkast / offentleg ettersyn / vedteken)."""


_UNKNOWN_PLAN = PlanKind(None, False, None, False)


@dataclass(frozen=True, slots=True)
class Assessment:
    document: DocumentInfo
    checklist_id: str
    checklist_version: str
    themes: tuple[ThemeResult, ...]
    flags: tuple[FlagResult, ...]
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()

    def theme(self, theme_id: str) -> ThemeResult:
        return next(t for t in self.themes if t.id == theme_id)

    def levels(self) -> dict[str, int]:
        return {t.id: t.level for t in self.themes}

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``planreview review --format json``."""
        return {
            "document": {
                "title": self.document.title,
                "pages": self.document.pages,
                "malform": self.document.malform,
                "sha256": self.document.sha256,
                "source": self.document.source,
                "doc_type": self.document.doc_type,
                **(self.document.plan or _UNKNOWN_PLAN).to_json(),
            },
            "checklist": {"id": self.checklist_id, "version": self.checklist_version},
            "themes": [
                {
                    "id": t.id,
                    "level": t.level,
                    "score": t.score,
                    "capped_by": t.capped_by,
                    "criteria": [
                        {"id": c.id, "level": c.level, "evidence": [e.to_json() for e in c.evidence]}
                        for c in t.criteria
                    ],
                    "evidence": [e.to_json() for e in t.evidence],
                }
                for t in self.themes
            ],
            "flags": [
                {"id": f.id, "title": f.title, "message": f.message, "evidence": [e.to_json() for e in f.evidence]}
                for f in self.flags
            ],
            "changes": [
                {"target": c.target, "before": c.before, "after": c.after, "reason": c.reason, "by": c.by}
                for c in self.changes
            ],
            "warnings": list(self.warnings),
        }
