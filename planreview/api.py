"""The library API behind the CLI: read → match → score (→ render)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checklist import Checklist, load_checklist, require_malform
from .compare import Comparison, Version, compare_versions, version_from_assessment, version_from_review
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


# --- plans over time ------------------------------------------------------------------------------


def load_version(
    path: str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
) -> Version:
    """One version of a plan for ``compare``: a saved review JSON (``…-vurdering.json``, its
    quotes and letter record) when ``path`` ends in .json, else the plan itself, read and scored
    now (every sentence known, no letter).

    Raises InputNotFound (exit 3) for a missing file, LimitExceeded (16) for a JSON over
    ``PLANREVIEW_MAX_CONFIG_MB``, CorruptDocument (5) for a file that is not valid JSON,
    UnsupportedFormat (4) for JSON that is not a planreview review, and what ``review`` raises
    for a plan.
    """
    p = Path(path)
    if p.suffix.lower() == ".json":
        data = _read_json(p)
        return _with_sentences(version_from_review(data, str(p)), _json_source(data, p), exact_tables)
    result = review(p, checklist, lang=lang, exact_tables=exact_tables)
    return version_from_assessment(result.assessment, result.document)


def _json_source(data: Any, path: Path) -> tuple[Path, str] | None:
    """The plan a saved review was made from, when the review names it (``document.source``,
    ``document.sha256``): as written, or beside the JSON."""
    doc = data.get("document") if isinstance(data, dict) else None
    source, sha = (doc.get("source"), doc.get("sha256")) if isinstance(doc, dict) else (None, None)
    if not isinstance(source, str) or not isinstance(sha, str) or not source or not sha:
        return None
    for cand in (Path(source), path.parent / Path(source).name):
        if cand.is_file():
            return cand, sha
    return None


def _with_sentences(v: Version, source: tuple[Path, str] | None, exact_tables: bool) -> Version:
    """``v`` with every sentence of its plan when the plan is still where the review found it,
    unchanged (same SHA-256): then a quote is judged new or gone against the whole plan, not only
    against the saved quotes. Any problem reading it leaves ``v`` as it is."""
    import dataclasses

    from .compare import sentences_of
    from .errors import PlanreviewError
    from .read import sha256_of

    if source is None:
        return v
    path, sha = source
    try:
        if sha256_of(path) != sha:
            return v
        with plan_limits(path):
            doc = read_document(path, exact_tables=exact_tables)
        sentences = sentences_of(doc)
    except (PlanreviewError, OSError, MemoryError):
        return v
    return dataclasses.replace(v, sentences=sentences)


def _read_json(path: Path) -> Any:
    import json

    from . import limits
    from .errors import CorruptDocument
    from .read import check_regular

    st = check_regular(path)
    if st.st_size > limits.CONFIG_SIZE.nbytes():
        raise limits.exceeded(limits.CONFIG_SIZE, path, limits.mib(st.st_size))
    nn = current_malform() == "nn"
    try:
        raw = path.read_bytes()
        return json.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        from .errors import InputNotFound
        from .messages import say

        raise InputNotFound(say("unreadable", path=path, detail=exc.strerror or exc), path=str(path)) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = " ".join(str(exc).split())[:120]
        raise CorruptDocument(
            f"{path}: "
            + (
                f"er ikkje gyldig JSON ({detail}). Bruk fila …-vurdering.json slik «planreview review» skreiv ho."
                if nn
                else f"er ikke gyldig JSON ({detail}). Bruk filen …-vurdering.json slik «planreview review» skrev den."
            ),
            path=str(path),
        ) from None


def version_of(result: Review, assessment: Assessment | None = None) -> Version:
    """The version a fresh review makes (``assessment`` when overrides corrected it)."""
    return version_from_assessment(assessment or result.assessment, result.document)


def compare(
    old: Version | str | Path,
    new: Version | str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
) -> Comparison:
    """Compare two versions of a plan (see ``planreview.compare``): each a ``Version``, a saved
    review JSON or a plan file. Saved reviews are read first, so a bad one fails before any plan
    is scored.

    Raises what ``load_version`` raises, and ChecklistError (exit 9) when a version was scored
    against another checklist than ``checklist`` (default: the built-in one).
    """
    cl = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    require_malform(cl, lang or current_malform())
    order = sorted([(0, old), (1, new)], key=lambda iv: not (isinstance(iv[1], Version) or _is_json(iv[1])))
    loaded: dict[int, Version] = {}
    for i, item in order:
        loaded[i] = item if isinstance(item, Version) else load_version(item, cl, lang=lang, exact_tables=exact_tables)
    return compare_versions(loaded[0], loaded[1], cl)


def _is_json(item: object) -> bool:
    return isinstance(item, (str, Path)) and Path(item).suffix.lower() == ".json"


def render_comparison(
    comparison: Comparison,
    fmt: str = "text",
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
) -> str:
    """The comparison as text (terminal), md, html (one page) or json (``Comparison.to_json``)."""
    from .render.comparison import render_comparison as render

    cl = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    return render(comparison, cl, fmt, lang or current_malform())
