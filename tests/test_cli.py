"""The command line: outline, JSON shape, and one clear line per bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planreview.cli import cli
from planreview.errors import ExitCode


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planreview", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_inspect_prints_outline(fixtures: Path) -> None:
    res = CliRunner().invoke(cli, ["inspect", str(fixtures / "headings.pdf")])
    assert res.exit_code == 0, res.output
    assert "Tittel: Samfunnsdelen for Testvik" in res.output
    assert "s. 2" in res.output and "Kapittel 2: Oppvekst" in res.output
    assert "overskrifter" in res.output


def test_inspect_bokmal_messages(fixtures: Path) -> None:
    res = CliRunner().invoke(cli, ["--malform", "nb", "inspect", str(fixtures / "scanned.pdf")])
    assert res.exit_code == 0
    assert "Advarsel: Side 2 har ikke tekstlag" in res.output


def test_inspect_json_has_exactly_the_contract(fixtures: Path) -> None:
    res = CliRunner().invoke(cli, ["inspect", "--json", str(fixtures / "table.pdf")])
    data = json.loads(res.output)
    assert set(data) == {"title", "malform", "pages", "warnings"}
    page = data["pages"][0]
    assert set(page) == {"index", "label", "blocks"} and page["index"] == 0 and page["label"] == "1"
    for block in page["blocks"]:
        assert set(block) == {"kind", "text", "level", "section", "ocr"}  # "ocr" added by issue 12
        assert block["ocr"] is False
        assert isinstance(block["section"], list)
        assert block["kind"] in {"heading", "paragraph", "list_item", "table_cell", "header", "footer", "toc"}


BAD = [
    ("missing.pdf", ExitCode.NOT_FOUND),
    ("not-a-pdf.pdf", ExitCode.CORRUPT),
    ("truncated.pdf", ExitCode.CORRUPT),
    ("encrypted.pdf", ExitCode.ENCRYPTED),
    ("not-a-zip.docx", ExitCode.CORRUPT),
    ("empty.pdf", ExitCode.EMPTY),
    ("empty.txt", ExitCode.EMPTY),
    ("garbage.txt", ExitCode.ENCODING),
    ("random-letters.txt", ExitCode.ENCODING),
    # .odt is read through LibreOffice: a broken one is damaged; without LibreOffice, unsupported
    ("plan.odt", ExitCode.CORRUPT if shutil.which("soffice") else ExitCode.UNSUPPORTED),
    ("plan.xyz", ExitCode.UNSUPPORTED),
]


@pytest.mark.parametrize(("name", "code"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_one_line_own_exit_code_no_traceback(fixtures: Path, name: str, code: ExitCode) -> None:
    res = run("inspect", str(fixtures / name))
    assert res.returncode == int(code), res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert name in lines[0]
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_debug_shows_the_traceback(fixtures: Path) -> None:
    res = run("--debug", "inspect", str(fixtures / "encrypted.pdf"))
    assert res.returncode == int(ExitCode.ENCRYPTED)
    assert "Traceback" in res.stderr


def test_exit_codes_are_distinct() -> None:
    values = [int(c) for c in ExitCode]
    assert len(values) == len(set(values))


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        res = CliRunner().invoke(cli, [name, "--help"])
        assert res.exit_code == 0 and command.help, name
        assert "Example" in res.output or "Eksempel" in res.output, name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["review", "plan.pdf", "--unit", "x"], "Ukjend val «--unit»"),
        (["--malform", "nb", "review"], "Mangler 'FILE'. Se «planreview review --help»"),
        (["batch", "mappe", "--jobs", "mange"], "Ugyldig verdi for '--jobs'. Skriv eit heiltal."),
        (["review", "plan.pdf", "--format", "pdf"], "Vel mellom «docx», «html», «md», «json»"),
        (["frobnicate"], "Ukjend kommando «frobnicate»"),
        (["review", "a.pdf", "b.pdf"], "For mange argument: «b.pdf»"),
    ],
)
def test_command_line_mistakes_are_said_in_norwegian(
    args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from planreview.cli import main

    monkeypatch.setattr(sys, "argv", ["planreview", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "Usage" not in err and "Error" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_standard_output_is_an_output_error(fixtures: Path) -> None:
    # a disk that is full is the output's problem (exit 13, one line), not a bug in planreview (70)
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "planreview", "inspect", str(fixtures / "headings.pdf")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert res.returncode == ExitCode.OUTPUT, res.stderr
    assert res.stderr.count("\n") == 1 and "standard utdata" in res.stderr and "Traceback" not in res.stderr
