"""The service layer (planreview.api): what the CLI and the web app share, and the CLI's habits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planreview import api
from planreview.cli import cli
from planreview.errors import ExitCode, OverridesError

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "fjordvik-samfunnsdel-nn.md"


@pytest.fixture(scope="module")
def result() -> api.Review:
    return api.review(EXAMPLE, lang="nn")


def test_review_json_is_the_cli_json(result: api.Review) -> None:
    res = CliRunner().invoke(cli, ["review", str(EXAMPLE), "--format", "json", "--out", "-", "--date", "1. mai 2027"])
    assert res.exit_code == 0, res.output
    settings = api.letter_settings(date="1. mai 2027")
    assert json.loads(res.output) == api.review_json(result, settings, "nn")
    assert json.loads(api.render_text(result, "json", settings=settings, lang="nn")) == json.loads(res.output)


def _first_quote(result: api.Review) -> tuple[str, str]:
    theme = next(t for t in result.assessment.themes if t.evidence)
    return theme.id, theme.evidence[0].text


def test_correct_drops_a_quote_and_records_who(result: api.Review) -> None:
    theme, quote = _first_quote(result)
    fixed = api.correct(
        result, [api.Correction(reason="Feil tema for dette sitatet.", by="Kari Nordmann", drop_evidence=quote)]
    )
    texts = [e.text for t in fixed.assessment.themes for e in t.evidence]
    assert quote not in texts and quote in [e.text for e in result.assessment.theme(theme).evidence]
    change = fixed.assessment.changes[0]
    assert change.by == "Kari Nordmann" and change.reason == "Feil tema for dette sitatet."
    data = api.review_json(fixed, None, "nn")
    assert data["changes"][0]["before"] == quote  # the record of the change names it ...
    assert quote not in json.dumps({k: v for k, v in data.items() if k != "changes"}, ensure_ascii=False)


def test_a_correction_that_matches_nothing_is_exit_12(result: api.Review) -> None:
    with pytest.raises(OverridesError) as err:
        api.correct(result, [api.Correction(reason="Finst ikkje.", by="Kari", drop_evidence="ingen slik tekst her")])
    assert err.value.exit_code == ExitCode.OVERRIDES and "rettingar:1" in str(err.value)
    with pytest.raises(OverridesError):
        api.correct(result, [api.Correction(reason="Ukjent tema.", by="Kari", theme="ukjent", level=1)])


def test_corrections_round_trip_through_the_overrides_file(result: api.Review, tmp_path: Path) -> None:
    theme, quote = _first_quote(result)
    items = [
        api.Correction(reason='Sitat med «hermeteikn» og "anførsel": og #', by="Kari", drop_evidence=quote, at="x"),
        api.Correction(reason="Tiltaket er ikkje vedteke.", by="Ola", theme=theme, level=1),
    ]
    path = tmp_path / "rettingar.yaml"
    path.write_text(api.corrections_yaml(items), encoding="utf-8")
    back = api.load_corrections(path, result.checklist)
    assert [c.entry() for c in back] == [c.entry() for c in items]
    # and the CLI applies the file the web app writes
    out = tmp_path / "ut"
    res = CliRunner().invoke(cli, ["review", str(EXAMPLE), "--overrides", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads((out / "fjordvik-samfunnsdel-nn-vurdering.json").read_text(encoding="utf-8"))
    assert [c["by"] for c in data["changes"]][:1] == ["Kari"]


def test_render_gives_every_format(result: api.Review) -> None:
    docx = api.render(result, "docx")
    assert docx[:2] == b"PK"
    html = api.render(result, "html").decode("utf-8")
    assert html.startswith("<!doctype html>")
    assert api.render(result, "md").decode("utf-8").startswith("#")


def test_review_to_folder_turns_bad_input_into_a_record(tmp_path: Path) -> None:
    bad = tmp_path / "stored-0001.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a pdf")
    outcome = api.review_to_folder(bad, tmp_path / "out", source="Planen vår.pdf")
    assert outcome.review is None
    rec = outcome.record
    assert rec["status"] == "error" and rec["exit_code"] == int(ExitCode.CORRUPT)
    assert "Planen vår.pdf" in rec["error"] and "stored-0001" not in rec["error"]
    good = api.review_to_folder(EXAMPLE, tmp_path / "ok", source="fjordvik.md", formats=("json",))
    assert good.record["status"] == "ok" and good.record["assessment"]["document"]["source"] == "fjordvik.md"
    assert good.review is not None


def test_an_installed_package_adds_a_checklist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A county's package names its checklist in the «planreview.checklists» entry-point group."""
    src = ROOT / "checklists" / "integrering.yaml"
    text = src.read_text(encoding="utf-8").replace("id: integrering", "id: fylket-vaart", 1)
    assert "id: fylket-vaart" in text
    pkg = tmp_path / "fylket_vaart"
    pkg.mkdir()
    (pkg / "sjekkliste.yaml").write_text(text, encoding="utf-8")
    (pkg / "__init__.py").write_text(
        "from pathlib import Path\nCHECKLIST = Path(__file__).parent / 'sjekkliste.yaml'\n", encoding="utf-8"
    )
    dist = tmp_path / "fylket_vaart-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fylket-vaart\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[planreview.checklists]\nfylket-vaart = fylket_vaart:CHECKLIST\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = {c.id: c for c in api.checklists()}
    assert "integrering" in found and "fylket-vaart" in found
    assert found["fylket-vaart"].source == "fylket-vaart"
    assert api.find_checklist("fylket-vaart") == pkg / "sjekkliste.yaml"
    res = CliRunner().invoke(cli, ["checklist", "list"])
    assert "fylket-vaart" in res.output
    data = api.review_json(api.review(EXAMPLE, "fylket-vaart", lang="nn"))
    assert data["checklist"]["id"] == "fylket-vaart"


def test_malform_works_after_the_command_too(tmp_path: Path) -> None:
    missing = tmp_path / "finst-ikkje.pdf"
    for args in (["--malform", "nb", "inspect", str(missing)], ["inspect", str(missing), "--malform", "nb"]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == int(ExitCode.NOT_FOUND)
        assert "filen finnes ikke" in res.output, args
    res = CliRunner().invoke(cli, ["inspect", str(missing)])
    assert "fila finst ikkje" in res.output
    out = tmp_path / "nb"
    res = CliRunner().invoke(cli, ["review", str(EXAMPLE), "--out", str(out), "--format", "docx", "--malform", "nb"])
    assert res.exit_code == 0, res.output
    assert (out / "fjordvik-samfunnsdel-nn-hoeringsuttalelse.docx").exists()
    args = ["batch", str(EXAMPLE), "--out", str(tmp_path / "b"), "--malform", "nb", "--jobs", "1"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0 and "planer:" in res.output, res.output


HEAVY = ("docxtpl", "docx", "jinja2", "xlsxwriter", "rich", "openpyxl", "pdfplumber", "fastapi", "uvicorn", "ruamel")


def _imported(*args: str) -> set[str]:
    """The top-level modules a whole `planreview …` process imported (printed at exit)."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})),"
        " file=sys.stderr))\n"
        "from planreview.cli import main\n"
        f"sys.argv = ['planreview', *{list(args)!r}]\n"
        "main()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    line = next(ln for ln in res.stderr.splitlines() if ln.startswith("MODULES"))
    return set(line.split()[1:])


def test_each_command_imports_only_what_it_needs() -> None:
    json_review = _imported("review", str(EXAMPLE), "--format", "json", "--out", "-")
    assert not json_review & set(HEAVY), json_review & set(HEAVY)
    # The checklist is in the cache now (validated when it was put there): it is compiled
    # without pydantic, and letter settings without a file need none either.
    json_review = _imported("review", str(EXAMPLE), "--format", "json", "--out", "-")
    assert not json_review & {*HEAVY, "pydantic"}, json_review & {*HEAVY, "pydantic"}
    helped = _imported("--help")
    assert not helped & {*HEAVY, "pypdfium2", "pydantic"}, helped & {*HEAVY, "pypdfium2", "pydantic"}
    listed = _imported("checklist", "list")
    assert "pypdfium2" not in listed and not listed & set(HEAVY)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_cli_speed_benchmark_runs() -> None:
    """Speed is measured by the benchmark, not here; this only checks that it still reports."""
    res = subprocess.run(
        [sys.executable, "-m", "planreview.bench", "cli", str(EXAMPLE.with_suffix(".pdf")), "-r1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "pdftotext" in res.stdout and "×" in res.stdout


def test_version_from_json_reads_the_plan_it_names_under_another_name(result: api.Review, tmp_path: Path) -> None:
    data = api.review_json(result)
    alone = api.version_from_json(data, "plan.md")
    assert alone.sentences is None and alone.source == "plan.md" and alone.letter is not None
    stored = tmp_path / "0123456789abcdef.md"  # an upload kept under a generated name
    shutil.copy(EXAMPLE, stored)
    whole = api.version_from_json(data, "plan.md", plan=stored)
    assert whole.sentences and whole.quotes == alone.quotes and whole.source == "plan.md"
    other = tmp_path / "annan.md"
    other.write_text("# Ein annan plan\n\nInnvandrarar er ikkje nemnde i denne planen.\n", encoding="utf-8")
    assert api.version_from_json(data, "plan.md", plan=other).sentences is None  # not the plan reviewed
    same = api.compare(alone, whole)
    assert all(t.quiet for t in same.themes) and "old_quotes_only" in same.notes
    assert api.comparison_view(same, lang="nb")["words"]["title"] == "Sammenligning av to versjoner av planen"
    assert api.comparison_view(same, lang="nn")["unchanged_themes"]
