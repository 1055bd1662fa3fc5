"""The county batch: matrix outputs, error rows, resumability, crash isolation, escaping."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
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


# --- never lose work ------------------------------------------------------------------------


def _many_plans(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"plan{i:03d}.md").write_text(
            PLAN.format(
                name=f"Testvik {i}", fact="Innvandrarar utgjer 9 prosent.", goal="Fleire flyktningar i arbeid."
            ),
            encoding="utf-8",
        )
    return root


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0
    except OSError:
        return False


def _start_batch(plans: Path, out: Path, slow: str) -> subprocess.Popen[str]:
    import os
    import sys

    env = {**os.environ, "PLANREVIEW_FAULT_SLEEP_ON": slow, "PLANREVIEW_FAULT_SLEEP_S": "120"}
    return subprocess.Popen(
        [sys.executable, "-m", "planreview", "batch", str(plans), "--out", str(out), "--jobs", "2", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_records(out: Path, n: int) -> None:
    import time

    for _ in range(600):
        path = out / "results.jsonl"
        if path.exists() and len(path.read_text(encoding="utf-8").splitlines()) >= n:
            return
        time.sleep(0.1)
    raise AssertionError("the batch never got going")


def _recorded(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def _written(out: Path) -> set[str]:
    """The plans whose outputs are in place (a folder with a finished report)."""
    return {d.name for d in (out / "plans").iterdir() if any(d.glob("*-vurdering.json"))}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_ctrl_c_stops_in_order_and_records_every_written_plan(tmp_path: Path) -> None:
    import signal

    plans = _many_plans(tmp_path / "planar", 60)
    out = tmp_path / "ut"
    proc = _start_batch(plans, out, "plan059.md")  # one plan that would run for two minutes
    _wait_for_records(out, 3)
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.INTERRUPTED, stderr
    assert "Avbrote" in stderr and "Traceback" not in stderr
    assert not [w for w in workers if _alive(w)]  # the workers stopped with the batch
    records = _recorded(out)
    assert {Path(str(r["file"])).stem for r in records} == _written(out)  # nothing written is unrecorded
    assert len(records) < 60  # it stopped: the slow plan never finished
    # the rerun does the rest and duplicates nothing
    code, output = run("batch", str(plans), "--out", str(out), "--jobs", "2", "--quiet")
    assert code == 0, output
    keys = [r["key"] for r in _recorded(out)]
    assert len(keys) == len(set(keys)) == 60
    assert not list(out.rglob(".planreview-*"))  # nothing half-written is left


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sigkill_of_the_parent_takes_the_workers_and_a_rerun_loses_nothing(tmp_path: Path) -> None:
    import signal
    import time

    plans = _many_plans(tmp_path / "planar", 30)
    out = tmp_path / "ut"
    proc = _start_batch(plans, out, "plan029.md")
    _wait_for_records(out, 3)
    workers = _children(proc.pid)
    assert workers
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    for _ in range(100):
        if not [w for w in workers if _alive(w)]:
            break
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "orphaned workers"
    # a line cut short by the kill, if any, is cut off; the rerun completes the batch
    with (out / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"key": "halv')
    code, output = run("batch", str(plans), "--out", str(out), "--jobs", "2", "--quiet")
    assert code == 0, output
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line whole
    assert len({r["key"] for r in records}) == len(records) == 30
    rows = matrix(out)
    assert len(rows) == 30 and all(r["status"] == "ok" for r in rows)


def test_a_changed_setting_redoes_the_plans(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    args = ["batch", str(county / "nord"), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json"]
    run(*args)
    settings = tmp_path / "brev.yaml"
    settings.write_text("county: Møre og Romsdal fylkeskommune\n", encoding="utf-8")
    _code, output = run(*args, "--settings", str(settings))
    assert "0 uendra" in output, output
    _code, output = run(*args, "--settings", str(settings))
    assert "2 uendra" in output, output
    _code, output = run(*args)
    assert "2 uendra" in output  # the first run's records still count for the first settings


def test_identical_plans_in_two_folders_get_two_rows_and_two_folders(tmp_path: Path) -> None:
    root = tmp_path / "planar"
    for folder in ("heroy", "ulstein", "same"):
        (root / folder).mkdir(parents=True)
    text = PLAN.format(name="Herøy", fact="Innvandrarar utgjer 9 prosent.", goal="Fleire flyktningar i arbeid.")
    (root / "heroy" / "plan.md").write_text(text, encoding="utf-8")
    (root / "ulstein" / "plan.md").write_text(text, encoding="utf-8")
    (root / "same" / "plan.md").write_text(text, encoding="utf-8")
    (root / "same" / "plan.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "ut"
    code, output = run("batch", str(root), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    assert code == 0, output
    files = sorted(Path(r["file"]).relative_to(root).as_posix() for r in matrix(out))
    assert files == ["heroy/plan.md", "same/plan.md", "same/plan.txt", "ulstein/plan.md"]
    folders = sorted(p.name for p in (out / "plans").iterdir())
    assert folders == ["heroy-plan", "same-plan-md", "same-plan-txt", "ulstein-plan"]


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    root = tmp_path / "planar"
    root.mkdir()
    (root / "=plan.md").write_text(
        '# =HYPERLINK("http://x.invalid","klikk")\n\nFlyktningar skal busetjast.\n', encoding="utf-8"
    )
    out = tmp_path / "ut"
    run("batch", str(root), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    row = matrix(out)[0]
    assert row["title"].startswith("'=HYPERLINK(")
    raw = (out / "matrix.csv").read_text(encoding="utf-8")
    assert ",=HYPERLINK" not in raw and ',"=HYPERLINK' not in raw


def test_a_plan_over_its_time_limit_is_an_error_row(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANREVIEW_FAULT_SLEEP_ON", "1516-ulstein.txt")
    monkeypatch.setenv("PLANREVIEW_FAULT_SLEEP_S", "30")
    monkeypatch.setenv("PLANREVIEW_MAX_PLAN_S", "1")
    out = tmp_path / "ut"
    code, output = run("batch", str(county / "nord"), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json")
    assert code == ExitCode.BATCH_FAILURES, output
    rows = {Path(r["file"]).name: r for r in matrix(out)}
    assert rows["1516-ulstein.txt"]["status"] == "error" and rows["1515_heroy-samfunnsdel.md"]["status"] == "ok"
    record = next(r for r in _recorded(out) if str(r["file"]).endswith("1516-ulstein.txt"))
    assert record["exit_code"] == ExitCode.LIMIT and "PLANREVIEW_MAX_PLAN_S" in str(record["error"])


def test_a_blank_number_in_the_mapping_means_not_given(county: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "kommunar.csv"
    mapping.write_text("file;kommune;kommunenummer\n1515_heroy-samfunnsdel.md;Herøy;\n1516-ulstein.txt;;301\n")
    out = tmp_path / "ut"
    code, output = run(
        "batch", str(county / "nord"), "--out", str(out), "--quiet", "--format", "json", "--mapping", str(mapping)
    )
    assert code == 0, output
    rows = {Path(r["file"]).name: r for r in matrix(out)}
    assert rows["1515_heroy-samfunnsdel.md"]["kommunenummer"] == "1515"  # from the file name, not «0000»
    assert rows["1516-ulstein.txt"]["kommunenummer"] == "0301"
