"""Plan type and stage: which kind of plan a document is, and where it stands in its process.

The type decides the legal basis a county cites and what its response asks for (pbl § 10-1
planstrategi, §§ 4-1 and 11-13 planprogram, §§ 11-2 and 11-14 samfunnsdel, § 11-3 handlingsdel,
§ 11-1 kommunedelplan/temaplan; regional planstrategi and regional plans are the county's own).
The stage decides whether the response is a hearing response or input for the next revision.

Both are read from the title and the cover (the first page), where plans name themselves
("Planprogram for …", "HØYRINGSUTKAST", "Vedteke av kommunestyret 12.3.2024"). What is found
only further in, or not at all, is reported as unsure (``type_sure`` / ``stage_sure`` False):
the letter then leaves a visible blank rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BlockKind, Document
from ..read.normalise import norm

PLAN_TYPES = (
    "planstrategi",
    "planstrategi_planprogram",
    "planprogram",
    "samfunnsdel",
    "handlingsdel",
    "kommunedelplan",
    "temaplan",
    "regional_planstrategi",
    "regional_plan",
)
"""Plan type ids, as written in the review JSON (``document.plan_type``)."""

STAGES = ("hoyringsutkast", "offentleg_ettersyn", "vedteken")
"""Stage ids (``document.stage``): a draft on hearing, a plan laid out for public inspection, an adopted plan."""

REGIONAL_TYPES = frozenset({"regional_planstrategi", "regional_plan"})


@dataclass(frozen=True, slots=True)
class PlanKind:
    """The plan type and stage of a document, each with whether it is sure and what it was read from."""

    plan_type: str | None
    """One of PLAN_TYPES, or None when no type could be read."""
    type_sure: bool
    stage: str | None
    """One of STAGES, or None when no stage could be read."""
    stage_sure: bool
    type_basis: str = ""
    """The words the type was read from, e.g. «Planprogram for kommuneplanens samfunnsdel»."""
    stage_basis: str = ""

    @property
    def regional(self) -> bool:
        return self.plan_type in REGIONAL_TYPES

    @property
    def on_hearing(self) -> bool:
        """A draft on hearing or laid out for public inspection (sure)."""
        return self.stage_sure and self.stage in ("hoyringsutkast", "offentleg_ettersyn")

    @property
    def adopted(self) -> bool:
        return self.stage_sure and self.stage == "vedteken"

    def to_json(self) -> dict[str, object]:
        return {
            "plan_type": self.plan_type,
            "plan_type_sure": self.type_sure,
            "stage": self.stage,
            "stage_sure": self.stage_sure,
        }


# --- plan type ----------------------------------------------------------------------------

_REGIONAL_PS = re.compile(r"\bregional(?:e)? planstrategi")
_REGIONAL_PLAN = re.compile(r"\bregional(?:e)?\s+(?:\w+\s+)?plan\b|\bregionalplan|\bfylkesplan|\bfylkesdelplan")
_PS = re.compile(r"planstrategi")
_PP = re.compile(r"planprogram")
_SAMFUNNSDEL = re.compile(r"samfunnsdel|\bkommuneplan(?:en|ens)?\b")
_HANDLINGSDEL = re.compile(r"handlingsdel|handlingsprogram|økonomiplan")
_KDP = re.compile(r"kommunedelplan")
_AREALDEL = re.compile(r"arealdel|arealplan|reguleringsplan|detaljregulering|områderegulering")
_TEMAPLAN = re.compile(r"temaplan|handlingsplan|\bplan (?:for|mot)\b|\bstrategi\b|\w+plan\b|\w+strategi\b")


def type_of_text(text: str) -> str | None:
    """The plan type a title-like text names, or None.

    >>> type_of_text("Planprogram for kommuneplanen sin samfunnsdel 2026–2038")
    'planprogram'
    """
    t = norm(text)
    if _REGIONAL_PS.search(t):
        return "regional_planstrategi"
    if _REGIONAL_PLAN.search(t):
        return "regional_plan"
    ps, pp = bool(_PS.search(t)), bool(_PP.search(t))
    if ps and pp:
        return "planstrategi_planprogram"
    if ps:
        return "planstrategi"
    if pp:
        return "planprogram"
    if _KDP.search(t):
        return "kommunedelplan"
    if re.search(r"samfunnsdel", t):
        return "samfunnsdel"
    if _HANDLINGSDEL.search(t):
        return "handlingsdel"
    if _AREALDEL.search(t):
        return None  # an area plan: not what planreview reviews
    if _SAMFUNNSDEL.search(t):
        return "samfunnsdel"
    if _TEMAPLAN.search(t):
        return "temaplan"
    return None


_TYPE_WORDS = {
    "planstrategi": "planstrategi",
    "kommunal planstrategi": "planstrategi",
    "planstrategi_planprogram": "planstrategi_planprogram",
    "planprogram": "planprogram",
    "samfunnsdel": "samfunnsdel",
    "kommuneplanens samfunnsdel": "samfunnsdel",
    "kommuneplanen sin samfunnsdel": "samfunnsdel",
    "handlingsdel": "handlingsdel",
    "kommunedelplan": "kommunedelplan",
    "temaplan": "temaplan",
    "regional planstrategi": "regional_planstrategi",
    "regional_planstrategi": "regional_planstrategi",
    "regional plan": "regional_plan",
    "regional_plan": "regional_plan",
}


def parse_plan_type(value: str) -> str | None:
    """A plan type id from what a planner writes in the settings («planprogram», «kommunedelplan»)."""
    v = norm(value).replace("-", " ").strip()
    return _TYPE_WORDS.get(v) or _TYPE_WORDS.get(v.replace(" ", "_")) or type_of_text(v)


# --- stage ----------------------------------------------------------------------------------

_DRAFT = re.compile(
    r"h[øo]y?rings?utkast|h[øo]y?ringsforslag|h[øo]yringsframlegg|planutkast|\butkast til\b|\butkast\b"
    r"|(?:forslag|framlegg) til (?:ny |nytt |revidert |rullert )?(?:kommunal )?"
    r"(?:plan|kommuneplan|samfunnsdel|planstrategi|planprogram|temaplan|kommunedelplan|handlingsdel)"
    r"|(?:sendt|send|lagt ut|legges ut|leggjast ut|ute) (?:på|til) h[øo]y?ring"
)
_ETTERSYN = re.compile(r"(?:lagt|legges|leggjast|blir lagt) ut til offentle?i?g ettersyn|til offentle?i?g ettersyn")
_ADOPTED = re.compile(
    r"(?:endele?i?g\s+)?vedt(?:att|eke|eken|ekne|ake|atte)\s+(?:av|i)\s+(?:\w+\s+){0,3}"
    r"(?:kommunestyre|bystyre|heradsstyre|fylkesting|fylkestinget|kommunestyret|bystyret|heradsstyret)"
    r"|\bvedt(?:att|eke|eken)\s+(?:den\s+)?\d|endele?i?g\s+vedt(?:att|eke|eken)"
    r"|vedtaksdato|\bvedteke plan\b|\bvedtatt plan\b"
)


def stage_of_text(text: str | list[str]) -> tuple[str | None, str]:
    """The stage a cover-like text (or list of cover lines) names, and the words it was read from.

    A draft marker anywhere wins over an adoption ("Høyringsutkast vedteke i kommunestyret
    3.5.2026" is a draft that the council decided to send on hearing).
    """
    lines = [norm(x) for x in ([text] if isinstance(text, str) else text)]
    for stage, pattern in (("offentleg_ettersyn", _ETTERSYN), ("hoyringsutkast", _DRAFT), ("vedteken", _ADOPTED)):
        for t in lines:
            m = pattern.search(t)
            if m:
                return stage, m.group(0)
    return None, ""


_STAGE_WORDS = {
    "hoyringsutkast": "hoyringsutkast",
    "høyringsutkast": "hoyringsutkast",
    "høringsutkast": "hoyringsutkast",
    "høyring": "hoyringsutkast",
    "høring": "hoyringsutkast",
    "offentleg ettersyn": "offentleg_ettersyn",
    "offentlig ettersyn": "offentleg_ettersyn",
    "offentleg_ettersyn": "offentleg_ettersyn",
    "vedteken": "vedteken",
    "vedteke": "vedteken",
    "vedtatt": "vedteken",
    "vedteken plan": "vedteken",
    "vedtatt plan": "vedteken",
}


def parse_stage(value: str) -> str | None:
    """A stage id from what a planner writes («høyringsutkast», «offentlig ettersyn», «vedtatt»)."""
    v = norm(value).strip()
    if v in _STAGE_WORDS:
        return _STAGE_WORDS[v]
    return stage_of_text(v)[0]


# --- the document -----------------------------------------------------------------------------

_COVER_KINDS = (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.HEADER)


def _cover(doc: Document) -> list[str]:
    """The text of the cover: the first page's headings and short lines (not tables, not the contents)."""
    if not doc.pages:
        return []
    first = doc.pages[0]
    return [b.text for b in first.blocks if b.kind in _COVER_KINDS and len(b.text) <= 300][:25]


def _opening(doc: Document, pages: int = 3, *, with_contents: bool = False) -> list[str]:
    """Headings and paragraphs of the first pages (for what the cover does not say); with
    ``with_contents`` also list items and the table of contents (where «Vedtatt av kommunestyret
    13.12.2021» may stand)."""
    kinds = {BlockKind.HEADING, BlockKind.PARAGRAPH}
    if with_contents:
        kinds |= {BlockKind.LIST_ITEM, BlockKind.TOC}
    out: list[str] = []
    for p in doc.pages[:pages]:
        out += [b.text for b in p.blocks if b.kind in kinds]
    return out


def detect_plan_kind(doc: Document) -> PlanKind:
    """The plan type and stage of ``doc`` (see the module docstring for the rules).

    Sure when read from the title or the first page's headings and cover lines; unsure (but
    with a guess when there is one) when read only from the first three pages' text.
    """
    title = doc.title or ""
    plan_type = type_of_text(title)
    type_sure = plan_type is not None
    type_basis = title if plan_type else ""
    if plan_type is None:
        first_heads = [
            b.text for p in doc.pages[:2] for b in p.blocks if b.kind is BlockKind.HEADING and len(b.text) <= 160
        ][:4]
        for head in first_heads:
            found = type_of_text(head)
            if found is not None:
                plan_type, type_sure, type_basis = found, True, head
                break
    if plan_type is None:
        for text in _opening(doc, 2):
            found = type_of_text(text) if len(text) <= 80 else None  # a line, not a sentence about plans
            if found is not None and found != "temaplan":
                plan_type, type_sure, type_basis = found, False, text
                break

    stage, basis = stage_of_text([title, *_cover(doc)])
    stage_sure = stage is not None
    if stage is None:
        # The plan saying of itself that it was adopted («Planen vart vedteken i kommunestyret
        # 20.11.2014», «Planstrategien er vedtatt …») is sure, unless the opening pages call it a draft.
        said = _adopted_itself(_opening(doc, 5, with_contents=True), plan_type)
        if said is not None:
            stage, stage_sure, basis = "vedteken", True, said
    if stage is None:
        # Further in, an adoption or a hearing is often only part of the process description.
        stage, basis = stage_of_text(_opening(doc))
    return PlanKind(plan_type, type_sure, stage, stage_sure, type_basis, basis)


_SELF = {
    None: r"planen|denne planen",
    "planstrategi": r"planen|planstrategien|den kommunale planstrategien",
    "planprogram": r"planen|planprogrammet",
    "planstrategi_planprogram": r"planen|planstrategien|planprogrammet",
    "samfunnsdel": r"planen|samfunnsdelen|kommuneplanen|kommuneplanens samfunnsdel|kommuneplanen sin samfunnsdel",
    "handlingsdel": r"planen|handlingsdelen|handlingsprogrammet",
    "kommunedelplan": r"planen|kommunedelplanen",
    "temaplan": r"planen|temaplanen|handlingsplanen|strategien",
}
_DATE = r"(?:den\s+)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s+\w+\s+\d{4})"


def _adopted_itself(lines: list[str], plan_type: str | None) -> str | None:
    """The words where the plan says it has been adopted, or None.

    «<this plan> er/ble/vart vedtatt …» (this plan: «planen», or the plan type's own word), or
    «Vedtatt av kommunestyret[,] <date>» or «Vedtatt i PS 81/2022, i kommunestyremøte …» on its own;
    never «skal vedtas», «planlagt vedtatt» or an
    adoption of another plan («Kommuneplanens arealdel ble vedtatt i 2019» in a planstrategi).
    """
    subject = _SELF.get(plan_type, _SELF[None])
    own = re.compile(
        rf"(?:^|[.!?]\s+)(?:{subject})\s+(?:er|ble|blei|vart|vert|var)\s+(?:endele?i?g\s+)?vedt(?:att|eke|eken)\b"
        r"(?!\s+(?:lagt|lagd|sendt|send|til|å))"  # «vedtatt lagt ut på høring» is a draft
    )
    council = r"(?:kommunestyre|bystyre|heradsstyre)(?:t|møte|møtet)?"
    case_no = r"(?:ps|k-?sak|kst-?sak|sak)\s*\d+/\d{2,4}"
    period = r"^(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?"  # «2022-2026 Vedtatt i …»: the cover's period on the same line
    dated = re.compile(
        rf"{period}vedt(?:att|eke|eken)\s+(?:av|i)\s+(?:{council},?\s+(?:den\s+)?{_DATE}|{case_no}\b)"
        rf"|{period}vedt(?:att|eke|eken)\s+i\s+{case_no},?\s+(?:i\s+)?{council}"
    )
    for line in lines:
        n = norm(line)
        m = own.search(n) or dated.search(n)
        if m:
            return clean_space(m.group(0))
    return None


def clean_space(text: str) -> str:
    return " ".join(text.split()).lstrip(".!? ")
