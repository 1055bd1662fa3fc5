"""The county matrix: plans × themes as CSV, XLSX (XlsxWriter) and a sortable HTML overview."""

from __future__ import annotations

import contextlib
import csv
import html
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
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


def write_csv(rows: list[Row], checklist: Checklist, path: Path) -> Path:
    """One row per plan: file, kommune, kommunenummer, title, status, then the level per theme.

    Text from plans and file names is neutralised (``inert``), so a title such as
    ``=HYPERLINK(…)`` stays text in Excel or LibreOffice. Raises OutputError.
    """
    theme_ids = [t.id for t in checklist.themes]
    with replaced(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "kommune", "kommunenummer", "title", "status", *theme_ids])
        for r in rows:
            w.writerow(
                [
                    inert(r.file),
                    inert(r.kommune),
                    inert(r.kommunenummer),
                    inert(r.title),
                    r.status,
                    *[r.levels.get(t, "") for t in theme_ids],
                ]
            )
    return path


def _titles(checklist: Checklist, lang: Lang) -> list[tuple[str, str]]:
    return [(t.id, t.title.get(lang)) for t in checklist.themes]


def write_xlsx(rows: list[Row], checklist: Checklist, path: Path, lang: Lang) -> Path:
    nn = lang == "nn"
    themes = _titles(checklist, lang)
    with replaced(path) as tmp:
        _write_xlsx(rows, themes, tmp, nn, lang)
    return path


def _write_xlsx(rows: list[Row], themes: list[tuple[str, str]], path: Path, nn: bool, lang: Lang) -> None:
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
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # a full disk or a folder that cannot be written
        raise OSError(str(exc)) from exc


def write_html(rows: list[Row], checklist: Checklist, path: Path, lang: Lang, summary: dict[str, Any]) -> Path:
    scale = {s.level: s.label.get(lang) for s in checklist.scale}
    text = template("overview.html.j2").render(
        lang=lang,
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
