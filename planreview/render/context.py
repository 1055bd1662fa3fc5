"""The view model behind the letter, the report and the Markdown: texts in nynorsk or bokmål.

Everything a template shows is prepared here, so that a county's own Word template only
places fields; plan text stays data (templates escape it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checklist import Checklist
from ..messages import Lang
from ..model import Document
from ..read.normalise import clean
from ..score import Assessment, Evidence, ThemeResult
from .reasons import explain
from .settings import BLANK, LetterSettings

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
        "no_evidence": "Planen omtalar ikkje innvandrarbefolkninga i samband med dette temaet.",
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
        "no_evidence": "Planen omtaler ikke innvandrerbefolkningen i forbindelse med dette temaet.",
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
_STAGES = [
    (re.compile(r"høy?ringsutkast", re.I), {"nn": "høyringsutkast", "nb": "høringsutkast"}),
    (re.compile(r"offentle?i?g ettersyn", re.I), {"nn": "offentleg ettersyn", "nb": "offentlig ettersyn"}),
    (re.compile(r"\bplanprogram", re.I), {"nn": "planprogram", "nb": "planprogram"}),
]


def municipality_of(doc: Document) -> str | None:
    """ "Fjordvik kommune" when the title or the first pages name the municipality."""
    texts = [doc.title, *[b.text for p in doc.pages[:2] for b in p.blocks][:40]]
    for text in texts:
        m = _KOMMUNE.search(text)
        if m and m.group(1).lower() not in {"denne", "vår", "hele", "heile", "kvar", "hver", "same", "samme"}:
            return f"{m.group(1)} kommune"
    return None


def stage_of(doc: Document, lang: Lang) -> str | None:
    text = " ".join([doc.title, *[b.text for p in doc.pages[:2] for b in p.blocks][:30]])
    for pattern, name in _STAGES:
        if pattern.search(text):
            return name[lang]
    return None


def shorten(text: str, limit: int = 220) -> str:
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def cite_page(ev: Evidence, lang: Lang, *, quote: bool = True, ocr: frozenset[int] = frozenset()) -> str:
    """Where a quote stands (page, section), and the quote; ``ocr`` holds the pages read by OCR."""
    w = WORDS[lang]
    where = f"{w['page']} {ev.page}" if ev.page else w["page_unknown"]
    if ev.section:
        where += f", «{shorten(ev.section[-1], 80)}»"
    if ev.page_index in ocr:
        where += ", " + OCR_NOTE[lang]
    if quote:
        return f"{where}: «{shorten(ev.text)}»"
    return where


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


cite = cite_page  # the former name

OCR_NOTE: dict[Lang, str] = {"nn": "lesen med OCR, kan ha lesefeil", "nb": "lest med OCR, kan ha lesefeil"}
"""Said of a quote from a page read by OCR (issue 12)."""


def _t(lang: Lang, nn: str, nb: str) -> str:
    return nn if lang == "nn" else nb


def letter_sections(
    doc: Document, a: Assessment, cl: Checklist, s: LetterSettings, lang: Lang, plan_name: str, stage: str
) -> list[Section]:
    ocr = doc.ocr_pages()

    def cite(ev: Evidence, lang: Lang, *, quote: bool = True) -> str:  # quotes from OCR'd pages say so
        return cite_page(ev, lang, quote=quote, ocr=ocr)

    county = s.county or BLANK
    n_themes = len(a.themes)
    mentioned = [t for t in a.themes if t.level >= 1]
    goals = [t for t in a.themes if t.level >= 2]
    measures = [t for t in a.themes if t.level >= 3]

    def title(t: ThemeResult) -> str:
        th = cl.theme(t.id).title
        return th.nn if lang == "nn" else th.nb

    intro = [
        _t(
            lang,
            f"Vi viser til oversendinga av {plan_name} ({stage}). {county} er høyringsinstans for kommunale planar "
            "etter plan- og bygningslova, og gir fråsegn til kommuneplanen når han ligg ute til offentleg ettersyn "
            "(§§ 5-2 og 11-14). Etter integreringslova § 4 har fylkeskommunen ansvar for det regionale "
            "integreringsarbeidet. Vi ser difor særleg på korleis planen tek omsyn til innvandrarbefolkninga.",
            f"Vi viser til oversendelsen av {plan_name} ({stage}). {county} er høringsinstans for kommunale planer "
            "etter plan- og bygningsloven, og gir uttalelse til kommuneplanen når den legges ut til offentlig ettersyn "
            "(§§ 5-2 og 11-14). Etter integreringsloven § 4 har fylkeskommunen ansvar for det regionale "
            "integreringsarbeidet. Vi ser derfor særlig på hvordan planen tar hensyn til innvandrerbefolkningen.",
        ),
        _t(
            lang,
            "Vurderinga følgjer temaa i rettleiaren for integrering av innvandrarar i kommunale planar. "
            "Merknadene er faglege råd, ikkje motsegn.",
            "Vurderingen følger temaene i veilederen for integrering av innvandrere i kommunale planer. "
            "Merknadene er faglige råd, ikke innsigelse.",
        ),
    ]
    strongest = ", ".join(title(t).lower() for t in sorted(a.themes, key=lambda t: -t.level)[:3] if t.level >= 2)
    summary = [
        _t(
            lang,
            f"Planen omtalar innvandrarbefolkninga i {len(mentioned)} av {n_themes} tema. {len(goals)} tema har mål "
            f"eller strategiar for innvandrarbefolkninga, og {len(measures)} har konkrete tiltak med ansvar, frist, "
            "ressursar eller indikator.",
            f"Planen omtaler innvandrerbefolkningen i {len(mentioned)} av {n_themes} temaer. {len(goals)} temaer har "
            f"mål eller strategier for innvandrerbefolkningen, og {len(measures)} har konkrete tiltak med ansvar, "
            "frist, ressurser eller indikator.",
        )
    ]
    if strongest:
        summary.append(_t(lang, f"Planen er sterkast på {strongest}.", f"Planen er sterkest på {strongest}."))
    if a.document.doc_type in ("planstrategi", "planprogram"):
        summary.append(
            _t(
                lang,
                "Dette er ein planstrategi eller eit planprogram; vi ventar ikkje tiltak her, men at planane som "
                "kjem, tek med innvandrarbefolkninga.",
                "Dette er en planstrategi eller et planprogram; vi venter ikke tiltak her, men at planene som "
                "kommer, tar med innvandrerbefolkningen.",
            )
        )

    praise: list[str] = []
    for t in a.themes:
        for c in t.criteria:
            if c.level >= 2 and c.evidence:
                crit = cl.criterion(c.id)
                text = crit.response.praise.nn if lang == "nn" else crit.response.praise.nb
                praise.append(f"{text} ({cite(c.evidence[0], lang, quote=False)})")
    if not praise:
        praise_par = [
            _t(
                lang,
                "Vi finn ikkje mål, strategiar eller tiltak i planen som uttrykkeleg gjeld innvandrarbefolkninga.",
                "Vi finner ikke mål, strategier eller tiltak i planen som uttrykkelig gjelder innvandrerbefolkningen.",
            )
        ]
    else:
        praise_par = [_t(lang, "Fylkeskommunen ser det som positivt at:", "Fylkeskommunen ser positivt på at:")]

    theme_sections: list[Section] = []
    for t in a.themes:
        label = cl.label(t.level, lang)
        paras: list[str] = []
        ev = t.evidence[0] if t.evidence else None
        if t.level == 0 or ev is None:
            paras.append(WORDS[lang]["no_evidence"])
        elif t.level == 1:
            paras.append(
                _t(
                    lang,
                    f"Planen omtalar innvandrarbefolkninga ({cite(ev, lang)}), "
                    "men set ikkje mål eller strategiar for henne.",
                    f"Planen omtaler innvandrerbefolkningen ({cite(ev, lang)}), "
                    "men setter ikke mål eller strategier for den.",
                )
            )
        elif t.level == 2:
            paras.append(
                _t(
                    lang,
                    f"Planen har mål eller strategiar ({cite(ev, lang)}), men ingen konkrete tiltak med ansvar, frist, "
                    "ressursar eller indikator.",
                    f"Planen har mål eller strategier ({cite(ev, lang)}), men ingen konkrete tiltak med ansvar, frist, "
                    "ressurser eller indikator.",
                )
            )
        else:
            paras.append(
                _t(
                    lang,
                    f"Planen har konkrete tiltak ({cite(ev, lang)}).",
                    f"Planen har konkrete tiltak ({cite(ev, lang)}).",
                )
            )
        if t.capped_by and t.capped_by in CAP_REASON[lang]:
            paras.append(f"{WORDS[lang]['capped']} {CAP_REASON[lang][t.capped_by]}")
        absent = sorted((c for c in t.criteria if c.level == 0), key=lambda c: -cl.criterion(c.id).weight)
        if t.level == 1:
            paras.append(
                _t(
                    lang,
                    "Vi saknar mål eller strategiar for innvandrarbefolkninga på dette feltet.",
                    "Vi savner mål eller strategier for innvandrerbefolkningen på dette feltet.",
                )
            )
        elif t.level == 2:
            paras.append(
                _t(
                    lang,
                    "Vi saknar konkrete tiltak med ansvar og frist som følgjer opp måla.",
                    "Vi savner konkrete tiltak med ansvar og frist som følger opp målene.",
                )
            )
        if t.level < 3 and absent:
            g = cl.criterion(absent[0].id).response.gap
            paras.append(g.nn if lang == "nn" else g.nb)
        theme_sections.append(Section(f"{title(t)}: {label.lower()}", tuple(paras)))

    flags = [f.message for f in a.flags]

    recs: list[str] = []
    for t in a.themes:
        if t.level >= 3:
            continue
        weak = sorted((c for c in t.criteria if c.level < 2), key=lambda c: (c.level, -cl.criterion(c.id).weight))
        for c in weak[:2]:
            r = cl.criterion(c.id).response.recommendation
            recs.append(r.nn if lang == "nn" else r.nb)
    for f in a.flags:
        fl = next(x for x in cl.flags if x.id == f.id)
        recs.append(fl.recommendation.nn if lang == "nn" else fl.recommendation.nb)
    recs = list(dict.fromkeys(recs))

    contact = s.case_officer or BLANK
    if s.contact:
        contact += f" ({s.contact})"
    help_par = [
        _t(
            lang,
            "Fylkeskommunen bidreg gjerne med statistikk og kunnskapsgrunnlag, arbeidsverkstader i planarbeidet og "
            "hjelp til å nå innvandrarar og organisasjonane deira i medverknaden. "
            f"Ta gjerne kontakt med {contact}.",
            "Fylkeskommunen bidrar gjerne med statistikk og kunnskapsgrunnlag, arbeidsverksteder i planarbeidet og "
            "hjelp til å nå innvandrere og organisasjonene deres i medvirkningen. "
            f"Ta gjerne kontakt med {contact}.",
        )
    ]

    sections = [
        Section(_t(lang, "Innleiing", "Innledning"), tuple(intro)),
        Section(_t(lang, "Samandrag", "Sammendrag"), tuple(summary)),
        Section(_t(lang, "Dette gjer planen godt", "Dette gjør planen godt"), tuple(praise_par), tuple(praise)),
        Section(
            _t(lang, "Merknader tema for tema", "Merknader tema for tema"),
            (_t(lang, "Temaa følgjer rekkjefølgja i rettleiaren.", "Temaene følger rekkefølgen i veilederen."),),
        ),
        *theme_sections,
    ]
    if flags:
        sections.append(Section(WORDS[lang]["flags"], (), tuple(flags)))
    sections += [
        Section(
            _t(lang, "Tilrådingar", "Anbefalinger"),
            (
                _t(
                    lang,
                    "Vi rår til at kommunen ser på desse punkta før planen blir vedteken:",
                    "Vi anbefaler at kommunen ser på disse punktene før planen vedtas:",
                ),
            ),
            tuple(recs),
        ),
        Section(_t(lang, "Tilbod om hjelp", "Tilbud om hjelp"), tuple(help_par)),
    ]
    return sections


def build_context(doc: Document, a: Assessment, cl: Checklist, settings: LetterSettings, lang: Lang) -> dict[str, Any]:
    """Every field the letter and report templates may use."""
    w = WORDS[lang]
    plan_name = settings.plan_name or doc.title
    stage = settings.plan_stage or stage_of(doc, lang) or BLANK
    recipient = settings.recipient or municipality_of(doc) or BLANK
    sections = letter_sections(doc, a, cl, settings, lang, plan_name, stage)
    ocr = doc.ocr_pages()
    themes = []
    for t in a.themes:
        th = cl.theme(t.id)
        g = th.guidance
        themes.append(
            {
                "id": t.id,
                "title": th.title.nn if lang == "nn" else th.title.nb,
                "level": t.level,
                "label": cl.label(t.level, lang),
                "score": t.score,
                "capped": f"{w['capped']} {CAP_REASON[lang][t.capped_by]}" if t.capped_by in CAP_REASON[lang] else "",
                "evidence": [
                    {
                        "page": e.page or w["page_unknown"],
                        "section": " › ".join(e.section[-2:]),
                        "role": ROLE_LABEL[lang].get(e.role, e.role),
                        "level": e.level,
                        "text": e.text,
                        "terms": ", ".join(e.terms),
                        "why": explain(e.reason, lang),
                        "ocr": OCR_NOTE[lang] if e.page_index in ocr else "",
                    }
                    for e in t.evidence
                ],
                "missing": [
                    (cl.criterion(c.id).response.gap.nn if lang == "nn" else cl.criterion(c.id).response.gap.nb)
                    for c in t.criteria
                    if c.level < 2
                ],
                "questions": list(g.questions.nn if lang == "nn" else g.questions.nb),
                "indicators": list(g.indicators.nn if lang == "nn" else g.indicators.nb),
                "sources": list(g.sources),
                "legal": list(g.legal),
            }
        )
    malform = {"nn": w["malform_nn"], "nb": w["malform_nb"]}.get(a.document.malform or "", w["malform_none"])
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
        "plan_name": plan_name,
        "plan_stage": stage,
        "title": f"{w['letter_kind']} – {plan_name}",
        "sections": [
            {"heading": s.heading, "paragraphs": list(s.paragraphs), "bullets": list(s.items)} for s in sections
        ],
        "closing": w["closing"],
        "themes": themes,
        "flags": [{"id": f.id, "title": f.title, "message": f.message} for f in a.flags],
        "changes": [
            {"target": c.target, "before": c.before, "after": c.after, "reason": c.reason, "by": c.by}
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
        "checklist": {"id": cl.id, "version": cl.version, "title": cl.title.nn if lang == "nn" else cl.title.nb},
        "scale": [{"level": s.level, "label": s.label.nn if lang == "nn" else s.label.nb} for s in cl.scale],
    }


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
)
# Fields a letter cannot do without: without them the letter says nothing about the plan.
REQUIRED_LETTER_FIELDS = ("county", "recipient", "date", "title", "sections", "case_officer")
