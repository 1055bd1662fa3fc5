"""The library API behind the CLI: read → match → score (→ render)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checklist import Checklist, load_checklist, require_malform
from .limits import plan_limits
from .messages import Lang, current_malform
from .model import Document
from .read import read_document
from .read.ocr import Progress
from .score import Assessment, assess


def review(
    path: str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
    ocr: bool | None = None,
    progress: Progress | None = None,
) -> Review:
    """Read a plan and score it; returns the document and its assessment.

    Raises ChecklistError when the checklist lacks texts in the målform asked for. Reading and
    scoring run under the plan's limits (``planreview.limits``: time scaled by pages, memory);
    raises a PlanreviewError subclass for bad input (LimitExceeded, exit 16, over a limit).
    ``ocr`` and ``progress`` are passed to ``read_document`` (OCR of pages without usable text).
    """
    cl = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    require_malform(cl, lang or current_malform())
    with plan_limits(path):
        doc = read_document(path, exact_tables=exact_tables, ocr=ocr, progress=progress)
        assessment = assess(doc, cl, lang=lang or current_malform())
    return Review(doc, assessment, cl)


@dataclass(frozen=True)
class Review:
    """A read document, the assessment, and the checklist it was scored against."""

    document: Document
    assessment: Assessment
    checklist: Checklist
