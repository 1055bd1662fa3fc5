"""User-facing messages in nynorsk and bokmål.

Code and comments are English; what a planner reads is Norwegian. ``say`` picks the
målform set with ``set_malform`` (the CLI's ``--malform``; nynorsk by default).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

Lang = Literal["nn", "nb"]
_current: ContextVar[Lang] = ContextVar("planreview_malform", default="nn")
"""The målform of messages: per thread and task (the web app answers each request in its own),
so one request in bokmål does not change another's."""

MESSAGES: dict[str, dict[Lang, str]] = {
    "compare_to_out": {
        "nn": "{path}: --compare-to må vere mappa til ein tidlegare batch, ikkje same mappe som --out.",
        "nb": "{path}: --compare-to må være mappen til en tidligere batch, ikke samme mappe som --out.",
    },
    "compared_to": {
        "nn": "Samanlikna med {previous}: {matched} same plan, {new} nye, {ambiguous} med fleire moglege "
        "førre versjonar, {gone} berre i førre køyring.",
        "nb": "Sammenlignet med {previous}: {matched} samme plan, {new} nye, {ambiguous} med flere mulige "
        "forrige versjoner, {gone} bare i forrige kjøring.",
    },
    "ambiguous_match": {
        "nn": "  uviss: {file} kan vere ein ny versjon av {candidates}; planreview har ikkje gissa.",
        "nb": "  usikker: {file} kan være en ny versjon av {candidates}; planreview har ikke gjettet.",
    },
    "not_found": {
        "nn": "{path}: fila finst ikkje. Sjekk namnet og mappa.",
        "nb": "{path}: filen finnes ikke. Sjekk navnet og mappen.",
    },
    "is_dir": {
        "nn": "{path}: er ei mappe, ikkje ei fil. Bruk «planreview batch» for mapper.",
        "nb": "{path}: er en mappe, ikke en fil. Bruk «planreview batch» for mapper.",
    },
    "unsupported": {
        "nn": "{path}: filtypen «{ext}» kan ikkje lesast. Lagra planen som PDF, DOCX, ODT, DOC, RTF eller TXT.",
        "nb": "{path}: filtypen «{ext}» kan ikke leses. Lagre planen som PDF, DOCX, ODT, DOC, RTF eller TXT.",
    },
    "convert_missing": {
        "nn": "{path}: filtypen «{ext}» blir lesen gjennom LibreOffice, som ikkje er installert. Installer LibreOffice "
        "(Debian/Ubuntu: «apt-get install libreoffice-writer-nogui»), eller lagra planen som PDF eller DOCX.",
        "nb": "{path}: filtypen «{ext}» leses gjennom LibreOffice, som ikke er installert. Installer LibreOffice "
        "(Debian/Ubuntu: «apt-get install libreoffice-writer-nogui»), eller lagre planen som PDF eller DOCX.",
    },
    "convert_failed": {
        "nn": "{path}: LibreOffice kunne ikkje opne fila; ho er skadd eller ikkje det filtypen seier. "
        "Opna ho og lagra som DOCX eller PDF på nytt.",
        "nb": "{path}: LibreOffice kunne ikke åpne filen; den er skadet eller ikke det filtypen sier. "
        "Åpne den og lagre som DOCX eller PDF på nytt.",
    },
    "convert_timeout": {
        "nn": "{path}: LibreOffice vart ikkje ferdig med å gjere om fila på {seconds} sekund. "
        "Lagra planen som DOCX eller PDF og prøv igjen.",
        "nb": "{path}: LibreOffice ble ikke ferdig med å gjøre om filen på {seconds} sekunder. "
        "Lagre planen som DOCX eller PDF og prøv igjen.",
    },
    "not_pdf": {
        "nn": "{path}: fila heiter .pdf, men er ikkje ein PDF. Opna ho og lagra som PDF på nytt.",
        "nb": "{path}: filen heter .pdf, men er ikke en PDF. Åpne den og lagre som PDF på nytt.",
    },
    "corrupt_pdf": {
        "nn": "{path}: PDF-fila er skadd eller avkorta ({detail}). Last ned eller eksporter ho på nytt.",
        "nb": "{path}: PDF-filen er skadet eller avkortet ({detail}). Last ned eller eksporter den på nytt.",
    },
    "encrypted_pdf": {
        "nn": "{path}: PDF-fila er passordverna. Be avsendaren om ei utgåve utan passord "
        "(eller fjern vernet, t.d. med «qpdf --decrypt»).",
        "nb": "{path}: PDF-filen er passordbeskyttet. Be avsenderen om en utgave uten passord "
        "(eller fjern beskyttelsen, f.eks. med «qpdf --decrypt»).",
    },
    "truncated_pdf": {
        "nn": "{path}: PDF-fila er avkorta (slutten av fila manglar). Last ned eller eksporter ho på nytt.",
        "nb": "{path}: PDF-filen er avkortet (slutten av filen mangler). Last ned eller eksporter den på nytt.",
    },
    "not_zip_docx": {
        "nn": "{path}: fila heiter .docx, men er ikkje eit Word-dokument. Opna ho i Word og lagra som .docx på nytt.",
        "nb": "{path}: filen heter .docx, men er ikke et Word-dokument. Åpne den i Word og lagre som .docx på nytt.",
    },
    "corrupt_docx": {
        "nn": "{path}: fila heiter .docx, men er ikkje eit Word-dokument ({detail}). "
        "Opna ho i Word og lagra som .docx på nytt.",
        "nb": "{path}: filen heter .docx, men er ikke et Word-dokument ({detail}). "
        "Åpne den i Word og lagre som .docx på nytt.",
    },
    "empty_after_ocr": {
        "nn": "{path}: dokumentet har ingen tekst, heller ikkje etter OCR. Er sidene tomme, eller er biletet for "
        "dårleg? Be om ein PDF med tekst.",
        "nb": "{path}: dokumentet har ingen tekst, heller ikke etter OCR. Er sidene tomme, eller er bildet for "
        "dårlig? Be om en PDF med tekst.",
    },
    "empty": {
        "nn": "{path}: dokumentet har ingen tekst. Er det tomt, eller skanna utan tekstlag? "
        "Køyr OCR (t.d. ocrmypdf) først.",
        "nb": "{path}: dokumentet har ingen tekst. Er det tomt, eller skannet uten tekstlag? "
        "Kjør OCR (f.eks. ocrmypdf) først.",
    },
    "encoding": {
        "nn": "{path}: teksten er ikkje UTF-8, og teiknkodinga kunne ikkje finnast. "
        "Lagra fila som UTF-8 og prøv igjen.",
        "nb": "{path}: teksten er ikke UTF-8, og tegnkodingen kunne ikke finnes. Lagre filen som UTF-8 og prøv igjen.",
    },
    "encoding_guess": {
        "nn": "Teksten var ikkje UTF-8 og er lesen som {encoding}. Sjekk æ, ø og å i sitata.",
        "nb": "Teksten var ikke UTF-8 og er lest som {encoding}. Sjekk æ, ø og å i sitatene.",
    },
    "scanned_pages": {
        "nn": "Side {pages} har ikkje tekstlag (skanna?). Teksten der er ikkje lesen; køyr OCR for å ta han med.",
        "nb": "Side {pages} har ikke tekstlag (skannet?). Teksten der er ikke lest; kjør OCR for å ta den med.",
    },
    "partly_scanned_pages": {
        "nn": "Side {pages} har tekst som bilete (t.d. overskrifter); den teksten er ikkje lesen. "
        "Køyr OCR for å ta han med.",
        "nb": "Side {pages} har tekst som bilder (f.eks. overskrifter); den teksten er ikke lest. "
        "Kjør OCR for å ta den med.",
    },
    "label_pages": {
        "nn": "Side {pages} har berre spreidde merkelappar og tal (kart, teikning, figur eller tabell utan linjer), "
        "ingen samanhengande tekst; merkelappane er lesne, men ikkje som overskrifter.",
        "nb": "Side {pages} har bare spredte merkelapper og tall (kart, tegning, figur eller tabell uten linjer), "
        "ingen sammenhengende tekst; merkelappene er lest, men ikke som overskrifter.",
    },
    "docx_pages_unknown": {
        "nn": "Word-fila har ingen sideskift; sidetal er ukjende, og sitat viser til kapittel.",
        "nb": "Word-filen har ingen sideskift; sidetall er ukjent, og sitater viser til kapittel.",
    },
    "corrupt_nested": {
        "nn": "{path}: fila er skadd (strukturen er nesta for djupt). Eksporter ho på nytt.",
        "nb": "{path}: filen er skadet (strukturen er nestet for dypt). Eksporter den på nytt.",
    },
    "limit": {
        "nn": "{path}: over grensa for {what} ({found}; grensa er {limit}). Sjekk at det er rett fil, "
        "eller set miljøvariabelen {env} høgare.",
        "nb": "{path}: over grensen for {what} ({found}; grensen er {limit}). Sjekk at det er riktig fil, "
        "eller sett miljøvariabelen {env} høyere.",
    },
    "not_regular": {
        "nn": "{path}: er ikkje ei vanleg fil ({kind}). Lagra planen som ei vanleg fil og prøv igjen.",
        "nb": "{path}: er ikke en vanlig fil ({kind}). Lagre planen som en vanlig fil og prøv igjen.",
    },
    "unreadable": {
        "nn": "{path}: fila kan ikkje lesast ({detail}). Sjekk løyva til fila.",
        "nb": "{path}: filen kan ikke leses ({detail}). Sjekk tillatelsene til filen.",
    },
    "output": {
        "nn": "{path}: kan ikkje skrive utdata ({detail}). Vel ei anna mappe med --out, eller frigjer plass.",
        "nb": "{path}: kan ikke skrive utdata ({detail}). Velg en annen mappe med --out, eller frigjør plass.",
    },
    "stdout_name": {"nn": "standard utdata", "nb": "standard utdata"},
    "stdout_formats": {
        "nn": "--out - skriv til skjermen og tek berre eitt format, json eller md (fekk: {given}). "
        "Bruk t.d. «--format json --out -», eller ei mappe med --out for Word-brevet.",
        "nb": "--out - skriver til skjermen og tar bare ett format, json eller md (fikk: {given}). "
        "Bruk f.eks. «--format json --out -», eller en mappe med --out for Word-brevet.",
    },
    "limit_memory": {
        "nn": "Over grensa for minne ({limit}). Sjekk filene, eller set miljøvariabelen {env} høgare.",
        "nb": "Over grensen for minne ({limit}). Sjekk filene, eller sett miljøvariabelen {env} høyere.",
    },
    "garbled_pages": {
        "nn": "Side {pages} har eit tekstlag som ikkje er språk ({cause}); teksten der er ikkje lesen. {fix}",
        "nb": "Side {pages} har et tekstlag som ikke er språk ({cause}); teksten der er ikke lest. {fix}",
    },
    "garbled_pdf": {
        "nn": "{path}: teksten i PDF-fila kan ikkje lesast ({cause}) på {bad} av {total} sider med tekst. {fix}",
        "nb": "{path}: teksten i PDF-filen kan ikke leses ({cause}) på {bad} av {total} sider med tekst. {fix}",
    },
    "cause_unmapped": {
        "nn": "skrifta manglar teiknkart, så teksten kjem ut som kontrollteikn eller erstatningsteikn",
        "nb": "skriften mangler tegnkart, så teksten kommer ut som kontrolltegn eller erstatningstegn",
    },
    "cause_script": {
        "nn": "skrifta manglar teiknkart, så bokstavane kjem ut som teikn frå eit anna skriftsystem",
        "nb": "skriften mangler tegnkart, så bokstavene kommer ut som tegn fra et annet skriftsystem",
    },
    "cause_letters": {
        "nn": "bokstavane dannar ikkje norske ord; skrifta har ei eiga teiknkoding",
        "nb": "bokstavene danner ikke norske ord; skriften har en egen tegnkoding",
    },
    "damaged_pages": {
        "nn": "Side {pages} har ord med teikn som ikkje er lesne rett ({cause}); sitat derfrå kan ha feil. {fix}",
        "nb": "Side {pages} har ord med tegn som ikke er lest riktig ({cause}); sitater derfra kan ha feil. {fix}",
    },
    "damage_replacement": {
        "nn": "erstatningsteikn der skrifta manglar teiknkart, t.d. for fi- og ff-ligaturar",
        "nb": "erstatningstegn der skriften mangler tegnkart, f.eks. for fi- og ff-ligaturer",
    },
    "damage_symbols": {
        "nn": "symbol inne i ord, t.d. der skrifta har eiga koding for æ, ø og å",
        "nb": "symboler inne i ord, f.eks. der skriften har egen koding for æ, ø og å",
    },
    "fix_ocr_off": {
        "nn": "Køyr utan --no-ocr, så les planreview sidene med OCR.",
        "nb": "Kjør uten --no-ocr, så leser planreview sidene med OCR.",
    },
    "fix_ocr_install": {
        "nn": "Installer Tesseract med norsk (Debian/Ubuntu: «apt-get install tesseract-ocr tesseract-ocr-nor»), "
        "så les planreview sidene med OCR.",
        "nb": "Installer Tesseract med norsk (Debian/Ubuntu: «apt-get install tesseract-ocr tesseract-ocr-nor»), "
        "så leser planreview sidene med OCR.",
    },
    "fix_ocr_nor": {
        "nn": "Installer den norske språkdataen til Tesseract (Debian/Ubuntu: «apt-get install tesseract-ocr-nor»), "
        "så les planreview sidene med OCR.",
        "nb": "Installer de norske språkdataene til Tesseract (Debian/Ubuntu: «apt-get install tesseract-ocr-nor»), "
        "så leser planreview sidene med OCR.",
    },
    "fix_ocr_failed": {
        "nn": "OCR klarte ikkje å lese sidene; be avsendaren om ein PDF med tekst.",
        "nb": "OCR klarte ikke å lese sidene; be avsenderen om en PDF med tekst.",
    },
    "ocr_pages": {
        "nn": "Teksten på side {pages} er lesen med OCR (tekstattkjenning frå bilete); sitat derfrå er merkte «OCR» "
        "og kan ha lesefeil.",
        "nb": "Teksten på side {pages} er lest med OCR (tekstgjenkjenning fra bilde); sitater derfra er merket «OCR» "
        "og kan ha lesefeil.",
    },
    "ocr_unfinished": {
        "nn": "Side {pages} kunne ikkje lesast med OCR innan tidsgrensa; teksten der er ikkje med.",
        "nb": "Side {pages} kunne ikke leses med OCR innen tidsgrensen; teksten der er ikke med.",
    },
    "ocr_progress": {
        "nn": "OCR: side {page} ({done} av {total})",
        "nb": "OCR: side {page} ({done} av {total})",
    },
    "text_cause_unmapped": {
        "nn": "kontrollteikn, erstatningsteikn eller teikn utan tyding",
        "nb": "kontrolltegn, erstatningstegn eller tegn uten betydning",
    },
    "text_cause_script": {
        "nn": "teikn frå mange skriftsystem om kvarandre",
        "nb": "tegn fra mange skriftsystemer om hverandre",
    },
    "text_cause_letters": {
        "nn": "bokstavane dannar ikkje norske ord",
        "nb": "bokstavene danner ikke norske ord",
    },
    "encoding_garbage": {
        "nn": "{path}: teksten er ikkje lesbar i nokon teiknkoding planreview kjenner ({cause}). "
        "Lagra fila som UTF-8 og prøv igjen.",
        "nb": "{path}: teksten er ikke lesbar i noen tegnkoding planreview kjenner ({cause}). "
        "Lagre filen som UTF-8 og prøv igjen.",
    },
    "docx_tracked_changes": {
        "nn": "Word-fila har spora endringar som ikkje er godtekne. Innsett tekst er lesen, sletta tekst er "
        "ikkje; sjekk at utkastet er det kommunen har sendt på høyring.",
        "nb": "Word-filen har sporede endringer som ikke er godtatt. Innsatt tekst er lest, slettet tekst er "
        "ikke; sjekk at utkastet er det kommunen har sendt på høring.",
    },
    "internal": {
        "nn": "Uventa feil i planreview: {detail}. Køyr på nytt med --debug og meld feilen.",
        "nb": "Uventet feil i planreview: {detail}. Kjør på nytt med --debug og meld feilen.",
    },
    "worker_crash": {
        "nn": "{path}: lesaren stoppa brått (krasj eller tidsgrense). Prøv fila åleine med «planreview review --debug» "
        "og meld feilen.",
        "nb": "{path}: leseren stoppet brått (krasj eller tidsgrense). "
        "Prøv filen alene med «planreview review --debug» og meld feilen.",
    },
    "upload_empty": {
        "nn": "Ingen fil er lasta opp. Vel ein plan (PDF, DOCX, TXT eller MD).",
        "nb": "Ingen fil er lastet opp. Velg en plan (PDF, DOCX, TXT eller MD).",
    },
    "upload_too_big": {
        "nn": "Opplastinga er over grensa for filstorleik ({limit}). Sjekk at det er rett fil, eller set "
        "miljøvariabelen {env} høgare på tenaren.",
        "nb": "Opplastingen er over grensen for filstørrelse ({limit}). Sjekk at det er riktig fil, eller sett "
        "miljøvariabelen {env} høyere på serveren.",
    },
    "zip_bad": {
        "nn": "{path}: ZIP-fila er skadd eller har for mange eller for store filer ({detail}).",
        "nb": "{path}: ZIP-filen er skadet eller har for mange eller for store filer ({detail}).",
    },
    "serve_needs_auth": {
        "nn": "planreview serve --host {host}: adressa er ikkje localhost, og då må innlogging vere sett opp. "
        "Lag ei brukarfil med «planreview users add brukarar.yaml NAMN» og start med --users brukarar.yaml "
        "(eller bruk --host 127.0.0.1).",
        "nb": "planreview serve --host {host}: adressen er ikke localhost, og da må innlogging være satt opp. "
        "Lag en brukerfil med «planreview users add brukere.yaml NAVN» og start med --users brukere.yaml "
        "(eller bruk --host 127.0.0.1).",
    },
    "serve_needs_users": {
        "nn": "planreview serve --host {host}: brukarfila {path} har ingen brukarar med passord. "
        "Legg til ein med «planreview users add {path} NAMN».",
        "nb": "planreview serve --host {host}: brukerfilen {path} har ingen brukere med passord. "
        "Legg til en med «planreview users add {path} NAVN».",
    },
    "interrupted": {
        "nn": "Avbrote. Det som var ferdig, er teke vare på.",
        "nb": "Avbrutt. Det som var ferdig, er tatt vare på.",
    },
}


def set_malform(lang: Lang) -> None:
    """Choose the målform of messages from here on (for the process's main thread: the whole run)."""
    _current.set(lang)


def current_malform() -> Lang:
    return _current.get()


def shown(value: object) -> str:
    """``value`` as printable text: a file name that is not UTF-8 (its bytes kept by Python as
    lone surrogates) gets U+FFFD for each bad byte, so it can be printed, written to JSON,
    CSV or a spreadsheet and still be recognised."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")
    return text


def say(key: str, lang: Lang | None = None, **kwargs: object) -> str:
    """The message ``key`` in the chosen målform, with ``kwargs`` filled in (as printable text)."""
    entry = MESSAGES[key]
    return entry[lang or _current.get()].format(**{k: shown(v) for k, v in kwargs.items()})
