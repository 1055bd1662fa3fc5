"""The bundled municipality register: the data, the loader and where planreview uses it."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from planreview import register
from planreview.cli import cli

# The counties in force from 1 January 2024 and how many municipalities each has (SSB, Klass 104/131).
COUNTIES = {
    "03": ("Oslo", 1),
    "11": ("Rogaland", 23),
    "15": ("Møre og Romsdal", 27),
    "18": ("Nordland", 41),
    "31": ("Østfold", 12),
    "32": ("Akershus", 21),
    "33": ("Buskerud", 18),
    "34": ("Innlandet", 46),
    "39": ("Vestfold", 6),
    "40": ("Telemark", 17),
    "42": ("Agder", 25),
    "46": ("Vestland", 43),
    "50": ("Trøndelag", 38),
    "55": ("Troms", 21),
    "56": ("Finnmark", 18),
}


def test_the_register_holds_every_municipality_once() -> None:
    ms = register.municipalities()
    assert len(ms) == 357
    assert len({m.number for m in ms}) == 357
    per_county = Counter(m.county_number for m in ms)
    assert {c: (next(m.county for m in ms if m.county_number == c), n) for c, n in per_county.items()} == COUNTIES
    assert all(m.number[:2] == m.county_number for m in ms)
    assert {m.malform for m in ms} == {"nn", "nb", "neutral"}
    # names are unique within a county
    assert len({(m.county_number, m.name) for m in ms}) == 357


@pytest.mark.parametrize(
    ("number", "name", "county", "malform"),
    [
        ("0301", "Oslo", "Oslo", "neutral"),
        ("1515", "Herøy", "Møre og Romsdal", "nn"),
        ("1818", "Herøy", "Nordland", "nb"),
        ("1577", "Volda", "Møre og Romsdal", "nn"),
        ("3324", "Gol", "Buskerud", "nn"),
        ("3301", "Drammen", "Buskerud", "neutral"),  # merged 2020: a new municipality, no målvedtak yet
        ("3201", "Bærum", "Akershus", "nb"),
        ("4601", "Bergen", "Vestland", "neutral"),
        ("1580", "Haram", "Møre og Romsdal", "neutral"),  # re-established 2024: no målvedtak yet
        ("5612", "Kautokeino", "Finnmark", "nb"),
    ],
)
def test_known_municipalities(number: str, name: str, county: str, malform: str) -> None:
    m = register.by_number(number)
    assert m is not None and (m.name, m.county, m.malform) == (name, county, malform)


def test_lookups_by_name_and_number() -> None:
    assert register.by_number(301) is register.by_number("0301") is register.by_number("301")
    assert register.by_number("9999") is None and register.by_number("abc") is None
    assert register.by_name("Gol kommune").number == "3324"  # type: ignore[union-attr]
    assert register.by_name("GOL KOMMUNE").number == "3324"  # type: ignore[union-attr]
    assert register.by_name("Guovdageaidnu").number == "5612"  # type: ignore[union-attr]  # the Sámi name
    assert register.by_name("Herøy") is None  # two Herøys: not guessed
    assert register.by_name("Herøy", "Nordland").number == "1818"  # type: ignore[union-attr]
    assert register.identify("Herøy kommune (Møre og Romsdal)").number == "1515"  # type: ignore[union-attr]
    assert register.identify("Fjordvik kommune") is None
    assert register.identify("Fjordvik kommune", "1577").name == "Volda"  # type: ignore[union-attr]


def test_written_in_follows_the_official_malform() -> None:
    assert register.by_number("1577").written_in("nb") == "nn"  # type: ignore[union-attr]
    assert register.by_number("3201").written_in("nn") == "nb"  # type: ignore[union-attr]
    oslo = register.by_number("0301")
    assert oslo.written_in("nb") == "nb" and oslo.written_in(None) == "nn"  # type: ignore[union-attr]


def test_named_in_a_plan_or_its_file_name() -> None:
    assert register.named_in(["Vedtatt i Hol kommunestyre 17.06.2021"]).name == "Hol"  # type: ignore[union-attr]
    assert register.named_in(["utvikling av Nore og Uvdal-samfunnet"]).number == "3338"  # type: ignore[union-attr]
    # a file name counts only when the plan names the municipality too
    text = ["Hole skal fortsatt bestå som egen kommune"]
    assert register.named_in(text, "hole-samfunnsdel-2018-2030.pdf").number == "3310"  # type: ignore[union-attr]
    assert register.named_in(["Ingen namn her"], "hole-samfunnsdel.pdf") is None
    assert register.named_in(["Ål kommune"], None).number == "3328"  # type: ignore[union-attr]
    assert register.named_in(["Planen for Ål"], "aal-kommuneplan.pdf").number == "3328"  # type: ignore[union-attr]
    # two municipalities named equally often: no guess
    assert register.named_in(["Gol kommune og Hol kommune"]) is None


def test_a_damaged_register_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "municipalities.csv"
    text = register.DATA.read_text(encoding="utf-8").replace("0301,Oslo,,03,Oslo,neutral", "0301,Oslo,,03,Oslo,x")
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(register, "DATA", bad)
    register.municipalities.cache_clear()
    try:
        with pytest.raises(ValueError, match="målform"):
            register.municipalities()
    finally:
        monkeypatch.undo()
        register.municipalities.cache_clear()
    assert len(register.municipalities()) == 357


def test_the_batch_matrix_gets_name_and_number_from_the_register(tmp_path: Path) -> None:
    plans = tmp_path / "planar"
    plans.mkdir()
    body = "\n\nInnvandrarar utgjer 12 prosent av folket. Kommunen skal styrkje språkopplæringa for flyktningar.\n"
    (plans / "volda-samfunnsdel.md").write_text("# Samfunnsdelen\n\nVedteken i Volda kommunestyre." + body)
    (plans / "plan-1516.md").write_text("# Kommuneplan 2026\n\nEin plan." + body)
    (plans / "gol.md").write_text("# Kommuneplanens samfunnsdel for Gol kommune" + body)
    out = tmp_path / "ut"
    args = ["batch", str(plans), "--out", str(out), "--quiet", "--format", "json", "--jobs", "1"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    with (out / "matrix.csv").open(encoding="utf-8") as fh:
        rows = {Path(r["file"]).name: (r["kommune"], r["kommunenummer"]) for r in csv.DictReader(fh)}
    assert rows == {
        "volda-samfunnsdel.md": ("Volda kommune", "1577"),
        "plan-1516.md": ("Ulstein kommune", "1516"),
        "gol.md": ("Gol kommune", "3324"),
    }


def test_the_letter_keeps_a_name_the_register_does_not_know(tmp_path: Path) -> None:
    plan = tmp_path / "fjordvik.md"
    plan.write_text("# Samfunnsdelen for Fjordvik kommune\n\nInnvandrarar utgjer 12 prosent av folket.\n")
    res = CliRunner().invoke(cli, ["review", str(plan), "--format", "json", "--out", "-"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["document"]["title"] == "Samfunnsdelen for Fjordvik kommune"
