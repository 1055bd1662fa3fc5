"""Units of evidence: whole sentences of body text, and whole rows of tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    return [piece for sentence in out for piece in _missing_stop(sentence)]


# A sentence opener in capitals right after a word in lower case, with no full stop between: the
# full stop is missing («… aktuelle for flyktningene Det er utarbeidet …»).
_RUN_ON = re.compile(
    r"(?<=[a-zæøå]{2}) (?=(?:Det|Den|Dette|Denne|Disse|Desse|Dei|Vi|Kommunen|Planen|Når|Dersom|Alle|Mange|Målet)"
    r" [a-zæøå])"
)


def _missing_stop(sentence: str) -> list[str]:
    """A sentence split where a full stop is missing between two sentences, each of three words or more."""
    parts = _RUN_ON.split(sentence)
    if len(parts) == 1 or any(len(p.split()) < 3 for p in parts):
        return [sentence]
    return [p.strip() for p in parts]


_FINITE = re.compile(r"\b(?:skal|vil|må|er|har|blir|får|kan|gir|skaper|bidreg|bidrar|sikrar|sikrer)\b")
_TOC_LINE = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_QUOTE_WORDS = 3
"""A quote has at least this many words of two or more letters (table rows: two)."""
_ENDS_SENTENCE = (".", "!", "?", ":", ";", "»", '"', ")")
_NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+[^\W\d]")


def quotable(kind: BlockKind, text: str, cells: int = 0, after_heading: bool = False) -> bool:
    """Whether a unit can stand as a quote: a whole sentence or table row, never a heading, a line
    of a table of contents, a chart label or a fragment that starts in the middle of a sentence.

    A text that starts in lower case is a fragment, unless it is a list item («- styrkje
    norskopplæringa …») or stands right after a heading and is long enough to say something (an
    infographic's text under its figure).
    """
    if _TOC_LINE.search(text):
        return False
    words = len(_LETTER_WORD.findall(text))
    if kind is BlockKind.HEADING:
        # A heading is a title, not a statement, unless it is worded as a sentence («Flyktningar
        # skal kome raskt i arbeid»).
        return words >= MIN_QUOTE_WORDS and bool(_FINITE.search(text.casefold()))
    if cells >= 2:
        return words >= 2
    if _NUMBERED_TITLE.match(text) and not _FINITE.search(text.casefold()) and not text.rstrip().endswith("."):
        return False  # a numbered heading left in running text («2.3 Tenester for flyktningar • …») is a title
    first = next((c for c in text if c.isalpha()), "")
    if first.islower() and kind is not BlockKind.LIST_ITEM and not (after_heading and words >= 2 * MIN_QUOTE_WORDS):
        return False
    return words >= MIN_QUOTE_WORDS


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
    quotable: bool = True
    """Whether it can be quoted as evidence (see ``quotable``)."""

    @cached_property
    def toks(self) -> tuple[str, ...]:
        """The words of the normalised text (computed only for sentences that need them)."""
        return tokens(self.norm)


def build_units(doc: Document, keep: Callable[[Block], bool] | None = None) -> list[Unit]:
    """Sentences of headings, paragraphs, list items and footnotes; rows of tables.

    ``keep`` can leave out blocks that cannot matter (a table is kept whole when any cell is kept).
    """
    units: list[Unit] = []
    blocks = _join_breaks(doc.blocks())

    def add(
        b_index: int, b: Block, text: str, *, header: str = "", cells: int = 0, listed: bool = False, item: str = ""
    ) -> None:
        n = norm(text).replace("%", " prosent")
        item_norm = norm(item).replace("%", " prosent") if item else n
        after = b_index > 0 and text == b.text and blocks[b_index - 1].kind is BlockKind.HEADING
        ok = quotable(b.kind, text, cells, after_heading=after)
        units.append(
            Unit(len(units), b_index, b.page, b.kind, b.section, text, n, header, cells, listed, item_norm, ok)
        )

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


_CONTINUED = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
_SKIPPED = (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.TOC)


def _join_breaks(blocks: list[Block]) -> list[Block]:
    """Blocks with a sentence cut by a page or column break joined again.

    A paragraph or list item that does not end a sentence, followed (across running headers and
    footers) by a paragraph that starts with a lower-case letter, is one piece of text: the
    second is appended to the first. A word hyphenated at the break is joined without the hyphen.
    The joined block keeps the first block's page; the list keeps its length (the second block
    becomes empty), so block indices stay valid.
    """
    out = list(blocks)
    i = 0
    while i < len(out):
        b = out[i]
        text = b.text.rstrip()
        if b.kind not in _CONTINUED or not text or text.endswith(_ENDS_SENTENCE):
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].kind in _SKIPPED:
            j += 1
        if j >= len(out):
            break
        nxt = out[j]
        first = next((c for c in nxt.text if c.isalpha()), "")
        if nxt.kind is not BlockKind.PARAGRAPH or not first.islower() or nxt.text[:1] in "•-–":
            i += 1
            continue
        suspended = nxt.text.lstrip().startswith(("og ", "eller ", "samt "))  # «plan- og bygningslova»
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and not suspended:
            joined = text[:-1] + nxt.text.lstrip()
        else:
            joined = text + " " + nxt.text.lstrip()
        out[i] = replace(b, text=joined, norm=norm(joined))
        out[j] = replace(nxt, text="", norm="")
        # The joined block may go on over the next break too.
    return out
