"""Why a quote counts, in words a planner reads (nynorsk and bokmål).

``explain`` turns the ``Reason`` that scoring keeps for every quote into one short sentence for the
report: what ties the quote to the immigrant population, where its role (fact, goal, measure) comes
from, which theme words it has, and what held its level down.
"""

from __future__ import annotations

from ..score.model import Reason

_ANCHOR = {
    "nn": {
        "sentence": "Nemner innvandrarbefolkninga sjølv ({words})",
        "previous": "Viser tilbake til setninga før, som nemner {words}",
        "heading": "Står under overskrifta «{heading}», som gjeld innvandrarar",
        "document": "Heile planen gjeld innvandrarbefolkninga",
        "chapter": "Teikn på mangfald ({words}) i eit kapittel som nemner innvandrarar",
        "weak": "Berre teikn på mangfald ({words}), difor ei omtale",
        "plan_name": "Viser til ein plan ved namn ({words})",
    },
    "nb": {
        "sentence": "Nevner innvandrerbefolkningen selv ({words})",
        "previous": "Viser tilbake til setningen før, som nevner {words}",
        "heading": "Står under overskriften «{heading}», som gjelder innvandrere",
        "document": "Hele planen gjelder innvandrerbefolkningen",
        "chapter": "Tegn på mangfold ({words}) i et kapittel som nevner innvandrere",
        "weak": "Bare tegn på mangfold ({words}), derfor en omtale",
        "plan_name": "Viser til en plan ved navn ({words})",
    },
}
_ROLE = {
    "nn": {
        "heading": "rolla kjem frå overskrifta «{heading}»",
        "label": "rolla kjem frå «{heading}:»",
        "table": "rolla kjem frå tabelloverskrifta",
        "wording": "ordlyden forpliktar («skal», «vil»)",
    },
    "nb": {
        "heading": "rollen kommer fra overskriften «{heading}»",
        "label": "rollen kommer fra «{heading}:»",
        "table": "rollen kommer fra tabelloverskriften",
        "wording": "ordlyden forplikter («skal», «vil»)",
    },
}
_OPERATIONAL = {
    "nn": {"owner": "ansvar", "deadline": "frist", "resources": "ressursar", "indicator": "indikator",
           "followup": "oppfølging"},
    "nb": {"owner": "ansvar", "deadline": "frist", "resources": "ressurser", "indicator": "indikator",
           "followup": "oppfølging"},
}  # fmt: skip
_CAP = {
    "nn": {
        "wish": "«bør» er eit ønske, ikkje eit mål",
        "weak_sign": "berre teikn på mangfald",
        "shared": "talet gjeld òg eit anna tema",
        "plan_name": "ein plan ved namn er ei omtale (eller ein planlagd innsats når han skal lagast)",
        "planstrategi": "ein planstrategi stoppar på nivå 2",
        "planprogram": "eit planprogram stoppar på nivå 2",
        "no_measures": "planen seier at han ikkje har tiltak",
        "theme": "temaet gjeld kunnskapsgrunnlaget",
    },
    "nb": {
        "wish": "«bør» er et ønske, ikke et mål",
        "weak_sign": "bare tegn på mangfold",
        "shared": "tallet gjelder også et annet tema",
        "plan_name": "en plan ved navn er en omtale (eller en planlagt innsats når den skal lages)",
        "planstrategi": "en planstrategi stopper på nivå 2",
        "planprogram": "et planprogram stopper på nivå 2",
        "no_measures": "planen sier at den ikke har tiltak",
        "theme": "temaet gjelder kunnskapsgrunnlaget",
    },
}


def _quoted(words: tuple[str, ...]) -> str:
    return ", ".join(f"«{w}»" for w in words[:3])


def explain(reason: Reason | None, lang: str) -> str:
    """One sentence on why a quote counts, or "" when there is no reason (older JSON).

    ``lang`` is "nn" or "nb". Plan text in the reason (words, headings) is returned as it stands:
    the templates escape it.
    """
    if reason is None:
        return ""
    form = "nn" if lang == "nn" else "nb"
    words = _quoted(reason.anchor)
    parts = [_ANCHOR[form].get(reason.anchor_from, "").format(words=words, heading=reason.heading or "")]
    role = _ROLE[form].get(reason.role_from, "")
    if reason.role_from in ("table", "wording"):
        parts.append(role)
    elif role and reason.heading and reason.anchor_from != "heading":
        parts.append(role.format(heading=reason.heading))
    if reason.theme_words:
        parts.append("temaord: " + ", ".join(reason.theme_words[:4]))
    if reason.operational:
        parts.append(", ".join(_OPERATIONAL[form].get(o, o) for o in reason.operational))
    cap = _CAP[form].get(reason.capped_by or "")
    if cap:
        parts.append(("halde nede: " if form == "nn" else "holdt nede: ") + cap)
    return "; ".join(p for p in parts if p) + "."
