"""Text that is not language is not scored: garbled PDFs, random text files, wide encodings (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planreview.errors import EncodingProblem, ExitCode, GarbledDocument
from planreview.read import read_document
from planreview.read.garbage import damage_reason, garbage_reason


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANREVIEW_OCR", "0")


def test_pdf_without_tounicode_is_refused_with_exit_7_naming_the_cause(fixtures: Path, no_ocr: None) -> None:
    with pytest.raises(GarbledDocument, match=r"no-tounicode\.pdf.*teiknkart.*--no-ocr") as err:
        read_document(fixtures / "no-tounicode.pdf")
    assert err.value.exit_code == ExitCode.EMPTY == 7


def test_custom_encoding_for_aeoeaa_is_named_in_a_warning(fixtures: Path, no_ocr: None) -> None:
    doc = read_document(fixtures / "custom-aeoeaa.pdf")
    assert any("Side 1, 2 har ord med teikn" in w and "æ, ø og å" in w for w in doc.warnings), doc.warnings


def test_ligatures_mapped_to_fffd_are_named_and_real_ligatures_become_letters(fixtures: Path, no_ocr: None) -> None:
    doc = read_document(fixtures / "ligatures-fffd.pdf")
    assert any("ligaturar" in w for w in doc.warnings), doc.warnings
    good = read_document(fixtures / "ligatures.pdf")
    text = " ".join(b.text for b in good.blocks())
    assert "finansiering til fleire tiltak" in text and "offentlege" in text and "\ufb01" not in text
    assert not good.warnings


@pytest.mark.parametrize("name", ["random-letters.txt", "random-unicode.txt"])
def test_random_text_files_are_refused_with_exit_8(fixtures: Path, name: str) -> None:
    with pytest.raises(EncodingProblem, match=name.replace(".", r"\.")) as err:
        read_document(fixtures / name)
    assert err.value.exit_code == 8


@pytest.mark.parametrize("name", ["utf32.txt", "utf32-nobom.txt", "utf16-nobom.txt"])
def test_wide_encodings_are_read(fixtures: Path, name: str) -> None:
    doc = read_document(fixtures / name)
    assert "Kommunen skal busetje flyktningar og gi norskopplæring" in doc.blocks()[0].text
    assert "\x00" not in doc.blocks()[0].text


def test_garbage_rules_on_plain_strings() -> None:
    norwegian = (
        "Kommunen skal arbeide for at innvandrarar og flyktningar kjem raskt i arbeid, og at barn og unge "
        "får eit godt tilbod i barnehage og skule. Vi vil samarbeide med frivillige lag og organisasjonar."
    )
    assert garbage_reason(norwegian) is None and damage_reason(norwegian) is None
    shifted = "".join(chr(ord(c) + 1) if c.isascii() and c.isalpha() else c for c in norwegian)
    assert garbage_reason(shifted) == "letters"
    assert garbage_reason("\x01\x04\x05\x06\x05 \x07\x08\t\n \x07\x0b\x0c\r\x08\x0e\x06 \x0f\x05") == "unmapped"
    assert garbage_reason("丂丄丅丆丏 丐丑丒专且 丕世丗丘丙业丛东丝 丞丟丠両丢丣两严並丧丨丩个丫丬中") == "script"
    assert damage_reason(norwegian.replace("fr", "\ufffd").replace("ar", "\ufffd")) == "replacement"
    assert garbage_reason("Side 3") is None  # too short to judge
    # a table of place names and figures is language, not garbage
    table = " ".join(["Østfold 1 234", "Akershus 2 345", "Oslo 3 456", "Hedmark 4 567", "Oppland 5 678"] * 6)
    assert garbage_reason(table) is None
