"""The county batch: matrix outputs, error rows, resumability, crash isolation, escaping."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RUBRIC_THEMES

from planreview.batch import discover, municipality_number
from planreview.cli import cli
from planreview.errors import ExitCode

ROOT = Path(__file__).parent.parent

PLAN = """# Kommuneplanens samfunnsdel for {name} kommune

## Kunnskapsgrunnlag

{fact}

## Arbeid

### Mål

- {goal}
"""


@pytest.fixture()
def county(tmp_path: Path, fixtures: Path) -> Path:
    root = tmp_path / "planar"
    (root / "nord").mkdir(parents=True)
    (root / "sor").mkdir()
    (root / "nord" / "1515_heroy-samfunnsdel.md").write_text(
        PLAN.format(
            name="Herøy",
            fact="Innvandrarar utgjer 9 prosent av befolkninga.",
            goal="Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.",
        ),
        encoding="utf-8",
    )
    (root / "nord" / "1516-ulstein.txt").write_text(
        "Kommuneplanens samfunnsdel for Ulstein kommune\n\nKommunen skal ha gode tenester for alle.\n",
        encoding="utf-8",
    )
    (root / "sor" / "skript.md").write_text(
        PLAN.format(name="<script>alert(1)</script>Testvik", fact="Ingen tal.", goal="Gode tenester."),
        encoding="utf-8",
    )
    shutil.copy(ROOT / "examples" / "fjordvik-samfunnsdel-nn.pdf", root / "sor" / "fjordvik-samfunnsdel-nn.pdf")
    shutil.copy(ROOT / "examples" / "granlia-planstrategi-nb.docx", root / "sor" / "granlia-planstrategi-nb.docx")
    shutil.copy(fixtures / "truncated.pdf", root / "sor" / "skadd.pdf")
    shutil.copy(fixtures / "encrypted.pdf", root / "sor" / "passord.pdf")
    return root


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def matrix(out: Path) -> list[dict[str, str]]:
    with (out / "matrix.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_batch_full_matrix_with_error_rows_and_exit_code(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    code, output = run(
        "batch", str(county), "--out", str(out), "--jobs", "2", "--quiet", "--format", "html", "--format", "json"
    )
    assert code == ExitCode.BATCH_FAILURES, output
    rows = matrix(out)
    assert len(rows) == 7
    assert list(rows[0])[:5] == ["file", "kommune", "kommunenummer", "title", "status"]
    assert list(rows[0])[5:] == RUBRIC_THEMES
    errors = {Path(r["file"]).name: r for r in rows if r["status"] == "error"}
    assert set(errors) == {"skadd.pdf", "passord.pdf"}
    assert all(r["sysselsetting"] == "" for r in errors.values())
    by_name = {Path(r["file"]).name: r for r in rows}
    heroy = by_name["1515_heroy-samfunnsdel.md"]
    assert heroy["kommunenummer"] == "1515" and heroy["kommune"] == "Herøy kommune"
    assert heroy["sysselsetting"] == "2" and heroy["demografi"] == "1"
    assert by_name["fjordvik-samfunnsdel-nn.pdf"]["sysselsetting"] == "3"
    assert by_name["1516-ulstein.txt"]["kommunenummer"] == "1516"
    assert "passordverna" in output and "avkorta" in output
    # each plan's own report is there and the overview links to it
    reports = list((out / "plans").rglob("*-rapport.html"))
    assert len(reports) == 5
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert "plans/fjordvik-samfunnsdel-nn/fjordvik-samfunnsdel-nn-rapport.html" in overview


def test_rerun_does_no_work_and_resumes(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7
    code, output = run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    assert code == ExitCode.BATCH_FAILURES
    assert "7 uendra og hoppa over" in output
    assert (out / "results.jsonl").read_text(encoding="utf-8").splitlines() == lines
    # a changed plan is done again, the rest skipped
    heroy = county / "nord" / "1515_heroy-samfunnsdel.md"
    heroy.write_text(heroy.read_text(encoding="utf-8") + "\nFlyktningar får tilbod om språkkafé.\n", encoding="utf-8")
    code, output = run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    assert "6 uendra og hoppa over" in output
    # a line cut short by a crash is ignored, not fatal
    with (out / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"key": "halv')
    code, output = run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    assert "7 uendra" in output


def test_xlsx_reads_back(county: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "ut"
    run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    wb = openpyxl.load_workbook(out / "matrix.xlsx")
    assert wb.sheetnames == ["Matrise", "Evidens", "Feil"]
    ws = wb["Matrise"]
    head = [c.value for c in ws[1]]
    assert head[:5] == ["Fil", "Kommune", "Kommunenr.", "Tittel", "Status"]
    assert head[5] == "Lovgrunnlag, forankring og regionale koplingar" and head[13] == "Kultur og frivilligheit"
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.startswith("A1:")
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    heroy = rows["1515_heroy-samfunnsdel.md"]
    assert heroy[2].value == "1515" and heroy[4].value == "ok" and heroy[11].value == 2
    assert heroy[11].fill.fgColor.rgb.endswith("C9DAF0")  # level 2 coloured
    errors = [[c.value for c in r] for r in wb["Feil"].iter_rows(min_row=2)]
    assert sorted(e[0] for e in errors) == ["passord.pdf", "skadd.pdf"]
    quotes = [r[7].value for r in wb["Evidens"].iter_rows(min_row=2)]
    assert any("Innvandrarar utgjer 9 prosent" in q for q in quotes)


def test_overview_escapes_plan_titles(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    run("batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "html")
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in overview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Testvik" in overview
    assert overview.count("<script>") == 1  # only the table sorter


def test_mapping_file_overrides_names(county: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "kommunar.csv"
    mapping.write_text("file;kommune;kommunenummer\nskript.md;Vestvik;1599\n", encoding="utf-8")
    out = tmp_path / "ut"
    run(
        "batch", str(county), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json", "--mapping", str(mapping)
    )
    row = next(r for r in matrix(out) if r["file"].endswith("skript.md"))
    assert (row["kommune"], row["kommunenummer"]) == ("Vestvik", "1599")
    bad = tmp_path / "feil.csv"
    bad.write_text("namn,nummer\nx,1\n", encoding="utf-8")
    code, output = run("batch", str(county), "--out", str(out), "--mapping", str(bad))
    assert code == ExitCode.SETTINGS and "feil.csv" in output


def test_a_crashing_reader_takes_only_its_own_plan(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANREVIEW_FAULT_CRASH_ON", "1516-ulstein.txt")
    out = tmp_path / "ut"
    code, output = run("batch", str(county), "--out", str(out), "--jobs", "2", "--quiet", "--format", "json")
    assert code == ExitCode.BATCH_FAILURES
    assert "krasj" in output
    rows = {Path(r["file"]).name: r for r in matrix(out)}
    assert rows["1516-ulstein.txt"]["status"] == "error"
    assert sum(1 for r in rows.values() if r["status"] == "ok") == 4
    records = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert next(r for r in records if r["file"].endswith("1516-ulstein.txt"))["kind"] == "WorkerCrash"


def test_discover_and_numbers(county: Path) -> None:
    names = [p.name for p in discover([county])]
    assert names == sorted(names, key=lambda n: names.index(n)) and len(names) == 7
    assert municipality_number("3318_krodsherad-2024-2028.pdf") == "3318"
    assert municipality_number("samfunnsdel-2018-2030.pdf") is None
    assert municipality_number("plan-2026.pdf") is None
