"""The checklist format: validation with file:line errors, the default checklist, its examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RUBRIC_THEMES

from planreview.checklist import builtin_checklists, default_checklist_path, load_checklist
from planreview.errors import ChecklistError
from planreview.score.engine import check_examples, sentence_criteria


def test_default_checklist_has_the_rubric_themes_in_order() -> None:
    cl = load_checklist()
    assert [t.id for t in cl.themes] == RUBRIC_THEMES
    assert [s.level for s in cl.scale] == [0, 1, 2, 3]
    assert {f.id for f in cl.flags} == {"DEM-5", "GRP-1", "DIS-1", "STY-2", "STY-3"}
    for theme in cl.themes:
        assert theme.title.nb and theme.title.nn
        assert theme.guidance.questions.nb and theme.guidance.questions.nn
        for c in theme.criteria:
            assert c.id.startswith(theme.id + ".")
            assert c.response.recommendation.nn.startswith("Vi rår til")
            assert c.response.recommendation.nb.startswith("Vi anbefaler")


def _examples() -> list[tuple[str, str, bool]]:
    cl = load_checklist()
    out = []
    for theme in cl.themes:
        for c in theme.criteria:
            out += [(c.id, s, True) for s in c.examples_match] + [(c.id, s, False) for s in c.examples_no_match]
    return out


@pytest.mark.parametrize(("criterion", "sentence", "should"), _examples())
def test_every_example_sentence(criterion: str, sentence: str, should: bool) -> None:
    hit = criterion in sentence_criteria(load_checklist(), sentence)
    assert hit is should, f"{criterion}: {sentence}"


def test_every_builtin_checklist_passes_its_own_examples() -> None:
    for path in builtin_checklists():
        assert check_examples(load_checklist(path)) == [], path


def test_checklist_is_found_next_to_the_package() -> None:
    assert default_checklist_path().is_file()


BAD_CASES = [
    # (description, mutation of the default YAML text, expected substrings)
    ("unknown key", ("  - id: lovgrunnlag\n", "  - id: lovgrunnlag\n    colour: red\n"), ["colour", "ukjend nøkkel"]),
    ("wrong type", ("        weight: 2\n", "        weight: mykje\n", 1), ["weight", "tal"]),
    (
        "duplicate id",
        ("      - id: lovgrunnlag.forankring\n", "      - id: lovgrunnlag.plikter_busetjing\n"),
        ["to gonger"],
    ),
    ("term that cannot match", ('"forankr*", hele kommunen', '"Forankr*", hele kommunen'), ["kan aldri treffe"]),
    ("wildcard inside a word", ('"forankr*", hele kommunen', '"fora*nkr", hele kommunen'), ["berre i starten"]),
    (
        "criterion outside its theme",
        ("      - id: medverknad.demokrati\n", "      - id: demografi.demokrati\n"),
        ["må starte med"],
    ),
    ("yaml syntax", ('version: "2026.11"\n', "version: [2026.11\n"), ["ugyldig YAML"]),
]


@pytest.mark.parametrize(("what", "mutation", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_invalid_checklists_name_file_line_and_key(
    tmp_path: Path, what: str, mutation: tuple[str, ...], expected: list[str]
) -> None:
    text = default_checklist_path().read_text(encoding="utf-8")
    old, new = mutation[0], mutation[1]
    count = mutation[2] if len(mutation) > 2 else -1
    assert old in text, what
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, count), encoding="utf-8")
    with pytest.raises(ChecklistError) as err:
        load_checklist(bad)
    message = str(err.value)
    assert message.startswith(f"{bad}:")
    line = message[len(str(bad)) + 1 :].split(":", 1)[0]
    assert line.isdigit(), message
    # the line named is where the change was made (or the key just above it)
    before, after = text.splitlines(), bad.read_text(encoding="utf-8").splitlines()
    changed = next(i for i, (a, b) in enumerate(zip(before, after, strict=False), 1) if a != b)
    assert 0 <= changed - int(line) <= 2 or 0 <= int(line) - changed <= 1, message
    for part in expected:
        assert part in message, message


def test_missing_checklist_file(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="finst ikkje"):
        load_checklist(tmp_path / "nope.yaml")


def test_checklist_not_a_mapping(tmp_path: Path) -> None:
    bad = tmp_path / "list.yaml"
    bad.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="YAML-struktur"):
        load_checklist(bad)


def test_parsed_checklists_are_cached_by_content(tmp_path: Path) -> None:
    """The cache only saves time: a hit gives the same checklist, an edit is parsed afresh,
    a damaged entry is ignored, and no cache at all works too."""
    from planreview.cachedir import cache_dir
    from planreview.checklist import _load_cached

    own = tmp_path / "eigen.yaml"
    text = default_checklist_path().read_text(encoding="utf-8") + "\n# ein eigen kopi\n"
    own.write_text(text, encoding="utf-8")
    folder = cache_dir("checklists")
    assert folder is not None
    before = set(folder.iterdir())
    first = load_checklist(own)
    (entry,) = set(folder.iterdir()) - before
    _load_cached.cache_clear()
    again = load_checklist(own)
    assert again.themes == first.themes and again.title == first.title
    own.write_text(text.replace(first.title.nn, "Eiga sjekkliste", 1), encoding="utf-8")
    _load_cached.cache_clear()
    assert load_checklist(own).title.nn == "Eiga sjekkliste"
    assert len(set(folder.iterdir()) - before) == 2
    entry.write_bytes(entry.read_bytes()[:100])  # damaged: read from the YAML again
    own.write_text(text, encoding="utf-8")
    _load_cached.cache_clear()
    assert load_checklist(own).themes == first.themes


def test_no_cache_folder_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planreview import cachedir
    from planreview.checklist import _load_cached

    blocker = tmp_path / "fil"
    blocker.write_text("ikkje ei mappe", encoding="utf-8")
    monkeypatch.setenv("PLANREVIEW_CACHE_DIR", str(blocker / "cache"))
    cachedir._root.cache_clear()
    _load_cached.cache_clear()
    try:
        assert cachedir.cache_dir("checklists") is None
        assert [t.id for t in load_checklist().themes] == RUBRIC_THEMES
    finally:
        monkeypatch.undo()
        cachedir._root.cache_clear()
