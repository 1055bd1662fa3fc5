""".doc, .odt and .rtf are read through LibreOffice when it is installed (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REALPDF, needs_realpdf

from planreview.errors import CorruptDocument, ExitCode, UnsupportedFormat
from planreview.model import BlockKind
from planreview.read import SUPPORTED, read_document

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@needs_soffice
def test_odt_is_read_with_its_headings(fixtures: Path) -> None:
    doc = read_document(fixtures / "plan-lo.odt")
    heads = [(b.level, b.text) for b in doc.blocks() if b.kind is BlockKind.HEADING]
    assert heads == [(1, "Busetjing og integrering"), (2, "Tiltak")]
    assert "Kommunen skal busetje flyktningar og gi alle vaksne norskopplæring." in [b.text for b in doc.blocks()]
    assert doc.format == "odt"


@needs_soffice
def test_rtf_is_read_with_its_letters(fixtures: Path) -> None:
    texts = [b.text for b in read_document(fixtures / "plan-lo.rtf").blocks()]
    assert "Kommunen skal gi flyktningar praksisplass i løpet av introduksjonsprogrammet." in texts
    assert "Frivilligsentralen driv språkkafé for nye innbyggjarar." in texts


@needs_soffice
def test_doc_is_read(fixtures: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(fixtures / "overskrift.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = read_document(tmp_path / "overskrift.doc")
    heads = [b.text for b in doc.blocks() if b.kind is BlockKind.HEADING]
    assert "Innleiing" in heads and "Mål for integrering" in heads
    assert "Fleire flyktningar skal kome i arbeid." in [b.text for b in doc.blocks()]


@needs_soffice
def test_a_broken_odt_is_refused_as_damaged(fixtures: Path) -> None:
    with pytest.raises(CorruptDocument, match=r"plan\.odt: LibreOffice kunne ikkje opne fila"):
        read_document(fixtures / "plan.odt")


@needs_soffice
@needs_realpdf
@pytest.mark.corpus
def test_genuine_legacy_doc_letter_template_is_read() -> None:
    doc = read_document(REALPDF / "ks-mal-brev-hoering-offentlig-ettersyn.doc")
    text = " ".join(b.text for b in doc.blocks())
    assert "offentlig ettersyn" in text.casefold() and len(text) > 500


def test_without_libreoffice_the_message_says_how_to_install_it(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planreview.read.convert.soffice", lambda: None)
    with pytest.raises(UnsupportedFormat, match=r"plan-lo\.odt.*apt-get install libreoffice-writer-nogui") as err:
        read_document(fixtures / "plan-lo.odt")
    assert err.value.exit_code == ExitCode.UNSUPPORTED


def test_batch_finds_the_converted_formats() -> None:
    assert {".doc", ".odt", ".rtf"} <= set(SUPPORTED)


def test_conversion_time_limit(fixtures: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr("planreview.read.convert.soffice", lambda: str(slow))
    monkeypatch.setenv("PLANREVIEW_CONVERT_SECONDS", "1")
    with pytest.raises(CorruptDocument, match=r"plan-lo\.odt: LibreOffice vart ikkje ferdig .* 1 sekund"):
        read_document(fixtures / "plan-lo.odt")
