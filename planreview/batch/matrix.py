"""The county matrix: plans × themes as CSV, XLSX (XlsxWriter) and a sortable HTML overview."""

from __future__ import annotations

import contextlib
import csv
import html
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import register
from ..checklist import Checklist
from ..errors import OutputError
from ..messages import Lang, say, shown
from ..render import template
from ..render.context import ROLE_LABEL
from . import municipality_number, name_from_filename


@dataclass(frozen=True)
class Row:
    file: str
    kommune: str
    kommunenummer: str
    title: str
    status: str
    levels: dict[str, int]
    scores: dict[str, int]
    flags: list[str]
    pages: int | None
    error: str
    report: str | None
    evidence: list[dict[str, Any]]
    plan_type: str | None = None
    sha256: str = ""
    since: Since | None = None
    """The change since the previous batch (``batch --compare-to``), when it was asked for."""


@dataclass(frozen=True)
class Since:
    """A plan of this batch against the previous batch: which earlier plan it is a version of
    (``status`` matched, new or ambiguous, see ``planreview.compare.match_plans``) and the levels
    and flags it had then."""

    status: str
    previous_file: str | None = None
    candidates: tuple[str, ...] = ()
    before: dict[str, int] = field(default_factory=dict)
    flags_gained: tuple[str, ...] = ()
    flags_lost: tuple[str, ...] = ()

    def change(self, theme_id: str, after: dict[str, int]) -> int | None:
        """The change of a theme's level since the previous batch (None when not matched)."""
        if self.status != "matched" or theme_id not in self.before or theme_id not in after:
            return None
        return after[theme_id] - self.before[theme_id]


@dataclass(frozen=True)
class History:
    """The previous batch a matrix is compared with: its folder, and its plans that no plan of this
    batch matched (``gone``)."""

    previous_dir: str
    gone: tuple[str, ...] = ()


def since_counts(rows: list[Row], history: History) -> dict[str, Any]:
    """How many plans matched, were new or ambiguous, and how many previous plans are gone."""
    statuses = [r.since.status for r in rows if r.since is not None]
    return {
        "previous": history.previous_dir,
        "matched": statuses.count("matched"),
        "new": statuses.count("new"),
        "ambiguous": statuses.count("ambiguous"),
        "gone": len(history.gone),
    }


STATUS = {"nn": {"ok": "ok", "error": "feil"}, "nb": {"ok": "ok", "error": "feil"}}


def build_rows(
    records: list[dict[str, Any]], checklist: Checklist, mapping: dict[str, tuple[str, str]], out_dir: Path
) -> list[Row]:
    rows: list[Row] = []
    theme_ids = [t.id for t in checklist.themes]
    for rec in records:
        path = Path(rec["file"])
        mapped = mapping.get(path.name) or mapping.get(path.stem) or mapping.get(str(path))
        from_name = municipality_number(path.name)
        # A blank in the mapping means "not given": the file name's or the plan's own is used.
        number = (mapped[1] if mapped else "") or from_name or rec.get("municipality_number") or ""
        name = (mapped[0] if mapped else "") or rec.get("municipality") or ""
        # The register gives the name of a known number and the number of a known name.
        known = register.identify(name, number)
        if known is not None and (not number or known.number == number.zfill(4)):
            number = known.number
            name = name or known.kommune
        if not name and from_name:
            guess = name_from_filename(path)  # "3318_krodsherad.pdf": only next to a number
            name = f"{guess} kommune" if guess else ""
        a = rec.get("assessment") or {}
        themes = {t["id"]: t for t in a.get("themes", [])}
        report = next((o for o in rec.get("outputs", []) if o.endswith("-rapport.html")), None)
        evidence = [
            {"theme": tid, "level": themes[tid]["level"], **e}
            for tid in theme_ids
            if tid in themes
            for e in themes[tid]["evidence"][:3]
        ]
        rows.append(
            Row(
                file=shown(path),
                kommune=name,
                kommunenummer=number,
                title=shown(rec.get("title", "")),
                status=rec.get("status", "error"),
                levels={tid: themes[tid]["level"] for tid in theme_ids if tid in themes},
                scores={tid: themes[tid]["score"] for tid in theme_ids if tid in themes},
                flags=[f["id"] for f in a.get("flags", [])],
                pages=rec.get("pages"),
                error=shown(rec.get("error", "")),
                report=os.path.relpath(report, out_dir) if report else None,
                evidence=evidence,
                plan_type=(a.get("document") or {}).get("plan_type"),
                sha256=rec.get("sha256") or "",
            )
        )
    return rows


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it when the block succeeds, so a matrix is
    never left half-written; OSError becomes OutputError (exit 13)."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        yield Path(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(say("output", path=path, detail=exc.strerror or exc), path=str(path)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def inert(cell: str) -> str:
    """A text cell a spreadsheet will not run: one that starts like a formula (=, +, -, @, tab,
    carriage return, or their full-width forms) gets a leading apostrophe (OWASP's advice)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(rows: list[Row], checklist: Checklist, path: Path, history: History | None = None) -> Path:
    """One row per plan: file, kommune, kommunenummer, title, status, then the level per theme.

    With ``history`` (``batch --compare-to``) the change since the previous batch follows, at the
    end: previous_file (or the candidates, separated by « | », when the match is ambiguous),
    previous_match (matched, new or ambiguous; empty for a plan with errors), change_<theme> per
    theme (the level now minus the level then; empty unless matched), flags_gained, flags_lost
    (flag ids separated by spaces).

    Text from plans and file names is neutralised (``inert``), so a title such as
    ``=HYPERLINK(…)`` stays text in Excel or LibreOffice. Raises OutputError.
    """
    theme_ids = [t.id for t in checklist.themes]
    with replaced(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        head = ["file", "kommune", "kommunenummer", "title", "status", *theme_ids]
        if history is not None:
            head += ["previous_file", "previous_match", *[f"change_{t}" for t in theme_ids]]
            head += ["flags_gained", "flags_lost"]
        w.writerow(head)
        for r in rows:
            cells: list[Any] = [
                inert(r.file),
                inert(r.kommune),
                inert(r.kommunenummer),
                inert(r.title),
                r.status,
                *[r.levels.get(t, "") for t in theme_ids],
            ]
            if history is not None:
                s = r.since
                if s is None:
                    cells += ["", "", *["" for _ in theme_ids], "", ""]
                else:
                    changes = [s.change(t, r.levels) for t in theme_ids]
                    cells += [
                        inert(s.previous_file or " | ".join(s.candidates)),
                        s.status,
                        *["" if c is None else c for c in changes],
                        " ".join(s.flags_gained),
                        " ".join(s.flags_lost),
                    ]
            w.writerow(cells)
    return path


def _titles(checklist: Checklist, lang: Lang) -> list[tuple[str, str]]:
    return [(t.id, t.title.get(lang)) for t in checklist.themes]


MATCH_LABEL = {
    "nn": {"matched": "same plan", "new": "ny plan", "ambiguous": "fleire moglege", "gone": "berre i førre køyring"},
    "nb": {"matched": "samme plan", "new": "ny plan", "ambiguous": "flere mulige", "gone": "bare i forrige kjøring"},
}
"""How a plan's match with the previous batch is shown (XLSX, HTML)."""


def write_xlsx(rows: list[Row], checklist: Checklist, path: Path, lang: Lang, history: History | None = None) -> Path:
    """The matrix workbook (sheets Matrise, Evidens, Feil). With ``history`` (``batch
    --compare-to``) the Matrise sheet ends with the previous file, the match and the change per
    theme (green up, red down), and a sheet Samanlikning (nb Sammenligning) lists every plan's
    match, the candidates of ambiguous ones and the previous plans no plan matched."""
    nn = lang == "nn"
    themes = _titles(checklist, lang)
    with replaced(path) as tmp:
        _write_xlsx(rows, themes, tmp, nn, lang, history)
    return path


def _write_xlsx(
    rows: list[Row], themes: list[tuple[str, str]], path: Path, nn: bool, lang: Lang, history: History | None = None
) -> None:
    import xlsxwriter
    import xlsxwriter.exceptions

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": "planreview", "comments": "Laga med planreview" if nn else "Laget med planreview"})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EDF3", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    colours = ["#F4C7C3", "#FBDDB8", "#C9DAF0", "#C6E6CF"]
    level_fmt = [wb.add_format({"bg_color": c, "align": "center", "border": 1}) for c in colours]

    ws = wb.add_worksheet("Matrise")
    head = [
        "Fil",
        "Kommune",
        "Kommunenr.",
        "Tittel",
        "Status",
        *[t for _, t in themes],
        *[f"Poeng: {t}" for _, t in themes],
        "Flagg",
        "Sider",
        "Feil",
    ]
    if history is not None:
        head += [
            "Førre fil" if nn else "Forrige fil",
            "Samanlikning" if nn else "Sammenligning",
            *[f"Endring: {t}" for _, t in themes],
            "Nye flagg",
            "Flagg borte",
        ]
    up = wb.add_format({"num_format": "+0;-0;0", "align": "center", "font_color": "#1E7A3C", "bold": True})
    down = wb.add_format({"num_format": "+0;-0;0", "align": "center", "font_color": "#B42318", "bold": True})
    same = wb.add_format({"num_format": "+0;-0;0", "align": "center", "font_color": "#5A6472"})
    ws.write_row(0, 0, head, bold)
    ws.set_row(0, 60)
    for i, r in enumerate(rows, 1):
        ws.write_string(i, 0, Path(r.file).name)
        ws.write_string(i, 1, r.kommune)
        ws.write_string(i, 2, r.kommunenummer)
        ws.write_string(i, 3, r.title, wrap)
        ws.write_string(i, 4, STATUS[lang].get(r.status, r.status))
        for j, (tid, _) in enumerate(themes):
            if tid in r.levels:
                ws.write_number(i, 5 + j, r.levels[tid], level_fmt[r.levels[tid]])
                ws.write_number(i, 5 + len(themes) + j, r.scores[tid])
        base = 5 + 2 * len(themes)
        ws.write_string(i, base, ", ".join(r.flags))
        if r.pages is not None:
            ws.write_number(i, base + 1, r.pages)
        ws.write_string(i, base + 2, r.error)
        if history is not None and r.since is not None:
            since = r.since
            col = base + 3
            ws.write_string(
                i,
                col,
                Path(since.previous_file).name
                if since.previous_file
                else "; ".join(Path(c).name for c in since.candidates),
            )
            ws.write_string(i, col + 1, MATCH_LABEL[lang].get(since.status, since.status))
            for j, (tid, _) in enumerate(themes):
                change = since.change(tid, r.levels)
                if change is not None:
                    ws.write_number(i, col + 2 + j, change, up if change > 0 else down if change < 0 else same)
            ws.write_string(i, col + 2 + len(themes), " ".join(since.flags_gained))
            ws.write_string(i, col + 3 + len(themes), " ".join(since.flags_lost))
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(1, len(rows)), len(head) - 1)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 3, 40)
    ws.set_column(5, 4 + len(themes), 12)
    ws.set_column(5 + len(themes), 4 + 2 * len(themes), 9)

    ev = wb.add_worksheet("Evidens")
    ev_head = ["Fil", "Kommune", "Tema", "Nivå", "Side", "Kapittel", "Rolle", "Sitat"]
    ev.write_row(0, 0, ev_head, bold)
    n = 1
    title_of = dict(themes)
    for r in rows:
        for e in r.evidence:
            ev.write_row(n, 0, [Path(r.file).name, r.kommune, title_of.get(e["theme"], e["theme"])])
            ev.write_number(n, 3, e["level"])
            ev.write_string(n, 4, e.get("page") or "?")
            ev.write_string(n, 5, " › ".join(e.get("section", [])[-2:]))
            role = e.get("role") or "none"
            ev.write_string(n, 6, ROLE_LABEL[lang].get(role, ROLE_LABEL[lang]["none"]))
            ev.write_string(n, 7, e.get("text", ""), wrap)
            n += 1
    ev.freeze_panes(1, 0)
    ev.autofilter(0, 0, max(1, n - 1), len(ev_head) - 1)
    ev.set_column(0, 0, 30)
    ev.set_column(2, 2, 26)
    ev.set_column(5, 5, 30)
    ev.set_column(7, 7, 90)

    er = wb.add_worksheet("Feil")
    er.write_row(0, 0, ["Fil", "Kommune", "Status", "Melding"], bold)
    n = 1
    for r in rows:
        if r.status != "ok":
            er.write_row(n, 0, [Path(r.file).name, r.kommune, STATUS[lang].get(r.status, r.status), r.error])
            n += 1
    er.set_column(0, 0, 34)
    er.set_column(3, 3, 100)
    if history is not None:
        hs = wb.add_worksheet("Samanlikning" if nn else "Sammenligning")
        hs.write_row(
            0,
            0,
            [
                "Fil",
                "Kommune",
                "Tittel",
                "Samanlikning" if nn else "Sammenligning",
                "Førre fil eller kandidatar" if nn else "Forrige fil eller kandidater",
            ],
            bold,
        )
        n = 1
        for r in rows:
            if r.since is None:
                continue
            prev = r.since.previous_file or "; ".join(r.since.candidates)
            label = MATCH_LABEL[lang].get(r.since.status, r.since.status)
            hs.write_row(n, 0, [Path(r.file).name, r.kommune, r.title, label, prev])
            n += 1
        for gone in history.gone:
            hs.write_row(n, 0, ["", "", "", MATCH_LABEL[lang]["gone"], gone])
            n += 1
        hs.freeze_panes(1, 0)
        hs.autofilter(0, 0, max(1, n - 1), 4)
        hs.set_column(0, 0, 34)
        hs.set_column(2, 2, 40)
        hs.set_column(3, 3, 20)
        hs.set_column(4, 4, 60)
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # a full disk or a folder that cannot be written
        raise OSError(str(exc)) from exc


def write_html(
    rows: list[Row],
    checklist: Checklist,
    path: Path,
    lang: Lang,
    summary: dict[str, Any],
    history: History | None = None,
) -> Path:
    """The overview page; with ``history`` each level shows its change since the previous batch
    (▲/▼), a column names the previous plan, and ambiguous and unmatched plans are listed."""
    scale = {s.level: s.label.get(lang) for s in checklist.scale}
    text = template("overview.html.j2").render(
        lang=lang,
        history=history,
        match_label=MATCH_LABEL[lang],
        rows=rows,
        themes=_titles(checklist, lang),
        scale=scale,
        summary=summary,
        checklist={"id": checklist.id, "version": checklist.version},
        esc=html.escape,
    )
    with replaced(path) as tmp:
        tmp.write_text(text, encoding="utf-8", errors="replace")
    return path
