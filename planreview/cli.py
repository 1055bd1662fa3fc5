"""The ``planreview`` command line: a thin click layer over the library API."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from . import __version__
from .errors import ExitCode, PlanreviewError
from .messages import Lang, say, set_malform, shown

if TYPE_CHECKING:
    from .model import Document
    from .render.settings import LetterSettings

F = TypeVar("F", bound=Callable[..., Any])

_KIND_NAMES = {
    "nn": {
        "heading": "overskrifter",
        "paragraph": "avsnitt",
        "list_item": "punkt",
        "table_cell": "tabellceller",
        "header": "topptekst",
        "footer": "botntekst",
        "toc": "innhaldsliste",
        "footnote": "fotnotar",
        "figure": "figurtekst",
    },
    "nb": {
        "heading": "overskrifter",
        "paragraph": "avsnitt",
        "list_item": "punkter",
        "table_cell": "tabellceller",
        "header": "topptekst",
        "footer": "bunntekst",
        "toc": "innholdsfortegnelse",
        "footnote": "fotnoter",
        "figure": "figurtekst",
    },
}


def _turn_off_ocr(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # The environment reaches the batch workers too.
    if value:
        os.environ["PLANREVIEW_OCR"] = "0"


no_ocr_option = click.option(
    "--no-ocr",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_turn_off_ocr,
    help="Do not read pages without usable text by OCR (Tesseract); name them in a warning instead.",
)


def ocr_progress(done: int, total: int, page: int) -> None:
    """Tell the planner on stderr which page OCR has read (it takes seconds per page)."""
    click.echo(say("ocr_progress", page=page + 1, done=done, total=total), err=True)


class Context:
    def __init__(self, debug: bool, malform: Lang) -> None:
        self.debug = debug
        self.malform: Lang = malform


def _print_traceback() -> None:
    """The current exception's traceback on stderr (``--debug``); imported only then."""
    import traceback

    traceback.print_exc()


@contextlib.contextmanager
def _noting_ctrl_c() -> Iterator[Callable[[], bool]]:
    """Note whether Ctrl-C (SIGINT) came while the block ran; yields a function that tells.

    Ctrl-C raises ``KeyboardInterrupt`` as usual, but an exception can be turned into another on
    its way out (ctypes reports one raised while it converts a call's arguments as
    ``ArgumentError``), and the command must still end as interrupted, not as an internal error.
    Only the main thread can take signals; elsewhere (and under another handler) nothing changes.
    """
    import signal
    import threading

    came: list[bool] = []
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield lambda: False
        return

    def on_sigint(signum: int, frame: Any) -> None:
        came.append(True)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def run_safely(fn: Callable[[], int | None], debug: bool) -> None:
    """Run ``fn``; turn planreview errors into one line on stderr and their exit code."""
    with _noting_ctrl_c() as interrupted:
        _run_safely(fn, debug, interrupted)


def _stop_interrupted() -> NoReturn:
    click.echo(say("interrupted"), err=True)
    sys.exit(int(ExitCode.INTERRUPTED))


def _run_safely(fn: Callable[[], int | None], debug: bool, interrupted: Callable[[], bool]) -> None:
    try:
        code = fn()
    except PlanreviewError as exc:
        if interrupted():
            _stop_interrupted()
        if debug:
            _print_traceback()
        click.echo(" ".join(shown(exc).split()), err=True)
        sys.exit(int(exc.exit_code))
    except MemoryError:
        from .errors import LimitExceeded
        from .limits import MEMORY

        if debug:
            _print_traceback()
        click.echo(say("limit_memory", limit=MEMORY.shown(), env=MEMORY.env), err=True)
        sys.exit(int(LimitExceeded.exit_code))
    except KeyboardInterrupt:
        _stop_interrupted()
    except BrokenPipeError:
        # The reader of our output went away (e.g. "| head"): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except click.exceptions.Exit:
        raise
    except OSError as exc:
        if exc.errno not in _FULL:
            _internal(exc, debug, interrupted)
        # the disk (or standard output's device) is full: nothing more can be written there
        if debug:
            _print_traceback()
        if exc.filename is None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        where = exc.filename if exc.filename is not None else say("stdout_name")
        click.echo(say("output", path=where, detail=exc.strerror or exc), err=True)
        sys.exit(int(ExitCode.OUTPUT))
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback without --debug
        _internal(exc, debug, interrupted)
    sys.exit(int(code or 0))


# errno values that mean the output's device is full or failing, whatever file was written
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _internal(exc: BaseException, debug: bool, interrupted: Callable[[], bool]) -> NoReturn:
    """A bug: one line naming the exception (the traceback only with --debug), exit code 70."""
    if interrupted():
        _stop_interrupted()
    if debug:
        _print_traceback()
    click.echo(say("internal", detail=" ".join(f"{type(exc).__name__}: {exc}".split())[:300]), err=True)
    sys.exit(int(ExitCode.INTERNAL))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="planreview")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.option(
    "--malform",
    type=click.Choice(["nn", "nb"]),
    default="nn",
    show_default=True,
    help="Målform of messages and outputs: nn = nynorsk, nb = bokmål.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, malform: str) -> None:
    """planreview: review how a draft municipal plan treats immigrants and integration.

    Reads a plan (PDF, DOCX, TXT), scores it against a checklist and drafts the
    county's consultation response.
    """
    lang = cast(Lang, malform)
    set_malform(lang)
    ctx.obj = Context(debug, lang)


def _malform_after_command(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--malform`` given after the command (``planreview review plan.pdf --malform nb``) wins
    over the one before it."""
    if value is not None:
        lang = cast(Lang, value)
        set_malform(lang)
        obj = ctx.find_object(Context)
        if obj is not None:
            obj.malform = lang
    return value


def malform_option(fn: F) -> F:
    """The målform option on a command, so that it can be given after the command too."""
    return click.option(
        "--malform",
        type=click.Choice(["nn", "nb"]),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_malform_after_command,
        help="Målform of messages and outputs (nn or nb); may also be given before the command.",
    )(fn)


def outline_text(doc: Document, lang: str) -> str:
    from .model import BlockKind

    names = _KIND_NAMES[lang]
    nn = lang == "nn"
    counts = Counter(str(b.kind) for b in doc.blocks())
    malform = {"nn": "nynorsk", "nb": "bokmål", None: "ukjend" if nn else "ukjent"}[doc.malform]
    labels = [p.label for p in doc.pages]
    known = [lab for lab in labels if lab]
    out = [
        f"Tittel: {doc.title}",
        f"Fil: {doc.source}",
        f"Målform: {malform}",
        f"Sider: {len(doc.pages)}" + (f" ({'sidetal' if nn else 'sidetall'} {known[0]}–{known[-1]})" if known else ""),
        "Blokker: " + ", ".join(f"{names[k]} {counts[k]}" for k in [str(x) for x in BlockKind] if counts[k]),
    ]
    for w in doc.warnings:
        out.append(("Åtvaring: " if nn else "Advarsel: ") + w)
    out.append("")
    out.append("Disposisjon:")
    for page in doc.pages:
        for b in page.blocks:
            if b.kind is BlockKind.HEADING:
                indent = "  " * ((b.level or 1) - 1)
                where = f"s. {page.label}" if page.label else "s. ?"
                out.append(f"  {where:<7} {indent}{b.text}")
    return "\n".join(out)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document model as JSON.")
@click.option("--exact-tables", is_flag=True, help="PDF: find tables with pdfplumber (slower, for odd tables).")
@no_ocr_option
@malform_option
@click.pass_obj
def inspect(obj: Context, file: Path, as_json: bool, exact_tables: bool) -> None:
    """Show how planreview reads FILE: pages, headings, block counts, warnings.

    \b
    Example:
      planreview inspect examples/fjordvik-samfunnsdel-nn.pdf
      planreview inspect plan.docx --json > plan.json
    """

    def go() -> int:
        from .forked import default_jobs
        from .limits import plan_limits
        from .read import read_document

        _one_plan_process()

        with plan_limits(file):
            doc = read_document(file, exact_tables=exact_tables, progress=ocr_progress, jobs=default_jobs())
        if as_json:
            click.echo(json.dumps(doc.to_outline_json(), ensure_ascii=False, indent=1))
        else:
            click.echo(outline_text(doc, obj.malform))
        return 0

    run_safely(go, obj.debug)


def _one_plan_process() -> None:
    """A command that reviews or reads one plan and ends: the cyclic garbage collector runs about
    once in 50,000 new objects instead of 700. The reader's and scorer's objects (lines, blocks,
    quotes) are freed by reference counting or kept to the end; collections only scan them again
    (10 ms in all for a 30-page plan and 65 ms for 186 pages at the default, 3 and 18 ms so; the
    peak memory is the same). Not for `serve`, which runs for days."""
    import gc

    gc.set_threshold(50_000, 20, 100)


def main() -> None:
    """The console entry point. Output that cannot be encoded (a file name that is not UTF-8 on
    a terminal that is not UTF-8) is escaped, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    try:
        cli.main(prog_name="planreview", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        lang: Lang = "nb" if _wants_bokmal(sys.argv[1:]) else "nn"
        click.echo(usage_message(exc, lang), err=True)
        sys.exit(int(ExitCode.USAGE))
    except click.exceptions.Abort:
        click.echo(say("interrupted"), err=True)
        sys.exit(int(ExitCode.INTERRUPTED))


def _wants_bokmal(args: list[str]) -> bool:
    pairs = zip(args, [*args[1:], ""], strict=True)
    return any(a == "--malform=nb" or (a == "--malform" and nxt == "nb") for a, nxt in pairs)


def usage_message(exc: click.exceptions.UsageError, lang: Lang) -> str:
    """One Norwegian line for a wrong command line (click's own messages are English)."""
    nn = lang == "nn"
    command = exc.ctx.command_path if exc.ctx is not None else "planreview"
    help_hint = f" Sjå «{command} --help»." if nn else f" Se «{command} --help»."
    if isinstance(exc, click.exceptions.NoSuchOption):
        maybe = ""
        if exc.possibilities:
            options = ", ".join(f"«{p}»" for p in sorted(exc.possibilities))
            maybe = f" Meinte du {options}?" if nn else f" Mente du {options}?"
        text = (f"Ukjent val «{exc.option_name}»." if not nn else f"Ukjend val «{exc.option_name}».") + maybe
    elif isinstance(exc, click.exceptions.MissingParameter):
        what = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        text = f"Manglar {what}." if nn else f"Mangler {what}."
    elif isinstance(exc, click.exceptions.BadParameter):
        what = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        text = f"Ugyldig verdi for {what}." if what else "Ugyldig verdi."
        kind = exc.param.type if exc.param is not None else None
        if isinstance(kind, click.Choice):
            text += (" Vel mellom " if nn else " Velg mellom ") + ", ".join(f"«{c}»" for c in kind.choices) + "."
        elif isinstance(kind, (click.IntRange, click.types.IntParamType)):
            text += " Skriv eit heiltal." if nn else " Skriv et heltall."
    elif (m := re.match(r"No such command '(.+)'", exc.message)) is not None:
        text = f"Ukjend kommando «{m.group(1)}»." if nn else f"Ukjent kommando «{m.group(1)}»."
    elif (m := re.match(r"Got unexpected extra arguments? \((.+)\)", exc.message)) is not None:
        text = f"For mange argument: «{m.group(1)}»." if nn else f"For mange argumenter: «{m.group(1)}»."
    else:
        text = "Feil i kommandolinja." if nn else "Feil i kommandolinjen."
    return text + help_hint


def _find_documents(root: Path, names: list[str], fmt: str) -> dict[str, Path]:
    """For each labelled document name, the file in ``root`` to review (preferring ``fmt``)."""
    order = [fmt, "pdf", "docx", "txt", "md"]
    found: dict[str, Path] = {}
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower().lstrip(".") in order]
    for name in names:
        cands = [p for p in files if p.stem == name or p.parent.name == name]
        # the plan named as its folder before any other file there («SOURCE.txt» beside «plan.txt»)
        cands.sort(key=lambda p: (order.index(p.suffix.lower().lstrip(".")), p.stem != name, len(p.parts)))
        if cands:
            found[name] = cands[0]
    return found


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--labels", "labels_path", required=True, type=click.Path(path_type=Path), help="Reference levels (RUBRIC format)."
)
@click.option(
    "--evidence",
    "evidence_path",
    type=click.Path(path_type=Path),
    help="Sentence labels (evidence.jsonl format): also measure whether the quotes are the accepted sentences.",
)
@click.option(
    "--split",
    "split_path",
    type=click.Path(path_type=Path),
    help="JSON file naming the plans of each part (tune, check): every figure per part.",
)
@click.option(
    "--check-details",
    is_flag=True,
    help="With --split: also list the disagreements, quotes and missed sentences of the check plans.",
)
@click.option(
    "--checklist", "checklist_path", type=click.Path(path_type=Path), help="Checklist YAML (default: built-in)."
)
@click.option(
    "--prefer",
    type=click.Choice(["pdf", "docx", "txt"]),
    default="pdf",
    show_default=True,
    help="Which rendition to review when a plan exists in several formats.",
)
@click.option("--disagreements/--no-disagreements", default=True, show_default=True, help="List the disagreements.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@no_ocr_option
@malform_option
@click.pass_obj
def evaluate(
    obj: Context,
    folder: Path,
    labels_path: Path,
    evidence_path: Path | None,
    split_path: Path | None,
    check_details: bool,
    checklist_path: Path | None,
    prefer: str,
    disagreements: bool,
    jobs: int | None,
) -> None:
    """Compare planreview's theme levels (and quotes) with reference labels for the plans in FOLDER.

    Prints exact and within-one agreement and quadratic-weighted kappa per theme, per målform
    and overall, the confusion matrix and the disagreements. With --evidence, also the quotes'
    precision, theme recall and sentence recall@6 per theme, each unsupported quote and each
    missed sentence. With --split, every figure per part (tune, check); the check plans' errors
    are listed only with --check-details.

    \b
    Example:
      planreview evaluate --labels ../shared/corpus/labels.json \\
        --evidence ../shared/corpus/evidence.jsonl --split tests/corpus-split.json ../shared/corpus
    """
    from .batch import review_files
    from .checklist import load_checklist
    from .evaluate import agreement, load_labels, load_split
    from .evidence_eval import evidence_agreement, load_evidence

    nn = obj.malform == "nn"

    def t(nn_text: str, nb_text: str) -> str:
        return nn_text if nn else nb_text

    def pct(x: float) -> str:
        return "   –  " if x != x else f"{x * 100:5.1f}%"

    def go() -> int:
        labels = load_labels(labels_path)
        evidence = load_evidence(evidence_path) if evidence_path is not None else None
        split = load_split(split_path) if split_path is not None else None
        cl = load_checklist(checklist_path)  # refuse a bad checklist before any work
        if not folder.is_dir():
            from .errors import InputNotFound

            raise InputNotFound(say("not_found", path=folder), path=str(folder))
        docs = _find_documents(folder, list(labels), prefer)
        by_file = {str(p): name for name, p in docs.items()}
        records = {
            by_file[r["file"]]: r
            for r in review_files(list(docs.values()), checklist_path=checklist_path, lang=obj.malform, jobs=jobs)
        }
        for name, rec in records.items():
            if rec.get("status") != "ok":
                failed = PlanreviewError(rec.get("error", name), path=rec.get("file"))
                with contextlib.suppress(ValueError):
                    failed.exit_code = ExitCode(rec.get("exit_code", 70))
                raise failed
        theme_ids = [th.id for th in cl.themes]
        parts = split if split is not None else {"": sorted(records)}
        summary: list[str] = []
        for part, names in parts.items():
            names = [n for n in names if n in records]
            if split is not None:
                click.echo(f"== {part} ({len(names)} {t('planar', 'planer')}) ==")
            details = split is None or part != "check" or check_details
            ref: list[int] = []
            pred: list[int] = []
            per_theme: dict[str, tuple[list[int], list[int]]] = {}
            per_form: dict[str, tuple[list[int], list[int]]] = {}
            rows: list[str] = []
            for name in sorted(names):
                rec = records[name]
                form: str = rec.get("malform") or "?"
                for theme in rec["assessment"]["themes"]:
                    if theme["id"] not in labels[name]:
                        continue
                    r, p = labels[name][theme["id"]], theme["level"]
                    ref.append(r)
                    pred.append(p)
                    per_theme.setdefault(theme["id"], ([], []))[0].append(r)
                    per_theme[theme["id"]][1].append(p)
                    per_form.setdefault(form, ([], []))[0].append(r)
                    per_form[form][1].append(p)
                    if r != p and disagreements and details:
                        quote = theme["evidence"][0] if theme["evidence"] else None
                        where = f" (s. {quote['page']}, {quote['role']})" if quote and quote["page"] else ""
                        ev = f" «{quote['text'][:160]}»{where}" if quote else ""
                        rows.append(f"  {name} {theme['id']}: fasit {r}, planreview {p}.{ev}")
            if not ref:
                continue
            click.echo(f"{'Tema':<26} {'n':>3} {'exact':>7} {'within-one':>11} {'qwk':>7}")
            for theme_id, (t_ref, t_pred) in per_theme.items():
                a = agreement(t_ref, t_pred)
                click.echo(f"{theme_id:<26} {a.n:>3} {a.exact * 100:>6.1f}% {a.within_one * 100:>10.1f}% {a.qwk:>7.3f}")
            for form, (f_ref, f_pred) in sorted(per_form.items()):
                a = agreement(f_ref, f_pred)
                label = {"nn": "nynorsk", "nb": "bokmål"}.get(form, t("ukjend målform", "ukjent målform"))
                click.echo(f"{label:<26} {a.n:>3} {a.exact * 100:>6.1f}% {a.within_one * 100:>10.1f}% {a.qwk:>7.3f}")
            total = agreement(ref, pred)
            click.echo("")
            click.echo(
                t(
                    "Forvekslingsmatrise (rader: fasit, kolonnar: planreview)",
                    "Forvekslingsmatrise (rader: fasit, kolonner: planreview)",
                )
            )
            click.echo("       0    1    2    3")
            for level, row in enumerate(total.confusion):
                click.echo(f"  {level}  " + " ".join(f"{v:>4}" for v in row))
            if rows:
                click.echo("")
                click.echo(t("Usemje:", "Uenighet:"))
                for line in rows:
                    click.echo(line)
            line = f"exact {total.exact * 100:.1f}%  within-one {total.within_one * 100:.1f}%  qwk {total.qwk:.3f}"
            if evidence is not None:
                er = evidence_agreement({n: records[n]["assessment"] for n in names}, evidence, theme_ids)
                click.echo("")
                click.echo(t(f"Sitat mot setningsmerkinga (k = {er.k})", f"Sitater mot setningsmerkingen (k = {er.k})"))
                sitat, fangst = t("sitat", "sitater"), f"fangst@{er.k}"
                click.echo(f"{'Tema':<26} {sitat:>7} {'presisjon':>10} {'par':>4} {'temafangst':>11} {fangst:>9}")
                for theme_id, sc in [*er.by_theme, ("", er.overall)]:
                    label = theme_id or t("alle", "alle")
                    click.echo(
                        f"{label:<26} {sc.quotes:>7} {pct(sc.precision):>10} {sc.pairs:>4} {pct(sc.theme_recall):>11} "
                        f"{pct(sc.recall_at_k):>9}"
                    )
                if details and er.unsupported:
                    click.echo("")
                    click.echo(t("Sitat utan støtte i merkinga:", "Sitater uten støtte i merkingen:"))
                    for q in er.unsupported:
                        other = t(" (merkt for anna tema)", " (merket for annet tema)") if q.matched else ""
                        click.echo(f"  {q.doc} {q.theme} s. {q.page or '?'}: «{q.text[:160]}»{other}")
                if details and er.missed:
                    click.echo("")
                    click.echo(
                        t("Godkjende setningar som ikkje er siterte:", "Godkjente setninger som ikke er sitert:")
                    )
                    for theme_id, lab in er.missed:
                        click.echo(f"  {lab.doc} {theme_id} s. {lab.page or '?'}: «{lab.text[:160]}»")
                o = er.overall
                line += (
                    f"  precision {pct(o.precision).strip()}  theme-recall {pct(o.theme_recall).strip()}"
                    f"  recall@{er.k} {pct(o.recall_at_k).strip()}"
                )
            if split is not None:
                summary.append(f"{part}: {line}")
                click.echo("")
        missing = sorted(set(labels) - set(docs))
        if missing:
            click.echo("")
            click.echo(t("Fann ikkje: ", "Fant ikke: ") + ", ".join(missing))
        for line in summary:
            click.echo(line)
        everything = [n for n in records]
        ref_all = [
            labels[n][th["id"]]
            for n in everything
            for th in records[n]["assessment"]["themes"]
            if th["id"] in labels[n]
        ]
        pred_all = [
            th["level"] for n in everything for th in records[n]["assessment"]["themes"] if th["id"] in labels[n]
        ]
        total = agreement(ref_all, pred_all)
        click.echo(f"exact {total.exact * 100:.1f}%  within-one {total.within_one * 100:.1f}%  qwk {total.qwk:.3f}")
        return 0

    run_safely(go, obj.debug)


def scorecard_text(assessment: Any, checklist: Any, lang: str) -> str:
    rows = []
    for t in assessment.themes:
        title = checklist.theme(t.id).title
        name = title.get(lang)
        rows.append(f"  {t.level}  {checklist.label(t.level, lang):<20} {name}")
    for f in assessment.flags:
        rows.append(f"  !  {f.id:<20} {f.title}")
    return "\n".join(rows)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out", default=None, help="Output folder (default: FILE's name + -planreview); - for stdout.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "html", "md", "json"]),
    help="Output format; repeat for several (default: all four).",
)
@click.option(
    "--checklist", "checklist_path", type=click.Path(path_type=Path), help="Checklist YAML (default: built-in)."
)
@click.option("--settings", "settings_path", type=click.Path(path_type=Path), help="Letter settings (YAML).")
@click.option("--overrides", "overrides_path", type=click.Path(path_type=Path), help="Corrections (YAML).")
@click.option("--template", "template_path", type=click.Path(path_type=Path), help="Your own Word letter template.")
@click.option("--county", help="Sender, e.g. «Møre og Romsdal fylkeskommune».")
@click.option("--recipient", help="Recipient municipality.")
@click.option("--our-ref", help="Our reference.")
@click.option("--your-ref", help="Your reference.")
@click.option("--date", "date_", help="Date of the letter.")
@click.option("--case-officer", help="Case officer (sakshandsamar).")
@click.option("--contact", help="Case officer's e-mail or phone.")
@click.option(
    "--stage", help="Plan stage: høyringsutkast, offentleg ettersyn or vedteken (read from the plan if not given)."
)
@click.option(
    "--plan-type",
    help="Plan type: planstrategi, planprogram, samfunnsdel, handlingsdel, kommunedelplan or temaplan "
    "(read from the plan if not given).",
)
@click.option("--copy-to", help="The letter's «Kopi til» line, e.g. «Statsforvaltaren i Møre og Romsdal».")
@click.option(
    "--previous",
    "previous_path",
    type=click.Path(path_type=Path),
    help="The earlier version's review JSON (…-vurdering.json): the letter follows up the earlier letter, "
    "the report shows what changed.",
)
@click.option("--exact-tables", is_flag=True, help="PDF: find tables with pdfplumber (slower).")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for the review: 2 or more (the default on two cores or more: 2) lets a helper read a "
    "long PDF from the back and search the text for the letter; 1 does all in this process.",
)
@no_ocr_option
@malform_option
@click.pass_obj
def review(
    obj: Context,
    file: Path,
    out: str | None,
    formats: tuple[str, ...],
    checklist_path: Path | None,
    settings_path: Path | None,
    overrides_path: Path | None,
    template_path: Path | None,
    county: str | None,
    recipient: str | None,
    our_ref: str | None,
    your_ref: str | None,
    date_: str | None,
    case_officer: str | None,
    contact: str | None,
    stage: str | None,
    plan_type: str | None,
    copy_to: str | None,
    previous_path: Path | None,
    exact_tables: bool,
    jobs: int | None,
) -> None:
    """Review FILE: score it, draft the consultation letter and write the report.

    Writes the letter (DOCX, nynorsk unless --malform nb), the self-assessment report
    (HTML), the same as Markdown and the scores with evidence (JSON), and prints the
    scorecard. Corrections in --overrides are applied before anything is written.

    \b
    Example:
      planreview review examples/fjordvik-samfunnsdel-nn.pdf --out ut/
      planreview --malform nb review plan.pdf --county "Møre og Romsdal fylkeskommune"
      planreview review plan.pdf --format json --out -
      planreview review plan-revidert.pdf --previous ut/plan-vurdering.json
    """
    from . import api

    def go() -> int:
        from .errors import UsageProblem

        _one_plan_process()
        lang = obj.malform
        to_stdout = out == "-"
        chosen = formats or (("json",) if to_stdout else api.FORMATS)
        if to_stdout and (len(chosen) != 1 or chosen[0] not in ("json", "md")):
            raise UsageProblem(say("stdout_formats", given=", ".join(chosen)))
        got: list[LetterSettings] = []

        def prepare() -> None:
            """The letter settings and template, checked while a helper reads the plan (their
            errors still come before any in the plan)."""
            got.append(
                api.letter_settings(
                    settings_path,
                    county=county,
                    recipient=recipient,
                    our_ref=our_ref,
                    your_ref=your_ref,
                    date=date_,
                    case_officer=case_officer,
                    contact=contact,
                    plan_stage=stage,
                    plan_type=plan_type,
                    copy_to=copy_to,
                )
            )
            if template_path is not None:
                api.check_template(template_path)

        if previous_path:  # the earlier version is read first: the settings are checked before it
            prepare()
        previous = api.load_version(previous_path, checklist_path, lang=lang) if previous_path else None
        from .forked import default_jobs

        result = api.review(
            file,
            checklist_path,
            lang=lang,
            exact_tables=exact_tables,
            progress=ocr_progress,
            jobs=jobs or default_jobs(),
            prepare=None if got else prepare,
        )
        settings = got[0]
        if overrides_path is not None:
            corrections = api.load_corrections(overrides_path, result.checklist)
            result = api.correct(result, corrections, source=overrides_path)
        assessment = result.assessment
        comparison = api.compare(previous, api.version_of(result), result.checklist, lang=lang) if previous else None
        if to_stdout:
            if chosen[0] == "json":
                data = api.review_json(result, settings, lang, comparison=comparison)
                click.echo(json.dumps(data, ensure_ascii=False, indent=1))
            else:
                click.echo(api.render_text(result, "md", settings=settings, lang=lang, comparison=comparison), nl=False)
            return 0
        out_dir = Path(out) if out else Path(f"{file.stem}-planreview")
        written = api.write(
            result,
            out_dir,
            formats=chosen,
            settings=settings,
            lang=lang,
            template=template_path,
            comparison=comparison,
        )
        click.echo(f"{result.document.title}")
        click.echo(scorecard_text(assessment, result.checklist, lang))
        click.echo("")
        if "docx" in chosen and not any(p.suffix == ".docx" for p in written):
            click.echo(
                "Dette er ein regional plan: fylkeskommunen gir ikkje fråsegn til sin eigen plan, så det er ikkje "
                "skrive noko brev, berre rapporten."
                if lang == "nn"
                else "Dette er en regional plan: fylkeskommunen gir ikke uttalelse til sin egen plan, så det er ikke "
                "skrevet noe brev, bare rapporten."
            )
        for path in written:
            click.echo(("Skreiv " if lang == "nn" else "Skrev ") + str(path))
        return 0

    run_safely(go, obj.debug)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "md", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--out", "out", type=click.Path(path_type=Path), help="Write to this file (default: the screen).")
@click.option(
    "--checklist", "checklist_path", type=click.Path(path_type=Path), help="Checklist YAML (default: built-in)."
)
@click.option("--exact-tables", is_flag=True, help="PDF: find tables with pdfplumber (slower).")
@no_ocr_option
@malform_option
@click.pass_obj
def compare(
    obj: Context, old: Path, new: Path, fmt: str, out: Path | None, checklist_path: Path | None, exact_tables: bool
) -> None:
    """Compare two versions of a plan: OLD and NEW, each a plan file or a saved review JSON.

    Prints per theme the level before and after, the quotes that are new, gone or changed,
    the flags gained and lost, and, when OLD is a review JSON with its letter, whether each
    recommendation of that letter was followed.

    \b
    Example:
      planreview compare ut/plan-vurdering.json plan-revidert.pdf
      planreview compare gammal.pdf ny.pdf --format html --out samanlikning.html
    """
    from . import api

    def go() -> int:
        from .checklist import load_checklist

        cl = load_checklist(checklist_path)
        result = api.compare(old, new, cl, lang=obj.malform, exact_tables=exact_tables)
        text = api.render_comparison(result, fmt, cl, lang=obj.malform)
        if out is None:
            click.echo(text, nl=False)
        else:
            from .batch.matrix import replaced

            with replaced(out) as tmp:
                tmp.write_text(text, encoding="utf-8", errors="replace")
            click.echo(("Skreiv " if obj.malform == "nn" else "Skrev ") + str(out))
        return 0

    run_safely(go, obj.debug)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path), help="Output folder for the matrix and reports."
)
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--mapping", "mapping_path", type=click.Path(path_type=Path), help="CSV: file, kommune, kommunenummer.")
@click.option(
    "--checklist", "checklist_path", type=click.Path(path_type=Path), help="Checklist YAML (default: built-in)."
)
@click.option("--settings", "settings_path", type=click.Path(path_type=Path), help="Letter settings (YAML).")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "html", "md", "json"]),
    help="Per-plan outputs; repeat for several (default: all four).",
)
@click.option(
    "--compare-to",
    "compare_to",
    type=click.Path(path_type=Path),
    help="The --out folder of an earlier batch: add each plan's change since then to the matrix.",
)
@no_ocr_option
@malform_option
@click.pass_obj
def batch(
    obj: Context,
    paths: tuple[Path, ...],
    out: Path,
    jobs: int | None,
    quiet: bool,
    mapping_path: Path | None,
    checklist_path: Path | None,
    settings_path: Path | None,
    formats: tuple[str, ...],
    compare_to: Path | None,
) -> None:
    """Review every PDF, DOCX, ODT, DOC, RTF and TXT under PATHS and write the county matrix.

    Writes each plan's letter and report under OUT/plans/, and the matrix of plans ×
    themes as matrix.xlsx, matrix.csv and index.html. Finished plans are kept in
    OUT/results.jsonl: a rerun skips unchanged plans, and Ctrl-C loses nothing finished.
    Exits with 14 when one or more plans could not be reviewed.

    \b
    Example:
      planreview batch planar/ --out fylket-2026/
      planreview batch planar/ --out fylket-2026/ --jobs 2 --mapping kommunar.csv
      planreview batch planar/ --out fylket-2027/ --compare-to fylket-2026/
    """
    from . import api

    def go() -> int:
        nn = obj.malform == "nn"
        show = not quiet and sys.stderr.isatty()
        bar: Any = None
        task: Any = None

        def progress(done: int, total: int, name: str) -> None:
            nonlocal bar, task
            if not show:
                return
            if bar is None:  # the bar starts with the work, after the inputs were checked
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    TextColumn("{task.fields[name]}"),
                    console=Console(stderr=True),
                    transient=True,
                )
                bar.start()
                task = bar.add_task("planreview", total=None, name="")
            bar.update(task, completed=done, total=total, name=name)

        try:
            outcome = api.batch(
                paths,
                out,
                checklist=checklist_path,
                settings=settings_path,
                mapping=mapping_path,
                formats=formats or api.FORMATS,
                lang=obj.malform,
                jobs=jobs,
                progress=progress,
                compare_to=compare_to,
            )
        finally:
            if bar is not None:
                bar.stop()
        result, rows, summary = outcome.result, outcome.rows, outcome.summary
        click.echo(
            (
                f"{len(rows)} planar: {summary['ok']} ok, {result.failed} med feil, "
                f"{result.skipped} uendra og hoppa over. "
                if nn
                else f"{len(rows)} planer: {summary['ok']} ok, {result.failed} med feil, "
                f"{result.skipped} uendret og hoppet over. "
            )
            + f"{result.seconds:.1f} s."
        )
        for r in rows:
            if r.status != "ok":
                click.echo(f"  feil: {r.error}")
        history = outcome.history
        if history is not None:
            from .batch.matrix import since_counts

            click.echo(say("compared_to", **since_counts(rows, history)))
            for r in rows:
                if r.since is not None and r.since.status == "ambiguous":
                    click.echo(say("ambiguous_match", file=r.file, candidates=", ".join(r.since.candidates)))
        for path in outcome.written:
            click.echo(("Skreiv " if nn else "Skrev ") + str(path))
        if result.interrupted:
            click.echo(say("interrupted"), err=True)
        return outcome.exit_code

    run_safely(go, obj.debug)


@cli.group()
def template() -> None:
    """Word letter templates: check which fields a county's own template uses.

    \b
    Example:
      planreview template check vår-brevmal.docx
    """


@template.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@malform_option
@click.pass_obj
def template_check(obj: Context, file: Path) -> None:
    """List the fields a Word letter template FILE uses, the unknown ones and the ones it lacks.

    \b
    Example:
      planreview template check templates/letter.docx
    """
    from .errors import TemplateProblem
    from .render.letter import check_template, try_render
    from .render.sample import sample_context

    def go() -> int:
        used, unknown, lacking = check_template(file)
        nn = obj.malform == "nn"
        click.echo(("Brukar: " if nn else "Bruker: ") + (", ".join(shown(u) for u in used) or "–"))
        click.echo(("Manglar: " if nn else "Mangler: ") + (", ".join(lacking) or "–"))
        if unknown:
            raise TemplateProblem(
                f"{file}: " + ("ukjende felt: " if nn else "ukjente felt: ") + ", ".join(shown(u) for u in unknown),
                path=str(file),
            )
        # Filled in once with a sample plan under the same limits, so it fails here when a review would.
        try_render(file, sample_context(obj.malform))
        click.echo(
            f"{file}: "
            + ("malen er i orden (prøvd med ein prøveplan)." if nn else "malen er i orden (prøvd med en prøveplan).")
        )
        return 0

    run_safely(go, obj.debug)


@cli.group()
def checklist() -> None:
    """Work with checklists (YAML): validate a county's own checklist and run its examples.

    \b
    Example:
      planreview checklist check min-sjekkliste.yaml
    """


@checklist.command("list")
@malform_option
@click.pass_obj
def checklist_list(obj: Context) -> None:
    """List the checklists that can be used: the built-in ones and those installed packages add.

    A package adds a checklist through the entry-point group «planreview.checklists»; use it
    with --checklist and its id.

    \b
    Example:
      planreview checklist list
      planreview review plan.pdf --checklist min-sjekkliste
    """
    from . import api

    def go() -> int:
        for info in api.checklists():
            title = info.title.get(obj.malform) or info.title.get("nn") or info.title.get("nb") or ""
            forms = "/".join(info.malformer) or "–"
            where = "innebygd" if info.source == "planreview" else info.source  # the same in both målformer
            click.echo(f"{info.id} {info.version}  {title}  [{forms}; {where}]  {info.path}")
        return 0

    run_safely(go, obj.debug)


@checklist.command("check")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@malform_option
@click.pass_obj
def checklist_check(obj: Context, file: Path | None) -> None:
    """Validate a checklist FILE (default: the built-in one) and run its example sentences.

    Every criterion's "match" examples must match and its "no_match" examples must not.

    \b
    Example:
      planreview checklist check checklists/integrering.yaml
    """
    from .checklist import load_checklist
    from .errors import ChecklistError
    from .score.engine import check_examples

    def go() -> int:
        cl = load_checklist(file)
        failures = check_examples(cl)
        n_crit = sum(len(t.criteria) for t in cl.themes)
        n_ex = sum(len(c.examples_match) + len(c.examples_no_match) for t in cl.themes for c in t.criteria)
        nn = obj.malform == "nn"
        if failures:
            for f in failures:
                click.echo(f, err=True)
            raise ChecklistError(
                f"{cl.path}: {len(failures)} av {n_ex} eksempel "
                + ("slo feil. Rett termane eller eksempla." if nn else "slo feil. Rett termene eller eksemplene."),
                path=cl.path,
            )
        click.echo(
            f"{cl.path}: {cl.id} {cl.version}: {len(cl.themes)} tema, {n_crit} kriterium, {len(cl.flags)} flagg; "
            + (f"alle {n_ex} eksempla stemmer." if nn else f"alle {n_ex} eksemplene stemmer.")
        )
        return 0

    run_safely(go, obj.debug)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than localhost needs --users).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The SQLite database (default: planreview.sqlite3 in the user's data folder); files are kept beside it.",
)
@click.option(
    "--users",
    "users_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Users file (planreview users add): logins for the pages and API tokens.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Worker processes for reviews (default: CPU count)."
)
@click.option("--checklist", "checklist_path", default=None, help="Checklist YAML or the id of an installed checklist.")
@malform_option
@click.pass_obj
def serve(
    obj: Context,
    host: str,
    port: int,
    db_path: Path | None,
    users_path: Path | None,
    workers: int | None,
    checklist_path: str | None,
) -> None:
    """Start the web app: a page for planners and an HTTP API (/api/v1) for case systems.

    Listens on 127.0.0.1 only unless --host says otherwise, and then only with a users file
    (--users): pages need a login, the API a token. Reviews run in worker processes under the
    input limits; everything is kept in the SQLite database (--db) and a folder beside it.

    \b
    Example:
      planreview serve
      planreview serve --port 8080 --db /srv/planreview/planreview.sqlite3
      planreview serve --host 0.0.0.0 --users brukarar.yaml
    """

    def go() -> int:
        from .web.app import ServeConfig, check_config, create_app, default_db

        config = ServeConfig(
            db=db_path or default_db(),
            host=host,
            port=port,
            workers=workers or os.cpu_count() or 1,
            users=users_path,
            checklist=checklist_path,
        )
        users = check_config(config)  # refuses an open address without logins, before anything starts
        if checklist_path is not None:
            from .api import load_checklist

            load_checklist(checklist_path)
        import uvicorn

        app = create_app(config, users)
        nn = obj.malform == "nn"
        shown_host = f"[{host}]" if ":" in host else host
        click.echo(
            (f"planreview lyttar på http://{shown_host}:{port}/ (database: {config.db})")
            if nn
            else (f"planreview lytter på http://{shown_host}:{port}/ (database: {config.db})"),
            err=True,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
        return 0

    run_safely(go, obj.debug)


@cli.group()
def users() -> None:
    """Users of the web app: logins for the pages and API tokens for case systems.

    \b
    Example:
      planreview users add brukarar.yaml kari --name "Kari Nordmann"
      planreview users token brukarar.yaml kari --label Elements
    """


@users.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("user")
@click.option("--name", default=None, help="The name recorded as who did what (e.g. «Kari Nordmann»).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of asking.")
@malform_option
@click.pass_obj
def users_add(obj: Context, file: Path, user: str, name: str | None, password_stdin: bool) -> None:
    """Add USER to the users FILE (made if missing), or give USER a new password.

    \b
    Example:
      planreview users add brukarar.yaml kari --name "Kari Nordmann"
    """
    from .errors import UsageProblem

    def go() -> int:
        from .web.auth import add_user

        nn = obj.malform == "nn"
        if not re.fullmatch(r"[A-Za-z0-9._@-]{1,64}", user):
            raise UsageProblem(
                f"{user}: "
                + (
                    "brukarnamnet kan ha bokstavar a–z, tal og . _ @ -"
                    if nn
                    else "brukernavnet kan ha bokstaver a–z, tall og . _ @ -"
                )
            )
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt(
                "Passord", hide_input=True, confirmation_prompt="Passord ein gong til" if nn else "Passord en gang til"
            )
        if len(password) < 8:
            raise UsageProblem("Passordet må ha minst 8 teikn." if nn else "Passordet må ha minst 8 tegn.")
        add_user(file, user, password, name)
        click.echo(f"{file}: brukaren «{user}» er lagd til." if nn else f"{file}: brukeren «{user}» er lagt til.")
        return 0

    run_safely(go, obj.debug)


@users.command("token")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("user")
@click.option("--label", default=None, help="What the token is for (e.g. «Elements»).")
@malform_option
@click.pass_obj
def users_token(obj: Context, file: Path, user: str, label: str | None) -> None:
    """Make an API token that acts as USER; it is printed once, and only its hash is kept in FILE.

    \b
    Example:
      planreview users token brukarar.yaml kari --label Elements
      curl -H "Authorization: Bearer pr_…" http://tenar:8000/api/v1/reviews
    """

    def go() -> int:
        from .web.auth import add_token

        token = add_token(file, user, label)
        click.echo(token)
        return 0

    run_safely(go, obj.debug)
