"""Plan type and stage from titles and covers (sentences written for these tests)."""

from __future__ import annotations

import pytest

from planreview.model import Block, BlockKind, Document, Page
from planreview.read.normalise import norm
from planreview.score.plantype import detect_plan_kind, parse_plan_type, parse_stage, stage_of_text, type_of_text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kommunal planstrategi for Fjordvik 2028–2031", "planstrategi"),
        ("Planprogram – kommuneplanen sin samfunnsdel 2027–2039", "planprogram"),
        ("Planstrategi og planprogram for samfunnsdelen, Bjørkvik kommune", "planstrategi_planprogram"),
        ("Kommuneplanens samfunnsdel 2026–2040 «Saman om Granlia»", "samfunnsdel"),
        ("Kommuneplan for Vestvik 2025–2037, tekstdel", "samfunnsdel"),
        ("Kommuneplanens handlingsdel og økonomiplan 2027–2030", "handlingsdel"),
        ("Kommuneplanens samfunnsdel med handlingsdel", "samfunnsdel"),
        ("Kommunedelplan for oppvekst 2026–2030", "kommunedelplan"),
        ("Plan for busetjing og integrering av flyktningar 2026–2029", "temaplan"),
        ("Temaplan for kultur og frivilligheit", "temaplan"),
        ("Handlingsplan mot vald i nære relasjonar", "temaplan"),
        ("Bustadsosial strategi for Eikvik", "temaplan"),
        ("Regional planstrategi for Nordfylket 2028–2032", "regional_planstrategi"),
        ("Regional plan for kompetanse og integrering", "regional_plan"),
        ("Kommuneplanens arealdel 2026–2038", None),
        ("Årsmelding 2025", None),
    ],
)
def test_type_of_title(title: str, expected: str | None) -> None:
    assert type_of_text(title) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["HØYRINGSUTKAST"], "hoyringsutkast"),
        (["Høringsutkast, vedtatt i formannskapet 12. mai 2026"], "hoyringsutkast"),
        # the council decided to send the draft on hearing: a draft, not an adopted plan
        (["Vedteke i kommunestyret 3.5.2026", "Høyringsutkast"], "hoyringsutkast"),
        (["Forslag til kommunal planstrategi 2028–2031"], "hoyringsutkast"),
        (["Planen er lagt ut til offentleg ettersyn frå 1. mars"], "offentleg_ettersyn"),
        (["Vedtatt av kommunestyret 14.12.2025, sak 88/25"], "vedteken"),
        (["Vedteken av Fjordvik heradsstyre 20. juni 2026"], "vedteken"),
        (["Vedtatt 11.02.2026"], "vedteken"),
        (["Endeleg vedteken plan"], "vedteken"),
        # process words that do not say where this document stands
        (["Kommunen vedtar og reviderer planar for verksemda si."], None),
        (["Forslag til vedtak skal gjerast offentleg 30 dagar før handsaminga."], None),
        (["Plan", "Vedtatt", "Revideres"], None),
    ],
)
def test_stage_of_cover_lines(lines: list[str], expected: str | None) -> None:
    assert stage_of_text(lines)[0] == expected


def _doc(title: str, pages: list[list[tuple[BlockKind, str]]]) -> Document:
    return Document(
        source="x.md",
        sha256="0",
        title=title,
        malform="nn",
        pages=tuple(
            Page(i, str(i + 1), tuple(Block(k, t, norm(t), 1 if k is BlockKind.HEADING else None) for k, t in blocks))
            for i, blocks in enumerate(pages)
        ),
    )


def test_sure_from_the_cover_unsure_from_the_text() -> None:
    cover = _doc(
        "Fjordvik kommune",
        [
            [
                (BlockKind.HEADING, "Planprogram for kommuneplanen"),
                (BlockKind.PARAGRAPH, "Vedteke av kommunestyret 2.2.2027"),
            ]
        ],
    )
    kind = detect_plan_kind(cover)
    assert (kind.plan_type, kind.type_sure, kind.stage, kind.stage_sure) == ("planprogram", True, "vedteken", True)
    assert kind.adopted and not kind.on_hearing

    inside = _doc(
        "Dokument 14",
        [
            [(BlockKind.PARAGRAPH, "Innhald")],
            [
                (
                    BlockKind.PARAGRAPH,
                    "Samfunnsdelen vart vedteken av kommunestyret i 2019, og no skal kommunen sjå på korleis han "
                    "har verka.",
                ),
            ],
        ],
    )
    kind = detect_plan_kind(inside)
    assert kind.plan_type is None and not kind.type_sure
    assert kind.stage == "vedteken" and not kind.stage_sure  # a guess from the process text, marked unsure
    assert not kind.adopted and not kind.on_hearing

    line = _doc("Dokument 15", [[(BlockKind.PARAGRAPH, "Innhald")], [(BlockKind.PARAGRAPH, "Temaplan for oppvekst")]])
    kind = detect_plan_kind(line)
    assert kind.plan_type is None  # a temaplan guessed from a line alone is too weak even to guess

    line = _doc("Dokument 16", [[(BlockKind.PARAGRAPH, "Planprogram 2027")]])
    kind = detect_plan_kind(line)
    assert (kind.plan_type, kind.type_sure) == ("planprogram", False)

    nothing = _doc("Notat", [[(BlockKind.PARAGRAPH, "Tekst utan plan og utan stad i prosessen.")]])
    kind = detect_plan_kind(nothing)
    assert kind.to_json() == {"plan_type": None, "plan_type_sure": False, "stage": None, "stage_sure": False}


def test_table_headers_are_not_the_stage() -> None:
    doc = _doc(
        "Planstrategi 2028–2031",
        [[(BlockKind.TABLE_CELL, "Vedtatt 2019"), (BlockKind.PARAGRAPH, "Kommunen skal vurdere planbehovet.")]],
    )
    kind = detect_plan_kind(doc)
    assert kind.plan_type == "planstrategi" and kind.stage is None


@pytest.mark.parametrize(
    ("value", "stage"),
    [("høyringsutkast", "hoyringsutkast"), ("Offentlig ettersyn", "offentleg_ettersyn"), ("vedtatt", "vedteken")],
)
def test_parse_stage(value: str, stage: str) -> None:
    assert parse_stage(value) == stage


@pytest.mark.parametrize(
    ("value", "plan_type"),
    [
        ("planprogram", "planprogram"),
        ("Kommunedelplan", "kommunedelplan"),
        ("kommuneplanens samfunnsdel", "samfunnsdel"),
    ],
)
def test_parse_plan_type(value: str, plan_type: str) -> None:
    assert parse_plan_type(value) == plan_type


def test_a_plan_that_says_it_was_adopted_is_sure() -> None:
    said = _doc(
        "Kommuneplanens samfunnsdel for Testvik 2026–2038",
        [
            [(BlockKind.HEADING, "Kommuneplanens samfunnsdel for Testvik")],
            [(BlockKind.PARAGRAPH, "Arbeidet starta i 2024. Planen vart vedteken i kommunestyret 3.12.2025.")],
        ],
    )
    kind = detect_plan_kind(said)
    assert (kind.stage, kind.stage_sure) == ("vedteken", True)
    toc = _doc("Samfunnsdelen for Testvik", [[(BlockKind.TOC, "Vedtatt av kommunestyret, 13.12.2025")]])
    assert detect_plan_kind(toc).adopted
    # the council's case number says it as surely as a date
    for line in ("Vedteke i K-sak 44/2025, kommunestyremøtet 2.4.25", "2026-2030 Vedtatt i PS 7/2026"):
        case = _doc("Bustadsosial strategi for Testvik 2026–2030", [[(BlockKind.PARAGRAPH, line)]])
        assert detect_plan_kind(case).adopted, line
    # another plan's adoption, a planned adoption and a decision to send on hearing are not this plan's
    for text in (
        "Kommuneplanens arealdel ble vedtatt i 2019 og skal reviderast.",
        "Planen skal vedtas av kommunestyret i desember 2026.",
        "Planen ble vedtatt lagt ut på høring 1.3.2026.",
    ):
        other = _doc("Planstrategi for Testvik 2024–2027", [[(BlockKind.PARAGRAPH, text)]])
        kind = detect_plan_kind(other)
        assert not kind.adopted, text
