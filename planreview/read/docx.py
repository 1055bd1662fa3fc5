"""DOCX reader: python-docx in document order (paragraphs and tables), footnotes from their part.

Headings come from paragraph styles ("Heading N", "Overskrift N", "Title") or an outline
level; list items from numbering or list styles; tables become cells. Page breaks are
taken from the breaks Word rendered when it saved the file, else from explicit page
breaks; a file with neither has unknown pages, which the document says.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import CorruptDocument, EmptyDocument
from ..messages import say
from ..model import BlockKind
from .layout import Line
from .normalise import clean, join_lines

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift|rubrik|überschrift)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|tittel)$", re.I)
_LIST_STYLE = re.compile(r"list|liste|bullet|punkt|opplisting|nummerert", re.I)
_BR = qn("w:br")
_LRPB = qn("w:lastRenderedPageBreak")
_T = qn("w:t")
_FNREF = qn("w:footnoteReference")
_ENREF = qn("w:endnoteReference")
_TYPE = qn("w:type")
_VAL = qn("w:val")
_ID = qn("w:id")


def open_docx(path: Path) -> Any:
    if path.stat().st_size == 0:
        raise EmptyDocument(say("empty", path=path), path=str(path))
    if not zipfile.is_zipfile(path):
        raise CorruptDocument(say("not_zip_docx", path=path), path=str(path))
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=type(exc).__name__), path=str(path)) from exc
    except Exception as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=type(exc).__name__), path=str(path)) from exc


def _style_chain(style: Any) -> list[Any]:
    out: list[Any] = []
    while style is not None and len(out) < 8:
        out.append(style)
        style = style.base_style
    return out


def _outline_level(p: Paragraph) -> int | None:
    for el in [p._p.pPr] + [s.element.pPr for s in _style_chain(p.style)]:
        if el is None:
            continue
        lvl = el.find(qn("w:outlineLvl"))
        if lvl is not None:
            v = int(lvl.get(_VAL, "9"))
            return v + 1 if v < 9 else None
    return None


def _paragraph_kind(p: Paragraph) -> tuple[BlockKind, int | None]:
    chain = _style_chain(p.style) if p.style is not None else []
    for st in chain:
        name = st.name or ""
        m = _HEADING_STYLE.match(name.strip())
        if m:
            return BlockKind.HEADING, int(m.group(1))
        if _TITLE_STYLE.match(name.strip()):
            return BlockKind.HEADING, 1
    level = _outline_level(p)
    if level is not None:
        return BlockKind.HEADING, level
    ppr = p._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return BlockKind.LIST_ITEM, None
    for st in chain:
        el = st.element.pPr
        if el is not None and el.numPr is not None:
            return BlockKind.LIST_ITEM, None
        if _LIST_STYLE.search(st.name or ""):
            return BlockKind.LIST_ITEM, None
    return BlockKind.PARAGRAPH, None


def _breaks(p: Paragraph, rendered: bool) -> tuple[int, int]:
    """Page breaks (before the paragraph's text, after it)."""
    before = after = 0
    seen_text = False
    ppr = p._p.pPr
    if not rendered and ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
        before += 1
    for el in p._p.iter(_T, _BR, _LRPB):
        if el.tag == _T:
            if el.text and el.text.strip():
                seen_text = True
            continue
        hit = el.tag == _LRPB if rendered else (el.tag == _BR and el.get(_TYPE) == "page")
        if hit:
            if seen_text:
                after += 1
            else:
                before += 1
    if not rendered and ppr is not None:
        sect = ppr.find(qn("w:sectPr"))
        if sect is not None:
            t = sect.find(qn("w:type"))
            if t is None or t.get(_VAL) in (None, "nextPage", "oddPage", "evenPage"):
                after += 1
    return before, after


def _notes(document: Any, part_name: str, tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or not str(rel.target_part.partname).endswith(part_name):
            continue
        from lxml import etree

        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(qn(tag)):
            nid = note.get(_ID)
            text = clean("".join(t.text or "" for t in note.iter(_T)))
            if nid is not None and text:
                out[nid] = text
    return out


def read_docx_pages(path: Path) -> tuple[list[list[Line]], bool, dict[str, str]]:
    """Lines per page, whether page breaks were known, and core properties."""
    document = open_docx(path)
    body = document.element.body
    rendered = any(True for _ in body.iter(_LRPB))
    explicit = (
        rendered
        or any(el.get(_TYPE) == "page" for el in body.iter(_BR))
        or any(True for _ in body.iter(qn("w:pageBreakBefore")))
    )
    footnotes = _notes(document, "footnotes.xml", "w:footnote")
    endnotes = _notes(document, "endnotes.xml", "w:endnote")
    pages: list[list[Line]] = [[]]

    def add(line: Line) -> None:
        pages[-1].append(line)

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            before, after = _breaks(item, rendered) if explicit else (0, 0)
            for _ in range(before):
                if pages[-1]:
                    pages.append([])
            text = join_lines(item.text.split("\n"))
            if text:
                kind, level = _paragraph_kind(item)
                add(Line(text, kind=kind, level=level))
                refs = [(r.get(_ID), footnotes) for r in item._p.iter(_FNREF)] + [
                    (r.get(_ID), endnotes) for r in item._p.iter(_ENREF)
                ]
                for rid, notes in refs:
                    if rid in notes:
                        add(Line(notes[rid], kind=BlockKind.FOOTNOTE))
            for _ in range(after):
                pages.append([])
        elif isinstance(item, Table):
            seen: set[Any] = set()  # merged cells repeat the same <w:tc>; the set keeps them alive
            for r_i, row in enumerate(item.rows):
                for c_i, cell in enumerate(row.cells):
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    text = join_lines(cell.text.split("\n"))
                    if text:
                        add(Line(text, kind=BlockKind.TABLE_CELL, row=r_i, col=c_i))
    while len(pages) > 1 and not pages[-1]:
        pages.pop()
    props = document.core_properties
    meta = {"Title": props.title or "", "Author": props.author or ""}
    return pages, explicit, meta
