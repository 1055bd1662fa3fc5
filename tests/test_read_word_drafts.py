"""Word drafts: content controls, text boxes and tracked changes are read (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REALPDF, needs_realpdf

from planreview.model import BlockKind
from planreview.read import read_document


def texts(path: Path) -> list[str]:
    return [b.text for b in read_document(path).blocks()]


def test_content_controls_are_read(fixtures: Path) -> None:
    got = texts(fixtures / "word-draft.docx")
    assert "Innhaldskontroll: Vaksenopplæringa skal gi norskopplæring på kveldstid." in got
    assert "Planen gjeld for Testvik kommune og blir rullert kvart fjerde år." in got


def test_text_boxes_are_read_once_after_their_paragraph(fixtures: Path) -> None:
    got = texts(fixtures / "word-draft.docx")
    box = "Tekstboks: Introduksjonsprogrammet har 40 deltakarar."
    assert got.count(box) == 1  # DrawingML with a VML fallback: one box, read once
    assert got.index("Faktaboksen står ved sida av teksten.") + 1 == got.index(box)
    assert got.count("Gammal boks: Språkkafeen er open kvar tysdag.") == 1  # VML alone


def test_tracked_insertions_are_read_deletions_not_and_said(fixtures: Path) -> None:
    doc = read_document(fixtures / "word-draft.docx")
    got = [b.text for b in doc.blocks()]
    assert "Kommunen skal saman med NAV skaffe praksisplassar til alle deltakarar." in got
    assert "Innsett avsnitt: Biblioteket blir ein møteplass for nye innbyggjarar." in got
    assert not any("kanskje" in t for t in got)
    assert any("spora endringar" in w for w in doc.warnings)


def test_a_docx_without_tracked_changes_has_no_such_warning(fixtures: Path) -> None:
    doc = read_document(fixtures / "overskrift.docx")
    assert not any("spora endringar" in w for w in doc.warnings)


@needs_realpdf
@pytest.mark.corpus
def test_genuine_report_template_reads_each_text_box_once_and_its_toc_as_toc() -> None:
    doc = read_document(REALPDF / "innlandet-fylkesarkiv-rapportmal.docx")
    got = [b.text for b in doc.blocks()]
    # three text boxes, each stored as DrawingML with a VML fallback
    for box in ("PDF/A", "[Dato]", "innlandetfylke.no"):
        assert got.count(box) == 1, box
    # the title in a content control on the cover
    assert any("Testrapport – deponering av elektronisk arkivmateriale" in t for t in got)
    toc = [b for b in doc.blocks() if b.kind is BlockKind.TOC]
    assert len(toc) >= 60 and any(b.text.startswith("1. Oversikt over deponeringen") for b in toc)
    assert not any(b.kind is BlockKind.HEADING and b.text.startswith("3.1.1.") for b in doc.blocks())
