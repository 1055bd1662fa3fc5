"""OCR of pages without usable text (Tesseract, pages rendered by PDFium) — issue 12.

The tests that run Tesseract are skipped when it (or its Norwegian data) is not installed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from planreview.cli import cli
from planreview.model import BlockKind
from planreview.read import ocr as ocr_module
from planreview.read import read_document

needs_tesseract = pytest.mark.skipif(
    not ocr_module.tesseract_available(), reason="Tesseract with Norwegian data is not installed"
)
WORD = re.compile(r"\w+")


def recovery(source: str, got: str) -> float:
    want = Counter(w.casefold() for w in WORD.findall(source))
    have = Counter(w.casefold() for w in WORD.findall(got))
    return sum(min(c, have[w]) for w, c in want.items()) / max(1, sum(want.values()))


@needs_tesseract
def test_a_scanned_page_is_read_by_ocr_and_marked(fixtures: Path) -> None:
    import make_fixtures

    doc = read_document(fixtures / "scanned-text.pdf")
    page = doc.pages[1]
    assert page.ocr and page.has_text and not doc.pages[0].ocr
    text = " ".join(b.text for b in page.blocks)
    assert recovery(" ".join(["Busetjing av flyktningar", *make_fixtures.SCAN_TEXT]), text) >= 0.95
    assert all(b.ocr for b in page.blocks)
    assert [b.text for b in page.blocks if b.kind is BlockKind.HEADING] == ["Busetjing av flyktningar"]
    assert any("side 2 er lesen med OCR" in w for w in doc.warnings)
    assert not any("tekstlag" in w for w in doc.warnings)


@needs_tesseract
def test_a_pdf_without_tounicode_is_read_by_ocr(fixtures: Path) -> None:
    doc = read_document(fixtures / "no-tounicode.pdf")
    text = " ".join(b.text for b in doc.blocks())
    assert "integreringsarbeidet" in text and "norskopplæring" in text
    assert all(p.ocr for p in doc.pages)


@needs_tesseract
def test_progress_is_reported_per_page(fixtures: Path) -> None:
    calls: list[tuple[int, int, int]] = []
    read_document(fixtures / "scanned-text.pdf", progress=lambda *a: calls.append(a))
    assert calls == [(1, 1, 1)]


def test_no_ocr_names_the_page_and_json_marks_no_block(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANREVIEW_OCR", "1")  # --no-ocr sets it to 0 for the process; restored after the test
    result = CliRunner().invoke(cli, ["inspect", str(fixtures / "scanned-text.pdf"), "--no-ocr", "--json"])
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)
    assert any("Side 2 har ikkje tekstlag" in w for w in model["warnings"])
    assert all(b["ocr"] is False for p in model["pages"] for b in p["blocks"])


def test_without_tesseract_the_warning_says_how_to_install_it(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planreview.read.pdf.tesseract_status", lambda: "tesseract")
    doc = read_document(fixtures / "scanned-text.pdf")
    assert any(
        "Side 2 har ikkje tekstlag" in w and "apt-get install tesseract-ocr tesseract-ocr-nor" in w
        for w in doc.warnings
    )
    monkeypatch.setattr("planreview.read.pdf.tesseract_status", lambda: "nor")
    doc = read_document(fixtures / "scanned-text.pdf")
    assert any("tesseract-ocr-nor" in w for w in doc.warnings)


@needs_tesseract
def test_quotes_from_ocr_pages_say_so_in_report_and_letter(fixtures: Path, tmp_path: Path) -> None:
    import docx

    result = CliRunner().invoke(cli, ["review", str(fixtures / "scanned-text.pdf"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = next(tmp_path.glob("*-rapport.md")).read_text(encoding="utf-8")
    html = next(tmp_path.glob("*-rapport.html")).read_text(encoding="utf-8")
    assert "lesen med OCR, kan ha lesefeil" in md and 'class="ocr"' in html
    letter = docx.Document(str(next(tmp_path.glob("*-fraasegn.docx"))))
    assert any("s. 2" in p.text and "lesen med OCR" in p.text for p in letter.paragraphs)
    assert "OCR: side 2 (1 av 1)" in result.stderr


def image_only_pdf(source: Path, pages: list[int], out: Path, dpi: int = 200) -> None:
    """An image-only rendition of some pages of ``source`` (what a scanner gives)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in pages]
    images[0].save(str(out), "PDF", resolution=dpi, save_all=True, append_images=images[1:])


@needs_tesseract
@needs_corpus
@pytest.mark.corpus
def test_image_only_corpus_pages_come_back_at_95_percent(tmp_path: Path) -> None:
    name = "krodsherad-bosetting-integrering-flyktninger-2024-2028"
    folder = CORPUS / name
    pages = [4, 7]
    scan = tmp_path / "scan.pdf"
    image_only_pdf(folder / f"{name}.pdf", pages, scan)
    doc = read_document(scan)
    assert all(p.ocr for p in doc.pages)
    source = (folder / f"{name}.txt").read_text(encoding="utf-8").split("\f")
    for k, i in enumerate(pages):
        got = " ".join(b.text for b in doc.pages[k].blocks)
        assert recovery(source[i], got) >= 0.95, (i, recovery(source[i], got))
