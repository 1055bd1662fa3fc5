"""The consultation letter (DOCX) through docxtpl, always with autoescaping, in a sandbox."""

from __future__ import annotations

import io
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from .. import limits
from ..checklist import package_dir
from ..errors import PlanreviewError, TemplateProblem
from ..messages import current_malform, shown
from .budget import RenderBudgetExceeded, over_budget, render_budget
from .cache import SourceCachingEnvironment
from .context import LETTER_FIELDS, REQUIRED_LETTER_FIELDS


def _t(nn: str, nb: str) -> str:
    return nn if current_malform() == "nn" else nb


def default_letter_template() -> Path:
    return package_dir("templates") / "letter.docx"


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    """Sandboxed (a county's template may only read the fields it is given), autoescaping, and
    shared by every letter of the process, so the template's parts are compiled once."""
    return SourceCachingEnvironment(autoescape=True)


def _open(path: Path) -> DocxTemplate:
    """The docxtpl template after the checks every input gets: a regular file within the file
    size limit and the ZIP limits (entries, unpacked size). Raises TemplateProblem (exit 10)."""
    from ..read.docx import check_zip

    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise TemplateProblem(
            _t(f"{path}: malen finst ikkje. Sjekk namnet.", f"{path}: malen finnes ikke. Sjekk navnet."), path=str(path)
        )
    if st.st_size > limits.FILE_SIZE.nbytes():
        raise limits.exceeded(limits.FILE_SIZE, path, limits.mib(st.st_size), TemplateProblem)
    try:
        check_zip(path, TemplateProblem)
    except TemplateProblem:
        raise
    except PlanreviewError as exc:  # not a ZIP at all
        raise TemplateProblem(
            _t(
                f"{path}: malen er ikkje eit gyldig Word-dokument. Lagra han som .docx på nytt.",
                f"{path}: malen er ikke et gyldig Word-dokument. Lagre den som .docx på nytt.",
            ),
            path=str(path),
        ) from exc
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:
        raise TemplateProblem(
            _t(
                f"{path}: malen er ikkje eit gyldig Word-dokument ({type(exc).__name__}). Lagra han som .docx på nytt.",
                f"{path}: malen er ikke et gyldig Word-dokument ({type(exc).__name__}). Lagre den som .docx på nytt.",
            ),
            path=str(path),
        ) from exc
    return tpl


def _syntax_message(path: Path, exc: TemplateError) -> str:
    context = [line.strip() for line in getattr(exc, "docx_context", []) if line.strip()]
    near = f" Nær: «{shown(' … '.join(context[:3])[:160])}»." if context else ""
    message = shown(" ".join(str(exc.message or type(exc).__name__).split())[:200])
    return _t(
        f"{path}: feil i malen: {message}.{near} Rett {{{{ }}}}- og {{% %}}-koda i Word-dokumentet.",
        f"{path}: feil i malen: {message}.{near} Rett {{{{ }}}}- og {{% %}}-kodene i Word-dokumentet.",
    )


def _render_message(path: Path, exc: BaseException) -> str:
    detail = shown(" ".join(f"{type(exc).__name__}: {exc}".split())[:200])
    return _t(
        f"{path}: malen feila då han vart fylt ut ({detail}). Rett {{{{ }}}}- og {{% %}}-koda i Word-dokumentet.",
        f"{path}: malen feilet da den ble fylt ut ({detail}). Rett {{{{ }}}}- og {{% %}}-kodene i Word-dokumentet.",
    )


def template_fields(path: Path) -> set[str]:
    """The top-level fields a letter template uses; raises TemplateProblem on a syntax error."""
    tpl = _open(path)
    try:
        with render_budget(path):
            return set(tpl.get_undeclared_template_variables(jinja_env=_environment()))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(path, exc), path=str(path)) from exc
    except PlanreviewError:
        raise
    except RenderBudgetExceeded as exc:
        raise over_budget(path, exc) from exc
    except Exception as exc:  # docxtpl or jinja2 on a damaged template: a template error
        raise TemplateProblem(_render_message(path, exc), path=str(path)) from exc


def check_template(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(used known fields, unknown fields, important fields the template lacks)."""
    used = template_fields(path)
    known = set(LETTER_FIELDS)
    return sorted(used & known), sorted(used - known), [f for f in REQUIRED_LETTER_FIELDS if f not in used]


def validate_template(path: Path) -> None:
    """Raise TemplateProblem when a custom template has a syntax error or uses unknown fields."""
    unknown = check_template(path)[1]
    if unknown:
        raise TemplateProblem(
            _t(
                f"{path}: malen brukar ukjende felt: {', '.join(unknown)}. "
                "Sjå «planreview template check» for felta som finst.",
                f"{path}: malen bruker ukjente felt: {', '.join(unknown)}. "
                "Se «planreview template check» for feltene som finnes.",
            ),
            path=str(path),
        )


LANGUAGE_TAGS = {"nn": "nn-NO", "nb": "nb-NO"}


def set_language(document: Any, tag: str) -> None:
    """Word's proofing language for the whole document: the default run properties and every
    style or run that names a language get ``tag`` (nn-NO / nb-NO)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    parts = [styles, document.element]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for root in parts:
        for lang in root.iter(qn("w:lang")):
            lang.set(qn("w:val"), tag)
            if lang.get(qn("w:eastAsia"), "").startswith("en-"):
                del lang.attrib[qn("w:eastAsia")]  # the template's English default for Asian text


def set_properties(document: Any, context: dict[str, Any]) -> None:
    """Title, subject, language and author of the Word file: the letter's own, not the template's."""
    nn = context.get("lang", "nn") == "nn"
    props = document.core_properties
    props.title = str(context.get("title", ""))[:250]
    props.subject = "Fråsegn om integrering" if nn else "Uttalelse om integrering"
    props.language = LANGUAGE_TAGS["nn" if nn else "nb"]
    props.keywords = "integrering, innvandrarbefolkninga, plan" if nn else "integrering, innvandrerbefolkningen, plan"
    props.comments = "Utkast laga med planreview" if nn else "Utkast laget med planreview"
    author = next((v for v in (context.get("case_officer"), context.get("county")) if v and "[fyll inn" not in v), "")
    props.author = author
    props.last_modified_by = author


def _render(path: Path, context: dict[str, Any]) -> DocxTemplate:
    """The template filled in under the render budget; any failure is a TemplateProblem (exit 10)."""
    tpl = _open(path)
    try:
        with render_budget(path):
            tpl.render(context, jinja_env=_environment(), autoescape=True)
    except PlanreviewError:
        raise
    except RenderBudgetExceeded as exc:
        raise over_budget(path, exc) from exc
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(path, exc), path=str(path)) from exc
    except RecursionError as exc:
        raise TemplateProblem(_render_message(path, exc), path=str(path)) from None
    except Exception as exc:  # whatever a county's template does wrong is the template's error
        raise TemplateProblem(_render_message(path, exc), path=str(path)) from exc
    return tpl


def render_letter(context: dict[str, Any], out: Path, template: Path | None = None) -> Path:
    """Fill in the letter template (the built-in one, or ``template``) and save it as ``out``.

    Raises TemplateProblem (exit 10) for a template that is invalid, uses unknown fields, fails
    while it is filled in or goes over the render budget; OSError from saving is the caller's.
    """
    path = template or default_letter_template()
    if template is not None:
        validate_template(path)
    tpl = _render(path, context)
    document = tpl.docx
    set_language(document, LANGUAGE_TAGS.get(context.get("lang", "nn"), "nn-NO"))
    set_properties(document, context)
    tpl.save(str(out))
    return out


def try_render(path: Path, context: dict[str, Any]) -> None:
    """Fill in ``path`` with ``context`` once and save it in memory, as a review would, so that
    ``template check`` fails whenever a review would. Raises TemplateProblem."""
    tpl = _render(path, context)
    try:
        tpl.save(io.BytesIO())
    except Exception as exc:  # a template whose result cannot be saved
        raise TemplateProblem(_render_message(path, exc), path=str(path)) from exc
