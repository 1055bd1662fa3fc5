"""Score a document against a checklist: levels 0–3 per theme from the plan's sentences.

The sentence (or table row, or list item) is the unit. For each one the engine decides, in turn:

1. **Does it concern the immigrant population?** By its own words (after setting aside other
   word senses, grounds of discrimination, plan names and projection method — see
   ``planreview.match.senses``), by pointing back to the sentence before, by a heading above it
   that names the population, by the plan's title, or — for signs of diversity such as
   «mangfald» — by the chapter it stands in.
2. **Which theme does it speak to?** The themes with most of their words in it (broad words count
   half; the section's theme weighs one word more); words in the other items of a list that holds
   the immigrant word do not count; a sentence with no theme words takes its heading's theme, or
   the theme its section is clearly about.
3. **What is it?** A fact or mention (1), a goal, strategy or planned effort (2), or a measure
   with an owner, deadline, resources, indicator or follow-up (3) — from the part of the plan it
   stands in (knowledge, goal, strategy, measure, follow-up), inline labels («Mål:»), table
   headers, and its wording («skal»/«vil» commit, «bør» only wishes).

A theme's level is the highest level of its sentences, held down by the rubric's document rules
(a planstrategi or planprogram stops at 2; so does a plan that says it holds no measures) and by
the theme's own ceiling in the checklist (demography is knowledge: at most 1). Every quote keeps
the reason for its level (``Reason``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..checklist import Checklist, Criterion
from ..match.senses import (
    ORIGIN_HINT,
    UNIT_NAME,
    Span,
    enumerations,
    find_spans,
    foreign_origin,
    grounds,
    inside,
    method,
    other_senses,
    plan_names,
    refers_back,
    theme_senses,
)
from ..match.terms import TermMatcher
from ..match.units import Unit, build_units
from ..messages import Lang
from ..model import Block, BlockKind, Document
from ..read.normalise import norm
from .model import Assessment, CriterionResult, DocumentInfo, Evidence, FlagResult, Reason, ThemeResult
from .plantype import detect_plan_kind

MAX_EVIDENCE = 6
"""Quotes shown per theme (and per criterion)."""
# Which anchor makes the best quote: the sentence's own words first.
_ANCHOR_RANK = {"sentence": 0, "previous": 1, "plan_name": 2, "chapter": 3, "heading": 4, "document": 5, "weak": 6}


@dataclass(frozen=True, slots=True)
class Population:
    """What in a normalised text refers to the immigrant population."""

    strong: tuple[str, ...] = ()
    """Explicit population words, outside plan names."""
    plan: tuple[str, ...] = ()
    """Explicit population words that stand only inside the name of a plan."""
    weak: tuple[str, ...] = ()
    """Signs of ethnic or cultural diversity («etnisitet», «kulturelt mangfald»)."""
    context: tuple[str, ...] = ()
    """Words that count only in a chapter about immigrants («mangfald», «inkludering»)."""
    set_aside: tuple[str, ...] = ()
    """Why population words were set aside: sense, grounds, method."""
    origin: bool = False
    """Residents are named by countries or peoples of origin («svenskar, polakkar og syrarar bur i
    kommunen», «bakgrunn frå Polen og Litauen»): the sentence tells what the population is made of."""
    plan_text: str = ""
    """The names of plans that hold the population words, when they stand only there."""
    theme_text: str = ""
    """The text to look for theme words in: other senses blanked, and the other items of a list
    that holds a population word blanked."""


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for k in range(max(0, a), min(len(chars), b)):
            chars[k] = " "
    return "".join(chars)


def population(text: str, checklist: Checklist, toks: tuple[str, ...] | None = None) -> Population:
    """The population words in a normalised ``text`` and the text to match theme words in."""
    base = checklist.population_exclusions.mask(text) if checklist.population_exclusions is not None else text
    lists = enumerations(base)
    aside: list[Span] = [*other_senses(base), *grounds(base, lists), *method(base, lists)]
    masked = _blank(base, [(s.start, s.end) for s in aside])
    same = masked == text
    strong = tuple(checklist.strong.find(masked, toks if same else None))
    weak: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    plan_text = ""
    anchors: list[tuple[int, int]] = []
    origin = foreign_origin(masked)
    if strong:
        spots = find_spans(list(strong), masked)
        names = plan_names(masked)
        free = [p for p in spots if inside(names, *p) is None]
        anchors = spots
        if not free and spots:
            plan, strong = strong, ()
            plan_text = " ".join(
                dict.fromkeys(masked[n.start : n.end] for n in names if any(inside([n], *p) for p in spots))
            )
        elif free:
            strong = tuple(dict.fromkeys(masked[a:b] for a, b in free))
    elif origin:
        strong = tuple(dict.fromkeys(masked[o.start : o.end] for o in origin))
        anchors = [(o.start, o.end) for o in origin]
    else:
        weak = tuple(checklist.weak.find(masked, toks if same else None))
        context = tuple(checklist.context_only.find(masked, toks if same else None))
        anchors = find_spans([*weak, *context], masked)
    # When every population word is an item of a list, the other items do not lend it their theme.
    others: list[tuple[int, int]] = []
    listed = [e for e in lists if not e.partners and any(e.item_at(a) is not None for a, _ in anchors)]
    all_listed = bool(listed) and all(any(e.item_at(a) is not None for e in listed) for a, _ in anchors)
    if all_listed:
        for e in listed:
            held = {k for a, _ in anchors if (k := e.item_at(a)) is not None}
            others.extend(span for k, span in enumerate(e.items) if k not in held)
    return Population(
        strong=strong,
        plan=plan,
        weak=weak,
        context=context,
        set_aside=tuple(dict.fromkeys(s.why for s in aside)),
        origin=bool(origin),
        theme_text=_blank(masked, [*others, *((t.start, t.end) for t in theme_senses(masked))]),
        plan_text=plan_text,
    )


@dataclass(slots=True)
class _Hit:
    unit: Unit
    criterion: Criterion
    terms: tuple[str, ...]
    level: int
    raw_level: int
    role: str
    weak_anchor: bool
    reason: Reason
    strength: float = 0.0
    """Weight of the theme's own words in the unit (0 when the theme came from a heading or section)."""
    themes: int = 1
    """How many themes the unit counts for (a quote specific to one theme is the better quote)."""


@dataclass(slots=True)
class _Context:
    checklist: Checklist
    role_cache: dict[str, str | None] = field(default_factory=dict)
    theme_cache: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    anchor_cache: dict[str, bool] = field(default_factory=dict)

    def heading_role(self, heading: str) -> str | None:
        if heading not in self.role_cache:
            n = norm(heading)
            self.role_cache[heading] = next((name for name, m in self.checklist.roles if m.search(n)), None)
        return self.role_cache[heading]

    def heading_themes(self, heading: str) -> dict[str, tuple[str, ...]]:
        """Criteria whose terms stand in a heading: criterion id → matched words. A population word
        that is also a theme word («Introduksjonsprogrammet») names who the section is about, not
        its theme, and is left out."""
        if heading not in self.theme_cache:
            n = norm(heading)
            people = set(self.checklist.strong.find(n))
            found: dict[str, tuple[str, ...]] = {}
            for theme in self.checklist.themes:
                for c in theme.criteria:
                    words = tuple(w for w in c.terms.find(n) if w not in people)
                    if words:
                        found[c.id] = words
            self.theme_cache[heading] = found
        return self.theme_cache[heading]

    def heading_anchor(self, heading: str) -> bool:
        """Whether a heading (or a title) names the immigrant population (a plan's name counts)."""
        if heading not in self.anchor_cache:
            pop = population(norm(heading), self.checklist)
            self.anchor_cache[heading] = bool(pop.strong or pop.plan)
        return self.anchor_cache[heading]


_PREFILTERS: dict[int, tuple[str, ...] | None] = {}


def _anchor_pieces(checklist: Checklist) -> tuple[str, ...] | None:
    """The literal pieces of the population matchers (``TermMatcher.pieces``), one of which any
    population word holds; None when a matcher has none (then no text can be skipped)."""
    key = id(checklist)
    if key not in _PREFILTERS:
        # Every matcher's pieces cover its fuzzy prefixes too (by their first letters).
        matchers = (checklist.strong, checklist.weak, checklist.context_only)
        _PREFILTERS[key] = None if not all(m.pieces for m in matchers) else tuple(p for m in matchers for p in m.pieces)
    return _PREFILTERS[key]


def _may_anchor(text: str, pieces: tuple[str, ...] | None) -> bool:
    """Whether a normalised ``text`` can name the immigrant population (see ``_anchor_pieces``):
    most sentences are skipped by a few substring tests in C."""
    return pieces is None or any(map(text.__contains__, pieces)) or ORIGIN_HINT.search(text) is not None


def detect_doc_type(doc: Document, checklist: Checklist) -> tuple[str | None, int]:
    """The document type (planstrategi, planprogram, …) from the title and first headings."""
    first_heads = [b.text for p in doc.pages[:2] for b in p.blocks if b.kind is BlockKind.HEADING][:3]
    heads = [doc.title, *first_heads]
    text = norm(" ".join(heads))
    for rule in checklist.doc_types:
        if rule.title_terms.search(text):
            return rule.id, rule.max_level
    return None, 3


def _role(unit: Unit, ctx: _Context, is_title: Callable[[str], bool] = lambda h: False) -> tuple[str, str, str | None]:
    """(role, where it came from, the heading that gave it) for a unit. The plan's title
    (``is_title``) names what kind of plan it is («Handlingsplan for …»), not what each of its
    sentences does: a fact in an action plan is no measure."""
    if unit.kind is BlockKind.TABLE_CELL and unit.header:
        for name, m in ctx.checklist.roles:
            if name in ("measure", "followup") and m.search(unit.header):
                return name, "table", None
    headings = list(unit.section)
    if unit.kind is BlockKind.HEADING:
        headings = [*headings, unit.text]
    for heading in reversed(headings):
        role = None if is_title(heading) else ctx.heading_role(heading)
        if role is not None:
            return role, "heading", heading
    return "none", "none", None


_OWNER_LABEL = re.compile(
    r"\b(?:hovud|hoved)?ansvar(?:leg|lig)?\s*:|\bansvaret\s+(?:ligg|ligger)\b|"
    r"\b(?:har|får|tek|tar)\s+(?:hovud|hoved)?ansvar(?:et)?\s+for\b"
)
"""Who is responsible, said in the text («Ansvar: NAV», «har ansvaret for»). The word «ansvar» alone
is no owner: «integrering er eit ansvar for heile kommunen» names no one who carries a measure out."""


_OWNER_COLUMN = re.compile(
    r"^\s*(?:hovud|hoved)?ansvar(?:leg|lig|lege|lige)?(?:\s+(?:eining|enhet|eining/etat|for\s+oppfølging))?\s*$|"
    r"^\s*(?:utføres|utførast|utført)\s+av\s*$"
)
"""The header of a table column that names who carries a measure out («Ansvar», «Ansvarleg eining»)."""


def _operational(unit: Unit, checklist: Checklist) -> list[str]:
    text = unit.item or unit.norm
    found = [name for name, m in checklist.operational if m.search(text)]
    if "owner" not in found and _OWNER_LABEL.search(text):
        found.append("owner")
    if unit.header and unit.row_cells >= 2:
        for name, m in checklist.operational:
            if name not in found and m.search(unit.header):
                found.append(name)
        if "owner" not in found and any(_OWNER_COLUMN.match(h) for h in unit.header.split(" | ")):
            found.append("owner")
    return found


_MODAL = re.compile(r"\b(skal|vil|må)\b")
_YEAR = re.compile(r"\b20\d\d\b")


def _level(
    unit: Unit, role: str, commitment: bool, weak_mod: bool, checklist: Checklist
) -> tuple[int, str, str | None, tuple[str, ...]]:
    """(level, effective role, cap, operational details) a sentence earns from its place and wording."""
    words = len(unit.toks)
    if unit.kind is BlockKind.PARAGRAPH and words < checklist.min_words and role in ("goal", "strategy", "measure"):
        role = "knowledge"  # chart labels and captions under a goal heading
    # "bør" only wishes, unless the sentence also says "skal" or "vil".
    if weak_mod and not _MODAL.search(unit.norm):
        return 1, role, "wish", ()
    ops = tuple(_operational(unit, checklist))
    if role == "measure":
        return (3 if ops else 2), role, None, ops
    # A routine the plan commits to (or sets as a goal or strategy), with a named owner and a
    # deadline, resources or a follow-up, is an operational measure even outside a tiltak list.
    # A share or count alone ("40 prosent") is not enough: facts carry numbers too.
    firm = {"deadline", "resources", "followup"}
    if "owner" in ops and firm & set(ops) and (commitment or role in ("goal", "strategy", "followup")):
        return 3, "measure", None, ops
    # A listed action («Etablere eit fleirkulturelt råd innan 2028») with a year to be done by is a
    # concrete measure with a deadline, wherever it is listed.
    if (
        role in ("goal", "strategy")
        and unit.listed
        and unit.toks
        and unit.toks[0] in checklist.strategy_starts
        and "deadline" in ops
        and _YEAR.search(unit.norm)
    ):
        return 3, "measure", None, ops
    # Under a follow-up heading or column, an indicator with figures («Del i arbeid … 52 % 70 %»)
    # is a target figure: an operational detail of its own.
    if role == "followup" and "indicator" in ops and any(c.isdigit() for c in unit.norm):
        return 3, role, None, ops
    if role in ("goal", "strategy"):
        # Running prose under a goal heading is a goal only when it is worded as one.
        if unit.listed or commitment or _MODAL.search(unit.norm):
            return 2, role, None, ()
        return 1, role, None, ()
    return (2 if commitment else 1), role, None, ()


def _choose_criteria(
    sentence: dict[str, tuple[str, ...]],
    heading: dict[str, tuple[str, ...]],
    anchor: tuple[str, ...] = (),
    shared: frozenset[str] = frozenset(),
) -> dict[str, tuple[str, ...]]:
    """The criteria a sentence counts for.

    The themes with most theme words in the sentence win (counting each occurrence; any theme
    with two or more stays); a tie is settled by the heading above. Words that are also the
    population words of the sentence («introduksjonsprogrammet») are counted only when no theme
    has other words. A sentence that names four or more themes with one word each is an
    enumeration and counts for none. A criterion shared with other themes (``shared``) gives way
    to them unless it has two or more words of its own. A sentence with no theme words of its own
    takes the theme of its heading.
    """
    if not sentence:
        return dict(heading)
    own = set(anchor)
    counts: dict[str, list[str]] = defaultdict(list)
    for cid, words in sentence.items():
        counts[cid.split(".")[0]].extend(w for w in words if w not in own)
    if not any(counts.values()):
        counts = defaultdict(list)
        for cid, words in sentence.items():
            counts[cid.split(".")[0]].extend(words)
    counts = defaultdict(list, {t: ws for t, ws in counts.items() if ws})

    def weight(ws: list[str]) -> float:
        return sum(0.5 if w.startswith(BROAD) else 1.0 for w in ws)

    top = max(weight(v) for v in counts.values())
    if len(counts) >= 4 and top <= 1:
        return {}
    # The section's own theme weighs one word more.
    h_themes = {cid.split(".")[0] for cid in heading}
    for t in h_themes & set(counts):
        counts[t] = [*counts[t], "(heading)"]
    top = max(weight(v) for v in counts.values())
    keep = {t for t, v in counts.items() if weight(v) >= 2 or weight(v) == top}
    if top > 2:
        keep = {t for t in keep if weight(counts[t]) >= top - 1}
    if len(keep) > 1 and keep & h_themes:
        keep &= h_themes
    if len(keep) > 1:
        weak_shared = {cid.split(".")[0] for cid, words in sentence.items() if cid in shared and len(set(words)) < 2}
        keep -= weak_shared if keep - weak_shared else set()
    return {cid: words for cid, words in sentence.items() if cid.split(".")[0] in keep}


_LABEL = re.compile(r"^([^\W\d][\w ]{1,40}?)\s*:\s*")
_INLINE_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+[^\W\d]")


_DEFINITION = re.compile(
    r"^(?:person|personar|personer|ein person|en person|er |har |betyr|tyder|omfattar|omfatter|viser til|"
    r"brukt om|brukes om|nytta om|blir brukt)"
)
_COUNTED_AS = re.compile(
    r"\b(?:regnes|reknast|reknes|blir rekna|blir regnet|defineres|definerast|blir definert)\s+(?:også\s+|òg\s+)?som\b"
)


def _defines(unit: Unit, checklist: Checklist) -> bool:
    """A glossary entry or a definition: «Flyktning: Person som …», «Norskfødde med
    innvandrarforeldre blir rekna som …» — a term naming the population, then what it means."""
    if _COUNTED_AS.search(unit.norm) and not _MODAL.search(unit.norm):
        return True
    head, colon, rest = unit.norm.partition(":")
    if not colon or not checklist.strong.search(" ".join(head.split()[-3:])):
        return False
    rest = rest.strip()
    return bool(_DEFINITION.match(rest)) or (
        len(head.split()) <= 3 and not _MODAL.search(rest) and not checklist.commitment.search(rest)
    )


def _label_roles(units: list[Unit], ctx: _Context) -> dict[int, tuple[str, str]]:
    """Roles set by inline labels ("Mål:", "Tiltak:", "Slik gjer vi det:") for the text after them.

    A label holds until the next heading or the next label. Returns unit index → (role, label).
    """
    out: dict[int, tuple[str, str]] = {}
    current: tuple[str, str] | None = None
    for u in units:
        if u.kind is BlockKind.HEADING or _INLINE_HEADING.match(u.text):
            current = None
            if u.kind is BlockKind.HEADING:
                continue
        m = _LABEL.match(u.text)
        if m:
            role = ctx.heading_role(m.group(1))
            if role is not None:
                current = (role, m.group(1))
        if current is not None:
            out[u.index] = current
    return out


_COUNT = re.compile(
    r"(?<![\w.,§])(?<!vedlegg )(?<!side )(?<!kapittel )(?<!figur )(?<!tabell )(?<!punkt )"
    r"(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?(?![\w.,*]\d)"
)
BROAD = "~"
"""Marks a broad word of a criterion (it counts half when themes compete)."""
_SHARE = re.compile(r"\s*(?:prosent|%)")
_ORDINALS = "andre|tredje|fjerde|femte|sjette|sjuande|sjuende|syvende|åttande|åttende|niande|niende|tiande|tiende"
_WORD_SHARE = re.compile(
    r"\b(?:halvparten|halvdelen|(?:ein|en)\s+(?:tredel|tredjedel|fjerdedel|femtedel)|to\s+tredelar|to\s+tredjedeler|"
    r"fleirtalet|flertallet|majoriteten|mindretalet|mindretallet|(?:kvar|hver)\s+(?:" + _ORDINALS + r")|"
    r"(?:ein|en|éin|én)\s+av\s+(?:tre|fire|fem|seks|sju|syv|åtte|ni|ti|tjue|hundre)|"
    r"(?:fleire|flere|færre)\s+(?:[\w-]+\s+){1,3}enn)\b"
)
"""A share of people said in words («halvparten», «kvar femte», «ein av åtte», «fleire … enn»)."""
_JOB_SHARE = re.compile(r"\s*(?:prosent|%)\s*(?:stilling|stillingar|stillinger|årsverk)")
_BETWEEN = 2
"""At most this many words between a count and the population word it counts («72 nye flyktningar»)."""


def _count_near(text: str, anchors: tuple[str, ...]) -> str | None:
    """A count or share that belongs to a population word, or None: a number right before it
    («72 flyktningar», «72 nye flyktningar») or just after it («innvandrarane var 245»), or a share
    in the same sentence («12 prosent», «halvparten», «kvar femte»)."""
    spots = find_spans(list(anchors), text)
    worded = _WORD_SHARE.search(text)
    if worded:
        return worded.group(0)
    for m in _COUNT.finditer(text):
        if _JOB_SHARE.match(text, m.end()):
            continue  # «50 % stilling» is a post, not a share of people
        if _SHARE.match(text, m.end()):
            return m.group(0)
        for a, b in spots:
            gap = text[m.end() : a] if a >= m.end() else text[b : m.start()] if m.start() >= b else "x" * 99
            if len(gap.split()) <= _BETWEEN + (a < m.end()) and not re.search(r"[^\w\s(-]", gap):
                return m.group(0)
    return None


def _criteria_words(
    checklist: Checklist, text: str, toks: tuple[str, ...] | None, *, count: str | None = None
) -> dict[str, tuple[str, ...]]:
    """Criterion id → the criterion's words in ``text``; a ``count`` near a population word is a
    word of the criteria that take numbers, when they have no other words."""
    out: dict[str, tuple[str, ...]] = {}
    for theme in checklist.themes:
        for crit in theme.criteria:
            t = crit.exclusions.mask(text) if crit.exclusions is not None else text
            words = crit.terms.find(t, toks if t == text else None)
            if crit.broad is not None:
                words = [*words, *(BROAD + w for w in crit.broad.find(t, toks if t == text else None))]
            if count is not None and crit.numbers and not words:
                words = [count]
            if words:
                out[crit.id] = tuple(words)
    return out


class _Plan:
    """One document as the scorer sees it: its units, their population words, and the context
    (headings, sections, chapters, inline labels) that a judgement on a unit needs."""

    def __init__(self, doc: Document, checklist: Checklist) -> None:
        self.doc = doc
        self.checklist = checklist
        self.ctx = _Context(checklist)
        self.doc_type, self.max_level = detect_doc_type(doc, checklist)
        self.doc_anchor = self.ctx.heading_anchor(doc.title)
        self.title_norm = norm(doc.title)
        self.anchor_pieces = _anchor_pieces(checklist)
        self.units = build_units(doc, keep=self._worth_reading)
        self.norms = [b.norm for b in doc.blocks(body_only=True)]
        self.pops = [self._population(u) for u in self.units]
        self.labels = _label_roles(self.units, self.ctx)
        self.shared_ids = frozenset(c.id for t in checklist.themes for c in t.criteria if c.shared)
        self.no_measures = checklist.no_measures is not None and any(
            checklist.no_measures.search(n) for n in self.norms
        )
        # A chapter (first two heading levels) that names the immigrant population explicitly gives
        # signs of diversity inside it their full weight.
        self.group_strong: dict[tuple[str, ...], bool] = defaultdict(bool)
        for u, pop in zip(self.units, self.pops, strict=True):
            if pop.strong:
                self.group_strong[self._group(u)] = True
        self.section_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for b in doc.blocks(body_only=True):
            if b.kind is not BlockKind.HEADING and b.section:
                self.section_words[b.section].append(b.norm)
        self._section_themes: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}

    def _population(self, u: Unit) -> Population:
        if _may_anchor(u.norm, self.anchor_pieces):
            text = self._without_owner(u)
            if text == u.norm:
                return population(text, self.checklist, u.toks)
            pop = population(text, self.checklist)
            if len(pop.theme_text) != len(u.norm):
                return pop
            # the owner's words still tell the measure's theme («Helsestasjonen»)
            theme_text = "".join(
                full if left == " " and full != " " else mine
                for full, left, mine in zip(u.norm, text, pop.theme_text, strict=True)
            )
            return replace(pop, theme_text=theme_text)
        # nothing here can name the immigrant population: only its theme words are looked for
        return Population(theme_text=_blank(u.norm, [(t.start, t.end) for t in theme_senses(u.norm)]))

    def _without_owner(self, u: Unit) -> str:
        """A table row's text with the cells under an owner column («Ansvar») blanked: the unit
        that carries a measure out («Flyktningtenesta») says who acts, not for whom."""
        if not u.header or u.row_cells < 2:
            return u.norm
        heads = u.header.split(" | ")
        cells = u.norm.split(" | ")
        if len(heads) != len(cells):
            return u.norm
        if not any(_OWNER_COLUMN.match(h) for h in heads):
            return u.norm
        return " | ".join(" " * len(c) if _OWNER_COLUMN.match(h) else c for h, c in zip(heads, cells, strict=True))

    def _worth_reading(self, block: Block) -> bool:
        """Only blocks that can name the immigrant population (or stand where it is named) become units."""
        if self.doc_anchor or self.anchor_pieces is None or block.kind is BlockKind.HEADING:
            return True
        return _may_anchor(block.norm, self.anchor_pieces) or any(self.ctx.heading_anchor(h) for h in block.section)

    @staticmethod
    def _group(u: Unit) -> tuple[str, ...]:
        path = u.section + ((u.text,) if u.kind is BlockKind.HEADING else ())
        return path[:2]

    def _about_population(self, u: Unit) -> bool:
        """A chapter whose heading names diversity or inclusion and whose text names immigrants."""
        g = self._group(u)
        if not g or not self.group_strong[g]:
            return False
        h = population(norm(g[-1]), self.checklist)
        return bool(h.strong or h.plan or h.weak or h.context)

    def section_theme(self, section: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """The theme a section is clearly about, from the words of all its text (immigrants or not):
        at least three specific words, twice as many as any other theme's."""
        if section not in self._section_themes:
            found: dict[str, list[str]] = defaultdict(list)
            for text in self.section_words.get(section, ()):
                for cid, words in _criteria_words(self.checklist, text, None).items():
                    found[cid].extend(w for w in words if not w.startswith(BROAD))
            by_theme: dict[str, int] = defaultdict(int)
            for cid, theme_hits in found.items():
                by_theme[cid.split(".")[0]] += len(theme_hits)
            ranked = sorted(by_theme.items(), key=lambda kv: -kv[1])
            best = ranked[0] if ranked else ("", 0)
            second = ranked[1][1] if len(ranked) > 1 else 0
            clear = best[1] >= 3 and best[1] >= 2 * second
            self._section_themes[section] = (
                {cid: tuple(ws) for cid, ws in found.items() if cid.split(".")[0] == best[0]} if clear else {}
            )
        return self._section_themes[section]

    def anchor(self, u: Unit, pop: Population) -> tuple[str, tuple[str, ...], str | None] | None:
        """What ties a unit to the immigrant population: (anchor_from, words, heading), or None."""
        heading = next((h for h in reversed(u.section) if self.ctx.heading_anchor(h)), None)
        before = self.pops[u.index - 1] if u.index else None
        if pop.strong:
            return "sentence", pop.strong, None
        if (
            before is not None
            and before.strong
            and self.units[u.index - 1].section == u.section
            and refers_back(u.norm)
        ):
            # «Dei fleste kom i arbeid» right after a sentence about refugees speaks of them.
            return "previous", before.strong, None
        if heading is not None:
            return "heading", (), heading
        if self.doc_anchor:
            return "document", (), None
        if pop.plan and self.checklist.plan_reference is not None:
            return "plan_name", pop.plan, None
        if (pop.weak or pop.context) and self._about_population(u):
            return "chapter", pop.weak or pop.context, None
        if pop.weak:
            return "weak", pop.weak, None
        return None

    def role(self, u: Unit) -> tuple[str, str, str | None]:
        """(role, role_from, the heading or label that gave it)."""
        if u.index in self.labels:
            role, label = self.labels[u.index]
            return role, "label", label
        return _role(u, self.ctx, self.is_title)

    def is_title(self, heading: str) -> bool:
        """Whether a heading is the plan's title (or repeats it)."""
        return heading == self.doc.title or (norm(heading) in self.title_norm and len(heading) > 12)

    def heading_themes(self, u: Unit) -> dict[str, tuple[str, ...]]:
        """The criteria named by the nearest heading with theme words (the plan's title aside)."""
        for hd in reversed(u.section):
            # The plan's title names its subject («Temaplan for folkehelse»), not each section's theme.
            if self.is_title(hd):
                continue
            found = self.ctx.heading_themes(hd)
            if found:
                return found
        return {}

    def judge(self, u: Unit, pop: Population) -> list[_Hit]:
        """The unit's hits: one per criterion it counts for, each with its level and reason."""
        checklist = self.checklist
        # An entry in a list of plans («Plan for integrering») is quoted as it stands.
        if not u.quotable and not (pop.plan and u.kind is not BlockKind.HEADING and len(u.toks) >= 2):
            return []
        tied = self.anchor(u, pop)
        if tied is None:
            return []
        anchor_from, anchor, anchor_heading = tied
        role, role_from, role_heading = self.role(u)
        if role == "definition" or _defines(u, checklist):
            return []  # a glossary defines words; it says nothing about the plan's themes
        commitment = checklist.commitment.search(u.norm, u.toks) or (
            bool(u.toks) and u.toks[0] in checklist.strategy_starts
        )
        if role_from == "none" and commitment:
            role_from = "wording"
        weak_mod = checklist.weak_modality.search(u.norm, u.toks)
        level, eff_role, cap, ops = _level(u, role, commitment, weak_mod, checklist)

        toks = u.toks if pop.theme_text == u.norm else None
        count = _count_near(pop.theme_text, pop.strong) if pop.strong else None
        if count is None and pop.origin:
            # who the residents are, by where they come from, is the population's make-up: a word
            # of the criteria that take figures, as a count would be
            count = pop.strong[0]
        sentence = _criteria_words(checklist, pop.theme_text, toks, count=count)
        same_block = u.index > 0 and self.units[u.index - 1].block == u.block
        if same_block and _share_of_before(sentence, pop.theme_text, checklist):
            # «Blant barn med innvandrarbakgrunn er delen tre gonger så høg» speaks of the share in
            # the sentence before («… i hushald med låg inntekt»): that sentence's theme is its theme
            before = _criteria_words(checklist, self.pops[u.index - 1].theme_text, None)
            carried = {c: ws for c, ws in before.items() if not checklist.criterion(c).numbers}
            if carried:
                sentence = carried
        if not sentence and anchor_from == "sentence" and all(UNIT_NAME.search(w) for w in pop.strong):
            # a unit named after the population («flyktningtenesta») in a sentence that says
            # nothing of a theme itself is named in passing (offices shared, cars lent): it takes
            # no theme from the heading above
            return []
        heading = self.heading_themes(u)
        if not heading and not sentence:
            if anchor_from in ("chapter", "weak"):
                # a sign of diversity tied to immigrants only by its chapter, and to a theme only by
                # its section's other text: two guesses in a row are no evidence
                return []
            heading = self.section_theme(u.section)
        shared: dict[str, tuple[str, ...]] = {}
        if anchor_from == "plan_name":
            # A plan named after the population: a mention of that plan, or a planned effort when
            # the plan is to be made or revised — as every entry in a planstrategi's or
            # planprogram's list of plans is. It counts for the themes its name covers.
            entry = len(u.toks) <= 12 and self.doc_type in ("planstrategi", "planprogram")
            announced = checklist.announcement.search(u.norm, u.toks) or commitment or entry
            level = min(max(level, 2) if announced else 1, 2)
            cap = "plan_name"
            covers = {
                cid: words
                for cid, words in _criteria_words(checklist, pop.plan_text, None).items()
                if set(words) - set(anchor)
            }
            chosen = {str(checklist.plan_reference): (), **covers}
        else:
            chosen = _choose_criteria(sentence, heading, anchor, self.shared_ids)
            # A criterion shared with other themes (a share of the population) counts beside them
            # only with two or more of its own words: «22 % av elevane» is about school alone.
            shared = {
                cid: found
                for cid, found in sentence.items()
                if cid not in chosen and checklist.criterion(cid).shared and len(set(found)) >= 2
            }
            if anchor_from != "sentence":
                chosen = {cid: w for cid, w in chosen.items() if not _population_in_general(cid, w, u, checklist)}
                shared = {cid: w for cid, w in shared.items() if not _population_in_general(cid, w, u, checklist)}
        weak_anchor = anchor_from == "weak"
        all_words = tuple(dict.fromkeys(w.lstrip(BROAD) for ws in (*chosen.values(), *shared.values()) for w in ws))
        n_themes = len({c.split(".")[0] for c in (*chosen, *shared)})
        out: list[_Hit] = []
        for cid, found in [*chosen.items(), *shared.items()]:
            matched = tuple(dict.fromkeys(w.lstrip(BROAD) for w in found))
            capped = min(level, 1) if weak_anchor or cid in shared else level
            c_cap = cap if capped == level else (cap or ("weak_sign" if weak_anchor else "shared"))
            reason = Reason(
                anchor=anchor,
                anchor_from=anchor_from,
                heading=anchor_heading if anchor_from == "heading" else role_heading,
                role_from=role_from,
                theme_words=matched or all_words,
                operational=ops,
                capped_by=c_cap,
            )
            own = found if sentence.get(cid) == found else ()
            out.append(
                _Hit(
                    u,
                    checklist.criterion(cid),
                    tuple(dict.fromkeys((*anchor, *matched))),
                    capped,
                    level,
                    eff_role,
                    weak_anchor,
                    reason,
                    strength=sum(0.5 if w.startswith(BROAD) else 1.0 for w in own),
                    themes=n_themes,
                )
            )
        return out


_GENERAL_POPULATION = re.compile(r"befolkning(?:a|en|ens|as|ar|er)?")

# A share named by a bare definite noun and then told («… er andelen over tre gonger så høg»,
# «Delen er høgare blant …»): a share of what the sentence before spoke of, not of the population.
_SHARE_TOLD = re.compile(
    r"\b(?:andelen|andelene|delen|prosentdelen|prosentandelen|talet|tallet)"
    r"(?=\s*$|\s+(?:er|var|blir|vert|ligg|ligger|har|økte|økt|auka|aukar|øker|over|under|nesten|omtrent|om|"
    r"dobbelt|høgare|høyere|lågare|lavere|større|mindre|klart|betydeleg|betydelig|vesentleg|vesentlig|"
    r"endå|enda|to|tre|fire|like)\b)"
)


def _share_of_before(words: dict[str, tuple[str, ...]], text: str, checklist: Checklist) -> bool:
    """Whether a sentence tells a share by a bare noun (``_SHARE_TOLD``) and has no theme words but
    such shares: its theme is that of the sentence before it, whose share it compares."""
    return all(checklist.criterion(c).numbers and all(w.startswith(BROAD) for w in ws) for c, ws in words.items()) and (
        _SHARE_TOLD.search(text) is not None
    )


def _population_in_general(cid: str, words: tuple[str, ...], u: Unit, checklist: Checklist) -> bool:
    """Whether a sentence that does not name the immigrant population itself counts for a criterion of
    figures («numbers») only through the population in general: «deler av befolkningen», «ein del av
    fellesskapet», «befolkningens mangfold». Without a figure it says nothing of the population's size,
    share or growth, wherever it stands."""
    if not checklist.criterion(cid).numbers or any(c.isdigit() for c in u.text):
        return False
    return all(w.startswith(BROAD) or _GENERAL_POPULATION.fullmatch(w) for w in words)


def assess(doc: Document, checklist: Checklist, *, lang: Lang = "nn") -> Assessment:
    """Score ``doc`` against ``checklist``: levels, scores, quotes with reasons, flags."""
    plan = _Plan(doc, checklist)
    hits = [h for u, pop in zip(plan.units, plan.pops, strict=True) for h in plan.judge(u, pop)]

    # A weak sign of diversity counts fully where the theme also names immigrants explicitly.
    strong_themes = {h.criterion.theme for h in hits if not h.weak_anchor}
    for h in hits:
        if h.weak_anchor and h.criterion.theme in strong_themes and h.level < h.raw_level:
            h.level = h.raw_level
            if h.reason.capped_by == "weak_sign":
                h.reason = replace(h.reason, capped_by=None)

    by_criterion: dict[str, list[_Hit]] = defaultdict(list)
    for h in hits:
        by_criterion[h.criterion.id].append(h)

    def evidence(h: _Hit, level: int, doc_cap: str | None = None) -> Evidence:
        reason = h.reason
        if level < h.level and doc_cap is not None:
            reason = replace(reason, capped_by=doc_cap)
        return Evidence(
            page=doc.label_of(h.unit.page),
            page_index=h.unit.page,
            section=h.unit.section,
            role=h.role,
            text=h.unit.text,
            terms=h.terms,
            level=level,
            criterion=h.criterion.id,
            theme=h.criterion.theme,
            reason=reason,
        )

    def pick(items: list[_Hit], cap: int, doc_cap: str | None) -> tuple[Evidence, ...]:
        """The quotes to show: highest level first; sentences that name the population themselves
        before those that stand under a heading or in a plan that does; then the quotes whose own
        words are most specific to the theme."""
        ranked = sorted(
            items,
            key=lambda h: (
                -min(h.level, cap),
                _ANCHOR_RANK.get(h.reason.anchor_from, 9),
                h.strength == 0,
                h.themes,
                h.unit.index,
            ),
        )
        out: list[Evidence] = []
        seen: set[str] = set()
        for h in ranked:
            if h.unit.text in seen:
                continue
            seen.add(h.unit.text)
            out.append(evidence(h, min(h.level, cap), doc_cap))
            if len(out) >= MAX_EVIDENCE:
                break
        return tuple(out)

    themes: list[ThemeResult] = []
    for theme in checklist.themes:
        theme_hits = [h for c in theme.criteria for h in by_criterion.get(c.id, [])]
        raw = max((h.level for h in theme_hits), default=0)
        level, capped_by = raw, None
        if level > 2 and plan.no_measures:
            level, capped_by = 2, "no_measures"
        if level > plan.max_level:
            level, capped_by = plan.max_level, plan.doc_type
        if level > theme.max_level:
            level, capped_by = theme.max_level, "theme"
        crits: list[CriterionResult] = []
        for c in theme.criteria:
            ch = by_criterion.get(c.id, [])
            clevel = min(max((h.level for h in ch), default=0), level)
            crits.append(CriterionResult(c.id, clevel, pick(ch, level, capped_by)))
        total = sum(c.weight for c in theme.criteria)
        coverage = sum(c.weight * cr.level / 3 for c, cr in zip(theme.criteria, crits, strict=True)) / total
        score = round(100 * (0.7 * level / 3 + 0.3 * coverage)) if level else 0
        themes.append(ThemeResult(theme.id, level, score, tuple(crits), pick(theme_hits, level, capped_by), capped_by))

    flags = _flags(checklist, plan.units, plan.pops, hits, themes, lang, evidence, plan.norms)
    return Assessment(
        document=DocumentInfo(
            title=doc.title,
            pages=len(doc.pages),
            malform=doc.malform,
            sha256=doc.sha256,
            source=doc.source,
            doc_type=plan.doc_type,
            labels_known=all(p.label for p in doc.pages),
            plan=detect_plan_kind(doc),
        ),
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        themes=tuple(themes),
        flags=flags,
        warnings=doc.warnings,
    )


def _flags(
    checklist: Checklist,
    units: list[Unit],
    pops: list[Population],
    hits: list[_Hit],
    themes: list[ThemeResult],
    lang: Lang,
    evidence: object,
    all_norms: list[str],
) -> tuple[FlagResult, ...]:
    # Flags about how the plan treats immigrants need a quote that names them (or stands where they
    # are named): a sign of diversity alone («rasisme») does not say that the plan speaks of them.
    named = {h.criterion.theme for h in hits if not h.weak_anchor}
    mentioned = any(t.level >= 1 and t.id in named for t in themes)
    best = max((t.level for t in themes), default=0)
    out: list[FlagResult] = []
    make = evidence  # (hit, level) -> Evidence

    def text(t: object) -> str:
        return str(getattr(t, lang))

    def anchored_with(m: TermMatcher | None) -> list[int]:
        if m is None:
            return []
        return [
            i for i, (u, p) in enumerate(zip(units, pops, strict=True)) if p.strong and m.search(p.theme_text, None)
        ]

    for f in checklist.flags:
        raised = False
        ev: tuple[Evidence, ...] = ()
        if f.kind == "only_knowledge":
            raised = mentioned and best <= 1
            ev = tuple(make(h, h.level) for h in hits if h.level == 1 and not h.weak_anchor)[:3]  # type: ignore[operator]
        elif f.kind == "undifferentiated":
            raised = mentioned and not any(f.terms.search(m) for m in all_norms) if f.terms else False
        elif f.kind == "no_district_link":
            raised = mentioned and not anchored_with(f.terms)
        elif f.kind == "no_measures":
            raised = best < 3
        elif f.kind == "no_followup":
            followup_names = ("indicator", "followup")
            has = any(
                h.role == "followup"
                or (h.level >= 2 and any(n in followup_names for n in _operational(h.unit, checklist)))
                for h in hits
            )
            raised = not has
        if raised:
            out.append(FlagResult(f.id, text(f.title), text(f.message), ev))
    return tuple(out)


def sentence_criteria(checklist: Checklist, sentence: str) -> dict[str, tuple[str, ...]]:
    """Criteria a single sentence matches on its own: an immigrant reference plus the criterion's words.

    This is what a checklist's example sentences are tested with (no headings, no document
    context, no competition between themes).
    """
    text = norm(sentence).replace("%", " prosent")
    pop = population(text, checklist)
    if not (pop.strong or pop.weak):
        return {}
    return _criteria_words(checklist, pop.theme_text, None)


def check_examples(checklist: Checklist) -> list[str]:
    """Every criterion's examples: the ones that must match do, the others do not. Returns failures."""
    failures: list[str] = []
    for theme in checklist.themes:
        for crit in theme.criteria:
            for sentence in crit.examples_match:
                if crit.id not in sentence_criteria(checklist, sentence):
                    failures.append(f"{crit.id}: skulle treffe / skulle treffe: «{sentence}»")
            for sentence in crit.examples_no_match:
                if crit.id in sentence_criteria(checklist, sentence):
                    failures.append(f"{crit.id}: skulle ikkje treffe / skulle ikke treffe: «{sentence}»")
    return failures
