"""Quotes a letter can stand behind: whole sentences, readable items, cuts around the evidence."""

from __future__ import annotations

from planreview.checklist import load_checklist
from planreview.model import Block, BlockKind, Document, Page
from planreview.read.normalise import norm
from planreview.render.compose import PlanText
from planreview.render.quotes import Quotes, shorten
from planreview.score import Evidence


def _doc(blocks: list[tuple[BlockKind, str]], section: tuple[str, ...] = ("2 Mål",)) -> Document:
    page = Page(0, "4", tuple(Block(k, t, norm(t), None, section, 0) for k, t in blocks))
    return Document(source="x.md", sha256="0", title="Plan", malform="nn", pages=(page,))


def _ev(text: str, terms: tuple[str, ...] = (), section: tuple[str, ...] = ("2 Mål",)) -> Evidence:
    return Evidence("4", 0, section, "goal", text, terms, 2, "sysselsetting.maal", "sysselsetting")


def test_a_sentence_split_by_the_reader_is_quoted_whole() -> None:
    doc = _doc(
        [
            (BlockKind.LIST_ITEM, "Fleire flyktningar skal kome i arbeid, og kommunen vil samarbeide med"),
            (BlockKind.PARAGRAPH, "næringslivet om praksisplassar. Neste setning står for seg."),
        ]
    )
    q = Quotes(doc)
    start = _ev("Fleire flyktningar skal kome i arbeid, og kommunen vil samarbeide med")
    assert q.full(start).endswith("samarbeide med næringslivet om praksisplassar.")
    tail = _ev("næringslivet om praksisplassar.")
    assert q.full(tail).startswith("Fleire flyktningar skal kome i arbeid")


def test_headings_and_figure_text_are_not_quoted_as_sentences() -> None:
    doc = _doc([(BlockKind.PARAGRAPH, "3.1 Busetjing Kommunen skal busetje flyktningar etter oppmodinga frå IMDi.")])
    ev = _ev("3.1 Busetjing Kommunen skal busetje flyktningar etter oppmodinga frå IMDi.", section=("3.1 Busetjing",))
    assert Quotes(doc).full(ev) == "Kommunen skal busetje flyktningar etter oppmodinga frå IMDi."
    figure = (
        "Del i arbeid 62 58 55 2019 2020 2021 Utfordringar Låg inntekt "
        "Svake norskkunnskapar gjer det vanskeleg å få arbeid Fleire eldre"
    )
    ev = _ev(figure, terms=("norskkunnskap*",))
    assert Quotes(_doc([(BlockKind.PARAGRAPH, figure)])).readable(ev) == (
        "Svake norskkunnskapar gjer det vanskeleg å få arbeid"
    )
    label = _ev("Prognose (låg innvandring)", terms=("innvandr*",))
    assert Quotes(_doc([(BlockKind.PARAGRAPH, "Prognose (låg innvandring)")])).readable(label) is None


def test_table_rows_read_as_text_and_long_sentences_keep_the_evidence() -> None:
    row = "| Tiltak | Ansvar | Frist | | Språkpraksis for flyktningar | Vaksenopplæringa | 2028 |"
    q = Quotes(_doc([(BlockKind.PARAGRAPH, row)]))
    assert q.full(_ev(row)) == "Språkpraksis for flyktningar (ansvar: Vaksenopplæringa, frist: 2028)"
    long = (
        "Kommunen har mange grupper med særlege behov for bustad, " * 6 + "til dømes flyktningar som er nye i kommunen."
    )
    cut = shorten(long, 200, ("*flyktning*",))
    assert cut.startswith("… ") and "flyktningar" in cut and len(cut) <= 206


def test_a_table_row_is_quoted_with_its_column_headings() -> None:
    cells = [
        (0, 0, "Tiltak"), (0, 1, "Ansvar"), (0, 2, "Frist"),
        (1, 0, "Språkpraksis for flyktningar"), (1, 1, "NAV"), (1, 2, "2027"),
    ]  # fmt: skip
    blocks = tuple(Block(BlockKind.TABLE_CELL, t, norm(t), None, ("3 Tiltak",), 0, r, c) for r, c, t in cells)
    doc = Document(source="x.docx", sha256="0", title="Plan", malform="nn", pages=(Page(0, "4", blocks),))
    row = _ev("Språkpraksis for flyktningar | NAV | 2027")
    assert Quotes(doc).full(row) == "Språkpraksis for flyktningar (ansvar: NAV, frist: 2027)"
    # the header row itself, or a row without the document, is written as it stands
    assert Quotes(doc).full(_ev("Tiltak | Ansvar | Frist")) == "Tiltak; Ansvar; Frist"
    assert Quotes(None).full(row) == "Språkpraksis for flyktningar; NAV; 2027"


def test_whole_text_search_joins_split_sentences() -> None:
    cl = load_checklist()
    doc = _doc(
        [
            (BlockKind.LIST_ITEM, "Gje støtte til grupper som står utanfor, til dømes unge med"),
            (BlockKind.PARAGRAPH, "innvandrarbakgrunn og eldre som bur åleine"),
        ],
        section=("3 Strategiar",),
    )
    text = PlanText(doc, cl)
    assert len(text.blocks) == 1 and text.strong == [True]
    assert text.goal_for() and text.goal_quotes()[0][0].endswith("eldre som bur åleine")
