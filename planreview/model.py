"""The document model every reader produces (frozen dataclasses).

``Document`` → ``Page`` → ``Block``. A block keeps the original text (for quoting in
findings and letters) next to a normalised form (for matching), its kind, its heading
level when it is a heading, and the section path: the headings it stands under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

Malform = Literal["nb", "nn"]


class BlockKind(StrEnum):
    """What a block is on the page."""

    HEADING = "heading"
    """A chapter or section title; ``level`` is 1 for the top level."""
    PARAGRAPH = "paragraph"
    """Body text rebuilt from one or more printed lines."""
    LIST_ITEM = "list_item"
    """A bulleted or numbered item."""
    TABLE_CELL = "table_cell"
    """One cell of a table; ``row``/``col`` give its place."""
    HEADER = "header"
    """A running header repeated at the top of pages (not body text)."""
    FOOTER = "footer"
    """A running footer or page number at the bottom of pages (not body text)."""
    TOC = "toc"
    """A line of a table of contents."""
    FOOTNOTE = "footnote"
    """A footnote or endnote (DOCX)."""
    FIGURE = "figure"
    """Text inside a chart (axis labels, tick values, legend): not body text, not a table."""


BODY_KINDS = frozenset(
    {
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.TABLE_CELL,
        BlockKind.FOOTNOTE,
    }
)


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of text on a page."""

    kind: BlockKind
    text: str
    """The text as printed (lines joined, words broken at line ends rejoined)."""
    norm: str
    """NFC, casefolded, whitespace-collapsed text for matching."""
    level: int | None = None
    """Heading level (1 = top) for headings, else None."""
    section: tuple[str, ...] = ()
    """The headings this block stands under, outermost first."""
    page: int = 0
    """0-based index of the page the block starts on."""
    row: int | None = None
    col: int | None = None
    ocr: bool = False
    """True when the text was read by OCR from an image of the page (it may hold OCR errors)."""

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its 0-based index, the label printed on it, and its blocks."""

    index: int
    label: str | None
    """The page number as printed ("7"), or None when it cannot be known (DOCX)."""
    blocks: tuple[Block, ...] = ()
    has_text: bool = True
    ocr: bool = False
    """True when the page's text (or some of it) was read by OCR."""


@dataclass(frozen=True, slots=True)
class Document:
    """A plan document read from PDF, DOCX or text."""

    source: str
    sha256: str
    title: str
    malform: Malform | None
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()
    format: str = ""
    meta: tuple[tuple[str, str], ...] = field(default=())

    def blocks(self, *, body_only: bool = False) -> list[Block]:
        out = [b for p in self.pages for b in p.blocks]
        return [b for b in out if b.is_body] if body_only else out

    def ocr_pages(self) -> frozenset[int]:
        """0-based indices of the pages whose text was read by OCR."""
        return frozenset(p.index for p in self.pages if p.ocr)

    def label_of(self, index: int) -> str | None:
        return self.pages[index].label if 0 <= index < len(self.pages) else None

    def to_outline_json(self) -> dict[str, Any]:
        """The JSON shape of ``planreview inspect --json``."""
        return {
            "title": self.title,
            "malform": self.malform,
            "pages": [
                {
                    "index": p.index,
                    "label": p.label,
                    "blocks": [
                        {
                            "kind": str(b.kind),
                            "text": b.text,
                            "level": b.level,
                            "section": list(b.section),
                            "ocr": b.ocr,
                        }
                        for b in p.blocks
                    ],
                }
                for p in self.pages
            ],
            "warnings": list(self.warnings),
        }
