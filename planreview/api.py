"""planreview's service layer: the one place where read → match → score → render is orchestrated.

The command line (``planreview.cli``) and the web app (``planreview.web``) are thin callers of
these functions; a case system or a script can call them too. Every function raises a
``PlanreviewError`` subclass for bad input (its ``exit_code`` is the CLI's exit code, its
message one Norwegian line), never anything else for a bad file.

A typical use::

    from planreview import api

    result = api.review("plan.pdf")                          # read and score, under the limits
    result = api.correct(result, api.load_corrections("rettingar.yaml", result.checklist))
    data = api.review_json(result, api.letter_settings(county="Møre og Romsdal fylkeskommune"))
    api.write(result, Path("ut"), formats=("docx", "html"))  # letter and report

Heavy modules (the PDF reader, docxtpl, Jinja, XlsxWriter) are imported by the functions
that need them, so that a caller pays only for what it uses.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import Lang, current_malform

if TYPE_CHECKING:
    from .batch import BatchResult
    from .batch.matrix import Row
    from .checklist import Checklist
    from .model import Document
    from .render.settings import LetterSettings, OverrideEntry
    from .score import Assessment

__all__ = [
    "FORMATS",
    "BatchOutcome",
    "ChecklistInfo",
    "Correction",
    "FolderOutcome",
    "Review",
    "batch",
    "check_template",
    "checklists",
    "correct",
    "corrections_yaml",
    "find_checklist",
    "letter_settings",
    "load_checklist",
    "load_corrections",
    "render",
    "render_text",
    "review",
    "review_json",
    "review_to_folder",
    "validate_corrections",
    "write",
]

FORMATS = ("docx", "html", "md", "json")
"""The outputs of a review: the letter (DOCX), the report (HTML and Markdown), the scores (JSON)."""

CHECKLIST_ENTRY_POINTS = "planreview.checklists"
"""The entry-point group through which an installed package adds a checklist (see ``checklists``)."""


# --- reviewing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """A read document, its assessment (with any corrections applied), and the checklist it was
    scored against."""

    document: Document
    assessment: Assessment
    checklist: Checklist


def load_checklist(checklist: Checklist | str | Path | None = None) -> Checklist:
    """A compiled checklist: a Checklist as it is, a path to a YAML file, the id of an installed
    checklist (``checklists()``), or None for the built-in default. Raises ChecklistError (exit 9)."""
    from .checklist import Checklist as _Checklist
    from .checklist import load_checklist as _load

    if isinstance(checklist, _Checklist):
        return checklist
    return _load(find_checklist(checklist) if checklist is not None else None)


def review(
    path: str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
) -> Review:
    """Read a plan and score it; returns the document and its assessment.

    Raises ChecklistError when the checklist lacks texts in the målform asked for. Reading and
    scoring run under the plan's limits (``planreview.limits``: time scaled by pages, memory);
    raises a PlanreviewError subclass for bad input (LimitExceeded, exit 16, over a limit). The
    time limit works only in a process's main thread and the memory limit holds for the whole
    process: a server runs each review in a worker process of its own.
    """
    from .checklist import require_malform
    from .limits import plan_limits
    from .read import read_document
    from .score import assess

    cl = load_checklist(checklist)
    lang = lang or current_malform()
    require_malform(cl, lang)
    with plan_limits(path):
        doc = read_document(path, exact_tables=exact_tables)
        assessment = assess(doc, cl, lang=lang)
    return Review(doc, assessment, cl)


def renamed(result: Review, source: str) -> Review:
    """The review with the document's ``source`` shown as ``source`` (an upload's own file name
    instead of the path it is stored under)."""
    doc = replace(result.document, source=source)
    info = replace(result.assessment.document, source=source)
    return replace(result, document=doc, assessment=replace(result.assessment, document=info))


# --- corrections -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """A planner's correction: the model of one entry of an overrides file, plus when it was made.

    Either ``level`` (for ``theme`` or ``criterion``) or ``drop_evidence`` (a piece of a quote to
    reject, optionally only in ``theme``); always a ``reason`` and who made it (``by``).
    """

    reason: str
    by: str
    theme: str | None = None
    criterion: str | None = None
    level: int | None = None
    drop_evidence: str | None = None
    at: str | None = None
    """When it was made (ISO 8601); not part of the overrides file."""
    line: int | None = None
    """The line of the overrides file it came from, for messages; not part of the file."""

    def entry(self) -> dict[str, Any]:
        """The overrides file's entry (keys that are set, without ``at``)."""
        keys = ("theme", "criterion", "level", "drop_evidence", "reason", "by")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


def validate_corrections(
    corrections: Iterable[Correction], checklist: Checklist, *, source: str = "rettingar"
) -> list[tuple[int | None, OverrideEntry]]:
    """Corrections checked as an overrides file is (ids known to ``checklist``, levels 0–3,
    reason and name given). Raises OverridesError (exit 12) naming ``source:N`` (the N-th)."""
    from .render.settings import check_overrides

    return check_overrides({"overrides": [c.entry() for c in corrections]}, checklist, source=source)


def load_corrections(path: str | Path, checklist: Checklist) -> list[Correction]:
    """The corrections in an overrides file, validated. Raises OverridesError (exit 12) naming file:line."""
    from .render.settings import load_overrides

    return [_correction(e, line) for line, e in load_overrides(Path(path), checklist)]


def _correction(e: OverrideEntry, line: int | None = None) -> Correction:
    return Correction(
        reason=e.reason,
        by=e.by,
        theme=e.theme,
        criterion=e.criterion,
        level=e.level,
        drop_evidence=e.drop_evidence,
        line=line,
    )


def correct(result: Review, corrections: Sequence[Correction], *, source: str | Path = "rettingar") -> Review:
    """The review with ``corrections`` applied, each recorded as a change (see the README's
    *Correcting a score*: a lowered level drops the quotes above it, a dropped quote is gone from
    themes, criteria and flags). Raises OverridesError (exit 12) for a correction that does not
    fit the checklist, or a ``drop_evidence`` that matches no quote, naming ``source:N``."""
    from .render.settings import apply_overrides

    if not corrections:
        return result
    checked = validate_corrections(corrections, result.checklist, source=str(source))
    entries = [(c.line or n, e) for c, (n, e) in zip(corrections, checked, strict=True)]
    assessment = apply_overrides(
        result.assessment, entries, source=source, doc=result.document, checklist=result.checklist
    )
    return replace(result, assessment=assessment)


def corrections_yaml(corrections: Sequence[Correction]) -> str:
    """Corrections as an overrides file (YAML) that ``planreview review --overrides`` reads back;
    each entry's time is kept as a comment."""
    import json

    lines = ["# Rettingar frå planreview: planreview review PLAN --overrides denne-fila.yaml", "overrides:"]
    for c in corrections:
        if c.at:
            lines.append(f"  # {c.at}")
        first = True
        for key, value in c.entry().items():
            # JSON strings are valid YAML scalars: any text is written safely, on one line.
            shown = str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
            lines.append(f"  {'- ' if first else '  '}{key}: {shown}")
            first = False
    if not corrections:
        lines[-1] = "overrides: []"
    return "\n".join(lines) + "\n"


# --- letter settings and rendering -------------------------------------------------------------------


def letter_settings(path: str | Path | None = None, **options: str | None) -> LetterSettings:
    """Letter settings from a YAML file (``--settings``), with ``options`` (``county=…``) over it.

    Raises SettingsError (exit 11) for a bad file and UsageProblem (exit 2) for an option that is
    not allowed (an unknown plan type or stage)."""
    from .errors import UsageProblem
    from .render.settings import LetterSettings as _LetterSettings
    from .render.settings import load_settings

    base = load_settings(Path(path) if path is not None else None)
    unknown = sorted(set(options) - {f.name for f in fields(_LetterSettings)})
    if unknown:
        raise TypeError(f"unknown letter settings: {', '.join(unknown)}")
    try:
        return base.merged(**options)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None


def check_template(path: str | Path) -> None:
    """Refuse (TemplateProblem, exit 10) a Word letter template with unknown fields or broken code."""
    from .render.letter import validate_template

    validate_template(Path(path))


def review_json(result: Review, settings: LetterSettings | None = None, lang: Lang | None = None) -> dict[str, Any]:
    """The review JSON of ``planreview review --format json`` (README: *Output formats*): the
    assessment and, when a letter is drafted, its ``letter`` record."""
    from .render.context import letter_record
    from .render.settings import LetterSettings as _LetterSettings

    record = letter_record(
        result.document, result.assessment, result.checklist, settings or _LetterSettings(), lang or current_malform()
    )
    return {**result.assessment.to_json(), "letter": record}


def render_text(result: Review, fmt: str, *, settings: LetterSettings | None = None, lang: Lang | None = None) -> str:
    """The report as ``html`` or ``md``, or the review JSON as ``json`` (indented, as the CLI writes it)."""
    import json

    from .render import render_html, render_markdown
    from .render.context import build_context
    from .render.settings import LetterSettings as _LetterSettings

    lang = lang or current_malform()
    if fmt == "json":
        return json.dumps(review_json(result, settings, lang), ensure_ascii=False, indent=1) + "\n"
    ctx = build_context(result.document, result.assessment, result.checklist, settings or _LetterSettings(), lang)
    if fmt == "html":
        return render_html(ctx)
    if fmt == "md":
        return render_markdown(ctx)
    raise ValueError(f"not a text format: {fmt}")


def render(
    result: Review,
    fmt: str,
    *,
    settings: LetterSettings | None = None,
    lang: Lang | None = None,
    template: str | Path | None = None,
) -> bytes:
    """One output as bytes: ``docx`` (the letter), ``html`` or ``md`` (the report, UTF-8), ``json``.
    Returns empty bytes for the letter of a regional plan (the county does not write to its own plan)."""
    import tempfile

    if fmt != "docx":
        return render_text(result, fmt, settings=settings, lang=lang).encode("utf-8", "replace")
    with tempfile.TemporaryDirectory(prefix="planreview-render-") as tmp:
        written = write(result, Path(tmp), formats=(fmt,), settings=settings, lang=lang, template=template)
        return written[0].read_bytes() if written else b""


def write(
    result: Review,
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    settings: LetterSettings | None = None,
    lang: Lang | None = None,
    template: str | Path | None = None,
    stem: str | None = None,
) -> list[Path]:
    """Write the chosen outputs into ``out_dir``, all or nothing (``render.write_outputs``):
    ``<stem>-fraasegn.docx`` (``-hoeringsuttalelse.docx`` in bokmål), ``-rapport.html``,
    ``-rapport.md``, ``-vurdering.json``. A regional plan gets no letter. Raises OutputError (13)."""
    from .render import write_outputs

    return write_outputs(
        result.document,
        result.assessment,
        result.checklist,
        out_dir,
        formats=tuple(formats),
        settings=settings,
        lang=lang or current_malform(),
        template=Path(template) if template is not None else None,
        stem=stem,
    )


@dataclass(frozen=True)
class FolderOutcome:
    """What ``review_to_folder`` did: the record a batch keeps (``status`` "ok" or "error" with
    ``exit_code`` and ``error``), and the review itself when it succeeded."""

    record: dict[str, Any]
    review: Review | None = None


def review_to_folder(
    path: str | Path,
    out_dir: Path,
    *,
    checklist: Checklist | str | Path | None = None,
    lang: Lang = "nn",
    settings: LetterSettings | None = None,
    corrections: Sequence[Correction] = (),
    formats: Sequence[str] = FORMATS,
    stem: str | None = None,
    source: str | None = None,
    sha256: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> FolderOutcome:
    """Review one plan and write its outputs, all under the plan's limits; never raises for bad
    input: a PlanreviewError (or running out of memory) becomes an error record with its exit code.

    This is one job of a batch worker and of the web app's workers. ``source`` shows the plan
    under another name than its path (an upload's own file name: in the JSON and in messages);
    ``progress`` is told each stage ("reading", "scoring", "writing").
    """
    import time

    from . import limits
    from .errors import PlanreviewError
    from .messages import shown
    from .read import read_document
    from .render.settings import LetterSettings as _LetterSettings
    from .score import assess

    started = time.perf_counter()
    record: dict[str, Any] = {"file": str(source or path)}
    result: Review | None = None

    def tell(stage: str) -> None:
        if progress is not None:
            with contextlib.suppress(Exception):
                progress(stage)

    try:
        with limits.plan_limits(path):
            cl = load_checklist(checklist)
            tell("reading")
            doc = read_document(path, sha256=sha256)
            tell("scoring")
            result = Review(doc, assess(doc, cl, lang=lang), cl)
            if source is not None:
                result = renamed(result, source)
            result = correct(result, corrections)
            outputs: list[str] = []
            if formats:
                tell("writing")
                written = write(
                    result, out_dir, formats=formats, settings=settings or _LetterSettings(), lang=lang, stem=stem
                )
                outputs = [str(p) for p in written]
        doc = result.document
        municipality, number = municipality_in(doc, source or str(path))
        record.update(
            status="ok",
            title=doc.title,
            pages=len(doc.pages),
            malform=doc.malform,
            municipality=municipality,
            municipality_number=number,
            assessment=result.assessment.to_json(),
            outputs=outputs,
        )
    except PlanreviewError as exc:
        result = None
        message = str(exc) if source is None else str(exc).replace(str(path), source)
        record.update(status="error", error=message, exit_code=int(exc.exit_code), kind=type(exc).__name__)
    except MemoryError:
        result = None
        exc2 = limits.memory_error(source or path)
        record.update(status="error", error=str(exc2), exit_code=int(exc2.exit_code), kind="LimitExceeded")
    record["seconds"] = round(time.perf_counter() - started, 3)
    if record.get("status") == "error":
        record["error"] = shown(record["error"])
    return FolderOutcome(record, result)


def municipality_in(doc: Document, filename: str | None = None) -> tuple[str | None, str | None]:
    """The municipality a plan is from, as (name, number): see ``render.context.plan_municipality``."""
    from .render.context import plan_municipality

    return plan_municipality(doc, filename)


# --- batch -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOutcome:
    """A finished (or interrupted) batch: the reviews, the matrix rows and the files written."""

    result: BatchResult
    rows: list[Row]
    written: list[Path]
    summary: dict[str, int]

    @property
    def exit_code(self) -> int:
        """0, 14 (some plans could not be reviewed) or 130 (stopped with Ctrl-C)."""
        from .errors import ExitCode

        if self.result.interrupted:
            return int(ExitCode.INTERRUPTED)
        return int(ExitCode.BATCH_FAILURES) if self.result.failed else 0


def batch(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    checklist: str | Path | None = None,
    settings: str | Path | None = None,
    mapping: str | Path | None = None,
    formats: Sequence[str] = FORMATS,
    lang: Lang = "nn",
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> BatchOutcome:
    """Review every PDF, DOCX, TXT and MD file under ``paths`` in worker processes (skipping what
    ``out/results.jsonl`` already holds) and write the county matrix (``matrix.csv``,
    ``matrix.xlsx``, ``index.html``) into ``out``.

    Raises InputNotFound (3) for a path that does not exist, ChecklistError (9), SettingsError
    (11, also for a bad mapping) and OutputError (13) before any plan is reviewed; a bad plan
    becomes an error row instead (``BatchOutcome.exit_code`` is then 14).
    """
    from dataclasses import asdict

    from .batch import discover, load_mapping, run_batch
    from .batch.matrix import build_rows, write_csv, write_html, write_xlsx
    from .checklist import require_malform
    from .errors import InputNotFound
    from .messages import say
    from .render.settings import load_settings

    path_list = [Path(p) for p in paths]
    out_dir = Path(out)
    for p in path_list:
        if not p.exists():
            raise InputNotFound(say("not_found", path=p), path=str(p))
    checklist_path = find_checklist(checklist) if checklist is not None else None
    cl = load_checklist(checklist_path)
    require_malform(cl, lang)
    letter = asdict(load_settings(Path(settings) if settings is not None else None))
    mapped = load_mapping(Path(mapping)) if mapping is not None else {}
    try:
        files = discover(path_list)
    except OSError as exc:
        raise InputNotFound(say("unreadable", path=path_list[0], detail=exc.strerror or exc)) from None
    result = run_batch(
        files,
        out_dir,
        checklist_path=checklist_path,
        formats=tuple(formats),
        lang=lang,
        settings=letter,
        jobs=jobs,
        progress=progress,
    )
    rows = build_rows(result.records, cl, mapped, out_dir)
    summary = {"plans": len(rows), "ok": sum(1 for r in rows if r.status == "ok"), "failed": result.failed}
    written = [
        write_csv(rows, cl, out_dir / "matrix.csv"),
        write_xlsx(rows, cl, out_dir / "matrix.xlsx", lang),
        write_html(rows, cl, out_dir / "index.html", lang, summary),
    ]
    return BatchOutcome(result, rows, written, summary)


# --- checklists ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistInfo:
    """An available checklist: the built-in ones and those installed packages add."""

    id: str
    version: str
    title: dict[str, str | None]
    path: str
    source: str
    """"planreview" for a built-in checklist, else the distribution that adds it."""
    malformer: tuple[str, ...] = field(default=("nn", "nb"))
    """The målformer it has every text in."""


def _entry_point_checklists() -> list[tuple[str, Path, str]]:
    """(name, YAML path, distribution) of every checklist that an installed package adds through
    the ``planreview.checklists`` entry-point group. The entry point names a path to the YAML file,
    a ``module:attribute`` holding one, or a function returning one; one that fails to load is skipped."""
    from importlib.metadata import entry_points

    found: list[tuple[str, Path, str]] = []
    for ep in entry_points(group=CHECKLIST_ENTRY_POINTS):
        try:
            target = ep.load()
            if callable(target):
                target = target()
            path = Path(str(target))
        except Exception:  # noqa: BLE001 - a broken plug-in must not break planreview
            continue
        if path.is_file():
            dist = ep.dist.name if ep.dist is not None else ep.value
            found.append((ep.name, path, dist))
    return found


def find_checklist(name: str | Path) -> Path:
    """The YAML file of a checklist given by path, or by the id or entry-point name of an installed
    one. A name that is neither is returned as a path (loading it then says that it does not exist)."""
    p = Path(name)
    if p.exists() or os.sep in str(name) or str(name).endswith((".yaml", ".yml")):
        return p
    from .checklist import builtin_checklists

    for builtin in builtin_checklists():
        if builtin.stem == str(name):
            return builtin
    for ep_name, path, _ in _entry_point_checklists():
        if ep_name == str(name):
            return path
    for info in checklists():
        if info.id == str(name):
            return Path(info.path)
    return p


def checklists() -> list[ChecklistInfo]:
    """Every checklist that can be used: the built-in ones, then those added by installed packages
    (entry-point group ``planreview.checklists``), each validated; one that is invalid is left out."""
    from .checklist import builtin_checklists
    from .errors import PlanreviewError

    candidates = [(p, "planreview") for p in builtin_checklists()]
    candidates += [(p, dist) for _, p, dist in _entry_point_checklists()]
    out: list[ChecklistInfo] = []
    seen: set[str] = set()
    for path, dist in candidates:
        try:
            cl = load_checklist(path)
        except PlanreviewError:
            continue
        key = str(path.resolve())
        if key in seen:
            continue
        seen.add(key)
        forms = tuple(lang for lang in ("nn", "nb") if not cl.missing_texts(lang))
        out.append(
            ChecklistInfo(
                id=cl.id,
                version=cl.version,
                title={"nn": cl.title.nn, "nb": cl.title.nb},
                path=str(path),
                source=dist,
                malformer=forms,
            )
        )
    return out
