"""The ``planreview`` command line: a thin click layer over the library API."""

from __future__ import annotations

import json
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ExitCode, PlanreviewError
from .messages import say, set_malform
from .model import BlockKind, Document
from .read import read_document

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
    },
}


class Context:
    def __init__(self, debug: bool, malform: str) -> None:
        self.debug = debug
        self.malform = malform


def run_safely(fn: Callable[[], int | None], debug: bool) -> None:
    """Run ``fn``; turn planreview errors into one line on stderr and their exit code."""
    try:
        code = fn()
    except PlanreviewError as exc:
        if debug:
            traceback.print_exc()
        click.echo(str(exc), err=True)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        click.echo(say("interrupted"), err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except click.exceptions.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback without --debug
        if debug:
            traceback.print_exc()
        click.echo(say("internal", detail=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(int(ExitCode.INTERNAL))
    sys.exit(int(code or 0))


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
    set_malform(malform)  # type: ignore[arg-type]
    ctx.obj = Context(debug, malform)


def outline_text(doc: Document, lang: str) -> str:
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
@click.pass_obj
def inspect(obj: Context, file: Path, as_json: bool, exact_tables: bool) -> None:
    """Show how planreview reads FILE: pages, headings, block counts, warnings.

    \b
    Example:
      planreview inspect examples/fjordvik-samfunnsdel-nn.pdf
      planreview inspect plan.docx --json > plan.json
    """

    def go() -> int:
        doc = read_document(file, exact_tables=exact_tables)
        if as_json:
            click.echo(json.dumps(doc.to_outline_json(), ensure_ascii=False, indent=1))
        else:
            click.echo(outline_text(doc, obj.malform))
        return 0

    run_safely(go, obj.debug)


def main() -> None:
    cli(prog_name="planreview")
