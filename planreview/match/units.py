"""Units of evidence: whole sentences of body text, and whole rows of tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..model import Block, BlockKind, Document
from ..read.normalise import norm
from .terms import tokens

# Abbreviations that end with a full stop but do not end a sentence.
_ABBREV = {
    "bl.a",
    "f.eks",
    "t.d",
    "m.m",
    "ca",
    "nr",
    "jf",
    "jfr",
    "osv",
    "mv",
    "m.v",
    "kl",
    "pkt",
    "kap",
    "dvs",
    "o.l",
    "evt",
    "ev",
    "iht",
    "inkl",
    "bla",
    "mill",
    "mrd",
    "kr",
    "st",
    "tlf",
    "avd",
    "ref",
    "s",
    "vedr",
    "ang",
    "forts",
    "prof",
    "dr",
    "nyn",
    "bokm",
    "t.o.m",
    "f.o.m",
    "fr.o.m",
    "stk",
    "etc",
    "e.l",
    "m.fl",
    "mfl",
    "sml",
    "eks",
}
_CANDIDATE = re.compile(r"[.!?…]+[»\")]*\s+(?=[«\"(]?[A-ZÆØÅ0-9•\-–])")


_CODE = re.compile(r"^\s*[A-Za-z]?\d{1,2}(?:\.\d{1,2})*[.)]?\s*$")
_ENUMERATED = re.compile(r"^(?:[A-Za-z]?\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zA-Z][.)])\s+\S")
_BULLET_SPLIT = re.compile(r"\s+[•●▪■◦\uf0b7\uf0a7]\s*|\s+(?=[A-H]\.\s+[A-ZÆØÅ])")


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences, keeping abbreviations and numbers together.

    Bullets run into one printed line ("… • Styrke samarbeidet • Utvikle …") are split too.
    """
    parts = [p for p in _BULLET_SPLIT.split(text) if p.strip()]
    if len(parts) > 1:
        return [s for part in parts for s in split_sentences(part)]
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        before = text[start : m.start()]
        last = before.rsplit(None, 1)[-1] if before.strip() else ""
        word = last.lower().rstrip(".")
        if m.group(0).startswith(".") and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
            continue
        if m.group(0).startswith(".") and word.isdigit() and len(word) <= 2:
            continue  # "1. januar", numbered items
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass(frozen=True)
class Unit:
    """A sentence (or a table row) with where it stands."""

    index: int
    block: int
    """Index of its block in ``Document.blocks()``."""
    page: int
    kind: BlockKind
    section: tuple[str, ...]
    text: str
    """The quote, as printed."""
    norm: str
    header: str = ""
    """For table rows: the normalised header row of the table."""
    row_cells: int = 0
    listed: bool = False
    """A list item, a bullet run into a line, or a table row (not running prose)."""
    item: str = ""
    """Normalised text of the whole list item or bullet the sentence belongs to (for owners, deadlines)."""

    @cached_property
    def toks(self) -> tuple[str, ...]:
        """The words of the normalised text (computed only for sentences that need them)."""
        return tokens(self.norm)


def build_units(doc: Document, keep: Callable[[Block], bool] | None = None) -> list[Unit]:
    """Sentences of headings, paragraphs, list items and footnotes; rows of tables.

    ``keep`` can leave out blocks that cannot matter (a table is kept whole when any cell is kept).
    """
    units: list[Unit] = []
    blocks = doc.blocks()

    def add(
        b_index: int, b: Block, text: str, *, header: str = "", cells: int = 0, listed: bool = False, item: str = ""
    ) -> None:
        n = norm(text).replace("%", " prosent")
        item_norm = norm(item).replace("%", " prosent") if item else n
        units.append(Unit(len(units), b_index, b.page, b.kind, b.section, text, n, header, cells, listed, item_norm))

    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.TOC):
            i += 1
            continue
        if b.kind is BlockKind.TABLE_CELL:
            j = i
            while j < len(blocks) and blocks[j].kind is BlockKind.TABLE_CELL:
                j += 1
            if keep is not None and not any(keep(blocks[k]) for k in range(i, j)):
                i = j
                continue
            rows: dict[tuple[int, int], list[tuple[int, Block]]] = {}
            order: list[tuple[int, int]] = []
            for k in range(i, j):
                cell = blocks[k]
                key = (cell.page, cell.row if cell.row is not None else k)
                if key not in rows:
                    rows[key] = []
                    order.append(key)
                rows[key].append((k, cell))
            header = " | ".join(c.norm for _, c in rows[order[0]]) if order else ""
            for n_row, key in enumerate(order):
                cells = sorted(rows[key], key=lambda kc: kc[1].col if kc[1].col is not None else 0)
                text = " | ".join(c.text for _, c in cells)
                first_index, first = cells[0]
                add(first_index, first, text, header=header if n_row else "", cells=len(cells), listed=True)
            i = j
            continue
        code_before = i > 0 and blocks[i - 1].kind is not BlockKind.HEADING and bool(_CODE.match(blocks[i - 1].text))
        if keep is not None and not keep(b):
            i += 1
            continue
        if b.kind is BlockKind.HEADING:
            add(i, b, b.text)
        elif not _CODE.match(b.text):
            pieces = [p for p in _BULLET_SPLIT.split(b.text) if p.strip()]
            bullets = len(pieces) > 1 or code_before  # "C2" on its own line numbers the text below it
            for piece in pieces:
                for sentence in split_sentences(piece):
                    listed = b.kind is BlockKind.LIST_ITEM or bullets or bool(_ENUMERATED.match(sentence))
                    add(i, b, sentence, listed=listed, item=piece if listed else "")
        i += 1
    return units
