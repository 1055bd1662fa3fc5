"""PDF reader: PDFium (pypdfium2) for text, positions, fonts and table rules.

pdfplumber's table finder is available as a slower alternative (``exact_tables``).

PDFium is not thread-safe; this reader handles one document per process at a time (the
batch runs readers in separate processes).
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .. import limits
from ..errors import CorruptDocument, EmptyDocument, EncryptedDocument, GarbledDocument
from ..forked import MIN_PAGES, Helper
from ..messages import say
from ..model import BlockKind
from .garbage import damage_reason, garbage_reason
from .layout import BULLET, NUMBERED_ITEM, Line
from .normalise import clean, join_lines
from .ocr import Progress, ocr_enabled, ocr_pages, tesseract_status

BAND = 0.075  # share of the page height that counts as header/footer band
BAND_MIN = 0.075 * 842  # ... and at least as deep as on an A4 portrait page (pt)


@dataclass(slots=True)
class Seg:
    """A run of text on one line, as PDFium reports it (top-based coordinates)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    band: str | None = None
    col: int = 0  # 0 full width / single column, 1 left, 2 right
    font: str = ""
    """The font's name without its subset prefix ("MyriadPro-It")."""
    vertical: bool = False
    """Set up or down the page (a rotated table header, a margin label, a map's road name)."""


@dataclass(slots=True)
class PdfPageText:
    lines: list[Line]
    has_text: bool
    scanned: bool
    partly_scanned: bool = False
    split_rows: int = 0
    """Rows whose text stands in separate, widely spaced runs: a hint of a table."""


def _image_shapes(page: Any) -> tuple[int, int]:
    """(all images, images shaped like a line of text) on the page."""
    total = textlike = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        total += 1
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if 5 <= h <= 30 and w >= 2.5 * h:
            textlike += 1
    return total, textlike


def check_pdf_bytes(path: Path, head: bytes) -> None:
    """Refuse a file that is not a PDF before PDFium sees it (HTML or text named .pdf)."""
    if b"%PDF-" not in head:
        raise CorruptDocument(say("not_pdf", path=path), path=str(path))


def _has_eof(path: Path, size: int) -> bool:
    """Whether an end-of-file marker stands anywhere in the file's last MiB (for the message only)."""
    with path.open("rb") as fh:
        fh.seek(max(0, size - (1 << 20)))
        return b"%%EOF" in fh.read()


def open_pdf(path: Path, source: str | None = None) -> pdfium.PdfDocument:
    """The PDFium document. A PDF is refused as damaged only when PDFium cannot open it: bytes
    after ``%%EOF`` (added by mail gateways and web servers), incremental updates and broken
    cross-reference tables that PDFium rebuilds are read. Raises EmptyDocument, CorruptDocument
    (named "cut short" when its end marker is missing) or EncryptedDocument. ``source``: where
    PDFium opens the file, when not ``path`` (``/proc/self/fd/N``: the file a review opened once,
    whatever is at ``path`` now); messages name ``path``."""
    where = Path(source) if source is not None else path
    size = where.stat().st_size
    if size == 0:
        raise EmptyDocument(say("empty", path=path), path=str(path))
    with where.open("rb") as fh:
        head = fh.read(1024)
    check_pdf_bytes(path, head)
    try:
        if source is None:
            return pdfium.PdfDocument(str(path))
        # a stream: given a path, pypdfium2 resolves the link to a name, maybe another file's now
        stream = open(source, "rb")  # noqa: SIM115 - closed with the document (autoclose)
        try:
            return pdfium.PdfDocument(stream, autoclose=True)
        except BaseException:
            stream.close()
            raise
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedDocument(say("encrypted_pdf", path=path), path=str(path)) from exc
        if not _has_eof(where, size):
            raise CorruptDocument(say("truncated_pdf", path=path), path=str(path)) from exc
        raise CorruptDocument(say("corrupt_pdf", path=path, detail=str(exc)), path=str(path)) from exc


def _segments(page: Any, textpage: Any, height: float) -> list[Seg]:
    """Text runs with their boxes, font size and weight.

    The page text is taken in one call and cut at PDFium's line breaks; each line's boxes
    come from its character range. A line that PDFium boxes in several runs (table columns,
    two columns on one baseline) is split by reading the text inside each box.
    """
    segs: list[Seg] = []
    raw_tp = textpage.raw
    n_chars = textpage.count_chars()
    full = textpage.get_text_range() if n_chars > 0 else ""
    if len(full) != n_chars:
        return _segments_by_box(textpage, height)
    pos = 0
    for line in full.split("\r\n"):
        start, count = pos, len(line)
        pos += count + 2
        stripped = line.strip()
        if not stripped:
            continue
        nrect = pdfium_c.FPDFText_CountRects(raw_tp, start, count)
        if nrect <= 0:
            continue
        first = start + (count - len(line.lstrip()))
        if nrect == 1:
            left, bottom, right, top = textpage.get_rect(0)
            seg = _seg(raw_tp, _hyphen(stripped), left, bottom, right, top, height, first)
            if seg is not None:
                segs.append(seg)
            continue
        boxes = sorted((textpage.get_rect(r) for r in range(nrect)), key=lambda b: b[0])
        size = pdfium_c.FPDFText_GetFontSize(raw_tp, first) or 10.0
        same_line = max(b[1] for b in boxes) < min(b[3] for b in boxes)
        gaps = [b2[0] - b1[2] for b1, b2 in pairwise(boxes)]
        span = max(b[2] for b in boxes) - boxes[0][0]
        if nrect >= 3 and any(b[2] - b[0] > 0.5 * span for b in boxes) and span > 20 * size:
            # A run boxed across a wide gap: letters stacked on one spot (a logo's vertical
            # text) beside other text. Split where the characters themselves jump.
            parts = _char_runs(textpage, first, start + count, size, height)
            if len(parts) > 1:
                segs.extend(parts)
                continue
        if same_line and all(g < max(1.6 * size, 12) for g in gaps):
            # Runs on one line with ordinary word spacing (a font change): one segment.
            left, right = boxes[0][0], max(b[2] for b in boxes)
            bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
            seg = _seg(raw_tp, _hyphen(stripped), left, bottom, right, top, height, first)
            if seg is not None:
                segs.append(seg)
            continue
        segs.extend(_box_segments(textpage, boxes, height))
    return segs


def _char_runs(textpage: Any, first: int, end: int, size: float, height: float) -> list[Seg]:
    """Segments of a line cut where a character starts far right of every character before it."""
    raw_tp = textpage.raw
    runs: list[tuple[int, int, list[float]]] = []  # (start, end, box)
    reach = -1e9
    for i in range(first, end):
        ch = textpage.get_text_range(i, 1)
        if not ch.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if runs and left - reach <= max(1.6 * size, 12):
            r = runs[-1]
            box = r[2]
            runs[-1] = (r[0], i + 1, [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)])
        else:
            runs.append((i, i + 1, [left, bottom, right, top]))
        reach = max(reach, right)
    out: list[Seg] = []
    for a, b, (left, bottom, right, top) in runs:
        seg = _seg(raw_tp, _hyphen(textpage.get_text_range(a, b - a)), left, bottom, right, top, height, a)
        if seg is not None:
            out.append(seg)
    return out


def _box_segments(textpage: Any, boxes: Iterable[tuple[float, float, float, float]], height: float) -> list[Seg]:
    """Segments from the text PDFium finds inside each box (for lines split into runs)."""
    out: list[Seg] = []
    raw_tp = textpage.raw
    for left, bottom, right, top in boxes:
        text = _hyphen(textpage.get_text_bounded(left, bottom, right, top))
        idx = pdfium_c.FPDFText_GetCharIndexAtPos(raw_tp, left + 0.5, (bottom + top) / 2, 2.0, 2.0)
        seg = _seg(raw_tp, text, left, bottom, right, top, height, idx)
        if seg is not None:
            out.append(seg)
    return out


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})


def _hyphen(text: str) -> str:
    # PDFium reports a printed hyphen at a line end as U+0002; keep it as a hyphen so the
    # line joiner can tell a broken word from a suspended compound ("plan- og"). Ligatures
    # mapped to their own code points («ﬁ») become their letters, so the words match. U+FFFE
    # marks where PDFium joined a word hyphenated at a line end: the word is whole.
    return clean(text.replace("\u0002", "-").replace("\ufffe", "").translate(_LIGATURES))


def _seg(
    raw_tp: Any, text: str, left: float, bottom: float, right: float, top: float, height: float, idx: int
) -> Seg | None:
    if not text:
        return None
    w, h = right - left, top - bottom
    vertical = len(text) > 3 and h > 2.5 * w and not _VERTICAL_OK[0]
    size = _font_size(raw_tp, idx) if idx >= 0 else 0.0
    if size < 3 or size > 200:
        size = h
    weight = pdfium_c.FPDFText_GetFontWeight(raw_tp, idx) if idx >= 0 else -1
    font = _font_name(raw_tp, idx) if idx >= 0 else ""
    bold = weight >= 600 or bool(_BOLD_NAME.search(font))
    return Seg(text, left, right, height - top, height - bottom, float(size), bold, font=font, vertical=vertical)


_FONT_BUF = ctypes.create_string_buffer(128)
_FONT_FLAGS = ctypes.c_int()
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)


def _font_name(raw_tp: Any, idx: int) -> str:
    """The name of the character's font, without a subset prefix ("ABCDEF+")."""
    n = pdfium_c.FPDFText_GetFontInfo(raw_tp, idx, _FONT_BUF, 128, ctypes.byref(_FONT_FLAGS))
    if n <= 0:
        return ""
    name = _FONT_BUF.value.decode("latin-1", "replace")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


_MATRIX = pdfium_c.FS_MATRIX()


def _font_size(raw_tp: Any, idx: int) -> float:
    """The printed font size of a character: the font size times the vertical scale of its matrix.

    Layout programs (InDesign) often set the font at size 1 and scale it with the text matrix;
    PDFium's font size alone then says 1 for every line.
    """
    size = float(pdfium_c.FPDFText_GetFontSize(raw_tp, idx))
    if pdfium_c.FPDFText_GetMatrix(raw_tp, idx, ctypes.byref(_MATRIX)):
        scale = math.hypot(_MATRIX.c, _MATRIX.d)
        if scale > 0 and abs(scale - 1.0) > 0.01:
            size *= scale
    return size


def _segments_by_box(textpage: Any, height: float) -> list[Seg]:
    """Fallback when the page text does not line up with its characters: read box by box."""
    return _box_segments(textpage, (textpage.get_rect(r) for r in range(textpage.count_rects())), height)


def _gutter(segs: list[Seg], width: float) -> tuple[float, float] | None:
    """A vertical strip in the middle of the page that no body text crosses: two columns.

    When titles, centred headings or full-width boxes cross the strip, it is looked for again
    among the runs that share their row with another run (the two columns' lines), and then
    both sides must read as prose (long lines of words, not table cells).
    """
    body = [s for s in segs if s.band is None]
    found = _gutter_of(body, width)
    if found is not None or len(body) < 16:
        return found
    rows = _group_lines(body)
    paired = [s for row in rows if len(row) >= 2 for s in row]
    return _gutter_of(paired, width, prose=True)


Stretch = tuple[list[Seg], tuple[float, float] | None]
"""Runs of a part of a page, top to bottom, and the gutter between its two columns (None: one column)."""


def _columns_beside_tables(rules: _Rules, body: list[Seg], width: float) -> list[Stretch] | None:
    """Two columns of running text on a page where a table, a chart or notes across the middle
    hide the gutter from ``_gutter``: the page cut into stretches from top to bottom, each of one
    column or of two with its gutter. None when no stretch has two columns.

    Column lines are lines that hold exactly two runs of prose, one each side of a strip in the
    middle that none of them crosses; or, for a column of running text beside a chart, lines
    whose first run is the only prose in them with the chart's labels to its right, when the
    column reads on from line to line (most end in a hyphen or go on in lower case: a table's
    labels do not). Lines with dot leaders (a table's) or with prose across the strip part them
    into groups; a group of at least four column lines that are not the cells of a ruled table
    is a stretch of two columns, reaching up and down over lines of column text or chart labels.
    """
    rows = _group_lines(body)
    rows.sort(key=lambda r: min(s.top for s in r))
    kinds: list[str] = []  # "pair", "beside" or ""
    for row in rows:
        prose = [s for s in row if _is_prose(s)]
        kind = ""
        if len(prose) == 2 and _either_side(prose[0], prose[1], width):
            kind = "pair"
        elif len(prose) == 1 and prose[0] is row[0] and len(row) >= 2 and _either_side(row[0], row[1], width):
            kind = "beside"
        kinds.append(kind)
    if sum(1 for k in kinds if k) < 4:
        return None  # (most pages: the page's rules are not read)
    boxes = [box for box, _ in rules.tables(body)]
    ruled = [bool(boxes) and all(any(_in_box(s, box) for box in boxes) for s in row) for row in rows]
    kinds = ["" if in_table else k for k, in_table in zip(kinds, ruled, strict=True)]  # a ruled table's rows
    seeds = [i for i, k in enumerate(kinds) if k]
    if len(seeds) < 4:
        return None
    mid0 = sorted(rows[i][0].x1 for i in seeds)[len(seeds) // 2]
    mid1 = sorted(_right_of(rows[i]).x0 for i in seeds)[len(seeds) // 2]

    def blocks(row: list[Seg]) -> bool:
        return any("...." in s.text or (_is_prose(s) and s.x0 < mid0 - 2 and s.x1 > mid1 + 2) for s in row)

    # Groups of column lines between lines that part them (and ruled tables).
    groups: list[list[int]] = [[]]
    for i, row in enumerate(rows):
        if ruled[i] or blocks(row):
            groups.append([])
        elif kinds[i]:
            groups[-1].append(i)
    stretches: list[tuple[int, int, tuple[float, float]]] = []
    for group in groups:
        gutter = _group_gutter(rules, body, rows, kinds, group, width)
        if gutter is None:
            continue
        g0, g1 = gutter

        def joins(i: int, g0: float = g0, g1: float = g1) -> bool:
            row = rows[i]
            return not (
                ruled[i]
                or any(s.x0 < g0 - 2 and s.x1 > g1 + 2 for s in row)
                or any("...." in s.text for s in row)
                or all(_FIGURES.fullmatch(s.text) for s in row)
            )

        first, last = group[0], group[-1]
        floor = stretches[-1][1] + 1 if stretches else 0
        while first > floor and joins(first - 1):
            first -= 1
        while last + 1 < len(rows) and joins(last + 1):
            last += 1
        stretches.append((first, last, gutter))
    if not stretches:
        return None
    out: list[Stretch] = []
    at = 0
    for first, last, gutter in stretches:
        first = max(first, at)
        if first > at:
            out.append(([s for row in rows[at:first] for s in row], None))
        out.append(([s for row in rows[first : last + 1] for s in row], gutter))
        at = last + 1
    if at < len(rows):
        out.append(([s for row in rows[at:] for s in row], None))
    return out


def _either_side(a: Seg, b: Seg, width: float) -> bool:
    """``a`` and ``b`` stand apart on one line, with the gap between them in the page's middle half."""
    return b.x0 - a.x1 >= 6 and 0.25 * width <= (a.x1 + b.x0) / 2 <= 0.75 * width


def _right_of(row: list[Seg]) -> Seg:
    """The run right of a column line's first prose run: the other column's prose, or a label."""
    prose = [s for s in row if _is_prose(s)]
    return prose[1] if len(prose) == 2 else row[1]


def _group_gutter(
    rules: _Rules, body: list[Seg], rows: list[list[Seg]], kinds: list[str], group: list[int], width: float
) -> tuple[float, float] | None:
    """The gutter of a group of column lines (see ``_columns_beside_tables``), or None."""
    if len(group) < 4:
        return None
    chosen = group
    pairs = [i for i in group if kinds[i] == "pair"]
    if len(pairs) * 2 < len(group):
        # Mostly prose beside labels: a column of text beside a chart reads on from line to
        # line, a table's labels beside their figures do not.
        alone = [
            row[0]
            for row in rows[group[0] : group[-1] + 1]
            if _is_prose(row[0]) and sum(1 for s in row if _is_prose(s)) == 1
        ]
        if not _reads_on(alone):
            chosen = pairs
    if len(chosen) < 4:
        return None
    g0 = max(rows[i][0].x1 for i in chosen)
    g1 = min(_right_of(rows[i]).x0 for i in chosen)
    if g1 - g0 < 6 or _ruled(rules, body, [(rows[i][0].x0, _right_of(rows[i]).x1, rows[i][0].top) for i in chosen]):
        return None
    return g0, g1


_FIGURES = re.compile(r"[-–−+]?[\d\s.,%]*\d[\d\s.,%]*")
"""A run of figures only («6 742», «0,5 1,0», «12 %»): a table's or a chart's."""


def _ruled(rules: _Rules, body: list[Seg], lines: list[tuple[float, float, float]]) -> bool:
    """Whether most of ``lines`` (left edge, right edge, top of a line that has text on both
    sides of a gutter) lie inside ruled tables: then they are table rows, not two columns."""
    boxes = [box for box, _ in rules.tables(body)]
    inside = sum(
        1
        for x0, x1, top in lines
        if any(b0 - 1 <= x0 and x1 <= b1 + 1 and t0 - 1 <= top <= t1 + 1 for b0, t0, b1, t1 in boxes)
    )
    return bool(lines) and inside * 2 >= len(lines)


def _across(body: list[Seg], gutter: tuple[float, float]) -> list[tuple[float, float, float]]:
    """Lines with runs on both sides of ``gutter``: (left edge, right edge, top) of each."""
    out = []
    for row in _group_lines(body):
        left = [s for s in row if s.x1 <= gutter[0] + 2]
        right = [s for s in row if s.x0 >= gutter[1] - 2]
        if left and right:
            out.append((min(s.x0 for s in left), max(s.x1 for s in right), row[0].top))
    return out


def _reads_on(lines: list[Seg], share: float = 0.5) -> bool:
    """Whether lines (top to bottom) read on as running text: at least ``share`` of them end in a
    hyphen or are followed by a line in lower case. A table's labels, one to a row, do not."""
    lines = sorted(lines, key=lambda s: s.top)
    on = sum(1 for a, b in pairwise(lines) if a.text.endswith("-") or b.text[:1].islower())
    return on >= share * (len(lines) - 1)


def _listed(lines: list[Seg]) -> bool:
    """Whether most lines are list items (a bullet, a dash or a number first): a list set in
    two columns, not a table."""
    return sum(1 for s in lines if BULLET.match(s.text) or NUMBERED_ITEM.match(s.text)) * 2 >= len(lines)


def _is_prose(s: Seg) -> bool:
    """A run that reads as a line of running text: long, of several words, no dot leaders (a
    table's or a contents list's row)."""
    return len(s.text) >= 25 and len(s.text.split()) >= 4 and "...." not in s.text


def _gutter_of(body: list[Seg], width: float, *, prose: bool = False) -> tuple[float, float] | None:
    if len(body) < 12:
        return None
    bins = int(width // 2) + 1
    diff = [0] * (bins + 1)
    for s in body:
        diff[min(bins, max(0, int(s.x0 // 2)))] += 1
        diff[min(bins, max(0, int(s.x1 // 2) + 1))] -= 1
    occ = [0] * bins
    run = 0
    for b in range(bins):
        run += diff[b]
        occ[b] = run
    limit = max(1, len(body) // 20)
    lo, hi = int(width * 0.25 // 2), int(width * 0.75 // 2)
    best: tuple[int, int] | None = None
    start = None
    for b in range(lo, hi + 1):
        if occ[b] <= limit:
            if start is None:
                start = b
        else:
            if start is not None and (best is None or b - start > best[1] - best[0]):
                best = (start, b)
            start = None
    if start is not None and (best is None or hi + 1 - start > best[1] - best[0]):
        best = (start, hi + 1)
    if best is None or (best[1] - best[0]) * 2 < 6:
        return None
    g0, g1 = best[0] * 2.0, best[1] * 2.0
    left = [s for s in body if s.x1 <= g0 + 2]
    right = [s for s in body if s.x0 >= g1 - 2]
    if min(len(left), len(right)) < max(5, len(body) // 5):
        return None
    if prose:
        for side in (left, right):
            long = [x for x in side if _is_prose(x)]
            if len(side) < 8 or len(long) < 0.7 * len(side):
                return None
    # Figures on one side only, on the lines of the other: a table's figures beside their
    # labels, which do not read on from line to line as a column of text beside a chart does.
    # (Two charts side by side are two columns.)
    lfig, rfig = (sum(1 for x in side if _FIGURES.fullmatch(x.text)) * 2 >= len(side) for side in (left, right))
    if lfig != rfig:
        labels, figures = (right, left) if lfig else (left, right)
        beside = sum(1 for x in labels if any(abs(x.top - f.top) < 2 for f in figures))
        if beside * 10 >= 7 * len(labels) and not _reads_on(labels):
            return None
    ltop, lbot = min(s.top for s in left), max(s.bottom for s in left)
    rtop, rbot = min(s.top for s in right), max(s.bottom for s in right)
    overlap = min(lbot, rbot) - max(ltop, rtop)
    if overlap < 0.3 * min(lbot - ltop, rbot - rtop):
        return None
    # Many lines on the left that end near the gutter and continue on the right at the same
    # height are a table, not columns; columns have text that flows within each side.
    same_row = sum(1 for s in left if any(abs(s.top - r.top) < 2 for r in right))
    if same_row > 0.9 * min(len(left), len(right)) and (
        len(left) < 8 or not (_reads_on(left, 0.2) or _reads_on(right, 0.2) or (_listed(left) and _listed(right)))
    ):
        return None
    return g0, g1


def _group_lines(segs: list[Seg]) -> list[list[Seg]]:
    """Group segments into lines by vertical overlap, keeping reading order."""
    rows: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: (round(s.top), s.x0)):
        if rows:
            row = rows[-1]
            ref = row[0]
            h = min(ref.bottom - ref.top, s.bottom - s.top) or 1.0
            mid = (s.top + s.bottom) / 2
            if ref.top - 0.2 * h <= mid <= ref.bottom + 0.2 * h:
                row.append(s)
                continue
        rows.append([s])
    for row in rows:
        row.sort(key=lambda s: s.x0)
    return rows


def _split_row(row: list[Seg]) -> list[list[Seg]]:
    """Split a row where the horizontal gap is wider than a few spaces (table columns)."""
    parts: list[list[Seg]] = [[row[0]]]
    for s in row[1:]:
        prev = parts[-1][-1]
        if s.x0 - prev.x1 > max(1.6 * max(prev.size, s.size), 12):
            parts.append([s])
        else:
            parts[-1].append(s)
    return parts


def _join_runs(part: list[Seg]) -> str:
    """The text of runs on one line: a space between runs, none around a subscript that touches
    its neighbours («CO» + «2» + «-avgift» → «CO2-avgift»). A superscript (a footnote mark) stays
    apart, so «innvandrarar¹» does not become one word with its mark."""
    out = part[0].text
    for a, b in pairwise(part):
        close = b.x0 - a.x1 < 0.25 * min(a.size, b.size)
        into_sub = b.size < a.size - 1 and b.bottom > a.bottom + 0.5
        out_of_sub = a.size < b.size - 1 and a.bottom > b.bottom + 0.5
        out += ("" if close and (into_sub or out_of_sub) else " ") + b.text
    return out


def _line(part: list[Seg], left: float, right: float, band: str | None) -> Line:
    sizes = Counter({round(s.size, 1): len(s.text) for s in part})
    return Line(
        text=_join_runs(part),
        top=min(s.top for s in part),
        bottom=max(s.bottom for s in part),
        x0=part[0].x0,
        x1=part[-1].x1,
        size=sizes.most_common(1)[0][0],
        bold=all(s.bold for s in part),
        font=Counter({s.font: len(s.text) for s in part}).most_common(1)[0][0],
        left=left,
        right=right,
        band=band,
    )


Table = tuple[tuple[float, float, float, float], list[list[str | None]]]
"""A table: its box (x0, top, x1, bottom) and its rows of cell texts."""


def _plumber_tables(plumber_page: Any) -> list[Table]:
    """Tables by pdfplumber's finder (slower; used with ``exact_tables``)."""
    out: list[Table] = []
    for table in plumber_page.find_tables():
        rows = table.extract()
        if rows and len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            out.append((table.bbox, rows))
    return out


def _cluster(values: list[float], tol: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


Rule = tuple[float, float, float]
"""A ruling line: (y, x0, x1) for a horizontal one, (x, top, bottom) for a vertical one."""


class _Rules:
    """The ruled grids of one page (from its vector paths, read with PDFium on first use) and
    the ruled tables they make with a page's text runs."""

    __slots__ = ("_grids", "_height", "_page", "_tables")

    def __init__(self, page: Any, height: float) -> None:
        self._page, self._height = page, height
        self._grids: list[Grid] | None = None
        self._tables: dict[tuple[int, ...], list[Table]] = {}

    def grids(self) -> list[Grid]:
        """The page's ruled grids (see ``_grids``), found once."""
        if self._grids is None:
            self._grids = _grids(*_rulings(self._page, self._height))
        return self._grids

    def tables(self, segs: list[Seg]) -> list[Table]:
        """The ruled tables with ``segs`` in their cells (see ``_grid_tables``), found once for the
        same runs (the column and band checks of a page ask more than once)."""
        grids = self.grids()
        if not grids:
            return []
        key = tuple(map(id, segs))  # the runs live as long as the page is read
        if key not in self._tables:
            self._tables[key] = _grid_tables(grids, segs)
        return self._tables[key]


def _rulings(page: Any, height: float, max_objects: int = 4000) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines of a page: thin paths and the sides of stroked
    rectangles (cell borders), in top-based coordinates; none on a page of more than
    ``max_objects`` objects (a map or a drawing)."""
    raw_page = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    if n > max_objects:
        return [], []
    hs: list[Rule] = []
    vs: list[Rule] = []
    lf, bf, rf, tf = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for k in range(n):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        nseg = pdfium_c.FPDFPath_CountSegments(obj)
        if nseg < 2 or nseg > 6 or not pdfium_c.FPDFPageObj_GetBounds(obj, lf, bf, rf, tf):
            continue
        x0, x1, top, bottom = lf.value, rf.value, height - tf.value, height - bf.value
        w, h = x1 - x0, bottom - top
        if h <= 3 and w >= 6:
            hs.append(((top + bottom) / 2, x0, x1))
        elif w <= 3 and h >= 6:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif w >= 6 and h >= 6 and nseg >= 4:
            # A stroked rectangle is a cell border; a filled one without stroke is shading.
            if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke) or not stroke.value:
                continue
            hs += [(top, x0, x1), (bottom, x0, x1)]
            vs += [(x0, top, bottom), (x1, top, bottom)]
    return hs, vs


Grid = tuple[list[float], list[float]]
"""A ruled grid: the y of its horizontal rules and the x of its vertical rules, sorted."""

MAX_CELL_LINES = 12
"""A ruled grid of at most three rows with a cell of more lines than this frames running text
(a box around columns): no table."""

MAX_RULE_PAIRS = 2_000_000
"""Pages with more crossings of horizontal and vertical rules to try are drawings (hatching,
maps), not tables: no grid is looked for."""


def _grids(hs: list[Rule], vs: list[Rule]) -> list[Grid]:
    """Ruled grids: horizontal and vertical rules that cross each other, in groups of at least
    three of each (two rows and two columns)."""
    if len(hs) < 3 or len(vs) < 3 or len(hs) * len(vs) > MAX_RULE_PAIRS:
        return []
    # Group crossing rules into separate grids (union-find over horizontals and verticals).
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vt, vb) in enumerate(vs):
            if hx0 - 3 <= x <= hx1 + 3 and vt - 3 <= y <= vb + 3:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[float], list[float]]] = {}
    for i, (y, _, _) in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(y)
    for j, (x, _, _) in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(x)
    out: list[Grid] = []
    for ys_raw, xs_raw in groups.values():
        ys, xs = _cluster(ys_raw), _cluster(xs_raw)
        if len(ys) >= 3 and len(xs) >= 3:
            out.append((ys, xs))
    return out


def _in_box(s: Seg, box: tuple[float, float, float, float]) -> bool:
    """Whether the centre of ``s`` lies in ``box`` (x0, top, x1, bottom): how a run is placed in
    a ruled table, everywhere."""
    cx, cy = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _grid_tables(grids: list[Grid], segs: list[Seg]) -> list[Table]:
    """Ruled tables: each text run goes to the grid cell its centre falls in. A table needs text
    in two rows and two columns."""
    tables: list[Table] = []
    for ys, xs in grids:
        cells: dict[tuple[int, int], list[Seg]] = {}
        for s in segs:
            if not _in_box(s, (xs[0], ys[0], xs[-1], ys[-1])):
                continue
            cx, cy = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
            r = next(i for i in range(len(ys) - 1) if cy <= ys[i + 1])
            c = next(i for i in range(len(xs) - 1) if cx <= xs[i + 1])
            cells.setdefault((r, c), []).append(s)
        if len(cells) < 3 or len({r for r, _ in cells}) < 2 or len({c for _, c in cells}) < 2:
            continue
        if len(ys) <= 4 and max(len(_group_lines(inside)) for inside in cells.values()) > MAX_CELL_LINES:
            continue  # rules around columns of running text: a frame, not a table
        rows: list[list[str | None]] = []
        for r in range(len(ys) - 1):
            row: list[str | None] = []
            for c in range(len(xs) - 1):
                inside = cells.get((r, c))
                if not inside:
                    row.append(None)
                    continue
                text_lines = [" ".join(s.text for s in line) for line in _group_lines(inside)]
                row.append("\n".join(text_lines))
            if any(row):
                rows.append(row)
        tables.append(((xs[0], ys[0], xs[-1], ys[-1]), rows))
    return tables


_VERTICAL_OK = [False]
"""True while the segments of a page turned by 90° or 270° are read: its text runs up or down
in the page's own coordinates, and reads across once the page is turned as it is shown."""


def _rotated(segs: list[Seg], rotation: int, width: float, height: float) -> list[Seg]:
    """Segments of a page with /Rotate 90 or 270 in the coordinates of the page as shown."""
    for s in segs:
        x0, x1, top, bottom = s.x0, s.x1, s.top, s.bottom
        if rotation == 90:
            s.x0, s.x1, s.top, s.bottom = height - bottom, height - top, x0, x1
        else:
            s.x0, s.x1, s.top, s.bottom = top, bottom, width - x1, width - x0
    return segs


def _column_order(
    body: list[Seg], gutter: tuple[float, float], edges: tuple[float, float], rules: _Rules
) -> list[tuple[list[Seg], float, float]]:
    """Runs of a two-column stretch in reading order, as groups with their left and right edges:
    full-width runs and ruled tables cut it into horizontal slices, and in a slice the left
    column is read before the right one."""
    across = [box for box, _ in rules.tables(body) if box[0] < gutter[0] and box[2] > gutter[1]]
    for s in body:
        # A line of the left column may end inside the gutter, and one of the right column start
        # there; only a run that reaches over the whole gutter is full width.
        s.col = 1 if s.x1 <= gutter[1] - 2 else 2 if s.x0 >= gutter[0] + 2 else 0
        if s.col and any(_in_box(s, box) for box in across):
            s.col = 0  # a ruled table across the gutter is read where it stands (one in a column, in it)
    full = sorted((s for s in body if s.col == 0), key=lambda s: s.top)
    cols = [s for s in body if s.col != 0]
    if not cols:
        return [(body, *edges)]
    ordered: list[tuple[list[Seg], float, float]] = []
    lcols = [s for s in cols if s.col == 1]
    rcols = [s for s in cols if s.col == 2]
    lbounds = (min((s.x0 for s in lcols), default=0.0), max((s.x1 for s in lcols), default=0.0))
    rbounds = (min((s.x0 for s in rcols), default=0.0), max((s.x1 for s in rcols), default=0.0))
    cuts = [s.top for s in full]
    groups: dict[int, list[Seg]] = {}
    for s in cols:
        slot = sum(1 for c in cuts if c <= s.top)
        groups.setdefault(slot, []).append(s)
    fulls: dict[int, list[Seg]] = {}
    for i, s in enumerate(full):
        fulls.setdefault(i + 1, []).append(s)
    # Full-width lines in a row (a paragraph across the gutter, a table) make one group.
    after_full = False
    for slot in range(0, len(full) + 1):
        if slot in fulls:
            if after_full:
                ordered[-1][0].extend(fulls[slot])
            else:
                ordered.append((fulls[slot], *edges))
            after_full = True
        g = groups.get(slot, [])
        if g:
            after_full = False
        left = [s for s in g if s.col == 1]
        right = [s for s in g if s.col == 2]
        if left:
            ordered.append((left, *lbounds))
        if right:
            ordered.append((right, *rbounds))
    return ordered


def page_lines(page: Any, textpage: Any, plumber_page: Any | None = None) -> PdfPageText:
    """Lines of one page in reading order: bands marked, columns read one at a time, tables as cells."""
    width, height = page.get_size()
    rotation = page.get_rotation() % 360
    _VERTICAL_OK[0] = rotation in (90, 270)
    try:
        segs = _segments(page, textpage, height)
    finally:
        _VERTICAL_OK[0] = False
    if rotation in (90, 270):
        segs = _rotated(segs, rotation, width, height)
        width, height = height, width
    # Text set up or down the page is read only as a ruled table's cell (a rotated column
    # header); elsewhere it is a margin note, a logo or a map's label.
    upright = [s for s in segs if s.vertical]
    segs = [s for s in segs if not s.vertical]
    images, textlike = _image_shapes(page)
    if not segs:
        return PdfPageText([], False, images > 0)
    # The header/footer band: a share of the page, but on a landscape page as deep as on A4
    # portrait (the running header of a landscape report is set as on a portrait one).
    band = max(height * BAND, BAND_MIN)
    for s in segs:
        if s.bottom <= band + 4:
            s.band = "top"
        elif s.top >= height - band - 4:
            s.band = "bottom"
    rules = _Rules(page, height)
    banded = [s for s in segs if s.band is not None]
    if rotation not in (90, 270) and any(len(_split_row(row)) >= 2 for row in _group_lines(banded)):
        # A ruled table that runs on from the page before (or on to the next) may reach into
        # the band: its rows there are the table's, not the page's running header or footer.
        # (A ruled header or footer that lies within the band stays one.)
        boxes = [
            box for box, _ in rules.tables(segs + upright) if box[3] > band + 4 + 1 and box[1] < height - band - 4 - 1
        ]
        for s in banded:
            if any(_in_box(s, box) for box in boxes):
                s.band = None
    body = [s for s in segs if s.band is None]
    top_band = [s for s in segs if s.band == "top"]
    bottom_band = [s for s in segs if s.band == "bottom"]
    edges = (min((s.x0 for s in body), default=0.0), max((s.x1 for s in body), default=width))
    gutter = _gutter(segs, width)
    if gutter is not None and _ruled(rules, body, _across(body, gutter)):
        gutter = None
    ordered: list[tuple[list[Seg], float, float]]
    if gutter is not None:
        ordered = _column_order(body, gutter, edges, rules)
    else:
        stretches = _columns_beside_tables(rules, body, width) if rotation not in (90, 270) else None
        if stretches is None:
            ordered = [(body, *edges)]
        else:
            # Outside the two columns (a table, a chart, their notes) the page is read as one
            # column, so a table there keeps its rows.
            ordered = []
            for part, part_gutter in stretches:
                ordered += [(part, *edges)] if part_gutter is None else _column_order(part, part_gutter, edges, rules)

    grouped: list[tuple[list[list[Seg]], list[list[list[Seg]]], float, float]] = []
    split_rows = 0
    for group, g_left, g_right in ordered:
        rows = _group_lines(group)
        split = [_split_row(r) for r in rows]
        split_rows += sum(1 for p in split if len(p) >= 2)
        grouped.append((rows, split, g_left, g_right))
    tables: list[Table] = []
    if plumber_page is not None:
        tables = _plumber_tables(plumber_page)
    elif split_rows and rotation not in (90, 270):
        tables = rules.tables(body + upright)

    def in_table(s: Seg) -> bool:
        return any(_in_box(s, box) for box, _ in tables)

    lines: list[Line] = []
    for row in _group_lines(top_band):
        for part in _split_row(row):
            lines.append(_line(part, edges[0], edges[1], "top"))
    emitted_tables: set[int] = set()
    for rows, split, g_left, g_right in grouped:
        prev: Line | None = None
        for i, (row, parts) in enumerate(zip(rows, split, strict=True)):
            if tables and all(in_table(s) for s in row):
                for ti, ((_x0, t0, _x1, t1), cells) in enumerate(tables):
                    if ti not in emitted_tables and t0 - 1 <= row[0].top <= t1 + 1:
                        emitted_tables.add(ti)
                        for r_i, cell_row in enumerate(cells):
                            for c_i, cell in enumerate(cell_row):
                                text = join_lines(cell.split("\n")) if cell else ""
                                if text:
                                    lines.append(
                                        Line(text, top=t0, bottom=t1, kind=BlockKind.TABLE_CELL, row=r_i, col=c_i)
                                    )
                prev = None
                continue
            tabular = len(parts) >= 2 and (sum(1 for p in split[max(0, i - 2) : i + 3] if len(p) >= 2) >= 3)
            for c_i, part in enumerate(parts):
                ln = _line(part, g_left, g_right, None)
                if tabular:
                    ln.kind = BlockKind.TABLE_CELL
                    ln.row, ln.col = i, c_i
                if prev is not None:
                    unit = max(prev.size, 1.0)
                    ln.gap = max(0.0, (ln.top - prev.bottom) / unit)
                else:
                    ln.gap = 9.0
                lines.append(ln)
                prev = ln
    for row in _group_lines(bottom_band):
        for part in _split_row(row):
            lines.append(_line(part, edges[0], edges[1], "bottom"))
    return PdfPageText(lines, True, False, textlike >= 3, split_rows)


_GENERIC_TITLE = re.compile(r"(^microsoft word|\.docx?$|\.pdf$|^untitled|^dokument\d*$|^document\d*$)", re.I)


@dataclass(slots=True)
class PdfRead:
    pages: list[list[Line]]
    labels: list[str | None]
    has_text: list[bool]
    scanned: list[int]
    """Pages without a text layer (images only) that were not read by OCR."""
    partly_scanned: list[int]
    meta: dict[str, str]
    garbled: dict[int, str] = field(default_factory=dict)
    """Pages whose text layer is not language and that OCR did not read: index → reason
    (see ``garbage.garbage_reason``)."""
    garbled_chars: dict[int, int] = field(default_factory=dict)
    """Characters of text layer thrown away as garbage, per page in ``garbled``."""
    ocr: list[int] = field(default_factory=list)
    """Pages read by OCR."""
    ocr_missing: str | None = None
    """What OCR lacked when pages needed it: "tesseract", "nor", "off" (turned off), or None."""
    ocr_unfinished: list[int] = field(default_factory=list)
    """Pages OCR could not read in time or at all."""
    sheets: list[bool] = field(default_factory=list)
    """Per page: a large sheet (A2 or more), such as a plan map."""
    damaged: dict[int, str] = field(default_factory=dict)
    """Pages whose text is read but has some wrong characters (``garbage.damage_reason``) and
    that OCR did not read: index → reason."""


_PageRead = tuple[PdfPageText, int, bool, str | None, str | None]
"""One page read: its text, characters in its text layer, whether it is a large sheet, and why its
text is garbage (``garbage.garbage_reason``) or damaged (``garbage.damage_reason``), or None."""


def read_pdf_pages(
    path: Path,
    *,
    exact_tables: bool = False,
    ocr: bool | None = None,
    progress: Progress | None = None,
    helper: Helper | None = None,
    source: str | None = None,
) -> PdfRead:
    """Lines per page with PDF page labels, text-layer flags, scanned pages and metadata.

    ``exact_tables`` asks pdfplumber to find the tables (slower, for unusual tables) instead
    of the fast grid finder on PDFium's vector paths. A page whose text layer is not language
    (``garbage.garbage_reason``) counts as a page without text. Pages without usable text are
    read by OCR when ``ocr`` is True, or when it is None and OCR is not turned off
    (``PLANREVIEW_OCR=0``) and Tesseract is installed; ``progress(done, total, page)`` is
    called after each OCR'd page. ``helper``: a forked helper started with ``read_backwards``
    on the same file, which reads pages from the last one back while this process reads from
    the first on (``planreview.forked``; the result is the same). The caller stops it.
    ``source``: as for ``open_pdf`` (both processes read the file the caller opened).
    """
    doc = open_pdf(path, source)
    plumber = None
    try:
        if exact_tables:
            import pdfplumber

            plumber = pdfplumber.open(str(path))
            helper = None
        n = len(doc)
        if n == 0:
            raise EmptyDocument(say("empty", path=path), path=str(path))
        if n > limits.PAGES.count():
            raise limits.exceeded(limits.PAGES, path, str(n))
        limits.allow_pages(n)
        meta = _metadata(doc)
        labels = [_label(doc, i) for i in range(n)]
        per_page = _read_from_both_ends(doc, n, path, plumber, helper)
        if sum(r[1] for r in per_page) > limits.TEXT_CHARS.value() * 1_000_000:
            raise limits.exceeded(limits.TEXT_CHARS, path, f"> {limits.TEXT_CHARS.shown()}")
        pages: list[list[Line]] = []
        has_text: list[bool] = []
        scanned: list[int] = []
        partly: list[int] = []
        garbled: dict[int, str] = {}
        garbled_chars: dict[int, int] = {}
        damaged: dict[int, str] = {}
        for i, (res, _, _, reason, damage) in enumerate(per_page):
            if damage is not None:
                damaged[i] = damage
            if reason is not None:
                garbled[i] = reason
                garbled_chars[i] = sum(len(ln.text) for ln in res.lines)
                res.lines, res.has_text, res.partly_scanned = [], False, False
            pages.append(res.lines)
            has_text.append(res.has_text)
            if res.scanned:
                scanned.append(i)
            if res.partly_scanned:
                partly.append(i)
        sheets = [r[2] for r in per_page]
        outline = _outline(doc)
        _apply_outline(pages, outline)
        out = PdfRead(
            pages, labels, has_text, scanned, partly, meta, garbled, garbled_chars, sheets=sheets, damaged=damaged
        )
        wanted = sorted({*scanned, *garbled, *damaged})
        if wanted:
            _ocr_into(out, doc, wanted, ocr, progress)
        return out
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(say("corrupt_pdf", path=path, detail=str(exc)), path=str(path)) from exc
    finally:
        if plumber is not None:
            plumber.close()
        doc.close()


def _read_from_both_ends(
    doc: pdfium.PdfDocument, n: int, path: Path, plumber: Any | None, helper: Helper | None
) -> list[_PageRead]:
    """Every page of ``doc``: this process reads from the first page on, taking what ``helper`` (if
    any) has read from the last page back, until the two meet."""
    own: list[_PageRead] = []
    theirs: dict[int, _PageRead] = {}
    low = n  # the helper has sent pages low … n-1
    chars = 0
    max_chars = limits.TEXT_CHARS.value() * 1_000_000
    while len(own) < low:
        if helper is not None:
            for i, page in helper.poll():
                theirs[i] = page
                low = i
            if len(own) >= low:
                break
        page = _read_page(doc, len(own), path, plumber, max_chars - chars)
        chars += page[1]
        own.append(page)
    return own + [theirs[i] for i in range(len(own), n)]


def read_backwards(path: Path, source: str | None, send: Callable[[tuple[int, _PageRead]], None]) -> None:
    """A helper's work (``planreview.forked``): the PDF at ``path``, opened anew, read from its last
    page back, each page sent as ``(index, page)`` as soon as it is read, until the parent stops
    the helper. A PDF of fewer than ``MIN_PAGES`` pages or over the page limit is left to the
    parent, and so is any page the helper cannot read (the parent then raises for it). ``source``
    as for ``open_pdf``."""
    doc = open_pdf(path, source)
    n = len(doc)
    if not MIN_PAGES <= n <= limits.PAGES.count():
        return
    limits.allow_pages(n)  # the same deadline as the parent's (the helper's alarm ends it there)
    chars = 0
    max_chars = limits.TEXT_CHARS.value() * 1_000_000
    for i in range(n - 1, -1, -1):
        page = _read_page(doc, i, path, None, max_chars - chars)
        chars += page[1]
        send((i, page))


# Building a page's text page takes PDFium up to about this many times the memory that parsing the
# page's text took (parsing takes 12–13 bytes a character; under a 768 MiB limit a page of 4 million
# characters was read and one of 4.5 million ended PDFium: a peak of 13–14 times, kept with a margin).
_TEXT_PAGE_FACTOR = 16
# Parsing that grew the data segment by less than this is an ordinary page: no need to look.
_LARGE_PARSE = 32 << 20


def _text_page_fits(page: pdfium.PdfPage, before: int | None, path: Path, label: str) -> None:
    """Raise LimitExceeded (exit 16, the memory limit) when the text page of ``page`` would not fit
    in what the memory limit leaves. PDFium ends the process (abort) when an allocation fails,
    so the size is foreseen from what parsing the page took (``before`` = the data segment before
    it), scaled by the share of text among the page's objects (a map's paths make no text page)."""
    after = limits.data_bytes()
    if before is None or after is None or after - before < _LARGE_PARSE:
        return
    left = limits.memory_left()
    if left is None:
        return
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    texts = sum(
        1
        for k in range(n)
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, k)) == pdfium_c.FPDF_PAGEOBJ_TEXT
    )
    need = (after - before) * _TEXT_PAGE_FACTOR * texts / max(n, 1)
    if need > left:
        raise limits.exceeded(limits.MEMORY, path, f"s. {label}: ~{need / (1 << 20):.0f} MiB")


def _read_page(doc: pdfium.PdfDocument, i: int, path: Path, plumber: Any | None, budget: float) -> _PageRead:
    """Page ``i`` of ``doc`` (``page_lines``) under the page-size limit and with at most ``budget``
    characters (what the text limit leaves), with its character count and what ``garbage`` says
    of its text."""
    side = limits.PAGE_SIDE.value()
    try:
        w, h = doc.get_page_size(i)
        if not (w <= side and h <= side):  # also NaN
            raise limits.exceeded(limits.PAGE_SIDE, path, f"s. {_label(doc, i) or i + 1}: {w:.0f} × {h:.0f} pt")
        before = limits.data_bytes()
        page = doc[i]
        _text_page_fits(page, before, path, _label(doc, i) or str(i + 1))
        textpage = page.get_textpage()
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(say("corrupt_pdf", path=path, detail=str(exc)), path=str(path)) from exc
    count = textpage.count_chars()
    if count > budget:
        raise limits.exceeded(limits.TEXT_CHARS, path, f"> {limits.TEXT_CHARS.shown()}")
    sheet = w * h >= 4 * 595 * 842 * 0.98
    res = page_lines(page, textpage, plumber.pages[i] if plumber is not None else None)
    if plumber is not None:
        plumber.pages[i].close()
    textpage.close()
    page.close()
    page_text = " ".join(ln.text for ln in res.lines) if res.has_text else ""
    reason = garbage_reason(page_text) if page_text else None
    damage = damage_reason(page_text) if reason is None and page_text else None
    return res, count, sheet, reason, damage


def _metadata(doc: pdfium.PdfDocument) -> dict[str, str]:
    """The document information dictionary; damaged metadata is only metadata: none."""
    try:
        return {k: v for k, v in doc.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
    except Exception:  # noqa: BLE001 - pypdfium2 on undecodable metadata
        return {}


def _label(doc: pdfium.PdfDocument, index: int) -> str | None:
    try:
        return doc.get_page_label(index)[:40] or None
    except Exception:  # noqa: BLE001 - a damaged page-label tree: fall back to the footer or the index
        return None


def _ocr_into(
    out: PdfRead, doc: pdfium.PdfDocument, wanted: list[int], ocr: bool | None, progress: Progress | None
) -> None:
    """Read the pages ``wanted`` by OCR into ``out`` when OCR is on and Tesseract is installed."""
    if not ocr_enabled(ocr):
        out.ocr_missing = "off"
        return
    missing = tesseract_status()
    if missing is not None:
        out.ocr_missing = missing
        return
    res = ocr_pages(doc, wanted, progress=progress)
    out.ocr_unfinished = sorted([*res.failed, *res.skipped])
    for i, lines in res.lines.items():
        out.pages[i] = lines
        out.has_text[i] = True
        out.ocr.append(i)
        if i in out.scanned:
            out.scanned.remove(i)
        out.garbled.pop(i, None)
        out.garbled_chars.pop(i, None)
        out.damaged.pop(i, None)


def _outline(doc: pdfium.PdfDocument) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    try:
        for item in doc.get_toc(max_depth=6):
            if len(out) >= 10000:
                break
            page = item.page_index
            title = clean(item.title or "")
            if page is not None and title:
                out.append((item.level + 1, title, page))
    except Exception:  # noqa: BLE001 - a broken outline is not worth failing the read
        return []
    return out


def _apply_outline(pages: list[list[Line]], outline: list[tuple[int, str, int]]) -> None:
    """Use the PDF's bookmarks as headings where a bookmark's title stands on its page."""
    if len(outline) < 3:
        return
    from .normalise import norm

    for level, title, page in outline:
        if not 0 <= page < len(pages):
            continue
        key = norm(title)
        for ln in pages[page]:
            if ln.kind is None and ln.band is None:
                t = norm(ln.text)
                if t == key or (len(t) >= 4 and key.startswith(t) and len(t) >= 0.6 * len(key)):
                    ln.kind = BlockKind.HEADING
                    ln.level = min(6, level)
                    break


def pdf_title(meta: dict[str, str]) -> str | None:
    t = clean(meta.get("Title", ""))
    if t and not _GENERIC_TITLE.search(t) and len(t) >= 4:
        return t
    return None


def _fix(res: PdfRead) -> str:
    """How the planner gets the unread pages read."""
    if res.ocr_missing == "off":
        return say("fix_ocr_off")
    if res.ocr_missing == "tesseract":
        return say("fix_ocr_install")
    if res.ocr_missing == "nor":
        return say("fix_ocr_nor")
    return say("fix_ocr_failed")


def pdf_warnings(res: PdfRead, labels: list[str | None]) -> list[str]:
    """Warnings about pages read by OCR, pages without text, and pages whose text is garbage."""

    def names(indices: Iterable[int]) -> str:
        return ", ".join(labels[i] or str(i + 1) for i in sorted(indices))

    out: list[str] = []
    if res.ocr:
        out.append(say("ocr_pages", pages=names(res.ocr)))
    if res.scanned:
        text = say("scanned_pages", pages=names(res.scanned))
        if res.ocr_missing in ("tesseract", "nor"):
            text += " " + _fix(res)
        out.append(text)
    if res.garbled:
        causes = Counter(res.garbled.values())
        cause = say(f"cause_{causes.most_common(1)[0][0]}")
        out.append(say("garbled_pages", pages=names(res.garbled), cause=cause, fix=_fix(res)))
    if res.damaged:
        cause = say(f"damage_{Counter(res.damaged.values()).most_common(1)[0][0]}")
        fix = _fix(res) if res.ocr_missing else ""
        out.append(say("damaged_pages", pages=names(res.damaged), cause=cause, fix=fix).strip())
    unfinished = [i for i in res.ocr_unfinished if i not in res.ocr]
    if unfinished:
        out.append(say("ocr_unfinished", pages=names(unfinished)))
    return out


def refuse_garbage(res: PdfRead, path: Path) -> None:
    """Refuse a PDF whose text layer is mostly garbage (``GarbledDocument``, exit 7).

    Mostly: the garbage pages hold more characters than the pages whose text is read.
    """
    if not res.garbled:
        return
    bad = sum(res.garbled_chars.values())
    good = sum(len(ln.text) for lines in res.pages for ln in lines)
    if bad <= good:
        return
    total = len(res.garbled) + sum(1 for i, t in enumerate(res.has_text) if t and i not in res.garbled)
    cause = say(f"cause_{Counter(res.garbled.values()).most_common(1)[0][0]}")
    raise GarbledDocument(
        say("garbled_pdf", path=path, cause=cause, bad=len(res.garbled), total=total, fix=_fix(res)), path=str(path)
    )
