"""From printed lines to blocks: the layout rules shared by the PDF and text readers.

A reader turns each page into ``Line`` objects in reading order (with geometry and font
where it has them). This module then finds running headers and footers, tables of
contents, headings, list items and paragraphs, rebuilds paragraphs from lines, gives every
block its section path and works out the printed page labels.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..model import Block, BlockKind, Page
from .normalise import clean, join_lines, norm


@dataclass(slots=True)
class Line:
    """One printed line (or a table cell) as a reader saw it."""

    text: str
    top: float = 0.0
    """Distance from the top of the page (pt); the line number for text files."""
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    """Font size in pt, 0 when unknown."""
    bold: bool = False
    gap: float = 0.0
    """Empty space above the line, in line heights (text files: blank lines)."""
    left: float = 0.0
    """Left edge of the column the line stands in."""
    right: float = 0.0
    """Right edge of the column the line stands in."""
    band: str | None = None
    """"top" or "bottom" when the line lies in the page's header or footer band."""
    kind: BlockKind | None = None
    """A kind the reader already knows (table cell, heading from a style, …)."""
    level: int | None = None
    row: int | None = None
    col: int | None = None
    continues: bool = False
    """True when the reader knows this line continues the previous one (DOCX soft breaks)."""
    ocr: bool = False
    """True when the line was read by OCR from an image of the page."""
    font: str = ""
    """The font's name, when the reader knows it (PDF)."""


@dataclass(slots=True)
class _Draft:
    kind: BlockKind
    lines: list[Line] = field(default_factory=list)
    level: int | None = None
    inferred: bool = False
    number: int | None = None
    """The chapter number of a heading found from its numbering ("4" of "4.2 Mål")."""


BULLET = re.compile(r"^(?:[•●▪■◦○·∙➢➤►▶✓✔*\-–—\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|o(?=\s))\s*")
NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}|[a-zæøå]|[ivx]{1,4})[.)]\s+")
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?=[^\W\d_«\"])")
TOC_LEADER = re.compile(r"(?:\.\s?){5,}\s*\d|…{2,}\s*\d|_{5,}\s*\d")
TOC_PAGE_END = re.compile(r"(?:\.\s?|…|_)\s*\d{1,4}\s*$")
TOC_TITLE = re.compile(r"^(innhold|innhald|innholdsfortegnelse|innhaldsliste|innhold:|innhald:)$", re.I)
NOT_HEADING_START = re.compile(
    r"^(figur|figure|fig\.|tabell|table|kjelde|kilde|foto|bilete|bilde|illustrasjon|note|merknad|"
    r"side|vedtatt|vedteken|dato|saksnr|arkiv)\b",
    re.I,
)
PAGE_NUMBER_PATTERNS = [
    re.compile(r"^(?:side|sida|s\.|page|p\.)\s*(\d{1,4})(?:\s*(?:av|/|of)\s*\d{1,4})?$", re.I),
    re.compile(r"^[-–(]?\s*(\d{1,4})\s*[-–)]?$"),
    re.compile(r"^(\d{1,4})\s*(?:av|/|of)\s*\d{1,4}$", re.I),
    re.compile(r"^.{3,}\s[|·•]\s*(\d{1,4})$"),
    re.compile(r"^(\d{1,4})\s*[|·•]\s.{3,}$"),
    re.compile(r"^.{3,}\s(?:side|sida|page)\s*(\d{1,4})(?:\s*(?:av|/)\s*\d{1,4})?$", re.I),
]
_SENTENCE_END = (".", "!", "?", ":", ";", "»", '"')
_DIGITS = re.compile(r"\d+")


def page_number_in(text: str) -> int | None:
    """The page number a header/footer line prints ("Side 7", "7 av 40", "– 7 –"), if any."""
    t = clean(text)
    for pat in PAGE_NUMBER_PATTERNS:
        m = pat.match(t)
        if m:
            return int(m.group(1))
    return None


def _running_key(text: str) -> str:
    return _DIGITS.sub("#", norm(text))


def _order_candidates(lines: list[Line], body: list[int]) -> list[tuple[int, str, bool]]:
    """First/last lines of a page that may be running headers or footers: (line, end, apart).

    ``apart`` is True when a blank line sets them off from the body text. Lines at the very
    start or end of the text flow that are not set apart (a document's own footer printed
    right under the body, above the page's real footer) are candidates too, but only their
    recurrence on many pages can make them running lines.
    """
    out: list[tuple[int, str, bool]] = []
    if not body:
        return out
    # With positions known, a footer block must stand low on the page and a header high.
    geometric = any(ln.right for ln in lines)
    depth = max(ln.bottom for ln in lines) or 1.0
    sizes = Counter(round(lines[i].size) for i in body)
    common = sizes.most_common(1)[0][0]

    def short(i: int) -> bool:
        ln = lines[i]
        return len(ln.text) <= 90 and not (ln.size and round(ln.size) > common)

    def placed(i: int, where: str) -> bool:
        ln = lines[i]
        if geometric:
            return ln.top >= 0.6 * depth if where == "bottom" else ln.bottom <= 0.4 * depth
        return True

    head: list[int] = []
    for pos, i in enumerate(body[:2]):
        if not short(i):
            break
        head.append(i)
        if pos + 1 < len(body) and lines[body[pos + 1]].gap >= 1.0 and all(placed(j, "top") for j in head):
            out.extend((j, "top", True) for j in head)
            break
    tail: list[int] = []
    for i in reversed(body[-3:]):
        if not short(i):
            break
        tail.append(i)
        if lines[i].gap >= 1.0 and len(tail) < len(body) and all(placed(j, "bottom") for j in tail):
            out.extend((j, "bottom", True) for j in tail)
            break
    # The first and last two short lines of the flow, set apart or not, when they look like
    # page furniture (no bullet, no sentence end).
    taken = {i for i, _, _ in out}

    def furniture_like(i: int) -> bool:
        t = lines[i].text.strip()
        return short(i) and len(t) <= 70 and not BULLET.match(t) and not t.endswith((".", "!", "?", ":", ";"))

    for where, ends in (("top", body[:2]), ("bottom", body[::-1][:2])):
        for i in ends:
            if not furniture_like(i) or len(body) < 3:
                break
            if i not in taken:
                out.append((i, where, False))
    return out


def mark_running(pages: list[list[Line]]) -> None:
    """Mark running headers and footers (kind HEADER/FOOTER) in place.

    Candidates are lines in the page's top or bottom band (when the reader knows positions)
    and the first two or last three lines of a page's text. A candidate is running when its
    text, with digits normalised ("Side 3" ~ "Side 4"), recurs at the same end on enough
    pages; a lone page number set apart by a blank line (or in the band) is a footer/header
    by itself.
    """
    n = len(pages)
    cands: list[list[tuple[int, str, bool]]] = []
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        body = [i for i, ln in enumerate(lines) if ln.kind is None]
        mine: list[tuple[int, str, bool]] = [(i, str(lines[i].band), True) for i in body if lines[i].band]
        seen = {i for i, _, _ in mine}
        free = [i for i in body if lines[i].band is None]
        mine += [c for c in _order_candidates(lines, free) if c[0] not in seen]
        cands.append(mine)
        for pair in {(where, _running_key(lines[i].text)) for i, where, _ in mine}:
            counts[pair] += 1
    need = 2 if n <= 4 else max(3, math.ceil(0.3 * n))
    for lines, mine in zip(pages, cands, strict=True):
        for i, where, apart in mine:
            ln = lines[i]
            key = _running_key(ln.text)
            letters = sum(c.isalpha() for c in key)
            # Lines not set apart from the body must recur on more pages (at least three).
            enough = need if apart else max(3, need)
            repeated = n >= 2 and counts[(where, key)] >= enough and (letters >= 3 or "#" in key)
            lone_number = apart and page_number_in(ln.text) is not None and len(key) <= 16
            if repeated or lone_number:
                ln.kind = BlockKind.HEADER if where == "top" else BlockKind.FOOTER


def page_labels(pages: list[list[Line]], explicit: list[str | None] | None = None) -> list[str]:
    """Printed page labels: the PDF's own labels, else page numbers in headers/footers, else index+1.

    Footer numbers are trusted when most pages that carry one agree on a constant offset
    from the page index; pages without a number then get index + offset.
    """
    n = len(pages)
    if explicit and any(explicit) and all(lab for lab in explicit):
        return [str(lab) for lab in explicit]
    found: dict[int, int] = {}
    for idx, lines in enumerate(pages):
        best: tuple[int, int] | None = None
        for ln in lines:
            if ln.kind not in (BlockKind.HEADER, BlockKind.FOOTER):
                continue
            num = page_number_in(ln.text)
            if num is None:
                continue
            rank = 0 if ln.band else 1
            if best is None or rank < best[0]:
                best = (rank, num)
        if best is not None:
            found[idx] = best[1]
    offsets = Counter(num - idx for idx, num in found.items())
    labels = [str(i + 1) for i in range(n)]
    if offsets:
        offset, votes = offsets.most_common(1)[0]
        if votes >= max(1, len(found) // 2):
            for i in range(n):
                if i in found and found[i] - i == offset:
                    labels[i] = str(found[i])
                elif i + offset >= 1:
                    labels[i] = str(i + offset)
    if explicit:
        labels = [str(e) if e else lab for e, lab in zip(explicit, labels, strict=True)]
    return labels


_SECTION_NUMBER = re.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.?\s+[^\W\d]")


def _toc_prose(text: str) -> bool:
    """A line that reads as running text, which ends a table of contents."""
    words = len(text.split())
    if _SECTION_NUMBER.search(text) or TOC_LEADER.search(text):
        return False
    return words >= 12 or (words >= 7 and text.endswith((".", "!", "?")))


def _may_lead(text: str) -> bool:
    """``TOC_LEADER`` in ``text``, searched only where its five dots, two ellipses or five
    underscores can be (most lines have none: a few counts in C instead of a search)."""
    return (text.count(".") >= 5 or text.count("…") >= 2 or "_____" in text) and TOC_LEADER.search(text) is not None


def mark_toc(lines: list[Line]) -> None:
    """Mark table-of-contents lines: dot leaders followed by a page number, and the entries under
    a «Innhald»/«Innholdsfortegnelse» title (numbered or short lines, with or without page numbers)
    up to the first line of prose."""
    # A leader to a page number ends the line; a leader to figures («.... 422,1  0,3») is a table row.
    hits = [ln for ln in lines if ln.kind is None and _may_lead(ln.text) and TOC_PAGE_END.search(ln.text)]
    if len(hits) >= 2:
        for ln in hits:
            ln.kind = BlockKind.TOC
    title = next((k for k, ln in enumerate(lines) if ln.kind is None and TOC_TITLE.match(clean(ln.text))), None)
    if title is None:
        return
    lines[title].kind = BlockKind.TOC
    for ln in lines[title + 1 :]:
        if ln.kind is not None and ln.kind is not BlockKind.TOC:
            if ln.kind in (BlockKind.HEADER, BlockKind.FOOTER):
                continue
            break
        text = clean(ln.text)
        if not text:
            continue
        if ln.kind is None and _toc_prose(text):
            break
        ln.kind = BlockKind.TOC


LABEL_PAGE_MIN_LINES = 12
"""A page needs at least this many free text lines to be judged a map or drawing."""


_WORDISH = re.compile(r"[a-zæøå]{2}")


def is_label_page(lines: list[Line], *, sheet: bool = False) -> bool:
    """Whether a page is a map, drawing or chart: scattered short labels and no running text.

    True when the page has at least ``LABEL_PAGE_MIN_LINES`` text lines the reader has not
    already typed (table cells etc. do not count), none of them reads like prose (four or more
    words in lower case), and the lines hold on average at most 4.5 letters (codes, heights,
    coordinates, a few place names). On a large ``sheet`` (A2 or more: a plan map with its
    legend and title block) labels the row splitter took for table cells count too, and up to
    15 % of the lines may read like prose.
    """
    kinds = (None, BlockKind.TABLE_CELL) if sheet else (None,)
    free = [ln for ln in lines if ln.kind in kinds and ln.text.strip()]
    if len(free) < LABEL_PAGE_MIN_LINES:
        return False

    def reads_as_prose(ln: Line) -> bool:
        return sum(1 for w in ln.text.split() if _WORDISH.search(w)) >= 4

    if sheet:
        return sum(map(reads_as_prose, free)) <= 0.15 * len(free)
    if any(map(reads_as_prose, free)):
        return False
    letters = sum(sum(c.isalpha() for c in ln.text) for ln in free)
    return letters <= 4.5 * len(free)


def mark_label_pages(pages: list[list[Line]], sheets: list[bool] | None = None) -> list[int]:
    """Mark every line of a map or drawing page as a paragraph of its own; returns those pages.

    Labels on a map are not headings, and numbers at its edges (contour heights, grid
    coordinates) are not page numbers or running headers, so such pages are kept out of the
    heading, header/footer and paragraph rules: every label stays body text, one block each.
    """
    big = sheets or [False] * len(pages)
    found = [i for i, lines in enumerate(pages) if is_label_page(lines, sheet=big[i])]
    for i in found:
        for ln in pages[i]:
            if ln.kind is None or (big[i] and ln.kind is BlockKind.TABLE_CELL):
                ln.kind, ln.row, ln.col = BlockKind.PARAGRAPH, None, None
    return found


_AXIS_VALUE = re.compile(r"^[-–−+]?\d[\d\s.,]*\s*(?:%|‰|pst\.?)?$")
_CAPTION = re.compile(r"^(?:figur|figure|fig\.|kjelde|kilde|kilder|kjelder|merknad|note)\b", re.I)


def _axis_value(ln: Line) -> bool:
    t = clean(ln.text)
    return bool(t) and len(t) <= 40 and bool(_AXIS_VALUE.match(t))


def _axis_steps(lines: list[Line]) -> int:
    """How many distinct values at the start of ``lines`` step evenly (40, 30, 20, 10 — each
    perhaps twice, for the left and right axis): tick values, not a table's figures."""
    values: list[float] = []
    for ln in lines:
        for tok in clean(ln.text).replace("−", "-").replace("–", "-").split():
            try:
                v = float(tok.rstrip("%").replace(",", "."))
            except ValueError:
                continue
            if not values or v != values[-1]:
                values.append(v)
    if len(values) < 3:
        return len(values)
    step = values[1] - values[0]
    n = 2
    while n < len(values) and abs(values[n] - values[n - 1] - step) < 1e-9 and step != 0:
        n += 1
    return n if step != 0 else 1


def mark_chart_labels(pages: list[list[Line]]) -> int:
    """Mark the text of charts as FIGURE (in place); returns how many lines were marked.

    A chart shows as a run of at least three lines (or table cells the row splitter made)
    that are only numbers, and that begin with at least three evenly stepped values: the tick
    values of its axes (a table's figures do not step evenly). The run, and the short labels right
    after it (the other axis, the legend) up to the caption («Figur …», «Kilde: …») or the next
    line of prose, are chart text, not body text or table cells.
    """
    marked = 0
    for lines in pages:
        n = len(lines)
        i = 0
        while i < n:
            if lines[i].kind not in (None, BlockKind.TABLE_CELL) or not _axis_value(lines[i]):
                i += 1
                continue
            j = i
            while j < n and lines[j].kind in (None, BlockKind.TABLE_CELL) and _axis_value(lines[j]):
                j += 1
            # every cell of the rows involved must be a number: a table with a text column is a table
            rows = {ln.row for ln in lines[i:j] if ln.kind is BlockKind.TABLE_CELL}
            textual = any(
                ln.kind is BlockKind.TABLE_CELL and ln.row in rows and not _axis_value(ln)
                for ln in lines[max(0, i - 20) : j + 20]
            )
            if j - i < 3 or textual or _axis_steps(lines[i:j]) < 3:
                i = j
                continue
            k = j
            while k < n and lines[k].kind in (None, BlockKind.TABLE_CELL):
                t = clean(lines[k].text)
                words = len(t.split())
                if _CAPTION.match(t) or words > 8 or t.endswith((".", "!", "?", ":")):
                    break
                k += 1
            for ln in lines[i:k]:
                ln.kind, ln.row, ln.col = BlockKind.FIGURE, None, None
            marked += k - i
            i = k
    return marked


def mark_furniture(pages: list[list[Line]]) -> None:
    """Mark running headers/footers across pages and table-of-contents lines on each page."""
    mark_running(pages)
    for lines in pages:
        mark_toc(lines)


_FURNITURE = (BlockKind.HEADER, BlockKind.FOOTER)


def join_split_rows(pages: list[list[Line]]) -> int:
    """Join a table row that breaks across a page (Word's «allow row to break across pages»):
    when a page's text ends in a table and the next page's starts in one, and the first cell of
    the next page's first row (after a repeated header row) starts in lower case where the same
    column of the last row on the page before ends without a full stop, and the row is no full
    row of its own (a cell left empty where the row before has text, or every cell goes on in
    lower case), that row's cells are added to the row before, on its page. Returns the rows
    joined. Lines are changed in place.
    """
    joined = 0
    for a, b in pairwise(pages):
        body_a = [ln for ln in a if ln.kind not in _FURNITURE]
        body_b = [ln for ln in b if ln.kind not in _FURNITURE]
        if not body_a or not body_b:
            continue
        if body_a[-1].kind is not BlockKind.TABLE_CELL or body_b[0].kind is not BlockKind.TABLE_CELL:
            continue
        start = len(body_a)
        while start > 0 and body_a[start - 1].kind is BlockKind.TABLE_CELL:
            start -= 1
        table_a = body_a[start:]
        rows_b: list[list[Line]] = []
        for ln in body_b:
            if ln.kind is not BlockKind.TABLE_CELL:
                break
            if rows_b and rows_b[-1][0].row == ln.row:
                rows_b[-1].append(ln)
            else:
                rows_b.append([ln])
        header = {ln.col: ln.text for ln in table_a if ln.row == table_a[0].row}
        if len(rows_b) > 1 and {ln.col: ln.text for ln in rows_b[0]} == header:
            rows_b.pop(0)  # the header row repeated on the new page
        last = {ln.col: ln for ln in table_a if ln.row == table_a[-1].row}
        cont = rows_b[0]
        lead = min(cont, key=lambda ln: ln.col if ln.col is not None else 0)
        above = last.get(lead.col)
        if above is None or not lead.text[:1].islower() or above.text.rstrip().endswith(_SENTENCE_END):
            continue  # the row's first cell starts anew: a new row («ok», «ja» further on do not count)
        if {ln.col for ln in cont} >= set(last) and not all(ln.text[:1].islower() for ln in cont):
            continue  # a full row of its own («barnevern», «Kommunen», …), not the rest of one
        for ln in cont:
            b.remove(ln)
            before = last.get(ln.col)
            if before is not None:
                before.text = join_lines([before.text, ln.text])
            else:
                ln.row = table_a[-1].row
                a.insert(a.index(table_a[-1]) + 1, ln)
        joined += 1
    return joined


def body_font_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            if ln.kind is None and ln.size:
                sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def heading_sizes(pages: list[list[Line]], body: float) -> dict[float, int]:
    """Font sizes clearly larger than the body's, ranked: the largest is level 1."""
    if not body:
        return {}
    seen: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            s = round(ln.size * 2) / 2
            if ln.kind is None and s >= body * 1.12 and len(ln.text) <= 150:
                seen[s] += 1
    ranked = sorted(seen, reverse=True)[:4]
    return {s: i + 1 for i, s in enumerate(ranked)}


def _letters_ratio(t: str) -> float:
    return sum(map(str.isalpha, t)) / max(1, len(t) - t.count(" "))


def _is_short(ln: Line, frac: float) -> bool:
    width = ln.right - ln.left
    if width <= 0:
        return False
    return ln.x1 < ln.left + frac * width


_NUMBER_WITH_UNIT = re.compile(
    r"^\d{1,3}\s+(?:mrd|mill|milliard\w*|million\w*|pst|prosent|kr|kroner|km|timar|timer|år|dagar|dager|"
    r"personar|personer|elevar|elever|plassar|plasser|bustader|boliger|tilsette|ansatte)\b",
    re.I,
)


def _heading(
    ln: Line,
    prev: Line | None,
    nxt: Line | None,
    body: float,
    sizes: dict[float, int],
    bold_body: bool,
    body_font: str = "",
) -> tuple[bool, int | None, bool]:
    """(is heading, level or None, inferred) for a body line.

    A heading is never a broken sentence: a line that ends in a hyphen or a comma, or that the
    next line goes on from in lower case, is text. ``body_font`` (the font most body text is set
    in) lets a short line in another font, followed by body text, be a heading.
    """
    t = clean(ln.text)
    if len(t) < 2 or len(t) > 150 or (BULLET.match(t) and not NUMBERED_HEADING.match(t)) or _letters_ratio(t) < 0.5:
        return False, None, False
    words = len(t.split())
    ends_badly = t.endswith((".", ",", ";", ")")) and not re.fullmatch(r"\d+(\.\d+)*\.", t)
    numbered = NUMBERED_HEADING.match(t)
    size = round(ln.size * 2) / 2
    big = bool(body and ln.size >= body * 1.1)
    wrapped = (
        big and nxt is not None and abs(nxt.size - ln.size) < 0.3 and nxt.gap < 0.8
    )  # a large heading on two lines
    if re.search(r"[^\W\d_]-$", t) and not wrapped:
        return False, None, False  # a word hyphenated at the line end: the text goes on
    if size in sizes and words <= 20 and not t.endswith((".", ",")):
        if numbered:
            return True, min(6, numbered.group(1).count(".") + 1), False
        return True, sizes[size], False
    next_numbered = nxt is not None and nxt.kind is None and NUMBERED_HEADING.match(clean(nxt.text))
    same_depth = bool(numbered and next_numbered and next_numbered.group(1).count(".") == numbered.group(1).count("."))
    nxt_text = clean(nxt.text) if nxt is not None and nxt.kind is None else ""
    broken = t.endswith(("-", ",")) or (nxt_text[:1].islower() and not t.endswith(":") and not wrapped)
    if numbered and (broken or _NUMBER_WITH_UNIT.match(t)):
        return False, None, False
    if numbered and words <= 12 and len(t) <= 90 and not ends_badly and not same_depth:
        first = int(numbered.group(1).split(".")[0])
        if first <= 40 and not re.match(r"^\d+\.?\s+\d", t) and not re.search(r"\s\d{1,2}\.\s", t[3:]):
            return True, min(6, numbered.group(1).count(".") + 1), False
    if NOT_HEADING_START.match(t) or ends_badly or words > 10 or len(t) > 80:
        return False, None, False
    if not re.search(r"[^\W\d_]{3,}", t):
        return False, None, False  # "C2", "A 1": a code, not a heading
    if not (t[0].isupper() or t[0] in "«\"'"):
        return False, None, False
    if body and size and size < body - 0.6:
        return False, None, False
    if nxt is None or nxt.kind is not None:
        return False, None, False
    nt = clean(nxt.text)
    if body_font and ln.font and ln.font != body_font and words <= 12 and not NUMBERED_ITEM.match(t):
        # A line in a font of its own (a sub-heading set in the sans of a serif text): above body
        # text, or wrapped onto a short second line in the same font.
        above_body = nxt.font == body_font and len(nt.split()) >= 5 and not nt[:1].islower()
        wrapped = nxt.font == ln.font and nt[:1].islower() and len(nt.split()) <= 6
        # not the second line of a caption or box text in the same font
        starts = prev is None or prev.kind is not None or ln.gap > 0.6 or prev.font != ln.font
        if (above_body or wrapped) and starts:
            return True, None, True
    next_is_text = len(nt.split()) >= 5 or bool(BULLET.match(nt)) or bool(NUMBERED_ITEM.match(nt))
    if not next_is_text:
        return False, None, False
    if nt[:1].islower() and not t.endswith(":"):
        return False, None, False  # a sentence broken over two lines, not a heading above it

    isolated = prev is None or prev.kind is not None or ln.gap > 0.6
    if not isolated:
        pt = clean(prev.text) if prev else ""
        isolated = pt.endswith(_SENTENCE_END) and (prev is not None and (_is_short(prev, 0.85) or prev.right == 0))
    if not isolated:
        return False, None, False
    if ln.bold and not bold_body:
        return True, None, True
    short = _is_short(ln, 0.6) if ln.right else len(t) <= 60
    if short and words <= 8:
        return True, None, True
    return False, None, False


def _continues(d: _Draft, ln: Line, width_chars: int) -> bool:
    if ln.continues:
        return True
    if d.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return False
    last = d.lines[-1]
    lt = clean(last.text)
    t = clean(ln.text)
    same_size = not (last.size and ln.size and abs(last.size - ln.size) > 0.8)
    if ln.gap < 1.5 and t[:1].islower() and lt and not lt.endswith(_SENTENCE_END) and not last.band and same_size:
        # A sentence goes on in lower case after a line that does not end it: the same sentence,
        # even when the line boxes of a typeset page leave a little more room between them.
        return not (d.kind is BlockKind.LIST_ITEM and last.right and d.lines[0].x0 and ln.x0 <= d.lines[0].x0 - 1)
    if ln.gap > 0.6:
        return False
    if last.size and ln.size and abs(last.size - ln.size) > 0.8:
        return False
    if lt.endswith(_SENTENCE_END):
        if last.right:
            if _is_short(last, 0.85):
                return False
        elif width_chars and len(lt) < 0.75 * width_chars:
            return False
    # A list item goes on over lines indented under its text, not over a line back at the bullet.
    return not (d.kind is BlockKind.LIST_ITEM and last.right and d.lines[0].x0 and ln.x0 <= d.lines[0].x0 + 1)


def _demote_heading_runs(drafts: list[_Draft]) -> None:
    """Four or more headings in a row, found from the text alone, are a list or a table column."""
    run: list[_Draft] = []
    for d in [*drafts, None]:
        if d is not None and d.kind is BlockKind.HEADING and d.lines[0].kind is None:
            run.append(d)
            continue
        if len(run) >= 4:
            for r in run:
                r.kind = BlockKind.LIST_ITEM if NUMBERED_ITEM.match(clean(r.lines[0].text)) else BlockKind.PARAGRAPH
                r.level = None
        run = []


def build_blocks(
    pages: list[list[Line]],
    labels: list[str | None],
    *,
    has_text: list[bool] | None = None,
) -> tuple[Page, ...]:
    """Turn marked lines into pages of blocks with heading levels and section paths."""
    body = body_font_size(pages)
    sizes = heading_sizes(pages, body)
    bold_chars = sum(len(ln.text) for p in pages for ln in p if ln.kind is None and ln.bold)
    all_chars = sum(len(ln.text) for p in pages for ln in p if ln.kind is None) or 1
    bold_body = bold_chars / all_chars > 0.5
    fonts = Counter({ln.font: 0 for p in pages for ln in p if ln.font})
    for lines in pages:
        for ln in lines:
            if ln.kind is None and ln.font:
                fonts[ln.font] += len(ln.text)
    body_font = fonts.most_common(1)[0][0] if fonts else ""

    drafts_per_page: list[list[_Draft]] = []
    for lines in pages:
        width_chars = max((len(ln.text) for ln in lines if ln.kind is None), default=0)
        drafts: list[_Draft] = []
        cur: _Draft | None = None
        body_idx = [i for i, ln in enumerate(lines)]
        for pos, i in enumerate(body_idx):
            ln = lines[i]
            prev = lines[body_idx[pos - 1]] if pos else None
            nxt = next((lines[j] for j in body_idx[pos + 1 :] if lines[j].kind is None), None)
            if ln.kind is not None and ln.kind is not BlockKind.HEADING:
                if cur and ln.continues and ln.kind is cur.kind:
                    cur.lines.append(ln)
                    continue
                cur = _Draft(ln.kind, [ln], ln.level)
                drafts.append(cur)
                if ln.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH):
                    cur = None
                continue
            if ln.kind is BlockKind.HEADING:
                cur = _Draft(BlockKind.HEADING, [ln], ln.level)
                drafts.append(cur)
                continue
            text = clean(ln.text)
            if (
                cur is not None
                and cur.kind is BlockKind.HEADING
                and ln.kind is None
                and ln.gap < 0.8
                and len(text) <= 80
                and text[:1].islower()
                and abs(ln.size - cur.lines[-1].size) < 0.3
                and (ln.size >= body * 1.1 or (ln.font and ln.font == cur.lines[-1].font != body_font))
            ):
                cur.lines.append(ln)  # a heading (large, or in a font of its own) wrapped onto a second line
                continue
            is_head, level, inferred = _heading(ln, prev, nxt, body, sizes, bold_body, body_font)
            if TOC_TITLE.match(text):
                drafts.append(_Draft(BlockKind.TOC, [ln]))
                cur = None
                continue
            if is_head:
                # A large-font heading wrapped over two lines is one heading.
                if (
                    cur is not None
                    and cur.kind is BlockKind.HEADING
                    and not inferred
                    and not NUMBERED_HEADING.match(text)
                    and cur.level == level
                    and ln.gap < 0.8
                    and abs(cur.lines[-1].size - ln.size) < 0.3
                    and ln.size > body
                    and ln.top >= cur.lines[-1].bottom - 0.5 * (cur.lines[-1].bottom - cur.lines[-1].top)
                ):
                    # (a line beside it on the same row, such as a logo's text, is not a wrap)
                    cur.lines.append(ln)
                    continue
                cur = _Draft(BlockKind.HEADING, [ln], level, inferred)
                num = NUMBERED_HEADING.match(text)
                if num and ln.kind is None:
                    cur.number = int(num.group(1).split(".")[0])
                drafts.append(cur)
                continue
            if (BULLET.match(text) and len(text) > 1) or NUMBERED_ITEM.match(text):
                cur = _Draft(BlockKind.LIST_ITEM, [ln])
                drafts.append(cur)
                continue
            if cur is not None and _continues(cur, ln, width_chars):
                cur.lines.append(ln)
                continue
            cur = _Draft(BlockKind.PARAGRAPH, [ln])
            drafts.append(cur)
        _demote_heading_runs(drafts)
        drafts_per_page.append(drafts)

    # Chapter numbers only go forward: "3 Tunneler" after "4 Modellutvikling" is a table row.
    chapter = 0
    for drafts in drafts_per_page:
        for d in drafts:
            if d.kind is BlockKind.HEADING and d.number is not None:
                if d.number < chapter:
                    d.kind, d.level = BlockKind.PARAGRAPH, None
                else:
                    chapter = d.number

    stack: list[tuple[int, str]] = []
    last_explicit = 0
    out: list[Page] = []
    for idx, drafts in enumerate(drafts_per_page):
        blocks: list[Block] = []
        for d in drafts:
            text = (
                join_lines([ln.text for ln in d.lines])
                if d.kind is not BlockKind.TABLE_CELL
                else clean(" ".join(ln.text for ln in d.lines))
            )
            if d.kind is BlockKind.LIST_ITEM:
                text = BULLET.sub("", text, count=1) if BULLET.match(text) else text
            if not text:
                continue
            level = d.level
            section: tuple[str, ...]
            if d.kind is BlockKind.HEADING:
                if level is None:
                    level = min(6, last_explicit + 1) if last_explicit else 1
                else:
                    last_explicit = level
                while stack and stack[-1][0] >= level:
                    stack.pop()
                section = tuple(s for _, s in stack)
                stack.append((level, text))
            elif d.kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.TOC):
                section = ()
            else:
                section = tuple(s for _, s in stack)
            first = d.lines[0]
            blocks.append(
                Block(
                    kind=d.kind,
                    text=text,
                    norm=norm(text),
                    level=level if d.kind is BlockKind.HEADING else None,
                    section=section,
                    page=idx,
                    row=first.row,
                    col=first.col,
                    ocr=any(ln.ocr for ln in d.lines),
                )
            )
        out.append(
            Page(
                index=idx,
                label=labels[idx] if idx < len(labels) else None,
                blocks=tuple(blocks),
                has_text=has_text[idx] if has_text else bool(blocks),
                ocr=any(b.ocr for b in blocks),
            )
        )
    return tuple(out)
