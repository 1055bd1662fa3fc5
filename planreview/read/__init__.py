"""Read a plan document (PDF, DOCX, TXT/MD) into the common ``Document`` model."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import limits
from ..errors import CorruptDocument, EmptyDocument, InputNotFound, UnsupportedFormat
from ..forked import Helper
from ..messages import say, shown
from ..model import BlockKind, Document

if TYPE_CHECKING:
    from .layout import Line
    from .ocr import Progress

# The layout analysis, the målform guess and the format readers are imported when a document is
# read (``_read``), not with the package: a review forks its reading helper before it needs them.

SUPPORTED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "text",
    ".text": "text",
    ".doc": "convert",
    ".odt": "convert",
    ".rtf": "convert",
}
"""Extensions planreview reads; "convert" ones go through LibreOffice to DOCX (``convert.py``)."""

__all__ = ["SUPPORTED", "check_input", "read_document", "sha256_of"]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a regular file's bytes (hex); non-regular files are refused first."""
    check_regular(path)
    return _digest(path)


def _digest(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_KINDS = {
    stat.S_IFIFO: ("FIFO / named pipe", "FIFO / named pipe"),
    stat.S_IFCHR: ("einingsfil", "enhetsfil"),
    stat.S_IFBLK: ("blokkeining", "blokkenhet"),
    stat.S_IFSOCK: ("sokkel", "socket"),
}


def check_regular(path: Path) -> os.stat_result:
    """``os.stat`` of ``path`` (following links) when it is a regular file.

    Raises InputNotFound (missing, a folder, a broken link, no permission) or
    UnsupportedFormat (a FIFO, device, socket: never opened, so nothing hangs or streams
    without end).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputNotFound(say("not_found", path=path), path=str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise InputNotFound(say("not_found", path=path), path=str(path)) from None
        raise InputNotFound(say("unreadable", path=path, detail=exc.strerror or exc), path=str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputNotFound(say("is_dir", path=path), path=str(path))
    if not stat.S_ISREG(st.st_mode):
        from ..messages import current_malform

        kind = _KINDS.get(stat.S_IFMT(st.st_mode), ("ukjend filtype", "ukjent filtype"))
        raise UnsupportedFormat(
            say("not_regular", path=path, kind=kind[0] if current_malform() == "nn" else kind[1]), path=str(path)
        )
    return st


def check_input(path: Path) -> str:
    """Check a plan before any work: a regular, readable file of a supported type within the
    size limit. Returns the reader ("pdf", "docx", "text" or "convert"); raises a PlanreviewError."""
    st = check_regular(path)
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(say("unsupported", path=path, ext=path.suffix or "(ingen)"), path=str(path))
    if st.st_size > limits.FILE_SIZE.nbytes():
        raise limits.exceeded(limits.FILE_SIZE, path, limits.mib(st.st_size))
    if not os.access(path, os.R_OK):
        raise InputNotFound(say("unreadable", path=path, detail=os.strerror(errno.EACCES)), path=str(path))
    return fmt


def _title(pages: list[list[Line]], meta_title: str | None, path: Path) -> str:
    from .normalise import clean

    if meta_title:
        return meta_title
    # The largest text on the first page with text, when it is larger than the body text.
    sizes = Counter(round(ln.size, 1) for p in pages for ln in p if ln.kind is None and ln.size)
    body = sizes.most_common(1)[0][0] if sizes else 0
    for lines in pages[:2]:
        big = [ln for ln in lines if ln.kind is None and ln.size >= body * 1.3 and ln.size]
        if big:
            top = max(ln.size for ln in big)
            parts = [clean(ln.text) for ln in big if abs(ln.size - top) < 0.5]
            text = clean(" ".join(parts))
            if sum(c.isalpha() for c in text) >= 4:
                return text[:200]
    headers = Counter(clean(ln.text) for p in pages for ln in p if ln.kind is BlockKind.HEADER)
    for text, count in headers.most_common(3):
        if count >= 2 and sum(c.isalpha() for c in text) >= 8:
            return text
    for lines in pages[:3]:
        for ln in lines:
            if ln.kind is BlockKind.HEADING and sum(c.isalpha() for c in ln.text) >= 4:
                return clean(ln.text)
    return clean(shown(path.stem))


def read_document(
    path: str | Path,
    *,
    exact_tables: bool = False,
    sha256: str | None = None,
    ocr: bool | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> Document:
    """Read ``path`` into a ``Document``; raises a ``PlanreviewError`` subclass on bad input.

    ``exact_tables`` (PDF only) finds tables with pdfplumber instead of the fast grid finder;
    ``sha256`` spares hashing the file again when the caller already did. ``ocr`` (PDF only):
    True or False to read pages without usable text by OCR or not; None (default) reads them
    when Tesseract is installed and ``PLANREVIEW_OCR`` is not ``0``. ``progress(done, total,
    page_index)`` is called after each OCR'd page. A PDF whose text is mostly garbage raises
    ``GarbledDocument`` (exit 7), a text file in no encoding that gives language
    ``EncodingProblem`` (exit 8). ``jobs`` (PDF only): 2 lets a forked helper read a long PDF's
    pages from the back (``planreview.forked``; the result is the same). ``meanwhile()``, the
    caller's other work, is called once the file has passed the first checks: while the helper
    starts and reads, else before reading; before any other error about the file is raised, so
    that its own errors come before those.
    """
    path = Path(path)
    pending = [meanwhile] if meanwhile is not None else []

    def once() -> None:
        while pending:
            pending.pop()()

    helper: Helper | None = None
    held: int | None = None
    try:
        fmt = check_input(path)
        source = None
        if fmt == "pdf" and jobs > 1 and not exact_tables:
            held, source = _hold(path)
            helper = Helper.start(partial(_pdf_from_the_back, path, source))
        once()
        return _read(path, fmt, exact_tables, sha256, ocr, progress, helper, source)
    except MemoryError:
        once()
        raise limits.memory_error(path) from None
    except RecursionError:
        once()
        raise CorruptDocument(say("corrupt_nested", path=path), path=str(path)) from None
    except OSError as exc:  # the file went away or could not be read half-way
        once()
        raise InputNotFound(say("unreadable", path=path, detail=exc.strerror or exc), path=str(path)) from None
    except Exception:
        once()
        raise
    finally:
        if helper is not None:
            helper.stop()
        if held is not None:
            os.close(held)


def _hold(path: Path) -> tuple[int | None, str | None]:
    """The file at ``path`` opened once, as (descriptor, ``/proc/self/fd/N``), so that a review and
    its helper read the same file even if another is put in its place meanwhile; (None, None)
    where that is not possible (no /proc: then both open ``path``)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None, None
    source = f"/proc/self/fd/{fd}"
    if not os.path.exists(source):
        os.close(fd)
        return None, None
    return fd, source


def _pdf_from_the_back(path: Path, source: str | None, send: Callable[[object], None]) -> None:
    """A helper's work: the PDF read from its last page back (``pdf.read_backwards``; the PDF
    reader is imported here, in the helper, while the parent does other work)."""
    from .pdf import read_backwards

    read_backwards(path, source, send)


def _read(
    path: Path,
    fmt: str,
    exact_tables: bool,
    sha256: str | None,
    ocr: bool | None,
    progress: Progress | None,
    helper: Helper | None = None,
    source: str | None = None,
) -> Document:
    from .layout import build_blocks, join_split_rows, mark_chart_labels, mark_furniture, mark_label_pages, page_labels
    from .malform import guess_malform
    from .normalise import clean

    warnings: list[str] = []
    has_text: list[bool] | None = None
    meta: dict[str, str] = {}
    if fmt == "pdf":
        from .pdf import pdf_title, pdf_warnings, read_pdf_pages, refuse_garbage

        res = read_pdf_pages(path, exact_tables=exact_tables, ocr=ocr, progress=progress, helper=helper, source=source)
        refuse_garbage(res, path)
        pages, has_text, meta = res.pages, res.has_text, res.meta
        drawings = mark_label_pages(pages, res.sheets)
        mark_chart_labels(pages)
        mark_furniture(pages)
        join_split_rows(pages)
        labels: list[str | None] = list(page_labels(pages, res.labels))
        if drawings:
            warnings.append(say("label_pages", pages=", ".join(labels[i] or str(i + 1) for i in drawings)))
        warnings.extend(pdf_warnings(res, labels))
        if res.partly_scanned:
            pages_txt = ", ".join(labels[i] or str(i + 1) for i in res.partly_scanned)
            warnings.append(say("partly_scanned_pages", pages=pages_txt))
        meta_title = pdf_title(meta)
    elif fmt in ("docx", "convert"):
        from .docx import read_docx_pages

        if fmt == "convert":
            from .convert import converted_to_docx

            with converted_to_docx(path) as docx_path:
                docx_read = read_docx_pages(docx_path)
            fmt = path.suffix.lower().lstrip(".")
        else:
            docx_read = read_docx_pages(path)
        pages, meta = docx_read.pages, docx_read.meta
        if docx_read.tracked:
            warnings.append(say("docx_tracked_changes"))
        if docx_read.known:
            labels = [str(i + 1) for i in range(len(pages))]
        else:
            labels = [None] * len(pages)
            warnings.append(say("docx_pages_unknown"))
        meta_title = clean(meta.get("Title", "")) or None
    else:
        from .text import decode, text_pages

        if path.stat().st_size > limits.TEXT_CHARS.value() * 1_000_000:
            raise limits.exceeded(limits.TEXT_CHARS, path, limits.mib(path.stat().st_size))
        text, enc_warnings = decode(path.read_bytes(), path)
        warnings.extend(enc_warnings)
        pages, numbers = text_pages(text, markdown=path.suffix.lower() == ".md")
        mark_furniture(pages)
        labels = list(page_labels(pages, numbers))
        meta_title = None
    if not any(ln.text.strip() for p in pages for ln in p):
        after_ocr = fmt == "pdf" and bool(res.ocr)  # OCR ran and found nothing: «run OCR» would not help
        raise EmptyDocument(say("empty_after_ocr" if after_ocr else "empty", path=path), path=str(path))
    built = build_blocks(pages, labels, has_text=has_text)
    body_text = [b.text for p in built for b in p.blocks if b.is_body]
    return Document(
        source=shown(path),
        sha256=sha256 or (_digest(source) if source else sha256_of(path)),
        title=_title(pages, meta_title, path),
        malform=guess_malform(body_text),
        pages=built,
        warnings=tuple(warnings),
        format=fmt,
        meta=tuple(sorted((k, clean(str(v))) for k, v in meta.items() if v)),
    )
