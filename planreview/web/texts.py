"""Every text of the web app's pages and API errors, in nynorsk and bokmål.

Templates use ``t("key")``; the målform is the user's choice (a cookie, and the user's settings),
nynorsk by default. ``tests/test_web.py`` checks that both målformer have every key and that a
page in one målform has no words of the other.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["nn", "nb"]

TEXTS: dict[str, dict[Lang, str]] = {
    "app_title": {
        "nn": "planreview – integrering i kommunale planar",
        "nb": "planreview – integrering i kommunale planer",
    },
    "skip": {"nn": "Gå til innhaldet", "nb": "Gå til innholdet"},
    "nav_home": {"nn": "Ny vurdering", "nb": "Ny vurdering"},
    "nav_history": {"nn": "Historikk", "nb": "Historikk"},
    "nav_batch": {"nn": "Mange planar", "nb": "Mange planer"},
    "nav_settings": {"nn": "Brevinnstillingar", "nb": "Brevinnstillinger"},
    "nav_logout": {"nn": "Logg ut", "nb": "Logg ut"},
    "malform_switch": {"nn": "Bokmål", "nb": "Nynorsk"},
    "malform_switch_label": {"nn": "Byt til bokmål", "nb": "Bytt til nynorsk"},
    "signed_in_as": {"nn": "Innlogga som", "nb": "Innlogget som"},
    "local_user": {"nn": "Lokal brukar", "nb": "Lokal bruker"},
    # upload
    "upload_title": {"nn": "Vurder ein plan", "nb": "Vurder en plan"},
    "upload_intro": {
        "nn": "Last opp planen (PDF, Word eller tekst). planreview les han, vurderer dei ni temaa med sitat "
        "og lagar utkast til fråsegn og ein rapport.",
        "nb": "Last opp planen (PDF, Word eller tekst). planreview leser den, vurderer de ni temaene med sitater "
        "og lager utkast til uttalelse og en rapport.",
    },
    "drop_here": {"nn": "Slepp planen her, eller", "nb": "Slipp planen her, eller"},
    "choose_file": {"nn": "vel fil", "nb": "velg fil"},
    "file_label": {"nn": "Planen (PDF, DOCX, TXT eller MD)", "nb": "Planen (PDF, DOCX, TXT eller MD)"},
    "mode_label": {"nn": "Kven vurderer?", "nb": "Hvem vurderer?"},
    "mode_county": {
        "nn": "Fylkeskommunen: fråsegn til kommunen",
        "nb": "Fylkeskommunen: uttalelse til kommunen",
    },
    "mode_self": {
        "nn": "Kommunen sjølv: eigenvurdering før planen blir send",
        "nb": "Kommunen selv: egenvurdering før planen sendes",
    },
    "upload_button": {"nn": "Last opp og vurder", "nb": "Last opp og vurder"},
    "uploading": {"nn": "Lastar opp …", "nb": "Laster opp …"},
    "recent": {"nn": "Siste vurderingar", "nb": "Siste vurderinger"},
    "none_yet": {"nn": "Ingen vurderingar enno.", "nb": "Ingen vurderinger ennå."},
    # statuses
    "status_queued": {"nn": "I kø", "nb": "I kø"},
    "status_running": {"nn": "Blir vurdert", "nb": "Vurderes"},
    "status_done": {"nn": "Ferdig", "nb": "Ferdig"},
    "status_error": {"nn": "Feil", "nb": "Feil"},
    "stage_reading": {"nn": "Les planen", "nb": "Leser planen"},
    "stage_scoring": {"nn": "Vurderer temaa", "nb": "Vurderer temaene"},
    "stage_writing": {"nn": "Skriv brev og rapport", "nb": "Skriver brev og rapport"},
    "queue_position": {"nn": "Plass i køen: {n}", "nb": "Plass i køen: {n}"},
    "wait_title": {"nn": "Planen blir vurdert", "nb": "Planen vurderes"},
    "wait_intro": {
        "nn": "Sida oppdaterer seg sjølv når vurderinga er ferdig.",
        "nb": "Siden oppdaterer seg selv når vurderingen er ferdig.",
    },
    "error_title": {"nn": "Planen kunne ikkje vurderast", "nb": "Planen kunne ikke vurderes"},
    "error_code": {"nn": "Feilkode", "nb": "Feilkode"},
    "try_again": {"nn": "Prøv ei anna fil", "nb": "Prøv en annen fil"},
    # result page
    "scorecard": {"nn": "Oversikt", "nb": "Oversikt"},
    "theme": {"nn": "Tema", "nb": "Tema"},
    "level": {"nn": "Nivå", "nb": "Nivå"},
    "score": {"nn": "Poeng", "nb": "Poeng"},
    "quotes": {"nn": "Sitat", "nb": "Sitater"},
    "page": {"nn": "Side", "nb": "Side"},
    "page_short": {"nn": "s.", "nb": "s."},
    "page_unknown": {"nn": "side ukjend", "nb": "side ukjent"},
    "section": {"nn": "Kapittel", "nb": "Kapittel"},
    "why": {"nn": "Kvifor", "nb": "Hvorfor"},
    "show_in_page": {"nn": "Vis i sida", "nb": "Vis på siden"},
    "no_quotes": {
        "nn": "Ingen sitat: planen omtalar ikkje innvandrarbefolkninga i samband med dette temaet.",
        "nb": "Ingen sitater: planen omtaler ikke innvandrerbefolkningen i forbindelse med dette temaet.",
    },
    "flags": {"nn": "Gjennomgåande merknader", "nb": "Gjennomgående merknader"},
    "no_flags": {"nn": "Ingen.", "nb": "Ingen."},
    "document": {"nn": "Dokument", "nb": "Dokument"},
    "pages": {"nn": "sider", "nb": "sider"},
    "plan_type": {"nn": "Plantype", "nb": "Plantype"},
    "plan_stage": {"nn": "Stad i planprosessen", "nb": "Sted i planprosessen"},
    "municipality": {"nn": "Kommune", "nb": "Kommune"},
    "number_short": {"nn": "nr.", "nb": "nr."},
    "county": {"nn": "Fylke", "nb": "Fylke"},
    "official_malform": {"nn": "Offisiell målform", "nb": "Offisiell målform"},
    "malform_nn": {"nn": "nynorsk", "nb": "nynorsk"},
    "malform_nb": {"nn": "bokmål", "nb": "bokmål"},
    "malform_neutral": {"nn": "nøytral", "nb": "nøytral"},
    "unknown": {"nn": "ukjend", "nb": "ukjent"},
    "uploaded_by": {"nn": "Lasta opp av", "nb": "Lastet opp av"},
    "self_intro": {
        "nn": "Eigenvurdering for kommunen: rapporten først. Fråsegna er fylkeskommunen si. Rapporten er på {malform}.",
        "nb": "Egenvurdering for kommunen: rapporten først. Uttalelsen er fylkeskommunens. Rapporten er på {malform}.",
    },
    "report": {"nn": "Rapporten", "nb": "Rapporten"},
    "open_report": {"nn": "Opne rapporten", "nb": "Åpne rapporten"},
    # corrections
    "corrections": {"nn": "Rettingar", "nb": "Rettinger"},
    "corrections_intro": {
        "nn": "Er du usamd? Endra eit nivå eller avvis eit sitat, med grunn. Brevet og rapporten blir laga på nytt.",
        "nb": "Er du uenig? Endre et nivå eller avvis et sitat, med begrunnelse. Brevet og rapporten lages på nytt.",
    },
    "change_level": {"nn": "Endra nivå", "nb": "Endre nivå"},
    "new_level": {"nn": "Nytt nivå", "nb": "Nytt nivå"},
    "reject_quote": {"nn": "Avvis sitatet", "nb": "Avvis sitatet"},
    "reason": {"nn": "Grunn", "nb": "Begrunnelse"},
    "reason_hint": {"nn": "Kvifor? (blir med i rapporten)", "nb": "Hvorfor? (kommer med i rapporten)"},
    "save": {"nn": "Lagra", "nb": "Lagre"},
    "withdraw": {"nn": "Trekk tilbake", "nb": "Trekk tilbake"},
    "no_corrections": {"nn": "Ingen rettingar.", "nb": "Ingen rettinger."},
    "by": {"nn": "Av", "nb": "Av"},
    "when": {"nn": "Når", "nb": "Når"},
    "what": {"nn": "Retting", "nb": "Retting"},
    "correction_level": {"nn": "{theme}: nivå {level}", "nb": "{theme}: nivå {level}"},
    "correction_drop": {"nn": "{theme}: sitatet «{quote}» er avvist", "nb": "{theme}: sitatet «{quote}» er avvist"},
    "audit": {"nn": "Kven gjorde kva", "nb": "Hvem gjorde hva"},
    "saved": {
        "nn": "Lagra. Brevet og rapporten er laga på nytt.",
        "nb": "Lagret. Brevet og rapporten er laget på nytt.",
    },
    "changes_done": {"nn": "Rettingane i vurderinga", "nb": "Rettingene i vurderingen"},
    # downloads
    "downloads": {"nn": "Last ned", "nb": "Last ned"},
    "letter_nn": {"nn": "Fråsegn på nynorsk (Word)", "nb": "Uttalelse på nynorsk (Word)"},
    "letter_nb": {"nn": "Fråsegn på bokmål (Word)", "nb": "Uttalelse på bokmål (Word)"},
    "report_html": {"nn": "Rapport (HTML)", "nb": "Rapport (HTML)"},
    "review_json": {"nn": "Vurderinga (JSON)", "nb": "Vurderingen (JSON)"},
    "corrections_yaml": {"nn": "Rettingane (YAML)", "nb": "Rettingene (YAML)"},
    "no_letter_regional": {
        "nn": "Dette er ein regional plan: fylkeskommunen gir ikkje fråsegn til sin eigen plan, så det er ikkje "
        "noko brev, berre rapporten.",
        "nb": "Dette er en regional plan: fylkeskommunen gir ikke uttalelse til sin egen plan, så det er ikke "
        "noe brev, bare rapporten.",
    },
    # versions and history
    "versions": {"nn": "Versjonar av planen", "nb": "Versjoner av planen"},
    "previous_version": {"nn": "Førre versjon", "nb": "Forrige versjon"},
    "next_versions": {"nn": "Nyare versjonar", "nb": "Nyere versjoner"},
    "linked_auto": {
        "nn": "Kopla automatisk (same kommune, plantype og liknande tittel).",
        "nb": "Koblet automatisk (samme kommune, plantype og lignende tittel).",
    },
    "linked_by": {"nn": "Kopla av {who}.", "nb": "Koblet av {who}."},
    "relink": {"nn": "Kopla til ein annan versjon", "nb": "Koble til en annen versjon"},
    "no_previous": {"nn": "Ingen førre versjon", "nb": "Ingen forrige versjon"},
    "history_title": {"nn": "Historikk", "nb": "Historikk"},
    "history_intro": {
        "nn": "Vurderingane etter kommune og plan. Ein ny versjon av ein plan er kopla til den førre.",
        "nb": "Vurderingene etter kommune og plan. En ny versjon av en plan er koblet til den forrige.",
    },
    "unknown_municipality": {"nn": "Ukjend kommune", "nb": "Ukjent kommune"},
    "created": {"nn": "Lasta opp", "nb": "Lastet opp"},
    "file": {"nn": "Fil", "nb": "Fil"},
    "status": {"nn": "Status", "nb": "Status"},
    "title": {"nn": "Tittel", "nb": "Tittel"},
    "open": {"nn": "Opne", "nb": "Åpne"},
    "before": {"nn": "Før", "nb": "Før"},
    "after": {"nn": "Etter", "nb": "Etter"},
    "compare_button": {"nn": "Samanlikn", "nb": "Sammenlign"},
    "compare_help": {
        "nn": "Vel versjonen før og versjonen etter, og samanlikn dei: nivå per tema, sitat som er nye, borte "
        "eller endra, flagg, og om tilrådingane i det førre brevet er følgde opp.",
        "nb": "Velg versjonen før og versjonen etter, og sammenlign dem: nivå per tema, sitater som er nye, borte "
        "eller endret, flagg, og om anbefalingene i det forrige brevet er fulgt opp.",
    },
    "compare_failed": {"nn": "Versjonane kunne ikkje samanliknast", "nb": "Versjonene kunne ikke sammenlignes"},
    "compare_previous": {"nn": "Samanlikn med førre versjon", "nb": "Sammenlign med forrige versjon"},
    "compare_versions": {"nn": "Versjonane som er samanlikna", "nb": "Versjonene som er sammenlignet"},
    "compare_json": {"nn": "Samanlikninga (JSON)", "nb": "Sammenligningen (JSON)"},
    "open_review": {"nn": "opne vurderinga", "nb": "åpne vurderingen"},
    "back_history": {"nn": "Tilbake til historikken", "nb": "Tilbake til historikken"},
    # batch
    "batch_title": {"nn": "Mange planar på ein gong", "nb": "Mange planer på en gang"},
    "batch_intro": {
        "nn": "Last opp fleire planar eller ei ZIP-fil. Du får ei matrise over planar og tema, og kvar plan sin "
        "rapport og fråsegn.",
        "nb": "Last opp flere planer eller en ZIP-fil. Du får en matrise over planer og temaer, og hver plans "
        "rapport og uttalelse.",
    },
    "batch_files": {"nn": "Planane (PDF, DOCX, TXT, MD eller ZIP)", "nb": "Planene (PDF, DOCX, TXT, MD eller ZIP)"},
    "batch_button": {"nn": "Last opp og vurder alle", "nb": "Last opp og vurder alle"},
    "batches": {"nn": "Tidlegare køyringar", "nb": "Tidligere kjøringer"},
    "plans": {"nn": "planar", "nb": "planer"},
    "ok_count": {"nn": "ok", "nb": "ok"},
    "failed_count": {"nn": "med feil", "nb": "med feil"},
    "matrix": {"nn": "Matrise", "nb": "Matrise"},
    "filter": {"nn": "Filtrer", "nb": "Filtrer"},
    "filter_hint": {"nn": "Kommune, plan eller fil", "nb": "Kommune, plan eller fil"},
    "only_errors": {"nn": "Berre planar med feil", "nb": "Bare planer med feil"},
    "sort_hint": {"nn": "Klikk på ei kolonne for å sortere.", "nb": "Klikk på en kolonne for å sortere."},
    "matrix_xlsx": {"nn": "Matrise (Excel)", "nb": "Matrise (Excel)"},
    "matrix_csv": {"nn": "Matrise (CSV)", "nb": "Matrise (CSV)"},
    "plan": {"nn": "Plan", "nb": "Plan"},
    "flags_short": {"nn": "Flagg", "nb": "Flagg"},
    "error": {"nn": "feil", "nb": "feil"},
    "progress_files": {"nn": "{done} av {total} planar", "nb": "{done} av {total} planer"},
    # settings
    "settings_title": {"nn": "Brevinnstillingar", "nb": "Brevinnstillinger"},
    "settings_intro": {
        "nn": "Det du fyller inn her, kjem i brevet ditt. Det som står tomt, blir ståande som [fyll inn].",
        "nb": "Det du fyller inn her, kommer i brevet ditt. Det som står tomt, blir stående som [fyll inn].",
    },
    "s_county": {"nn": "Fylkeskommune (avsendar)", "nb": "Fylkeskommune (avsender)"},
    "s_unit": {"nn": "Eining", "nb": "Enhet"},
    "s_address": {"nn": "Adresse", "nb": "Adresse"},
    "s_our_ref": {"nn": "Vår referanse", "nb": "Vår referanse"},
    "s_your_ref": {"nn": "Dykkar referanse", "nb": "Deres referanse"},
    "s_date": {"nn": "Dato", "nb": "Dato"},
    "s_case_officer": {"nn": "Sakshandsamar (namnet ditt)", "nb": "Saksbehandler (navnet ditt)"},
    "s_contact": {"nn": "Kontakt (e-post eller telefon)", "nb": "Kontakt (e-post eller telefon)"},
    "s_copy_to": {"nn": "Kopi til", "nb": "Kopi til"},
    "s_letter_malform": {"nn": "Målform i brevet", "nb": "Målform i brevet"},
    "s_saved": {"nn": "Innstillingane er lagra.", "nb": "Innstillingene er lagret."},
    # login
    "login_title": {"nn": "Logg inn", "nb": "Logg inn"},
    "username": {"nn": "Brukarnamn", "nb": "Brukernavn"},
    "password": {"nn": "Passord", "nb": "Passord"},
    "login_button": {"nn": "Logg inn", "nb": "Logg inn"},
    "login_failed": {"nn": "Feil brukarnamn eller passord.", "nb": "Feil brukernavn eller passord."},
    # errors
    "e_not_found": {"nn": "«{what}» finst ikkje.", "nb": "«{what}» finnes ikke."},
    "e_unauthorized": {
        "nn": "Du må logge inn, eller sende ein API-nøkkel («Authorization: Bearer …»).",
        "nb": "Du må logge inn, eller sende en API-nøkkel («Authorization: Bearer …»).",
    },
    "e_csrf": {
        "nn": "Skjemaet var for gammalt eller kom frå ei anna side. Last sida på nytt og prøv igjen.",
        "nb": "Skjemaet var for gammelt eller kom fra en annen side. Last siden på nytt og prøv igjen.",
    },
    "e_origin": {
        "nn": "Førespurnaden kom frå ei anna nettside og er avvist.",
        "nb": "Forespørselen kom fra en annen nettside og er avvist.",
    },
    "e_host": {
        "nn": "Ukjend vertsnamn. Opna planreview på adressa han lyttar på.",
        "nb": "Ukjent vertsnavn. Åpne planreview på adressen den lytter på.",
    },
    "e_not_ready": {
        "nn": "Vurderinga er ikkje ferdig enno (status: {status}).",
        "nb": "Vurderingen er ikke ferdig ennå (status: {status}).",
    },
    "e_failed": {"nn": "Vurderinga feila: {message}", "nb": "Vurderingen feilet: {message}"},
    "e_timeout": {
        "nn": "Det tok for lang tid. Prøv igjen om litt.",
        "nb": "Det tok for lang tid. Prøv igjen om litt.",
    },
    "e_bad_request": {"nn": "Ugyldig førespurnad: {detail}", "nb": "Ugyldig forespørsel: {detail}"},
    "e_internal": {
        "nn": "Uventa feil i planreview. Prøv igjen, og meld feilen om han kjem att.",
        "nb": "Uventet feil i planreview. Prøv igjen, og meld feilen hvis den kommer igjen.",
    },
    "e_same_version": {
        "nn": "Vel to ulike versjonar å samanlikne.",
        "nb": "Velg to ulike versjoner å sammenligne.",
    },
    "e_level_or_quote": {
        "nn": "Vel eit nytt nivå eller eit sitat å avvise.",
        "nb": "Velg et nytt nivå eller et sitat å avvise.",
    },
    "back": {"nn": "Tilbake", "nb": "Tilbake"},
    "footer": {
        "nn": "planreview vurderer korleis planen tek med innvandrarbefolkninga. Les sitata og rett der du er usamd.",
        "nb": "planreview vurderer hvordan planen tar med innvandrerbefolkningen. "
        "Les sitatene og rett der du er uenig.",
    },
}


def text(key: str, lang: Lang, **kwargs: object) -> str:
    """The text ``key`` in ``lang`` with ``kwargs`` filled in."""
    value = TEXTS[key][lang]
    return value.format(**kwargs) if kwargs else value
