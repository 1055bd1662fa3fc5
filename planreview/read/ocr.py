"""OCR of PDF pages without usable text: PDFium renders the page, Tesseract reads it.

Tesseract and its Norwegian data come from the system (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-nor``); pytesseract runs it. Nothing here uses Ghostscript. OCR is on by default
when Tesseract is installed; ``PLANREVIEW_OCR=0`` (the CLI's ``--no-ocr``) turns it off.

Each page has a time limit (``PLANREVIEW_OCR_PAGE_SECONDS``, default 60) and a document a
budget (``PLANREVIEW_OCR_SECONDS``, default 600), so a batch worker is never held up for long by
one scanned appendix; pages past the budget are named in a warning, like pages without text.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .layout import Line
from .normalise import clean

DPI = 300
"""Rendering resolution for OCR (dots per inch)."""
LANG = "nor"
"""Tesseract's language data: Norwegian (bokmål and nynorsk)."""
BAND = 0.075
"""Share of the page height that counts as header/footer band (as in the PDF reader)."""

Progress = Callable[[int, int, int], None]
"""Called as ``progress(done, total, page_index)`` after each OCR'd page."""


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def ocr_enabled(requested: bool | None = None) -> bool:
    """Whether OCR should run: ``requested`` when given, else not turned off by ``PLANREVIEW_OCR=0``."""
    if requested is not None:
        return requested
    return os.environ.get("PLANREVIEW_OCR", "1").strip().lower() not in ("0", "no", "false", "off")


@lru_cache(maxsize=1)
def tesseract_status() -> str | None:
    """None when Tesseract with Norwegian data can run; else what is missing.

    Returns ``"tesseract"`` (the program or pytesseract is missing) or ``"nor"`` (the
    Norwegian language data is missing).
    """
    import shutil

    if shutil.which("tesseract") is None:
        return "tesseract"
    try:
        import pytesseract
    except ImportError:
        return "tesseract"
    try:
        langs = pytesseract.get_languages(config="")
    except Exception:  # noqa: BLE001 - a broken installation is the same as none
        return "tesseract"
    return None if LANG in langs else "nor"


def tesseract_available() -> bool:
    """True when Tesseract and its Norwegian data are installed."""
    return tesseract_status() is None


@dataclass(slots=True)
class OcrResult:
    """What OCR made of the pages it was given."""

    lines: dict[int, list[Line]] = field(default_factory=dict)
    """Page index → lines read (marked ``ocr``); pages that gave no text are absent."""
    failed: list[int] = field(default_factory=list)
    """Pages that could not be read (time limit, Tesseract error)."""
    skipped: list[int] = field(default_factory=list)
    """Pages left out because the document's OCR budget was spent."""
    seconds: float = 0.0


def render_page(page: Any, dpi: int = DPI) -> Any:
    """The page as a greyscale PIL image at ``dpi`` (rendered by PDFium)."""
    return page.render(scale=dpi / 72, grayscale=True, draw_annots=True).to_pil()


def lines_from_data(data: dict[str, list[Any]], scale: float, height_pt: float) -> list[Line]:
    """Lines from Tesseract's ``image_to_data`` dictionary, in its reading order.

    Coordinates go from pixels to points (``scale`` pixels per point, top-based). A new
    Tesseract block starts with a large gap; inside a block, paragraphs are rebuilt by the
    layout rules from the space between lines and sentence ends (Tesseract's own paragraph
    breaks cut sentences); a block's box is its column. Font
    sizes are unknown (0): OCR'd line heights vary too much to rank headings by.
    """
    import statistics  # here, not at import (with fractions and decimal): only OCR needs it

    groups: dict[tuple[int, int, int], list[int]] = {}
    blocks: dict[int, list[int]] = {}
    for i, word in enumerate(data["text"]):
        if not str(word).strip() or float(data["conf"][i]) < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(i)
        blocks.setdefault(key[0], []).append(i)
    every = [i for idx in blocks.values() for i in idx]
    page_box = (
        min((data["left"][i] for i in every), default=0) / scale,
        max((data["left"][i] + data["width"][i] for i in every), default=0) / scale,
    )
    lines_in = {b: len({k for k in groups if k[0] == b}) for b in blocks}
    # A block of several lines is a column; a single line (a heading, a caption) is measured
    # against the page's text width.
    box: dict[int, tuple[float, float]] = {
        b: (min(data["left"][i] for i in idx) / scale, max(data["left"][i] + data["width"][i] for i in idx) / scale)
        if lines_in[b] >= 2
        else page_box
        for b, idx in blocks.items()
    }
    out: list[Line] = []
    prev_key: tuple[int, int, int] | None = None
    for key in sorted(groups, key=lambda k: min(groups[k])):
        idx = groups[key]
        text = clean(" ".join(str(data["text"][i]) for i in idx))
        if not text:
            continue
        top = min(data["top"][i] for i in idx) / scale
        bottom = max(data["top"][i] + data["height"][i] for i in idx) / scale
        ln = Line(
            text=text,
            top=top,
            bottom=bottom,
            x0=min(data["left"][i] for i in idx) / scale,
            x1=max(data["left"][i] + data["width"][i] for i in idx) / scale,
            left=box[key[0]][0],
            right=box[key[0]][1],
            ocr=True,
        )
        band = max(height_pt * BAND, BAND * 842)
        if bottom <= band + 4:
            ln.band = "top"
        elif top >= height_pt - band - 4:
            ln.band = "bottom"
        body = [x for x in out if x.band is None]
        if prev_key is None or prev_key[0] != key[0] or not body:
            ln.gap = 9.0
        else:
            last = body[-1]
            unit = max(1.0, statistics.median([x.bottom - x.top for x in body[-3:]]))
            ln.gap = max(0.0, (top - last.bottom) / unit)
        out.append(ln)
        prev_key = key
    # Header/footer band lines first and last, as the PDF reader gives them.
    return (
        [x for x in out if x.band == "top"]
        + [x for x in out if x.band is None]
        + [x for x in out if x.band == "bottom"]
    )


def ocr_page(page: Any, *, dpi: int = DPI, timeout: float | None = None) -> list[Line]:
    """OCR one PDFium page; returns its lines (marked ``ocr``), possibly none.

    Raises ``RuntimeError`` when Tesseract exceeds ``timeout`` seconds or fails.
    """
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per page: batch workers share the machine
    image = render_page(page, dpi)
    _width, height = page.get_size()
    data = pytesseract.image_to_data(
        image,
        lang=LANG,
        config="--psm 3",
        output_type=pytesseract.Output.DICT,
        timeout=timeout or 0,
    )
    return lines_from_data(data, dpi / 72, height)


def ocr_pages(doc: Any, indices: list[int], *, progress: Progress | None = None) -> OcrResult:
    """OCR the pages ``indices`` of an open ``pdfium.PdfDocument`` within the time limits."""
    per_page = _env_float("PLANREVIEW_OCR_PAGE_SECONDS", 60.0)
    budget = _env_float("PLANREVIEW_OCR_SECONDS", 600.0)
    res = OcrResult()
    started = time.perf_counter()
    for n, i in enumerate(indices):
        spent = time.perf_counter() - started
        if spent >= budget:
            res.skipped.extend(indices[n:])
            break
        page = doc[i]
        try:
            lines = ocr_page(page, timeout=max(1.0, min(per_page, budget - spent)))
        except RuntimeError:
            res.failed.append(i)
            lines = []
        finally:
            page.close()
        if lines:
            res.lines[i] = lines
        if progress:
            progress(n + 1, len(indices), i)
    res.seconds = time.perf_counter() - started
    return res
