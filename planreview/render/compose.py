"""The letter's content: what a county planner writes to the municipality, by plan type and stage.

``compose_letter`` turns an assessment into a letter: an introduction (reference, plan, stage,
the county's role and legal basis), a short overall assessment, positive findings with quotes
and pages, at most six remarks ordered by what matters for this plan type, at most six
numbered recommendations that fit it, and the offer of help. It treats the scores as data:
whatever the levels and quotes are, it says only what they support.

Absence is said with care: «Vi kan ikkje sjå at …», and only after a search of the whole text
for the immigrant population together with the theme's own words (in the same paragraph,
wider than the scorer's sentence) came up empty. A theme the search contradicts is left out
of the absence remarks rather than claimed missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..checklist import Checklist, Criterion, Flag
from ..match.terms import TermMatcher
from ..match.units import split_sentences
from ..messages import Lang
from ..model import BODY_KINDS, BlockKind, Document
from ..read.normalise import clean, norm
from ..score import Assessment, Evidence, ThemeResult
from ..score.plantype import PlanKind, parse_plan_type, parse_stage
from .phrases import (
    ADVICE_OPENERS,
    KNOWN_OPENERS,
    PLAN_DEF,
    PLAN_LABEL,
    STAGE_LABEL,
    TEXTS,
    cap,
    join,
    number,
    pick,
    say,
)
from .quotes import Quotes, reads_as_sentence, shorten
from .settings import BLANK, LetterSettings

MAX_REMARKS = 6
MAX_RECOMMENDATIONS = 6
MAX_POSITIVES = 5

EARLY_TYPES = frozenset({"planstrategi", "planprogram", "planstrategi_planprogram"})
"""Plan types that hold no operative measures of their own: no goals-without-measures remarks."""
PLAN_TYPES_WITH_GOALS = frozenset({"samfunnsdel", "handlingsdel", "kommunedelplan", "temaplan", None})

_THEMATIC = (
    "law",
    "ukraine",
    "measures",
    "detail",
    "mentioned_only",
    "subject",
    "followup",
    "groups",
    "absent",
    "medverknad",
    "district",
)
"""The order for a kommunedelplan or temaplan: one field, where measures matter most."""

# Remark kinds in the order of importance per plan type (earlier = more important).
ORDER: dict[str | None, tuple[str, ...]] = {
    # a planstrategi decides which plans to make: telling immigrant groups apart is asked of those plans
    "planstrategi": (
        "law",
        "planbehov",
        "announced",
        "knowledge",
        "absent",
        "medverknad",
        "medverknad_services",
        "district",
    ),
    "planprogram": (
        "law",
        "themes_pp",
        "absent",
        "medverknad",
        "medverknad_services",
        "knowledge",
        "groups",
        "district",
    ),
    "planstrategi_planprogram": (
        "law",
        "planbehov",
        "themes_pp",
        "medverknad",
        "medverknad_services",
        "knowledge",
        "announced",
        "absent",
        "district",
    ),
    "samfunnsdel": (
        "law",
        "mentioned_only",
        "measures",
        "absent",
        "groups",
        "followup",
        "medverknad",
        "medverknad_services",
        "only_knowledge",
        "district",
    ),
    "handlingsdel": ("law", "measures", "detail", "followup", "mentioned_only", "absent", "groups", "district"),
    "kommunedelplan": _THEMATIC,
    "temaplan": _THEMATIC,
    None: (
        "law",
        "mentioned_only",
        "measures",
        "absent",
        "groups",
        "followup",
        "medverknad",
        "medverknad_services",
        "district",
    ),
}
# Which themes matter most when only some can be named in a recommendation.
THEME_PRIORITY = (
    "sysselsetting",
    "oppvekst",
    "lovgrunnlag",
    "medverknad",
    "levekar",
    "folkehelse",
    "attraktive_lokalsamfunn",
    "kultur_frivilligheit",
    "demografi",
)
# Kinds whose recommendation is a request («Vi ber om at …») on hearing.
REQUEST_KINDS = frozenset({"planbehov", "themes_pp", "knowledge"})

_PLAN_NAME = re.compile(r"(?:^|\b)(?:[\wæøåÆØÅ\-]+plan(?:en)?|[\wæøåÆØÅ\-]*strategi(?:en)?|plan|strategi)\b", re.I)
_INTEGRATION_PLAN = re.compile(
    r"\b(?:integrering|inkludering|busetj|bosett|flyktning|innvandr|mangfald|mangfold|introduksjon)", re.I
)
_HANDLINGSDEL = re.compile(
    r"handlingsdel(?:en|a)\b|handlingsprogrammet\b|handlings-\s*og\s*økonomiplan(?:en|a)\b", re.I
)
_ACTION_PARTS = {
    "handlingsdelen": re.compile(r"handlingsdel(?:en|a)\b"),
    "handlingsprogrammet": re.compile(r"handlingsprogrammet\b"),
    "handlings- og økonomiplanen": re.compile(r"handlings-\s*og\s*økonomiplan(?:en|a)\b"),
}
"""The plan's own action part, in the definite form a plan uses of its own («handlingsdelen»);
an indefinite «Felles handlingsprogram for …» in a list of sources is someone else's."""
_CAPS_THEN_TEXT = re.compile(r"((?:[\d.]+\s+)?[A-ZÆØÅ]{3,}(?:\s+[A-ZÆØÅ]{2,})*)\s+[A-ZÆØÅ]?[a-zæøå]")
_PLACES_OF_GOALS = ("goal", "strategy", "measure")
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+\s|\d+\.?\s+[A-ZÆØÅ]")
_PLAN_DOCUMENT = re.compile(r"kommuneplan|samfunnsdel|planstrategi|planprogram|handlingsdel")
_DIVERSITY = re.compile(
    r"(?:kulturelt|sosialt|etnisk) mangf[oa]ld(?:et)?\b"
    r"|(?<![\w-])mangf[oa]ld(?:et)? (?:i|blant) (?:befolkning(?:a|en)|innbyggj?ar(?:ane|ne)|samfunnet)\b"
    r"|(?<![\w-])mangf[oa]ld(?:et)?\b(?! (?:av|i|innan|innen|blant)\b)"
    r"|(?<![\w-])inkludering\b|uavhengig av (?:\w+ )?bakgrunn|ulik(?:e)? bakgrunn"
)
"""Words of diversity and inclusion that do not name the immigrant population («kulturelt mangfald»,
«mangfaldet i befolkninga», «mangfaldet er ein styrke»; not «naturmangfaldet», «eit mangfald av
tilbod», «mangfald i kultur og idrettstilbod» or «mangfaldet i befolkningens interesser»): a plan
that uses only these is told that it does not name immigrants explicitly."""
_COUNT_OR_SHARE = re.compile(r"\d\s*(?:%|prosent\b)")
_OF_PEOPLE = re.compile(r"befolkning|innbygg|kulturell|kulturelt|bakgrunn|etnisk|etnisitet|språk")
"""Words that make diversity or inclusion one of people, not of activities or interests."""
_LEGAL = re.compile(
    r"\blov\w*|\w+lov(?:a|en)?\b|vedtak|vedte|vedtatt|kommunestyre|forankr|plikt|anmod|oppmod|regional plan"
    r"|planverk|samfunnsdel|\bplan(?:en|ar|er)?\b|\w+plan(?:en)?\b|heile kommunen|hele kommunen|tverrsektor"
    r"|på tvers"
)
"""Words of law, decision and anchoring: what praise under the legal basis quotes."""
_REFUGEES = re.compile(r"flyktning|introduksjonsprogram|asylsøk", re.I)
"""Words of refugee settlement («bosetting» alone is anyone settling in the municipality)."""
_IMMIGRANTS = re.compile(r"innvandr", re.I)
"""A plan title that names immigrants (then «innvandrarbefolkninga» stays the letter's word)."""
_UKRAINE = re.compile(r"\bukrain\w*|\bfrå ukraina|\bfra ukraina", re.I)
"""Refugees from Ukraine named in the plan."""
_COLLECTIVE_PROTECTION = re.compile(r"kollektiv\w* (?:beskyttelse|vern)|midlertidig kollektiv", re.I)
"""Collective protection (kollektiv beskyttelse / kollektivt vern) named in the plan."""
_GROWTH = re.compile(
    r"befolkningsvekst|folkevekst|folketalsvekst|vekst i (?:folketal|folketall|befolkning|innbyggjartal|innbyggertall)"
    r"|(?:folketal|folketall|befolkning\w*|innbyggjartal\w*|innbyggertall\w*) (?:vil )?"
    r"(?:auke|aukar|øke|øker|vokse|veks|vokser)",
    re.I,
)
"""A plan that tells of a growing population («befolkningsvekst», «folketallet vil øke»)."""
_DECLINE = re.compile(
    r"nedgang i (?:folketal|folketall|befolkning)|(?:folketal|folketall|befolkning\w*) (?:vil )?(?:gå|går) ned"
    r"|fråflytting|fraflytting|synkande folketal|synkende folketall|befolkningsnedgang|folketalsnedgang|stagner",
    re.I,
)
"""A plan that tells of a falling or stagnating population, or of people moving away."""
_HOUSING = re.compile(r"\bbolig|\bbustad|\bhusvære|\butleig|\butleie|\bleilighet|\bhusleige|\bhusleie")
"""Words of housing in a quote for the local-community field."""
_HOUSING_FIELD = {"nn": "bustad og lokalsamfunn", "nb": "bolig og lokalsamfunn"}
_SETTLEMENT = re.compile(r"\bbusetj|\bbosett|\bbusette|\bbosatt|\bbusett")
"""Words of settling refugees in a quote for the legal-basis field."""
_LAW_WORD = re.compile(r"\w*lov(?:a|en|verk\w*)?\b|\blov om\b")
"""A law named in a quote for the legal-basis field («integreringslova», «lov om …»)."""
_LEGAL_FIELD = {
    "nn": {(True, True): "busetjing og lovverk", (True, False): "busetjing", (False, True): "lovverket"},
    "nb": {(True, True): "bosetting og lovverk", (True, False): "bosetting", (False, True): "lovverket"},
}
"""The legal-basis field named by what its quotes are about: settlement, the law, or both."""
_REFUGEE_WORD = re.compile(r"flyktning|asylsøk", re.I)
"""Refugees named as such (not only the introduction programme)."""
_OTHER_GROUPS = re.compile(r"arbeidsinnvandr|arbeidsmigra|familieinnvandr|familiegjenforen|familiesamein", re.I)
"""Labour or family immigrants named in the plan."""
_FOR_GROUP = {
    "nn": ("for innvandrarbefolkninga", "for flyktningane"),
    "nb": ("for innvandrerbefolkningen", "for flyktningene"),
}
"""What a plan for refugees is assessed for: its own group, not «the immigrant population»."""
_ALL_FIELDS = {
    "nn": ("innvandrarbefolkninga på alle", "flyktningane på alle"),
    "nb": ("innvandrerbefolkningen på alle", "flyktningene på alle"),
}
"""«omtalar … på alle felta» said of a plan for refugees."""
_NOT_SERVICES = frozenset({"lovgrunnlag", "medverknad", "demografi"})
"""Themes that are not fields of the municipality's services."""
_PLAN_PROCESS = re.compile(
    r"medvirkningsrapport|medverknadsrapport|medvirkningsaktivitet|medverknadsaktivitet|folkemøte|innbyggermøte"
    r"|innbyggjarmøte|medvirkning i planarbeidet|medverknad i planarbeidet|innspill fra innbyggerne"
    r"|innspel frå innbyggjarane|\b\d[\d ]* innspill|\b\d[\d ]* innspel|fremtidsverksted|framtidsverkstad"
    r"|dialogmøte|medvirkningsmøte|medverknadsmøte"
    # «vi har hatt egne møter og verksteder med …», «gjennomførte en ungdomspolitisk dag med deltakelse fra …»
    r"|\b(?:har hatt|har halde|har holdt|har gjennomført|har arrangert|gjennomførte|gjennomførde|arrangerte)\b"
    r"[^.]{0,40}?\b(?:møter|møte|verksted\w*|verkstad\w*|workshop\w*|\w*dag med deltak\w*|spørreundersøk\w*"
    r"|spørjeundersøk\w*|innbyggerundersøk\w*|innbyggjarundersøk\w*)",
    re.I,
)
"""Words of a plan that describes how its own process heard the inhabitants."""
_PROCESS_SECTION = re.compile(r"planprosess|\bprosess(?:en)?\b|planarbeidet|slik har vi", re.I)
"""A heading over the plan's account of its own process (not a chapter of goals for medverknad)."""
_WAS_DONE = re.compile(
    r"\b(?:har vært|har vore|har hatt|har fått|har blitt|har vorte|har gjennomført|ble|blei|vart|fikk|fekk|deltok"
    r"|heldt|holdt|gjennomførte|gjennomførde|sendte|inviterte|involverte)\b",
    re.I,
)
"""Words of what was done («har vært», «ble», «deltok»): an account of a process, not a principle."""
_PROCESS_HEADING = re.compile(r"medvirk|medverk|planprosess|prosessen|innbyggjardialog|innbyggerdialog", re.I)
"""Headings over a plan's account of its own process."""
_SERVICE = re.compile(
    r"tenest|tjenest|vaksenopplæring|voksenopplæring|\bnav\b|koordinator|konsulent|introduksjonsprogram"
)
"""Population words that name a service for immigrants rather than immigrants themselves."""
_LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=\w)")
_ETHNIC_GROUNDS = re.compile(r"\betnisitet\w*|\betnisk\w* bakgrunn|\bnasjonal bakgrunn|\bkulturell bakgrunn")
"""Ethnicity among the grounds a goal names («uavhengig av alder, kjønn og etnisitet»)."""
_AGAINST_RACISM = re.compile(r"\brasism\w*|\bdiskriminering\w*|\bhatefulle ytring\w*|\bhatytring\w*")
"""Work against racism, discrimination or hate speech."""
_RACISM_WORD = {
    "nn": {"ras": "rasisme", "dis": "diskriminering", "hat": "hatefulle ytringar"},
    "nb": {"ras": "rasisme", "dis": "diskriminering", "hat": "hatefulle ytringer"},
}
"""What a plan works against, as the letter names it (by the first letters of the plan's word)."""
_INCLUSIVE_COMMUNITY = re.compile(
    r"\binkluder(?:ande|ende) (?:og \w+ |\w+ )?(?:lokal)?(?:samfunn|fellesskap|nærmiljø|bygd|by|kommune)\w*"
    r"|\binkluder(?:t|te)(?= og respekter| i fellesskapet| i lokalsamfunnet| i samfunnet)"
    r"|\bmangf[oa]ld(?:et)? i (?:befolkning(?:a|en)|innbyggj?ar(?:ane|ne))"
)
"""An inclusive community as a goal («trygge og inkluderande lokalsamfunn», «mangfaldet i befolkninga»)."""
_INCLUSION_PIECES = ("etnis", "bakgrunn", "rasism", "diskriminering", "hatefulle", "hatytring", "inkluder", "mangf")
"""Literal text one piece of which every match of ``_INCLUSION_KINDS`` holds: a paragraph without
any is passed over with a few substring tests (cheaper than three searches)."""
_DEFINITIONS = re.compile(r"definisjon|begrep|ordforklaring|ordliste")
"""Headings of a glossary: a definition there is no goal of the plan."""
_GOAL_LABEL = re.compile(r"^(?:[\wæøå]*mål|[Mm]ålsetting|[Vv]isjon)\s*:\s*(?=[A-ZÆØÅ])")
"""A sentence the plan labels as a goal: «Samfunnsmål: Alle innbyggjarar …»."""
_INCLUSION_KINDS = (("grounds", _ETHNIC_GROUNDS), ("racism", _AGAINST_RACISM), ("community", _INCLUSIVE_COMMUNITY))
"""What a goal for all inhabitants may say that a planner credits as ground for integration work, best
first: ethnicity among the grounds for equal opportunities, work against racism or discrimination, an
inclusive community («trygge og inkluderande lokalsamfunn», «alle skal bli sett, inkludert og respektert»)."""
_COUNTY_PARTNER = re.compile(
    r"(?:samarbeid|samarbeider|samarbeide|samarbeidar|samarbeidet) (?:\w+ ){0,3}(?:med|med blant anna|mellom) "
    r"(?:\w+ ){0,4}fylkeskommunen\b|(?:saman|sammen) med fylkeskommunen\b"
)
"""The plan names the county as its partner: «Karriererettleiing blir utarbeidd i samarbeid med fylkeskommunen»."""
_REPORTS_OTHER_PLAN = re.compile(
    r"(?:\w+ ){0,2}(?:samfunnsdel|kommuneplan|planstrategi|handlingsdel)\w*\s+(?:\w+\s+)?"
    r"(?:poengterer|poengterar|sier|seier|peker|peikar|viser|understrekar|understreker|slår fast)\b"
)
"""A sentence that reports what another plan says («Samfunnsdelen poengterer også at …»)."""
_COUNTED_IN = re.compile(r"\b(?:inkludert|inkl\.|medrekna|medregnet|inklusive|iberekna|iberegnet) \w*innvandr\w*")
"""Immigration named only as a part counted in a figure («nettoflytting inkludert innvandring»)."""
_MEASURES_LATER = re.compile(
    r"\b(?:tiltak|tiltaka|tiltakene|tiltaksoversikt\w*|handlingsplan\w*)\b[^.]{0,60}?"
    r"\b(?:skal|vil|blir|er planlagt|er planlagd)\b[^.]{0,30}?\b(?:utarbeid\w*|kome|komme|lagast|lages)\b"
    r"[^.]{0,20}?\b(?:seinare|senere|i ein eigen|i en egen)"
)
"""A thematic plan that leaves its measures to later («… en tiltaksoversikt, er planlagt utarbeidet senere»)."""
_DEFERRED_PLANS = re.compile(
    r"(?:sektor|kommunedel|tema)plan\w*[^.]{0,80}?\b(?:vil|skal|kan|blir)\b[^.]{0,40}?"
    r"\b(?:seinare|senere|etter kvart|etter hvert|som eit resultat|som et resultat)",
    re.I,
)
"""A planstrategi that leaves the need for sector plans to later («Strategier for øvrige sektor- og
kommunedelplaner vil derfor komme som et resultat av …»), as a simplified planstrategi does."""
_NO_NEW_STUDIES = re.compile(
    r"\b(?:ikke|ikkje|ingen)\b(?: \w+){0,4} (?:nye|ny|egne|eigne)(?:,)?(?: \w+)? (?:utredning|utgreiing)", re.I
)
"""A planprogram that says it will make no new studies («tar ikke sikte på å gjøre nye, større utredninger»)."""
_OLD_LAW = re.compile(r"introduksjonslov(?:a|en)\b|lov om introduksjonsordning", re.I)
_NEW_LAW = re.compile(r"integreringslov(?:a|en)\b|lov om integrering", re.I)

# A measures table's column for each detail a measure needs (a column, not a word in a sentence).
_DETAIL_COLUMN = {
    "owner": re.compile(r"(?:hovud|hoved)?ansvar(?:leg|lig)?e?|ansvarleg eining|ansvarlig enhet|kven|hvem"),
    "deadline": re.compile(
        r"(?:tids)?frist|tidsplan|tidsramme|tidsperspektiv|tidspunkt|periode|når|år|gjennomføring(?:sår)?"
    ),
    "resources": re.compile(r"ressurs(?:ar|er|behov)?|budsjett|kostnad(?:ar|er)?|økonomi|finansiering"),
}
DETAIL_MIN_MEASURES = 4
"""Fewer measures than this say too little about how a plan writes its measures."""
DETAIL_MAX_SHARE = 0.25
"""A detail is missing when at most this share of the measures carries it."""

_STARTS_LOWER = re.compile(r"^[a-zæøå]")
_ENDS_SENTENCE = re.compile(r"[.!?:;]\s*$")
_INTEGRATION_WORD = r"\b(?:integrering|inkludering|busetj|bosett|flyktning|innvandr|introduksjon|mangfald|mangfold)"
_INTEGRATION_PLAN_IN_TEXT = re.compile(
    rf"{_INTEGRATION_WORD}\w*(?:s)?(?:plan|strategi)"
    rf"|(?:plan|strategi)\w* (?:for|om|mot) [^.]{{0,40}}{_INTEGRATION_WORD}",
    re.I,
)
_OTHER_SECTION = re.compile(r"føring|nasjonal|regional|plansystem|kommunal planlegging|planhierarki|plantyp")
_NOT_MUNICIPAL = re.compile(r"fylke|regional|nasjonal|statleg|statlig")
_GENERIC_PLAN = re.compile(
    r"kommuneplan|kommunedelplan for (?:tema|areal)|andre temaplan|reguleringsplan|arealplan|økonomiplan"
    r"|handlingsdel|planstrategi|planprogram|^plan$|^temaplan(?:er)?$"
)
_VERB = re.compile(r"\b(?:skal|er|vil|kan|må|bør|blir|ble|vart|har|gjer|gjør|omfatte|omfattar)\b")
_DANGLING = re.compile(
    r"\s(?:og|for|til|at|i|av|med|som|å|blir|er|eller|om|på|mot|frå|fra|ved|under|der|når|kan|skal)$", re.I
)


@dataclass(frozen=True)
class Point:
    """A positive finding, a remark or a recommendation, with what it rests on."""

    text: str
    kind: str
    criteria: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "criteria": list(self.criteria),
            "themes": list(self.themes),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Letter:
    """Everything the letter says, in one målform; ``sections`` is what a Word template loops over."""

    lang: Lang
    title: str
    kind: str
    """«fråsegn» (a hearing response) or «innspel» (input to an adopted plan's next revision)."""
    plan_type: str | None
    plan_type_label: str
    stage: str | None
    stage_label: str
    intro: tuple[str, ...]
    overall: tuple[str, ...]
    positives: tuple[Point, ...]
    remarks: tuple[Point, ...]
    recommendations_lead: str
    recommendations: tuple[Point, ...]
    help: tuple[str, ...]
    copy_to: str

    def numbered(self) -> list[str]:
        """The recommendations as the letter prints them: numbered, unless there is only one."""
        if len(self.recommendations) == 1:
            return [self.recommendations[0].text]
        return [f"{i}. {r.text}" for i, r in enumerate(self.recommendations, 1)]

    def sections(self) -> list[dict[str, Any]]:
        """Headings with paragraphs and bullets, in letter order (what the template renders)."""
        out = [
            {"heading": say("h_intro", self.lang), "paragraphs": list(self.intro), "bullets": []},
            {"heading": say("h_overall", self.lang), "paragraphs": list(self.overall), "bullets": []},
        ]
        if self.positives:
            out.append(
                {"heading": say("h_positive", self.lang), "paragraphs": [], "bullets": [p.text for p in self.positives]}
            )
        if self.remarks:
            out.append(
                {"heading": say("h_remarks", self.lang), "paragraphs": [r.text for r in self.remarks], "bullets": []}
            )
        out.append(
            {
                "heading": say("h_recs", self.lang),
                "paragraphs": [self.recommendations_lead, *self.numbered()],
                "bullets": [],
            }
        )
        out.append({"heading": say("h_help", self.lang), "paragraphs": list(self.help), "bullets": []})
        return out

    def to_json(self, date: str | None) -> dict[str, Any]:
        """The letter's record in the review JSON: what was said and on what it rests."""
        return {
            "date": date,
            "malform": self.lang,
            "title": self.title,
            "kind": self.kind,
            "plan_type": self.plan_type,
            "stage": self.stage,
            "positives": [p.to_json() for p in self.positives],
            "remarks": [r.to_json() for r in self.remarks],
            "recommendations": [{"n": i, **r.to_json()} for i, r in enumerate(self.recommendations, 1)],
        }


# --- searching the plan's whole text -------------------------------------------------------------


@dataclass
class PlanText:
    """The plan's body paragraphs (normalised) with page labels, for the letter's own searches."""

    doc: Document | None
    checklist: Checklist
    blocks: list[tuple[str, str, str | None, BlockKind]] = field(default_factory=list)
    """(original text, normalised text, page label, kind) of every body block."""
    sections: list[tuple[str, ...]] = field(default_factory=list)
    population: list[bool] = field(default_factory=list)
    """Whether each block names the immigrant population (strong or weak words)."""
    strong: list[bool] = field(default_factory=list)
    """Whether each block names the immigrant population explicitly (strong words)."""
    goalish: list[bool] = field(default_factory=list)
    """Whether each block that names the population explicitly reads as a goal, strategy or
    measure (False for the other blocks)."""
    placed: list[bool] = field(default_factory=list)
    """Whether each block that names the population explicitly reads as one of the plan's goals: it
    opens with a strategy verb, or stands under a goal, strategy or measure heading as a list item, a
    table cell or a sentence worded as a commitment. «skal» in a background chapter, and prose that
    reports figures or sums up another plan under a priorities heading, are no goals of the plan
    (False for the other blocks)."""
    inclusion: tuple[str, str | None, str] | None = None
    """A goal for all inhabitants that a planner credits as ground for integration work, though it is
    no evidence for a theme: (quote shortened around its words, page, kind), where kind is «grounds»
    (ethnicity or background among the grounds for equal opportunities: «… like moglegheiter uavhengig
    av alder, kjønn og etnisitet»), «racism» (work against racism or discrimination) or «community» (an
    inclusive community); the first kind in that order the plan has (None when it has none)."""

    def __post_init__(self) -> None:
        if self.doc is None:
            return
        cl = self.checklist
        for p in self.doc.pages:
            for b in p.blocks:
                if b.kind not in BODY_KINDS:
                    continue
                prev = self.blocks[-1] if self.blocks else None
                if (
                    prev is not None
                    and b.kind is not BlockKind.HEADING
                    and prev[3] not in (BlockKind.HEADING, BlockKind.TABLE_CELL)
                    and _STARTS_LOWER.match(b.text)
                    and not _ENDS_SENTENCE.search(prev[0])
                ):
                    # a sentence the reader split (a list item's second line, a page break): one paragraph
                    self.blocks[-1] = (f"{prev[0]} {b.text}", f"{prev[1]} {b.norm}", prev[2], prev[3])
                    continue
                self.blocks.append((b.text, b.norm, p.label, b.kind))
                self.sections.append(b.section)
        ex = cl.population_exclusions
        self.strong = []
        for _, n, _, _ in self.blocks:
            masked = ex.mask(n) if ex is not None else n
            strong = bool(cl.strong.search(masked))
            self.strong.append(strong)
            self.population.append(strong or bool(cl.weak.search(masked)))
        starts = cl.strategy_starts
        roles: dict[tuple[str, ...], str | None] = {}  # blocks of one section share its headings

        def role_of(section: tuple[str, ...]) -> str | None:
            """The innermost heading that says what this part of the plan does."""
            if section not in roles:
                roles[section] = next(
                    (name for h in reversed(section) for name, m in cl.roles if m.search(norm(h))), None
                )
            return roles[section]

        # Whether a block reads as a goal, strategy or measure matters only where it names the
        # immigrant population explicitly (see goal_quotes, goal_for): only there is it worked out.
        self.goalish = []
        self.placed = []
        for (text, n, _, kind), section, strong in zip(self.blocks, self.sections, self.strong, strict=True):
            if not strong:
                self.goalish.append(False)
                self.placed.append(False)
                continue
            toks = n.split()
            first = bool(toks and toks[0].strip("•-–*") in starts)
            under = role_of(section) in _PLACES_OF_GOALS
            sentence = reads_as_sentence(clean(text))
            committed = bool(cl.commitment.search(n))
            self.goalish.append(sentence and (first or under or committed))
            # under a goal or priorities heading, running prose is a goal only when worded as one: a paragraph
            # that reports figures or sums up another plan stands there too
            item = kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)
            self.placed.append(sentence and (first or (under and (committed or item))))
        found: dict[str, tuple[str, str | None, str]] = {}
        for (text, n, page, _), section, strong in zip(self.blocks, self.sections, self.strong, strict=True):
            if strong or not any(map(n.__contains__, _INCLUSION_PIECES)):
                continue
            if not any(rx.search(n) for _, rx in _INCLUSION_KINDS):
                continue
            if any(_DEFINITIONS.search(norm(h)) for h in section):
                continue  # a definition of «sosial berekraft» is no goal of the plan
            under = role_of(section) in _PLACES_OF_GOALS
            for sent in split_sentences(_LEADING_NUMBER.sub("", clean(text).lstrip("•-– "))):
                sn = norm(sent)
                label = _GOAL_LABEL.match(sent)
                toks = sn.split()
                first = bool(toks and toks[0].strip("•-–*") in starts)
                if not (first or label or under or cl.commitment.search(sn)) or not reads_as_sentence(sent):
                    continue
                if _PLAN_DOCUMENT.search(sn):
                    continue  # the vision of the samfunnsdel that a thematic plan cites is not its own goal
                for incl, rx in _INCLUSION_KINDS:
                    words = rx.search(sn)
                    if incl not in found and words is not None:
                        quote = sent[label.end() :] if label else sent
                        found[incl] = (shorten(quote, 260, (words.group(0),)), page, incl)
        self.inclusion = next((found[k] for k, _ in _INCLUSION_KINDS if k in found), None)

    def parts(self) -> tuple[Any, ...]:
        """What the search of the plan's text found (every field but ``doc`` and ``checklist``),
        to be sent from a helper process (``planreview.forked``); see ``from_parts``."""
        return (self.blocks, self.sections, self.population, self.strong, self.goalish, self.placed, self.inclusion)

    @classmethod
    def from_parts(cls, doc: Document, checklist: Checklist, parts: tuple[Any, ...]) -> PlanText:
        """The ``PlanText`` of ``doc`` from what ``parts`` gave for it (in another process)."""
        text = cls(None, checklist)
        text.doc = doc
        (text.blocks, text.sections, text.population, text.strong, text.goalish, text.placed, text.inclusion) = parts
        return text

    def goal_quotes(self) -> list[tuple[str, str | None]]:
        """Paragraphs that name the immigrant population explicitly and stand where the plan sets goals,
        strategies or measures, shortened around that name, with their page (what scoring may have
        missed)."""
        out: list[tuple[str, str | None]] = []
        for (text, n, page, _), strong, goal in zip(self.blocks, self.strong, self.placed, strict=True):
            if strong and goal:
                words = tuple(self.checklist.strong.find(n))
                out.append((shorten(clean(text).lstrip("•-– "), 260, words), page))
        return out

    def goal_for(self, matcher: TermMatcher | None = None) -> bool:
        """Whether a paragraph that names the immigrant population explicitly reads as a goal,
        strategy or measure (commitment wording, a strategy verb first, or under such a heading),
        with ``matcher``'s words when given: then «no goals» would be contradicted by the plan."""
        return any(
            strong and goal and (matcher is None or matcher.search(n))
            for (_, n, _, _), strong, goal in zip(self.blocks, self.strong, self.goalish, strict=True)
        )

    def first_population(self) -> str | None:
        """The page label of the first paragraph that names the immigrant population explicitly, if any
        ("?" if unknown)."""
        for (_, _, page, _), pop in zip(self.blocks, self.strong, strict=True):
            if pop:
                return page or "?"
        return None

    def cooccurs(self, matcher: TermMatcher | None) -> bool:
        """Whether one paragraph names the immigrant population and one of ``matcher``'s words."""
        if matcher is None:
            return False
        return any(pop and matcher.search(n) for (_, n, _, _), pop in zip(self.blocks, self.population, strict=True))

    def block_of(self, quote: str) -> int | None:
        """The index of the paragraph a quote comes from (its first words), if found."""
        head = norm(quote.strip("«»… "))[:50]
        return next((i for i, (_, n, _, _) in enumerate(self.blocks) if head and head in n), None)

    def weak_words(self) -> list[tuple[str, str]] | None:
        """«mangfald» and «inkludering», each with the page where the plan first uses it («?» when
        unknown), when it says such words (``Checklist.weak``) but never names the immigrant
        population; else None. Diversity said of people («mangfaldet i befolkninga») is preferred
        to any other («mangfaldet av interesser»)."""
        if any(self.strong):
            return None
        weak = self.checklist.weak
        ex = self.checklist.population_exclusions
        for people in (True, False):
            found: list[tuple[str, str]] = []
            seen: set[str] = set()
            for _, n, page, _ in self.blocks:
                n = ex.mask(n) if ex is not None else n  # «biologisk mangfald» is no diversity of people
                if people and not _OF_PEOPLE.search(n):
                    continue
                for w in [*weak.find(n), *(m.group(0) for m in _DIVERSITY.finditer(n))]:
                    if w[:6] not in seen:  # «mangfaldet» and «mangfald» are one word
                        seen.add(w[:6])
                        found.append((w, page or "?"))
            if found:
                return found[:2]
        return None

    def action_part(self) -> str:
        """What the plan calls the part that turns goals into measures, in definite form: «handlingsdelen»
        (the law's word), or the plan's own «handlingsprogrammet» / «handlings- og økonomiplanen»."""
        counts = {name: sum(bool(rx.search(n)) for _, n, _, _ in self.blocks) for name, rx in _ACTION_PARTS.items()}
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] > counts["handlingsdelen"] else "handlingsdelen"

    def anywhere(self, matcher: TermMatcher | None) -> bool:
        return matcher is not None and any(matcher.search(n) for _, n, _, _ in self.blocks)

    def find_under(self, pattern: re.Pattern[str], heading: re.Pattern[str]) -> tuple[str, str | None] | None:
        """Like ``find``, but a paragraph under a heading that ``heading`` matches comes first: where the
        plan tells of its process, not where it names a survey in passing or in its table of contents."""
        # a short paragraph that reads as a heading («Medvirkning og prosess.») starts a part of its own
        label: str | None = None
        under: list[tuple[str, ...]] = []
        for (text, _, _, kind), section in zip(self.blocks, self.sections, strict=True):
            if kind is BlockKind.HEADING:
                label = None
            elif len(text.split()) <= 6 and not _VERB.search(norm(text)):
                label = text
                under.append(section)
                continue
            under.append((*section, label) if label else section)
        for (text, _, page, _), section in zip(self.blocks, under, strict=True):
            if pattern.search(text) and any(heading.search(h) for h in section):
                return text, page
        # a part on the plan's own process («Medvirkning og prosess») tells it where it says what was done
        for (text, _, page, kind), section in zip(self.blocks, under, strict=True):
            if kind is BlockKind.HEADING or not _WAS_DONE.search(text):
                continue
            if any(_PROCESS_SECTION.search(h) for h in section):
                return text, page
        return self.find(pattern)

    def find(self, pattern: re.Pattern[str]) -> tuple[str, str | None] | None:
        for text, _, page, _ in self.blocks:
            if pattern.search(text):
                return text, page
        return None

    def county_partner(self, whole: bool) -> tuple[str, str | None] | None:
        """The first sentence in which the plan names the county as a partner in its work («i samarbeid
        med fylkeskommunen»), with its page: in a paragraph that names the immigrant population, or
        anywhere in a plan about integration (``whole``). None when there is none."""
        for (text, n, page, _), strong in zip(self.blocks, self.strong, strict=True):
            if not (strong or whole) or not _COUNTY_PARTNER.search(n):
                continue
            for sentence in split_sentences(clean(text).lstrip("•-– ")):
                if _COUNTY_PARTNER.search(norm(sentence)) and len(sentence.split()) >= 4:
                    return shorten(re.sub(r"^[\wæøå]+:\s*(?:•\s*)?", "", sentence), 260, ("fylkeskommunen",)), page
        return None

    def plan_names(self) -> list[tuple[str, str | None]]:
        """The municipal plans a planstrategi lists: list items, table cells or short lines that
        name a plan or strategy in their first words (bullets in one line are split), whole names
        only; not the plan types of the planning system, not regional or national plans."""
        out: list[tuple[str, str | None]] = []
        seen: set[str] = set()
        for (text, _, page, kind), section in zip(self.blocks, self.sections, strict=True):
            if kind is BlockKind.HEADING or any(_OTHER_SECTION.search(norm(h)) for h in section):
                continue
            for piece in re.split(r"\s*[•·▪]\s*", clean(text)):
                name = re.sub(r"\s+(?:NY|ny|\d{4}(?:\s*[-–]\s*\d{2,4})?)$", "", piece).strip(" ,;")
                n = norm(name)
                if not (6 <= len(name) <= 80) or not name[:1].isupper() or name.endswith((".", ":", "?")):
                    continue
                if ". " in name or "?" in name or "(jf" in name:
                    continue
                if not _PLAN_NAME.search(" ".join(name.split()[:4])) or _NOT_MUNICIPAL.search(n):
                    continue
                if _GENERIC_PLAN.search(n) or _VERB.search(n) or _DANGLING.search(name):
                    continue  # a sentence, a plan type, or a name cut in two by the table's layout
                if n in seen:
                    continue
                seen.add(n)
                out.append((name, page))
        return out


# --- helpers -------------------------------------------------------------------------------------------


_STRATEGY_TITLE = re.compile(r"(?<![\w-])(?!plan)\w*strategi(?:en)?\b")
_PLAN_TITLE = re.compile(r"(?<![\w-])\w*plan(?:en)?\b|plan for\b")


def is_strategy(title: str) -> bool:
    """Whether a thematic plan's title calls it a strategy («Boligsosial strategi 2022–2026»), not a plan
    («Plan for integrering», «Handlingsplan og strategi …»)."""
    n = norm(title)
    return bool(_STRATEGY_TITLE.search(n)) and not _PLAN_TITLE.search(n)


def _as_strategy(text: str) -> str:
    """A sentence about a temaplan said about a thematic strategy (both are «han»/«den»)."""
    return re.sub(r"\b([Tt])emaplan", lambda m: "Strategi" if m.group(1) == "T" else "strategi", text)


def _theme_name(cl: Checklist, theme_id: str, lang: Lang) -> str:
    th = cl.theme(theme_id)
    text = th.short.get(lang) if th.short is not None else th.title.get(lang)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _where(ev: Evidence | None, page: str | None, lang: Lang) -> str:
    label = ev.page if ev is not None else page
    return say("page", lang, page=label) if label and label != "?" else say("page_unknown", lang)


def _where_ocr(ev: Evidence, ocr: frozenset[int], lang: Lang) -> str:
    """The page of a quote, said to be read by OCR (and so perhaps misread) when it was."""
    where = _where(ev, None, lang)
    return f"{where}, {say('ocr_note', lang)}" if ev.page_index in ocr else where


def _where_heading(ev: Evidence, a: Assessment, cl: Checklist, lang: Lang, ocr: frozenset[int] = frozenset()) -> str:
    """«s. 23, under «4.5 Mangfald og inkludering»»: the page and the plan's own heading over the quote,
    so the reader sees where in the plan it stands (the letter's theme names are the checklist's).
    A heading that only says what the part does («Delmål», «Tiltak»), a lead-in that ends in mid-phrase
    («… prioritering av:») or a long one is passed over for the one above it."""
    where = _where_ocr(ev, ocr, lang)
    title = norm(a.document.title)
    for h in list(reversed(ev.section))[:2]:  # higher up, the heading says little about the quote
        heading = clean(h).rstrip(":•· ")
        caps = _CAPS_THEN_TEXT.match(heading)
        if caps:
            heading = caps.group(1)  # «3.2.4 INTRODUKSJONSPROGRAMMET» and the reader's run-on text after it
        n = norm(heading)
        words = re.findall(r"\w+", heading)
        if not heading or n == title or len(words) > 8 or _DANGLING.search(" " + heading):
            continue
        if _PLAN_DOCUMENT.search(n):
            continue  # «24 Kommuneplanens samfunnsdel»: a running head, not a heading
        numbered = bool(_SECTION_NUMBER.match(heading))
        if not numbered and len(words) <= 6 and any(m.search(n) for _, m in cl.roles):
            continue  # «Mål», «Delmål – slik vil vi ha det»: what the part does, not what it is about
        return say("under_heading", lang, where=where, heading=heading)
    return where


def _clause(text: str) -> str | None:
    """The «at»-clause of a recommendation that opens «Vi rår til at …», else None."""
    for opener in KNOWN_OPENERS:
        if text.startswith(opener):
            return text[len(opener) :]
    return None


def kind_labels(kind: PlanKind, lang: Lang) -> tuple[str, str]:
    """The plan type and stage as the letter and report name them; unsure ones are visible blanks
    («[fyll inn: plantype]», or the guess in a blank: «[fyll inn: samfunnsdel?]»)."""
    if kind.plan_type and kind.type_sure:
        plan_type = pick(PLAN_LABEL[kind.plan_type], lang)
    elif kind.plan_type:
        plan_type = say("blank_type_guess", lang, label=pick(PLAN_LABEL[kind.plan_type], lang))
    else:
        plan_type = say("blank_type", lang)
    if kind.stage and kind.stage_sure:
        stage = pick(STAGE_LABEL[kind.stage], lang)
    elif kind.stage:
        stage = say("blank_stage_guess", lang, label=pick(STAGE_LABEL[kind.stage], lang))
    else:
        stage = say("blank_stage", lang)
    return plan_type, stage


def effective_kind(kind: PlanKind | None, settings: LetterSettings) -> PlanKind:
    """The plan kind after the planner's settings (``plan_type``, ``plan_stage``), which are sure."""
    k = kind or PlanKind(None, False, None, False)
    plan_type, type_sure = k.plan_type, k.type_sure
    stage, stage_sure = k.stage, k.stage_sure
    if settings.plan_type:
        parsed = parse_plan_type(settings.plan_type)
        if parsed is not None:
            plan_type, type_sure = parsed, True
    if settings.plan_stage:
        parsed = parse_stage(settings.plan_stage)
        if parsed is not None:
            stage, stage_sure = parsed, True
    return PlanKind(plan_type, type_sure, stage, stage_sure, k.type_basis, k.stage_basis)


def subject_themes(cl: Checklist, title: str) -> list[str] | None:
    """For a temaplan: the themes its title names (None when the title names the immigrant
    population, so that every theme is its subject, or when it names none)."""
    n = norm(title)
    if cl.strong.search(n):
        return None
    found = [t.id for t in cl.themes if any(c.terms.search(n) for c in t.criteria)]
    return found or None


# --- the letter -------------------------------------------------------------------------------------------


def compose_letter(
    doc: Document | None,
    a: Assessment,
    cl: Checklist,
    s: LetterSettings,
    lang: Lang,
    *,
    plan_name: str,
    recipient: str,
    text: PlanText | None = None,
) -> Letter:
    """The letter for assessment ``a`` of ``doc`` (see the module docstring). ``text`` is the
    plan's ``PlanText`` when the caller has built it already (it takes a while on a long plan)."""
    kind = effective_kind(a.document.plan, s)
    ptype = kind.plan_type if kind.type_sure else None
    guess_type = kind.plan_type if not kind.type_sure else None
    if text is None or text.doc is not doc or text.checklist is not cl:
        text = PlanText(doc, cl)
    quotes = Quotes(doc)
    ocr_pages = doc.ocr_pages() if doc is not None else frozenset()
    plan = pick(PLAN_DEF.get(ptype, PLAN_DEF[None]), lang)
    hearing, adopted = kind.on_hearing, kind.adopted
    label, stage_label = kind_labels(kind, lang)
    muni = recipient if recipient != BLANK else ""
    bare = muni.removesuffix(" kommune").strip()
    if bare and plan_name.casefold().startswith(bare.casefold() + ":"):
        plan_name = plan_name[len(bare) + 1 :].strip()  # «Lier: Kommuneplanens samfunnsdel»: an archive's prefix
    # a thematic strategy («Boligsosial strategi …») is called what it is, not «temaplanen»
    strategy = ptype == "temaplan" and is_strategy(plan_name)
    if strategy:
        plan, label = _as_strategy(plan), _as_strategy(label)
    plan_cap = cap(plan)

    # --- title ---
    parts = [] if not muni or (bare and bare.casefold() in plan_name.casefold()) else [muni]
    kind_word = say(
        ("kind_adopted_pp" if ptype in ("planprogram", "planstrategi_planprogram") else "kind_adopted")
        if adopted
        else "kind_hearing",
        lang,
    )
    # «… 2040 - høringsutkast» names its stage already
    stage_part = (
        [] if stage_label.casefold() in plan_name.casefold() or _names_stage(plan_name, kind) else [stage_label]
    )
    title = " – ".join([*parts, plan_name, *stage_part, kind_word])

    # --- introduction ---
    date = say("blank_date", lang)
    ref = say("ref_your", lang, ref=s.your_ref) if s.your_ref else ""
    if adopted:
        # «Kommuneplanens samfunnsdel 2021–2040» (kommuneplanens samfunnsdel) says the type twice
        typed = label.casefold() in plan_name.casefold()
        opening = say("intro_adopted_named" if typed else "intro_adopted", lang, label=label, plan=plan_name)
    elif kind.stage_sure and kind.stage == "offentleg_ettersyn":
        opening = say("intro_ettersyn", lang, date=date, ref=ref, label=label, plan=plan_name)
    elif hearing:
        key = "intro_hearing_ps" if ptype in ("planstrategi", "planstrategi_planprogram") else "intro_hearing"
        opening = say(key, lang, date=date, ref=ref, label=label, plan=plan_name)
    else:
        opening = say("intro_unsure", lang, label=label, plan=plan_name, stage=stage_label)
    law_type = ptype or guess_type
    if law_type in (None, "regional_planstrategi", "regional_plan"):
        law = say("blank_law", lang)
    else:
        law = say("law_strategy" if strategy else f"law_{law_type}", lang)
        if ptype is None and guess_type is not None:
            law += say("confirm_type", lang, label=pick(PLAN_LABEL[guess_type], lang))
    stage_note = ""
    if adopted:
        stage_note = say(
            "stage_adopted_ps"
            if ptype == "planstrategi"
            else "stage_adopted_pp"
            if ptype in ("planprogram", "planstrategi_planprogram")
            else "stage_adopted",
            lang,
        )
    elif hearing:
        if ptype in ("samfunnsdel", "kommunedelplan"):
            stage_note = say("stage_hearing_kp", lang)
        elif ptype in ("planprogram", "planstrategi_planprogram"):
            stage_note = say("stage_hearing_pp", lang)
        elif ptype == "planstrategi":
            stage_note = say("stage_hearing_ps", lang)
    this = say("this_adopted" if adopted else "this_hearing" if hearing else "this_unsure", lang)
    role = say("role", lang, this=this, plan=plan)
    if not adopted and ptype in ("samfunnsdel", "kommunedelplan"):
        # motsegn can be raised against a kommuneplan on hearing (samfunnsdel, kommunedelplan), not against a
        # planstrategi, a handlingsdel, a temaplan outside the planning act or an adopted plan
        role += " " + say("no_objection", lang)
    role += " " + say("regional_basis", lang, basis=s.regional_basis or say("blank_regional", lang))
    intro = [opening, f"{law} {stage_note}".strip(), role]

    # --- what the scores say ---
    themes = list(a.themes)
    # the field is named by what its quotes are about: housing quotes make «attraktive lokalsamfunn»
    # «bustad og lokalsamfunn», which a municipality recognises in them
    housing = any(
        _HOUSING.search(norm(e.text)) for t in themes if t.id == "attraktive_lokalsamfunn" for e in t.evidence
    )

    # likewise the legal basis: by the settlement and the law its quotes name, else «forankringa av …»
    legal = [norm(e.text) for t in themes if t.id == "lovgrunnlag" for e in t.evidence]
    settles = any(_SETTLEMENT.search(q) for q in legal)
    laws = any(_LAW_WORD.search(q) for q in legal)

    def name_of(theme_id: str) -> str:
        if theme_id == "attraktive_lokalsamfunn" and housing:
            return _HOUSING_FIELD[lang]
        if theme_id == "lovgrunnlag" and (settles or laws):
            return _LEGAL_FIELD[lang][(settles, laws)]
        return _theme_name(cl, theme_id, lang)

    total = len(themes)
    subject = subject_themes(cl, plan_name) if ptype in ("temaplan", "kommunedelplan") else None
    # a mention counts when a quote names the immigrant population itself, not only «etnisitet» or «mangfald»
    set_by_planner = {c.target for c in a.changes}  # a planner's level is trusted as it stands
    # in a plan named after the population («Plan for busetjing og integrering av flyktningar») every
    # measure is one for it, whether or not the sentence names it again
    whole = ptype in ("temaplan", "kommunedelplan", "handlingsdel") and bool(cl.strong.search(norm(plan_name)))
    mentioned = [
        t
        for t in themes
        if t.level >= 1 and (whole or t.id in set_by_planner or _names_population(t, cl, any_level=True))
    ]
    # the letter calls a field's goal one «for the immigrant population» only when a quote names it
    # («verdsetting av kulturelt mangfald» for all pupils is no goal for immigrant children)
    goals = [t for t in themes if t.level >= 2 and (whole or t.id in set_by_planner or _names_population(t, cl))]
    measures = [t for t in goals if t.level >= 3]
    # an adopted planstrategi is not asked to change: the next one is
    ps = say("ps_next" if adopted and ptype in ("planstrategi", "planstrategi_planprogram") else "ps_this", lang)
    absent = [t for t in themes if t.level == 0 and not _contradicted(text, cl, t)]
    if subject is not None:
        absent = [t for t in absent if t.id in subject or t.id == "medverknad"]
    used_quotes: set[str] = set()
    # the fields with goals whose measures scoring missed but the text shows (a paragraph with the
    # population, the field's words, an owner and a deadline or resources), searched for once
    in_text = {t.id for t in goals if t not in measures and _cooccurs_measure(text, cl, t.id)}
    no_measure = [
        t
        for t in themes
        if ptype not in EARLY_TYPES and t.level == 2 and t.capped_by is None and t.id not in in_text and t in goals
    ]
    medverknad = next((t for t in themes if t.id == "medverknad"), None)
    # the plan names the immigrant population in its medverknad only through the services that work with it
    via_services = medverknad is not None and _heard_through_services(medverknad, cl)
    # and when those services are all for refugees («flyktningtenesta»), the letter says so
    refugee_services = (
        medverknad is not None and via_services and _heard_through_services(medverknad, cl, _REFUGEE_WORD)
    )

    overall: list[str] = []
    if not mentioned:
        first = text.first_population()
        if first is not None and doc is not None:
            overall.append(
                say("ov_brief", lang, Plan=plan_cap, where=_where(None, first, lang), total=number(total, lang))
            )
        else:
            weak = text.weak_words()
            if weak is not None:
                if len({p for _, p in weak}) == 1:
                    words = f"{join([f'«{w}»' for w, _ in weak], lang)} ({_where(None, weak[0][1], lang)})"
                else:
                    words = join([f"«{w}» ({_where(None, p, lang)})" for w, p in weak], lang)
                overall.append(say("ov_weak_only", lang, Plan=plan_cap, words=words))
            else:
                overall.append(say("ov_none", lang, plan=plan))
    else:

        def field_names(ts: list[ThemeResult]) -> str:
            return join([name_of(t.id) for t in ts], lang)

        if ptype in EARLY_TYPES and goals and len(goals) == len(mentioned) < total:
            pass  # «legg opp til innsats … innan X» below says it; «omtalar … X» would say it twice
        elif len(mentioned) == total:
            overall.append(say("ov_mentioned_all", lang, Plan=plan_cap))
        else:
            overall.append(say("ov_mentioned", lang, Plan=plan_cap, themes=field_names(mentioned)))
        if ptype in EARLY_TYPES:
            # naming the refugee service in the medverknad plan is no «innsats for innvandrarbefolkninga»
            efforts = [t for t in goals if t.id != "medverknad"]
            if efforts:
                overall.append(say("ov_effort", lang, themes=field_names(efforts), Plan=plan_cap))
            if len(efforts) < len(goals):
                key = "ov_medverknad_too" if efforts else "ov_medverknad"
                overall.append(say(key + ("_services" if via_services else ""), lang, Plan=plan_cap))
        elif not goals:
            if not text.goal_for():
                overall.append(say("ov_no_goals", lang))
        else:
            all_goals = len(goals) == len(mentioned) >= 3  # «på alle desse felta» is not said of two
            head = say("ov_goals_all" if all_goals else "ov_goals", lang, themes=field_names(goals), plan=plan)
            if measures and all_goals and len(measures) == len(goals):
                head += say("ov_goals_measures_all", lang)
            elif measures:
                # the fields with measures first; the goals without measures after, so no field is named twice
                # a field whose measures the text shows is named with the measures (not medverknad: an
                # interpreter at a school meeting is no measure for participation in the plan)
                shown = [t for t in goals if t in measures or (t.id != "medverknad" and t.id in in_text)]
                # the goals without measures, «men ikkje konkrete tiltak» only where the text does not show one
                rest = [t for t in goals if t not in shown and t.id not in in_text]
                unsure = [t for t in goals if t not in shown and t not in rest]
                head = say("ov_measures", lang, themes=field_names(shown))
                head += say("ov_measures_goals_too", lang, themes=field_names(rest)) if rest else "."
                if unsure:
                    head += " " + say("ov_goals_too", lang, themes=field_names(unsure))
            elif any(t.capped_by is None for t in goals) and not no_measure:
                # a samfunnsdel sets goals; its measures belong in the handlingsdel (the remarks say it otherwise)
                head += say("ov_goals_handlingsdel" if ptype == "samfunnsdel" else "ov_goals_no_measures", lang)
            else:
                head += "."
            overall.append(head)
    if ptype is not None and ptype not in ("regional_planstrategi", "regional_plan"):
        if ptype in ("temaplan", "kommunedelplan") and subject is None and cl.strong.search(norm(plan_name)):
            overall.append(say("expect_integration_plan", lang))
        elif ptype == "samfunnsdel" and goals:
            pass  # «this is where goals for integration belong» is a lecture to a plan that has them
        elif ptype in ("temaplan", "kommunedelplan") and (later := text.find(_MEASURES_LATER)) is not None:
            # a plan that leaves its measures to a later plan is not asked for them now
            overall.append(say("expect_measures_later", lang, Plan=plan_cap, where=_where(None, later[1], lang)))
        else:
            expect = say(f"expect_{'temaplan' if ptype == 'kommunedelplan' else ptype}", lang)
            overall.append(_as_strategy(expect) if strategy else expect)

    # --- positive findings ---
    positives: list[Point] = []
    pos_keys: list[str] = []
    used_blocks: set[int | None] = set()
    ranked = sorted(goals, key=lambda t: (-t.level, themes.index(t)))
    for t in ranked:
        # praise under legal basis quotes a law, a decision or the anchoring, not a routine with IMDi
        keep = _LEGAL if t.id == "lovgrunnlag" else None
        found = _best(t, t.level, used_quotes, quotes, cl.strong, cl, keep)
        key = "pos_measure" if t.level >= 3 else ("pos_effort" if ptype in EARLY_TYPES else "pos_goal")
        if found is not None and key == "pos_measure" and not _committed(found[0], cl):
            # a routine described («Koordinatoren vurderer …») is no measure to praise: a goal the plan
            # commits to on the field is the better quote
            alt = _best(t, 2, used_quotes, quotes, cl.strong, cl, keep)
            if alt is not None and _committed(alt[0], cl):
                found, key = alt, "pos_goal"
        if key == "pos_effort" and t.id == "medverknad":
            # a meeting with the refugee service is not an effort «for» immigrants, nor immigrants heard
            key = "pos_medverknad_services" if via_services else "pos_medverknad"
        theme = name_of(t.id)
        if found is None:
            continue
        ev, q = found
        block = text.block_of(q)
        if block is not None and block in used_blocks:
            continue  # two sentences of one paragraph are one finding, not two
        used_blocks.add(block)
        used_quotes.add(q)
        # the same finding on the next field is not said in full again: «Det same gjeld …», «Likeins innan …»
        run = 0
        while run < len(pos_keys) and pos_keys[-1 - run] == key:
            run += 1
        pos_keys.append(key)
        key_said = key if run == 0 else ("pos_same", "pos_likewise", "pos_further", "pos_also")[min(run, 4) - 1]
        positives.append(
            Point(
                say(
                    key_said,
                    lang,
                    Plan=plan_cap,
                    plan=plan,
                    theme=theme,
                    quote=q,
                    where=_where_heading(ev, a, cl, lang, ocr_pages),
                ),
                "positive",
                tuple(c.id for c in t.criteria if c.level >= 2),
                (t.id,),
            )
        )
        if len(positives) >= MAX_POSITIVES:
            break
    announced = text.plan_names() if ptype in ("planstrategi", "planstrategi_planprogram") else []
    integration_plans = [(n, p) for n, p in announced if _INTEGRATION_PLAN.search(n)]
    for name, page in integration_plans[:2]:
        positives.append(Point(say("pos_plan_announced", lang, name=name, where=_where(None, page, lang)), "plan"))
    if not goals and ptype not in EARLY_TYPES:
        for quote, page in text.goal_quotes()[:2]:
            if quote in used_quotes:
                continue
            used_quotes.add(quote)
            positives.append(
                Point(
                    say(
                        "pos_goal_text_more" if any(p.kind == "goal_text" for p in positives) else "pos_goal_text",
                        lang,
                        plan=plan,
                        quote=quote,
                        where=_where(None, page, lang),
                    ),
                    "goal_text",
                )
            )
    if text.inclusion is not None and ptype not in EARLY_TYPES and len(positives) < MAX_POSITIVES:
        quote, page, incl = text.inclusion
        against = [_RACISM_WORD[lang][m.group(0)[:3]] for m in _AGAINST_RACISM.finditer(norm(quote))]
        words = join(list(dict.fromkeys(against)), lang)
        # a samfunnsdel's goal against racism or of inclusion for all is said where it has little else to
        # praise: it sets the goals for all inhabitants (a thematic plan's goals are its field's)
        if quote not in used_quotes and (incl == "grounds" or (len(positives) < 2 and ptype == "samfunnsdel")):
            used_quotes.add(quote)
            positives.append(
                Point(
                    say(
                        f"pos_inclusion_{incl}" + ("" if positives else "_first"),
                        lang,
                        plan=plan,
                        quote=quote,
                        words=words,
                        where=_where(None, page, lang),
                    ),
                    "inclusion",
                )
            )
    if len(positives) < 2:
        for t in sorted((t for t in mentioned if t.level == 1), key=lambda t: themes.index(t)):
            found = _best(t, 1, used_quotes, quotes)
            if found is None or not cl.strong.search(norm(found[1])):
                continue  # a mention is quoted only where the quote itself names the immigrant population
            if _REPORTS_OTHER_PLAN.match(norm(found[1].lstrip("«…» "))):
                continue  # what the plan reports from another plan («Samfunnsdelen poengterer …») is not its own
            if not cl.strong.search(_COUNTED_IN.sub(" ", norm(found[1]))):
                continue  # «nettoflytting inkludert innvandring»: immigration counted in a figure, no mention to credit
            ev, q = found
            block = text.block_of(q)
            if block is not None and block in used_blocks:
                continue
            used_blocks.add(block)
            used_quotes.add(q)
            positives.append(
                Point(
                    say(
                        "pos_mention_more" if any(p.kind == "mention" for p in positives) else "pos_mention",
                        lang,
                        plan=plan,
                        Plan=plan_cap,
                        theme=name_of(t.id),
                        quote=q,
                        where=_where_ocr(ev, ocr_pages, lang),
                    ),
                    "mention",
                    tuple(c.id for c in t.criteria if c.level >= 1),
                    (t.id,),
                )
            )
            if len(positives) >= 2:
                break

    # --- remarks and their recommendations ---
    cands: dict[str, tuple[Point, list[Point]]] = {}
    flags = {f.id: f for f in a.flags}
    flag_by_kind: dict[str, Flag] = {f.kind: f for f in cl.flags if f.id in flags}

    def own(sentence: str) -> str:
        """A checklist sentence about «planen» said about this plan («samfunnsdelen», …)."""
        return re.sub(r"\bplanen\b", plan, sentence, count=1) if plan != "planen" else sentence

    # a growing town is not asked to keep its immigrants from moving away (secondary migration is a
    # rural municipality's worry): the population grows, and nothing says it falls
    growing = text.find(_GROWTH) is not None and text.find(_DECLINE) is None

    def crit_recs(theme_ids: list[str], limit: int) -> list[Point]:
        out: list[Point] = []
        for tid in sorted(theme_ids, key=_theme_rank):
            t = a.theme(tid)
            title = norm(plan_name)
            weak = sorted(
                (c for c in t.criteria if c.level < 2 and not (c.id == "demografi.bli_buande" and growing)),
                key=lambda c: (not cl.criterion(c.id).terms.search(title), c.level, -cl.criterion(c.id).weight),
            )
            if not weak:
                continue
            crit: Criterion = cl.criterion(weak[0].id)
            rec = crit.response.recommendation.get(lang)
            if ptype == "samfunnsdel" and crit.id.endswith(".tiltak"):
                # a samfunnsdel sets goals: the measures it is asked for belong in the action part
                # (named as the plan names it below, with the letter's other «handlingsdelen»)
                rec = re.sub(r"\bplanen\b", "handlingsdelen", rec, count=1)
            elif ptype == "samfunnsdel":
                # «… set mål for X, med tiltak for Y»: the goals here, the measures in the action part
                rec = rec.replace(", med tiltak ", say("sd_measures_in_action_part", lang), 1)
            out.append(Point(own(rec), "criterion", (crit.id,), (tid,)))
            if len(out) >= limit:
                break
        return out

    def crits_of(ts: list[ThemeResult]) -> tuple[str, ...]:
        return tuple(c.id for t in ts for c in t.criteria)

    names = [name_of(t.id) for t in absent]
    if absent:
        # with nothing mentioned at all, the overall assessment says so once; the asks remain
        needs = [t for t in absent if t.id not in ("lovgrunnlag", "medverknad", "demografi")]
        top = join([name_of(t.id) for t in sorted(needs, key=lambda t: _theme_rank(t.id))[:3]], lang)
        remark = (
            say("rm_absent", lang, plan=plan, themes=join(names, lang))
            if mentioned
            else say("rm_absent_none", lang, themes=top)
            if ptype not in EARLY_TYPES and needs
            else ""
        )
        cands["absent"] = (
            Point(remark, "absent", crits_of(absent), _ids(absent)),
            crit_recs([t.id for t in absent], 2 if mentioned else 3) if ptype not in EARLY_TYPES else [],
        )

    # a field whose quote the letter praises as a goal is not said to have none
    praised = [norm(p.text) for p in positives if p.kind == "goal_text"]
    only_mentioned = [
        t
        for t in mentioned
        if t not in goals
        and (subject is None or t.id in subject)
        and not any(text.goal_for(c.terms) for c in cl.theme(t.id).criteria)
        and not any(norm(e.text)[:60] in q for e in t.evidence for q in praised)
    ]
    if only_mentioned and ptype in PLAN_TYPES_WITH_GOALS:
        pages: list[str] = []
        for t in only_mentioned:
            # the page where the plan names the immigrant population on this field
            lead_ev = next((e for e in t.evidence if cl.strong.search(norm(e.text))), None)
            if lead_ev is not None and lead_ev.page and lead_ev.page not in pages:
                pages.append(lead_ev.page)
        pages.sort(key=lambda p: (not p.isdigit(), int(p) if p.isdigit() else 0, p))
        where = say("page", lang, page=join(pages[:4], lang)) if pages else say("page_unknown", lang)
        cands["mentioned_only"] = (
            Point(
                say(
                    "rm_mentioned_only",
                    lang,
                    Plan=plan_cap,
                    themes=join([name_of(t.id) for t in only_mentioned], lang),
                    where=where,
                    field=say("field_one" if len(only_mentioned) == 1 else "field_many", lang),
                ),
                "mentioned_only",
                crits_of(only_mentioned),
                _ids(only_mentioned),
            ),
            crit_recs([t.id for t in only_mentioned], 2),
        )

    if no_measure:
        tnames = join([name_of(t.id) for t in no_measure], lang)
        same = [t.id for t in no_measure] == [t.id for t in goals]  # the overall assessment named them already
        sty2 = flag_by_kind.get("no_measures")
        if ptype == "samfunnsdel":
            remark = say("rm_goals_no_measures_sd_same" if same else "rm_goals_no_measures_sd", lang, themes=tnames)
            named = text.find(_HANDLINGSDEL)
            if named is not None:
                remark += say("rm_handlingsdel_named", lang, where=_where(None, named[1], lang))
            rec = Point(say("rec_measures_sd", lang), "measures")
        else:
            remark = say(
                "rm_goals_no_measures_same" if same else "rm_goals_no_measures", lang, Plan=plan_cap, themes=tnames
            )
            rec = Point(
                sty2.recommendation.get(lang) if sty2 else say("rec_measures_sd", lang),
                "measures",
                flags=(sty2.id,) if sty2 else (),
            )
        cands["measures"] = (Point(remark, "measures", crits_of(no_measure), _ids(no_measure)), [rec])

    if ptype in ("temaplan", "kommunedelplan", "handlingsdel") and measures:
        # a plan of measures is followed up through them: each needs an owner, a deadline, resources
        missing, none = missing_details(a, text)
        if missing:
            details = [say(f"detail_{d}", lang) for d in missing]
            remark = say("rm_detail_none" if none else "rm_detail", lang, details=join(details, lang, "eller"))
            cands["detail"] = (
                Point(remark, "detail", themes=_ids(measures)),
                [Point(say("rec_detail", lang, details=join(details, lang)), "detail", themes=_ids(measures))],
            )

    def flag_point(kind_name: str, ok: bool) -> None:
        f = flag_by_kind.get(kind_name)
        if f is None or not ok:
            return
        recs = (
            []
            if ptype in EARLY_TYPES
            else [Point(own(f.recommendation.get(lang)), _FLAG_KIND[kind_name], flags=(f.id,))]
        )
        cands[_FLAG_KIND[kind_name]] = (Point(own(f.message.get(lang)), _FLAG_KIND[kind_name], flags=(f.id,)), recs)

    grp = flag_by_kind.get("undifferentiated")
    dis = flag_by_kind.get("no_district_link")
    if ptype != "planstrategi" and mentioned:
        flag_point("undifferentiated", grp is not None and not text.anywhere(grp.terms))
        if "groups" in cands and text.find(_REFUGEE_WORD) is not None and text.find(_OTHER_GROUPS) is None:
            # a plan that names refugees is told which groups it leaves out, not that it names none
            point, its = cands["groups"]
            cands["groups"] = (replace(point, text=say("rm_groups_refugees_only", lang, Plan=plan_cap)), its)
        # a temaplan on another subject is not asked about population decline and labour
        flag_point("no_district_link", dis is not None and subject is None and not text.cooccurs(dis.terms))
    if ptype not in EARLY_TYPES:
        flag_point("no_followup", bool(goals) and not _cooccurs_followup(text, cl))
        if "mentioned_only" not in cands:
            flag_point("only_knowledge", True)

    if subject is not None:
        weak_subject = [x for x in subject if a.theme(x).level < 2]
        if weak_subject:
            cands["subject"] = (Point("", "subject"), crit_recs(weak_subject, 2))

    if medverknad is not None and medverknad in absent:
        if ptype == "planstrategi":
            m_recs = [
                Point(
                    # the plans of the period are made before the next planstrategi: the ask is theirs
                    say("rec_medverknad_ps_adopted", lang) if adopted else say("rec_medverknad_ps", lang, ps=ps),
                    "medverknad",
                    crits_of([medverknad]),
                    ("medverknad",),
                )
            ]
            remark_text = say("rm_medverknad", lang, plan=plan)
        elif ptype in EARLY_TYPES:
            m_recs = crit_recs(["medverknad"], 1)
            remark_text = say("rm_medverknad", lang, plan=plan)
        else:
            process = text.find_under(_PLAN_PROCESS, _PROCESS_HEADING)
            if process is not None:
                # «no immigrants in the process» next to the plan's own account of its process is said with it
                remark_text = say(
                    # an adopted plan's process is over: asked for the next one, not for a report of the last
                    "rm_medverknad_general_adopted" if adopted else "rm_medverknad_general",
                    lang,
                    Plan=plan_cap,
                    where=_where(None, process[1], lang),
                )
            else:
                # a plan that tells nothing of its process is not said to have left immigrants out of it
                remark_text = say("rm_medverknad_untold", lang, plan=plan)
            m_recs = crit_recs(["medverknad"], 1)
        cands["medverknad"] = (Point(remark_text, "medverknad", crits_of([medverknad]), ("medverknad",)), m_recs)
        if "absent" in cands:
            rest = [t for t in absent if t.id != "medverknad"]
            point, its = cands["absent"]
            text_rest = join([name_of(t.id) for t in rest], lang)
            cands["absent"] = (
                replace(
                    point,
                    criteria=crits_of(rest),
                    themes=_ids(rest),
                    text=say("rm_absent", lang, plan=plan, themes=text_rest)
                    if point.text and rest and mentioned
                    else point.text
                    if not mentioned
                    else "",
                ),
                its,
            )

    # medverknad only through the services («møte med flyktningtenesta»): immigrants to be heard themselves
    if medverknad is not None and medverknad.level >= 1 and via_services:
        ids = crits_of([medverknad])
        cands["medverknad_services"] = (
            Point("", "medverknad_services", ids, ("medverknad",)),
            [Point(say("rec_medverknad_services", lang), "medverknad_services", ids, ("medverknad",))],
        )

    if ptype in ("planstrategi", "planstrategi_planprogram"):
        contradicted = integration_plans or text.find(_INTEGRATION_PLAN_IN_TEXT)
        if not contradicted:
            # the plan's own word that integration needs attention makes the remark its own
            need = next(
                (
                    (wq, e)
                    for t in themes
                    for e in t.evidence
                    if e.reason is not None
                    and e.reason.capped_by == "wish"
                    and cl.strong.search(norm(e.text))
                    and (wq := quotes.readable(e)) is not None
                ),
                None,
            )
            remark = say("rm_planbehov", lang)
            rec_key = "rec_planbehov" if announced else "rec_planbehov_none_listed"
            deferred = text.find(_DEFERRED_PLANS)
            if deferred is not None:
                # a simplified planstrategi leaves the other plans to later: asked to weigh integration then
                remark = say("rm_planbehov_deferred", lang, where=_where(None, deferred[1], lang))
                rec_key = "rec_planbehov_deferred"
            elif need is not None:
                wish, e = need
                remark = say("rm_planbehov_own", lang, quote=wish, where=_where(None, e.page, lang))
                used_quotes.add(wish)
            cands["planbehov"] = (
                Point(
                    remark,
                    "planbehov",
                    crits_of([a.theme("lovgrunnlag")]) if any(t.id == "lovgrunnlag" for t in themes) else (),
                ),
                # «i dei sektorplanane som skal reviderast» only where the planstrategi lists plans
                [Point(say(rec_key, lang, ps=ps), "planbehov")],
            )
        low = {t.id for t in themes if t.level < 2}
        chosen: list[tuple[str, str | None, str]] = []
        for name, page in announced:
            if _INTEGRATION_PLAN.search(name):
                continue
            hit = next(
                (t.id for t in cl.themes if t.id in low and any(c.terms.search(norm(name)) for c in t.criteria)),
                None,
            )
            if hit is not None and all(hit != c[2] for c in chosen):
                chosen.append((name, page, hit))
            if len(chosen) >= 4:
                break
        if len(chosen) >= 2:
            on_pages: list[str | None] = list(dict.fromkeys(p for _, p, _ in chosen))
            if len(on_pages) == 1:
                listed = join([f"«{n}»" for n, _, _ in chosen], lang) + f" ({_where(None, on_pages[0], lang)})"
            else:
                listed = join([f"«{n}» ({_where(None, p, lang)})" for n, p, _ in chosen], lang)
            plain = join([f"«{n}»" for n, _, _ in chosen], lang)
            ids = tuple(x[2] for x in chosen)
            cands["announced"] = (
                Point(say("rm_announced", lang, plans=listed), "announced", themes=ids),
                [
                    Point(
                        say("rec_announced_adopted" if adopted else "rec_announced", lang, plans=plain),
                        "announced",
                        themes=ids,
                    )
                ],
            )

    # a planprogram that will make no new studies is asked for figures that exist, not for a study
    no_studies = ptype in ("planprogram", "planstrategi_planprogram") and text.find(_NO_NEW_STUDIES) is not None
    absent_most = say("rm_absent_most", lang, plan=plan)
    if ptype in EARLY_TYPES:
        demografi = next((t for t in themes if t.id == "demografi"), None)
        knowledge_key = "rec_knowledge_ps" if ptype == "planstrategi" else "rec_knowledge_pp"
        if knowledge_key == "rec_knowledge_pp" and no_studies:
            knowledge_key = "rec_knowledge_existing"
        if demografi is not None and demografi in absent:
            if "absent" in cands:
                rest = [t for t in absent if t.id not in ("demografi", "medverknad")]
                point, its = cands["absent"]
                cands["absent"] = (
                    replace(
                        point,
                        # most fields absent in an early plan: one sentence, not a list of seven
                        text=absent_most
                        if point.text and len(rest) >= 5
                        else say("rm_absent", lang, plan=plan, themes=join([name_of(t.id) for t in rest], lang))
                        if point.text and rest
                        else "",
                    ),
                    its,
                )
            cands["knowledge"] = (
                Point(say("rm_knowledge", lang, plan=plan), "knowledge", crits_of([demografi]), ("demografi",)),
                [Point(say(knowledge_key, lang), "knowledge", crits_of([demografi]), ("demografi",))],
            )
        elif demografi is not None:
            # no remark, but the knowledge base can still be asked for
            cands["knowledge"] = (
                Point("", "knowledge"),
                [Point(say(knowledge_key, lang), "knowledge", crits_of([demografi]), ("demografi",))],
            )

    if ptype in ("planprogram", "planstrategi_planprogram"):
        low_themes = [t for t in themes if t.level < 2 and t.id not in ("demografi", "medverknad", "lovgrunnlag")]
        focus = join([name_of(t.id) for t in sorted(low_themes, key=lambda t: _theme_rank(t.id))[:3]], lang)
        remark = say("rm_themes_pp_none", lang) if not mentioned else ""
        if focus:
            cands["themes_pp"] = (
                Point(remark, "themes_pp", crits_of(low_themes), _ids(low_themes)),
                [
                    Point(
                        say("rec_themes_existing" if no_studies else "rec_themes_pp", lang, themes=focus),
                        "themes_pp",
                        crits_of(low_themes),
                        _ids(low_themes),
                    )
                ],
            )

    # A plan that still builds on the law integreringslova replaced (1 January 2021).
    old_law = text.find(_OLD_LAW)
    if old_law is not None and text.find(_NEW_LAW) is None:
        lovgrunnlag = [t for t in themes if t.id == "lovgrunnlag"]
        cands["law"] = (
            Point(
                say("rm_old_law", lang, Plan=plan_cap, where=_where(None, old_law[1], lang)),
                "law",
                crits_of(lovgrunnlag),
                ("lovgrunnlag",),
            ),
            [Point(say("rec_old_law", lang), "law", crits_of(lovgrunnlag), ("lovgrunnlag",))],
        )

    refugee_plan = (
        ptype in ("temaplan", "kommunedelplan") and _REFUGEES.search(plan_name) and not _IMMIGRANTS.search(plan_name)
    )
    ukraine = text.find(_UKRAINE) if ptype in ("temaplan", "kommunedelplan") and (whole or refugee_plan) else None
    if ukraine is not None and text.find(_COLLECTIVE_PROTECTION) is None:
        # refugees from Ukraine have collective protection, with rules of their own the plan should name
        cands["ukraine"] = (
            Point(say("rm_ukraine", lang, Plan=plan_cap, where=_where(None, ukraine[1], lang)), "ukraine"),
            [Point(say("rec_ukraine", lang), "ukraine")],
        )
    if refugee_plan:
        cands.pop("groups", None)  # a plan for refugees has chosen its group: no «tell the groups apart»
    if ptype in EARLY_TYPES and "knowledge" in cands and cands["knowledge"][0].text:
        cands.pop("district", None)  # «no figures for the immigrant population» covers what it would say
    order = ORDER.get(ptype, ORDER[None])
    remarks: list[Point] = []
    recs: list[Point] = []
    for k in order:
        if k not in cands:
            continue
        point, its_recs = cands[k]
        if point.text and len(remarks) < MAX_REMARKS:
            why = f"why_{k}_adopted" if adopted and f"why_{k}_adopted" in TEXTS else f"why_{k}"
            services = [x for x in point.themes if x not in _NOT_SERVICES]
            if k == "absent" and point.text == absent_most:
                why = "why_absent"  # the remark names no list of fields for the reason to pick from
            elif k == "absent" and len(point.themes) == 1:
                why = "why_absent_one" if services else ""
            elif k == "absent" and not mentioned:
                why = "why_absent"  # the remark names the three most important service fields only
            elif k == "absent" and len(services) < len(point.themes):
                # «other needs, met through the ordinary services» is said of service fields, not of demografi
                if services:
                    fields = join([name_of(x) for x in services[:3]], lang)
                    point = replace(point, text=f"{point.text} {say('why_absent_services', lang, fields=fields)}")
                why = ""
            elif k == "groups" and subject is not None:
                why = "why_groups_subject"  # not the right to Norwegian training in a housing plan
            if k == "planbehov" and text.find(_REFUGEES) is None:
                why = "why_planbehov_general"  # no refugees settled in the plan: not argued from busetjing
            if why in TEXTS:
                point = replace(point, text=f"{point.text} {say(why, lang)}")
            said = sum(r.text.startswith((_CANNOT_SEE[lang], *_ALSO_NOT[lang])) for r in remarks)
            if said:
                # the second absence onwards: «Vi kan heller ikkje sjå at …», «Vi saknar òg …», as a planner writes
                point = replace(point, text=_also_not(point.text, lang, said))
            remarks.append(point)
        for r in its_recs:
            if len(recs) < MAX_RECOMMENDATIONS and all(r.text != x.text for x in recs):
                recs.append(r)
    recs = _with_openers(recs, lang, request=hearing)
    recs = _unique_sentences(recs, [*intro, *overall, *(p.text for p in positives), *(r.text for r in remarks)])

    action = text.action_part()
    if action != "handlingsdelen":
        # the plan's own name for the part that carries the measures
        overall = [x.replace("handlingsdelen", action) for x in overall]
        remarks = [replace(r, text=r.text.replace("handlingsdelen", action)) for r in remarks]
        recs = [replace(r, text=r.text.replace("handlingsdelen", action)) for r in recs]
    one = "_one" if len(recs) == 1 else ""
    if not recs:
        lead = say("rec_none", lang)
    elif adopted:
        key = (
            "rec_lead_adopted_ps"
            if ptype == "planstrategi"
            else "rec_lead_adopted_pp"
            if ptype in ("planprogram", "planstrategi_planprogram")
            else "rec_lead_adopted"
        )
        lead = say(key + one, lang, plan=plan)
    elif hearing:
        lead = say(("rec_lead_hearing_pp" if ptype == "planprogram" else "rec_lead_hearing") + one, lang, plan=plan)
    else:
        lead = say("rec_lead_unsure" + one, lang)

    who = s.case_officer or BLANK
    if s.contact:
        who += f" ({s.contact})"
    extra = (
        say("help_adopted_ps" if ptype in ("planstrategi", "planstrategi_planprogram") else "help_adopted", lang)
        if adopted
        else say("help_early", lang)
        if ptype in EARLY_TYPES
        else say("help_hearing", lang)
        if hearing
        else ""
    )
    partner = text.county_partner(whole)
    partner_text = (
        say("help_partner", lang, plan=plan, quote=partner[0], where=_where(None, partner[1], lang)) if partner else ""
    )
    help_text = " ".join(x for x in (partner_text, say("help", lang), extra, say("contact", lang, who=who)) if x)

    if refugee_services:
        # «tenester for innvandrarar» said of the refugee service alone would overstate what the plan names
        overall = [_for_refugees(x, lang) for x in overall]
        positives = [replace(p, text=_for_refugees(p.text, lang)) for p in positives]
    if refugee_plan:
        # a plan for refugees is assessed for what it does for refugees, not for «the immigrant population»
        # (a quote that names immigrants keeps the word: it is no measure for refugees only)
        group = _FOR_GROUP[lang]
        overall = [x.replace(*group).replace(*_ALL_FIELDS[lang]) for x in overall]
        positives = [
            p
            if any(_IMMIGRANTS.search(q) for q in re.findall(r"«([^»]*)»", p.text))
            else replace(p, text=p.text.replace(*group))
            for p in positives
        ]
        remarks = [replace(p, text=p.text.replace(*group)) for p in remarks]
        recs = [replace(p, text=p.text.replace(*group)) for p in recs]

    return Letter(
        lang=lang,
        title=title,
        kind="innspel" if adopted else "fråsegn",
        plan_type=kind.plan_type if kind.type_sure else None,
        plan_type_label=label,
        stage=kind.stage if kind.stage_sure else None,
        stage_label=stage_label,
        intro=tuple(intro),
        overall=tuple(overall),
        positives=tuple(positives),
        remarks=tuple(remarks),
        recommendations_lead=lead,
        recommendations=tuple(recs),
        help=(help_text,),
        copy_to=s.copy_to or BLANK,
    )


_CANNOT_SEE = {"nn": "Vi kan ikkje sjå", "nb": "Vi kan ikke se"}
# verbs of seeing and finding only: «Vi saknar at innvandrarar har vore med …» would say that they were
_ALSO_NOT = {
    "nn": (
        "Vi kan heller ikkje sjå",
        "Vidare kan vi ikkje sjå",
        "Vi ser heller ikkje",
        "Vi finn heller ikkje",
        "Heller ikkje kan vi sjå",
    ),
    "nb": (
        "Vi kan heller ikke se",
        "Videre kan vi ikke se",
        "Vi ser heller ikke",
        "Vi finner heller ikke",
        "Heller ikke kan vi se",
    ),
}


def _also_not(text: str, lang: Lang, nth: int) -> str:
    """The ``nth`` (1, 2, …) «cannot see» after the first, as a planner varies it: «Vi kan heller ikkje
    sjå at …», «Vidare kan vi ikkje sjå …», «Vi ser heller ikkje …»."""
    if not text.startswith(_CANNOT_SEE[lang]):
        return text
    openers = _ALSO_NOT[lang]
    return openers[min(nth, len(openers)) - 1] + text[len(_CANNOT_SEE[lang]) :]


_FLAG_KIND = {
    "undifferentiated": "groups",
    "no_district_link": "district",
    "no_followup": "followup",
    "only_knowledge": "only_knowledge",
}


def _ids(ts: list[ThemeResult]) -> tuple[str, ...]:
    return tuple(t.id for t in ts)


_SERVICES_FOR = {
    "nn": (
        ("enester for innvandrarar", "enester for flyktningar"),
        ("arbeider med innvandrarar", "arbeider med flyktningar"),
    ),
    "nb": (
        ("jenester for innvandrere", "jenester for flyktninger"),
        ("arbeider med innvandrere", "arbeider med flyktninger"),
    ),
}


def _for_refugees(text: str, lang: Lang) -> str:
    """``text`` with «tenester for innvandrarar» / «… som arbeider med innvandrarar» said of refugees."""
    for old, new in _SERVICES_FOR[lang]:
        text = text.replace(old, new)
    return text


def _heard_through_services(t: ThemeResult, cl: Checklist, group: re.Pattern[str] | None = None) -> bool:
    """Whether every population word in the theme's quotes names a service for immigrants
    («flyktningtenesta», «vaksenopplæringa»), none immigrants themselves; with ``group``, a service
    whose name ``group`` also finds (refugees: «flyktningtenesta»)."""
    heard = [w for e in t.evidence for w in cl.strong.find(norm(e.text))]
    return bool(heard) and all(_SERVICE.search(w) and (group is None or group.search(w)) for w in heard)


_STAGE_WORDS = {
    "hoyringsutkast": re.compile(r"høyringsutkast|høringsutkast|høyringsframlegg|høringsforslag", re.I),
    "offentleg_ettersyn": re.compile(r"offentleg ettersyn|offentlig ettersyn", re.I),
    "vedteken": re.compile(r"\bvedt(?:eke|eken|ekne|att)\b", re.I),
}


def _names_stage(plan_name: str, kind: PlanKind) -> bool:
    """Whether the plan's title says its stage itself («… – endeleg vedteken i kommunestyret»)."""
    pattern = _STAGE_WORDS.get(kind.stage or "") if kind.stage_sure else None
    return pattern is not None and bool(pattern.search(plan_name))


def _theme_rank(theme_id: str) -> int:
    return THEME_PRIORITY.index(theme_id) if theme_id in THEME_PRIORITY else len(THEME_PRIORITY)


def _best(
    t: ThemeResult,
    level: int,
    used: set[str],
    quotes: Quotes,
    naming: TermMatcher | None = None,
    cl: Checklist | None = None,
    keep: re.Pattern[str] | None = None,
) -> tuple[Evidence, str] | None:
    """The theme's first readable quote at ``level`` that the letter has not quoted yet (and that names
    the immigrant population, with ``naming`` given). With ``cl``, a quote worded as a commitment («skal»,
    «vil», a strategy verb first) goes before one that describes a routine («… mottar beskjed frå …»):
    praise for a goal or a measure quotes what the plan commits to. With ``keep``, only quotes it finds."""
    found: list[tuple[Evidence, str]] = []
    for ev in t.evidence:
        if ev.level != level or (naming is not None and not naming.search(norm(ev.text))):
            continue
        if level >= 2 and ev.role == "knowledge":
            continue  # praised as a goal or measure only where the plan sets them
        q = quotes.readable(ev)
        if q is not None and q not in used and (keep is None or keep.search(norm(q))):
            if cl is None:
                return ev, q
            found.append((ev, q))
    if not found or cl is None:
        return None
    return next((f for f in found if _committed(f[0], cl)), found[0])


def _committed(ev: Evidence, cl: Checklist) -> bool:
    """Whether a quote is worded as a commitment: «skal», «vil», or a strategy verb first («Sikre …»)."""
    n = norm(ev.text)
    toks = n.lstrip("•-–* ").split()
    return bool(cl.commitment.search(n) or (toks and toks[0] in cl.strategy_starts))


# Words that name the immigrant population and a theme at once («arbeidsinnvandrarar» is about work).
_THEME_IN_POPULATION_WORD = {
    "sysselsetting": re.compile(r"arbeidsinnvandr|arbeidsmigrant|introduksjonsprogram|norskopplæring|kvalifiser"),
    "oppvekst": re.compile(
        r"minoritetsspråklege? (?:barn|elev)|minoritetsspråklige (?:barn|elev)|nykomne elev|nyankomne elev"
    ),
    "lovgrunnlag": re.compile(r"busetjing av flyktning|bosetting av flyktning|integreringslov|busett|bosatt"),
    "medverknad": re.compile(r"innvandrarråd|innvandrerråd|fleirkulturelt råd|flerkulturelt råd"),
}


def _names_population(t: ThemeResult, cl: Checklist, *, any_level: bool = False) -> bool:
    """Whether one of the theme's quotes at its level (or any, with ``any_level``) names the immigrant
    population itself, not only «etnisitet», «mangfald» or «alle»; at its level, outside the plan's
    knowledge base (background and status chapters)."""
    if any_level:
        return any(cl.strong.search(norm(e.text)) for e in t.evidence)
    # a goal is read where the plan sets goals: «skal» in a background chapter is not one
    return any(e.level >= t.level and e.role != "knowledge" and cl.strong.search(norm(e.text)) for e in t.evidence)


def _contradicted(text: PlanText, cl: Checklist, t: ThemeResult) -> bool:
    """Whether the whole text names the immigrant population with this theme's words in one paragraph,
    or uses a word that names both («arbeidsinnvandrarar» for work, «minoritetsspråklege elevar» for school)."""
    crits = cl.theme(t.id).criteria
    if any(text.cooccurs(c.terms) or text.cooccurs(c.broad) for c in crits):
        return True
    if any(c.numbers for c in crits) and any(
        pop and _COUNT_OR_SHARE.search(n) for (_, n, _, _), pop in zip(text.blocks, text.strong, strict=True)
    ):
        return True  # «22 % minoritetsspråklege elevar» is a figure about immigrants, whatever theme it is scored under
    word = _THEME_IN_POPULATION_WORD.get(t.id)
    return word is not None and any(word.search(n) for _, n, _, _ in text.blocks)


def _cooccurs_measure(text: PlanText, cl: Checklist, theme_id: str) -> bool:
    """Whether a paragraph names the immigrant population, this theme's words and an owner with a
    deadline or resources: then «no measures» for the theme would be contradicted by the plan."""
    ops = dict(cl.operational)
    owner, deadline, resources = ops.get("owner"), ops.get("deadline"), ops.get("resources")
    if owner is None or text.doc is None:
        return False
    crits = cl.theme(theme_id).criteria
    return any(
        pop
        and owner.search(n)
        and ((deadline is not None and deadline.search(n)) or (resources is not None and resources.search(n)))
        and any(c.terms.search(n) for c in crits)
        for (_, n, _, _), pop in zip(text.blocks, text.population, strict=True)
    )


def _cooccurs_followup(text: PlanText, cl: Checklist) -> bool:
    ops = dict(cl.operational)
    return text.cooccurs(ops.get("indicator")) or text.cooccurs(ops.get("followup"))


def _column_names(text: PlanText) -> list[str]:
    """The plan's table column names, as far as the text shows them: table cells, cells of a
    «| … | … |» line, and the words of a short header line that names «tiltak»."""
    cells: list[str] = []
    for _, n, _, kind in text.blocks:
        if kind is BlockKind.TABLE_CELL:
            cells.append(n)
        elif "|" in n:
            cells.extend(n.split("|"))
        elif "tiltak" in n and len(n.split()) <= 8 and not _ENDS_SENTENCE.search(n):
            cells.extend(n.split())
    return [c.strip(" :*") for c in cells if len(c) <= 30]


def missing_details(a: Assessment, text: PlanText) -> tuple[tuple[str, ...], bool]:
    """Which of a measure's details («owner», «deadline», «resources», in that order) the plan's
    measures for the immigrant population mostly lack: carried by at most ``DETAIL_MAX_SHARE`` of
    the quoted measures (role «measure», or level 3), and named by no table column either; and
    whether no quoted measure carries any of them. Empty when fewer than ``DETAIL_MIN_MEASURES``
    measures are quoted: too few to say how the plan writes them."""
    measures: dict[str, frozenset[str]] = {}
    for t in a.themes:
        for ev in t.evidence:
            if ev.role == "measure" or ev.level >= 3:
                ops = ev.reason.operational if ev.reason is not None else ()
                measures[ev.text] = measures.get(ev.text, frozenset()) | frozenset(ops)
    if len(measures) < DETAIL_MIN_MEASURES:
        return (), False
    columns = _column_names(text)
    out: list[str] = []
    for detail, column in _DETAIL_COLUMN.items():
        share = sum(detail in ops for ops in measures.values()) / len(measures)
        if share <= DETAIL_MAX_SHARE and not any(column.fullmatch(c) for c in columns):
            out.append(detail)
    none = not any(d in ops for d in out for ops in measures.values())
    return tuple(out), none


def _with_openers(recs: list[Point], lang: Lang, *, request: bool) -> list[Point]:
    """Recommendations with varied openers: a request («Vi ber om at») for the most important
    asks on hearing, advice openers in turn for the rest; a text without a known opener stays."""
    out: list[Point] = []
    advice = ADVICE_OPENERS[lang]
    turn = 0
    requests = 0
    for r in recs:
        clause = _clause(r.text) if _clause(r.text) is not None else (r.text if r.text[:1].islower() else None)
        if clause is None:
            out.append(r)
            continue
        if request and r.kind in REQUEST_KINDS and requests < 2:
            opener = say("opener_request", lang)
            requests += 1
        else:
            opener = advice[turn % len(advice)]
            turn += 1
        out.append(Point(f"{opener} {clause}", r.kind, r.criteria, r.themes, r.flags))
    return out


def _unique_sentences(recs: list[Point], before: list[str]) -> list[Point]:
    seen = {clean(x) for x in before}
    out = []
    for r in recs:
        if clean(r.text) in seen:
            continue
        seen.add(clean(r.text))
        out.append(r)
    return out
