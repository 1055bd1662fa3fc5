"""Evidence agreement: are planreview's quotes the sentences a reviewer accepts?

The reference is a file of sentence labels in the format of ``../shared/corpus/evidence.jsonl``:
one JSON object per line, ``{"id", "doc", "page", "heading", "text", "immigrant", "themes", "note"}``,
where ``themes`` maps a theme id to the level (1–3) the sentence supports in that document (empty when
the sentence supports no theme).

Three figures, per theme and overall:

* **precision** — of the quotes planreview shows for a theme, the share that match a sentence
  accepted for that theme. A quote that matches no labelled sentence counts as unsupported (the
  labels hold every sentence that could be evidence).
* **theme recall** — of the (plan, theme) pairs with at least one accepted sentence, the share where
  at least one accepted sentence is quoted.
* **sentence recall@k** — accepted sentences quoted, over the smaller of the number accepted and
  ``k`` (the number of quotes shown per theme), summed over (plan, theme) pairs.

A quote *matches* a labelled sentence when, after normalising both (lower case, letters and digits
only, single spaces), they are nearly the same text (rapidfuzz ``ratio`` ≥ 90), or the shorter is
contained in the longer (``partial_ratio`` ≥ 90) and the longer is at most twice as long. A fragment
of a sentence, or a page-long quote wrapped around a good sentence, does not match.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .errors import LabelsError

NEAR = 90.0
"""rapidfuzz score (0–100) at or above which two normalised texts are taken as the same."""
MAX_LENGTH_RATIO = 2.0
"""A containing text may be at most this many times longer than the text it contains."""

_NON_WORD = re.compile(r"[^\w]+|_+")


def match_norm(text: str) -> str:
    """Lower case, letters and digits only, single spaces (the matching form of a quote or label)."""
    return " ".join(_NON_WORD.sub(" ", text.casefold().replace("\u00ad", "")).split())


def texts_match(a: str, b: str) -> bool:
    """Whether two normalised texts are the same sentence (see the module docstring)."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(long) > MAX_LENGTH_RATIO * len(short):
        return False
    if fuzz.ratio(a, b) >= NEAR:
        return True
    return fuzz.partial_ratio(short, long) >= NEAR


@dataclass(frozen=True, slots=True)
class SentenceLabel:
    """One labelled sentence: its text, page, and the level it supports per theme."""

    id: str
    doc: str
    page: int | None
    text: str
    immigrant: bool
    themes: tuple[tuple[str, int], ...]
    note: str
    norm: str

    def supports(self, theme: str) -> bool:
        return any(t == theme for t, _ in self.themes)


def load_evidence(path: Path) -> dict[str, list[SentenceLabel]]:
    """Sentence labels by document name.

    Raises ``LabelsError`` (exit code 15) naming the file and line when a line is not a JSON
    object with at least ``doc``, ``text`` and ``themes``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LabelsError(f"{path}: fila finst ikkje / filen finnes ikke.", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: kan ikkje lesast ({exc}).", path=str(path)) from None
    out: dict[str, list[SentenceLabel]] = defaultdict(list)
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            themes = row.get("themes") or {}
            if not isinstance(themes, dict):
                raise TypeError("themes")
            label = SentenceLabel(
                id=str(row.get("id", f"{row['doc']}#{n}")),
                doc=str(row["doc"]),
                page=int(row["page"]) if row.get("page") is not None else None,
                text=str(row["text"]),
                immigrant=bool(row.get("immigrant", bool(themes))),
                themes=tuple((str(t), int(v)) for t, v in themes.items()),
                note=str(row.get("note", "")),
                norm=match_norm(str(row["text"])),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LabelsError(
                f"{path}:{n}: linja er ikkje ei gyldig setningsmerking ({type(exc).__name__}: {exc}); "
                "kvar linje skal vere eit JSON-objekt med «doc», «text» og «themes».",
                path=str(path),
            ) from None
        out[label.doc].append(label)
    return dict(out)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote planreview showed for a theme, and the labels it matches."""

    doc: str
    theme: str
    page: str | None
    text: str
    supported: bool
    matched: tuple[str, ...]
    """Ids of the labelled sentences this quote matches (any theme)."""


@dataclass(frozen=True, slots=True)
class EvidenceScore:
    """Counts behind precision, theme recall and recall@k for one group (a theme, or all)."""

    quotes: int
    supported: int
    pairs: int
    """(plan, theme) pairs with at least one accepted sentence."""
    pairs_hit: int
    recall_hits: int
    recall_base: int

    @property
    def precision(self) -> float:
        return self.supported / self.quotes if self.quotes else float("nan")

    @property
    def theme_recall(self) -> float:
        return self.pairs_hit / self.pairs if self.pairs else float("nan")

    @property
    def recall_at_k(self) -> float:
        return self.recall_hits / self.recall_base if self.recall_base else float("nan")


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """Evidence agreement for a set of plans."""

    k: int
    overall: EvidenceScore
    by_theme: tuple[tuple[str, EvidenceScore], ...]
    unsupported: tuple[Quote, ...]
    missed: tuple[tuple[str, SentenceLabel], ...]
    """(theme, label) for accepted sentences not quoted, in (plan, theme) pairs where fewer than
    min(accepted, k) were found."""


def _add(a: EvidenceScore, b: EvidenceScore) -> EvidenceScore:
    return EvidenceScore(*(x + y for x, y in zip(_fields(a), _fields(b), strict=True)))


def _fields(s: EvidenceScore) -> tuple[int, ...]:
    return (s.quotes, s.supported, s.pairs, s.pairs_hit, s.recall_hits, s.recall_base)


_ZERO = EvidenceScore(0, 0, 0, 0, 0, 0)


def evidence_agreement(
    assessments: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, list[SentenceLabel]],
    themes: Iterable[str],
    k: int = 6,
) -> EvidenceReport:
    """Compare the quotes in ``assessments`` (doc name → assessment JSON) with sentence labels.

    Only documents present in both are counted. ``k`` is the number of quotes shown per theme.
    """
    theme_ids = list(themes)
    per_theme: dict[str, EvidenceScore] = {t: _ZERO for t in theme_ids}
    unsupported: list[Quote] = []
    missed: list[tuple[str, SentenceLabel]] = []
    for doc in sorted(assessments):
        if doc not in labels:
            continue
        doc_labels = labels[doc]
        by_theme = {t["id"]: t for t in assessments[doc]["themes"]}
        for theme in theme_ids:
            quotes = by_theme.get(theme, {}).get("evidence", [])
            accepted = [lab for lab in doc_labels if lab.supports(theme)]
            found: set[str] = set()
            n_supported = 0
            for q in quotes:
                qn = match_norm(q["text"])
                matched = tuple(lab.id for lab in doc_labels if texts_match(qn, lab.norm))
                ok = [lab for lab in accepted if lab.id in matched]
                if ok:
                    n_supported += 1
                    found.update(lab.id for lab in ok)
                else:
                    unsupported.append(Quote(doc, theme, q.get("page"), q["text"], False, matched))
            base = min(len(accepted), k)
            hits = min(len(found), base)
            if accepted and hits < base:
                missed.extend((theme, lab) for lab in accepted if lab.id not in found)
            score = EvidenceScore(
                quotes=len(quotes),
                supported=n_supported,
                pairs=1 if accepted else 0,
                pairs_hit=1 if accepted and found else 0,
                recall_hits=hits,
                recall_base=base,
            )
            per_theme[theme] = _add(per_theme[theme], score)
    overall = _ZERO
    for s in per_theme.values():
        overall = _add(overall, s)
    return EvidenceReport(k, overall, tuple(per_theme.items()), tuple(unsupported), tuple(missed))
