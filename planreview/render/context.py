"""The view model behind the letter, the report and the Markdown: texts in nynorsk or bokmål.

Everything a template shows is prepared here, so that a county's own Word template only
places fields; plan text stays data (templates escape it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checklist import Checklist
from ..messages import Lang
from ..model import Document
from ..score import Assessment, Change
from .compose import PlanText, compose_letter, effective_kind, kind_labels
from .phrases import say
from .quotes import Quotes
from .reasons import explain
from .settings import BLANK, LetterSettings

if TYPE_CHECKING:
    from ..compare import Comparison

ROLE_LABEL = {
    "nn": {
        "knowledge": "kunnskapsgrunnlag",
        "goal": "mål",
        "strategy": "strategi",
        "measure": "tiltak",
        "followup": "oppfølging",
        "none": "anna",
    },
    "nb": {
        "knowledge": "kunnskapsgrunnlag",
        "goal": "mål",
        "strategy": "strategi",
        "measure": "tiltak",
        "followup": "oppfølging",
        "none": "annet",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "nn": {
        "to": "Til",
        "our_ref": "Vår ref.",
        "your_ref": "Dykkar ref.",
        "date": "Dato",
        "case_officer": "Sakshandsamar",
        "contact": "Kontakt",
        "letter_kind": "Fråsegn",
        "closing": "Med helsing",
        "page": "s.",
        "page_unknown": "side ukjend",
        "report_title": "Sjølvvurdering: innvandrarbefolkninga og integrering i planen",
        "theme": "Tema",
        "level": "Nivå",
        "score": "Poeng",
        "evidence": "Dette seier planen",
        "missing": "Dette manglar",
        "questions": "Spørsmål til drøfting",
        "indicators": "Indikatorar",
        "sources": "Statistikk og kjelder",
        "legal": "Lovgrunnlag",
        "flags": "Gjennomgåande merknader",
        "changes": "Rettingar gjorde av sakshandsamar",
        "warnings": "Merknader om lesinga av dokumentet",
        "no_evidence": "Vi kan ikkje sjå at planen omtalar innvandrarbefolkninga i samband med dette temaet.",
        "no_evidence_check": "Vi fann ikkje sitat som viser at planen omtalar innvandrarbefolkninga i samband med "
        "dette temaet, men planen nemner begge i same avsnitt. Sjå etter i planen.",
        "mentioned_only": "Planen nemner dette, men vi kan ikkje sjå mål eller strategi.",
        "plan_type": "Plantype",
        "plan_stage": "Stad i planprosessen",
        "regional": "Dette er ein regional plan. Fylkeskommunen gir ikkje fråsegn til sin eigen plan, så planreview "
        "skriv berre denne sjølvvurderinga.",
        "copy_to": "Kopi til",
        "what": "Retting",
        "scorecard": "Oversikt",
        "document": "Dokument",
        "pages": "sider",
        "checklist": "Sjekkliste",
        "reason": "Grunn",
        "by": "Av",
        "before": "Før",
        "after": "Etter",
        "malform_nn": "nynorsk",
        "malform_nb": "bokmål",
        "malform_none": "ukjend målform",
        "generated": "Laga med planreview",
        "capped": "Nivået er halde nede fordi",
    },
    "nb": {
        "to": "Til",
        "our_ref": "Vår ref.",
        "your_ref": "Deres ref.",
        "date": "Dato",
        "case_officer": "Saksbehandler",
        "contact": "Kontakt",
        "letter_kind": "Høringsuttalelse",
        "closing": "Med vennlig hilsen",
        "page": "s.",
        "page_unknown": "side ukjent",
        "report_title": "Egenvurdering: innvandrerbefolkningen og integrering i planen",
        "theme": "Tema",
        "level": "Nivå",
        "score": "Poeng",
        "evidence": "Dette sier planen",
        "missing": "Dette mangler",
        "questions": "Spørsmål til drøfting",
        "indicators": "Indikatorer",
        "sources": "Statistikk og kilder",
        "legal": "Lovgrunnlag",
        "flags": "Gjennomgående merknader",
        "changes": "Rettinger gjort av saksbehandler",
        "warnings": "Merknader om lesingen av dokumentet",
        "no_evidence": "Vi kan ikke se at planen omtaler innvandrerbefolkningen i forbindelse med dette temaet.",
        "no_evidence_check": "Vi fant ikke sitater som viser at planen omtaler innvandrerbefolkningen i forbindelse "
        "med dette temaet, men planen nevner begge i samme avsnitt. Se etter i planen.",
        "mentioned_only": "Planen nevner dette, men vi kan ikke se mål eller strategi.",
        "plan_type": "Plantype",
        "plan_stage": "Sted i planprosessen",
        "regional": "Dette er en regional plan. Fylkeskommunen gir ikke uttalelse til sin egen plan, så planreview "
        "skriver bare denne egenvurderingen.",
        "copy_to": "Kopi til",
        "what": "Retting",
        "scorecard": "Oversikt",
        "document": "Dokument",
        "pages": "sider",
        "checklist": "Sjekkliste",
        "reason": "Grunn",
        "by": "Av",
        "before": "Før",
        "after": "Etter",
        "malform_nn": "nynorsk",
        "malform_nb": "bokmål",
        "malform_none": "ukjent målform",
        "generated": "Laget med planreview",
        "capped": "Nivået er holdt nede fordi",
    },
}

CAP_REASON = {
    "nn": {
        "planstrategi": "ein planstrategi varslar planar, men vedtek ikkje tiltak.",
        "planprogram": "eit planprogram skildrar planarbeidet, men vedtek ikkje tiltak.",
        "no_measures": "planen seier sjølv at han ikkje inneheld tiltak.",
        "no_goal": "tiltaka står ikkje under eit mål eller ein strategi for innvandrarbefolkninga.",
        "theme": "temaet gjeld det planen veit om innvandrarbefolkninga; mål høyrer til andre tema.",
    },
    "nb": {
        "planstrategi": "en planstrategi varsler planer, men vedtar ikke tiltak.",
        "planprogram": "et planprogram beskriver planarbeidet, men vedtar ikke tiltak.",
        "no_measures": "planen sier selv at den ikke inneholder tiltak.",
        "no_goal": "tiltakene står ikke under et mål eller en strategi for innvandrerbefolkningen.",
        "theme": "temaet gjelder det planen vet om innvandrerbefolkningen; mål hører til andre tema.",
    },
}

_KOMMUNE = re.compile(r"\b([A-ZÆØÅ][\wæøåÆØÅ\-]+(?:\s(?:og|i)\s[A-ZÆØÅ][\wæøåÆØÅ\-]+)?)\s+kommune\b")


def municipality_of(doc: Document) -> str | None:
    """ "Fjordvik kommune" when the title or the first pages name the municipality."""
    texts = [doc.title, *[b.text for p in doc.pages[:2] for b in p.blocks][:40]]
    for text in texts:
        m = _KOMMUNE.search(text)
        if m and m.group(1).lower() not in {"denne", "vår", "hele", "heile", "kvar", "hver", "same", "samme"}:
            return f"{m.group(1)} kommune"
    return None


def plan_municipality(doc: Document, filename: str | None = None) -> tuple[str | None, str | None]:
    """The municipality a plan is from, as (name, number): the name the plan gives («Fjordvik
    kommune») and a number printed in its first pages, completed from the municipality register
    (a known name gives the number, a known number the name); else a municipality the register
    finds named in the title and first pages («HOL KOMMUNESTYRE») or in the file name
    (``filename``, by default the plan's own)."""
    from .. import register
    from ..register import number_in_document

    name = municipality_of(doc)
    number = number_in_document(doc)
    known = register.identify(name, number)
    if known is None and name is None and number is None:
        texts = [doc.title, *[b.text for p in doc.pages[:3] for b in p.blocks]]
        known = register.named_in(texts, filename if filename is not None else doc.source)
    if known is not None and (number is None or number == known.number):
        return name or known.kommune, known.number
    return name, number


def _change_text(c: Change, cl: Checklist, lang: Lang) -> str:
    """A planner's correction as a sentence: what changed, from what to what."""
    target = c.target.split(":")[0]
    theme_id = target.split(".")[0]
    try:
        title = cl.theme(theme_id).title.get(lang)
    except StopIteration:
        title = target
    if c.target.endswith(":evidence"):
        return _t(lang, f"{title}: sitatet «{c.before}» er teke ut.", f"{title}: sitatet «{c.before}» er tatt ut.")
    if "." in target:
        return _t(
            lang,
            f"{title} ({target}): nivå {c.before} → {c.after}.",
            f"{title} ({target}): nivå {c.before} → {c.after}.",
        )
    return f"{title}: " + _t(lang, f"nivå {c.before} → {c.after}.", f"nivå {c.before} → {c.after}.")


OCR_NOTE: dict[Lang, str] = {"nn": say("ocr_note", "nn"), "nb": say("ocr_note", "nb")}
"""Said of a quote from a page read by OCR (issue 12)."""


def _t(lang: Lang, nn: str, nb: str) -> str:
    return nn if lang == "nn" else nb


def build_context(
    doc: Document,
    a: Assessment,
    cl: Checklist,
    settings: LetterSettings,
    lang: Lang,
    comparison: Comparison | None = None,
    text: PlanText | None = None,
) -> dict[str, Any]:
    """Every field the letter and report templates may use.

    ``letter_record`` is the letter's JSON record (remarks and recommendations with their
    criterion ids, and the date), or None for a regional plan, which gets no letter.
    With ``comparison`` (the earlier version compared with this one: ``review --previous``)
    the letter gets a section on the earlier letter after its introduction, the letter record
    says which recommendations were followed (``previous``), and the report shows the
    comparison (``comparison``, the view of ``render.comparison.comparison_view``). ``text`` is
    the plan's ``PlanText`` when the caller has it already (``planreview.api.Review.plan_text``).
    """
    w = WORDS[lang]
    plan_name = settings.plan_name or doc.title
    recipient = settings.recipient or plan_municipality(doc)[0] or BLANK
    kind = effective_kind(a.document.plan, settings)
    regional = kind.type_sure and kind.regional
    if text is None or text.doc is not doc or text.checklist is not cl:
        text = PlanText(doc, cl)
    letter = (
        None
        if regional
        else compose_letter(doc, a, cl, settings, lang, plan_name=plan_name, recipient=recipient, text=text)
    )
    quotes = Quotes(doc)
    ocr = doc.ocr_pages()
    themes = []
    for t in a.themes:
        th = cl.theme(t.id)
        g = th.guidance
        missing: list[str] = []
        for c in t.criteria:
            crit = cl.criterion(c.id)
            if c.level == 0 and not text.cooccurs(crit.terms):
                missing.append(crit.response.gap.get(lang))
            elif c.level == 1:
                missing.append(f"{crit.question.get(lang)} {w['mentioned_only']}")
        if t.evidence:
            no_evidence = ""
        elif any(text.cooccurs(c.terms) for c in th.criteria):
            no_evidence = w["no_evidence_check"]
        else:
            no_evidence = w["no_evidence"]
        themes.append(
            {
                "id": t.id,
                "title": th.title.get(lang),
                "level": t.level,
                "label": cl.label(t.level, lang),
                "score": t.score,
                "capped": f"{w['capped']} {CAP_REASON[lang][t.capped_by]}" if t.capped_by in CAP_REASON[lang] else "",
                "evidence": [
                    {
                        "page": e.page or w["page_unknown"],
                        "section": " › ".join(e.section[-2:]),
                        "role": ROLE_LABEL[lang].get(e.role, ROLE_LABEL[lang]["none"]),
                        "level": e.level,
                        "text": quotes.full(e),
                        "terms": ", ".join(e.terms),
                        "why": explain(e.reason, lang),
                        "ocr": OCR_NOTE[lang] if e.page_index in ocr else "",
                    }
                    for e in t.evidence
                ],
                "no_evidence": no_evidence,
                "missing": missing,
                "questions": g.questions.get(lang),
                "indicators": g.indicators.get(lang),
                "sources": g.sources_in(lang),
                "legal": g.legal_in(lang),
            }
        )
    malform = {"nn": w["malform_nn"], "nb": w["malform_nb"]}.get(a.document.malform or "", w["malform_none"])
    plan_type, stage = kind_labels(kind, lang)
    title = letter.title if letter else f"{w['report_title']} – {plan_name}"
    sections = letter.sections() if letter else []
    record = letter.to_json(settings.date) if letter else None
    view = None
    if comparison is not None:
        from .comparison import comparison_view, followup_section

        view = comparison_view(comparison, cl, lang)
        if letter is not None:
            sections.insert(1, followup_section(comparison, cl, lang, doc, letter.recommendations))
        if record is not None and comparison.advice is not None:
            advice = comparison.advice.to_json()
            record["previous"] = {"date": comparison.advice.date, **advice["summary"]}
    return {
        "lang": lang,
        "words": w,
        "county": settings.county or BLANK,
        "unit": settings.unit or BLANK,
        "address": settings.address or BLANK,
        "recipient": recipient,
        "recipient_address": settings.recipient_address or "",
        "our_ref": settings.our_ref or BLANK,
        "your_ref": settings.your_ref or BLANK,
        "date": settings.date or BLANK,
        "case_officer": settings.case_officer or BLANK,
        "contact": settings.contact or BLANK,
        "copy_to": settings.copy_to or BLANK,
        "plan_name": plan_name,
        "plan_stage": stage,
        "plan_type": plan_type,
        "regional": regional,
        "title": title,
        "sections": sections,
        "closing": w["closing"],
        "themes": themes,
        "flags": [{"id": f.id, "title": f.title, "message": f.message} for f in a.flags],
        "changes": [
            {
                "what": _change_text(c, cl, lang),
                "target": c.target,
                "before": c.before,
                "after": c.after,
                "reason": c.reason,
                "by": c.by,
            }
            for c in a.changes
        ],
        "warnings": list(a.warnings),
        "document": {
            "title": doc.title,
            "source": Path(a.document.source).name,
            "pages": a.document.pages,
            "malform": malform,
            "sha256": a.document.sha256,
        },
        "checklist": {"id": cl.id, "version": cl.version, "title": cl.title.get(lang)},
        "scale": [{"level": s.level, "label": s.label.get(lang)} for s in cl.scale],
        "letter_record": record,
        "comparison": view,
        "comparison_json": comparison.to_json() if comparison is not None else None,
    }


def letter_record(
    doc: Document, a: Assessment, cl: Checklist, settings: LetterSettings, lang: Lang, text: PlanText | None = None
) -> dict[str, Any] | None:
    """The letter's JSON record alone (``build_context(...)["letter_record"]``, without the rest
    of the view model): what ``review --format json`` needs. None for a regional plan. ``text``
    as for ``build_context``."""
    kind = effective_kind(a.document.plan, settings)
    if kind.type_sure and kind.regional:
        return None
    plan_name = settings.plan_name or doc.title
    recipient = settings.recipient or plan_municipality(doc)[0] or BLANK
    letter = compose_letter(doc, a, cl, settings, lang, plan_name=plan_name, recipient=recipient, text=text)
    return letter.to_json(settings.date)


# The fields a letter template may use (``planreview template check`` compares against these).
LETTER_FIELDS = (
    "lang",
    "words",
    "county",
    "unit",
    "address",
    "recipient",
    "recipient_address",
    "our_ref",
    "your_ref",
    "date",
    "case_officer",
    "contact",
    "plan_name",
    "plan_stage",
    "plan_type",
    "copy_to",
    "regional",
    "letter_record",
    "title",
    "sections",
    "closing",
    "themes",
    "flags",
    "changes",
    "warnings",
    "document",
    "checklist",
    "scale",
    "comparison",
    "comparison_json",
)
# Fields a letter cannot do without: without them the letter says nothing about the plan.
REQUIRED_LETTER_FIELDS = ("county", "recipient", "date", "title", "sections", "case_officer")
