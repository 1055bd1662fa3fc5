"""Quotes for the letter and report: whole sentences of the plan, with page and section.

A quote is the scorer's evidence text, completed to a whole sentence from the document when
the reader split a sentence over two blocks (a list item continued as a paragraph, a
sentence carried over a page break): a letter must never quote a fragment as if it were
what the plan says. Long sentences are shortened at a word with an explicit « … ».
"""

from __future__ import annotations

import re

from ..model import BODY_KINDS, Block, BlockKind, Document
from ..read.normalise import clean
from ..score import Evidence

_END = re.compile(r"[.!?:;»\"')\]]\s*$")
_STARTS_LOWER = re.compile(r"^[a-zæøå]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«\"])")


def _first_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0]


def _last_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text)
    return parts[-1]


class Quotes:
    """Whole-sentence quotes from one document (its body blocks are collected once)."""

    def __init__(self, doc: Document | None) -> None:
        self.blocks: tuple[Block, ...] = (
            tuple(b for p in doc.pages for b in p.blocks if b.kind in BODY_KINDS and b.kind is not BlockKind.HEADING)
            if doc is not None
            else ()
        )

    def full(self, ev: Evidence) -> str:
        """See ``full_quote``; a heading or a source line the reader ran into the sentence is left out,
        and a table row is written as text («Språkpraksis (ansvar: NAV, frist: 2027)»)."""
        text = _without_lead(_full(self.blocks, ev), ev)
        head = self._header(ev, text)
        if head:
            text = f"| {' | '.join(head)} | | {text} |"
        return _row_as_text(text)

    def _header(self, ev: Evidence, text: str) -> list[str] | None:
        """The header row of the table a quoted row («a | b | c») stands in, when it has as many
        cells as the row and is not the row itself; else None."""
        if " | " not in text:
            return None
        cells = [c.strip() for c in text.split(" | ")]
        blocks = self.blocks
        at = next(
            (
                i
                for i, b in enumerate(blocks)
                if b.kind is BlockKind.TABLE_CELL and b.page == ev.page_index and clean(b.text) == cells[0]
            ),
            None,
        )
        if at is None:
            return None
        start = at
        while start > 0 and blocks[start - 1].kind is BlockKind.TABLE_CELL:
            start -= 1
        first_row = blocks[start].row
        if blocks[at].row == first_row:
            return None
        head = []
        for b in blocks[start:]:
            if b.kind is not BlockKind.TABLE_CELL or b.row != first_row or b.page != blocks[start].page:
                break
            head.append(clean(b.text))
        return head if len(head) == len(cells) and head != cells else None

    def text(self, ev: Evidence, limit: int = 260) -> str:
        """What the letter quotes for ``ev``: the whole sentence, shortened when long (around the
        evidence's words, so that what is quoted shows why it was chosen)."""
        return shorten(self.full(ev), limit, ev.terms)

    def readable(self, ev: Evidence, limit: int = 260) -> str | None:
        """A quote a letter can stand behind: the whole sentence when it reads as one; else, for
        chart labels and figure text run together, the one item of it that holds the evidence's
        words («Manglande norskunnskapar fører til utanforskap»); else None (not quoted)."""
        full = self.full(ev)
        if reads_as_sentence(full):
            return shorten(full, limit, ev.terms)
        items = [i.strip(" ,;") for i in _ITEM_BREAK.split(full)]
        terms = [t.casefold().strip("*") for t in ev.terms if len(t.strip("*")) >= 4]
        for item in items:
            low = item.casefold()
            if any(t[:6] in low for t in terms) and reads_as_sentence(item):
                return shorten(item, limit, ev.terms)
        return None


_SOURCE_LEAD = re.compile(r"^(?:Kilde|Kjelde|Kjelde/kilde)\s*:\s*[^.]{0,60}?\b(?:19|20)\d\d\s+(?=[A-ZÆØÅ])")
_NUMBERED_LEAD = re.compile(
    r"^\d+(?:\.\d+)+\s+(?:[A-ZÆØÅ]{2,}(?:\s+[A-ZÆØÅ]{2,})*|[A-ZÆØÅ][a-zæøå]+)\s+(?=[A-ZÆØÅ][a-zæøå])"
)
_LINK_LEAD = re.compile(r"^[^.]{0,120}\((?:DOCX|PDF|XLSX|lenke)\)\s+(?=[A-ZÆØÅ])")


def _without_lead(text: str, ev: Evidence) -> str:
    """The sentence without a section heading, numbered capitals or a figure's source line before it."""
    for heading in sorted(ev.section, key=len, reverse=True):
        h = clean(heading)
        if len(h) >= 3 and text.startswith(h + " ") and text[len(h) + 1 : len(h) + 2].isupper():
            return text[len(h) + 1 :]
    for pattern in (_SOURCE_LEAD, _NUMBERED_LEAD, _LINK_LEAD):
        m = pattern.match(text)
        if m:
            return text[m.end() :]
    return text


_ITEM_BREAK = re.compile(r"(?<=[a-zæøå0-9)%])\s+(?=[A-ZÆØÅ])")
_NUMBER = re.compile(r"^[\d.,%–\-/()]+$")


def reads_as_sentence(text: str) -> bool:
    """Five words or more, few of them figures, and not a run of capitalised labels."""
    words = text.split()
    if len(words) < 5:
        return False
    numbers = sum(1 for w in words if _NUMBER.match(w))
    if numbers > 0.15 * len(words):
        return False
    caps = sum(1 for w in words[1:] if w[:1].isupper())
    return caps <= max(3, len(words) // 4)


def _row_as_text(text: str) -> str:
    """A table row («a | b | c», or a header and a row «| h1 | h2 | | a | b |») as readable text."""
    if " | " not in text and not text.startswith("|"):
        return text
    rows = [[c.strip() for c in r.split("|") if c.strip()] for r in re.split(r"\|\s+\|", text.strip().strip("|"))]
    rows = [r for r in rows if r]
    if len(rows) == 2 and len(rows[0]) == len(rows[1]) >= 2:
        head, row = rows
        pairs = ", ".join(f"{h.lower()}: {v}" for h, v in zip(head[1:], row[1:], strict=True))
        return f"{row[0]} ({pairs})"
    return "; ".join(c for r in rows for c in r)


def full_quote(doc: Document | None, ev: Evidence) -> str:
    """The evidence as a whole sentence: joined with the neighbouring block when the reader
    split the sentence (the quote ends without punctuation and the next block starts in lower
    case, or the quote itself starts in lower case). Table cells are quoted as they are."""
    return Quotes(doc).full(ev)


def _full(blocks: tuple[Block, ...], ev: Evidence) -> str:
    text = clean(ev.text)
    if not blocks or not text:
        return text
    idx = next((i for i, b in enumerate(blocks) if b.page == ev.page_index and text in clean(b.text)), None)
    if idx is None:
        idx = next((i for i, b in enumerate(blocks) if text in clean(b.text)), None)
    if idx is None:
        return text
    block = blocks[idx]
    if block.kind is BlockKind.TABLE_CELL:
        return text
    whole = clean(block.text)
    if _STARTS_LOWER.match(text) and whole.startswith(text) and idx > 0:
        prev = blocks[idx - 1]
        if prev.kind is not BlockKind.TABLE_CELL and not _END.search(prev.text):
            text = f"{_last_sentence(clean(prev.text))} {text}"
    if not _END.search(text) and whole.endswith(text.split(" ", 1)[-1]) and idx + 1 < len(blocks):
        nxt = blocks[idx + 1]
        if nxt.kind is not BlockKind.TABLE_CELL and _STARTS_LOWER.match(clean(nxt.text)):
            text = f"{text} {_first_sentence(clean(nxt.text))}"
    return text


def shorten(text: str, limit: int = 260, focus: tuple[str, ...] = ()) -> str:
    """Text cut at words to at most about ``limit`` characters, each cut marked with «…». When
    one of the ``focus`` words (the evidence's terms) would be cut off, the window moves to it."""
    text = clean(text)
    if len(text) <= limit:
        return text
    low = text.casefold()
    hits = [low.find(f.casefold().strip("*")[:6]) for f in focus if len(f.strip("*")) >= 3]
    first = min((h for h in hits if h >= 0), default=-1)
    if first < 0 or first < limit - 40:
        cut = text[:limit].rsplit(" ", 1)[0]
        return cut.rstrip(",;:–-") + " …"
    start = text.rfind(" ", 0, max(0, first - limit // 2)) + 1
    window = text[start : start + limit]
    if start + limit < len(text):
        window = window.rsplit(" ", 1)[0].rstrip(",;:–-") + " …"
    return "… " + window
