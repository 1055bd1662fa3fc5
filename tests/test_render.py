"""The letter (DOCX), the report (HTML), Markdown, settings, overrides and custom templates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from planreview.cli import cli
from planreview.errors import ExitCode

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"

PLAN = """# Kommuneplanens samfunnsdel for Testvik kommune

Høyringsutkast.

## 1 Kunnskapsgrunnlag

Innvandrarar utgjer 12 prosent av befolkninga i Testvik.

Nokre skreiv <script>window.__pwned = 1</script> og {{ 7*7 }} i innspela om flyktningar.

## 2 Arbeid

### Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.

## 3 Handlingsdel

| Tiltak | Ansvar | Frist |
| Språkpraksis for flyktningar | Vaksenopplæringa | 2027 |
"""


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "testvik.md"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def letter_text(path: Path) -> tuple[list[str], str]:
    d = docx.Document(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading") and p.text]
    text = "\n".join(p.text for p in d.paragraphs)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                text += "\n" + cell.text
    return headings, text


def test_review_writes_four_outputs_and_the_letter_follows_county_practice(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    code, output = run(
        "review",
        str(plan),
        "--out",
        str(out),
        "--county",
        "Møre og Romsdal fylkeskommune",
        "--case-officer",
        "Kari Nordmann",
        "--our-ref",
        "26/1234",
    )
    assert code == 0, output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["testvik-fraasegn.docx", "testvik-rapport.html", "testvik-rapport.md", "testvik-vurdering.json"]
    headings, text = letter_text(out / "testvik-fraasegn.docx")
    assert headings[0] == "Kommuneplanens samfunnsdel for Testvik kommune – høyringsutkast – fråsegn om integrering"
    order = ["Innleiing", "Samla vurdering", "Det vi ser som positivt", "Merknader", "Tilrådingar", "Vidare dialog"]
    assert headings[1:] == order
    assert "Møre og Romsdal fylkeskommune" in text and "Vår ref.: 26/1234" in text
    assert "Dykkar ref.: [fyll inn]" in text and "Dato: [fyll inn]" in text  # blanks, never invented
    assert "Til: Testvik kommune" in text and "Kopi til: [fyll inn]" in text
    assert "integreringslova § 4" in text and "ikkje motsegn" in text and "§ 11-14" in text
    assert "Med helsing" in text and "Kari Nordmann" in text
    assert re.search(r"«[^»]+» \(s\. \d+\)", text)  # quotes with their page
    assert "høyringsutkast" in text
    numbered = re.findall(r"^(\d)\. Vi ", text, re.M)
    assert numbered and numbered == [str(i) for i in range(1, len(numbered) + 1)] and len(numbered) <= 6


def test_bokmal_letter(plan: Path, tmp_path: Path) -> None:
    code, output = run("--malform", "nb", "review", str(plan), "--out", str(tmp_path / "nb"), "--format", "docx")
    assert code == 0, output
    headings, text = letter_text(tmp_path / "nb" / "testvik-hoeringsuttalelse.docx")
    assert headings[0].endswith("– uttalelse om integrering") and "Anbefalinger" in headings
    assert "Samlet vurdering" in headings and "Innledning" in headings
    assert "integreringsloven § 4" in text and "Med vennlig hilsen" in text and "Deres ref.:" in text


# Words that exist in one written standard only (in planning prose).
BOKMAL_ONLY = set(
    "ikke hva hvordan hvor hvem fra hele bare være mye noe noen disse sammen videre selv flere utfordringer "
    "tjenester hun hos mer derfor gjøre gjør bedre tilbud innbyggere innbyggerne bosetting kommunene egen "
    "egne hvorfor anbefaler anbefalinger vennlig hilsen deres uttalelse høringsuttalelse sammendrag "
    "innledning gjelder savner mangler innvandrere innvandrerne innvandrerbefolkningen flyktninger "
    "veilederen temaene tiltakene planene følger".split()
)
NYNORSK_ONLY = set(
    "ikkje kva korleis kvar kven frå heile berre vere mykje noko nokre desse saman vidare sjølv fleire "
    "utfordringar tenester ho hjå meir difor gjere gjer betre tilbod innbyggjarar innbyggjarane busetjing "
    "kommunane eigen eigne kvifor rår tilrådingar helsing dykkar fråsegn samandrag innleiing gjeld saknar "
    "manglar innvandrarar innvandrarbefolkninga flyktningar rettleiaren temaa tiltaka planane følgjer".split()
)


def _words_outside_quotes(text: str) -> set[str]:
    text = re.sub(r"«[^»]*»", " ", text)  # quotes from the plan are in the plan's own målform
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


def test_letters_keep_to_one_malform(plan: Path, tmp_path: Path) -> None:
    for lang, forbidden, name in (
        ("nn", BOKMAL_ONLY, "testvik-fraasegn.docx"),
        ("nb", NYNORSK_ONLY, "testvik-hoeringsuttalelse.docx"),
    ):
        code, output = run(
            "--malform",
            lang,
            "review",
            str(plan),
            "--out",
            str(tmp_path / lang),
            "--format",
            "docx",
            "--county",
            "Fylkeskommunen",
        )
        assert code == 0, output
        words = _words_outside_quotes(letter_text(tmp_path / lang / name)[1])
        assert not words & forbidden, (lang, sorted(words & forbidden))


def test_plan_text_is_data_in_docx(plan: Path, tmp_path: Path) -> None:
    # "{{ 7*7 }}" in the plan must come out as text, never evaluated; "<script>" stays text too.
    override = tmp_path / "o.yaml"
    override.write_text(
        "overrides:\n  - theme: demografi\n    level: 1\n    reason: Sjekka.\n    by: KN\n", encoding="utf-8"
    )
    code, output = run("review", str(plan), "--out", str(tmp_path / "x"), "--format", "docx", "--format", "json")
    assert code == 0, output
    j = (tmp_path / "x" / "testvik-vurdering.json").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in j
    _, text = letter_text(tmp_path / "x" / "testvik-fraasegn.docx")
    assert "49" not in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_docx_opens_and_converts_in_libreoffice(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "lo"
    assert run("review", str(plan), "--out", str(out), "--format", "docx")[0] == 0
    env = {**os.environ, "HOME": str(tmp_path)}
    res = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(out / "testvik-fraasegn.docx")],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    pdf = out / "testvik-fraasegn.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 5000, res.stderr
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(pdf)))
    assert 2 <= pages <= 3, pages  # a letter of one and a half to three pages
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "fråsegn om integrering" in text and "Tilrådingar" in text


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_report_renders_in_a_browser_and_plan_text_never_runs(plan: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "html"
    assert run("review", str(plan), "--out", str(out), "--format", "html")[0] == 0
    report = out / "testvik-rapport.html"
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.replace("&lt;script", "")  # no script element at all
    assert "http://" not in html and "https://" not in html  # self-contained
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
            page.goto(report.as_uri())
            rows = page.locator("table.scorecard tbody tr")
            assert rows.count() == 9
            assert rows.nth(6).get_attribute("data-theme") == "sysselsetting"
            assert rows.nth(6).get_attribute("data-level") == "3"
            quotes = page.locator("blockquote.evidence").all_inner_texts()
            assert any("Innvandrarar utgjer 12 prosent" in q for q in quotes)
            assert any("<script>window.__pwned = 1</script>" in q and "{{ 7*7 }}" in q for q in quotes)
            assert page.evaluate("() => window.__pwned") is None
            assert page.locator("script").count() == 0
            wide = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
            assert wide, "the report must fit a phone screen"
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()


def test_markdown_golden(plan: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    code, output = run("review", str(plan), "--format", "md", "--out", "-", "--date", "1. desember 2026")
    assert code == 0
    text = output
    golden = GOLDEN / "testvik-rapport.md"
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "\\{\\{ 7\\*7 \\}\\}" in text


def test_overrides_change_level_and_drop_a_quote(plan: Path, tmp_path: Path) -> None:
    ov = tmp_path / "rettingar.yaml"
    ov.write_text(
        "overrides:\n"
        "  - theme: sysselsetting\n    level: 2\n    reason: Tiltaket er ikkje vedteke enno.\n    by: Kari Nordmann\n"
        "  - drop_evidence: Innvandrarar utgjer 12 prosent\n    reason: Talet er gammalt.\n    by: Kari Nordmann\n",
        encoding="utf-8",
    )
    out = tmp_path / "ov"
    code, output = run("review", str(plan), "--out", str(out), "--overrides", str(ov))
    assert code == 0, output
    html = (out / "testvik-rapport.html").read_text(encoding="utf-8")
    assert "Tiltaket er ikkje vedteke enno." in html and "Talet er gammalt." in html
    assert 'data-theme="sysselsetting" data-level="2"' in html
    quotes = re.findall(r'<blockquote class="evidence">(.*?)</blockquote>', html, re.S)
    assert quotes and not any("Innvandrarar utgjer 12 prosent" in q for q in quotes)
    _, text = letter_text(out / "testvik-fraasegn.docx")
    assert "Innvandrarar utgjer 12 prosent" not in text  # a dropped quote is never quoted
    assert "konkrete tiltak for innvandrarbefolkninga innan arbeid" not in text  # lowered to 2: no measure praised
    assert "mål eller strategiar for innvandrarbefolkninga innan arbeid og kvalifisering" in text
    assert "Språkpraksis" not in text  # the measure the planner rejected is not quoted as a goal either
    md = (out / "testvik-rapport.md").read_text(encoding="utf-8")
    assert "Sysselsetjing og kvalifisering: nivå 3 → 2." in md and "(Av: Kari Nordmann)" in md
    data = json.loads((out / "testvik-vurdering.json").read_text(encoding="utf-8"))
    assert "Innvandrarar utgjer 12 prosent" not in json.dumps(data["themes"], ensure_ascii=False)


BAD = [
    (
        "overrides",
        "overrides:\n  - criterion: sysselsetting.finst_ikkje\n    level: 1\n    reason: Feil.\n    by: KN\n",
        ExitCode.OVERRIDES,
        ["rettingar.yaml:2", "sysselsetting.finst_ikkje"],
    ),
    (
        "overrides",
        "overrides:\n  - theme: sysselsetting\n    reason: Ingenting.\n    by: KN\n",
        ExitCode.OVERRIDES,
        ["rettingar.yaml", "level"],
    ),
    (
        "overrides",
        "overrides:\n  - theme: demografi\n    level: 1\n    reason: Greitt.\n    by: KN\n"
        "  - drop_evidence: Dette står ikkje i planen\n    reason: Feil sitat.\n    by: KN\n",
        ExitCode.OVERRIDES,
        ["rettingar.yaml:6", "drop_evidence «Dette står ikkje i planen»", "finst ikkje i noko sitat"],
    ),
    (
        "overrides",
        "overrides:\n  - theme: demografi\n    level: 1\n    by: KN\n",
        ExitCode.OVERRIDES,
        ["rettingar.yaml:2", "reason", "nøkkelen manglar"],
    ),
    ("settings", "county: Møre og Romsdal\nfarge: blå\n", ExitCode.SETTINGS, ["innstillingar.yaml:2", "farge"]),
    ("settings", "county: [ikkje lukka\n", ExitCode.SETTINGS, ["innstillingar.yaml", "ugyldig YAML"]),
]


@pytest.mark.parametrize(("kind", "content", "code", "expected"), BAD)
def test_bad_settings_and_overrides_leave_nothing_behind(
    plan: Path, tmp_path: Path, kind: str, content: str, code: ExitCode, expected: list[str]
) -> None:
    name = "rettingar.yaml" if kind == "overrides" else "innstillingar.yaml"
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    exit_code, output = run("review", str(plan), "--out", str(out), f"--{kind}", str(f))
    assert exit_code == code, output
    for part in expected:
        assert part in output, output
    assert "required" not in output.lower() and "field" not in output.lower()  # no English from pydantic
    assert not out.exists() or not any(out.iterdir())


def _template_with(tmp_path: Path, extra: str) -> Path:
    from planreview.render.letter import default_letter_template

    d = docx.Document(str(default_letter_template()))
    d.add_paragraph(extra)
    path = tmp_path / "mal.docx"
    d.save(str(path))
    return path


def test_template_check_default_and_custom(tmp_path: Path) -> None:
    from planreview.render.letter import default_letter_template

    code, output = run("template", "check", str(default_letter_template()))
    assert code == 0 and "Manglar: –" in output and "county" in output
    bare = docx.Document()
    bare.add_paragraph("{{ county }} {{ date }}")
    path = tmp_path / "bar.docx"
    bare.save(str(path))
    code, output = run("template", "check", str(path))
    assert code == 0 and "Manglar: recipient, title, sections, case_officer" in output


def test_custom_template_errors(plan: Path, tmp_path: Path) -> None:
    unknown = _template_with(tmp_path, "{{ kommunevaapen }}")
    code, output = run("review", str(plan), "--out", str(tmp_path / "u"), "--template", str(unknown))
    assert code == ExitCode.TEMPLATE and "kommunevaapen" in output and "mal.docx" in output
    assert not (tmp_path / "u").exists()
    broken = _template_with(tmp_path, "{% for x in sections %} utan slutt")
    code, output = run("template", "check", str(broken))
    assert code == ExitCode.TEMPLATE and "mal.docx" in output and "feil i malen" in output
    code, output = run("review", str(plan), "--out", str(tmp_path / "b"), "--template", str(broken))
    assert code == ExitCode.TEMPLATE and not (tmp_path / "b").exists()


def test_custom_template_renders(plan: Path, tmp_path: Path) -> None:
    custom = tmp_path / "eigen.docx"
    d = docx.Document()
    d.add_paragraph("EIGEN BREVMAL {{ county }}")
    d.add_paragraph("{{ title }}")
    d.save(str(custom))
    out = tmp_path / "c"
    assert (
        run("review", str(plan), "--out", str(out), "--template", str(custom), "--county", "Vestvik fylkeskommune")[0]
        == 0
    )
    _, text = letter_text(out / "testvik-fraasegn.docx")
    assert "EIGEN BREVMAL Vestvik fylkeskommune" in text


def test_compiled_templates_follow_their_source(plan: Path, tmp_path: Path) -> None:
    """Letters share compiled templates within a process and across runs (bytecode cache);
    a different or edited template must never be served from that cache."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _template_with(tmp_path / "a", "FØRSTE MAL"), _template_with(tmp_path / "b", "ANDRE MAL")
    texts = []
    for template in (first, second, first, None):
        out = tmp_path / f"out{len(texts)}"
        args = ["review", str(plan), "--out", str(out), "--format", "docx"]
        assert run(*args, *(["--template", str(template)] if template else []))[0] == 0
        texts.append(letter_text(out / "testvik-fraasegn.docx")[1])
    assert "FØRSTE MAL" in texts[0] and "ANDRE MAL" not in texts[0]
    assert "ANDRE MAL" in texts[1] and "FØRSTE MAL" not in texts[1]
    assert texts[2] == texts[0]
    assert "FØRSTE MAL" not in texts[3] and "ANDRE MAL" not in texts[3]


def test_bytecode_cache_never_fails_a_run(tmp_path: Path) -> None:
    from jinja2 import DictLoader
    from jinja2.sandbox import SandboxedEnvironment

    from planreview.render.cache import _BestEffortCache

    def env(folder: Path) -> SandboxedEnvironment:
        cache = _BestEffortCache(str(folder))
        return SandboxedEnvironment(
            loader=DictLoader({"t.html": "<p>{{ x }}</p>"}), bytecode_cache=cache, autoescape=True
        )

    folder = tmp_path / "cache"
    folder.mkdir()
    assert env(folder).get_template("t.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    (cached,) = folder.iterdir()
    cached.write_bytes(cached.read_bytes()[:20])  # damaged: compiled afresh
    assert env(folder).get_template("t.html").render(x="<i>") == "<p>&lt;i&gt;</p>"
    # a cache folder that cannot be written (gone, full, read-only) only costs time
    assert env(tmp_path / "gone").get_template("t.html").render(x="2") == "<p>2</p>"


def test_a_killed_run_s_temporary_folder_is_removed_on_the_next_run(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from planreview.cli import cli

    out = tmp_path / "ut"
    (out / ".planreview-999999999-abcd").mkdir(parents=True)  # no such process
    (out / ".planreview-999999999-abcd" / "halv.docx").write_bytes(b"PK")
    mine = out / f".planreview-{os.getpid()}-live"  # a run still going: left alone
    mine.mkdir()
    example = Path(__file__).parent.parent / "examples" / "fjordvik-samfunnsdel-nn.md"
    res = CliRunner().invoke(cli, ["review", str(example), "--out", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert not (out / ".planreview-999999999-abcd").exists() and mine.exists()
