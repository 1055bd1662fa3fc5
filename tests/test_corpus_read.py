"""Reading the real plans in ../shared/corpus and the real PDFs in ../shared/realpdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import REALPDF, corpus_docs, needs_corpus, needs_realpdf

from planreview.model import BlockKind
from planreview.read import read_document

WORD = re.compile(r"\w+")
DOCS = corpus_docs()


def source_pages(folder: Path) -> list[str]:
    text = (folder / f"{folder.name}.txt").read_text(encoding="utf-8")
    pages = text.split("\f")
    if text.endswith("\f"):
        pages.pop()
    return pages


def word_recovery(source: str, blocks_text: list[str]) -> float:
    want = Counter(w.casefold() for w in WORD.findall(source))
    got = Counter(w.casefold() for t in blocks_text for w in WORD.findall(t))
    return sum(min(c, got[w]) for w, c in want.items()) / max(1, sum(want.values()))


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("folder", DOCS, ids=[d.name for d in DOCS])
def test_corpus_pdf(folder: Path) -> None:
    doc = read_document(folder / f"{folder.name}.pdf")
    pages = source_pages(folder)
    assert len(doc.pages) == len(pages)
    # At least 99 % of the source's words are in the blocks (any kind: the original's own
    # running headers may rightly be header/footer blocks).
    assert word_recovery("\n".join(pages), [b.text for b in doc.blocks()]) >= 0.99
    # The running header (title) and footer ("Side N") the PDF adds never reach the body.
    title = (folder / "TITLE").read_text(encoding="utf-8").strip()
    for b in doc.blocks(body_only=True):
        assert title not in b.text
        assert not re.search(r"\bSide \d+$", b.text), b.text
    assert [p.label for p in doc.pages] == [str(i + 1) for i in range(len(pages))]


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("folder", DOCS, ids=[d.name for d in DOCS])
def test_corpus_docx_and_txt(folder: Path) -> None:
    pages = source_pages(folder)
    source = "\n".join(pages)
    for ext in ("docx", "txt"):
        doc = read_document(folder / f"{folder.name}.{ext}")
        assert word_recovery(source, [b.text for b in doc.blocks()]) >= 0.99, ext
    txt = read_document(folder / f"{folder.name}.txt")
    assert len(txt.pages) == len(pages)


@needs_corpus
@pytest.mark.corpus
def test_corpus_malform_guess() -> None:
    index = (DOCS[0].parent / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    expected = {}
    for row in index:
        name, _type, _mun, language, *_ = row.split("\t")
        if language.startswith("NYNORSK"):
            expected[name] = "nn"
        elif language == "bokmål":
            expected[name] = "nb"
    for name, malform in expected.items():
        doc = read_document(DOCS[0].parent / name / f"{name}.txt")
        assert doc.malform == malform, name


REAL = sorted(REALPDF.glob("*.pdf")) + sorted(REALPDF.glob("*.docx")) if REALPDF.is_dir() else []
MAP = "evje-og-hornnes-plankart-kjetsaa.pdf"
"""A rotated plan map: scattered labels, no running text (tested on its own below)."""


@needs_realpdf
@pytest.mark.corpus
@pytest.mark.parametrize("path", [p for p in REAL if p.name != MAP], ids=[p.name for p in REAL if p.name != MAP])
def test_realpdf_reads_with_a_sensible_outline(path: Path) -> None:
    doc = read_document(path)
    # Only a page of bare labels and numbers may be called a map or drawing.
    drawn = [m.group(1).split(", ") for w in doc.warnings if (m := re.match(r"Side (.+?) har berre spreidde", w))]
    assert len(drawn) <= 1 and all(len(pages) <= 1 for pages in drawn), drawn
    assert doc.pages and all(p.label for p in doc.pages if path.suffix == ".pdf")
    body = doc.blocks(body_only=True)
    assert sum(len(b.text) for b in body) > 500
    assert doc.title and len(doc.title) < 250
    assert any(b.kind is BlockKind.HEADING for b in body)
    # headings are short lines, not paragraphs mistaken for titles
    assert all(len(b.text) <= 300 for b in body if b.kind is BlockKind.HEADING)


def page_recovery(source_pages: list[str], pages: list[str]) -> float:
    """Share of pdftotext's words found on the same page of ours: as a word, or (after spaces and
    punctuation are taken out of both) inside our page's text. The second counts what pdftotext
    cuts up or glues that a reader rightly keeps whole: letters of a label set at an angle
    («Sv», «er», «ige»), words glued across a gap, a hyphen it kept."""
    missing = total = 0
    for i, text in enumerate(source_pages):
        want = Counter(w.casefold() for w in WORD.findall(text))
        ours = pages[i] if i < len(pages) else ""
        got = Counter(w.casefold() for w in WORD.findall(ours))
        squeezed = re.sub(r"\W+", "", ours).casefold()
        total += sum(want.values())
        missing += sum(c - got[w] for w, c in want.items() if c > got[w] and w not in squeezed)
    return 1 - missing / max(1, total)


@needs_realpdf
@pytest.mark.corpus
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("path", sorted(REALPDF.glob("*.pdf")), ids=lambda p: p.name)
def test_realpdf_word_recovery_against_pdftotext(path: Path) -> None:
    source = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    doc = read_document(path, ocr=False)
    ours = [" ".join(b.text for b in p.blocks) for p in doc.pages]
    assert page_recovery(source.split("\f"), ours) >= 0.99


@needs_realpdf
@pytest.mark.corpus
def test_realpdf_partly_scanned_pages_are_reported() -> None:
    doc = read_document(REALPDF / "oslobygg-oppsummering-uttalelser-hoff-skole.pdf")
    assert any("bilete" in w and "Side " in w for w in doc.warnings)


@needs_realpdf
@pytest.mark.corpus
def test_realpdf_docx_footnotes_and_headings() -> None:
    doc = read_document(REALPDF / "prop108L-spraklova-nn.docx")
    notes = [b for b in doc.blocks() if b.kind is BlockKind.FOOTNOTE]
    assert len(notes) >= 40
    assert doc.malform == "nn"
    levels = Counter(b.level for b in doc.blocks() if b.kind is BlockKind.HEADING)
    assert levels[1] >= 10 and levels[2] >= 30


@needs_realpdf
@pytest.mark.corpus
def test_realpdf_landscape_report_has_running_footers() -> None:
    doc = read_document(REALPDF / "vianova-kmd-rapport-fylkesvegkriteriet.pdf")
    footers = [b for b in doc.blocks() if b.kind is BlockKind.FOOTER]
    assert len(footers) >= len(doc.pages) // 2
    assert any(b.kind is BlockKind.TOC for b in doc.blocks())


@needs_realpdf
@pytest.mark.corpus
def test_realpdf_plan_map_is_read_as_labels_not_as_an_outline() -> None:
    """A good reader of a near-empty map keeps every label, invents no headings or page
    furniture from map codes and contour heights, and tells the planner what the page is."""
    doc = read_document(REALPDF / MAP)
    assert len(doc.pages) == 1
    texts = [b.text for b in doc.blocks()]
    assert {"Åsmondsfordalen", "Sveindalsvegen", "Revedalen"} <= set(texts)
    assert all(b.kind is BlockKind.PARAGRAPH for b in doc.blocks())
    assert any("Side" in w and "merkelappar" in w for w in doc.warnings), doc.warnings
