"""Scoring: a document and a checklist in, an assessment (levels, scores, evidence, flags) out.

The names below are imported when first asked for (PEP 562), so that a module of this package
(``plantype``, for the letter settings) can be imported without the scorer and its patterns.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {"assess": ".engine", "detect_doc_type": ".engine"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOME.get(name, ".model"), __name__), name)
    globals()[name] = value
    return value
