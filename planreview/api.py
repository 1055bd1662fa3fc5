"""The library API behind the CLI: read → match → score (→ render)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checklist import Checklist, load_checklist
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

    ``ocr`` and ``progress`` are passed to ``read_document`` (OCR of pages without usable text).
    """
    cl = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    doc = read_document(path, exact_tables=exact_tables, ocr=ocr, progress=progress)
    return Review(doc, assess(doc, cl, lang=lang or current_malform()), cl)


@dataclass(frozen=True)
class Review:
    """A read document, the assessment, and the checklist it was scored against."""

    document: Document
    assessment: Assessment
    checklist: Checklist
