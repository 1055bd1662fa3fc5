"""Norwegian term matching: compounds, inflections, protected terms, bounded fuzziness."""

from __future__ import annotations

import re

from planreview.match.terms import TermMatcher, word_trie
from planreview.match.units import split_sentences


def m(*terms: str, **kw: object) -> TermMatcher:
    return TermMatcher.compile(terms, **kw)  # type: ignore[arg-type]


def test_compound_parts() -> None:
    t = m("*innvandr*")
    assert t.find("innvandrarbefolkninga veks") == ["innvandrarbefolkninga"]
    assert t.find("arbeidsinnvandrarane kom") == ["arbeidsinnvandrarane"]
    assert t.find("vi vil vandre i fjellet") == []
    p = m("innvandr*")
    assert p.find("arbeidsinnvandrarane") == [] and p.find("innvandrarane") == ["innvandrarane"]


def test_inflections_by_stem_both_malformer() -> None:
    t = m("bustad", "flyktning")
    assert t.find("nye bustader og bustadene") == ["bustader", "bustadene"]
    assert t.find("flyktningar og flyktninger og flyktningane") == ["flyktningar", "flyktninger", "flyktningane"]


def test_protected_law_names_do_not_stem() -> None:
    t = TermMatcher.compile(["integreringslova"], ["integreringslova"])
    assert t.find("etter integreringslova § 4") == ["integreringslova"]
    assert t.find("integreringa i kommunen") == []
    plain = m("plan- og bygningslova")
    assert plain.find("etter plan- og bygningslova skal") == ["plan- og bygningslova"]
    assert plain.find("bygningen") == []


def test_phrases_and_wildcards_in_phrases() -> None:
    t = m("rett og plikt", "ukrainsk* flyktning*")
    assert t.find("dei har rett og plikt til opplæring") == ["rett og plikt"]
    assert t.find("ukrainske flyktningar kom i 2022") == ["ukrainske flyktningar"]


def test_fuzzy_is_bounded_to_one_edit_on_long_prefixes() -> None:
    t = m("*flyktning*", "norskkunnskap*", fuzzy=True)
    assert t.find("flyktnlnger") == ["flyktnlnger"]  # OCR: i read as l
    assert t.find("manglande norskunnskaper") == ["norskunnskaper"]  # one k missing
    assert t.find("flytting og flytteplanar") == []
    assert m("*flyktning*").find("flyktnlnger") == []  # no fuzziness unless asked
    # each kind of edit still matches past the cheap test before rapidfuzz; two edits do not
    assert t.find("flyktnng") == ["flyktnng"] and t.find("flyktnnings") == ["flyktnnings"]
    assert t.find("flyktnlnq") == []
    # a word with the prefix's start but three edits away («integreres», «integrering*») is no match
    assert m("integrering*", fuzzy=True).find("integreres") == []


def test_exact_matching_for_function_words() -> None:
    t = TermMatcher.compile(["lages", "vi skal"], stemming=False)
    assert t.find("lag og organisasjonar") == []
    assert t.find("planen lages i 2025 og vi skal følgje opp") == ["vi skal", "lages"]


def test_mask_blanks_exclusions() -> None:
    t = m("busetjingsmønster*")
    assert t.mask("spreidd busetjingsmønster her").split() == ["spreidd", "her"]


def test_word_trie_matches_as_the_alternation_longest_first() -> None:
    words = ["sudan", "sør-sudan", "sudanesarar", "sri", "lanka", "iran", "irak", "irakarar", "kina"]
    trie = re.compile(r"\b(?:" + word_trie(words) + r")\b")
    alternation = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
    for text in (
        "busette frå sør-sudan, sudan og sri lanka",
        "sudanesarar og sudanesere, irakarar i irak",
        "maskinar i tiranni; kina-handel og iranske",
        "",
    ):
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    assert [m.group(0) for m in trie.finditer("sudanesarar frå sør-sudan")] == ["sudanesarar", "sør-sudan"]


def test_pieces_skip_text_that_cannot_match() -> None:
    t = m("bustad", "*innvandr*", "rett og plikt", "integrering*")
    assert all(p in ("bustad", "innvandr", "plikt", "integrering") for p in t.pieces)
    assert t.may_match("innvandrarane") and t.may_match("rett og plikt") and not t.may_match("ein fin dag")
    assert t.find("rett og plikt til bustader") == ["rett og plikt", "bustader"]
    assert m().find("kva som helst") == [] and not m().may_match("kva som helst")


def test_sentences_keep_abbreviations_and_split_bullets() -> None:
    text = (
        "Kommunen skal bl.a. tilby språkkafé. Dette skjer f.eks. på biblioteket • Styrke samarbeidet • Utvikle tilbodet"
    )
    assert split_sentences(text) == [
        "Kommunen skal bl.a. tilby språkkafé.",
        "Dette skjer f.eks. på biblioteket",
        "Styrke samarbeidet",
        "Utvikle tilbodet",
    ]
    assert split_sentences("Frå 1. januar 2026 gjeld planen. Neste setning.") == [
        "Frå 1. januar 2026 gjeld planen.",
        "Neste setning.",
    ]
