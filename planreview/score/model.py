"""The assessment of one plan against a checklist (frozen dataclasses) and its JSON contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .plantype import PlanKind


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

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "section": list(self.section),
            "role": self.role,
            "text": self.text,
            "terms": list(self.terms),
            "level": self.level,
            "criterion": self.criterion,
        }


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
