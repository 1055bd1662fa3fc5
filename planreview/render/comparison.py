"""A comparison of two plan versions as a planner reads it: terminal text, Markdown, HTML, JSON,
the report's comparison section and the letter's follow-up section, in nynorsk or bokmål.

The view model (``comparison_view``) holds every text; templates only place it. Plan text
(quotes, titles, file names) stays data: HTML is autoescaped and Markdown goes through ``md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checklist import Checklist
from ..compare import Comparison, FollowUp, Point, Quote, Status
from ..messages import Lang
from ..model import Document
from ..score import Evidence
from .context import ROLE_LABEL
from .phrases import join, number
from .quotes import Quotes, shorten

FORMATS = ("text", "html", "md", "json")

WORDS: dict[str, dict[str, str]] = {
    "nn": {
        "title": "Samanlikning av to versjonar av planen",
        "section": "Samanlikning med førre versjon",
        "before": "Før",
        "after": "Etter",
        "change": "Endring",
        "theme": "Tema",
        "added": "Nye sitat",
        "removed": "Sitat som er borte",
        "changed": "Endra sitat",
        "level": "nivå",
        "no_longer": "ikkje lenger sitat under dette temaet",
        "was_not": "var ikkje sitat under dette temaet før",
        "flags_gained": "Nye flagg",
        "flags_lost": "Flagg som er borte",
        "flags_same": "Flagga er dei same.",
        "no_changes": "Ingen endringar i nivå eller sitat.",
        "unchanged_themes": "Utan endring",
        "advice": "Tilrådingane i fråsegna av {date}",
        "advice_innspel": "Tilrådingane i innspelet av {date}",
        "no_advice": "Tilrådingane i det førre brevet",
        "blank_date": "[fyll inn: dato]",
        "pages": "sider",
        "page": "s.",
        "page_unknown": "side ukjend",
        "generated": "Laga med planreview",
        "followed": "følgd opp",
        "partly": "delvis følgd opp",
        "not_followed": "ikkje følgd opp",
        "unknown": "kan ikkje vurderast ut frå teksten",
        "old_quotes_only": "Den førre versjonen er ei lagra vurdering: eit sitat som er nytt her, kan ha stått i "
        "planen før utan å vere sitert.",
        "new_quotes_only": "Den nye versjonen er ei lagra vurdering: eit sitat som er borte her, kan framleis stå "
        "i planen utan å vere sitert.",
        "no_letter": "Den førre vurderinga har ikkje opplysningar om brevet (ho er laga av ein eldre planreview), "
        "så berre nivå og sitat er samanlikna.",
        "old_is_plan": "Den førre versjonen er gitt som plan, ikkje som vurdering, så det er ikkje noko brev å "
        "følgje opp. Gi fila …-vurdering.json frå den gongen for å sjå om tilrådingane er følgde opp.",
        "checklist_version": "Versjonane er vurderte etter ulike utgåver av sjekklista ({old} og {new}); nokre "
        "endringar kan kome av det.",
    },
    "nb": {
        "title": "Sammenligning av to versjoner av planen",
        "section": "Sammenligning med forrige versjon",
        "before": "Før",
        "after": "Etter",
        "change": "Endring",
        "theme": "Tema",
        "added": "Nye sitater",
        "removed": "Sitater som er borte",
        "changed": "Endrede sitater",
        "level": "nivå",
        "no_longer": "ikke lenger sitat under dette temaet",
        "was_not": "var ikke sitat under dette temaet før",
        "flags_gained": "Nye flagg",
        "flags_lost": "Flagg som er borte",
        "flags_same": "Flaggene er de samme.",
        "no_changes": "Ingen endringer i nivå eller sitater.",
        "unchanged_themes": "Uten endring",
        "advice": "Anbefalingene i uttalelsen av {date}",
        "advice_innspel": "Anbefalingene i innspillet av {date}",
        "no_advice": "Anbefalingene i det forrige brevet",
        "blank_date": "[fyll inn: dato]",
        "pages": "sider",
        "page": "s.",
        "page_unknown": "side ukjent",
        "generated": "Laget med planreview",
        "followed": "fulgt opp",
        "partly": "delvis fulgt opp",
        "not_followed": "ikke fulgt opp",
        "unknown": "kan ikke vurderes ut fra teksten",
        "old_quotes_only": "Den forrige versjonen er en lagret vurdering: et sitat som er nytt her, kan ha stått i "
        "planen før uten å være sitert.",
        "new_quotes_only": "Den nye versjonen er en lagret vurdering: et sitat som er borte her, kan fortsatt stå "
        "i planen uten å være sitert.",
        "no_letter": "Den forrige vurderingen har ikke opplysninger om brevet (den er laget av en eldre "
        "planreview), så bare nivå og sitater er sammenlignet.",
        "old_is_plan": "Den forrige versjonen er gitt som plan, ikke som vurdering, så det er ikke noe brev å "
        "følge opp. Gi filen …-vurdering.json fra den gangen for å se om anbefalingene er fulgt opp.",
        "checklist_version": "Versjonene er vurdert etter ulike utgaver av sjekklisten ({old} og {new}); noen "
        "endringer kan komme av det.",
    },
}

# The letter's follow-up section (nynorsk, bokmål).
LETTER: dict[str, tuple[str, str]] = {
    "heading": ("Oppfølging av den førre fråsegna vår", "Oppfølging av vår forrige uttalelse"),
    "heading_innspel": ("Oppfølging av det førre innspelet vårt", "Oppfølging av vårt forrige innspill"),
    "lead": (
        "I fråsegna vår av {date} gav vi {n}. Slik følgjer den nye versjonen av planen dei opp:",
        "I uttalelsen vår av {date} ga vi {n}. Slik følger den nye versjonen av planen dem opp:",
    ),
    "lead_innspel": (
        "I innspelet vårt av {date} gav vi {n}. Slik følgjer den nye versjonen av planen dei opp:",
        "I innspillet vårt av {date} ga vi {n}. Slik følger den nye versjonen av planen dem opp:",
    ),
    "one": ("éi tilråding", "én anbefaling"),
    "many": ("{n} tilrådingar", "{n} anbefalinger"),
    "rec": ("tilråding {n} om {topic}", "anbefaling {n} om {topic}"),
    "followed": ("Følgd opp: {recs}.", "Fulgt opp: {recs}."),
    "partly": ("Delvis følgd opp: {recs}.", "Delvis fulgt opp: {recs}."),
    "not_followed": ("Står att: {recs}.", "Står igjen: {recs}."),
    "unknown": (
        "Kan ikkje vurderast ut frå teksten: {recs}.",
        "Kan ikke vurderes ut fra teksten: {recs}.",
    ),
    "quote": (" Planen seier no: «{quote}» ({where}).", " Planen sier nå: «{quote}» ({where})."),
    "again": (
        "Det som står att, tek vi opp att i tilrådingane nedanfor.",
        "Det som står igjen, tar vi opp igjen i anbefalingene nedenfor.",
    ),
    "no_record": (
        "Vi har samanlikna med den førre versjonen av planen. {changes}",
        "Vi har sammenlignet med den forrige versjonen av planen. {changes}",
    ),
    "stronger": (
        "Omtalen av innvandrarbefolkninga er styrkt innan {themes}.",
        "Omtalen av innvandrerbefolkningen er styrket innen {themes}.",
    ),
    "weaker": (
        "Omtalen er svekt innan {themes}.",
        "Omtalen er svekket innen {themes}.",
    ),
    "same": (
        "Vi kan ikkje sjå at omtalen av innvandrarbefolkninga er endra.",
        "Vi kan ikke se at omtalen av innvandrerbefolkningen er endret.",
    ),
}

# What a recommendation is about, by its kind, when its themes do not say it best.
TOPIC: dict[str, tuple[str, str]] = {
    "measures": ("tiltak for {themes}", "tiltak for {themes}"),
    "measures_none": ("tiltak i handlingsdelen", "tiltak i handlingsdelen"),
    "planbehov": ("kvar integreringa skal stå i planverket", "hvor integreringen skal stå i planverket"),
    "knowledge": ("kunnskapsgrunnlaget", "kunnskapsgrunnlaget"),
    "themes_pp": ("integrering som tema i planarbeidet", "integrering som tema i planarbeidet"),
    "announced": ("planane i perioden", "planene i perioden"),
    "medverknad": ("medverknad", "medvirkning"),
    "groups": ("målgruppene", "målgruppene"),
    "district": ("folketal og arbeidskraft", "folketall og arbeidskraft"),
    "followup": ("indikatorar og oppfølging", "indikatorer og oppfølging"),
    "only_knowledge": ("mål for det kunnskapsgrunnlaget viser", "mål for det kunnskapsgrunnlaget viser"),
}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "nn" else pair[1]


def theme_name(cl: Checklist, theme_id: str, lang: Lang) -> str:
    """The theme's name in running text («arbeid og kvalifisering»); its id when the checklist lacks it."""
    try:
        th = cl.theme(theme_id)
    except StopIteration:
        return theme_id
    text = th.short.get(lang) if th.short is not None else th.title.get(lang)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def theme_title(cl: Checklist, theme_id: str, lang: Lang) -> str:
    try:
        return cl.theme(theme_id).title.get(lang)
    except StopIteration:
        return theme_id


def flag_title(cl: Checklist, flag_id: str, fallback: str, lang: Lang) -> str:
    f = next((f for f in cl.flags if f.id == flag_id), None)
    return f.title.get(lang) if f is not None else fallback


def topic(rec: Point, cl: Checklist, lang: Lang, checked: tuple[str, ...] = ()) -> str:
    """What a recommendation is about, in a few words («folkehelse», «tiltak for barnehage og skule»).

    ``checked``: the themes its follow-up checked, for a recommendation that names none itself
    (it rests on the remark of its kind)."""
    themes = list(rec.themes) or list(checked)
    if not themes:
        for cid in rec.criteria:
            try:
                tid = cl.criterion(cid).theme
            except KeyError:
                tid = cid.split(".")[0]
            if tid not in themes:
                themes.append(tid)
    names = join([theme_name(cl, t, lang) for t in themes[:3]], lang)
    if rec.kind == "measures":
        return _pick(TOPIC["measures"], lang).format(themes=names) if names else _pick(TOPIC["measures_none"], lang)
    if rec.kind == "criterion" and names:
        return names
    if rec.kind in TOPIC:
        return _pick(TOPIC[rec.kind], lang)
    if names:
        return names
    flag = next((f for f in cl.flags if f.id in rec.flags), None)
    if flag is not None and flag.kind in ("undifferentiated", "no_district_link", "no_followup", "only_knowledge"):
        kind = {
            "undifferentiated": "groups",
            "no_district_link": "district",
            "no_followup": "followup",
            "only_knowledge": "only_knowledge",
        }[flag.kind]
        return _pick(TOPIC[kind], lang)
    return "–"


def _where(page: str | None, w: dict[str, str]) -> str:
    return f"{w['page']} {page}" if page and page != "?" else w["page_unknown"]


def _quote_view(q: Quote, lang: Lang) -> dict[str, Any]:
    w = WORDS[lang]
    role = ROLE_LABEL[lang].get(q.role, ROLE_LABEL[lang]["none"])
    return {
        "text": q.text,
        "page": q.page or "",
        "where": _where(q.page, w),
        "role": role,
        "level": q.level,
        "section": " › ".join(q.section[-2:]),
    }


def comparison_view(c: Comparison, cl: Checklist, lang: Lang) -> dict[str, Any]:
    """Every text the comparison's renderings show (templates ``comparison.*.j2`` place them)."""
    w = WORDS[lang]
    themes = []
    for t in c.themes:
        changed = []
        for e in t.changed:
            if not e.edited:
                what = f"{w['level']} {e.before.level} → {e.after.level}"
            elif e.after.level == 0 and not e.after.criterion:
                what = w["no_longer"]
            elif e.before.level == 0 and not e.before.criterion:
                what = w["was_not"]
            elif e.before.level != e.after.level:
                what = f"{w['level']} {e.before.level} → {e.after.level}"
            else:
                what = ""
            changed.append(
                {
                    "before": _quote_view(e.before, lang),
                    "after": _quote_view(e.after, lang),
                    "edited": e.edited,
                    "what": what,
                }
            )
        themes.append(
            {
                "id": t.id,
                "title": theme_title(cl, t.id, lang),
                "before": t.before,
                "after": t.after,
                "delta": t.delta,
                "delta_text": f"{t.delta:+d}" if t.delta else "",
                "before_label": cl.label(t.before, lang) if 0 <= t.before <= 3 else str(t.before),
                "after_label": cl.label(t.after, lang) if 0 <= t.after <= 3 else str(t.after),
                "added": [_quote_view(q, lang) for q in t.added],
                "removed": [_quote_view(q, lang) for q in t.removed],
                "changed": changed,
                "quiet": t.quiet,
            }
        )
    advice = None
    if c.advice is not None:
        date = c.advice.date or w["blank_date"]
        head = w["advice_innspel" if c.advice.kind == "innspel" else "advice"].format(date=date)
        items = []
        for f in c.advice.follow_ups:
            items.append(
                {
                    "n": f.recommendation.n,
                    "text": f.recommendation.text,
                    "topic": topic(f.recommendation, cl, lang, _checked(f)),
                    "status": f.status,
                    "status_label": w[f.status],
                    "evidence": [_quote_view(q, lang) for q in f.evidence],
                }
            )
        advice = {"head": head, "items": items}
    notes = []
    for code in c.notes:
        if code == "checklist_version":
            notes.append(w[code].format(old=c.old.checklist_version or "?", new=c.new.checklist_version or "?"))
        elif code in w:
            notes.append(w[code])
    return {
        "lang": lang,
        "words": w,
        "old": {**c.old.to_json(), "file": Path(c.old.source).name, "label": w["before"]},
        "new": {**c.new.to_json(), "file": Path(c.new.source).name, "label": w["after"]},
        "themes": themes,
        "changed_themes": [t for t in themes if not t["quiet"]],
        "unchanged_themes": [t["title"] for t in themes if t["quiet"]],
        "flags_gained": [{"id": i, "title": flag_title(cl, i, title, lang)} for i, title in c.flags_gained],
        "flags_lost": [{"id": i, "title": flag_title(cl, i, title, lang)} for i, title in c.flags_lost],
        "advice": advice,
        "notes": notes,
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_text(c: Comparison, cl: Checklist, lang: Lang) -> str:
    """The comparison for the terminal: levels per theme, then what changed, flags and advice."""
    v = comparison_view(c, cl, lang)
    w = v["words"]
    out = [w["title"]]
    for side in ("old", "new"):
        s = v[side]
        pages = f", {s['pages']} {w['pages']}" if s["pages"] else ""
        out.append(f"{s['label'] + ':':<7}{_one_line(s['title'])} ({_one_line(s['file'])}{pages})")
    out.append("")
    width = max(len(t["title"]) for t in v["themes"]) + 2
    out.append(f"  {w['theme']:<{width}}{w['before']:>5}{w['after']:>7}")
    for t in v["themes"]:
        delta = f"  ({t['delta_text']})" if t["delta_text"] else ""
        out.append(f"  {t['title']:<{width}}{t['before']:>5}{t['after']:>7}{delta}")
    changed = v["changed_themes"]
    if not changed:
        out += ["", w["no_changes"]]
    for t in changed:
        out.append("")
        out.append(f"{t['title']}: {t['before']} → {t['after']}")
        for q in t["added"]:
            out.append(f"  + {q['where']}, {q['role']}: «{_one_line(q['text'])}»")
        for q in t["removed"]:
            out.append(f"  − {q['where']}, {q['role']}: «{_one_line(q['text'])}»")
        for e in t["changed"]:
            what = f" ({e['what']})" if e["what"] else ""
            b, a = e["before"], e["after"]
            if e["edited"]:
                out.append(f"  ~ {b['where']}: «{_one_line(b['text'])}»")
                out.append(f"    → {a['where']}: «{_one_line(a['text'])}»{what}")
            else:
                out.append(f"  ~ {a['where']}: «{_one_line(a['text'])}»{what}")
    out.append("")
    if v["flags_gained"] or v["flags_lost"]:
        for key, label, sign in (("flags_gained", w["flags_gained"], "+"), ("flags_lost", w["flags_lost"], "−")):
            if v[key]:
                out.append(f"{label}:")
                out += [f"  {sign} {f['id']} {f['title']}" for f in v[key]]
    else:
        out.append(w["flags_same"])
    if v["advice"] is not None:
        out += ["", v["advice"]["head"] + ":"]
        for item in v["advice"]["items"]:
            out.append(f"  {item['n']}. {item['status_label']}: «{_one_line(item['text'])}»")
            for q in item["evidence"]:
                out.append(f"     «{_one_line(shorten(q['text'], 200))}» ({q['where']})")
    if v["notes"]:
        out.append("")
        out += [f"* {n}" for n in v["notes"]]
    return "\n".join(out) + "\n"


def render_markdown(c: Comparison, cl: Checklist, lang: Lang) -> str:
    """The comparison as a Markdown document (plan text escaped)."""
    import re

    from . import template

    text = template("compare.md.j2").render(comparison=comparison_view(c, cl, lang), standalone=True)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(c: Comparison, cl: Checklist, lang: Lang) -> str:
    """The comparison as one HTML page (plan text escaped; works offline, prints well)."""
    from . import template

    return template("compare.html.j2").render(comparison=comparison_view(c, cl, lang), lang=lang, standalone=True)


def render_comparison(c: Comparison, cl: Checklist, fmt: str = "text", lang: Lang = "nn") -> str:
    """The comparison in ``fmt`` (text, html, md or json). Raises ValueError for another format."""
    if fmt == "text":
        return render_text(c, cl, lang)
    if fmt == "md":
        return render_markdown(c, cl, lang)
    if fmt == "html":
        return render_html(c, cl, lang)
    if fmt == "json":
        return json.dumps(c.to_json(), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(fmt)


# --- the letter's follow-up section --------------------------------------------------------------


def _readable(q: Quote, doc: Document | None) -> str | None:
    """The quote as the letter quotes it: a whole sentence, shortened around its words."""
    if doc is None:
        return shorten(q.text, 260, q.terms)
    ev = Evidence(q.page, -1, q.section, q.role, q.text, q.terms, q.level, q.criterion, q.theme)
    return Quotes(doc).readable(ev)


def _rec_names(items: list[FollowUp], cl: Checklist, lang: Lang) -> str:
    """«tilråding 1 om medverknad og tilråding 2 om levekår»."""
    rec = _pick(LETTER["rec"], lang)
    return join(
        [rec.format(n=f.recommendation.n, topic=topic(f.recommendation, cl, lang, _checked(f))) for f in items], lang
    )


def _checked(f: FollowUp) -> tuple[str, ...]:
    return tuple(c.id for c in f.checks if c.kind == "theme")


def _quote_sentence(f: FollowUp, lang: Lang, doc: Document | None) -> str:
    """« Planen seier no: «…» (s. 7).» for the first readable quote that shows it, else ""."""
    for q in f.evidence:
        quoted = _readable(q, doc)
        if quoted:
            return _pick(LETTER["quote"], lang).format(quote=quoted, where=_where(q.page, WORDS[lang]))
    return ""


def _by_quote(items: list[FollowUp], lang: Lang, doc: Document | None) -> list[tuple[list[FollowUp], str]]:
    """Follow-ups grouped by the quote that shows them, so that one quote is given once."""
    groups: dict[str, list[FollowUp]] = {}
    for f in items:
        groups.setdefault(_quote_sentence(f, lang, doc), []).append(f)
    return [(fs, quote) for quote, fs in groups.items()]


def followup_section(
    c: Comparison, cl: Checklist, lang: Lang, doc: Document | None = None, letter_recs: tuple[Any, ...] = ()
) -> dict[str, Any]:
    """The letter's section on the earlier letter: its date, what the new version followed, what
    remains ({"heading", "paragraphs", "bullets"}, as the letter template loops over sections).

    Followed and partly followed recommendations get a bullet each, with the new version's quote
    that shows it (recommendations shown by one quote share the bullet); the rest are named
    together. Without a letter record in the earlier review it says which themes grew stronger
    or weaker. ``letter_recs`` are the new letter's recommendations (points with ``criteria`` and
    ``themes``): when one of them takes up what remains, the section says so.
    """
    w = WORDS[lang]
    a = c.advice
    if a is None:
        stronger = [theme_name(cl, t.id, lang) for t in c.themes if t.delta > 0]
        weaker = [theme_name(cl, t.id, lang) for t in c.themes if t.delta < 0]
        said = []
        if stronger:
            said.append(_pick(LETTER["stronger"], lang).format(themes=join(stronger, lang)))
        if weaker:
            said.append(_pick(LETTER["weaker"], lang).format(themes=join(weaker, lang)))
        changes = " ".join(said) or _pick(LETTER["same"], lang)
        return {
            "heading": _pick(LETTER["heading"], lang),
            "paragraphs": [_pick(LETTER["no_record"], lang).format(changes=changes)],
            "bullets": [],
        }
    innspel = a.kind == "innspel"
    n = len(a.follow_ups)
    count = _pick(LETTER["one"], lang) if n == 1 else _pick(LETTER["many"], lang).format(n=number(n, lang))
    lead = _pick(LETTER["lead_innspel" if innspel else "lead"], lang).format(date=a.date or w["blank_date"], n=count)
    remaining = [f.recommendation for f in a.follow_ups if f.status in ("not_followed", "partly")]
    taken_up = any(
        set(r.criteria) & set(getattr(x, "criteria", ())) or set(r.themes) & set(getattr(x, "themes", ()))
        for r in remaining
        for x in letter_recs
    )
    bullets: list[str] = []
    status: Status
    for status in ("followed", "partly", "not_followed", "unknown"):
        items = list(a.by_status(status))
        if not items:
            continue
        if status in ("followed", "partly"):
            for group, quote in _by_quote(items, lang, doc):
                bullets.append(_pick(LETTER[status], lang).format(recs=_rec_names(group, cl, lang)) + quote)
        else:
            bullets.append(_pick(LETTER[status], lang).format(recs=_rec_names(items, cl, lang)))
    if taken_up and bullets:
        bullets[-1] += " " + _pick(LETTER["again"], lang)
    return {
        "heading": _pick(LETTER["heading_innspel" if innspel else "heading"], lang),
        "paragraphs": [lead],
        "bullets": bullets,
    }
