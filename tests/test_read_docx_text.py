"""DOCX and text readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from planreview.errors import CorruptDocument, EmptyDocument, EncodingProblem
from planreview.model import BlockKind
from planreview.read import read_document
from planreview.read.malform import guess_malform
from planreview.read.normalise import join_lines, norm


def test_docx_overskrift_styles_lists_tables_and_page_breaks(fixtures: Path) -> None:
    doc = read_document(fixtures / "overskrift.docx")
    heads = [(b.level, b.text) for b in doc.blocks() if b.kind is BlockKind.HEADING]
    assert (1, "Innleiing") in heads and (2, "Mål for integrering") in heads and (1, "Tiltak") in heads
    items = [b for b in doc.blocks() if b.kind is BlockKind.LIST_ITEM]
    assert [b.text for b in items] == ["Fleire flyktningar skal kome i arbeid.", "Alle barn skal gå i barnehage."]
    assert items[0].section == ("Innleiing", "Mål for integrering")
    assert len(doc.pages) == 2 and [p.label for p in doc.pages] == ["1", "2"]
    cells = {b.text: b for b in doc.blocks() if b.kind is BlockKind.TABLE_CELL}
    assert cells["Biblioteket"].row == 1 and cells["Biblioteket"].col == 1
    assert cells["Biblioteket"].page == 1
    assert doc.title == "Kommuneplanens samfunnsdel for Testvik"


def test_docx_without_breaks_has_unknown_pages(fixtures: Path) -> None:
    doc = read_document(fixtures / "no-breaks.docx")
    assert [p.label for p in doc.pages] == [None]
    assert any("sideskift" in w for w in doc.warnings)
    assert doc.to_outline_json()["pages"][0]["label"] is None


def test_docx_that_is_not_a_zip(fixtures: Path) -> None:
    with pytest.raises(CorruptDocument, match=r"not-a-zip\.docx"):
        read_document(fixtures / "not-a-zip.docx")


def test_text_form_feed_pages_and_hyphens(fixtures: Path) -> None:
    doc = read_document(fixtures / "pages.txt")
    assert len(doc.pages) == 2
    texts = [b.text for b in doc.blocks()]
    assert "Planen gjeld heile kommunen. Integreringsarbeidet er viktig." in texts
    heads = [(b.page, b.text) for b in doc.blocks() if b.kind is BlockKind.HEADING]
    assert heads == [(0, "1 Innleiing"), (1, "2 Mål")]


def test_text_in_windows_1252_is_detected_and_said(fixtures: Path) -> None:
    doc = read_document(fixtures / "latin1.txt")
    assert "Ørsta får tilbod" in doc.blocks()[0].text
    assert any("UTF-8" in w for w in doc.warnings)


def test_undecodable_and_empty_text_are_refused(fixtures: Path) -> None:
    with pytest.raises(EncodingProblem, match=r"garbage\.txt"):
        read_document(fixtures / "garbage.txt")
    with pytest.raises(EmptyDocument, match=r"empty\.txt"):
        read_document(fixtures / "empty.txt")


def test_markdown_headings(fixtures: Path) -> None:
    doc = read_document(fixtures / "heading.md")
    assert [(b.kind, b.level) for b in doc.blocks()][:2] == [(BlockKind.HEADING, 1), (BlockKind.HEADING, 2)]


def test_markdown_page_markers_pipe_tables_and_numbered_items(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        "# Temaplan for Testvik\n\nLaga av plankontoret.\n\n<!-- side 1 -->\n\n## 1 Innleiing\n\n"
        "Planen gjeld frå 2026.\n\n<!-- side 2 -->\n\n## 2 Satsingar\n\n1. Gode oppvekstvilkår\n"
        "2. Arbeid for alle\n\n<!-- side 3 -->\n\n## 3 Tiltak\n\n"
        "| Tiltak | Ansvar | Frist |\n|---|:---:|---|\n| Språkpraksis for flyktningar | NAV \\| kommunen | 2027 |\n"
        "| Kurs for nye innbyggjarar | Vaksenopplæringa | 2028 |\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    # the title block before the first marker belongs to page 1; each marker starts its page
    assert [p.label for p in doc.pages] == ["1", "2", "3"]
    assert [b.text for b in doc.pages[0].blocks][:2] == ["Temaplan for Testvik", "Laga av plankontoret."]
    # «1. Gode oppvekstvilkår» in a list is an item, not a heading
    assert [b.kind for b in doc.pages[1].blocks if "Arbeid for alle" in b.text] == [BlockKind.LIST_ITEM]
    cells = [(b.row, b.col, b.text) for b in doc.pages[2].blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells[:3] == [(0, 0, "Tiltak"), (0, 1, "Ansvar"), (0, 2, "Frist")]
    assert (1, 1, "NAV | kommunen") in cells and (2, 2, "2028") in cells


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["integrerings-", "arbeidet"], "integreringsarbeidet"),
        (["plan-", "og bygningslova"], "plan- og bygningslova"),
        (["barne-", "eller ungdomsskule"], "barne- eller ungdomsskule"),
        (["NAV-", "kontoret"], "NAV-kontoret"),
        (["innvandrar\u00ad", "befolkninga"], "innvandrarbefolkninga"),
        (["perioden 2024-", "2028"], "perioden 2024-2028"),
        (["Det gjeld der-", "som kommunen vil."], "Det gjeld dersom kommunen vil."),
        (["Dette er viktig etter-", "som folketalet fell."], "Dette er viktig ettersom folketalet fell."),
        (["frå barne-", "til ungdomsskulen"], "frå barne- til ungdomsskulen"),
        (["veksten i Fastlands-", "Norge er låg"], "veksten i Fastlands-Norge er låg"),
        (["Mål -", "Fleire i arbeid"], "Mål - Fleire i arbeid"),
        (["Slutt.", "Ny setning"], "Slutt. Ny setning"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_norm_folds_case_dashes_and_quotes() -> None:
    assert norm("«Innvandrar­befolkninga»  –  VEKS") == '"innvandrarbefolkninga" - veks'


def test_malform_guess() -> None:
    nn = "Kommunen vil ikkje gjere dette åleine. Dei tilsette skal sjå kva som er betre for heile bygda. " * 5
    nb = "Kommunen vil ikke gjøre dette alene. De ansatte skal se hva som er bedre for hele bygda. " * 5
    assert guess_malform([nn]) == "nn"
    assert guess_malform([nb]) == "nb"
    assert guess_malform(["For kort."]) is None


def test_own_running_footer_right_under_the_body_is_not_body(tmp_path: Path) -> None:
    """A plan's own footer printed straight after the text, with no blank line, on every page."""
    pages = []
    for n in range(1, 7):
        body = f"Kapittel {n} handlar om bustader i Testvik. Kommunen vil byggje fleire utleigebustader i år {n}."
        pages.append(f"{body}\nBustadplan for Testvik\nSide {n}\n")
    path = tmp_path / "plan.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = read_document(path)
    body = [b.text for b in doc.blocks(body_only=True)]
    assert not any("Side " in t or "Bustadplan for Testvik" in t for t in body), body
    assert all(any(t.startswith(f"Kapittel {n} ") for t in body) for n in range(1, 7))
    assert [p.label for p in doc.pages] == [str(n) for n in range(1, 7)]


def test_repeated_sentences_at_page_ends_stay_body(tmp_path: Path) -> None:
    """Text that recurs at the end of pages but reads as a sentence or a bullet is body text."""
    pages = [f"Tema {n}: bustader i Testvik.\n• Kommunen skal følgje opp planen kvart år.\n" for n in range(1, 7)]
    path = tmp_path / "plan.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = read_document(path)
    items = [b for b in doc.blocks(body_only=True) if "følgje opp" in b.text]
    assert len(items) == 6


def test_a_short_line_that_a_sentence_goes_on_from_is_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "Samfunnsdelen for Testvik\n\nForrige avsnitt sluttar her.\nKommunen skal saman med NAV\n"
        "sørgje for at fleire flyktningar kjem i arbeid innan to år etter busetjinga.\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert not any(b.kind is BlockKind.HEADING and b.text.startswith("Kommunen skal") for b in doc.blocks())
    assert any("Kommunen skal saman med NAV sørgje for" in b.text for b in doc.blocks())
