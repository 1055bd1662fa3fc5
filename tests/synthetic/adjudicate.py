"""Adjudicate the two reviewers' sentence labels of the synthetic dev plans (``reviewers/``) into
``evidence.jsonl`` and ``labels.json``: a sentence supports a theme only where both reviewers say so,
at the lower of their two levels; a plan's level per theme is the highest of its sentences.

Run from the repository root: ``python tests/synthetic/adjudicate.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).parent


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def main() -> None:
    a = _load(HERE / "reviewers" / "a-evidence.jsonl")
    b = _load(HERE / "reviewers" / "b-evidence.jsonl")
    used: set[int] = set()
    out: list[dict] = []
    for x in a:
        best: tuple[float, int] | None = None
        for j, y in enumerate(b):
            if j in used or y["doc"] != x["doc"]:
                continue
            score = fuzz.ratio(_norm(x["text"]), _norm(y["text"]))
            if score >= 90 and (best is None or score > best[0]):
                best = (score, j)
        if best is None:
            out.append(dict(x, themes={}, note="only reviewer A: " + x["note"]))
            continue
        y = b[best[1]]
        used.add(best[1])
        themes = {t: min(x["themes"][t], y["themes"][t]) for t in x["themes"] if t in y["themes"]}
        out.append(
            dict(x, themes=themes, immigrant=x["immigrant"] and y["immigrant"], note=f"A: {x['note']} | B: {y['note']}")
        )
    out.extend(dict(y, themes={}, note="only reviewer B: " + y["note"]) for j, y in enumerate(b) if j not in used)
    for k, row in enumerate(out):
        row["id"] = f"{row['doc']}#{k}"
    (HERE / "evidence.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), "utf-8")
    themes = list(_load(HERE / "reviewers" / "a-levels.jsonl")[0]["levels"])
    levels = {d: dict.fromkeys(themes, 0) for d in dict.fromkeys(r["doc"] for r in out)}
    for row in out:
        for t, v in row["themes"].items():
            levels[row["doc"]][t] = max(levels[row["doc"]][t], v)
    (HERE / "labels.json").write_text(json.dumps(levels, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
