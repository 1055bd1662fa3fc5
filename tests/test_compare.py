"""Following a plan over time (issue 14): what changed between two versions, whether the county's
advice was followed, the follow-up section of the letter, and the batch matrix against a previous batch.

The versions are the example plan ``examples/fjordvik-samfunnsdel-nn.md`` and its revision
``…-revidert.md``, which adds a goal and a measure for folkehelse, drops one sentence from the
knowledge base (demografi), and adds a foreword page, so that every later page moves by one.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from planreview import api
from planreview.checklist import load_checklist
from planreview.cli import cli
from planreview.compare import (
    Comparison,
    PlanKey,
    Quote,
    Version,
    compare_versions,
    letter_from_record,
    match_plans,
    version_from_review,
)
from planreview.errors import ExitCode
from planreview.render.comparison import followup_section, render_comparison

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
OLD_PDF = EXAMPLES / "fjordvik-samfunnsdel-nn.pdf"
NEW_PDF = EXAMPLES / "fjordvik-samfunnsdel-nn-revidert.pdf"

GOAL = (
    "Innvandrarar skal ha like god helse og livskvalitet som andre innbyggjarar og like god tilgang til helsetenestene."
)
MEASURE = "Helsestasjonen og legekontoret tilbyr alle nykomne flyktningar ein helsesamtale med tolk innan tre månader."
DROPPED = "Sidan 2022 har kommunen busett 46 flyktningar frå Ukraina."


def _as_text_pages(md: Path, folder: Path) -> Path:
    """The Markdown example with its page breaks (``===``) as form feeds, as a text plan reads them."""
    out = folder / md.name
    out.write_text(md.read_text(encoding="utf-8").replace("\n===\n", "\n\f\n"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two versions as text plans, and the first one's review JSON with its letter (dated)."""
    folder = tmp_path_factory.mktemp("versions")
    old = _as_text_pages(EXAMPLES / "fjordvik-samfunnsdel-nn.md", folder)
    new = _as_text_pages(EXAMPLES / "fjordvik-samfunnsdel-nn-revidert.md", folder)
    res = CliRunner().invoke(
        cli, ["review", str(old), "--out", str(folder / "ut"), "--format", "json", "--date", "1. desember 2026"]
    )
    assert res.exit_code == 0, res.output
    return {"old": old, "new": new, "json": folder / "ut" / "fjordvik-samfunnsdel-nn-vurdering.json"}


def _report(c: Comparison) -> dict[str, tuple[int, int, list[str], list[str], int]]:
    """Per theme that changed: before, after, added texts, removed texts, changed count."""
    return {
        t.id: (t.before, t.after, sorted(q.text for q in t.added), sorted(q.text for q in t.removed), len(t.changed))
        for t in c.themes
        if not t.quiet
    }


# --- 1. compare: exactly the changes ---------------------------------------------------------------


def test_compare_reports_exactly_the_changes_between_the_example_versions() -> None:
    cl = load_checklist(None)
    old, new = api.load_version(OLD_PDF, cl), api.load_version(NEW_PDF, cl)
    c = compare_versions(old, new, cl)
    assert _report(c) == {
        "demografi": (1, 1, [], [DROPPED], 0),
        "folkehelse": (0, 3, sorted([GOAL, MEASURE]), [], 0),
    }
    assert c.flags_gained == () and c.flags_lost == ()
    assert c.theme("folkehelse").criteria[0].before == 0 and c.theme("folkehelse").criteria[0].after == 3
    # the pages moved (a foreword page came first), and that is not a change
    page = {v: next(q.page for q in v.quotes if q.text.startswith("Kommunen skal auke deltakinga")) for v in (old, new)}
    assert page[old] is not None and page[new] == str(int(page[old]) + 1)
    assert c.theme("oppvekst").unchanged >= 1
    # both plans were read: no caveat about saved quotes, and no letter to follow up
    assert c.notes == ("old_is_plan",) and c.advice is None


def test_a_saved_review_compares_against_the_whole_plan_when_the_plan_is_still_there(
    versions: dict[str, Path], tmp_path: Path
) -> None:
    c = api.compare(versions["json"], versions["new"])
    assert _report(c) == {
        "demografi": (1, 1, [], [DROPPED], 0),
        "folkehelse": (0, 3, sorted([GOAL, MEASURE]), [], 0),
    }
    assert "old_quotes_only" not in c.notes
    # moved away from its plan, the review is judged against its own quotes only, and says so:
    # a sentence that only now made the six quotes shown counts as new
    data = json.loads(versions["json"].read_text(encoding="utf-8"))
    data["document"]["source"] = str(tmp_path / "gone.md")
    alone = tmp_path / "alone.json"
    alone.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    c2 = api.compare(alone, versions["new"])
    assert "old_quotes_only" in c2.notes
    assert c2.theme("folkehelse").delta == 3 and DROPPED in [q.text for q in c2.theme("demografi").removed]


def _version(quotes: list[tuple[str, str, str, int]], *, levels: dict[str, int] | None = None) -> Version:
    """A saved-review version with quotes (theme, text, page, level)."""
    cl = load_checklist(None)
    levels = levels or {}
    themes = []
    for t in cl.themes:
        ev = [
            {
                "page": p,
                "section": [],
                "role": "goal",
                "text": x,
                "terms": [],
                "level": lv,
                "criterion": t.criteria[0].id,
            }
            for th, x, p, lv in quotes
            if th == t.id
        ]
        themes.append(
            {
                "id": t.id,
                "level": levels.get(t.id, max([e["level"] for e in ev], default=0)),
                "score": 0,
                "criteria": [{"id": c.id, "level": 0, "evidence": []} for c in t.criteria],
                "evidence": ev,
            }
        )
    data = {"document": {"title": "Testvik"}, "checklist": {"id": cl.id, "version": cl.version}, "themes": themes}
    return version_from_review(data, "test.json")


def test_quotes_are_matched_across_page_moves_and_small_edits() -> None:
    cl = load_checklist(None)
    old = _version(
        [
            ("sysselsetting", "Kommunen skal tilby språkpraksis til flyktningar saman med NAV.", "3", 2),
            ("sysselsetting", "Innvandrarar skal kome raskare i arbeid.", "3", 2),
            ("oppvekst", "Minoritetsspråklege barn skal gå i barnehage.", "4", 2),
        ]
    )
    new = _version(
        [
            ("sysselsetting", "Kommunen skal tilby språkpraksis til alle flyktningar saman med NAV.", "5", 2),
            ("sysselsetting", "Innvandrarar skal kome raskare i arbeid.", "6", 2),
            ("oppvekst", "Alle skular skal ha ein plan for fleirspråklege elevar og foreldremøte med tolk.", "7", 2),
        ]
    )
    c = compare_versions(old, new, cl)
    s = c.theme("sysselsetting")
    assert s.added == () and s.removed == () and s.unchanged == 1  # the page move is no change
    assert len(s.changed) == 1 and s.changed[0].edited
    assert s.changed[0].before.page == "3" and s.changed[0].after.page == "5"
    o = c.theme("oppvekst")  # a different sentence is not an edit of the old one
    assert [q.text for q in o.removed] == ["Minoritetsspråklege barn skal gå i barnehage."]
    assert len(o.added) == 1 and o.changed == ()
    # a quote whose level changed is a change too
    up = _version([("sysselsetting", "Innvandrarar skal kome raskare i arbeid.", "6", 3)])
    c2 = compare_versions(_version([("sysselsetting", "Innvandrarar skal kome raskare i arbeid.", "2", 2)]), up, cl)
    e = c2.theme("sysselsetting").changed
    assert len(e) == 1 and not e[0].edited and (e[0].before.level, e[0].after.level) == (2, 3)


def test_compare_cli_formats_and_json_shape(versions: dict[str, Path], tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["compare", str(versions["json"]), str(versions["new"]), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [t["id"] for t in data["themes"]][:3] == ["lovgrunnlag", "medverknad", "demografi"]
    for t in data["themes"]:
        assert {"id", "before", "after", "added", "removed", "changed"} <= set(t)
    fh = next(t for t in data["themes"] if t["id"] == "folkehelse")
    assert (fh["before"], fh["after"]) == (0, 3)
    assert sorted(q["text"] for q in fh["added"]) == sorted([GOAL, MEASURE])
    assert {"old", "new", "flags", "advice", "notes"} <= set(data)
    assert data["advice"]["summary"]["followed"] == [4]
    text = CliRunner().invoke(cli, ["compare", str(versions["json"]), str(versions["new"])])
    assert text.exit_code == 0
    assert "Folkehelse: 0 → 3" in text.output and f"− s. 4, kunnskapsgrunnlag: «{DROPPED}»" in text.output
    assert "4. følgd opp:" in text.output and "1. ikkje følgd opp:" in text.output
    out = tmp_path / "samanlikning.html"
    res = CliRunner().invoke(
        cli, ["compare", str(versions["json"]), str(versions["new"]), "--format", "html", "--out", str(out)]
    )
    assert res.exit_code == 0 and out.is_file()
    page = out.read_text(encoding="utf-8")
    assert '<tr data-theme="folkehelse" data-before="0" data-after="3">' in page and "følgd opp" in page
    md = CliRunner().invoke(
        cli, ["--malform", "nb", "compare", str(versions["json"]), str(versions["new"]), "--format", "md"]
    )
    assert md.exit_code == 0 and "# Sammenligning av to versjoner av planen" in md.output
    assert "| Folkehelse | 0 | 3 | +3 |" in md.output


def test_plan_text_is_escaped_in_html_and_markdown() -> None:
    cl = load_checklist(None)
    evil = "Innvandrarar skal få <script>alert(1)</script> og [lenkje](javascript:x) *no*."
    c = compare_versions(_version([]), _version([("sysselsetting", evil, "2", 2)]), cl)
    html = render_comparison(c, cl, "html", "nn")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render_comparison(c, cl, "md", "nn")
    assert "<script>" not in md and "\\[lenkje\\]" in md and "\\*no\\*" in md


# --- 2. was the advice followed ----------------------------------------------------------------------


def test_each_recommendation_is_followed_partly_or_not(versions: dict[str, Path]) -> None:
    c = api.compare(versions["json"], versions["new"])
    assert c.advice is not None and c.advice.date == "1. desember 2026"
    by_n = {f.recommendation.n: f for f in c.advice.follow_ups}
    followed = [f for f in c.advice.follow_ups if f.status == "followed"]
    assert [f.recommendation.criteria for f in followed] == [("folkehelse.helse_livskvalitet",)]
    f = followed[0]
    assert f.checks[0].before == 0 and f.checks[0].after >= 2 and f.checks[0].met
    assert f.evidence and f.evidence[0].text in (GOAL, MEASURE)
    assert all(x.status == "not_followed" and not x.evidence for n, x in by_n.items() if x is not f)
    # the recommendation about measures rests on its remark's theme (barnehage og skule): 2 → 3 asked, still 2
    measures = next(x for x in c.advice.follow_ups if x.recommendation.kind == "measures")
    assert [(k.kind, k.id, k.before, k.after, k.target) for k in measures.checks] == [("theme", "oppvekst", 2, 2, 3)]


def test_partly_followed_when_some_checks_are_met() -> None:
    cl = load_checklist(None)
    letter = {
        "date": "2. mai 2026",
        "kind": "fråsegn",
        "recommendations": [
            {"n": 1, "kind": "themes_pp", "text": "Vi ber om at …", "criteria": [], "themes": ["oppvekst", "levekar"]},
            {"n": 2, "kind": "groups", "text": "Vi rår til at …", "criteria": [], "themes": [], "flags": ["GRP-1"]},
        ],
    }
    old = _version([], levels={})
    old = dataclasses.replace(old, letter=letter_from_record(letter), flags=(("GRP-1", "x"),))
    new = _version([("oppvekst", "Minoritetsspråklege barn skal gå i barnehage.", "4", 2)])
    c = compare_versions(old, new, cl)
    assert c.advice is not None
    assert [f.status for f in c.advice.follow_ups] == ["partly", "followed"]  # GRP-1 is gone
    assert c.advice.follow_ups[0].evidence[0].text == "Minoritetsspråklege barn skal gå i barnehage."


def test_an_older_review_without_the_letter_record_still_compares(versions: dict[str, Path], tmp_path: Path) -> None:
    data = json.loads(versions["json"].read_text(encoding="utf-8"))
    del data["letter"]
    older = tmp_path / "eldre-vurdering.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    c = api.compare(older, versions["new"])
    assert c.advice is None and "no_letter" in c.notes
    assert c.theme("folkehelse").delta == 3 and len(c.theme("folkehelse").added) == 2
    res = CliRunner().invoke(cli, ["compare", str(older), str(versions["new"])])
    assert res.exit_code == 0 and "ikkje opplysningar om brevet" in res.output


# --- 3. the follow-up section of the letter ------------------------------------------------------------


def _letter_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_review_with_previous_follows_up_the_earlier_letter(
    versions: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    from test_malform import FORBIDDEN, words

    out = tmp_path / "ut"
    res = CliRunner().invoke(
        cli, ["--malform", lang, "review", str(versions["new"]), "--previous", str(versions["json"]), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    letter = next(out.glob("*.docx"))
    paras = _letter_paragraphs(letter)
    heading = "Oppfølging av den førre fråsegna vår" if lang == "nn" else "Oppfølging av vår forrige uttalelse"
    i = paras.index(heading)
    assert paras[i - 1].startswith("Fylkeskommunen har ansvar")  # after the introduction
    section = paras[i : i + 4]
    assert "1. desember 2026" in section[1]
    if lang == "nn":
        assert section[1].startswith("I fråsegna vår av 1. desember 2026 gav vi fire tilrådingar.")
        assert section[2].startswith("Følgd opp: tilråding 4 om folkehelse. Planen seier no: «")
        assert section[3].startswith("Står att: tilråding 1 om medverknad, tilråding 2 om levekår")
    else:
        assert section[1].startswith("I uttalelsen vår av 1. desember 2026 ga vi fire anbefalinger.")
        assert section[2].startswith("Fulgt opp: anbefaling 4 om folkehelse. Planen sier nå: «")
        assert section[3].startswith("Står igjen: anbefaling 1 om medvirkning, anbefaling 2 om levekår")
    assert MEASURE in section[2] or GOAL in section[2]
    assert not words(" ".join(section)) & FORBIDDEN[lang], words(" ".join(section)) & FORBIDDEN[lang]
    report = next(out.glob("*-rapport.html")).read_text(encoding="utf-8")
    assert 'id="comparison"' in report and '<tr data-theme="folkehelse" data-before="0" data-after="3">' in report
    md = next(out.glob("*-rapport.md")).read_text(encoding="utf-8")
    assert ("## Samanlikning med førre versjon" if lang == "nn" else "## Sammenligning med forrige versjon") in md
    data = json.loads(next(out.glob("*-vurdering.json")).read_text(encoding="utf-8"))
    assert data["letter"]["previous"]["followed"] == [4] and data["letter"]["previous"]["date"] == "1. desember 2026"
    assert list(data)[-1] == "comparison" and data["comparison"]["advice"]["summary"]["not_followed"] == [1, 2, 3]


def test_without_previous_nothing_changes_in_the_outputs(versions: dict[str, Path]) -> None:
    res = CliRunner().invoke(cli, ["review", str(versions["new"]), "--out", "-"])
    data = json.loads(res.output)
    assert "comparison" not in data and "previous" not in data["letter"]


def test_follow_up_section_without_a_letter_record_says_what_grew() -> None:
    cl = load_checklist(None)
    c = compare_versions(
        _version([]), _version([("oppvekst", "Minoritetsspråklege barn skal gå i barnehage.", "4", 2)]), cl
    )
    s = followup_section(c, cl, "nn")
    assert s["paragraphs"] == [
        "Vi har samanlikna med den førre versjonen av planen. "
        "Omtalen av innvandrarbefolkninga er styrkt innan barnehage og skule."
    ]


# --- bad input ----------------------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planreview", *args], capture_output=True, text=True, timeout=180, check=False
    )


def test_bad_inputs_are_one_clear_line(versions: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "brote.json"
    broken.write_text('{"document": {', encoding="utf-8")
    other = tmp_path / "anna.json"
    other.write_text('{"plans": []}', encoding="utf-8")
    data = json.loads(versions["json"].read_text(encoding="utf-8"))
    data["checklist"]["id"] = "fylkets-eiga"
    foreign = tmp_path / "eiga-sjekkliste.json"
    foreign.write_text(json.dumps(data), encoding="utf-8")
    new = str(versions["new"])
    cases = [
        (["compare", str(broken), new], ExitCode.CORRUPT, "er ikkje gyldig JSON"),
        (["compare", str(other), new], ExitCode.UNSUPPORTED, "er ikkje ei vurdering frå planreview"),
        (["compare", str(foreign), new], ExitCode.CHECKLIST, "sjekklista «fylkets-eiga»"),
        (["compare", str(tmp_path / "finst-ikkje.json"), new], ExitCode.NOT_FOUND, "finst ikkje"),
        (["review", new, "--previous", str(other), "--out", str(tmp_path / "ut")], ExitCode.UNSUPPORTED, "vurdering"),
        (["--malform", "nb", "review", new, "--previous", str(broken), "--out", "-"], ExitCode.CORRUPT, "gyldig JSON"),
    ]
    for args, code, text in cases:
        res = _run(*args)
        lines = res.stderr.strip().splitlines()
        assert res.returncode == code, (args, res.stderr)
        assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
        path = next(a for a in args if a.endswith(".json"))
        assert path in lines[0] and text in lines[0], lines[0]
    assert not (tmp_path / "ut").exists()  # a bad --previous fails before anything is written


# --- 4. batch --compare-to --------------------------------------------------------------------------


def _batch(paths: list[Path], out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return _run("batch", *map(str, paths), "--out", str(out), "--jobs", "1", "--quiet", "--format", "json", *more)


def test_batch_compare_to_adds_the_change_columns(tmp_path: Path) -> None:
    import openpyxl

    first, second = tmp_path / "2026", tmp_path / "2027"
    for d in (first, second):
        d.mkdir()
    for name in ("fjordvik-samfunnsdel-nn.pdf", "granlia-planstrategi-nb.pdf"):
        (first / name).write_bytes((EXAMPLES / name).read_bytes())
    for name in ("fjordvik-samfunnsdel-nn-revidert.pdf", "granlia-planstrategi-nb.pdf", "bjorkvik-planprogram-nn.pdf"):
        (second / name).write_bytes((EXAMPLES / name).read_bytes())
    assert _batch([first], tmp_path / "ut-2026").returncode == 0
    res = _batch([second], tmp_path / "ut-2027", "--compare-to", str(tmp_path / "ut-2026"))
    assert res.returncode == 0, res.stderr
    assert "Samanlikna med" in res.stdout and "2 same plan, 1 nye, 0 med fleire moglege" in res.stdout
    with (tmp_path / "ut-2027" / "matrix.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fh.seek(0)
        head = next(csv.reader(fh))
    themes = [t.id for t in load_checklist(None).themes]
    assert head == [
        "file", "kommune", "kommunenummer", "title", "status", *themes,
        "previous_file", "previous_match", *[f"change_{t}" for t in themes], "flags_gained", "flags_lost",
    ]  # fmt: skip
    by = {Path(r["file"]).name: r for r in rows}
    fj = by["fjordvik-samfunnsdel-nn-revidert.pdf"]
    assert fj["previous_match"] == "matched" and fj["previous_file"].endswith("fjordvik-samfunnsdel-nn.pdf")
    assert fj["change_folkehelse"] == "3" and all(fj[f"change_{t}"] == "0" for t in themes if t != "folkehelse")
    assert by["granlia-planstrategi-nb.pdf"]["previous_match"] == "matched"
    assert by["bjorkvik-planprogram-nn.pdf"]["previous_match"] == "new"
    assert by["bjorkvik-planprogram-nn.pdf"]["change_folkehelse"] == ""
    wb = openpyxl.load_workbook(tmp_path / "ut-2027" / "matrix.xlsx")
    ws = wb["Matrise"]
    header = [c.value for c in ws[1]]
    col = header.index("Endring: Folkehelse")
    fj_row = next(
        r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "fjordvik-samfunnsdel-nn-revidert.pdf"
    )
    assert fj_row[col] == 3 and header[: header.index("Feil") + 1][-1] == "Feil"  # new columns after the old ones
    assert "Samanlikning" in wb.sheetnames
    page = (tmp_path / "ut-2027" / "index.html").read_text(encoding="utf-8")
    assert 'data-change="3">3<span class="up">▲3</span>' in page
    # without --compare-to the matrix keeps its documented columns
    with (tmp_path / "ut-2026" / "matrix.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["file", "kommune", "kommunenummer", "title", "status", *themes]


def test_batch_compare_to_lists_ambiguous_matches_without_guessing(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for d in (first, second):
        d.mkdir()
    # two renditions of the old plan: one title, two files, the same closeness to the new version
    (first / "fjordvik-2026.pdf").write_bytes(OLD_PDF.read_bytes())
    (first / "fjordvik-2026.docx").write_bytes((EXAMPLES / "fjordvik-samfunnsdel-nn.docx").read_bytes())
    (second / "fjordvik-2027.pdf").write_bytes(NEW_PDF.read_bytes())
    assert _batch([first], tmp_path / "ut-a").returncode == 0
    res = _batch([second], tmp_path / "ut-b", "--compare-to", str(tmp_path / "ut-a"))
    assert res.returncode == 0, res.stderr
    assert "uviss: " in res.stdout and "fjordvik-2026.pdf" in res.stdout and "fjordvik-2026.docx" in res.stdout
    with (tmp_path / "ut-b" / "matrix.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["previous_match"] == "ambiguous" and row["change_folkehelse"] == ""
    assert "fjordvik-2026.pdf" in row["previous_file"] and "fjordvik-2026.docx" in row["previous_file"]
    page = (tmp_path / "ut-b" / "index.html").read_text(encoding="utf-8")
    assert '<ul id="ambiguous">' in page


def test_batch_compare_to_bad_folders(tmp_path: Path) -> None:
    plans = tmp_path / "planar"
    plans.mkdir()
    (plans / "plan.pdf").write_bytes(OLD_PDF.read_bytes())
    (tmp_path / "tom").mkdir()
    res = _batch([plans], tmp_path / "ut", "--compare-to", str(tmp_path / "tom"))
    assert res.returncode == ExitCode.NOT_FOUND and "results.jsonl: fila finst ikkje" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = _batch([plans], tmp_path / "ut", "--compare-to", str(tmp_path / "ut"))
    assert res.returncode == ExitCode.USAGE and "--compare-to" in res.stderr


def test_match_plans_by_municipality_type_and_title() -> None:
    prev = [
        PlanKey("a/heroy-sd.pdf", "Herøy kommune", "1515", "samfunnsdel", "Kommuneplanen sin samfunnsdel 2020–2032"),
        PlanKey("a/heroy-ps.pdf", "Herøy kommune", "1515", "planstrategi", "Kommunal planstrategi 2020–2023"),
        PlanKey("a/sande-sd.pdf", "Sande kommune", "1514", "samfunnsdel", "Kommuneplanen sin samfunnsdel 2020–2032"),
        PlanKey("a/ulstein.pdf", "Ulstein kommune", "", "temaplan", "Temaplan for integrering", sha256="abc"),
    ]
    cur = [
        PlanKey(
            "b/heroy.pdf",
            "Herøy kommune",
            "1515",
            "samfunnsdel",
            "Kommuneplanen sin samfunnsdel 2024–2036 – høyringsutkast",
        ),
        PlanKey("b/sande.pdf", "Sande kommune", "1514", "planstrategi", "Kommunal planstrategi 2024–2027"),
        PlanKey("b/ulstein-kopi.pdf", "", "", None, "Anna tittel", sha256="abc"),
        PlanKey("b/ulstein-ny.pdf", "Ulstein kommune", "", "temaplan", "Temaplan for integrering 2025"),
    ]
    m = {x.file: (x.status, x.previous) for x in match_plans(cur, prev)}
    assert m["b/heroy.pdf"] == ("matched", "a/heroy-sd.pdf")  # not Sande's plan of the same name, not the planstrategi
    assert m["b/sande.pdf"] == ("new", None)  # Sande had no planstrategi before
    assert m["b/ulstein-kopi.pdf"] == ("matched", "a/ulstein.pdf")  # the same content
    assert m["b/ulstein-ny.pdf"] == ("new", None)  # its only candidate is taken by the copy
    twice = match_plans([cur[0], dataclasses.replace(cur[0], file="b/heroy-2.pdf")], prev)
    assert [x.status for x in twice] == ["ambiguous", "ambiguous"] and twice[0].candidates == ("a/heroy-sd.pdf",)


def test_comparison_is_frozen_and_serialisable(versions: dict[str, Path]) -> None:
    c = api.compare(versions["json"], versions["new"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.themes = ()  # type: ignore[misc]
    assert json.loads(json.dumps(c.to_json()))["themes"][4]["id"] == "folkehelse"
    assert isinstance(c.theme("folkehelse").added[0], Quote)


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_compare_text_keeps_to_one_malform(versions: dict[str, Path], lang: str) -> None:
    from test_malform import FORBIDDEN, words

    res = CliRunner().invoke(cli, ["--malform", lang, "compare", str(versions["json"]), str(versions["new"])])
    assert res.exit_code == 0, res.output
    text = "\n".join(line for line in res.output.splitlines() if not line.startswith(("Før:", "Etter:")))
    assert not words(text) & FORBIDDEN[lang], words(text) & FORBIDDEN[lang]


def test_a_sentence_in_both_plans_is_shown_when_it_explains_a_change_of_level() -> None:
    from planreview.compare import Sentence
    from planreview.evidence_eval import match_norm

    cl = load_checklist(None)
    goal = "Kommunen skal fremje inkludering av innvandrarar i lag og foreiningar."
    shown_then = "Innvandrarar deltek mindre i lag og foreiningar enn andre."

    def plan(v: Version, *texts: str) -> Version:
        return dataclasses.replace(v, sentences=tuple(Sentence(t, "9", match_norm(t)) for t in texts))

    old = plan(_version([("kultur_frivilligheit", goal, "4", 2), ("kultur_frivilligheit", shown_then, "3", 1)]),
               goal, shown_then)  # fmt: skip
    new = plan(_version([("kultur_frivilligheit", shown_then, "3", 1)]), goal, shown_then)
    down = compare_versions(old, new, cl).theme("kultur_frivilligheit")
    assert (down.before, down.after, down.added, down.removed) == (2, 1, (), ())
    assert [(e.before.level, e.after.level, e.after.text, e.edited) for e in down.changed] == [(2, 0, goal, False)]
    up = compare_versions(new, old, cl).theme("kultur_frivilligheit")
    assert [(e.before.level, e.after.level, e.before.text) for e in up.changed] == [(0, 2, goal)]
    # a sentence in both plans that only moved out of the quotes shown, at the same level, is no change
    same = compare_versions(old, plan(_version([("kultur_frivilligheit", goal, "4", 2)]), goal, shown_then), cl)
    assert same.theme("kultur_frivilligheit").quiet
