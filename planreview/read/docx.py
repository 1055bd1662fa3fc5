"""DOCX reader: python-docx in document order (paragraphs and tables), footnotes from their part.

Text in content controls, text boxes and tracked insertions is read (deletions are not).

Headings come from paragraph styles ("Heading N", "Overskrift N", "Title") or an outline
level; list items from numbering or list styles; tables become cells. Page breaks are
taken from the breaks Word rendered when it saved the file, else from explicit page
breaks; a file with neither has unknown pages, which the document says.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .. import limits
from ..errors import CorruptDocument, EmptyDocument, LimitExceeded, PlanreviewError
from ..messages import say
from ..model import BlockKind
from .layout import Line
from .normalise import clean, join_lines

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift|rubrik|überschrift)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|tittel)$", re.I)
_TOC_STYLE = re.compile(
    r"^(?:toc\s*\d|toc heading|innhold\w*\s*\d?|innhald\w*\s*\d?|overskrift for innhold\w*|verzeichnis \d)$", re.I
)
_LIST_STYLE = re.compile(r"list|liste|bullet|punkt|opplisting|nummerert", re.I)
_BR = qn("w:br")
_LRPB = qn("w:lastRenderedPageBreak")
_T = qn("w:t")
_FNREF = qn("w:footnoteReference")
_ENREF = qn("w:endnoteReference")
_TYPE = qn("w:type")
_VAL = qn("w:val")
_ID = qn("w:id")


def check_zip(path: Path, error: type[PlanreviewError] = LimitExceeded) -> None:
    """Refuse a ZIP (DOCX) before unpacking it when it has too many entries, or unpacks to more
    than the limits (in all, or in one XML part). The sizes are the ones the archive declares;
    Python's zipfile never inflates an entry past its declared size (it fails the CRC check
    instead), so a bomb that lies about its sizes is stopped too. Raises ``error`` (a plan:
    LimitExceeded; a template: TemplateProblem) or CorruptDocument when it is no ZIP.
    """
    try:
        with path.open("rb") as fh:
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]  # reads only the end record
    except OSError as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=exc.strerror or exc), path=str(path)) from None
    if not end:
        raise CorruptDocument(say("not_zip_docx", path=path), path=str(path))
    declared = end[4]  # _ECD_ENTRIES_TOTAL
    if declared > limits.DOCX_ENTRIES.count():
        raise limits.exceeded(limits.DOCX_ENTRIES, path, str(declared), error)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=type(exc).__name__), path=str(path)) from None
    if len(infos) > limits.DOCX_ENTRIES.count():
        raise limits.exceeded(limits.DOCX_ENTRIES, path, str(len(infos)), error)
    total = sum(i.file_size for i in infos)
    if total > limits.DOCX_UNZIPPED.nbytes():
        raise limits.exceeded(limits.DOCX_UNZIPPED, path, limits.mib(total), error)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limits.DOCX_PART.nbytes():
            raise limits.exceeded(limits.DOCX_PART, path, f"{info.filename}: {limits.mib(info.file_size)}", error)


def open_docx(path: Path) -> Any:
    """The python-docx Document, after the ZIP limits; raises CorruptDocument, EmptyDocument or LimitExceeded."""
    if path.stat().st_size == 0:
        raise EmptyDocument(say("empty", path=path), path=str(path))
    if not zipfile.is_zipfile(path):
        raise CorruptDocument(say("not_zip_docx", path=path), path=str(path))
    check_zip(path)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=type(exc).__name__), path=str(path)) from exc
    except MemoryError:
        raise limits.memory_error(path) from None
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
            try:
                v = int(lvl.get(_VAL, "9"))
            except ValueError:
                return None
            return v + 1 if 0 <= v < 9 else None
    return None


def _paragraph_kind(p: Paragraph) -> tuple[BlockKind, int | None]:
    chain = _style_chain(p.style) if p.style is not None else []
    if chain and _TOC_STYLE.match((chain[0].name or "").strip()):
        return BlockKind.TOC, None
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


def _notes(path: Path, document: Any, part_name: str, tag: str) -> dict[str, str]:
    """Footnote or endnote texts by id. The part is parsed like python-docx parses the body:
    no entities resolved, no network; a damaged part makes the file damaged (exit 5)."""
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or not str(rel.target_part.partname).endswith(part_name):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, oxml_parser)
        except (etree.LxmlError, ValueError) as exc:
            detail = f"{part_name}: {type(exc).__name__}"
            raise CorruptDocument(say("corrupt_docx", path=path, detail=detail), path=str(path)) from None
        for note in root.iter(qn(tag)):
            nid = note.get(_ID)
            text = clean("".join(t.text or "" for t in note.iter(_T)))
            if nid is not None and text:
                out[nid] = text
    return out


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _R, _SDT = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:sdt")
_SDT_CONTENT, _TXBX = qn("w:sdtContent"), qn("w:txbxContent")
_ALT, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_DELETED = frozenset(qn(t) for t in ("w:del", "w:moveFrom"))
_INSERTED = frozenset(qn(t) for t in ("w:ins", "w:moveTo"))
_CONTAINERS = frozenset(
    qn(t) for t in ("w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:dir", "w:bdo", "w:ins", "w:moveTo")
)
"""Inline elements whose runs are part of the paragraph's text (tracked insertions included)."""
_RUN_TEXT = {
    qn("w:t"): None,
    qn("w:tab"): " ",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "\u00ad",
}


@dataclass(slots=True)
class _Para:
    """A paragraph's visible text and the text boxes anchored in it (read after it)."""

    text: str = ""
    boxes: list[Any] = field(default_factory=list)


def _alternate(el: Any) -> Any | None:
    """The branch of an ``mc:AlternateContent`` to read: the first choice, else the fallback.

    Word stores a text box twice (DrawingML in the choice, VML in the fallback); reading one
    branch reads it once.
    """
    choice = el.find(_CHOICE)
    if choice is not None and len(choice):
        return choice
    return el.find(_FALLBACK)


def _boxes_in(el: Any, out: list[Any]) -> None:
    """Text-box contents (``w:txbxContent``) under a drawing or picture, one branch of each alternate."""
    for child in el:
        if child.tag == _TXBX:
            out.append(child)
        elif child.tag == _ALT:
            branch = _alternate(child)
            if branch is not None:
                _boxes_in(branch, out)
        else:
            _boxes_in(child, out)


def paragraph_text(p: Any) -> _Para:
    """The text of a ``w:p`` as Word shows it with changes accepted.

    Runs inside hyperlinks, content controls (``w:sdt``), smart tags, custom XML and tracked
    insertions are read; tracked deletions (``w:del``, ``w:moveFrom``) are not. Tabs become
    spaces, line breaks ``\\n``. Text boxes anchored in the paragraph are returned apart,
    in ``boxes``, so their text is read after the paragraph's own.
    """
    out: list[str] = []
    para = _Para()

    def run(r: Any) -> None:
        for child in r:
            tag = child.tag
            if tag in _RUN_TEXT:
                rep = _RUN_TEXT[tag]
                out.append(child.text or "" if rep is None else rep)
            elif tag == _BR:
                if child.get(_TYPE) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == _ALT:
                branch = _alternate(child)
                if branch is not None:
                    _boxes_in(branch, para.boxes)
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                _boxes_in(child, para.boxes)

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == _R:
                run(child)
            elif tag in _CONTAINERS:
                walk(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    walk(content)
            elif tag == _ALT:
                branch = _alternate(child)
                if branch is not None:
                    walk(branch)

    walk(p)
    para.text = "".join(out)
    return para


def _block_items(parent: Any) -> Any:
    """``w:p`` and ``w:tbl`` elements of a body, cell or text box in document order.

    Block-level content controls, custom XML and tracked insertions are opened; tracked
    deletions are skipped.
    """
    for child in parent:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_items(content)
        elif tag in (qn("w:customXml"), *_INSERTED):
            yield from _block_items(child)
        elif tag == _ALT:
            branch = _alternate(child)
            if branch is not None:
                yield from _block_items(branch)


def has_tracked_changes(body: Any) -> bool:
    """Whether the document still holds tracked insertions or deletions (a draft with changes)."""
    return any(True for _ in body.iter(*_DELETED, *_INSERTED))


@dataclass(slots=True)
class DocxRead:
    """What ``read_docx_pages`` found."""

    pages: list[list[Line]]
    """Lines per page (one line per paragraph, table cell, text-box paragraph or note)."""
    known: bool
    """True when page breaks were known (rendered or explicit)."""
    meta: dict[str, str]
    """Core properties (Title, Author)."""
    tracked: bool = False
    """True when the file holds tracked changes (insertions read, deletions not)."""


def read_docx_pages(path: Path) -> DocxRead:
    """Lines per page, whether page breaks were known, core properties and tracked changes.

    Text in content controls, text boxes (DrawingML or VML, each read once) and tracked
    insertions is read; tracked deletions are not. Raises ``CorruptDocument`` when python-docx
    or lxml trips on a damaged part, ``LimitExceeded`` over a ZIP limit or the text limit.
    """
    document = open_docx(path)
    try:
        return _read(path, document)
    except PlanreviewError:
        raise
    except MemoryError:
        raise limits.memory_error(path) from None
    except Exception as exc:
        raise CorruptDocument(say("corrupt_docx", path=path, detail=type(exc).__name__), path=str(path)) from exc


def _meta(document: Any) -> dict[str, str]:
    """Title and author from the core properties; damaged properties are only metadata: none."""
    try:
        props = document.core_properties
        return {"Title": str(props.title or ""), "Author": str(props.author or "")}
    except Exception:  # noqa: BLE001 - a damaged docProps/core.xml must not fail the plan
        return {}


def _read(path: Path, document: Any) -> DocxRead:
    body = document.element.body
    rendered = any(True for _ in body.iter(_LRPB))
    explicit = (
        rendered
        or any(el.get(_TYPE) == "page" for el in body.iter(_BR))
        or any(True for _ in body.iter(qn("w:pageBreakBefore")))
    )
    footnotes = _notes(path, document, "footnotes.xml", "w:footnote")
    endnotes = _notes(path, document, "endnotes.xml", "w:endnote")
    pages: list[list[Line]] = [[]]
    chars = [0]
    max_chars = limits.TEXT_CHARS.value() * 1_000_000
    parent = document._body

    def add(line: Line) -> None:
        chars[0] += len(line.text)
        if chars[0] > max_chars:
            raise limits.exceeded(limits.TEXT_CHARS, path, f"> {limits.TEXT_CHARS.shown()}")
        pages[-1].append(line)

    def paragraph(p_el: Any, *, in_box: bool = False) -> None:
        item = Paragraph(p_el, parent)
        before, after = _breaks(item, rendered) if explicit and not in_box else (0, 0)
        for _ in range(before):
            if pages[-1]:
                pages.append([])
        para = paragraph_text(p_el)
        text = join_lines(para.text.split("\n"))
        if text:
            kind, level = _paragraph_kind(item)
            if in_box and kind is BlockKind.HEADING:
                kind, level = BlockKind.PARAGRAPH, None  # a text box is beside the outline, not in it
            add(Line(text, kind=kind, level=level))
            refs = [(r.get(_ID), footnotes) for r in p_el.iter(_FNREF)] + [
                (r.get(_ID), endnotes) for r in p_el.iter(_ENREF)
            ]
            for rid, notes in refs:
                if rid in notes:
                    add(Line(notes[rid], kind=BlockKind.FOOTNOTE))
        for box in para.boxes:
            blocks(box, in_box=True)
        for _ in range(after):
            pages.append([])
        if len(pages) > limits.PAGES.count():
            raise limits.exceeded(limits.PAGES, path, f"> {limits.PAGES.count()}")

    def cell_text(tc: Any, boxes: list[Any]) -> str:
        parts: list[str] = []
        for el in _block_items(tc):
            if el.tag == _P:
                para = paragraph_text(el)
                parts.append(para.text)
                boxes.extend(para.boxes)
            else:
                parts.extend(cell_text(c, boxes) for c in el.iter(qn("w:tc")))
        return join_lines("\n".join(parts).split("\n"))

    def table(tbl_el: Any) -> None:
        item = Table(tbl_el, parent)
        seen: set[Any] = set()  # merged cells repeat the same <w:tc>; the set keeps them alive
        boxes: list[Any] = []
        for r_i, row in enumerate(item.rows):
            for c_i, cell in enumerate(row.cells):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                text = cell_text(cell._tc, boxes)
                if text:
                    add(Line(text, kind=BlockKind.TABLE_CELL, row=r_i, col=c_i))
        for box in boxes:
            blocks(box, in_box=True)

    def blocks(container: Any, *, in_box: bool = False) -> None:
        for el in _block_items(container):
            if el.tag == _P:
                paragraph(el, in_box=in_box)
            else:
                table(el)

    blocks(body)
    while len(pages) > 1 and not pages[-1]:
        pages.pop()
    return DocxRead(pages, explicit, _meta(document), has_tracked_changes(body))
