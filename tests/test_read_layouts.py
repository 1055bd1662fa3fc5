"""Genuine layouts: columns, running furniture, TOC, broken sentences, logos, charts (issue 12)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import REALPDF, needs_realpdf

from planreview.model import Block, BlockKind
from planreview.read import read_document


@needs_realpdf
@pytest.mark.corpus
def test_motebok_logo_letters_stand_apart_from_the_title_beside_them() -> None:
    doc = read_document(REALPDF / "bo-motebok-k-sak-112-12-nn.pdf")
    texts = [b.text for b in doc.blocks()]
    assert "Møtebok" in texts
    assert not any("komune" in t and "Møtebok" in t for t in texts)


def blocks_of(path: Path) -> list[Block]:
    return read_document(path).blocks()


def test_two_columns_with_a_title_across_the_gutter_give_whole_sentences(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "indesign-columns.pdf")
    assert not any(b.kind is BlockKind.TABLE_CELL for b in blocks)
    texts = [b.text for b in blocks]
    # sentences wrapped over several lines of a column are one block each, never cut by a line end
    for sentence in (
        "Innvandrarar utgjer ein stor del av veksten i folketalet, og dei fleste er i arbeid etter fem år i kommunen.",
        "Kommunen vil halde fram med eit breitt tilbod i vaksenopplæringa.",
        "Kommunen vil byggje fleire utleigebustader for nye innbyggjarar, òg for flyktningar som vil bu her over tid.",
    ):
        assert any(sentence in t for t in texts), sentence
    left = next(i for i, t in enumerate(texts) if t.startswith("Vaksenopplæringa og NAV"))
    right = next(i for i, t in enumerate(texts) if t.startswith("Høgre spalte"))
    assert left < right


def test_two_columns_below_a_table_of_figures_give_whole_sentences(fixtures: Path) -> None:
    """The table's rows share their lines with figures, so no gutter runs down the whole page;
    the columns below it are still columns, not the cells of a table."""
    blocks = blocks_of(fixtures / "columns-under-table.pdf")
    texts = [b.text for b in blocks]
    for sentence in (
        "Vaksenopplæringa har difor fått fleire deltakarar enn før.",
        "Kommunen vil styrkje norskopplæringa med fleire lærarar og kveldskurs.",
        "Alle nye arbeidstakarar skal få ein fadder det første året.",
        "Kommunen vil òg sjå på korleis fleire kan få fast tilsetjing etter introduksjonsprogrammet.",
    ):
        assert any(sentence in b.text and b.kind is BlockKind.PARAGRAPH for b in blocks), sentence
    left = next(i for i, t in enumerate(texts) if t.startswith("Kommunen har teke imot"))
    right = next(i for i, t in enumerate(texts) if t.startswith("Talet på sysselsette"))
    assert left < right
    # the table above keeps its rows: a label and its figures
    cells = {(b.row, b.col): b.text for b in blocks if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in cells.items() if c == 0 and t.startswith("Innvandrarar"))
    assert [cells.get((row, c)) for c in (1, 2, 3)] == ["412", "455", "498"]


def test_a_ruled_table_of_prose_cells_is_a_table_not_two_columns(fixtures: Path) -> None:
    cells = {(b.row, b.col): b.text for b in blocks_of(fixtures / "prose-table.pdf") if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in cells.items() if c == 0 and t == "Alle nye innbyggjarar lærer norsk")
    assert cells[(row, 1)] == "Fleire kveldskurs i vaksenopplæringa"
    assert len({r for r, _ in cells}) == 8


def test_a_table_header_set_up_the_page_is_read_as_its_cells(fixtures: Path) -> None:
    cells = {
        (b.row, b.col): b.text
        for b in blocks_of(fixtures / "rotated-header-table.pdf")
        if b.kind is BlockKind.TABLE_CELL
    }
    assert [cells.get((0, c)) for c in range(4)] == ["Tiltak", "Ansvarleg", "Frist", "Kostnad"]
    assert [cells.get((1, c)) for c in range(4)] == ["Språkkafé på biblioteket", "Kultur", "2026", "50 000"]


def test_a_table_run_on_to_the_top_of_the_next_page_keeps_its_rows(fixtures: Path) -> None:
    """The rows at the top of page 2 lie where a running header would; they are the table's."""
    doc = read_document(fixtures / "continued-table.pdf")
    assert len(doc.pages) == 2
    second = [b for b in doc.pages[1].blocks]
    assert all(b.kind is BlockKind.TABLE_CELL for b in second), [(b.kind, b.text) for b in second]
    cells = {(b.row, b.col): b.text for b in second}
    assert [cells.get((0, c)) for c in range(3)] == ["Tiltak", "Ansvar", "Status"]
    texts = [b.text for b in doc.blocks() if b.kind is BlockKind.TABLE_CELL and b.col == 0]
    assert [t for t in texts if t.startswith("Tiltak nummer")] == [
        f"Tiltak nummer {i} for nye innbyggjarar" for i in range(1, 13)
    ]


def test_a_table_row_broken_across_a_page_is_one_row(fixtures: Path) -> None:
    doc = read_document(fixtures / "split-row-table.pdf")
    first = {(b.row, b.col): b.text for b in doc.pages[0].blocks if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in first.items() if c == 0 and t.startswith("Kommunen skal tilby"))
    assert (
        first[(row, 0)] == "Kommunen skal tilby språkpraksis i alle kommunale einingar som tek imot nye innbyggjarar."
    )
    assert first[(row, 1)] == "Personalavdelinga"
    second = [b.text for b in doc.pages[1].blocks if b.kind is BlockKind.TABLE_CELL]
    assert second == ["Tiltak", "Ansvar", "Velkomstbrev på fleire språk til nye innbyggjarar.", "Servicetorget"]


def test_a_new_row_at_the_top_of_a_page_is_not_joined_to_the_row_before(fixtures: Path) -> None:
    doc = read_document(fixtures / "continued-table.pdf")
    first = [b.text for b in doc.pages[0].blocks if b.kind is BlockKind.TABLE_CELL]
    # the next row's status cell («pågår») is in lower case, its first cell is not: a row of its own
    assert first[-3:] == ["Tiltak nummer 7 for nye innbyggjarar", "Kommunen", "ok"]


def test_a_column_beside_a_chart_reads_as_running_text(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "column-beside-chart.pdf")
    assert any(
        "Kommunen vil difor sjå busetjing, norskopplæring og arbeid i samanheng, slik at nye innbyggjarar" in b.text
        and b.kind is BlockKind.PARAGRAPH
        for b in blocks
    )
    assert not any(b.kind is BlockKind.TABLE_CELL for b in blocks)


def test_an_unruled_table_of_labels_and_figures_is_a_table_not_two_columns(fixtures: Path) -> None:
    """Labels one to a row do not read on as a column does: each keeps its figures."""
    cells = {(b.row, b.col): b.text for b in blocks_of(fixtures / "figure-table.pdf") if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in cells.items() if c == 0 and t == "Flyktningar busette dei siste fem åra")
    assert [cells.get((row, 1)), cells.get((row, 2))] == ["120", "131"]


def test_a_ruled_running_header_inside_the_band_stays_a_header(fixtures: Path) -> None:
    doc = read_document(fixtures / "ruled-header.pdf")
    assert not any(b.kind is BlockKind.TABLE_CELL for b in doc.blocks())
    assert {b.text for b in doc.blocks() if b.kind is BlockKind.HEADER} >= {"Vikfjord kommune", "Høyringsutkast"}
    assert [p.label for p in doc.pages] == ["1", "2"]


def test_two_columns_above_and_below_a_ruled_table_are_read_around_it(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "columns-around-table.pdf")
    texts = [b.text for b in blocks if b.kind is BlockKind.PARAGRAPH]
    # a line of the left column that reaches into the gutter is still the left column's
    assert any("Difor treng vi fleire utleigebustader nær jernbanestasjonen, skule og butikkar." in t for t in texts)
    order = [i for i, t in enumerate(texts) if t.startswith(("Kommunen tek imot", "Frivillige lag"))]
    assert len(order) == 4
    cells = {(b.row, b.col): b.text for b in blocks if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in cells.items() if c == 0 and t == "Praksisplassar i kommunen")
    assert [cells[(row, 1)], cells[(row, 2)]] == ["NAV og personal", "2027"]
    kinds = [b.kind for b in blocks]
    first_cell = kinds.index(BlockKind.TABLE_CELL)
    assert kinds[:first_cell] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]  # both columns above, then the table
    assert "Kjelde: kommunen." in texts  # the source line under the table is kept


def test_an_unruled_table_of_short_texts_is_a_table_not_two_columns(fixtures: Path) -> None:
    cells = {(b.row, b.col): b.text for b in blocks_of(fixtures / "text-table.pdf") if b.kind is BlockKind.TABLE_CELL}
    row = next(r for (r, c), t in cells.items() if c == 0 and t == "Opne språkkafé nummer 5 på biblioteket")
    assert [cells[(row, 1)], cells[(row, 2)]] == ["Kulturkontoret", "2027"]


def test_a_list_set_in_two_columns_is_a_list_not_a_table(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "two-column-list.pdf")
    items = [b.text for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert items[:2] == ["fleire i arbeid", "betre norskkunnskap"] and "fleire tolkar" in items
    assert items.index("opne møteplassar") < items.index("fleire tolkar")  # the left column first
    assert not any(b.kind is BlockKind.TABLE_CELL for b in blocks)


def test_rows_of_a_table_in_lower_case_are_not_joined_across_a_page(fixtures: Path) -> None:
    doc = read_document(fixtures / "lower-case-rows.pdf")
    first = [b.text for b in doc.pages[0].blocks if b.kind is BlockKind.TABLE_CELL]
    second = [b.text for b in doc.pages[1].blocks if b.kind is BlockKind.TABLE_CELL]
    assert first[-3:] == ["barnevern", "Kommunen", "i gang"]
    assert second[3:6] == ["busetjing", "Kommunen", "i gang"]


def test_a_ruled_table_inside_one_column_stays_in_that_column(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "table-in-column.pdf")
    kinds = [b.kind for b in blocks]
    right = next(i for i, b in enumerate(blocks) if b.text.startswith("Talet på sysselsette"))
    assert BlockKind.TABLE_CELL in kinds[:right]  # the left column and its table, then the right column
    assert any("Alle nye arbeidstakarar skal få ein fadder det første året." in b.text for b in blocks[right:])


def test_rules_framing_a_page_of_running_text_make_no_table(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "framed-page.pdf")
    assert not any(b.kind is BlockKind.TABLE_CELL for b in blocks)
    assert any("Vaksenopplæringa har difor fått fleire deltakarar enn før." in b.text for b in blocks)


def test_a_sub_heading_in_its_own_font_wrapped_over_two_lines_is_one_heading(fixtures: Path) -> None:
    heads = [b.text for b in blocks_of(fixtures / "indesign-columns.pdf") if b.kind is BlockKind.HEADING]
    assert "Fleire flyktningar skal kome i arbeid etter programmet" in heads


def test_a_line_that_starts_with_a_number_mid_sentence_is_not_a_heading(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "indesign-columns.pdf")
    assert not any(b.kind is BlockKind.HEADING and b.text.startswith("15 ") for b in blocks)
    assert any("kvart år 15 nye praksisplassar i dei kommunale einingane" in b.text for b in blocks)


def test_chart_labels_are_figure_text_not_body_or_table_cells(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "chart.pdf")
    kinds = {b.text: b.kind for b in blocks}
    for label in ("40", "0", "2021", "Innvandrarar", "Heile folketalet"):
        assert kinds[label] is BlockKind.FIGURE, label
    assert not any(b.kind is BlockKind.TABLE_CELL for b in blocks)
    assert kinds["Figur 1 Folketal etter bakgrunn, prosentvis endring. Kjelde: SSB."] is BlockKind.PARAGRAPH
    assert BlockKind.FIGURE not in {b.kind for b in read_document(fixtures / "chart.pdf").blocks(body_only=True)}


def test_a_ruled_table_of_figures_with_a_text_column_stays_a_table(fixtures: Path) -> None:
    cells = [b for b in blocks_of(fixtures / "table.pdf") if b.kind is BlockKind.TABLE_CELL]
    assert {"2025", "2026", "2027"} <= {b.text for b in cells}


@needs_realpdf
@pytest.mark.corpus
def test_genuine_white_paper_reads_with_a_sensible_outline() -> None:
    doc = read_document(REALPDF / "meld-st-1-2025-2026-nasjonalbudsjettet.pdf", ocr=False)
    heads = [b.text for b in doc.blocks() if b.kind is BlockKind.HEADING]
    for h in (
        "2 De økonomiske utsiktene",
        "2.1 Internasjonal konjunktursituasjon",
        "2.2 Norsk konjunktursituasjon",
        "Høyere privat etterspørsel løfter veksten i norsk økonomi",
        "Boks 2.5 Ukrainske fordrevnes tilknytning til arbeidsmarkedet",
    ):
        assert h in heads, h
    # a heading is never a broken sentence, a count or a running header
    assert not [h for h in heads if h.endswith(("-", ",")) or re.match(r"^\d+ (mrd|pst|mill)", h)]
    assert "Meld. St. 1" not in [b.text for b in doc.blocks(body_only=True) if b.page > 8]
    # the two columns' wrapped lines are one paragraph: a sentence across a line end is whole
    assert any(
        "solid reallønnsvekst å bidra til at veksten i norsk økonomi blir klart høyere" in b.text for b in doc.blocks()
    )
    # chart tick values are not table cells
    numeric_cells = [b for b in doc.blocks() if b.kind is BlockKind.TABLE_CELL and re.fullmatch(r"-?\d", b.text)]
    assert len(numeric_cells) < 100
    # two columns on a page with a table of figures are columns: a word broken at a line end is
    # whole again, and few lines of running text (six words or more) are left as table cells
    assert any("kommer siste termin for forskuddstrekket for inntektsåret 2025" in b.text for b in doc.pages[40].blocks)
    cells = [b.text for b in doc.blocks() if b.kind is BlockKind.TABLE_CELL]
    prose_cells = [t for t in cells if sum(1 for w in t.split() if w.isalpha()) >= 6]
    assert len(prose_cells) < 40


@needs_realpdf
@pytest.mark.corpus
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_text_of_a_page_turned_by_270_degrees_is_read() -> None:
    """A plan map on an A1 sheet with /Rotate 270: its labels, legend and title block read across
    once the sheet is turned, and were dropped as vertical text before."""
    path = REALPDF / "evje-og-hornnes-plankart-kjetsaa.pdf"
    source = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    doc = read_document(path)
    want = Counter(w.casefold() for w in re.findall(r"\w+", source))
    have = Counter(w.casefold() for b in doc.blocks() for w in re.findall(r"\w+", b.text))
    assert sum(min(c, have[w]) for w, c in want.items()) / sum(want.values()) >= 0.85
    assert any("Offentlig ettersyn fra 06.07.2023 til 07.09.2023" in b.text for b in doc.blocks())


def test_running_header_of_landscape_pages_is_furniture(fixtures: Path) -> None:
    doc = read_document(fixtures / "landscape.pdf")
    kinds = Counter((b.text, b.kind) for b in doc.blocks())
    assert kinds[("Plan- og bygningsetaten", BlockKind.HEADER)] == 4
    assert not any(b.text == "Plan- og bygningsetaten" for b in doc.blocks(body_only=True))
    assert [p.label for p in doc.pages] == ["1", "2", "3", "4"]


@needs_realpdf
@pytest.mark.corpus
def test_genuine_landscape_brochure_has_its_running_header_as_furniture() -> None:
    doc = read_document(REALPDF / "oslo-pbe-stedsanalyse-nedre-skoyen-vei.pdf")
    assert not any(b.text == "Plan- og bygningsetaten" for b in doc.blocks(body_only=True))
    assert sum(1 for b in doc.blocks() if b.kind is BlockKind.HEADER) >= len(doc.pages)
