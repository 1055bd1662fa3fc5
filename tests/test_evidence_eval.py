"""Evidence agreement: the quote–label matching rule, the three figures, the split, bad files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from planreview.cli import cli
from planreview.errors import ExitCode, LabelsError
from planreview.evaluate import load_split
from planreview.evidence_eval import SentenceLabel, evidence_agreement, load_evidence, match_norm, texts_match

SENTENCE = "Kommunen skal tilby språkpraksis til alle flyktningar i introduksjonsprogrammet."


def test_matching_accepts_the_same_sentence_in_another_layout() -> None:
    label = match_norm(SENTENCE)
    assert texts_match(
        match_norm("Kommunen skal tilby språk­praksis til alle flyktningar i\nintroduksjons-programmet."), label
    )
    assert texts_match(match_norm("• " + SENTENCE), label)
    # a heading glued in front by a reader is within twice the length
    assert texts_match(match_norm("3.2 Arbeid " + SENTENCE), label)


def test_matching_refuses_fragments_and_page_long_wrappers() -> None:
    label = match_norm(SENTENCE)
    assert not texts_match(match_norm("tilby språkpraksis"), label)
    wrapper = " ".join(["Andre setningar om vegar og vatn i Testvik kommune."] * 4) + " " + SENTENCE
    assert not texts_match(match_norm(wrapper), label)
    assert not texts_match(match_norm("Kommunen skal byggje nye gang- og sykkelvegar langs fylkesvegen."), label)


def _label(i: int, text: str, themes: dict[str, int]) -> SentenceLabel:
    return SentenceLabel(f"p#{i}", "p", 1, text, bool(themes), tuple(themes.items()), "", match_norm(text))


def _quote(text: str) -> dict[str, object]:
    return {"page": "1", "text": text}


def test_precision_theme_recall_and_recall_at_k() -> None:
    labels = {
        "p": [
            _label(1, SENTENCE, {"sysselsetting": 3}),
            _label(2, "Fleire flyktningar skal kome i arbeid innan to år.", {"sysselsetting": 2}),
            _label(3, "Minoritetsspråklege barn skal gå i barnehage.", {"oppvekst": 2}),
            _label(4, "Naturmangfaldet i fjellet er stort.", {}),
        ]
    }
    assessment = {
        "themes": [
            {"id": "sysselsetting", "evidence": [_quote(SENTENCE), _quote("Naturmangfaldet i fjellet er stort.")]},
            {"id": "oppvekst", "evidence": []},
        ]
    }
    report = evidence_agreement({"p": assessment}, labels, ["sysselsetting", "oppvekst"], k=6)
    o = report.overall
    assert (o.quotes, o.supported) == (2, 1)
    assert (o.pairs, o.pairs_hit) == (2, 1)  # oppvekst has an accepted sentence but no quote
    assert (o.recall_hits, o.recall_base) == (1, 3)
    assert [q.text for q in report.unsupported] == ["Naturmangfaldet i fjellet er stort."]
    assert report.unsupported[0].matched == ("p#4",)
    assert {lab.id for _, lab in report.missed} == {"p#2", "p#3"}


def test_recall_at_k_counts_at_most_k_per_theme() -> None:
    accepted = [
        _label(i, f"Flyktningar i Testvik, setning nummer {i} om arbeid.", {"sysselsetting": 1}) for i in range(9)
    ]
    quotes = [_quote(lab.text) for lab in accepted[:2]]
    report = evidence_agreement(
        {"p": {"themes": [{"id": "sysselsetting", "evidence": quotes}]}}, {"p": accepted}, ["sysselsetting"], k=2
    )
    assert (report.overall.recall_hits, report.overall.recall_base) == (2, 2)
    assert not report.missed


def test_bad_evidence_and_split_files_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "evidence.jsonl"
    bad.write_text('{"doc": "a", "text": "x", "themes": {}}\n{"doc": "b"\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=r"evidence\.jsonl:2"):
        load_evidence(bad)
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"tune": ["a", "b"], "check": ["b"]}), encoding="utf-8")
    with pytest.raises(LabelsError, match="«b»"):
        load_split(split)
    labels = tmp_path / "labels.json"
    labels.write_text("[]", encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--labels", str(labels), "--evidence", str(bad), str(tmp_path)])
    assert res.exit_code == ExitCode.LABELS and "evidence.jsonl:2" in res.output


@needs_corpus
@pytest.mark.corpus
def test_corpus_evidence_per_part() -> None:
    """The command the README gives: document agreement and evidence figures for tune and check."""
    split = Path(__file__).parent / "corpus-split.json"
    res = CliRunner().invoke(
        cli,
        [
            "evaluate",
            "--labels",
            str(CORPUS / "labels.json"),
            "--evidence",
            str(CORPUS / "evidence.jsonl"),
            "--split",
            str(split),
            str(CORPUS),
        ],
    )
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    parts = {
        m.group(1): m
        for line in lines
        if (
            m := re.match(
                r"^(tune|check): exact ([\d.]+)%.*precision ([\d.]+)%  theme-recall ([\d.]+)%  recall@6 ([\d.]+)%$",
                line,
            )
        )
    }
    assert set(parts) == {"tune", "check"}
    # the check plans' quotes and disagreements are not listed without --check-details
    check_section = res.output.split("== check")[1]
    assert "Sitat utan støtte" not in check_section and "Usemje" not in check_section
    assert "Sitat utan støtte" in res.output.split("== check")[0]
    assert re.fullmatch(r"exact [\d.]+%  within-one [\d.]+%  qwk 0\.\d{3}", lines[-1])
    names = json.loads(split.read_text(encoding="utf-8"))
    assert len(names["check"]) * 3 >= len(names["tune"]) + len(names["check"]) - 3
