"""Word senses and sentence shapes that decide whether a population word is really about immigrants.

A population word in a sentence is not always a reference to the immigrant population:

* **other senses** — «integrering av fagsystema» (systems), «integrere alle» (everyone),
  «inkludert» (including), «mangfald av aktivitetar» (variety);
* **items of a list** — in «viktig for folkehelse, barn og unge, integrering og næring» or
  «bilparken blir brukt av heimetenesta, flyktningtenesta og reinhald» the immigrant word is one
  item among others: the other items do not lend it their theme;
* **grounds of discrimination** — «uavhengig av kjønn, alder, funksjonsevne og etnisk bakgrunn»
  names ethnicity as one ground among several, not the immigrant population;
* **names of plans** — «Plan for integrering» in a list of the municipality's plans refers to a
  plan, not to what this plan says about integration;
* **method** — «Framskrivinga byggjer på fødslar, dødsfall, flytting og innvandring» describes how
  a projection is made, not the immigrant population.

The functions here work on the normalised text (``planreview.read.normalise.norm``) and return
character spans, so that the caller can mask words or ignore theme words inside them. Word lists
cover bokmål and nynorsk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .terms import word_trie

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

# Nouns for people who can be integrated: «integrering av flyktningar» is about immigrants,
# «integrering av fagsystem» is not.
PEOPLE = re.compile(
    r"^(?:\w*innvandr\w*|\w*flyktning\w*|nyankomn\w*|nykomn\w*|asylsøk\w*|minoritet\w*|personer|personar|"
    r"mennesker|menneske|folk|barn|barna|ungdom\w*|unge|familie\w*|foreldre\w*|kvinner|menn|deltaker\w*|"
    r"deltakar\w*|elev\w*|nye|innbygg\w*|arbeidsinnvandr\w*|arbeidstak\w*|ukrain\w*|bosatte|busette|"
    r"enkelte|dei|de|disse|desse|dem|seg|alle\s+nye)$"
)
# «integrere alle» (everyone), «integrere X i planen» (merge): not about immigrants.
_INTEGRATE = re.compile(r"\bintegrer(?:e|ast|es|er|ar|a|t|te)?\b")
_INTEGRATION_OF = re.compile(r"\b(?:integrering|integreringa|integreringen)\s+av\b")
# Words that may stand before the noun integrated: «integrering av de nye fagsystemene», «integrere
# dei nye busette». A pronoun among them is the object itself only when no noun follows it.
_DETERMINER = re.compile(
    r"^(?:de|dei|den|det|disse|desse|dette|denne|nye|nytt|ny|våre|vår|vårt|kommunens|kommunen|sine|sin|"
    r"ulike|eksisterende|eksisterande|alle|fleire|flere|mange|to|tre|enkelte)$"
)
_AFTER_PRONOUN = re.compile(
    r"^(?:i|inn|på|til|gjennom|og|eller|som|best|godt|raskt|betre|bedre|blir|vert|skal|er|ved|med|etter|"
    r"fra|frå)$"
)
_INCLUDING = re.compile(r"\b(?:inkludert|inkluderer|inkludera|inkludere)\b")
_VARIETY = re.compile(
    r"\b(?:et|eit|stort|større|rikt|bredt|breitt)\s+mangf[oa]ld\b|\bmangf[oa]ld(?:et)?\s+(?:av|i|innan|innen)\b|"
    r"\bmangfoldig\w*\s+(?:nærings\w*|kultur\w*|bolig\w*|bustad\w*|tilbod\w*|tilbud\w*|aktivitet\w*|natur\w*)|"
    r"\bmangfaldig\w*\s+(?:nærings\w*|kultur\w*|bustad\w*|tilbod\w*|aktivitet\w*|natur\w*)"
)

# Grounds of discrimination: a list of several is about equal treatment, not about immigrants.
GROUNDS = re.compile(
    r"\b(?:kjønn\w*|alder|funksjons\w*|nedsatt|nedsett|religi\w*|livssyn\w*|tru|tro|seksuell\w*|legning|"
    r"orientering|kjønnsidentitet\w*|kjønnsuttrykk|hudfarge|etnisitet\w*|etnisk\w*|nasjonal|opprinnelse|"
    r"opphav|bakgrunn|bosted|bustad|sosio\w*|økonomi\w*|utdanning\w*|språk)\b"
)
_ETHNIC = re.compile(r"\b(?:etnisitet\w*|etnisk\w*|nasjonal\w*|landbakgrunn\w*|kulturell\w*|hudfarge)\b")

# A unit of the municipality named after immigrants: «flyktningtenesta», «introduksjonssenteret».
SERVICE = re.compile(
    r"(?:tjenest\w*|tenest\w*|kontor\w*|team\w*|senter\w*|senteret|konsulent\w*|koordinator\w*|"
    r"avdeling\w*|enhet\w*|eining\w*|mottak\w*|skole\w*|skule\w*|opplæring\w*|råd|rådet|utval\w*|utvalg\w*)$"
)
# A municipal unit named after the population it serves: «flyktningtenesta», «introduksjonssenteret».
UNIT_NAME = re.compile(
    r"(?:flyktning|innvandr|integrering|introduksjon)\w*(?:tjenest|tenest|kontor|team|senter|senteret|eining|enhet|"
    r"avdeling|koordinator|konsulent)\w*$"
)
# The name of a plan or strategy: «Plan for integrering», «integreringsplanen», «Strategi for …».
_PLAN_NAME = re.compile(
    r"\b(?:\w*plan(?:en|a|et)?|\w*strategi(?:en|a)?|\w*program(?:met)?)\s+for\s+((?:[\w-]+\s+){0,6}?[\w-]+)"
    r"(?=\s*(?:[,.;:|()]|\d|$|\s(?:er|vart|vert|blir|ble|skal|må|fra|frå|og\s+\w*plan)\b))"
)
_PLAN_WORD = re.compile(r"\w+plan(?:en|a|ar|er|ane|ene)?$|\w+strategi(?:en|a)?$")

# Method of a population projection: «byggjer på fødslar, dødsfall, flytting og innvandring».
METHOD = re.compile(
    r"\b(?:forutsetning\w*|føresetnad\w*|bygger\s+på|byggjer\s+på|basert\s+på|basera\s+på|modell\w*|"
    r"bereg\w*|berekn\w*|komponent\w*|hovedalternativ\w*|hovudalternativ\w*|alternativ\w*|metode\w*)"
)
COMPONENTS = re.compile(
    r"\b(?:fødsl\w*|fødte|fødselsoverskot\w*|fødselsoverskudd\w*|fruktbarheit|fruktbarhet|døde|dødsfall\w*|"
    r"dødelegheit|dødelighet|levealder\w*|flytting\w*|innflytting\w*|utflytting\w*|utvandring\w*|"
    r"innenlandsk\w*|innanlandsk\w*)\b"
)
_IMMIGRATION = re.compile(r"\b(?:netto)?innvandring\w*\b")


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A list of three or more items in one sentence: the items' character spans, in order."""

    items: tuple[tuple[int, int], ...]
    partners: bool = False
    """The items are partners of one effort («samarbeid mellom A, B og C»): each speaks with the others."""

    def item_at(self, pos: int) -> int | None:
        """Index of the item that covers character ``pos``, or None."""
        for i, (a, b) in enumerate(self.items):
            if a <= pos < b:
                return i
        return None


_COMMA = re.compile(r",\s+|;\s+|\s+[–-]\s+(?=\w)")
_AND = re.compile(r"\s+(?:og|eller|samt|and)\s+")
_MAX_ITEM_WORDS = 5
_PARTNERS = re.compile(
    r"\b(?:samarbeid\w*|samhandling\w*|samordn\w*|dialog\w*|møte\w*|nettverk\w*|partnarskap\w*|partnerskap\w*)"
    r"(?:\s+\w+){0,3}\s+(?:mellom|med|frå|fra|mellom\s+anna)?\s*$"
)
_OPENS_LIST = re.compile(
    r"^(?:av|for|med|til|om|på|i|blant|mellom|som|både|slik|dømes|eksempel|eks|mot|frå|fra|under|"
    r"innan|innen|ved|og|eller|også|òg|er|var|har|gjeld|gjelder|omfattar|omfatter|særleg|særlig|spesielt)$"
)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def enumerations(text: str) -> list[Enumeration]:
    """Lists in ``text`` («A, B, C og D»; «A, B og C»): runs of short comma-separated items.

    The first item is the last words of the segment before the first comma (at most three); the
    last segment is split at its first «og»/«eller». A run needs three items or more, and every
    item in the middle at most five words.
    """
    cuts = [(m.start(), m.end()) for m in _COMMA.finditer(text)]
    if not cuts:
        return []
    bounds = [0, *(c for pair in cuts for c in pair), len(text)]
    segs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    out: list[Enumeration] = []
    i = 0
    while i < len(segs) - 1:
        j = i + 1
        while j < len(segs) - 1 and _words(text[segs[j][0] : segs[j][1]]) <= _MAX_ITEM_WORDS:
            j += 1
        # segs[i] opens the run, segs[i+1 .. j-1] are middle items, segs[j] closes it.
        items: list[tuple[int, int]] = []
        a, b = segs[i]
        head = list(_WORD.finditer(text, a, b))
        # The first item starts after the last small word before it («møte med A, B og C»); a
        # segment of one to three words is an item as it stands.
        if len(head) > 3:
            tail = head[-3:]
            opener = max((k for k, w in enumerate(tail) if _OPENS_LIST.match(w.group(0))), default=None)
            head = tail[opener + 1 :] if opener is not None else []
        if head:
            items.append((head[0].start(), b))
        elif j == i + 1:
            i = j  # «A B C D, E og F» with no opener: a clause and a pair, not a list
            continue
        items.extend(segs[i + 1 : j])
        a, b = segs[j]
        m = _AND.search(text, a, b)
        if m and _words(text[a : m.start()]) <= _MAX_ITEM_WORDS:
            items.append((a, m.start()))
            tail = list(_WORD.finditer(text, m.end(), b))[:4]
            if tail:
                items.append((m.end(), tail[-1].end()))
        elif _words(text[a:b]) <= _MAX_ITEM_WORDS:
            items.append((a, b))
        if len(items) >= 3:
            lead = text[max(0, items[0][0] - 40) : items[0][0]]
            out.append(Enumeration(tuple(items), bool(_PARTNERS.search(lead))))
        i = j
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of the normalised text and why it is set aside."""

    start: int
    end: int
    why: str
    """«sense», «grounds», «plan_name», «method»."""


def _people_integrated(text: str, pos: int, *, after_of: bool) -> bool:
    """Whether the words after «integrering av» / «integrere» at ``pos`` name people: the first noun
    after at most three determiners or adjectives («av de nye fagsystemene» → systems, not people),
    or a pronoun with no noun after it («integrere dei i arbeidslivet»). «integrere alle» alone is
    everyone, not immigrants; «integrering av alle nye» is people."""
    words = [w.group(0) for w in _WORD.finditer(text[pos : pos + 80])][:4]
    if not words:
        return False
    if not after_of and words[0] == "alle" and (len(words) == 1 or not PEOPLE.match(words[1])):
        return False
    for i, w in enumerate(words):
        if _DETERMINER.match(w) and i < 3:
            if PEOPLE.match(w) and (i + 1 == len(words) or _AFTER_PRONOUN.match(words[i + 1])):
                return True  # «dei», «dem», «alle» as the object itself
            continue
        return bool(PEOPLE.match(w))
    return False


def other_senses(text: str) -> list[Span]:
    """Spans of population words used in another sense (integrating systems, «inkludert», variety)."""
    out: list[Span] = []
    for m in _INTEGRATION_OF.finditer(text):
        if not _people_integrated(text, m.end(), after_of=True):
            out.append(Span(m.start(), m.end(), "sense"))
    for m in _INTEGRATE.finditer(text):
        if not _people_integrated(text, m.end(), after_of=False):
            out.append(Span(m.start(), m.end(), "sense"))
    out.extend(Span(m.start(), m.end(), "sense") for m in _INCLUDING.finditer(text))
    out.extend(Span(m.start(), m.end(), "sense") for m in _VARIETY.finditer(text))
    return out


_KNOWING_CULTURE = re.compile(
    r"\b(?:kjennskap til|kunnskap(?:ar|er)? om|opplæring i|forståing av|forståelse av|innsikt i|lære om)"
    r"\s+(?:[\w-]+,?\s+){0,3}?(?:kultur(?:en)?|kulturar|kulturer)\b"
)


# A statistics source named as where a figure comes from («Folkehelseprofilen viser at …», «tal frå
# Ungdata»): its name is no theme of the figure.
_SOURCE = re.compile(
    r"\b(?:folkehelseprofil\w*|folkehelsebarometer\w*|folkehelseoversikt\w*|ungdata\w*(?:-\w+)?|kommunehelsa\w*|"
    r"levekårsundersøking\w*|levekårsundersøkelse\w*|statistikkbank\w*|kostra\w*)"
    r"(?=\s+(?:viser|syner|peikar|peker|fortel|forteller|melder|tyder)\b)|"
    r"\b(?:ifølge|i\s+følgje|i\s+følge|tal\s+frå|tall\s+fra|data\s+frå|data\s+fra|kjelde:?|kilde:?)\s+"
    r"(?:folkehelseprofil\w*|folkehelsebarometer\w*|folkehelseoversikt\w*|ungdata\w*|kommunehelsa\w*|"
    r"levekårsundersøking\w*|levekårsundersøkelse\w*)"
)


def theme_senses(text: str) -> list[Span]:
    """Theme words in another sense, to leave out when a sentence's themes are found: knowing the
    culture of a country («kjennskap til norsk språk, kultur og samfunnsliv», what an introduction
    programme teaches) is no cultural life to take part in; the name of a statistics source
    («Folkehelseprofilen viser at …») is no theme of the figure it gives."""
    return [
        Span(m.start(), m.end(), "sense") for pattern in (_KNOWING_CULTURE, _SOURCE) for m in pattern.finditer(text)
    ]


def grounds(text: str, lists: list[Enumeration]) -> list[Span]:
    """Items naming ethnicity in a list of grounds of discrimination (two or more other grounds)."""
    out: list[Span] = []
    for e in lists:
        ethnic = [k for k, (a, b) in enumerate(e.items) if _ETHNIC.search(text, a, b)]
        if not ethnic:
            continue
        others = sum(1 for k, (a, b) in enumerate(e.items) if k not in ethnic and GROUNDS.search(text, a, b))
        if others >= 2:
            out.extend(Span(*e.items[k], "grounds") for k in ethnic)
    return out


def plan_names(text: str) -> list[Span]:
    """Names of plans and strategies («plan for integrering», «integreringsplanen»)."""
    out = [Span(m.start(), m.end(), "plan_name") for m in _PLAN_NAME.finditer(text)]
    out.extend(Span(m.start(), m.end(), "plan_name") for m in _WORD.finditer(text) if _PLAN_WORD.match(m.group(0)))
    return out


def method(text: str, lists: list[Enumeration]) -> list[Span]:
    """«innvandring» listed with other components of a projection in a sentence about method."""
    if not METHOD.search(text):
        return []
    out: list[Span] = []
    for e in lists:
        for a, b in e.items:
            m = _IMMIGRATION.search(text, a, b)
            if m and sum(1 for x, y in e.items if COMPONENTS.search(text, x, y)) >= 2:
                out.append(Span(m.start(), m.end(), "method"))
    return out


def inside(spans: list[Span], start: int, end: int) -> Span | None:
    """The span that holds [start, end), if any."""
    return next((s for s in spans if s.start <= start and end <= s.end), None)


def find_spans(pattern_words: list[str], text: str) -> list[tuple[int, int]]:
    """Character spans of each matched word or phrase in ``text`` (first occurrence onwards, all)."""
    out: list[tuple[int, int]] = []
    for w in dict.fromkeys(pattern_words):
        start = 0
        while True:
            i = text.find(w, start)
            if i < 0:
                break
            before = text[i - 1] if i else " "
            after = text[i + len(w)] if i + len(w) < len(text) else " "
            if not before.isalnum() and not after.isalnum():
                out.append((i, i + len(w)))
            start = i + len(w)
    return sorted(out)


# Countries people in Norwegian municipalities commonly come from, and their peoples (both målformer).
_COUNTRIES = (
    "polen litauen latvia estland sverige danmark finland island tyskland nederland belgia frankrike spania "
    "portugal italia hellas storbritannia england skottland irland romania bulgaria ungarn tsjekkia slovakia "
    "kroatia serbia bosnia kosovo albania russland ukraina hviterussland belarus moldova tyrkia syria irak iran "
    "afghanistan pakistan india sri lanka bangladesh nepal kina vietnam thailand filippinane filippinene "
    "myanmar burma eritrea etiopia somalia sudan sør-sudan kongo rwanda burundi uganda kenya nigeria ghana "
    "gambia marokko tunisia algerie egypt libya palestina libanon jemen chile colombia brasil peru usa canada"
).split()
_PEOPLES = (
    "polakkar polakker litauarar litauere latviarar latviere estarar estlendere svenskar svensker danskar "
    "dansker finnar finner islendingar islendinger tyskarar tyskere nederlendarar nederlendere franskmenn "
    "spanjolar spanjoler portugisarar portugisere italienarar italienere grekarar grekere britar briter "
    "rumenarar rumenere bulgararar bulgarere ungarar ungarere kroatar kroater serbarar serbere russarar "
    "russere ukrainarar ukrainere tyrkarar tyrkere syrarar syrere irakarar irakere iranarar iranere "
    "afghanarar afghanere pakistanarar pakistanere eritrearar eritreere etiopiarar etiopiere somaliarar "
    "somaliere sudanarar sudanere kongolesarar kongolesere thailendarar thailendere filippinarar filippinere "
    "vietnamesarar vietnamesere palestinarar palestinere"
).split()
# One trie of the names, not an alternation of them: the engine tries each first letter once at each
# place in a sentence, not each of the 200 names (matches are the same, longest name first).
_ORIGIN_NAMES = re.compile(r"\b(?:" + word_trie(_COUNTRIES + _PEOPLES) + r")\b")
_RESIDENTS = re.compile(
    r"\b(?:innbygg\w*|befolkning\w*|folketal\w*|bosatt\w*|busett\w*|bur|bor|kjem|kommer|bakgrunn|opphav\w*|"
    r"opprinnelse|statsborg\w*|arbeidstak\w*|arbeidar\w*|arbeidere|nasjonalitet\w*|personar|personer)\b"
)
_MANY_LANDS = re.compile(
    r"\b(?:bakgrunn|opphav|opprinnelse)\s+(?:fra|frå|i)\s+(?:\w+\s+){0,3}?(?:land|nasjonar|nasjoner)\b|"
    r"\b\d+\s+(?:ulike\s+|forskjellige\s+)?(?:nasjonaliteter|nasjonalitetar|nasjonar|nasjoner)\b|"
    r"\b(?:innbygg\w*|personer|personar|folk)\s+(?:fra|frå)\s+(?:over\s+|rundt\s+|om lag\s+|nesten\s+)?\d+\s+"
    r"(?:ulike\s+|forskjellige\s+)?land\b|"
    r"\b(?:innbygg\w*|personer|personar|folk|tilflytt\w*|innflytt\w*|arbeidstak\w*|arbeidar\w*|arbeidere)\s+"
    r"(?:fra|frå)\s+(?:andre\s+land|utlandet|mange\s+land|hele\s+verden|heile\s+verda|eu|eøs)\b"
)


def foreign_origin(text: str) -> list[Span]:
    """Residents named by their countries of origin: two or more foreign countries or peoples in a
    sentence about residents («innbyggjarar frå Polen, Litauen og Syria»), or «bakgrunn frå 150 land»."""
    out = [Span(m.start(), m.end(), "origin") for m in _MANY_LANDS.finditer(text)]
    names = list(_ORIGIN_NAMES.finditer(text))
    if len({m.group(0) for m in names}) >= 2 and _RESIDENTS.search(text):
        out.extend(Span(m.start(), m.end(), "origin") for m in names)
    return out


ORIGIN_HINT = re.compile(r"\bland\b|nasjon|" + _ORIGIN_NAMES.pattern)
"""Any text that ``foreign_origin`` can find something in matches this (a cheap prefilter)."""


_BACK = re.compile(
    r"^(?:[-•–]\s*)?(?:(?:de fleste|dei fleste|de|dei|disse|desse)(?: av (?:dem|dei|desse|disse))?\s+(?P<verb>\w+)|"
    r"(?:sistnevnte|sistnemnde|majoriteten|flertallet|fleirtalet|halvparten|mange av (?:dem|dei)|"
    r"en stor del av (?:dem|de)|ein stor del av dei|blant (?:dem|dei|disse|desse))\b)"
)
_FINITE = frozenset(
    "er var har hadde skal skulle vil ville kan kunne må måtte bør blir ble vart vert får fikk fekk "
    "kom kommer kjem bor bur arbeider arbeider jobber jobbar deltar deltek deltok tar tek tok går gjekk gikk "
    "trenger treng trengte mangler manglar ønsker ønskjer ønskte opplever oppleve snakker snakkar "
    "flytter flyttar flyttet flytta reiser reiste søker søkjer fullfører fullfører fullførte gjennomfører "
    "gjennomfører utgjør utgjer står stod sto lever levde mottar mottek fortsetter held holder".split()
)
"""Finite verbs a sentence opens with after a pronoun subject (Norwegian puts the verb second):
«Dei fleste kom i arbeid», «Desse har rett til …». After a determiner a noun or adjective follows
instead: «Dei fleste kommunane …», «Disse tiltakene …» point back to no people. Words that name a
part of a group named before («sistnemnde», «halvparten») point back to it either way."""


def refers_back(text: str) -> bool:
    """Whether a sentence opens by pointing back to the people of the one before: a pronoun as its
    subject («Dei fleste …», «Desse har …», «Blant dei …»), not a determiner («Desse tiltaka …»)."""
    m = _BACK.match(text)
    if m is None:
        return False
    verb = m.group("verb")
    return verb is None or verb in _FINITE
