"""Score a document against a checklist: levels 0–3 per theme from where the evidence stands.

The rules follow the rubric: a sentence counts for a theme when it refers to the
immigrant population and uses the theme's words; its level comes from the part of the plan
it stands in (knowledge, goal, strategy, measure, follow-up) and from its wording
("skal"/"vil" commits, "bør" only wishes). Measures need an owner, a deadline, resources, an
indicator or a follow-up routine to count as operational.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..checklist import Checklist, Criterion
from ..match.terms import TermMatcher
from ..match.units import Unit, build_units
from ..messages import Lang
from ..model import Block, BlockKind, Document
from ..read.normalise import norm
from .model import Assessment, CriterionResult, DocumentInfo, Evidence, FlagResult, ThemeResult
from .plantype import detect_plan_kind

MAX_EVIDENCE = 6
ROLE_ORDER = ("measure", "followup", "strategy", "goal", "knowledge")


@dataclass(slots=True)
class _Hit:
    unit: Unit
    criterion: Criterion
    terms: tuple[str, ...]
    level: int
    raw_level: int
    role: str
    weak_anchor: bool
    anchor_terms: tuple[str, ...]


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
        """Criteria whose terms stand in a heading: criterion id → matched words."""
        if heading not in self.theme_cache:
            n = norm(heading)
            found: dict[str, tuple[str, ...]] = {}
            for theme in self.checklist.themes:
                for c in theme.criteria:
                    words = c.terms.find(n)
                    if words:
                        found[c.id] = tuple(words)
            self.theme_cache[heading] = found
        return self.theme_cache[heading]

    def heading_anchor(self, heading: str) -> bool:
        if heading not in self.anchor_cache:
            self.anchor_cache[heading] = bool(self.checklist.strong.search(self.mask(norm(heading))))
        return self.anchor_cache[heading]

    def mask(self, text: str) -> str:
        ex = self.checklist.population_exclusions
        return ex.mask(text) if ex is not None else text


_PREFILTERS: dict[int, re.Pattern[str] | None] = {}


def _anchor_prefilter(checklist: Checklist) -> re.Pattern[str] | None:
    """One pattern any population word must contain: most sentences are skipped in one C call."""
    key = id(checklist)
    if key not in _PREFILTERS:
        parts = [m.prefilter.pattern for m in (checklist.strong, checklist.weak, checklist.context_only) if m.prefilter]
        # Every matcher's prefilter covers its fuzzy prefixes too (by their first three letters).
        if len(parts) < 3:
            _PREFILTERS[key] = None
        else:
            _PREFILTERS[key] = re.compile("|".join(parts))
    return _PREFILTERS[key]


def detect_doc_type(doc: Document, checklist: Checklist) -> tuple[str | None, int]:
    """The document type (planstrategi, planprogram, …) from the title and first headings."""
    first_heads = [b.text for p in doc.pages[:2] for b in p.blocks if b.kind is BlockKind.HEADING][:3]
    heads = [doc.title, *first_heads]
    text = norm(" ".join(heads))
    for rule in checklist.doc_types:
        if rule.title_terms.search(text):
            return rule.id, rule.max_level
    return None, 3


def _role(unit: Unit, ctx: _Context) -> str:
    if unit.kind is BlockKind.TABLE_CELL and unit.header:
        for name, m in ctx.checklist.roles:
            if name in ("measure", "followup") and m.search(unit.header):
                return name
    headings = list(unit.section)
    if unit.kind is BlockKind.HEADING:
        headings = [*headings, unit.text]
    for heading in reversed(headings):
        role = ctx.heading_role(heading)
        if role is not None:
            return role
    return "none"


def _operational(unit: Unit, checklist: Checklist) -> list[str]:
    found = [name for name, m in checklist.operational if m.search(unit.item or unit.norm)]
    if unit.header and unit.row_cells >= 2:
        for name, m in checklist.operational:
            if name not in found and m.search(unit.header):
                found.append(name)
    return found


_MODAL = re.compile(r"\b(skal|vil|må)\b")


def _level(unit: Unit, role: str, commitment: bool, weak_mod: bool, checklist: Checklist) -> tuple[int, str]:
    """The level a sentence earns from where it stands and how it is worded."""
    words = len(unit.toks)
    if unit.kind is BlockKind.PARAGRAPH and words < checklist.min_words and role in ("goal", "strategy", "measure"):
        role = "knowledge"  # chart labels and captions under a goal heading
    # "bør" only wishes, unless the sentence also says "skal" or "vil".
    wish = weak_mod and not _MODAL.search(unit.norm)
    if wish:
        return 1, role
    ops = _operational(unit, checklist)
    if role == "measure":
        return (3 if ops else 2), role
    # A routine the plan commits to (or sets as a goal or strategy), with a named owner and a
    # deadline, resources or a follow-up, is an operational measure even outside a tiltak list.
    # A share or count alone ("40 prosent") is not enough: facts carry numbers too.
    firm = {"deadline", "resources", "followup"}
    if "owner" in ops and firm & set(ops) and (commitment or role in ("goal", "strategy", "followup")):
        return 3, "measure"
    if role in ("goal", "strategy"):
        # Running prose under a goal heading is a goal only when it is worded as one.
        if unit.listed or commitment or unit.kind is BlockKind.HEADING or _MODAL.search(unit.norm):
            return 2, role
        return 1, role
    if role == "followup":
        return (2 if commitment else 1), role
    return (2 if commitment else 1), role


def _choose_criteria(
    sentence: dict[str, tuple[str, ...]], heading: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The criteria a sentence counts for.

    The themes with most of their words in the sentence win (any theme with two or more
    words stays); a tie is settled by the heading above. A sentence that names four or more
    themes with one word each is an enumeration and counts for none. A sentence with no theme
    words of its own takes the theme of its heading.
    """
    if not sentence:
        return dict(heading)
    counts: dict[str, set[str]] = defaultdict(set)
    for cid, words in sentence.items():
        counts[cid.split(".")[0]].update(words)
    top = max(len(v) for v in counts.values())
    if len(counts) >= 4 and top <= 1:
        return {}
    keep = {t for t, v in counts.items() if len(v) >= 2 or len(v) == top}
    h_themes = {cid.split(".")[0] for cid in heading}
    if len(keep) > 1 and keep & h_themes:
        keep &= h_themes
    return {cid: words for cid, words in sentence.items() if cid.split(".")[0] in keep}


_LABEL = re.compile(r"^([^\W\d][\w ]{1,40}?)\s*:\s*")


def _label_roles(units: list[Unit], ctx: _Context) -> dict[int, str]:
    """Roles set by inline labels ("Mål:", "Tiltak:", "Slik gjer vi det:") for the text after them.

    A label holds until the next heading or the next label.
    """
    out: dict[int, str] = {}
    current: str | None = None
    for u in units:
        if u.kind is BlockKind.HEADING:
            current = None
            continue
        m = _LABEL.match(u.text)
        if m:
            role = ctx.heading_role(m.group(1))
            if role is not None:
                current = role
        if current is not None:
            out[u.index] = current
    return out


def assess(doc: Document, checklist: Checklist, *, lang: Lang = "nn") -> Assessment:
    """Score ``doc`` against ``checklist``."""
    ctx = _Context(checklist)
    doc_type, max_level = detect_doc_type(doc, checklist)
    pop_ex = checklist.population_exclusions
    doc_anchor = bool(checklist.strong.search(ctx.mask(norm(doc.title))))
    anchor_pre = _anchor_prefilter(checklist)

    def worth_reading(block: Block) -> bool:
        """Only blocks that can name the immigrant population (or stand where it is named) become units."""
        if doc_anchor or anchor_pre is None or block.kind is BlockKind.HEADING:
            return True
        return bool(anchor_pre.search(block.norm)) or any(ctx.heading_anchor(h) for h in block.section)

    units = build_units(doc, keep=worth_reading)
    all_norms = [b.norm for b in doc.blocks(body_only=True)]
    masked: list[str] = []
    strong: list[tuple[str, ...]] = []
    weak: list[tuple[str, ...]] = []
    ctx_only: list[tuple[str, ...]] = []
    for u in units:
        if anchor_pre is not None and not anchor_pre.search(u.norm):
            masked.append(u.norm)  # nothing here can name the immigrant population
            strong.append(())
            weak.append(())
            ctx_only.append(())
            continue
        text = pop_ex.mask(u.norm) if pop_ex is not None else u.norm
        toks = u.toks if text == u.norm else None
        masked.append(text)
        s_found = tuple(checklist.strong.find(text, toks))
        strong.append(s_found)
        weak.append(() if s_found else tuple(checklist.weak.find(text, toks)))
        ctx_only.append(() if s_found else tuple(checklist.context_only.find(text, toks)))

    # A chapter (first two heading levels) that names the immigrant population explicitly
    # gives weak and context-only words inside it their full weight.
    def group(u: Unit) -> tuple[str, ...]:
        path = u.section + ((u.text,) if u.kind is BlockKind.HEADING else ())
        return path[:2]

    group_strong: dict[tuple[str, ...], bool] = defaultdict(bool)
    for u, found in zip(units, strong, strict=True):
        if found:
            group_strong[group(u)] = True

    def about_population(g: tuple[str, ...]) -> bool:
        """A chapter whose heading names diversity or inclusion and whose text names immigrants."""
        if not group_strong[g] or not g:
            return False
        heading = ctx.mask(norm(g[-1]))
        return bool(
            checklist.strong.search(heading) or checklist.weak.search(heading) or checklist.context_only.search(heading)
        )

    no_measures = checklist.no_measures is not None and any(checklist.no_measures.search(n) for n in all_norms)

    labels = _label_roles(units, ctx)
    hits: list[_Hit] = []
    for u, text, s_words, w_words, c_words in zip(units, masked, strong, weak, ctx_only, strict=True):
        in_anchored_section = doc_anchor or any(ctx.heading_anchor(hd) for hd in u.section)
        anchor_terms: tuple[str, ...]
        if s_words or in_anchored_section:
            weak_anchor = False
            anchor_terms = s_words
        elif (w_words or c_words) and about_population(group(u)):
            weak_anchor = False
            anchor_terms = w_words or c_words
        elif w_words:
            weak_anchor = True
            anchor_terms = w_words
        else:
            continue
        role = labels.get(u.index) or _role(u, ctx)
        commitment = checklist.commitment.search(u.norm, u.toks) or (
            bool(u.toks) and u.toks[0] in checklist.strategy_starts
        )
        weak_mod = checklist.weak_modality.search(u.norm, u.toks)
        level, eff_role = _level(u, role, commitment, weak_mod, checklist)

        # Which criteria: the sentence's own theme words, narrowed by the heading it stands under.
        sentence: dict[str, tuple[str, ...]] = {}
        for theme in checklist.themes:
            for crit in theme.criteria:
                t = crit.exclusions.mask(text) if crit.exclusions is not None else text
                words = crit.terms.find(t, u.toks if t == u.norm else None)
                if words:
                    sentence[crit.id] = tuple(words)
        heading: dict[str, tuple[str, ...]] = {}
        for hd in reversed(u.section):
            heading = ctx.heading_themes(hd)
            if heading:
                break
        chosen = _choose_criteria(sentence, heading)
        shared = {
            cid: found for cid, found in sentence.items() if cid not in chosen and checklist.criterion(cid).shared
        }
        if not chosen and not shared:
            continue
        for cid, matched in [*chosen.items(), *shared.items()]:
            crit = checklist.criterion(cid)
            capped = min(level, 1) if weak_anchor or cid in shared else level
            hits.append(
                _Hit(
                    u,
                    crit,
                    tuple(dict.fromkeys((*anchor_terms, *matched))),
                    capped,
                    level,
                    eff_role,
                    weak_anchor,
                    anchor_terms,
                )
            )

    # A weak sign of diversity counts fully where the theme also names immigrants explicitly.
    strong_themes = {h.criterion.theme for h in hits if not h.weak_anchor}
    for h in hits:
        if h.weak_anchor and h.criterion.theme in strong_themes:
            h.level = h.raw_level

    by_criterion: dict[str, list[_Hit]] = defaultdict(list)
    for h in hits:
        by_criterion[h.criterion.id].append(h)

    def evidence(h: _Hit, level: int) -> Evidence:
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
        )

    def pick(items: list[_Hit], cap: int) -> tuple[Evidence, ...]:
        ranked = sorted(items, key=lambda h: (-min(h.level, cap), h.unit.index))
        out: list[Evidence] = []
        seen: set[str] = set()
        for h in ranked:
            if h.unit.text in seen:
                continue
            seen.add(h.unit.text)
            out.append(evidence(h, min(h.level, cap)))
            if len(out) >= MAX_EVIDENCE:
                break
        return tuple(out)

    themes: list[ThemeResult] = []
    for theme in checklist.themes:
        theme_hits = [h for c in theme.criteria for h in by_criterion.get(c.id, [])]
        raw = max((h.level for h in theme_hits), default=0)
        level, capped_by = raw, None
        if level == 3 and not any(h.level == 2 for h in theme_hits):
            level, capped_by = 2, "no_goal"
        if level > 2 and no_measures:
            level, capped_by = 2, "no_measures"
        if level > max_level:
            level, capped_by = max_level, doc_type
        crits: list[CriterionResult] = []
        for c in theme.criteria:
            ch = by_criterion.get(c.id, [])
            clevel = min(max((h.level for h in ch), default=0), level)
            crits.append(CriterionResult(c.id, clevel, pick(ch, level)))
        total = sum(c.weight for c in theme.criteria)
        coverage = sum(c.weight * cr.level / 3 for c, cr in zip(theme.criteria, crits, strict=True)) / total
        score = round(100 * (0.7 * level / 3 + 0.3 * coverage)) if level else 0
        themes.append(ThemeResult(theme.id, level, score, tuple(crits), pick(theme_hits, level), capped_by))

    flags = _flags(checklist, units, strong, masked, hits, themes, lang, evidence, all_norms)
    return Assessment(
        document=DocumentInfo(
            title=doc.title,
            pages=len(doc.pages),
            malform=doc.malform,
            sha256=doc.sha256,
            source=doc.source,
            doc_type=doc_type,
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
    strong: list[tuple[str, ...]],
    masked: list[str],
    hits: list[_Hit],
    themes: list[ThemeResult],
    lang: Lang,
    evidence: object,
    all_norms: list[str],
) -> tuple[FlagResult, ...]:
    mentioned = any(t.level >= 1 for t in themes)
    best = max((t.level for t in themes), default=0)
    out: list[FlagResult] = []
    make = evidence  # (hit, level) -> Evidence

    def text(t: object) -> str:
        return str(getattr(t, lang))

    def anchored_with(m: TermMatcher | None) -> list[int]:
        if m is None:
            return []
        return [i for i, (u, s) in enumerate(zip(units, strong, strict=True)) if s and m.search(masked[i], u.toks)]

    for f in checklist.flags:
        raised = False
        ev: tuple[Evidence, ...] = ()
        if f.kind == "only_knowledge":
            raised = mentioned and best <= 1
            ev = tuple(make(h, h.level) for h in hits if h.level == 1)[:3]  # type: ignore[operator]
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
    if checklist.population_exclusions is not None:
        text = checklist.population_exclusions.mask(text)
    anchors = checklist.strong.find(text) or checklist.weak.find(text)
    if not anchors:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for theme in checklist.themes:
        for crit in theme.criteria:
            t = crit.exclusions.mask(text) if crit.exclusions is not None else text
            words = crit.terms.find(t)
            if words:
                out[crit.id] = tuple(words)
    return out


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
