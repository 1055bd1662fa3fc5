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
    from .compare import Comparison, Version
    from .forked import Helper
    from .model import Document
    from .read.ocr import Progress
    from .render.compose import PlanText
    from .render.overrides import OverrideEntry
    from .render.settings import LetterSettings
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
    "compare",
    "comparison_view",
    "correct",
    "corrections_yaml",
    "find_checklist",
    "letter_settings",
    "load_checklist",
    "load_corrections",
    "load_version",
    "render",
    "render_comparison",
    "render_text",
    "review",
    "review_json",
    "review_to_folder",
    "validate_corrections",
    "version_from_json",
    "version_of",
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
    plan_text: PlanText | None = field(default=None, compare=False, repr=False)
    """The letter's searches of the plan's text, when a helper made them while the plan was scored
    (``review`` with ``jobs`` > 1); renderers make them otherwise."""


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
    ocr: bool | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    prepare: Callable[[], object] | None = None,
) -> Review:
    """Read a plan and score it; returns the document and its assessment.

    Raises ChecklistError when the checklist lacks texts in the målform asked for. Reading and
    scoring run under the plan's limits (``planreview.limits``: time scaled by pages, memory);
    raises a PlanreviewError subclass for bad input (LimitExceeded, exit 16, over a limit). The
    time limit works only in a process's main thread and the memory limit holds for the whole
    process: a server runs each review in a worker process of its own. ``ocr`` and ``progress``
    are passed to ``read_document`` (OCR of pages without usable text; see ``planreview.read.ocr``),
    and ``jobs``: processes that read a long PDF's pages (``planreview.forked``: forked
    helpers, only where this process runs no other thread; the result is the same).
    ``prepare()``, the caller's own work before scoring (a front end's letter settings, say),
    runs while the helper reads, before the checklist is loaded: its errors come first.
    """
    from .limits import plan_limits
    from .read import read_document

    lang = lang or current_malform()
    loaded: list[Checklist] = []

    def make_ready() -> None:
        """The caller's own preparations, then the checklist, the scorer and the letter's composer
        (every front end renders a review), made ready while a helper reads the plan (see
        read_document)."""
        from .checklist import require_malform
        from .render import context  # noqa: F401 - imported here, not after reading
        from .score import assess  # noqa: F401

        if prepare is not None:
            prepare()
        loaded.append(load_checklist(checklist))
        require_malform(loaded[0], lang)

    with plan_limits(path):
        doc = read_document(
            path, exact_tables=exact_tables, ocr=ocr, progress=progress, jobs=jobs, meanwhile=make_ready
        )
        from .render.compose import PlanText
        from .score import assess

        cl = loaded[0]
        helper: Helper | None = None
        try:
            helper = _search_for_letter(doc, cl) if jobs > 1 else None
            assessment = assess(doc, cl, lang=lang)
            parts = helper.collect() if helper is not None else []
        finally:
            if helper is not None:
                helper.stop()
    return Review(doc, assessment, cl, PlanText.from_parts(doc, cl, parts[0]) if parts else None)


def _search_for_letter(doc: Document, cl: Checklist) -> Helper | None:
    """A helper process that makes the letter's searches of the plan's text (``PlanText``) while
    this one scores the plan; None for a short plan (not worth a process) or when none can be
    forked."""
    from .forked import MIN_PAGES, Helper
    from .render.compose import PlanText

    if len(doc.pages) < MIN_PAGES:
        return None
    return Helper.start(lambda send: send(PlanText(doc, cl).parts()))


def renamed(result: Review, source: str) -> Review:
    """The review with the document's ``source`` shown as ``source`` (an upload's own file name
    instead of the path it is stored under)."""
    doc = replace(result.document, source=source)
    info = replace(result.assessment.document, source=source)
    return replace(result, document=doc, assessment=replace(result.assessment, document=info))


# --- plans over time ------------------------------------------------------------------------------


def load_version(
    path: str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
) -> Version:
    """One version of a plan for ``compare``: a saved review JSON (``…-vurdering.json``, its
    quotes and letter record) when ``path`` ends in .json, else the plan itself, read and scored
    now (every sentence known, no letter).

    Raises InputNotFound (exit 3) for a missing file, LimitExceeded (16) for a JSON over
    ``PLANREVIEW_MAX_CONFIG_MB``, CorruptDocument (5) for a file that is not valid JSON,
    UnsupportedFormat (4) for JSON that is not a planreview review, and what ``review`` raises
    for a plan.
    """
    from .compare import version_from_assessment, version_from_review

    p = Path(path)
    if p.suffix.lower() == ".json":
        data = _read_json(p)
        return _with_sentences(version_from_review(data, str(p)), _json_source(data, p), exact_tables)
    result = review(p, checklist, lang=lang, exact_tables=exact_tables)
    return version_from_assessment(result.assessment, result.document)


def version_from_json(data: Any, source: str, *, plan: str | Path | None = None, exact_tables: bool = False) -> Version:
    """One version of a plan for ``compare`` from a review JSON that is already parsed (as a server
    keeps it): its quotes and letter record. ``source`` names the version in the comparison and in
    messages. With ``plan``, the plan file the review was made from (an upload kept under another
    name), every sentence of the plan is known too, when the file is still the one the review
    names (the same SHA-256, ``document.sha256``); a plan that is another file or cannot be read
    leaves only the quotes, as ``load_version`` does.

    Reading the plan runs under the plan's limits (see ``review``: a server calls this in a worker
    process). Raises UnsupportedFormat (exit 4) naming ``source`` for JSON that is not a planreview
    review.
    """
    from .compare import version_from_review

    v = version_from_review(data, source)
    if plan is None:
        return v
    doc = data.get("document")  # version_from_review checked that data and its document are mappings
    sha = doc.get("sha256") if isinstance(doc, dict) else None
    if not isinstance(sha, str) or not sha:
        return v
    return _with_sentences(v, (Path(plan), sha), exact_tables)


def _json_source(data: Any, path: Path) -> tuple[Path, str] | None:
    """The plan a saved review was made from, when the review names it (``document.source``,
    ``document.sha256``): as written, or beside the JSON."""
    doc = data.get("document") if isinstance(data, dict) else None
    source, sha = (doc.get("source"), doc.get("sha256")) if isinstance(doc, dict) else (None, None)
    if not isinstance(source, str) or not isinstance(sha, str) or not source or not sha:
        return None
    for cand in (Path(source), path.parent / Path(source).name):
        if cand.is_file():
            return cand, sha
    return None


def _with_sentences(v: Version, source: tuple[Path, str] | None, exact_tables: bool) -> Version:
    """``v`` with every sentence of its plan when the plan is still where the review found it,
    unchanged (same SHA-256): then a quote is judged new or gone against the whole plan, not only
    against the saved quotes. Any problem reading it leaves ``v`` as it is."""
    import dataclasses

    from .compare import sentences_of
    from .errors import PlanreviewError
    from .limits import plan_limits
    from .read import read_document, sha256_of

    if source is None:
        return v
    path, sha = source
    try:
        if sha256_of(path) != sha:
            return v
        with plan_limits(path):
            doc = read_document(path, exact_tables=exact_tables)
        sentences = sentences_of(doc)
    except (PlanreviewError, OSError, MemoryError):
        return v
    return dataclasses.replace(v, sentences=sentences)


def _read_json(path: Path) -> Any:
    import json

    from . import limits
    from .errors import CorruptDocument
    from .read import check_regular

    st = check_regular(path)
    if st.st_size > limits.CONFIG_SIZE.nbytes():
        raise limits.exceeded(limits.CONFIG_SIZE, path, limits.mib(st.st_size))
    nn = current_malform() == "nn"
    try:
        raw = path.read_bytes()
        return json.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        from .errors import InputNotFound
        from .messages import say

        raise InputNotFound(say("unreadable", path=path, detail=exc.strerror or exc), path=str(path)) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = " ".join(str(exc).split())[:120]
        raise CorruptDocument(
            f"{path}: "
            + (
                f"er ikkje gyldig JSON ({detail}). Bruk fila …-vurdering.json slik «planreview review» skreiv ho."
                if nn
                else f"er ikke gyldig JSON ({detail}). Bruk filen …-vurdering.json slik «planreview review» skrev den."
            ),
            path=str(path),
        ) from None


def version_of(result: Review, assessment: Assessment | None = None) -> Version:
    """The version a fresh review makes (``assessment`` when overrides corrected it)."""
    from .compare import version_from_assessment

    return version_from_assessment(assessment or result.assessment, result.document)


def compare(
    old: Version | str | Path,
    new: Version | str | Path,
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
    exact_tables: bool = False,
) -> Comparison:
    """Compare two versions of a plan (see ``planreview.compare``): each a ``Version``, a saved
    review JSON or a plan file. Saved reviews are read first, so a bad one fails before any plan
    is scored.

    Raises what ``load_version`` raises, and ChecklistError (exit 9) when a version was scored
    against another checklist than ``checklist`` (default: the built-in one).
    """
    from .checklist import require_malform
    from .compare import Version as _Version
    from .compare import compare_versions

    cl = load_checklist(checklist)
    require_malform(cl, lang or current_malform())
    order = sorted([(0, old), (1, new)], key=lambda iv: not (isinstance(iv[1], _Version) or _is_json(iv[1])))
    loaded: dict[int, Version] = {}
    for i, item in order:
        loaded[i] = item if isinstance(item, _Version) else load_version(item, cl, lang=lang, exact_tables=exact_tables)
    return compare_versions(loaded[0], loaded[1], cl)


def _is_json(item: object) -> bool:
    return isinstance(item, (str, Path)) and Path(item).suffix.lower() == ".json"


def render_comparison(
    comparison: Comparison,
    fmt: str = "text",
    checklist: Checklist | str | Path | None = None,
    *,
    lang: Lang | None = None,
) -> str:
    """The comparison as text (terminal), md, html (one page) or json (``Comparison.to_json``)."""
    from .render.comparison import render_comparison as render

    return render(comparison, load_checklist(checklist), fmt, lang or current_malform())


def comparison_view(
    comparison: Comparison, checklist: Checklist | str | Path | None = None, *, lang: Lang | None = None
) -> dict[str, Any]:
    """Every text the comparison's renderings show, in ``lang`` (the view model that the templates
    ``comparison.html.j2`` and ``comparison.md.j2`` place), for a caller that shows the comparison
    in a page of its own (the web app). Plan text in it is plain text: the caller escapes it."""
    from .render.comparison import comparison_view as view

    return view(comparison, load_checklist(checklist), lang or current_malform())


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
    from .render.overrides import check_overrides

    return check_overrides({"overrides": [c.entry() for c in corrections]}, checklist, source=source)


def load_corrections(path: str | Path, checklist: Checklist) -> list[Correction]:
    """The corrections in an overrides file, validated. Raises OverridesError (exit 12) naming file:line."""
    from .render.overrides import load_overrides

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
    from .render.overrides import apply_overrides

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


def review_json(
    result: Review,
    settings: LetterSettings | None = None,
    lang: Lang | None = None,
    *,
    comparison: Comparison | None = None,
) -> dict[str, Any]:
    """The review JSON of ``planreview review --format json`` (README: *Output formats*): the
    assessment and, when a letter is drafted, its ``letter`` record; with ``comparison`` (the
    earlier version compared with this one, ``review --previous``) also the ``comparison``, and
    the letter record says which recommendations were followed."""
    from .render.context import letter_record
    from .render.settings import LetterSettings as _LetterSettings

    if comparison is not None:
        from .render import review_json as _review_json
        from .render.context import build_context

        ctx = build_context(
            result.document,
            result.assessment,
            result.checklist,
            settings or _LetterSettings(),
            lang or current_malform(),
            comparison,
            result.plan_text,
        )
        return _review_json(result.assessment, ctx)

    record = letter_record(
        result.document,
        result.assessment,
        result.checklist,
        settings or _LetterSettings(),
        lang or current_malform(),
        result.plan_text,
    )
    return {**result.assessment.to_json(), "letter": record}


def render_text(
    result: Review,
    fmt: str,
    *,
    settings: LetterSettings | None = None,
    lang: Lang | None = None,
    comparison: Comparison | None = None,
) -> str:
    """The report as ``html`` or ``md``, or the review JSON as ``json`` (indented, as the CLI writes
    it); with ``comparison``, the report and JSON show what changed since the earlier version."""
    import json

    from .render import render_html, render_markdown
    from .render.context import build_context
    from .render.settings import LetterSettings as _LetterSettings

    lang = lang or current_malform()
    if fmt == "json":
        return (
            json.dumps(review_json(result, settings, lang, comparison=comparison), ensure_ascii=False, indent=1) + "\n"
        )
    ctx = build_context(
        result.document,
        result.assessment,
        result.checklist,
        settings or _LetterSettings(),
        lang,
        comparison,
        result.plan_text,
    )
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
    comparison: Comparison | None = None,
) -> list[Path]:
    """Write the chosen outputs into ``out_dir``, all or nothing (``render.write_outputs``):
    ``<stem>-fraasegn.docx`` (``-hoeringsuttalelse.docx`` in bokmål), ``-rapport.html``,
    ``-rapport.md``, ``-vurdering.json``. A regional plan gets no letter. With ``comparison``
    the letter follows up the earlier letter and the report and JSON show what changed.
    Raises OutputError (13)."""
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
        comparison=comparison,
        text=result.plan_text,
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
    history: Any = None
    """With ``compare_to``: the earlier batch the rows were compared with (``batch.previous``)."""

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
    compare_to: str | Path | None = None,
) -> BatchOutcome:
    """Review every PDF, DOCX, TXT and MD file under ``paths`` in worker processes (skipping what
    ``out/results.jsonl`` already holds) and write the county matrix (``matrix.csv``,
    ``matrix.xlsx``, ``index.html``) into ``out``.

    With ``compare_to`` (the ``out`` folder of an earlier batch) each row also says what changed
    since then (``batch.previous``: plans paired by content, else by municipality, type and title;
    ambiguous pairs listed, never guessed).

    Raises InputNotFound (3) for a path that does not exist, ChecklistError (9), SettingsError
    (11, also for a bad mapping), UsageProblem (2) when ``compare_to`` is ``out`` itself, what
    ``batch.previous.load_previous`` raises for a bad earlier batch, and OutputError (13) before
    any plan is reviewed; a bad plan becomes an error row instead (``BatchOutcome.exit_code`` is
    then 14).
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
    previous = None
    if compare_to is not None:
        from .batch.previous import load_previous
        from .errors import UsageProblem

        if Path(compare_to).resolve() == out_dir.resolve():
            raise UsageProblem(say("compare_to_out", path=compare_to))
        previous = load_previous(Path(compare_to), cl, mapped)
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
    history = None
    if previous is not None and compare_to is not None:
        from .batch.previous import compare_rows

        rows, history = compare_rows(rows, previous, Path(compare_to))
    summary = {"plans": len(rows), "ok": sum(1 for r in rows if r.status == "ok"), "failed": result.failed}
    written = [
        write_csv(rows, cl, out_dir / "matrix.csv", history),
        write_xlsx(rows, cl, out_dir / "matrix.xlsx", lang, history),
        write_html(rows, cl, out_dir / "index.html", lang, summary, history),
    ]
    return BatchOutcome(result, rows, written, summary, history)


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
