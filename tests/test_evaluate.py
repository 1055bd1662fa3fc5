"""Agreement metrics, and the targets on ../shared/corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from planreview.cli import cli
from planreview.errors import ExitCode
from planreview.evaluate import agreement, quadratic_weighted_kappa


def test_qwk_known_values() -> None:
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]) == pytest.approx(1.0)
    # one step off on one of four: 1 - (1/9) / (expected disagreement)
    a, b = [0, 1, 2, 3], [0, 1, 2, 2]
    observed = 1 / 9
    exp = sum((i - j) ** 2 / 9 * 1 * c for i in a for j, c in {0: 1, 1: 1, 2: 2}.items()) / 4
    assert quadratic_weighted_kappa(a, b) == pytest.approx(1 - observed / exp)
    assert quadratic_weighted_kappa([0, 0, 3, 3], [3, 3, 0, 0]) < 0


def test_agreement_counts() -> None:
    ag = agreement([0, 1, 2, 3, 3], [0, 2, 2, 1, 3])
    assert ag.exact == pytest.approx(3 / 5) and ag.within_one == pytest.approx(4 / 5)
    assert ag.confusion[3][1] == 1 and sum(map(sum, ag.confusion)) == 5


def test_bad_labels_file(tmp_path: Path) -> None:
    bad = tmp_path / "labels.json"
    bad.write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--labels", str(bad), str(tmp_path)])
    assert res.exit_code == ExitCode.LABELS
    assert "labels.json" in res.output


def _rows(output: str) -> dict[str, tuple[float, float, float]]:
    out = {}
    for line in output.splitlines():
        m = re.match(r"^(\S[\w ]*?)\s+\d+\s+([\d.]+)%\s+([\d.]+)%\s+(-?[\d.]+)$", line)
        if m:
            out[m.group(1).strip()] = (float(m.group(2)), float(m.group(3)), float(m.group(4)))
    return out


@needs_corpus
@pytest.mark.corpus
def test_corpus_targets() -> None:
    res = CliRunner().invoke(cli, ["evaluate", "--labels", str(CORPUS / "labels.json"), str(CORPUS)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    m = re.fullmatch(r"exact (\d+\.\d)%  within-one (\d+\.\d)%  qwk (-?\d\.\d{3})", last)
    assert m, last
    exact, qwk = float(m.group(1)), float(m.group(3))
    assert qwk >= 0.85 and exact >= 85.0, res.output
    rows = _rows(res.output)
    themes = {k: v for k, v in rows.items() if k not in ("bokmål", "nynorsk")}
    assert len(themes) == 9
    assert all(v[2] >= 0.7 for v in themes.values()), themes
    assert abs(rows["nynorsk"][2] - rows["bokmål"][2]) <= 0.05, rows
    assert "Forvekslingsmatrise" in res.output


def test_the_plan_file_is_reviewed_not_the_notes_beside_it(tmp_path: Path) -> None:
    from planreview.cli import _find_documents

    folder = tmp_path / "eikvik-samfunnsdel"
    folder.mkdir()
    for name in ("SOURCE.txt", "TITLE.txt", "eikvik-samfunnsdel.txt"):
        (folder / name).write_text("Tekst.\n", encoding="utf-8")
    found = _find_documents(tmp_path, ["eikvik-samfunnsdel"], "txt")
    assert found["eikvik-samfunnsdel"].name == "eikvik-samfunnsdel.txt"
