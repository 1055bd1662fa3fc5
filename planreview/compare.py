"""Follow a plan over time: what changed between two versions, and whether the county's advice was followed.

Everything here is pure: the inputs are two ``Version`` objects (made from a saved review JSON
with ``version_from_review`` or from a fresh assessment with ``version_from_assessment``) and
a checklist; the outputs are frozen dataclasses with a ``to_json`` each. Reading files is the
caller's business (``planreview.api.load_version``, ``planreview.api.compare``).

**Levels.** Per theme and criterion, the level before and after.

**Quotes.** Per theme, the quotes of the two versions are matched sentence by sentence: the same
sentence (compared in lower case, letters and digits only) on whatever page it now stands is
the same quote; a sentence edited a little (rapidfuzz ``ratio`` ≥ 90, or one contained in the
other at most twice its length: the rule of ``planreview.evidence_eval``) is a *changed* quote;
what is left is *added* (the sentence is not in the old version) or *removed* (not in the new).
Each version holds only the quotes the scorer shows (up to six per theme and criterion), so a
quote is added or removed only when its sentence is not in the other version at all: when that
version was read from the plan, every sentence of the plan is searched; when it is a saved
review JSON, only its quotes are (the comparison's ``notes`` then say so). A sentence that is
in both plans but quoted in one is reported only when it explains a change of the theme's
level: quoted above the new level before (it no longer counts), or above the old level now (it
did not count then, e.g. it now stands under a goal heading); otherwise it only moved in or
out of the quotes shown. Such a quote, a quote whose level changed, and one whose sentence was
edited so that it is no longer evidence for the theme are *changed* (level 0 on the side where
the sentence is not evidence for the theme, with an empty ``criterion``).

**Flags.** Gained and lost, by id.

**Advice.** When the old version is a review JSON with a ``letter`` record (the letter's date
and each recommendation with the criterion, theme and flag ids behind it), each recommendation
is checked against the new version. What it asks for: a criterion met (level 2, or 3 for a
recommendation about measures; never above the theme's or the plan type's highest level), a
theme at that level, or a flag gone. A recommendation is *followed* when every check is met
(with the quotes that show it), *partly* when some are, or a level rose, *not followed* when
none are, and *unknown* when it rests on nothing that can be checked (or on what was already
met when the letter was written).

**Plans over time in a batch.** ``match_plans`` pairs the plans of a batch with those of an
earlier batch by municipality, plan type and title similarity; ambiguous matches are listed
with their candidates, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import fuzz, process

from .checklist import Checklist
from .errors import ChecklistError, UnsupportedFormat
from .evidence_eval import MAX_LENGTH_RATIO, NEAR, match_norm, texts_match
from .messages import current_malform

Origin = Literal["plan", "review"]
Status = Literal["followed", "partly", "not_followed", "unknown"]
CheckKind = Literal["criterion", "theme", "flag"]
MatchStatus = Literal["matched", "new", "ambiguous"]

STATUSES: tuple[Status, ...] = ("followed", "partly", "not_followed", "unknown")


def _t(nn: str, nb: str) -> str:
    return nn if current_malform() == "nn" else nb


# --- what a version holds ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote of one version: a sentence (or table row) the scorer gave as evidence for a theme."""

    theme: str
    criterion: str
    """The criterion id it supports ("" for a sentence that is no longer evidence)."""
    text: str
    page: str | None
    section: tuple[str, ...]
    role: str
    """knowledge, goal, strategy, measure, followup or none."""
    level: int
    terms: tuple[str, ...] = ()

    @property
    def norm(self) -> str:
        return match_norm(self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "page": self.page,
            "section": list(self.section),
            "role": self.role,
            "level": self.level,
            "criterion": self.criterion,
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a plan that was read (every unit the scorer sees, quoted or not)."""

    text: str
    page: str | None
    norm: str


@dataclass(frozen=True, slots=True)
class Point:
    """A remark or recommendation of a letter, with what it rests on (from the letter record)."""

    n: int
    """The recommendation's number in the letter (0 for a remark)."""
    kind: str
    text: str
    criteria: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "kind": self.kind,
            "text": self.text,
            "criteria": list(self.criteria),
            "themes": list(self.themes),
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """The letter sent on a version: its date and what it remarked and recommended."""

    date: str | None
    kind: str
    """«fråsegn» (a hearing response) or «innspel» (input to an adopted plan's next revision)."""
    malform: str | None
    title: str
    remarks: tuple[Point, ...]
    recommendations: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a plan as far as a comparison needs it."""

    source: str
    origin: Origin
    """plan: read and scored now (every sentence known); review: a saved review JSON (only its quotes)."""
    title: str
    checklist_id: str
    checklist_version: str
    plan_type: str | None
    stage: str | None
    doc_type: str | None
    pages: int | None
    themes: tuple[tuple[str, int], ...]
    """(theme id, level) in checklist order."""
    criteria: tuple[tuple[str, int], ...]
    quotes: tuple[Quote, ...]
    flags: tuple[tuple[str, str], ...]
    """(flag id, title)."""
    letter: LetterRecord | None = None
    sentences: tuple[Sentence, ...] | None = None
    """Every sentence of the plan when it was read (origin plan); None for a saved review."""

    def level(self, theme_id: str) -> int:
        return next((lv for t, lv in self.themes if t == theme_id), 0)

    def criterion_level(self, criterion_id: str) -> int:
        return next((lv for c, lv in self.criteria if c == criterion_id), 0)

    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.flags)

    def info(self) -> VersionInfo:
        return VersionInfo(
            source=self.source,
            origin=self.origin,
            title=self.title,
            checklist_id=self.checklist_id,
            checklist_version=self.checklist_version,
            plan_type=self.plan_type,
            stage=self.stage,
            pages=self.pages,
            letter_date=self.letter.date if self.letter else None,
        )


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What a comparison says about each of its versions."""

    source: str
    origin: Origin
    title: str
    checklist_id: str
    checklist_version: str
    plan_type: str | None
    stage: str | None
    pages: int | None
    letter_date: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "from": self.origin,
            "title": self.title,
            "checklist": {"id": self.checklist_id, "version": self.checklist_version},
            "plan_type": self.plan_type,
            "stage": self.stage,
            "pages": self.pages,
            "letter_date": self.letter_date,
        }


# --- making versions -----------------------------------------------------------------------------


class _Bad(Exception):
    """A review JSON that lacks something (the message says what)."""


def _str(value: Any, where: str, *, optional: bool = False) -> str:
    if isinstance(value, str):
        return value
    if optional and value is None:
        return ""
    raise _Bad(where)


def _int(value: Any, where: str) -> int:
    if type(value) is int:
        return value
    raise _Bad(where)


def _list(value: Any, where: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise _Bad(where)


def _dict(value: Any, where: str) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    raise _Bad(where)


def _ids(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_str(v, where) for v in _list(value if value is not None else [], where))


def _quote(e: Any, theme: str, where: str) -> Quote:
    e = _dict(e, where)
    page = e.get("page")
    return Quote(
        theme=theme,
        criterion=_str(e.get("criterion", ""), f"{where}.criterion", optional=True),
        text=_str(e.get("text"), f"{where}.text"),
        page=str(page) if page is not None else None,
        section=_ids(e.get("section", []), f"{where}.section"),
        role=_str(e.get("role", "none"), f"{where}.role", optional=True) or "none",
        level=_int(e.get("level", 0), f"{where}.level"),
        terms=_ids(e.get("terms", []), f"{where}.terms"),
    )


def _points(value: Any, where: str, numbered: bool) -> tuple[Point, ...]:
    out = []
    for i, p in enumerate(_list(value if value is not None else [], where), 1):
        p = _dict(p, f"{where}[{i - 1}]")
        n = p.get("n", i) if numbered else 0
        out.append(
            Point(
                n=_int(n, f"{where}[{i - 1}].n"),
                kind=_str(p.get("kind", ""), f"{where}[{i - 1}].kind", optional=True),
                text=_str(p.get("text", ""), f"{where}[{i - 1}].text", optional=True),
                criteria=_ids(p.get("criteria", []), f"{where}[{i - 1}].criteria"),
                themes=_ids(p.get("themes", []), f"{where}[{i - 1}].themes"),
                flags=_ids(p.get("flags", []), f"{where}[{i - 1}].flags"),
            )
        )
    return tuple(out)


def letter_from_record(record: Mapping[str, Any] | None) -> LetterRecord | None:
    """The ``letter`` record of a review JSON as a ``LetterRecord`` (None when there is none).

    Raises ValueError naming the key when the record is there but not of the documented shape.
    """
    if record is None:
        return None
    try:
        rec = _dict(record, "letter")
        date = rec.get("date")
        return LetterRecord(
            date=_str(date, "letter.date") if date is not None else None,
            kind=_str(rec.get("kind", "fråsegn"), "letter.kind", optional=True) or "fråsegn",
            malform=_str(rec.get("malform"), "letter.malform") if rec.get("malform") is not None else None,
            title=_str(rec.get("title", ""), "letter.title", optional=True),
            remarks=_points(rec.get("remarks", []), "letter.remarks", numbered=False),
            recommendations=_points(rec.get("recommendations", []), "letter.recommendations", numbered=True),
        )
    except _Bad as exc:
        raise ValueError(str(exc)) from None


def version_from_review(data: Any, source: str) -> Version:
    """A version from a review JSON as ``planreview review --format json`` writes it (already parsed).

    Needs ``document``, ``checklist`` and ``themes`` (each with ``id``, ``level`` and ``evidence``);
    ``criteria``, ``flags`` and ``letter`` are used when present (an older JSON without ``letter``
    still compares levels and quotes). Raises UnsupportedFormat (exit 4) naming ``source`` and
    the missing or malformed key when ``data`` is not a planreview review.
    """
    try:
        d = _dict(data, "{…}")
        doc = _dict(d.get("document"), "document")
        cl = _dict(d.get("checklist"), "checklist")
        themes: list[tuple[str, int]] = []
        criteria: list[tuple[str, int]] = []
        quotes: list[Quote] = []
        for i, t in enumerate(_list(d.get("themes"), "themes")):
            t = _dict(t, f"themes[{i}]")
            tid = _str(t.get("id"), f"themes[{i}].id")
            themes.append((tid, _int(t.get("level"), f"themes[{i}].level")))
            seen: set[str] = set()
            for j, e in enumerate(_list(t.get("evidence"), f"themes[{i}].evidence")):
                q = _quote(e, tid, f"themes[{i}].evidence[{j}]")
                if q.text not in seen:
                    seen.add(q.text)
                    quotes.append(q)
            for j, c in enumerate(_list(t.get("criteria", []), f"themes[{i}].criteria")):
                c = _dict(c, f"themes[{i}].criteria[{j}]")
                cid = _str(c.get("id"), f"themes[{i}].criteria[{j}].id")
                criteria.append((cid, _int(c.get("level"), f"themes[{i}].criteria[{j}].level")))
                for k, e in enumerate(_list(c.get("evidence", []), f"themes[{i}].criteria[{j}].evidence")):
                    q = _quote(e, tid, f"themes[{i}].criteria[{j}].evidence[{k}]")
                    if not q.criterion:
                        q = Quote(q.theme, cid, q.text, q.page, q.section, q.role, q.level, q.terms)
                    if q.text not in seen:
                        seen.add(q.text)
                        quotes.append(q)
        flags = []
        for i, f in enumerate(_list(d.get("flags", []), "flags")):
            f = _dict(f, f"flags[{i}]")
            flags.append(
                (_str(f.get("id"), f"flags[{i}].id"), _str(f.get("title", ""), f"flags[{i}].title", optional=True))
            )
        pages = doc.get("pages")
        try:
            letter = letter_from_record(d.get("letter"))
        except ValueError as exc:
            raise _Bad(str(exc)) from None
        return Version(
            source=source,
            origin="review",
            title=_str(doc.get("title", ""), "document.title", optional=True),
            checklist_id=_str(cl.get("id"), "checklist.id"),
            checklist_version=_str(cl.get("version", ""), "checklist.version", optional=True),
            plan_type=doc.get("plan_type") if isinstance(doc.get("plan_type"), str) else None,
            stage=doc.get("stage") if isinstance(doc.get("stage"), str) else None,
            doc_type=doc.get("doc_type") if isinstance(doc.get("doc_type"), str) else None,
            pages=pages if type(pages) is int else None,
            themes=tuple(themes),
            criteria=tuple(criteria),
            quotes=tuple(quotes),
            flags=tuple(flags),
            letter=letter,
            sentences=None,
        )
    except _Bad as exc:
        raise UnsupportedFormat(
            _t(
                f"{source}: er ikkje ei vurdering frå planreview («{exc}» manglar eller er feil). "
                "Bruk fila …-vurdering.json som «planreview review» skreiv, eller sjølve planen.",
                f"{source}: er ikke en vurdering fra planreview («{exc}» mangler eller er feil). "
                "Bruk filen …-vurdering.json som «planreview review» skrev, eller selve planen.",
            ),
            path=source,
        ) from None


def sentences_of(doc: Any) -> tuple[Sentence, ...]:
    """Every sentence and table row of a ``Document`` (the scorer's units), with its page label."""
    from .match.units import build_units

    return tuple(Sentence(u.text, doc.label_of(u.page), match_norm(u.text)) for u in build_units(doc))


def version_from_assessment(
    assessment: Any, doc: Any | None = None, letter: Mapping[str, Any] | None = None
) -> Version:
    """A version from a fresh ``Assessment`` (and the ``Document`` it was made from, whose every
    sentence is then searched when quotes are matched), with the letter record if one was drafted.
    """
    data = {**assessment.to_json(), "letter": letter}
    v = version_from_review(data, assessment.document.source)
    sentences = sentences_of(doc) if doc is not None else None
    return Version(
        source=v.source,
        origin="plan",
        title=v.title,
        checklist_id=v.checklist_id,
        checklist_version=v.checklist_version,
        plan_type=v.plan_type,
        stage=v.stage,
        doc_type=v.doc_type,
        pages=v.pages,
        themes=v.themes,
        criteria=v.criteria,
        quotes=v.quotes,
        flags=v.flags,
        letter=v.letter,
        sentences=sentences,
    )


# --- the comparison ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CriterionChange:
    id: str
    before: int
    after: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class QuoteEdit:
    """A quote in both versions whose sentence was edited or whose level changed."""

    before: Quote
    after: Quote
    edited: bool
    """Whether the text changed (else only the level did)."""

    def to_json(self) -> dict[str, Any]:
        return {"before": self.before.to_json(), "after": self.after.to_json(), "edited": self.edited}


@dataclass(frozen=True, slots=True)
class ThemeChange:
    """One theme: levels and quotes before and after."""

    id: str
    before: int
    after: int
    criteria: tuple[CriterionChange, ...]
    added: tuple[Quote, ...]
    removed: tuple[Quote, ...]
    changed: tuple[QuoteEdit, ...]
    unchanged: int
    """Quotes in both versions, the same sentence at the same level (pages may differ)."""

    @property
    def delta(self) -> int:
        return self.after - self.before

    @property
    def quiet(self) -> bool:
        """Nothing to report: same level, no quote added, removed or changed."""
        return self.delta == 0 and not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "added": [q.to_json() for q in self.added],
            "removed": [q.to_json() for q in self.removed],
            "changed": [c.to_json() for c in self.changed],
            "unchanged": self.unchanged,
            "criteria": [c.to_json() for c in self.criteria],
        }


@dataclass(frozen=True, slots=True)
class Check:
    """One thing a recommendation asked for, before and after: a criterion's or theme's level
    reaching ``target``, or a flag (present 1, gone 0) going away (target 0)."""

    kind: CheckKind
    id: str
    before: int
    after: int
    target: int

    @property
    def met(self) -> bool:
        return self.after <= self.target if self.kind == "flag" else self.after >= self.target

    @property
    def open_before(self) -> bool:
        """Whether it was still to do when the letter was written (else it cannot show a change)."""
        return self.before > self.target if self.kind == "flag" else self.before < self.target

    @property
    def improved(self) -> bool:
        return self.after < self.before if self.kind == "flag" else self.after > self.before

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "target": self.target,
            "met": self.met,
        }


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Whether the new version addresses one recommendation of the earlier letter."""

    recommendation: Point
    status: Status
    checks: tuple[Check, ...]
    evidence: tuple[Quote, ...]
    """Quotes of the new version that show it (for met or improved checks)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **self.recommendation.to_json(),
            "status": self.status,
            "checks": [c.to_json() for c in self.checks],
            "evidence": [q.to_json() for q in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Advice:
    """The earlier letter's recommendations, each checked against the new version."""

    date: str | None
    kind: str
    malform: str | None
    title: str
    follow_ups: tuple[FollowUp, ...]

    def by_status(self, status: Status) -> tuple[FollowUp, ...]:
        return tuple(f for f in self.follow_ups if f.status == status)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "kind": self.kind,
            "malform": self.malform,
            "title": self.title,
            "recommendations": [f.to_json() for f in self.follow_ups],
            "summary": {s: [f.recommendation.n for f in self.by_status(s)] for s in STATUSES},
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two versions of a plan compared (see the module docstring); ``to_json`` is the JSON contract."""

    old: VersionInfo
    new: VersionInfo
    themes: tuple[ThemeChange, ...]
    flags_gained: tuple[tuple[str, str], ...]
    """(flag id, title) of flags the new version has and the old did not."""
    flags_lost: tuple[tuple[str, str], ...]
    advice: Advice | None
    notes: tuple[str, ...] = field(default=())
    """Codes: old_quotes_only, new_quotes_only (a side is a saved review: quotes judged against its
    quotes only), no_letter (the old review has no letter record), old_is_plan (the old side is a
    plan file: there is no letter to follow up), checklist_version (the versions were scored
    against different versions of the checklist)."""

    def theme(self, theme_id: str) -> ThemeChange:
        return next(t for t in self.themes if t.id == theme_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "themes": [t.to_json() for t in self.themes],
            "flags": {
                "gained": [{"id": i, "title": t} for i, t in self.flags_gained],
                "lost": [{"id": i, "title": t} for i, t in self.flags_lost],
            },
            "advice": self.advice.to_json() if self.advice else None,
            "notes": list(self.notes),
        }


class _Index:
    """The sentences of a version, for finding a quote's sentence exactly or nearly."""

    def __init__(self, items: Iterable[tuple[str, str, str | None]]) -> None:
        """``items``: (normalised text, text, page)."""
        self.items: list[tuple[str, str, str | None]] = []
        self.exact: dict[str, tuple[str, str, str | None]] = {}
        for item in items:
            if item[0] and item[0] not in self.exact:
                self.exact[item[0]] = item
                self.items.append(item)

    def has(self, norm: str) -> bool:
        return norm in self.exact

    def near(self, norm: str) -> tuple[str, str, str | None] | None:
        """The sentence that is nearly ``norm`` (see ``evidence_eval.texts_match``), or None."""
        if not norm:
            return None
        n = len(norm)
        cands = [it for it in self.items if n <= MAX_LENGTH_RATIO * len(it[0]) and len(it[0]) <= MAX_LENGTH_RATIO * n]
        if not cands:
            return None
        choices = [c[0] for c in cands]
        best = process.extractOne(norm, choices, scorer=fuzz.ratio, score_cutoff=NEAR)
        if best is None:
            best = process.extractOne(norm, choices, scorer=fuzz.partial_ratio, score_cutoff=NEAR)
        return cands[best[2]] if best is not None else None


def _index(v: Version) -> _Index:
    if v.sentences is not None:
        items = [(s.norm, s.text, s.page) for s in v.sentences]
        return _Index([*items, *((q.norm, q.text, q.page) for q in v.quotes)])
    return _Index((q.norm, q.text, q.page) for q in v.quotes)


def _plain(theme: str, item: tuple[str, str, str | None]) -> Quote:
    """A sentence that is not evidence for ``theme`` in its version, as a level-0 quote."""
    return Quote(theme, "", item[1], item[2], (), "none", 0)


def _match_theme(
    theme: str, old_q: list[Quote], new_q: list[Quote], old_ix: _Index, new_ix: _Index, levels: tuple[int, int]
) -> tuple[list[Quote], list[Quote], list[QuoteEdit], int]:
    """Added, removed and changed quotes of one theme, and how many are unchanged. ``levels``:
    the theme's level before and after."""
    added: list[Quote] = []
    removed: list[Quote] = []
    changed: list[QuoteEdit] = []
    unchanged = 0
    rest_new = list(range(len(new_q)))
    rest_old: list[int] = []
    by_norm: dict[str, list[int]] = {}
    for i, q in enumerate(new_q):
        by_norm.setdefault(q.norm, []).append(i)
    for i, q in enumerate(old_q):
        hits = [j for j in by_norm.get(q.norm, []) if j in rest_new]
        if not hits:
            rest_old.append(i)
            continue
        j = hits[0]
        rest_new.remove(j)
        if new_q[j].level != q.level:
            changed.append(QuoteEdit(q, new_q[j], edited=False))
        else:
            unchanged += 1
    pairs = sorted(
        (
            (fuzz.ratio(old_q[i].norm, new_q[j].norm), i, j)
            for i in rest_old
            for j in rest_new
            if texts_match(old_q[i].norm, new_q[j].norm)
        ),
        reverse=True,
    )
    for _score, i, j in pairs:
        if i in rest_old and j in rest_new:
            rest_old.remove(i)
            rest_new.remove(j)
            changed.append(QuoteEdit(old_q[i], new_q[j], edited=True))
    before, after = levels
    for i in rest_old:
        q = old_q[i]
        kept = new_ix.exact.get(q.norm)
        if kept is not None:
            # still in the plan: above the theme's new level it no longer counts (that is why the
            # level fell); else it only fell out of the quotes shown
            if q.level > after:
                changed.append(QuoteEdit(q, _plain(theme, kept), edited=False))
            continue
        near = new_ix.near(q.norm)
        if near is not None:
            changed.append(QuoteEdit(q, _plain(theme, near), edited=True))
        else:
            removed.append(q)
    for j in rest_new:
        q = new_q[j]
        was = old_ix.exact.get(q.norm)
        if was is not None:
            # in the plan before: above the theme's old level it did not count then (it explains
            # the rise); else it was only not among the quotes shown
            if q.level > before:
                changed.append(QuoteEdit(_plain(theme, was), q, edited=False))
            continue
        near = old_ix.near(q.norm)
        if near is not None:
            changed.append(QuoteEdit(_plain(theme, near), q, edited=True))
        else:
            added.append(q)
    return added, removed, changed, unchanged


def _check_comparable(old: Version, new: Version, checklist: Checklist) -> list[str]:
    notes: list[str] = []
    for v in (old, new):
        if v.checklist_id != checklist.id:
            raise ChecklistError(
                _t(
                    f"{v.source}: er vurdert etter sjekklista «{v.checklist_id}», ikkje «{checklist.id}». "
                    "Samanlikn versjonar som er vurderte etter same sjekkliste (gi ho med --checklist), "
                    "eller gi sjølve planane.",
                    f"{v.source}: er vurdert etter sjekklisten «{v.checklist_id}», ikke «{checklist.id}». "
                    "Sammenlign versjoner som er vurdert etter samme sjekkliste (gi den med --checklist), "
                    "eller gi selve planene.",
                ),
                path=v.source,
            )
        own = {t.id for t in checklist.themes}
        theirs = {t for t, _ in v.themes}
        if own != theirs:
            odd = sorted(own ^ theirs)
            raise ChecklistError(
                _t(
                    f"{v.source}: har andre tema enn sjekklista «{checklist.id}» ({', '.join(odd[:4])}). "
                    "Vurder planen på nytt med same sjekkliste, eller gi sjølve planen.",
                    f"{v.source}: har andre temaer enn sjekklisten «{checklist.id}» ({', '.join(odd[:4])}). "
                    "Vurder planen på nytt med samme sjekkliste, eller gi selve planen.",
                ),
                path=v.source,
            )
    if old.checklist_version != new.checklist_version:
        notes.append("checklist_version")
    return notes


def compare_versions(old: Version, new: Version, checklist: Checklist) -> Comparison:
    """Compare two versions scored against ``checklist`` (see the module docstring).

    Raises ChecklistError (exit 9) naming the file when a version was scored against another
    checklist (another id, or other themes); versions of one checklist that differ only in its
    version number are compared, with the note ``checklist_version``.
    """
    notes = _check_comparable(old, new, checklist)
    if old.sentences is None:
        notes.append("old_quotes_only")
    if new.sentences is None:
        notes.append("new_quotes_only")
    if old.origin == "plan":
        notes.append("old_is_plan")
    elif old.letter is None:
        notes.append("no_letter")
    old_ix, new_ix = _index(old), _index(new)
    themes: list[ThemeChange] = []
    for theme in checklist.themes:
        o = [q for q in old.quotes if q.theme == theme.id]
        n = [q for q in new.quotes if q.theme == theme.id]
        levels = (old.level(theme.id), new.level(theme.id))
        added, removed, changed, unchanged = _match_theme(theme.id, o, n, old_ix, new_ix, levels)
        themes.append(
            ThemeChange(
                id=theme.id,
                before=old.level(theme.id),
                after=new.level(theme.id),
                criteria=tuple(
                    CriterionChange(c.id, old.criterion_level(c.id), new.criterion_level(c.id)) for c in theme.criteria
                ),
                added=tuple(added),
                removed=tuple(removed),
                changed=tuple(changed),
                unchanged=unchanged,
            )
        )
    titles = {f.id: f.title.get(current_malform()) for f in checklist.flags}
    old_flags, new_flags = dict(old.flags), dict(new.flags)
    gained = tuple((f, titles.get(f) or new_flags[f]) for f in new_flags if f not in old_flags)
    lost = tuple((f, titles.get(f) or old_flags[f]) for f in old_flags if f not in new_flags)
    result = Comparison(old.info(), new.info(), tuple(themes), gained, lost, None, tuple(notes))
    advice = follow_advice(old, new, checklist, result) if old.letter is not None else None
    return Comparison(result.old, result.new, result.themes, gained, lost, advice, result.notes)


# --- was the advice followed ---------------------------------------------------------------------


def _target(kind: str, theme_id: str, new: Version, checklist: Checklist) -> int:
    """The level a recommendation of ``kind`` asks of a theme: a goal (2), or measures (3); never
    above what the theme or the new version's plan type allows."""
    target = 3 if kind == "measures" else 2
    theme = next((t for t in checklist.themes if t.id == theme_id), None)
    if theme is not None:
        target = min(target, theme.max_level)
    rule = next((d for d in checklist.doc_types if d.id == new.doc_type), None)
    if rule is not None:
        target = min(target, rule.max_level)
    return max(target, 1)


def _theme_of(criterion_id: str, checklist: Checklist) -> str:
    try:
        return checklist.criterion(criterion_id).theme
    except KeyError:
        return criterion_id.split(".")[0]


def _checks(rec: Point, letter: LetterRecord, old: Version, new: Version, checklist: Checklist) -> list[Check]:
    """What ``rec`` asked for: its criterion (a recommendation about one criterion), else its themes
    and flags; a recommendation that names neither rests on the remark of its kind."""
    criteria, themes, flags = rec.criteria, rec.themes, rec.flags
    if not (criteria or themes or flags):
        remark = next((r for r in letter.remarks if r.kind == rec.kind), None)
        if remark is not None:
            criteria, themes, flags = remark.criteria, remark.themes, remark.flags
    out: list[Check] = []
    if rec.kind == "criterion" and criteria:
        for cid in criteria:
            tid = _theme_of(cid, checklist)
            target = _target(rec.kind, tid, new, checklist)
            out.append(Check("criterion", cid, old.criterion_level(cid), new.criterion_level(cid), target))
    else:
        ids = list(themes) or list(dict.fromkeys(_theme_of(c, checklist) for c in criteria))
        for tid in ids:
            out.append(Check("theme", tid, old.level(tid), new.level(tid), _target(rec.kind, tid, new, checklist)))
    old_flags, new_flags = old.flag_ids(), new.flag_ids()
    for fid in flags:
        out.append(Check("flag", fid, int(fid in old_flags), int(fid in new_flags), 0))
    return out


def _evidence(checks: Sequence[Check], new: Version, fresh: set[str], checklist: Checklist) -> tuple[Quote, ...]:
    """Up to two quotes of the new version that show the met or improved checks: new or edited
    sentences first, then the highest level. A flag about missing measures that is gone is shown
    by a measure (a level-3 quote)."""
    measures_flags = {f.id for f in checklist.flags if f.kind == "no_measures"}
    out: list[Quote] = []
    for c in checks:
        if not (c.met or c.improved):
            continue
        if c.kind == "criterion":
            cands = [q for q in new.quotes if q.criterion == c.id and q.level > c.before]
        elif c.kind == "theme":
            cands = [q for q in new.quotes if q.theme == c.id and q.level > c.before]
        elif c.id in measures_flags:
            cands = [q for q in new.quotes if q.level >= 3]
        else:
            continue
        cands.sort(key=lambda q: (q.norm not in fresh, -q.level))
        for q in cands:
            if all(q.text != x.text for x in out):
                out.append(q)
                break
        if len(out) >= 2:
            break
    return tuple(out)


def follow_advice(old: Version, new: Version, checklist: Checklist, comparison: Comparison) -> Advice | None:
    """Each recommendation of ``old``'s letter, checked against ``new`` (None when ``old`` has no
    letter record). ``comparison`` supplies which quotes are new, to show those first."""
    letter = old.letter
    if letter is None:
        return None
    fresh = {q.norm for t in comparison.themes for q in t.added} | {
        e.after.norm for t in comparison.themes for e in t.changed
    }
    follow_ups: list[FollowUp] = []
    for rec in letter.recommendations:
        checks = _checks(rec, letter, old, new, checklist)
        open_ = [c for c in checks if c.open_before]
        status: Status
        if not open_:
            status = "unknown"
        elif all(c.met for c in open_):
            status = "followed"
        elif any(c.met or c.improved for c in open_):
            status = "partly"
        else:
            status = "not_followed"
        follow_ups.append(FollowUp(rec, status, tuple(checks), _evidence(open_, new, fresh, checklist)))
    return Advice(letter.date, letter.kind, letter.malform, letter.title, tuple(follow_ups))


# --- plans over time in a batch ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanKey:
    """What identifies a plan across batches: its file, municipality, plan type, title and content."""

    file: str
    kommune: str
    kommunenummer: str
    plan_type: str | None
    title: str
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class PlanMatch:
    """The earlier plan a plan of this batch is a version of."""

    file: str
    status: MatchStatus
    """matched (one earlier plan), new (none), ambiguous (several: listed in ``candidates``, not guessed)."""
    previous: str | None
    candidates: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "previous": self.previous,
            "candidates": list(self.candidates),
        }


TITLE_NEAR = 85.0
"""rapidfuzz ``token_set_ratio`` (0–100) of two titles at or above which they may name one plan."""
TITLE_MARGIN = 10.0
"""How much better the best earlier plan must match than the next for the match to be sure."""

_STAGE_WORDS = re.compile(
    r"\b(?:revidert|revidering|rullering|utkast|høyringsutkast|høringsutkast|forslag|framlegg|vedteken|vedtatt|"
    r"vedteke|offentleg|offentlig|ettersyn|høyring|høring|versjon|utgåve|utgave|endeleg|endelig|ny|nytt)\b"
)


def title_key(title: str) -> str:
    """A title as compared across versions: lower case, no years or other numbers, no stage words."""
    text = match_norm(title)
    text = re.sub(r"\d+", " ", text)
    return " ".join(_STAGE_WORDS.sub(" ", text).split())


def _municipality_agrees(a: PlanKey, b: PlanKey) -> bool:
    if a.kommunenummer and b.kommunenummer:
        return a.kommunenummer == b.kommunenummer
    if a.kommune and b.kommune:
        return match_norm(a.kommune) == match_norm(b.kommune)
    return True  # not known on one side: the title and type decide


def match_plans(current: Sequence[PlanKey], previous: Sequence[PlanKey]) -> tuple[PlanMatch, ...]:
    """For each plan of ``current``, the plan of ``previous`` it is a later version of.

    A previous plan with the same content (sha256) is a match (and no other plan's). Otherwise a candidate has the
    same municipality (number, else name, where both sides know it), the same plan type (where
    both know it) and a title similarity (``title_key``, rapidfuzz ``token_set_ratio``) of at
    least ``TITLE_NEAR``; the best candidate is taken when it is the only one or beats the next
    by ``TITLE_MARGIN``. Several close candidates, or one previous plan that two current plans
    would take, make the match ambiguous: the candidates are listed and nothing is guessed.
    """
    out: list[PlanMatch | None] = [None] * len(current)
    by_content: set[str] = set()
    for i, cur in enumerate(current):
        same = [p for p in previous if cur.sha256 and p.sha256 == cur.sha256]
        if len(same) == 1 and same[0].file not in by_content:
            out[i] = PlanMatch(cur.file, "matched", same[0].file)
            by_content.add(same[0].file)
    pool = [p for p in previous if p.file not in by_content]
    for i, cur in enumerate(current):
        if out[i] is not None:
            continue
        scored: list[tuple[float, PlanKey]] = []
        for p in pool:
            if not _municipality_agrees(cur, p):
                continue
            if cur.plan_type and p.plan_type and cur.plan_type != p.plan_type:
                continue
            score = fuzz.token_set_ratio(title_key(cur.title), title_key(p.title))
            if score >= TITLE_NEAR:
                scored.append((score, p))
        scored.sort(key=lambda sp: (-sp[0], sp[1].file))
        if not scored:
            out[i] = PlanMatch(cur.file, "new", None)
        elif len(scored) == 1 or scored[0][0] - scored[1][0] >= TITLE_MARGIN:
            out[i] = PlanMatch(cur.file, "matched", scored[0][1].file)
        else:
            close = tuple(p.file for s, p in scored if scored[0][0] - s < TITLE_MARGIN)
            out[i] = PlanMatch(cur.file, "ambiguous", None, close)
    result = [m for m in out if m is not None]
    taken: dict[str, list[int]] = {}
    for i, m in enumerate(result):
        if m.status == "matched" and m.previous is not None and m.previous not in by_content:
            taken.setdefault(m.previous, []).append(i)
    for prev, idx in taken.items():
        if len(idx) > 1:
            for i in idx:
                result[i] = PlanMatch(result[i].file, "ambiguous", None, (prev,))
    return tuple(result)
