"""Genuine layouts: columns, running furniture, TOC, broken sentences, logos, charts (issue 12)."""

from __future__ import annotations

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


def test_a_sub_heading_in_its_own_font_wrapped_over_two_lines_is_one_heading(fixtures: Path) -> None:
    heads = [b.text for b in blocks_of(fixtures / "indesign-columns.pdf") if b.kind is BlockKind.HEADING]
    assert "Fleire flyktningar skal kome i arbeid etter programmet" in heads


def test_a_line_that_starts_with_a_number_mid_sentence_is_not_a_heading(fixtures: Path) -> None:
    blocks = blocks_of(fixtures / "indesign-columns.pdf")
    assert not any(b.kind is BlockKind.HEADING and b.text.startswith("15 ") for b in blocks)
    assert any("kvart år 15 nye praksisplassar i dei kommunale einingane" in b.text for b in blocks)
