"""Guess whether a text is bokmål (nb) or nynorsk (nn) from marker words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Malform

NN_MARKERS = frozenset(
    (
        "ikkje eg kva korleis kvar kven dei frå heile berre vere ein eit mykje noko nokre desse saman "
        "vidare sjølv fleire utfordringar tenester ho hjå kyrkje meir difor gjere gjer sjå betre tilbod "
        "høve innbyggjarar innbyggjarane busetjing kommunane planane eigen eiga eigne òg framleis nokon "
        "kvifor arbeidsplassar bustader barnehagar skular skule vaksne ungdomar tilsette område "
        "vart handsaming handsama gongs føresegner føresegnene gjeldande omsyn kome kjem takast hjå då "
        "medan eksisterande offentleg vesentleg naudsynt heilskapleg særleg"
    ).split()
)
NB_MARKERS = frozenset(
    (
        "ikke jeg hva hvordan hvor hvem de fra hele bare være en et mye noe noen disse sammen videre selv "
        "flere utfordringer tjenester hun hos kirke mer derfor gjøre gjør se bedre tilbud innbyggere "
        "innbyggerne bosetting kommunene planene egen egne fortsatt hvorfor arbeidsplasser boliger "
        "barnehager skoler skole voksne ungdommer ansatte "
        "ble behandling behandlet bestemmelser bestemmelsene gjeldende hensyn komme kommer tas mens "
        "eksisterende offentlig vesentlig nødvendig helhetlig særlig"
    ).split()
)
_WORD = re.compile(r"[a-zæøåéèòôüäö]+")


def guess_malform(texts: Iterable[str], *, minimum: int = 30, short_minimum: int = 6) -> Malform | None:
    """'nn', 'nb', or None when the text is too short or too mixed to tell.

    With ``minimum`` marker words or more, a 60 % majority decides; a short text (a møtebok,
    a letter) with at least ``short_minimum`` marker words needs 80 %.
    """
    nn = nb = 0
    for text in texts:
        for w in _WORD.findall(text.casefold()):
            if w in NN_MARKERS:
                nn += 1
            elif w in NB_MARKERS:
                nb += 1
            elif len(w) > 6 and w.endswith(("ingen", "inger", "ingene")):
                nb += 1  # utviklingen, utfordringer (nn: utviklinga, utfordringar)
            elif len(w) > 5 and w.endswith(("inga", "ingar", "ingane")):
                nn += 1
            elif len(w) > 5 and w.endswith(("leg", "lege")):
                nn += 1  # offentleg, vesentlege (nb: offentlig, vesentlige)
            elif len(w) > 5 and w.endswith(("lig", "lige")):
                nb += 1
    total = nn + nb
    if total < short_minimum:
        return None
    share = nn / total
    need = 0.6 if total >= minimum else 0.8
    if share >= need:
        return "nn"
    if share <= 1 - need:
        return "nb"
    return None
