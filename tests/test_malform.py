"""One målform per output: the letter, the report (HTML and Markdown), the XLSX matrix and the
CLI's messages hold no word of the other målform and no English. Quotes from the plan (in its
own målform) and the plan's own title are left out of the check."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from planreview.cli import cli

# Words that exist in one written standard only (in planning prose and in planreview's own texts).
BOKMAL_ONLY = set(
    "ikke hva hvordan hvor hvem fra hele bare være mye noe noen disse sammen videre selv flere utfordringer "
    "tjenester hun hos mer derfor gjøre gjør bedre tilbud innbyggere innbyggerne bosetting kommunene egen "
    "egne hvorfor anbefaler anbefalinger vennlig hilsen deres uttalelse høringsuttalelse sammendrag "
    "innledning gjelder savner mangler innvandrere innvandrerne innvandrerbefolkningen flyktninger "
    "veilederen temaene tiltakene planene følger integreringsloven bygningsloven folkehelseloven kommunens "
    "medvirkning medvirkningsrapport kilder indikatorer strategier rettinger saksbehandler ukjent fikk finnes "
    "skrevet tall antall andel høringsutkast vedtatt samlet videre veiledning".split()
)
NYNORSK_ONLY = set(
    "ikkje kva korleis kvar kven frå heile berre vere mykje noko nokre desse saman vidare sjølv fleire "
    "utfordringar tenester ho hjå meir difor gjere gjer betre tilbod innbyggjarar innbyggjarane busetjing "
    "kommunane eigen eigne kvifor rår tilrådingar helsing dykkar fråsegn samandrag innleiing gjeld saknar "
    "manglar innvandrarar innvandrarbefolkninga flyktningar rettleiaren temaa tiltaka planane følgjer "
    "integreringslova bygningslova folkehelselova medverknad kjelder indikatorar strategiar rettingar "
    "sakshandsamar ukjend fekk finst skrive høyringsutkast vedteken samla rettleiing".split()
)
ENGLISH = set(
    "the and with from field required missing value error input should valid invalid strategy knowledge "
    "measure followup none goal page level theme file".split()
)
FORBIDDEN = {"nn": BOKMAL_ONLY | ENGLISH, "nb": NYNORSK_ONLY | ENGLISH}

PLAN_NN = """# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune

Høyringsutkast

## 1 Kunnskapsgrunnlag

Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik, og mange kom som arbeidsinnvandrarar.

## 2 Arbeid

### Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.

## 3 Handlingsdel

| Tiltak | Ansvar | Frist |
| Språkpraksis for flyktningar | Vaksenopplæringa | 2028 |
"""
PLAN_NB = """# Kommuneplanens samfunnsdel 2027–2039, Granvik kommune

Høringsutkast

## 1 Kunnskapsgrunnlag

Innvandrere utgjør 7 prosent av innbyggerne i Granvik.

## 2 Oppvekst

### Mål

- Alle minoritetsspråklige barn skal gå i barnehage før skolestart.
"""


def words(text: str) -> set[str]:
    text = re.sub(r"«[^»]*»", " ", text)  # the plan's own words
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


def check(text: str, lang: str, where: str) -> None:
    bad = words(text) & FORBIDDEN[lang]
    assert not bad, (where, lang, sorted(bad))


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "planar"
    folder.mkdir()
    (folder / "eikvik-samfunnsdel.md").write_text(PLAN_NN, encoding="utf-8")
    (folder / "granvik-samfunnsdel.md").write_text(PLAN_NB, encoding="utf-8")
    return folder


def _without_plan_text(text: str, titles: list[str]) -> str:
    for t in titles:
        text = text.replace(t, " ")
    return text


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_letter_and_report_keep_to_one_malform(plans: Path, tmp_path: Path, lang: str) -> None:
    titles = [
        "Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune",
        "Kommuneplanens samfunnsdel 2027–2039, Granvik kommune",
    ]
    overrides = tmp_path / "rettingar.yaml"
    overrides.write_text(
        "overrides:\n  - theme: sysselsetting\n    level: 2\n    reason: Sjekka.\n    by: KN\n", encoding="utf-8"
    )
    for plan in sorted(plans.iterdir()):
        out = tmp_path / f"{plan.stem}-{lang}"
        res = CliRunner().invoke(
            cli, ["--malform", lang, "review", str(plan), "--out", str(out), "--overrides", str(overrides)]
        )
        assert res.exit_code == 0, res.output
        check(re.sub(r"\S*/\S*", " ", _without_plan_text(res.output, titles)), lang, "cli")
        letter = next(out.glob("*.docx"))
        d = docx.Document(str(letter))
        text = "\n".join(p.text for p in d.paragraphs)
        text += "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
        check(_without_plan_text(text, titles), lang, letter.name)
        page = (out / f"{plan.stem}-rapport.html").read_text(encoding="utf-8")
        page = re.sub(r"<blockquote.*?</blockquote>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
        page = _without_plan_text(html.unescape(page), titles)
        check(page.replace(plan.name, " "), lang, "html")
        md = (out / f"{plan.stem}-rapport.md").read_text(encoding="utf-8")
        md = "\n".join(line for line in md.splitlines() if not line.startswith(">"))
        md = _without_plan_text(md.replace("\\", ""), titles)
        check(md.replace(plan.name, " "), lang, "md")


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_xlsx_and_batch_messages_keep_to_one_malform(plans: Path, tmp_path: Path, lang: str) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / f"fylket-{lang}"
    res = CliRunner().invoke(cli, ["--malform", lang, "batch", str(plans), "--out", str(out), "--quiet", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    check(re.sub(r"\S*/\S*", " ", res.output), lang, "batch")
    wb = openpyxl.load_workbook(out / "matrix.xlsx")
    texts: list[str] = []
    for ws in wb.worksheets:
        texts.append(ws.title)
        rows = list(ws.iter_rows(values_only=True))
        header = [str(c) for c in rows[0] if c is not None]
        texts += header
        keep = [i for i, h in enumerate(header) if h in ("Status", "Tema", "Rolle", "Nivå", "Flagg")]
        for row in rows[1:]:
            texts += [str(row[i]) for i in keep if i < len(row) and row[i] is not None]
    check("\n".join(texts), lang, "xlsx")


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_cli_messages_keep_to_one_malform(plans: Path, tmp_path: Path, lang: str) -> None:
    plan = plans / "eikvik-samfunnsdel.md"
    cases = {
        "missing key": "overrides:\n  - theme: demografi\n    level: 1\n    by: KN\n",
        "bad level": "overrides:\n  - theme: demografi\n    level: fem\n    reason: Feil.\n    by: KN\n",
        "no quote": "overrides:\n  - drop_evidence: ikkje her\n    reason: Feil.\n    by: KN\n",
        "unknown key": "overrides:\n  - theme: demografi\n    nivaa: 1\n    reason: Feil.\n    by: KN\n",
    }
    outputs = []
    for name, content in cases.items():
        f = tmp_path / f"{name.replace(' ', '-')}.yaml"
        f.write_text(content, encoding="utf-8")
        res = CliRunner().invoke(
            cli, ["--malform", lang, "review", str(plan), "--out", str(tmp_path / "x"), "--overrides", str(f)]
        )
        assert res.exit_code == 12, (name, res.output)
        outputs.append(res.output)
    res = CliRunner().invoke(cli, ["--malform", lang, "review", str(plan), "--format", "docx", "--out", "-"])
    outputs.append(res.output)
    res = CliRunner().invoke(cli, ["--malform", lang, "review", str(tmp_path / "finst-ikkje.pdf")])
    outputs.append(res.output)
    res = CliRunner().invoke(cli, ["--malform", lang, "checklist", "check"])
    outputs.append(res.output)
    for out in outputs:
        # file names, option names and the file format's keys are not prose
        out = re.sub(r"\(tillatne: [^)]*\)|\(tillatte: [^)]*\)", " ", out)
        check(re.sub(r"\S*/\S*|--\w+|\bdrop_evidence\b|«[^»]*»|\b\w+(?:\.\w+)+\b", " ", out), lang, out)
