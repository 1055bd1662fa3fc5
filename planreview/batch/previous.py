"""``batch --compare-to``: the plans of an earlier batch, and which of them each plan of this batch
is a later version of (``planreview.compare.match_plans``)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

from ..checklist import Checklist
from ..compare import PlanKey, match_plans
from ..errors import ChecklistError, InputNotFound
from ..messages import current_malform, say
from . import RESULTS, read_results
from .matrix import History, Row, Since, build_rows


def _t(nn: str, nb: str) -> str:
    return nn if current_malform() == "nn" else nb


def _matrix_files(folder: Path) -> dict[str, tuple[str, str]] | None:
    """The plans of the previous batch's last run by file, with the municipality it showed (the
    mapping of that run): read from its matrix.csv; None when there is none to read."""
    path = folder / "matrix.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows or rows[0][:3] != ["file", "kommune", "kommunenummer"]:
        return None

    def plain(cell: str) -> str:
        return cell[1:] if cell.startswith("'") else cell

    return {plain(r[0]): (plain(r[1]), plain(r[2])) for r in rows[1:] if len(r) >= 3}


def load_previous(folder: Path, checklist: Checklist, mapping: dict[str, tuple[str, str]]) -> list[Row]:
    """The plans of the batch whose ``--out`` was ``folder``: the last record of each file in its
    results.jsonl (only the files of its last matrix.csv, when there is one), as matrix rows.

    Raises InputNotFound (exit 3) when ``folder`` or its results.jsonl does not exist, and
    ChecklistError (exit 9) when its plans were scored against another checklist.
    """
    if not folder.is_dir():
        raise InputNotFound(say("not_found", path=folder), path=str(folder))
    results = folder / RESULTS
    if not results.is_file():
        raise InputNotFound(
            _t(
                f"{results}: fila finst ikkje. Gi mappa som ein tidlegare «planreview batch» skreiv til (--out).",
                f"{results}: filen finnes ikke. Gi mappen som en tidligere «planreview batch» skrev til (--out).",
            ),
            path=str(results),
        )
    last: dict[str, dict[str, Any]] = {}
    for rec in read_results(results).values():
        last.pop(rec["file"], None)
        last[rec["file"]] = rec  # later lines are later runs
    shown_in_matrix = _matrix_files(folder)
    records = list(last.values())
    if shown_in_matrix is not None:
        from ..messages import shown

        records = [r for r in records if shown(Path(r["file"])) in shown_in_matrix]
    for rec in records:
        cl = (rec.get("assessment") or {}).get("checklist") or {}
        if rec.get("status") == "ok" and cl.get("id") not in (None, checklist.id):
            raise ChecklistError(
                _t(
                    f"{results}: planane der er vurderte etter sjekklista «{cl.get('id')}», ikkje «{checklist.id}». "
                    "Samanlikn med ein batch som brukte same sjekkliste (--checklist).",
                    f"{results}: planene der er vurdert etter sjekklisten «{cl.get('id')}», ikke «{checklist.id}». "
                    "Sammenlign med en batch som brukte samme sjekkliste (--checklist).",
                ),
                path=str(results),
            )
    rows = build_rows(records, checklist, mapping, folder)
    if shown_in_matrix is not None:
        rows = [
            dataclasses.replace(
                r,
                kommune=shown_in_matrix[r.file][0] or r.kommune,
                kommunenummer=shown_in_matrix[r.file][1] or r.kommunenummer,
            )
            if r.file in shown_in_matrix
            else r
            for r in rows
        ]
    return rows


def _key(r: Row) -> PlanKey:
    return PlanKey(r.file, r.kommune, r.kommunenummer, r.plan_type, r.title, r.sha256)


def compare_rows(rows: list[Row], previous: list[Row], previous_dir: Path) -> tuple[list[Row], History]:
    """``rows`` with ``since`` set (each plan's match in ``previous`` and the levels and flags it
    had there), and the history: the previous plans no plan matched. Plans with errors, here or
    there, take part in no match."""
    ok = [r for r in rows if r.status == "ok"]
    before = [r for r in previous if r.status == "ok"]
    by_file = {r.file: r for r in before}
    matches = {m.file: m for m in match_plans([_key(r) for r in ok], [_key(r) for r in before])}
    out: list[Row] = []
    used: set[str] = set()
    for r in rows:
        m = matches.get(r.file) if r.status == "ok" else None
        if m is None:
            out.append(r)
            continue
        used.update(m.candidates)
        if m.status == "matched" and m.previous is not None:
            p = by_file[m.previous]
            used.add(p.file)
            since = Since(
                "matched",
                p.file,
                (),
                dict(p.levels),
                tuple(f for f in r.flags if f not in p.flags),
                tuple(f for f in p.flags if f not in r.flags),
            )
        else:
            since = Since(m.status, None, m.candidates)
        out.append(dataclasses.replace(r, since=since))
    gone = tuple(r.file for r in before if r.file not in used)
    return out, History(str(previous_dir), gone)
