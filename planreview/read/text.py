"""Plain text and Markdown: form feed (\\f) separates pages, as pdftotext writes them."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import EncodingProblem
from ..messages import say
from ..model import BlockKind
from .garbage import garbage_reason
from .layout import Line

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_PAGE = re.compile(r"^<!--\s*(?:side|page)\s*(\d+)\s*-->$", re.I)


_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")


_STRAY_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control bytes other than tab, line feed, form feed and carriage return: in a text file, noise."""


def _language(text: str, path: Path) -> str:
    """``text`` without stray control bytes, when it reads as language; else refuse with the cause
    (``EncodingProblem``, exit 8)."""
    text = _STRAY_CONTROLS.sub("", text)
    reason = garbage_reason(text[:200_000])
    if reason is not None:
        raise EncodingProblem(say("encoding_garbage", path=path, cause=say(f"text_cause_{reason}")), path=str(path))
    return text


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode a text file; returns the text and warnings, or raises ``EncodingProblem`` (exit 8).

    UTF-8 (with or without BOM), UTF-32 or UTF-16 with a BOM, UTF-32 or UTF-16 without one
    (told by their zero bytes), else a confident guess (named in a warning). Text that does
    not read as language in the encoding found (``garbage.garbage_reason``: random bytes, a
    wrong encoding) is refused with the cause.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _language(data.decode("utf-32", errors="replace"), path), warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _language(data.decode("utf-16"), path), warnings
        except UnicodeDecodeError:  # odd length or a lone surrogate: damaged UTF-16
            raise EncodingProblem(say("encoding", path=path), path=str(path)) from None
    if data[:4096].count(b"\x00") >= 8:
        for enc in _WIDE:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if garbage_reason(text[:200_000]) is None:
                warnings.append(say("encoding_guess", encoding=enc.upper()))
                return text, warnings
    try:
        return _language(data.decode("utf-8-sig"), path), warnings
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.2:
        raise EncodingProblem(say("encoding", path=path), path=str(path))
    warnings.append(say("encoding_guess", encoding=best.encoding))
    return _language(str(best), path), warnings


_MD_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
_MD_ROW = re.compile(r"^\|.*\|$")
_MD_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def _md_cells(row: str) -> list[str]:
    """The cells of a Markdown pipe-table row («| a | b |»); an escaped pipe (\\|) stays in its cell."""
    inner = row[1:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def text_pages(text: str, *, markdown: bool) -> tuple[list[list[Line]], list[str | None]]:
    """Split decoded text into pages of ``Line`` (blank lines become gaps), and the page numbers
    the text itself gives (None where it gives none).

    Form feed (\\f) separates pages, as pdftotext writes them. In Markdown also: ``#`` headings;
    list items («- », «1. »); a page marker line «<!-- side N -->» (or «page N») starts page N;
    the rows of a pipe table
    («| Tiltak | Ansvar |», the «|---|» rule aside) become table cells with their row and column,
    as a DOCX table's do.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_pages = text.split("\f")
    if len(raw_pages) > 1 and text.endswith("\f"):
        raw_pages.pop()
    pages: list[list[Line]] = []
    numbers: list[str | None] = []
    for raw in raw_pages:
        lines: list[Line] = []
        number: str | None = None
        gap = 1.0
        row = -1  # the row of a pipe table being read, -1 outside one
        for n, text_row in enumerate(raw.split("\n")):
            t = text_row.strip()
            if not t:
                gap += 1
                row = -1
                continue
            if markdown:
                page = _MD_PAGE.match(t)
                if page:
                    # text before the first marker (a title block) belongs to the first marked page
                    if number is not None:
                        pages.append(lines)
                        numbers.append(number)
                        lines, gap, row = [], 1.0, -1
                    number = page.group(1)
                    continue
                if _MD_ROW.match(t) and len(t) > 2:
                    if _MD_RULE.match(t):
                        continue
                    row += 1
                    for col, cell in enumerate(_md_cells(t)):
                        if cell:
                            cell_line = Line(cell, top=float(n), bottom=float(n + 1), gap=gap)
                            cell_line.kind, cell_line.row, cell_line.col = BlockKind.TABLE_CELL, row, col
                            lines.append(cell_line)
                            gap = 0.0
                    continue
                row = -1
            ln = Line(t, top=float(n), bottom=float(n + 1), gap=gap)
            if markdown:
                m = _MD_HEADING.match(t)
                if m:
                    ln.text = m.group(2)
                    ln.kind = BlockKind.HEADING
                    ln.level = len(m.group(1))
                elif _MD_ITEM.match(t):
                    ln.kind = BlockKind.LIST_ITEM  # «4. Tenester for alle» in a list is no heading
            lines.append(ln)
            gap = 0.0
        pages.append(lines)
        numbers.append(number)
    return pages, numbers
