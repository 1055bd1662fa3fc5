"""Render an assessment: the letter (DOCX), the report (HTML), the same as Markdown, and JSON.

Outputs are written to a temporary folder first and moved into place only when every one
of them succeeded, so a failure never leaves half-written files in the output folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import Lang

# The package imports only what every output needs: a caller that wants the letter settings
# or the review JSON pays neither for the comparison nor for the report's templates.
if TYPE_CHECKING:  # jinja2 and docxtpl are imported when a report or letter is made, not for JSON
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

    from ..checklist import Checklist
    from ..compare import Comparison
    from ..model import Document
    from ..score import Assessment
    from .compose import PlanText
    from .settings import LetterSettings

FORMATS = ("docx", "html", "md", "json")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#])")


def md_escape(value: object) -> str:
    """Plan text as inert Markdown: no emphasis, links, tables or raw HTML from the plan."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;")
    return _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), text)


@lru_cache(maxsize=4)
def _env(markdown: bool) -> SandboxedEnvironment:
    """One environment per kind, so compiled templates are reused across plans."""
    from jinja2 import FileSystemLoader, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    from ..checklist import package_dir
    from .cache import bytecode_cache

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(package_dir("templates"))),
        bytecode_cache=bytecode_cache("md" if markdown else "html"),
        autoescape=False if markdown else select_autoescape(["html", "j2"], default=True),
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def template(name: str) -> Template:
    """A packaged template, compiled once per process: Markdown ones unescaped, the rest as HTML."""
    return _env(name.endswith(".md.j2")).get_template(name)


def render_html(context: dict[str, Any]) -> str:
    return template("report.html.j2").render(context)


def render_markdown(context: dict[str, Any]) -> str:
    text = template("report.md.j2").render(context)
    return re.sub(r"\n{3,}", "\n\n", text)


def review_json(assessment: Assessment, context: dict[str, Any]) -> dict[str, Any]:
    """The review JSON: the assessment and, when a letter was drafted, its ``letter`` record;
    with ``review --previous`` also the ``comparison`` with the earlier version."""
    out = {**assessment.to_json(), "letter": context.get("letter_record")}
    if context.get("comparison_json") is not None:
        out["comparison"] = context["comparison_json"]
    return out


def output_names(stem: str, lang: Lang) -> dict[str, str]:
    letter = "fraasegn" if lang == "nn" else "hoeringsuttalelse"
    return {
        "docx": f"{stem}-{letter}.docx",
        "html": f"{stem}-rapport.html",
        "md": f"{stem}-rapport.md",
        "json": f"{stem}-vurdering.json",
    }


_TMP_PREFIX = ".planreview-"


def clean_stale(out_dir: Path) -> None:
    """Remove the temporary folders that a killed run left in ``out_dir``.

    They are named ``.planreview-<pid>-…``; one whose process is gone is removed (a folder
    of a run still going, here or in another process, is left alone). Never raises."""
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(_TMP_PREFIX) or not entry.is_dir() or entry.is_symlink():
            continue
        pid_text = entry.name[len(_TMP_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit():
            try:
                os.kill(int(pid_text), 0)
                continue  # still running
            except ProcessLookupError:
                pass
            except OSError:
                continue  # someone else's process: not ours to judge
        import shutil

        shutil.rmtree(entry, ignore_errors=True)


def write_outputs(
    doc: Document,
    assessment: Assessment,
    checklist: Checklist,
    out_dir: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    settings: LetterSettings | None = None,
    lang: Lang = "nn",
    template: Path | None = None,
    stem: str | None = None,
    comparison: Comparison | None = None,
    text: PlanText | None = None,
) -> list[Path]:
    """Render the chosen formats into ``out_dir``; all or nothing. ``text``: the plan's
    ``PlanText`` when the caller has it (see ``context.build_context``).

    A regional planstrategi or regional plan gets no letter (the county does not write to its
    own plan): the DOCX is left out and the report says why. With ``comparison`` (the earlier
    version compared with this one) the letter follows up the earlier letter and the report
    and JSON show the comparison.
    """
    import shutil
    import tempfile

    from ..errors import OutputError
    from ..messages import say
    from .context import build_context
    from .settings import LetterSettings

    context = build_context(doc, assessment, checklist, settings or LetterSettings(), lang, comparison, text)
    if context["regional"]:
        formats = tuple(f for f in formats if f != "docx")
    names = output_names(stem or Path(doc.source).stem, lang)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        clean_stale(out_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise OutputError(say("output", path=out_dir, detail=exc.strerror or exc), path=str(out_dir)) from None
    written: list[Path] = []
    ok = False
    try:
        for fmt in formats:
            target = tmp / names[fmt]
            if fmt == "docx":
                from .letter import render_letter

                render_letter(context, target, template)
            elif fmt == "html":
                target.write_text(render_html(context), encoding="utf-8", errors="replace")
            elif fmt == "md":
                target.write_text(render_markdown(context), encoding="utf-8", errors="replace")
            elif fmt == "json":
                target.write_text(
                    json.dumps(review_json(assessment, context), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8",
                )
        for fmt in formats:
            final = out_dir / names[fmt]
            os.replace(tmp / names[fmt], final)
            written.append(final)
        ok = True
    except OSError as exc:
        raise OutputError(say("output", path=out_dir, detail=exc.strerror or exc), path=str(out_dir)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if not ok and created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only when empty
    return written
