"""Scoring: a document and a checklist in, an assessment (levels, scores, evidence, flags) out."""

from __future__ import annotations

from .engine import assess, detect_doc_type
from .model import Assessment, Change, CriterionResult, DocumentInfo, Evidence, FlagResult, ThemeResult

__all__ = [
    "Assessment",
    "Change",
    "CriterionResult",
    "DocumentInfo",
    "Evidence",
    "FlagResult",
    "ThemeResult",
    "assess",
    "detect_doc_type",
]
