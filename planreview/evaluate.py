"""Agreement between planreview's theme levels and reference labels (exact, within-one, QWK)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import LabelsError

LEVELS = (0, 1, 2, 3)


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], levels: Sequence[int] = LEVELS) -> float:
    """Cohen's kappa with quadratic weights for two raters on an ordinal scale."""
    n = len(a)
    if n == 0:
        return float("nan")
    k = len(levels)
    idx = {lev: i for i, lev in enumerate(levels)}
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b, strict=True):
        observed[idx[x]][idx[y]] += 1
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * row[i] * col[j] / n
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1.0 - num / den


@dataclass(frozen=True)
class Agreement:
    n: int
    exact: float
    within_one: float
    qwk: float
    confusion: tuple[tuple[int, ...], ...]
    """rows: reference level 0–3; columns: planreview level 0–3."""


def agreement(reference: Sequence[int], predicted: Sequence[int]) -> Agreement:
    n = len(reference)
    exact = sum(1 for r, p in zip(reference, predicted, strict=True) if r == p) / n if n else float("nan")
    within = sum(1 for r, p in zip(reference, predicted, strict=True) if abs(r - p) <= 1) / n if n else float("nan")
    confusion = [[0] * 4 for _ in range(4)]
    for r, p in zip(reference, predicted, strict=True):
        confusion[r][p] += 1
    return Agreement(
        n, exact, within, quadratic_weighted_kappa(reference, predicted), tuple(tuple(r) for r in confusion)
    )


def load_labels(path: Path) -> dict[str, dict[str, int]]:
    """Labels in the RUBRIC format: a list of {"doc", "themes": {id: {"level", ...}}} objects."""
    from .yamlio import read_config, t

    raw = read_config(path, LabelsError, ("fasitfila", "fasitfilen"))  # a regular file within the size limit
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise LabelsError(
            t(f"{path}: er ikkje gyldig JSON ({exc}). Rett fila.", f"{path}: er ikke gyldig JSON ({exc}). Rett filen."),
            path=str(path),
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise LabelsError(
            t(f"{path}: skal vere ei JSON-liste av oppføringar.", f"{path}: skal være en JSON-liste av oppføringer."),
            path=str(path),
        )
    out: dict[str, dict[str, int]] = {}
    for i, entry in enumerate(data):
        try:
            doc = str(entry["doc"])
            out[doc] = {t: int(v["level"]) for t, v in entry["themes"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LabelsError(
                f"{path}: oppføring {i + 1} manglar «doc» eller «themes.<tema>.level» ({exc}).", path=str(path)
            ) from None
        if not all(lev in LEVELS for lev in out[doc].values()):
            raise LabelsError(f"{path}: oppføring {i + 1} ({doc}) har nivå utanfor 0–3.", path=str(path))
    return out


def load_split(path: Path) -> dict[str, list[str]]:
    """A committed split of labelled plans into named parts: ``{"tune": [...], "check": [...]}``.

    The file is JSON; keys other than lists of names (such as ``about``) are ignored. Raises
    ``LabelsError`` naming the file when it is not such an object or a plan is in two parts.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"{path}: fila finst ikkje / filen finnes ikke.", path=str(path)) from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: er ikkje gyldig JSON ({exc}). Rett fila.", path=str(path)) from None
    if not isinstance(data, dict):
        raise LabelsError(f"{path}: skal vere eit JSON-objekt med lister av plannamn.", path=str(path))
    parts = {str(k): [str(x) for x in v] for k, v in data.items() if isinstance(v, list)}
    seen: dict[str, str] = {}
    for part, names in parts.items():
        for name in names:
            if name in seen:
                raise LabelsError(f"{path}: «{name}» står både i «{seen[name]}» og «{part}».", path=str(path))
            seen[name] = part
    if not parts:
        raise LabelsError(f"{path}: inneheld ingen lister av plannamn.", path=str(path))
    return parts
