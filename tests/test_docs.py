"""The README documents every command with an example, and every exit code."""

from __future__ import annotations

from pathlib import Path

import click

from planreview.cli import cli
from planreview.errors import ExitCode

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix}{name} ")
        else:
            out.append(f"{prefix}{name}")
    return out


def test_every_command_has_a_readme_example() -> None:
    for command in _commands(cli):
        assert f"planreview {command}" in README, command
        assert f"### `planreview {command.split()[0]}" in README, command


def test_every_exit_code_is_in_the_readme() -> None:
    for code in ExitCode:
        assert f"| {int(code)} |" in README, code


def test_readme_has_exactly_the_two_setup_commands() -> None:
    setup = README.split("## Set-up: two commands", 1)[1].split("##", 1)[0]
    block = setup.split("```bash", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert lines == ["bash run.sh demo", "bash run.sh test"]


def test_benchmark_scripts_run() -> None:
    """The benchmarks are scripts, not timed tests; this only checks they still run and report."""
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    read = subprocess.run(
        [
            sys.executable,
            "-m",
            "planreview.bench",
            "read",
            str(root / "examples"),
            "--no-pdfplumber",
            "--rounds",
            "1",
            "--score",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "| planreview read |" in read and "| planreview read+score |" in read
    batch = subprocess.run(
        [sys.executable, "-m", "planreview.bench", "batch", str(root / "examples"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "| planreview batch --jobs 2 |" in batch and "2 jobs / 1 job:" in batch


def test_no_agpl_pdf_library_is_installed() -> None:
    """PyMuPDF (AGPL) must never come in, not even through another package."""
    import importlib.metadata as md

    names = {(d.metadata["Name"] or "").lower() for d in md.distributions()}
    assert not names & {"pymupdf", "pymupdfb", "pymupdf4llm", "borb"}
