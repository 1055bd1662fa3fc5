"""The synthetic dev set (``tests/synthetic``): four invented plans written by one helper and
labelled sentence by sentence by two others from ``../shared/RUBRIC.md`` and ``EVIDENCE.md`` alone,
adjudicated to the lower level (``adjudicate.py``). Rules were written from these plans, so the
figures guard against losing what was gained; they are no measure of a plan not seen (the corpus
check plans are)."""

from __future__ import annotations

import json
from pathlib import Path

from planreview.api import review
from planreview.evaluate import agreement
from planreview.evidence_eval import evidence_agreement, load_evidence

HERE = Path(__file__).parent / "synthetic"


def test_the_synthetic_dev_plans_keep_their_figures() -> None:
    labels: dict[str, dict[str, int]] = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    found = {d: review(HERE / "plans" / f"{d}.md").assessment for d in labels}
    ref = [labels[d][t.id] for d, a in found.items() for t in a.themes]
    pred = [t.level for a in found.values() for t in a.themes]
    levels = agreement(ref, pred)
    themes = [t.id for t in next(iter(found.values())).themes]
    ev = evidence_agreement({d: a.to_json() for d, a in found.items()}, load_evidence(HERE / "evidence.jsonl"), themes)
    # at the time of writing: exact 75.0 %, qwk 0.81, precision 86.8 %, theme recall 96.3 %, recall@6 82.5 %
    assert levels.exact >= 0.70 and levels.qwk >= 0.75, levels
    assert ev.overall.precision >= 0.82, [q.text for q in ev.unsupported]
    assert ev.overall.theme_recall >= 0.90 and ev.overall.recall_at_k >= 0.75, ev.overall
