"""The letter's own sentences, in nynorsk and bokmål, by plan type and stage.

Each entry is ``(nynorsk, bokmål)``; ``say(key, lang, **fields)`` picks one and fills it in.
The legal basis per plan type follows plan- og bygningslova: planstrategi § 10-1,
planprogram §§ 4-1 and 11-13, samfunnsdel §§ 11-2 and 11-14, handlingsdel § 11-3,
kommunedelplan § 11-1; the county's regional integration duty is integreringslova § 4.
"""

from __future__ import annotations

from ..messages import Lang

NUMBERS = {
    "nn": ["null", "eitt", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv"],
    "nb": ["null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv"],
}


def number(n: int, lang: Lang) -> str:
    """A count as a planner writes it in prose: words up to twelve (neuter: «eitt tema»), then digits."""
    return NUMBERS[lang][n] if 0 <= n < len(NUMBERS[lang]) else str(n)


def join(items: list[str], lang: Lang, word: str = "og") -> str:
    """«a, b og c» (or «a, b eller c» with ``word="eller"``, as a negation needs); when an item holds
    the word itself, the last one is set off by a comma («…, og c»)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    sep = f", {word} " if any(f" {word} " in i for i in items) else f" {word} "
    return ", ".join(items[:-1]) + sep + items[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# The plan as the subject of a sentence ("samfunnsdelen omtalar …") and as a kind ("høyringsutkast til …").
PLAN_DEF: dict[str | None, tuple[str, str]] = {
    "planstrategi": ("planstrategien", "planstrategien"),
    "planstrategi_planprogram": ("planstrategien og planprogrammet", "planstrategien og planprogrammet"),
    "planprogram": ("planprogrammet", "planprogrammet"),
    "samfunnsdel": ("samfunnsdelen", "samfunnsdelen"),
    "handlingsdel": ("handlingsdelen", "handlingsdelen"),
    "kommunedelplan": ("kommunedelplanen", "kommunedelplanen"),
    "temaplan": ("temaplanen", "temaplanen"),
    "regional_planstrategi": ("planstrategien", "planstrategien"),
    "regional_plan": ("planen", "planen"),
    None: ("planen", "planen"),
}
PLAN_LABEL: dict[str, tuple[str, str]] = {
    "planstrategi": ("kommunal planstrategi", "kommunal planstrategi"),
    "planstrategi_planprogram": (
        "kommunal planstrategi med planprogram for samfunnsdelen",
        "kommunal planstrategi med planprogram for samfunnsdelen",
    ),
    "planprogram": ("planprogram", "planprogram"),
    "samfunnsdel": ("kommuneplanen sin samfunnsdel", "kommuneplanens samfunnsdel"),
    "handlingsdel": ("handlingsdelen til kommuneplanen", "kommuneplanens handlingsdel"),
    "kommunedelplan": ("kommunedelplan", "kommunedelplan"),
    "temaplan": ("temaplan", "temaplan"),
    "regional_planstrategi": ("regional planstrategi", "regional planstrategi"),
    "regional_plan": ("regional plan", "regional plan"),
}
STAGE_LABEL: dict[str, tuple[str, str]] = {
    "hoyringsutkast": ("høyringsutkast", "høringsutkast"),
    "offentleg_ettersyn": ("offentleg ettersyn", "offentlig ettersyn"),
    "vedteken": ("vedteken plan", "vedtatt plan"),
}

TEXTS: dict[str, tuple[str, str]] = {
    # --- blanks the planner fills in ------------------------------------------------------------
    "blank_type": ("[fyll inn: plantype]", "[fyll inn: plantype]"),
    "blank_type_guess": ("[fyll inn: plantype, truleg {label}]", "[fyll inn: plantype, trolig {label}]"),
    "blank_stage": (
        "[fyll inn: høyringsutkast, offentleg ettersyn eller vedteken plan]",
        "[fyll inn: høringsutkast, offentlig ettersyn eller vedtatt plan]",
    ),
    "blank_stage_guess": (
        "[fyll inn: høyringsutkast, offentleg ettersyn eller vedteken plan; truleg {label}]",
        "[fyll inn: høringsutkast, offentlig ettersyn eller vedtatt plan; trolig {label}]",
    ),
    "blank_date": ("[fyll inn: dato]", "[fyll inn: dato]"),
    "blank_law": (
        "Heimelen i plan- og bygningslova følgjer av plantypen: [fyll inn: plantype og paragraf].",
        "Hjemmelen i plan- og bygningsloven følger av plantypen: [fyll inn: plantype og paragraf].",
    ),
    "confirm_type": (" [fyll inn: stadfest at dette er {label}]", " [fyll inn: bekreft at dette er {label}]"),
    # --- headings ----------------------------------------------------------------------------------
    "h_intro": ("Innleiing", "Innledning"),
    "h_overall": ("Samla vurdering", "Samlet vurdering"),
    "h_positive": ("Det vi ser som positivt", "Det vi ser som positivt"),
    "h_remarks": ("Merknader", "Merknader"),
    "h_recs": ("Tilrådingar", "Anbefalinger"),
    "h_help": ("Vidare dialog", "Videre dialog"),
    # --- title -------------------------------------------------------------------------------------
    "kind_hearing": ("fråsegn om integrering", "uttalelse om integrering"),
    "kind_adopted_pp": ("innspel om integrering til planarbeidet", "innspill om integrering til planarbeidet"),
    "kind_adopted": ("innspel om integrering til neste revisjon", "innspill om integrering til neste revisjon"),
    # --- introduction ------------------------------------------------------------------------------
    "ref_your": (" (dykkar ref. {ref})", " (deres ref. {ref})"),
    "intro_hearing": (
        "Vi viser til brevet dykkar av {date}{ref} med høyringsutkast til {label}, «{plan}».",
        "Vi viser til brevet deres av {date}{ref} med høringsutkast til {label}, «{plan}».",
    ),
    "intro_hearing_ps": (
        "Vi viser til brevet dykkar av {date}{ref} med framlegg til {label}, «{plan}».",
        "Vi viser til brevet deres av {date}{ref} med forslag til {label}, «{plan}».",
    ),
    "intro_ettersyn": (
        "Vi viser til brevet dykkar av {date}{ref} om {label}, «{plan}», som er lagt ut til offentleg ettersyn.",
        "Vi viser til brevet deres av {date}{ref} om {label}, «{plan}», som er lagt ut til offentlig ettersyn.",
    ),
    "intro_adopted": (
        "Vi har lese «{plan}» ({label}), som kommunen har vedteke.",
        "Vi har lest «{plan}» ({label}), som kommunen har vedtatt.",
    ),
    "intro_adopted_named": (
        "Vi har lese «{plan}», som kommunen har vedteke.",
        "Vi har lest «{plan}», som kommunen har vedtatt.",
    ),
    "intro_unsure": (
        "Vi viser til {label} «{plan}» ({stage}).",
        "Vi viser til {label} «{plan}» ({stage}).",
    ),
    "law_planstrategi": (
        "Etter plan- og bygningslova § 10-1 skal kommunen hente inn synspunkt frå regionale organ i arbeidet med "
        "planstrategien. Ein planstrategi set ikkje eigne mål og tiltak, men avgjer kva planar kommunen "
        "skal arbeide med i valperioden.",
        "Etter plan- og bygningsloven § 10-1 skal kommunen innhente synspunkter fra regionale organer i arbeidet "
        "med planstrategien. En planstrategi setter ikke egne mål og tiltak, men avgjør hvilke planer kommunen "
        "skal arbeide med i valgperioden.",
    ),
    "law_planprogram": (
        "Eit planprogram skal etter plan- og bygningslova §§ 4-1 og 11-13 gjere greie for føremålet med "
        "planarbeidet, kva som skal greiast ut og korleis medverknaden skal leggjast opp.",
        "Et planprogram skal etter plan- og bygningsloven §§ 4-1 og 11-13 gjøre rede for formålet med "
        "planarbeidet, hva som skal utredes og hvordan medvirkningen skal legges opp.",
    ),
    "law_planstrategi_planprogram": (
        "Dokumentet er både kommunal planstrategi etter plan- og bygningslova § 10-1, som avgjer kva planar "
        "kommunen skal arbeide med, og planprogram for samfunnsdelen etter §§ 4-1 og 11-13, som skal gjere greie "
        "for tema, utgreiingar og medverknad.",
        "Dokumentet er både kommunal planstrategi etter plan- og bygningsloven § 10-1, som avgjør hvilke planer "
        "kommunen skal arbeide med, og planprogram for samfunnsdelen etter §§ 4-1 og 11-13, som skal gjøre rede "
        "for temaer, utredninger og medvirkning.",
    ),
    "law_samfunnsdel": (
        "Samfunnsdelen skal etter plan- og bygningslova § 11-2 ta stilling til langsiktige utfordringar, mål og "
        "strategiar for kommunesamfunnet, og han skal følgjast opp i handlingsdelen.",
        "Samfunnsdelen skal etter plan- og bygningsloven § 11-2 ta stilling til langsiktige utfordringer, mål og "
        "strategier for kommunesamfunnet, og den skal følges opp i handlingsdelen.",
    ),
    "law_handlingsdel": (
        "Handlingsdelen skal etter plan- og bygningslova § 11-3 vise korleis samfunnsdelen skal følgjast opp dei "
        "fire neste åra, og han skal reviderast kvart år.",
        "Handlingsdelen skal etter plan- og bygningsloven § 11-3 vise hvordan samfunnsdelen skal følges opp de "
        "fire neste årene, og den skal revideres hvert år.",
    ),
    "law_kommunedelplan": (
        "Kommunedelplanar for tema blir utarbeidde etter plan- og bygningslova § 11-1 og skal følgje opp måla i "
        "samfunnsdelen.",
        "Kommunedelplaner for temaer utarbeides etter plan- og bygningsloven § 11-1 og skal følge opp målene i "
        "samfunnsdelen.",
    ),
    "law_strategy": (
        "Ein strategi følgjer opp samfunnsdelen på eitt fagfelt. Med mindre han blir vedteken som kommunedelplan, "
        "gjeld ikkje krava i plan- og bygningslova, men han bør byggje på måla i samfunnsdelen.",
        "En strategi følger opp samfunnsdelen på ett fagfelt. Med mindre den vedtas som kommunedelplan, gjelder "
        "ikke kravene i plan- og bygningsloven, men den bør bygge på målene i samfunnsdelen.",
    ),
    "law_temaplan": (
        "Ein temaplan følgjer opp samfunnsdelen på eitt fagfelt; blir han utarbeidd som kommunedelplan, gjeld "
        "plan- og bygningslova § 11-1.",
        "En temaplan følger opp samfunnsdelen på ett fagfelt; utarbeides den som kommunedelplan, gjelder "
        "plan- og bygningsloven § 11-1.",
    ),
    "stage_hearing_kp": (
        "Planforslaget er sendt på høyring og lagt ut til offentleg ettersyn etter § 11-14, og fylkeskommunen "
        "gir fråsegn som regional planstyresmakt.",
        "Planforslaget er sendt på høring og lagt ut til offentlig ettersyn etter § 11-14, og fylkeskommunen "
        "gir uttalelse som regional planmyndighet.",
    ),
    "stage_hearing_pp": (
        "Høyringa av planprogrammet er tida for å påverke kva tema og utgreiingar planarbeidet skal ta med.",
        "Høringen av planprogrammet er tiden for å påvirke hvilke temaer og utredninger planarbeidet skal ta med.",
    ),
    "stage_hearing_ps": (
        "Fylkeskommunen gir innspel som regional planstyresmakt.",
        "Fylkeskommunen gir innspill som regional planmyndighet.",
    ),
    "stage_adopted": (
        "Sidan planen er vedteken, gir vi her innspel til neste revisjon, ikkje ei høyringsfråsegn.",
        "Siden planen er vedtatt, gir vi her innspill til neste revisjon, ikke en høringsuttalelse.",
    ),
    "stage_adopted_pp": (
        "Sidan planprogrammet er fastsett, gir vi her innspel til arbeidet med planen det legg opp til, ikkje ei "
        "høyringsfråsegn.",
        "Siden planprogrammet er fastsatt, gir vi her innspill til arbeidet med planen det legger opp til, ikke en "
        "høringsuttalelse.",
    ),
    "stage_adopted_ps": (
        "Sidan planstrategien er vedteken, gir vi her innspel til planarbeidet i perioden og til neste "
        "planstrategi, ikkje ei høyringsfråsegn.",
        "Siden planstrategien er vedtatt, gir vi her innspill til planarbeidet i perioden og til neste "
        "planstrategi, ikke en høringsuttalelse.",
    ),
    "no_objection": (
        "Merknadene våre er faglege råd, ikkje motsegn.",
        "Merknadene våre er faglige råd, ikke innsigelse.",
    ),
    "rm_ukraine": (
        "{Plan} nemner flyktningar frå Ukraina ({where}), men vi kan ikkje sjå at kollektivt vern er omtalt, eller "
        "kva det har å seie for rettar og plikter, til dømes i introduksjonsprogrammet.",
        "{Plan} nevner flyktninger fra Ukraina ({where}), men vi kan ikke se at kollektiv beskyttelse er omtalt, "
        "eller hva det betyr for rettigheter og plikter, for eksempel i introduksjonsprogrammet.",
    ),
    "rec_ukraine": (
        "planen gjer greie for kva reglar som gjeld for flyktningar med kollektivt vern, og korleis tilbodet blir "
        "tilpassa dei.",
        "planen gjør rede for hvilke regler som gjelder for flyktninger med kollektiv beskyttelse, og hvordan "
        "tilbudet tilpasses dem.",
    ),
    "rm_groups_refugees_only": (
        "{Plan} nemner flyktningar, men vi kan ikkje sjå at arbeidsinnvandrarar og familieinnvandrarar er omtalte.",
        "{Plan} nevner flyktninger, men vi kan ikke se at arbeidsinnvandrere og familieinnvandrere er omtalt.",
    ),
    "this_hearing": ("Denne fråsegna", "Denne uttalelsen"),
    "this_adopted": ("Dette innspelet", "Dette innspillet"),
    "this_unsure": ("Dette brevet", "Dette brevet"),
    "role": (
        "Fylkeskommunen har ansvar for det regionale integreringsarbeidet etter integreringslova § 4. {this} gjeld "
        "korleis {plan} tek omsyn til innvandrarbefolkninga og integrering; andre fagområde i fylkeskommunen kan "
        "kome med eigne merknader.",
        "Fylkeskommunen har ansvar for det regionale integreringsarbeidet etter integreringsloven § 4. {this} "
        "gjelder hvordan {plan} tar hensyn til innvandrerbefolkningen og integrering; andre fagområder i "
        "fylkeskommunen kan komme med egne merknader.",
    ),
    # --- overall assessment --------------------------------------------------------------------------
    "ov_none": (
        "Vi kan ikkje sjå at {plan} omtalar innvandrarbefolkninga eller integrering.",
        "Vi kan ikke se at {plan} omtaler innvandrerbefolkningen eller integrering.",
    ),
    "ov_weak_only": (
        "{Plan} nemner {words}, men vi kan ikkje sjå at innvandrarbefolkninga eller integrering er omtalt uttrykkeleg.",
        "{Plan} nevner {words}, men vi kan ikke se at innvandrerbefolkningen eller integrering er omtalt uttrykkelig.",
    ),
    "ov_brief": (
        "{Plan} nemner innvandrarar eller integrering berre kort ({where}), og vi kan ikkje sjå at det er knytt til "
        "nokon av dei {total} temaa i rettleiaren.",
        "{Plan} nevner innvandrere eller integrering bare kort ({where}), og vi kan ikke se at det er knyttet til "
        "noen av de {total} temaene i veilederen.",
    ),
    "ov_mentioned": (
        "{Plan} omtalar innvandrarbefolkninga i samband med {themes}.",
        "{Plan} omtaler innvandrerbefolkningen i forbindelse med {themes}.",
    ),
    "ov_mentioned_all": (
        "{Plan} omtalar innvandrarbefolkninga på alle felta i rettleiaren.",
        "{Plan} omtaler innvandrerbefolkningen på alle feltene i veilederen.",
    ),
    "ov_no_goals": (
        "Vi kan ikkje sjå mål eller strategiar som uttrykkeleg gjeld innvandrarbefolkninga.",
        "Vi kan ikke se mål eller strategier som uttrykkelig gjelder innvandrerbefolkningen.",
    ),
    "ov_goals": (
        "Mål eller strategiar for innvandrarbefolkninga finn vi innan {themes}",
        "Mål eller strategier for innvandrerbefolkningen finner vi innen {themes}",
    ),
    "ov_goals_all": (
        "På alle desse felta har {plan} mål eller strategiar for innvandrarbefolkninga",
        "På alle disse feltene har {plan} mål eller strategier for innvandrerbefolkningen",
    ),
    "ov_goals_measures_all": (", og konkrete tiltak på alle.", ", og konkrete tiltak på alle."),
    "ov_measures": (
        "Konkrete tiltak for innvandrarbefolkninga finn vi innan {themes}",
        "Konkrete tiltak for innvandrerbefolkningen finner vi innen {themes}",
    ),
    "ov_measures_goals_too": (
        ". Innan {themes} finn vi mål eller strategiar, men ikkje konkrete tiltak.",
        ". Innen {themes} finner vi mål eller strategier, men ikke konkrete tiltak.",
    ),
    "ov_goals_too": (
        "Mål eller strategiar finn vi òg innan {themes}.",
        "Mål eller strategier finner vi også innen {themes}.",
    ),
    "ov_goals_no_measures": (
        ", men vi kan ikkje sjå konkrete tiltak med ansvar, frist eller ressursar.",
        ", men vi kan ikke se konkrete tiltak med ansvar, frist eller ressurser.",
    ),
    "ov_goals_handlingsdel": (
        "; tiltaka høyrer heime i handlingsdelen, og det er der måla må følgjast opp.",
        "; tiltakene hører hjemme i handlingsdelen, og det er der målene må følges opp.",
    ),
    "ov_effort": (
        "{Plan} legg opp til innsats for innvandrarbefolkninga innan {themes}.",
        "{Plan} legger opp til innsats for innvandrerbefolkningen innen {themes}.",
    ),
    "ov_medverknad": (
        "{Plan} nemner innvandrarbefolkninga i opplegget for medverknad.",
        "{Plan} nevner innvandrerbefolkningen i opplegget for medvirkning.",
    ),
    "ov_medverknad_services": (
        "{Plan} nemner tenester for innvandrarar i opplegget for medverknad.",
        "{Plan} nevner tjenester for innvandrere i opplegget for medvirkning.",
    ),
    "ov_medverknad_too_services": (
        "Tenester for innvandrarar er òg nemnde i opplegget for medverknad.",
        "Tjenester for innvandrere er også nevnt i opplegget for medvirkning.",
    ),
    "ov_medverknad_too": (
        "Innvandrarbefolkninga er òg nemnd i opplegget for medverknad.",
        "Innvandrerbefolkningen er også nevnt i opplegget for medvirkning.",
    ),
    "expect_planstrategi": (
        "Frå ein planstrategi ventar vi ikkje mål og tiltak, men at vurderinga av planbehovet og "
        "kunnskapsgrunnlaget fangar opp integrering.",
        "Fra en planstrategi venter vi ikke mål og tiltak, men at vurderingen av planbehovet og "
        "kunnskapsgrunnlaget fanger opp integrering.",
    ),
    "expect_planprogram": (
        "I eit planprogram er det viktigast at integrering er med blant temaa, i utgreiingane og i opplegget for "
        "medverknad.",
        "I et planprogram er det viktigst at integrering er med blant temaene, i utredningene og i opplegget for "
        "medvirkning.",
    ),
    "expect_planstrategi_planprogram": (
        "Av ein planstrategi med planprogram ventar vi at integrering er med i vurderinga av planbehovet, blant "
        "temaa for samfunnsdelen og i opplegget for medverknad.",
        "Av en planstrategi med planprogram venter vi at integrering er med i vurderingen av planbehovet, blant "
        "temaene for samfunnsdelen og i opplegget for medvirkning.",
    ),
    "expect_samfunnsdel": (
        "Samfunnsdelen er det overordna styringsdokumentet til kommunen; det er her mål og strategiar for "
        "integrering bør stå, slik at handlingsdelen kan følgje dei opp.",
        "Samfunnsdelen er kommunens overordnede styringsdokument; det er her mål og strategier for integrering "
        "bør stå, slik at handlingsdelen kan følge dem opp.",
    ),
    "expect_handlingsdel": (
        "I handlingsdelen ventar vi tiltak med ansvar, tid og ressursar som følgjer opp måla i samfunnsdelen.",
        "I handlingsdelen venter vi tiltak med ansvar, tid og ressurser som følger opp målene i samfunnsdelen.",
    ),
    "expect_temaplan": (
        "Ein temaplan bør vise korleis måla i samfunnsdelen blir følgde opp for innvandrarbefolkninga på "
        "fagfeltet til planen, med tiltak og ansvar.",
        "En temaplan bør vise hvordan målene i samfunnsdelen følges opp for innvandrerbefolkningen på "
        "planens fagfelt, med tiltak og ansvar.",
    ),
    "expect_measures_later": (
        "{Plan} seier at tiltaka skal kome seinare ({where}). Vi ventar at dei òg tek med innvandrarbefolkninga, "
        "med ansvar for kvart tiltak.",
        "{Plan} sier at tiltakene skal komme senere ({where}). Vi forventer at de også tar med "
        "innvandrerbefolkningen, med ansvar for hvert tiltak.",
    ),
    "expect_integration_plan": (
        "Sidan planen handlar om integrering, ventar vi mål på dei fleste tema, og tiltak med ansvar, frist og "
        "ressursar.",
        "Siden planen handler om integrering, venter vi mål på de fleste temaer, og tiltak med ansvar, frist og "
        "ressurser.",
    ),
    # --- positive findings -----------------------------------------------------------------------------
    "pos_measure": (
        "{Plan} har konkrete tiltak for innvandrarbefolkninga innan {theme}: «{quote}» ({where}).",
        "{Plan} har konkrete tiltak for innvandrerbefolkningen innen {theme}: «{quote}» ({where}).",
    ),
    "pos_goal": (
        "{Plan} har mål eller strategiar for innvandrarbefolkninga innan {theme}: «{quote}» ({where}).",
        "{Plan} har mål eller strategier for innvandrerbefolkningen innen {theme}: «{quote}» ({where}).",
    ),
    "pos_effort": (
        "Vi ser det som positivt at {plan} tek opp innvandrarbefolkninga innan {theme}: «{quote}» ({where}).",
        "Vi ser det som positivt at {plan} tar opp innvandrerbefolkningen innen {theme}: «{quote}» ({where}).",
    ),
    "pos_medverknad_services": (
        "Det er positivt at tenester som arbeider med innvandrarar, er med i medverknaden: «{quote}» ({where}).",
        "Det er positivt at tjenester som arbeider med innvandrere, er med i medvirkningen: «{quote}» ({where}).",
    ),
    "pos_medverknad": (
        "Det er positivt at medverknaden skal nå innvandrarbefolkninga: «{quote}» ({where}).",
        "Det er positivt at medvirkningen skal nå innvandrerbefolkningen: «{quote}» ({where}).",
    ),
    "pos_same": ("Det same gjeld {theme}: «{quote}» ({where}).", "Det samme gjelder {theme}: «{quote}» ({where})."),
    "pos_likewise": ("Likeins innan {theme}: «{quote}» ({where}).", "Likeledes innen {theme}: «{quote}» ({where})."),
    "pos_further": ("Vidare innan {theme}: «{quote}» ({where}).", "Videre innen {theme}: «{quote}» ({where})."),
    "pos_also": ("Òg innan {theme}: «{quote}» ({where}).", "Også innen {theme}: «{quote}» ({where})."),
    "pos_mention": (
        "Vi merkar oss at {plan} omtalar innvandrarbefolkninga i samband med {theme}: «{quote}» ({where}).",
        "Vi merker oss at {plan} omtaler innvandrerbefolkningen i forbindelse med {theme}: «{quote}» ({where}).",
    ),
    "pos_mention_more": (
        "{Plan} omtalar innvandrarbefolkninga òg i samband med {theme}: «{quote}» ({where}).",
        "{Plan} omtaler innvandrerbefolkningen også i forbindelse med {theme}: «{quote}» ({where}).",
    ),
    "pos_goal_text_more": ("Sjå òg «{quote}» ({where}).", "Se også «{quote}» ({where})."),
    "pos_goal_text": (
        "Vi merkar oss at {plan} nemner innvandrarbefolkninga der han skildrar mål, strategiar eller tiltak: "
        "«{quote}» ({where}).",
        "Vi merker oss at {plan} nevner innvandrerbefolkningen der den beskriver mål, strategier eller tiltak: "
        "«{quote}» ({where}).",
    ),
    "pos_inclusion_grounds": (
        "Vi merkar oss òg at {plan} tek med etnisitet eller bakgrunn i måla for eit inkluderande samfunn: "
        "«{quote}» ({where}).",
        "Vi merker oss også at {plan} tar med etnisitet eller bakgrunn i målene for et inkluderende samfunn: "
        "«{quote}» ({where}).",
    ),
    "pos_inclusion_grounds_first": (
        "Vi merkar oss at {plan} tek med etnisitet eller bakgrunn i måla for eit inkluderande samfunn: "
        "«{quote}» ({where}).",
        "Vi merker oss at {plan} tar med etnisitet eller bakgrunn i målene for et inkluderende samfunn: "
        "«{quote}» ({where}).",
    ),
    "pos_inclusion_racism": (
        "Vi merkar oss òg at {plan} vil arbeide mot {words}: «{quote}» ({where}).",
        "Vi merker oss også at {plan} vil arbeide mot {words}: «{quote}» ({where}).",
    ),
    "pos_inclusion_racism_first": (
        "Vi merkar oss at {plan} vil arbeide mot {words}: «{quote}» ({where}). "
        "Det er eit godt grunnlag for integreringsarbeidet.",
        "Vi merker oss at {plan} vil arbeide mot {words}: «{quote}» ({where}). "
        "Det er et godt grunnlag for integreringsarbeidet.",
    ),
    "pos_inclusion_community": (
        "Vi merkar oss òg at {plan} har eit inkluderande samfunn for alle som mål: «{quote}» ({where}).",
        "Vi merker oss også at {plan} har et inkluderende samfunn for alle som mål: «{quote}» ({where}).",
    ),
    "pos_inclusion_community_first": (
        "Vi merkar oss at {plan} har eit inkluderande samfunn for alle som mål: «{quote}» ({where}). "
        "Det er eit godt utgangspunkt òg for integreringsarbeidet.",
        "Vi merker oss at {plan} har et inkluderende samfunn for alle som mål: «{quote}» ({where}). "
        "Det er et godt utgangspunkt også for integreringsarbeidet.",
    ),
    "pos_plan_announced": (
        "Vi ser det som positivt at planstrategien tek med «{name}» ({where}).",
        "Vi ser det som positivt at planstrategien tar med «{name}» ({where}).",
    ),
    # --- remarks ---------------------------------------------------------------------------------------
    "rm_absent": (
        "Vi kan ikkje sjå at {plan} omtalar innvandrarbefolkninga uttrykkeleg i samband med {themes}.",
        "Vi kan ikke se at {plan} omtaler innvandrerbefolkningen uttrykkelig i forbindelse med {themes}.",
    ),
    "rm_absent_most": (
        "Vi kan ikkje sjå at {plan} omtalar innvandrarbefolkninga på tenestefelta, som bustad, helse, arbeid og skule.",
        "Vi kan ikke se at {plan} omtaler innvandrerbefolkningen på tjenestefeltene, som bolig, helse, arbeid og "
        "skole.",
    ),
    "rm_absent_none": (
        "Vi saknar særleg omtale av innvandrarbefolkninga i samband med {themes}.",
        "Vi savner særlig omtale av innvandrerbefolkningen i forbindelse med {themes}.",
    ),
    "rm_mentioned_only": (
        "{Plan} omtalar innvandrarbefolkninga i samband med {themes} ({where}), men vi kan ikkje sjå mål eller "
        "strategiar som uttrykkeleg rettar seg mot henne på {field}.",
        "{Plan} omtaler innvandrerbefolkningen i forbindelse med {themes} ({where}), men vi kan ikke se mål eller "
        "strategier som uttrykkelig retter seg mot den på {field}.",
    ),
    "field_one": ("dette feltet", "dette feltet"),
    "field_many": ("desse felta", "disse feltene"),
    "rm_goals_no_measures_sd": (
        "Samfunnsdelen har mål eller strategiar for innvandrarbefolkninga innan {themes}. Vi kan ikkje sjå at han "
        "seier korleis dei skal følgjast opp i handlingsdelen.",
        "Samfunnsdelen har mål eller strategier for innvandrerbefolkningen innen {themes}. Vi kan ikke se at den "
        "sier hvordan de skal følges opp i handlingsdelen.",
    ),
    "rm_goals_no_measures_sd_same": (
        "Vi kan ikkje sjå at samfunnsdelen seier korleis måla for innvandrarbefolkninga skal følgjast opp i "
        "handlingsdelen.",
        "Vi kan ikke se at samfunnsdelen sier hvordan målene for innvandrerbefolkningen skal følges opp i "
        "handlingsdelen.",
    ),
    "rm_goals_no_measures_same": (
        "Vi kan ikkje sjå tiltak med ansvar, frist eller ressursar som følgjer opp måla for innvandrarbefolkninga.",
        "Vi kan ikke se tiltak med ansvar, frist eller ressurser som følger opp målene for innvandrerbefolkningen.",
    ),
    "rm_handlingsdel_named": (
        " Planen viser til handlingsdelen ({where}), og det er der vi ventar at tiltaka kjem.",
        " Planen viser til handlingsdelen ({where}), og det er der vi venter at tiltakene kommer.",
    ),
    "rm_goals_no_measures": (
        "{Plan} har mål eller strategiar for innvandrarbefolkninga innan {themes}, men vi kan ikkje sjå tiltak "
        "med ansvar, frist eller ressursar som følgjer dei opp.",
        "{Plan} har mål eller strategier for innvandrerbefolkningen innen {themes}, men vi kan ikke se tiltak "
        "med ansvar, frist eller ressurser som følger dem opp.",
    ),
    "rm_planbehov": (
        "Vi kan ikkje sjå at planstrategien vurderer om kommunen treng ein eigen plan eller strategi for "
        "integrering og busetjing, eller seier kvar i planverket integreringsarbeidet skal forankrast.",
        "Vi kan ikke se at planstrategien vurderer om kommunen trenger en egen plan eller strategi for "
        "integrering og bosetting, eller sier hvor i planverket integreringsarbeidet skal forankres.",
    ),
    "rm_planbehov_deferred": (
        "Planstrategien seier at behovet for andre planar skal vurderast seinare ({where}). Då er det viktig at "
        "integrering og busetjing er med i den vurderinga.",
        "Planstrategien sier at behovet for andre planer skal vurderes senere ({where}). Da er det viktig at "
        "integrering og bosetting er med i den vurderingen.",
    ),
    "rec_planbehov_deferred": (
        "samfunnsdelen seier kvar i planverket integreringsarbeidet skal forankrast, og at kommunen vurderer behovet "
        "for ein eigen plan for integrering når han tek stilling til dei andre planane.",
        "samfunnsdelen sier hvor i planverket integreringsarbeidet skal forankres, og at kommunen vurderer behovet "
        "for en egen plan for integrering når den tar stilling til de andre planene.",
    ),
    "rm_planbehov_own": (
        "Planstrategien peikar sjølv på at «{quote}» ({where}). Vi kan likevel ikkje sjå at han vurderer om "
        "kommunen treng ein eigen plan eller strategi for integrering, eller seier kvar i planverket dette "
        "arbeidet skal forankrast.",
        "Planstrategien peker selv på at «{quote}» ({where}). Vi kan likevel ikke se at den vurderer om "
        "kommunen trenger en egen plan eller strategi for integrering, eller sier hvor i planverket dette "
        "arbeidet skal forankres.",
    ),
    "why_planbehov_general": (
        "Integreringsarbeidet går på tvers av sektorane og gjeld arbeidsinnvandrarar og familiane deira like "
        "mykje som flyktningar; det treng ein stad i planverket for å bli prioritert og følgt opp.",
        "Integreringsarbeidet går på tvers av sektorene og gjelder arbeidsinnvandrere og familiene deres like "
        "mye som flyktninger; det trenger et sted i planverket for å bli prioritert og fulgt opp.",
    ),
    "rm_announced": (
        "Planstrategien tek med {plans}. Desse planane rører ved tema som er viktige for integreringa.",
        "Planstrategien tar med {plans}. Disse planene berører temaer som er viktige for integreringen.",
    ),
    "rm_knowledge": (
        "Vi kan ikkje sjå at {plan} viser tal for innvandrarbefolkninga, eller kva innvandringa har å seie for "
        "folketalet.",
        "Vi kan ikke se at {plan} viser tall for innvandrerbefolkningen, eller hva innvandringen betyr for "
        "folketallet.",
    ),
    "rm_themes_pp_none": (
        "For eit planprogram tyder det at integrering korkje er eit tema, ein del av utgreiingane eller nemnt i "
        "opplegget for medverknad.",
        "For et planprogram betyr det at integrering verken er et tema, en del av utredningene eller nevnt i "
        "opplegget for medvirkning.",
    ),
    "rm_medverknad": (
        "Vi kan ikkje sjå at {plan} seier korleis innvandrarar skal takast med i medverknaden.",
        "Vi kan ikke se at {plan} sier hvordan innvandrere skal tas med i medvirkningen.",
    ),
    "rm_old_law": (
        "{Plan} viser til introduksjonslova ({where}), som vart avløyst av integreringslova 1. januar 2021.",
        "{Plan} viser til introduksjonsloven ({where}), som ble avløst av integreringsloven 1. januar 2021.",
    ),
    "rec_old_law": (
        "planen blir oppdatert etter integreringslova, mellom anna krava til introduksjonsprogram, "
        "opplæring i norsk og karriererettleiing.",
        "planen oppdateres etter integreringsloven, blant annet kravene til introduksjonsprogram, "
        "opplæring i norsk og karriereveiledning.",
    ),
    # why each remark matters, said once after it
    "rm_detail": (
        "Vi kan ikkje sjå at dei fleste tiltaka for innvandrarbefolkninga har {details}.",
        "Vi kan ikke se at de fleste tiltakene for innvandrerbefolkningen har {details}.",
    ),
    "rm_detail_none": (
        "Vi kan ikkje sjå at nokon av tiltaka for innvandrarbefolkninga har {details}.",
        "Vi kan ikke se at noen av tiltakene for innvandrerbefolkningen har {details}.",
    ),
    "rec_detail": (
        "kvart tiltak for innvandrarbefolkninga får {details}, til dømes i ein tabell over tiltaka.",
        "hvert tiltak for innvandrerbefolkningen får {details}, for eksempel i en tabell over tiltakene.",
    ),
    "detail_owner": ("ansvarleg eining", "ansvarlig enhet"),
    "detail_deadline": ("frist", "frist"),
    "detail_resources": ("ressursar", "ressurser"),
    "why_detail": (
        "Utan det er det vanskeleg å følgje opp tiltaka og å rapportere på om dei blir gjennomførte.",
        "Uten det er det vanskelig å følge opp tiltakene og å rapportere på om de blir gjennomført.",
    ),
    "why_planbehov": (
        "Busetjing byggjer på vedtak i kommunestyret, og etter integreringslova har kommunen ansvar for "
        "introduksjonsprogram og opplæring i norsk og samfunnskunnskap for dei som blir busette; dette arbeidet "
        "treng ein stad i planverket for å bli prioritert og følgt opp.",
        "Bosetting bygger på vedtak i kommunestyret, og etter integreringsloven har kommunen ansvar for "
        "introduksjonsprogram og opplæring i norsk og samfunnskunnskap for dem som blir bosatt; dette arbeidet "
        "trenger en plass i planverket for å bli prioritert og fulgt opp.",
    ),
    "why_announced_adopted": (
        "Er nokre av planane alt ferdige, kan innvandrarbefolkninga takast med når dei blir reviderte.",
        "Er noen av planene allerede ferdige, kan innvandrerbefolkningen tas med når de revideres.",
    ),
    "rec_announced_adopted": (
        "innvandrarbefolkninga blir eit tema i {plans}, i arbeidet som pågår eller ved neste revisjon.",
        "innvandrerbefolkningen blir et tema i {plans}, i arbeidet som pågår eller ved neste revisjon.",
    ),
    "why_announced": (
        "Det er lettare å ta omsyn til innvandrarbefolkninga når ho er med frå starten av planarbeidet.",
        "Det er lettere å ta hensyn til innvandrerbefolkningen når den er med fra starten av planarbeidet.",
    ),
    "why_knowledge": (
        "Tal for innvandrarbefolkninga gjer det mogleg å sjå om ho har andre behov enn resten av befolkninga, og "
        "å følgje utviklinga over tid.",
        "Tall for innvandrerbefolkningen gjør det mulig å se om den har andre behov enn resten av befolkningen, og "
        "å følge utviklingen over tid.",
    ),
    "why_medverknad": (
        "Etter plan- og bygningslova § 5-1 skal kommunen sikre aktiv medverknad frå grupper som treng særleg "
        "tilrettelegging, og innvandrarar som ikkje kjenner planprosessen eller språket, kan vere ei slik gruppe.",
        "Etter plan- og bygningsloven § 5-1 skal kommunen sikre aktiv medvirkning fra grupper som krever spesiell "
        "tilrettelegging, og innvandrere som ikke kjenner planprosessen eller språket, kan være en slik gruppe.",
    ),
    "why_mentioned_only": (
        "Når måla ikkje nemner innvandrarbefolkninga, blir det vanskeleg å prioritere innsatsen og å følgje "
        "han opp i handlingsdelen.",
        "Når målene ikke nevner innvandrerbefolkningen, blir det vanskelig å prioritere innsatsen og å følge "
        "den opp i handlingsdelen.",
    ),
    "why_measures": (
        "Utan tiltak med ansvar og ressursar er det vanskeleg å vite om måla blir nådde.",
        "Uten tiltak med ansvar og ressurser er det vanskelig å vite om målene nås.",
    ),
    "why_groups_subject": (
        "Gruppene har ulike rettar og behov, og dei treng ofte ulike tiltak på fagfeltet til planen òg.",
        "Gruppene har ulike rettigheter og behov, og de trenger ofte ulike tiltak på planens fagfelt også.",
    ),
    "rm_medverknad_untold": (
        "Vi kan ikkje sjå at {plan} seier korleis medverknaden i planarbeidet er gjennomført, eller at innvandrarar "
        "har vore med og fått informasjon på fleire språk.",
        "Vi kan ikke se at {plan} sier hvordan medvirkningen i planarbeidet er gjennomført, eller at innvandrere "
        "har vært med og fått informasjon på flere språk.",
    ),
    "rm_medverknad_general_adopted": (
        "{Plan} omtalar medverknaden i planarbeidet ({where}), men vi kan ikkje sjå at innvandrarar er nemnde "
        "blant dei som har vore med, eller at informasjon er gitt på fleire språk. Vi ber om at kommunen tek "
        "innvandrarar med i medverknaden når planen skal reviderast.",
        "{Plan} omtaler medvirkningen i planarbeidet ({where}), men vi kan ikke se at innvandrere er nevnt blant "
        "dem som har vært med, eller at informasjon er gitt på flere språk. Vi ber om at kommunen tar innvandrere "
        "med i medvirkningen når planen skal revideres.",
    ),
    "rm_medverknad_general": (
        "{Plan} omtalar medverknaden i planarbeidet ({where}), men vi kan ikkje sjå at innvandrarar er nemnde "
        "blant dei som har vore med, eller at informasjon er gitt på fleire språk. Viser ein eigen rapport frå "
        "medverknaden dette, ber vi om at det kjem fram i planen.",
        "{Plan} omtaler medvirkningen i planarbeidet ({where}), men vi kan ikke se at innvandrere er nevnt blant "
        "dem som har vært med, eller at informasjon er gitt på flere språk. Viser en egen rapport fra medvirkningen "
        "dette, ber vi om at det kommer fram i planen.",
    ),
    "why_groups": (
        "Gruppene har ulike rettar og behov; arbeidsinnvandrarar har til dømes ikkje rett til gratis opplæring i "
        "norsk.",
        "Gruppene har ulike rettigheter og behov; arbeidsinnvandrere har for eksempel ikke rett til gratis "
        "opplæring i norsk.",
    ),
    "why_district": (
        "I mange kommunar er det innvandringa som held folketalet oppe, og innvandrarar er ein viktig del av "
        "arbeidskrafta.",
        "I mange kommuner er det innvandringen som holder folketallet oppe, og innvandrere er en viktig del av "
        "arbeidskraften.",
    ),
    "why_followup": (
        "Indikatorar gjer det mogleg for kommunestyret å sjå om integreringsarbeidet verkar.",
        "Indikatorer gjør det mulig for kommunestyret å se om integreringsarbeidet virker.",
    ),
    "why_absent": (
        "På desse felta kan innvandrarar ha andre føresetnader og behov enn andre innbyggjarar, til dømes i språk og "
        "kjennskap til tenestene, og integreringa skjer i stor grad gjennom dei ordinære tenestene.",
        "På disse feltene kan innvandrere ha andre forutsetninger og behov enn andre innbyggere, for eksempel i språk "
        "og kjennskap til tjenestene, og integreringen skjer i stor grad gjennom de ordinære tjenestene.",
    ),
    "why_absent_services": (
        "På felt som {fields} kan innvandrarar ha andre føresetnader og behov enn andre innbyggjarar, til dømes i "
        "språk og kjennskap til tenestene, og integreringa skjer i stor grad gjennom dei ordinære tenestene.",
        "På felt som {fields} kan innvandrere ha andre forutsetninger og behov enn andre innbyggere, for eksempel i "
        "språk og kjennskap til tjenestene, og integreringen skjer i stor grad gjennom de ordinære tjenestene.",
    ),
    "why_absent_one": (
        "På dette feltet kan innvandrarar ha andre føresetnader og behov enn andre innbyggjarar, til dømes i språk "
        "og kjennskap til tenestene, og integreringa skjer i stor grad gjennom dei ordinære tenestene.",
        "På dette feltet kan innvandrere ha andre forutsetninger og behov enn andre innbyggere, for eksempel i språk "
        "og kjennskap til tjenestene, og integreringen skjer i stor grad gjennom de ordinære tjenestene.",
    ),
    "why_themes_pp": (
        "Det er i planprogrammet kommunen avgjer kva planen skal handle om, og det er vanskeleg å få integrering "
        "inn seinare i prosessen.",
        "Det er i planprogrammet kommunen avgjør hva planen skal handle om, og det er vanskelig å få integrering "
        "inn senere i prosessen.",
    ),
    "regional_basis": (
        "Vi byggjer på {basis}. Som støtte har vi nytta rettleiaren til Møre og Romsdal fylkeskommune om "
        "korleis innvandrarbefolkninga kan takast med i kommunale planar.",
        "Vi bygger på {basis}. Som støtte har vi brukt veilederen fra Møre og Romsdal fylkeskommune om "
        "hvordan innvandrerbefolkningen kan tas med i kommunale planer.",
    ),
    "blank_regional": (
        "[fyll inn: regional planstrategi eller regional plan]",
        "[fyll inn: regional planstrategi eller regional plan]",
    ),
    # --- recommendations ------------------------------------------------------------------------------
    "rec_lead_hearing": (
        "Før kommunestyret vedtek {plan}, bør kommunen sjå på desse punkta:",
        "Før kommunestyret vedtar {plan}, bør kommunen se på disse punktene:",
    ),
    "rec_lead_hearing_pp": (
        "Før planprogrammet blir fastsett, bør kommunen sjå på desse punkta:",
        "Før planprogrammet fastsettes, bør kommunen se på disse punktene:",
    ),
    "rec_lead_adopted": (
        "Tilrådingane nedanfor er meinte som innspel til neste revisjon av {plan}:",
        "Anbefalingene nedenfor er ment som innspill til neste revisjon av {plan}:",
    ),
    "rec_lead_adopted_pp": (
        "Tilrådingane nedanfor er meinte som innspel til arbeidet med planen som planprogrammet legg opp til:",
        "Anbefalingene nedenfor er ment som innspill til arbeidet med planen som planprogrammet legger opp til:",
    ),
    "rec_lead_adopted_ps": (
        "Tilrådingane nedanfor er meinte som innspel til planarbeidet i perioden og til neste planstrategi:",
        "Anbefalingene nedenfor er ment som innspill til planarbeidet i perioden og til neste planstrategi:",
    ),
    "rec_lead_unsure": ("Vi har desse tilrådingane:", "Vi har disse anbefalingene:"),
    # the same leads for a single recommendation
    "rec_lead_hearing_one": (
        "Før kommunestyret vedtek {plan}, bør kommunen sjå på dette punktet:",
        "Før kommunestyret vedtar {plan}, bør kommunen se på dette punktet:",
    ),
    "rec_lead_hearing_pp_one": (
        "Før planprogrammet blir fastsett, bør kommunen sjå på dette punktet:",
        "Før planprogrammet fastsettes, bør kommunen se på dette punktet:",
    ),
    "rec_lead_adopted_one": (
        "Tilrådinga nedanfor er meint som innspel til neste revisjon av {plan}:",
        "Anbefalingen nedenfor er ment som innspill til neste revisjon av {plan}:",
    ),
    "rec_lead_adopted_pp_one": (
        "Tilrådinga nedanfor er meint som innspel til arbeidet med planen som planprogrammet legg opp til:",
        "Anbefalingen nedenfor er ment som innspill til arbeidet med planen som planprogrammet legger opp til:",
    ),
    "rec_lead_adopted_ps_one": (
        "Tilrådinga nedanfor er meint som innspel til planarbeidet i perioden og til neste planstrategi:",
        "Anbefalingen nedenfor er ment som innspill til planarbeidet i perioden og til neste planstrategi:",
    ),
    "rec_lead_unsure_one": ("Vi har denne tilrådinga:", "Vi har denne anbefalingen:"),
    "rec_none": (
        "Vi har ingen særskilde tilrådingar, utover at kommunen held fram med arbeidet slik planen legg opp til.",
        "Vi har ingen særskilte anbefalinger, utover at kommunen fortsetter arbeidet slik planen legger opp til.",
    ),
    "rec_planbehov": (
        "{ps} tek stilling til korleis integrering skal følgjast opp i planverket: som eigen temaplan, "
        "eller som tema i samfunnsdelen og i dei sektorplanane som skal reviderast.",
        "{ps} tar stilling til hvordan integrering skal følges opp i planverket: som egen temaplan, "
        "eller som tema i samfunnsdelen og i de sektorplanene som skal revideres.",
    ),
    "sd_measures_in_action_part": (
        ", og at handlingsdelen følgjer dei opp med tiltak ",
        ", og at handlingsdelen følger dem opp med tiltak ",
    ),
    "rec_planbehov_none_listed": (
        "{ps} tek stilling til korleis integrering skal følgjast opp i planverket: som eigen temaplan, eller som "
        "tema i samfunnsdelen.",
        "{ps} tar stilling til hvordan integrering skal følges opp i planverket: som egen temaplan, eller som "
        "tema i samfunnsdelen.",
    ),
    "rec_announced": (
        "innvandrarbefolkninga blir eit tema når kommunen utarbeider eller reviderer {plans}.",
        "innvandrerbefolkningen blir et tema når kommunen utarbeider eller reviderer {plans}.",
    ),
    "rec_knowledge_ps": (
        "kunnskapsgrunnlaget for planane i perioden, mellom anna folkehelseoversikta, viser innvandrarbefolkninga "
        "fordelt på innvandringsgrunn og butid, og korleis det går med busetjing, arbeid og skule.",
        "kunnskapsgrunnlaget for planene i perioden, blant annet folkehelseoversikten, viser innvandrerbefolkningen "
        "fordelt på innvandringsgrunn og botid, og hvordan det går med bosetting, arbeid og skole.",
    ),
    "rec_knowledge_pp": (
        "planprogrammet tek med ei utgreiing av innvandrarbefolkninga i kunnskapsgrunnlaget: tal og del, "
        "innvandringsgrunn, busetjing, overgang til arbeid og levekår.",
        "planprogrammet tar med en utredning av innvandrerbefolkningen i kunnskapsgrunnlaget: antall og andel, "
        "innvandringsgrunn, bosetting, overgang til arbeid og levekår.",
    ),
    "rec_knowledge_existing": (
        "kunnskapsgrunnlaget som samfunnsdelen skal byggje på, mellom anna folkehelseoversikta, viser "
        "innvandrarbefolkninga: tal og del, innvandringsgrunn, busetjing, overgang til arbeid og levekår. "
        "Tala finst hos SSB og IMDi og krev inga ny utgreiing.",
        "kunnskapsgrunnlaget som samfunnsdelen skal bygge på, blant annet folkehelseoversikten, viser "
        "innvandrerbefolkningen: antall og andel, innvandringsgrunn, bosetting, overgang til arbeid og levekår. "
        "Tallene finnes hos SSB og IMDi og krever ingen ny utredning.",
    ),
    "rec_themes_existing": (
        "integrering og innvandrarbefolkninga blir eit tema i arbeidet med samfunnsdelen, særleg innan {themes}.",
        "integrering og innvandrerbefolkningen blir et tema i arbeidet med samfunnsdelen, særlig innen {themes}.",
    ),
    "rec_themes_pp": (
        "integrering og innvandrarbefolkninga blir eit tema i planarbeidet, med utgreiingar om {themes}.",
        "integrering og innvandrerbefolkningen blir et tema i planarbeidet, med utredninger om {themes}.",
    ),
    "rec_medverknad_services": (
        "innvandrarar sjølve blir spurde i medverknaden, ikkje berre tenestene som arbeider med dei, til dømes "
        "gjennom innvandrarorganisasjonar, introduksjonsprogrammet og frivillige lag, med tolk der det trengst.",
        "innvandrere selv blir spurt i medvirkningen, ikke bare tjenestene som arbeider med dem, for eksempel "
        "gjennom innvandrerorganisasjoner, introduksjonsprogrammet og frivillige lag, med tolk der det trengs.",
    ),
    "rec_medverknad_ps_adopted": (
        "innvandrarar blir tekne med i medverknaden når planane i perioden blir utarbeidde, med tolk og "
        "informasjon på fleire språk der det trengst.",
        "innvandrere blir tatt med i medvirkningen når planene i perioden utarbeides, med tolk og informasjon på "
        "flere språk der det trengs.",
    ),
    "rec_medverknad_ps": (
        "{ps} seier korleis innvandrarar skal takast med i medverknaden når planane i perioden blir utarbeidde.",
        "{ps} sier hvordan innvandrere skal tas med i medvirkningen når planene i perioden utarbeides.",
    ),
    "rec_measures_sd": (
        "måla for innvandrarbefolkninga blir følgde opp i handlingsdelen med tiltak som har ansvar, frist og "
        "ressursar.",
        "målene for innvandrerbefolkningen følges opp i handlingsdelen med tiltak som har ansvar, frist og ressurser.",
    ),
    "opener_request": ("Vi ber om at", "Vi ber om at"),
    # --- help, contact, copy ------------------------------------------------------------------------------
    "help_partner": (
        "Vi merkar oss at {plan} legg opp til samarbeid med fylkeskommunen: «{quote}» ({where}). Vi ser fram til "
        "samarbeidet.",
        "Vi merker oss at {plan} legger opp til samarbeid med fylkeskommunen: «{quote}» ({where}). Vi ser fram til "
        "samarbeidet.",
    ),
    "help": (
        "Fylkeskommunen kan hjelpe med statistikk om innvandrarbefolkninga, rettleiing i planarbeidet og kontakt "
        "med innvandrarorganisasjonar og andre som kan bidra i medverknaden.",
        "Fylkeskommunen kan hjelpe med statistikk om innvandrerbefolkningen, veiledning i planarbeidet og kontakt "
        "med innvandrerorganisasjoner og andre som kan bidra i medvirkningen.",
    ),
    "help_early": (
        "Vi deltek gjerne i planforum eller eit eige møte når arbeidet med planane startar.",
        "Vi deltar gjerne i planforum eller et eget møte når arbeidet med planene starter.",
    ),
    "help_hearing": (
        "Vi deltek gjerne i eit møte om korleis merknadene kan følgjast opp.",
        "Vi deltar gjerne i et møte om hvordan merknadene kan følges opp.",
    ),
    "help_adopted_ps": (
        "Vi deltek gjerne når arbeidet med neste planstrategi startar.",
        "Vi deltar gjerne når arbeidet med neste planstrategi starter.",
    ),
    "help_adopted": (
        "Vi deltek gjerne når kommunen startar revisjonen.",
        "Vi deltar gjerne når kommunen starter revisjonen.",
    ),
    "contact": ("Ta kontakt med {who}.", "Ta kontakt med {who}."),
    "copy_to": ("Kopi til", "Kopi til"),
    "page": ("s. {page}", "s. {page}"),
    "page_unknown": ("side ukjend", "side ukjent"),
    "ocr_note": ("lesen med OCR, kan ha lesefeil", "lest med OCR, kan ha lesefeil"),
    "under_heading": ("{where}, under «{heading}»", "{where}, under «{heading}»"),
    "ps_this": ("planstrategien", "planstrategien"),
    "ps_next": ("neste planstrategi", "neste planstrategi"),
}

# Advice openers, varied so that recommendations do not all open alike; each takes an "at"-clause.
ADVICE_OPENERS = {
    "nn": ("Vi rår til at", "Vi tilrår at", "Vi føreslår at"),
    "nb": ("Vi anbefaler at", "Vi foreslår at"),
}
# What a checklist recommendation may open with (stripped to reuse its clause with another opener).
KNOWN_OPENERS = (
    "Vi rår til at ",
    "Vi tilrår at ",
    "Vi anbefaler at ",
    "Vi foreslår at ",
    "Vi føreslår at ",
    "Vi ber om at ",
    "Vi ber kommunen vurdere om ",
)


def say(key: str, lang: Lang, **fields: object) -> str:
    """The text ``key`` in ``lang`` with ``fields`` filled in."""
    nn, nb = TEXTS[key]
    return (nn if lang == "nn" else nb).format(**fields)


def pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "nn" else pair[1]
