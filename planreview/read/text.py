"""Plain text and Markdown: form feed (\\f) separates pages, as pdftotext writes them."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import EncodingProblem
from ..messages import say
from ..model import BlockKind
from .layout import Line

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_PAGE = re.compile(r"^<!--\s*(?:side|page)\s*(\d+)\s*-->$", re.I)


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM, or UTF-16 with BOM); else a confident guess, else refuse."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError:  # odd length or a lone surrogate: damaged UTF-16
            raise EncodingProblem(say("encoding", path=path), path=str(path)) from None
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.2:
        raise EncodingProblem(say("encoding", path=path), path=str(path))
    warnings.append(say("encoding_guess", encoding=best.encoding))
    return str(best), warnings


def text_lines(text: str, *, markdown: bool) -> list[list[Line]]:
    """Split decoded text into pages of ``Line`` (blank lines become gaps)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_pages = text.split("\f")
    if len(raw_pages) > 1 and text.endswith("\f"):
        raw_pages.pop()
    pages: list[list[Line]] = []
    for raw in raw_pages:
        lines: list[Line] = []
        gap = 1.0
        for n, row in enumerate(raw.split("\n")):
            t = row.strip()
            if not t:
                gap += 1
                continue
            ln = Line(t, top=float(n), bottom=float(n + 1), gap=gap)
            if markdown:
                m = _MD_HEADING.match(t)
                if m:
                    ln.text = m.group(2)
                    ln.kind = BlockKind.HEADING
                    ln.level = len(m.group(1))
                elif _MD_PAGE.match(t):
                    continue
            lines.append(ln)
            gap = 0.0
        pages.append(lines)
    return pages
