"""The letter as a county planner reads it: legal basis by plan type and stage, structure,
no repeated sentences, careful absence, Word proofing language, and the JSON record.

Every plan here is written for these tests (the Eikvik plans are invented).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from planreview.cli import cli
from planreview.errors import ExitCode

PLANS = {
    "planstrategi": """# Kommunal planstrategi for Eikvik 2028–2031

Høyringsutkast

## Kommunen sin situasjon

Folketalet i Eikvik går ned. Innvandrarar utgjer no ein av ti innbyggjarar, og dei fleste kom som flyktningar.

## Planbehov

- Plan for psykisk helse
- Kulturplan
- Plan for overgang frå barnehage til skule
- Handlingsplan mot vald i nære relasjonar
""",
    "planprogram": """# Planprogram for kommuneplanen sin samfunnsdel, Eikvik kommune

Høyringsutkast

## Utviklingstrekk

Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik.

## Medverknad

Vi skal halde folkemøte i alle krinsar og møte ungdomsrådet og eldrerådet.
""",
    "samfunnsdel": """# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune

Høyringsutkast

## Kunnskapsgrunnlag

Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik.

## Arbeid

### Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.
""",
    "handlingsdel": """# Kommuneplanen sin handlingsdel 2027–2030, Eikvik kommune

Høyringsutkast

## Tiltak

Kommunen skal styrkje språkopplæringa for flyktningar.

| Tiltak | Ansvar | Frist |
| Språkpraksis for flyktningar | Vaksenopplæringa | 2028 |
""",
    "kommunedelplan": """# Kommunedelplan for oppvekst 2027–2031, Eikvik kommune

Høyringsutkast

## Mål

- Alle minoritetsspråklege barn skal gå i barnehage før skulestart.
""",
    "temaplan": """# Plan for busetjing og integrering av flyktningar 2027–2030, Eikvik kommune

Høyringsutkast

## Mål

- Kommunen skal busetje flyktningar etter oppmodinga frå IMDi.
- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.
""",
    "vedteken": """# Kommuneplanen sin samfunnsdel 2026–2038, Eikvik kommune

Vedteken av kommunestyret 12.3.2026

## Kunnskapsgrunnlag

Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik.
""",
    "ukjend": """# Eikvik kommune

Notat om utviklinga i kommunen.

## Folketal

Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik.
""",
    "regional": """# Regional plan for integrering i Nordfylket 2027–2031

Høyringsutkast

## Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.
""",
}

# Paragraphs of plan- og bygningslova each plan type must cite, and ones it must never cite.
LEGAL = {
    "planstrategi": ({"§ 10-1"}, {"11-14", "11-13", "§ 11-2", "§ 11-3", "5-2"}),
    "planprogram": ({"§§ 4-1 og 11-13"}, {"10-1", "11-14", "§ 11-3"}),
    "samfunnsdel": ({"§ 11-2", "§ 11-14"}, {"10-1", "11-13", "§ 11-3"}),
    "handlingsdel": ({"§ 11-3"}, {"10-1", "11-13", "11-14"}),
    "kommunedelplan": ({"§ 11-1", "§ 11-14"}, {"10-1", "11-13", "§ 11-3"}),
    "temaplan": ({"§ 11-1"}, {"10-1", "11-13", "11-14"}),
    "vedteken": ({"§ 11-2"}, {"10-1", "11-13", "11-14", "5-2"}),
    "ukjend": ({"[fyll inn: plantype og paragraf]"}, {"10-1", "11-13", "11-14", "§ 11-2", "§ 11-3"}),
}
NAMES = {"nn": "fraasegn", "nb": "hoeringsuttalelse"}


def review(plan: str, tmp_path: Path, lang: str, *extra: str) -> tuple[int, str, Path]:
    src = tmp_path / f"eikvik-{plan}.md"
    src.write_text(PLANS[plan], encoding="utf-8")
    out = tmp_path / f"ut-{plan}-{lang}"
    res = CliRunner().invoke(cli, ["--malform", lang, "review", str(src), "--out", str(out), *extra])
    return res.exit_code, res.output, out


def letter_body(path: Path) -> tuple[list[str], list[str]]:
    """(headings, body paragraphs from the introduction to the offer of help)."""
    d = docx.Document(str(path))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading") and p.text]
    paras = [p.text for p in d.paragraphs if p.text.strip()]
    start = paras.index(heads[1]) + 1
    end = next(i for i, p in enumerate(paras) if p in ("Med helsing", "Med vennlig hilsen"))
    return heads, [p for p in paras[start:end] if p not in heads]


def sentences(paragraphs: list[str]) -> list[str]:
    text = " ".join(re.sub(r"«[^»]*»", "«…»", p) for p in paragraphs)
    text = re.sub(r"^\d+\. ", "", text)
    parts = re.split(r"(?<=[.!?:])(?<!\bs\.)\s+(?=[A-ZÆØÅ0-9«])", text)
    return [s for s in parts if len(s.split()) >= 3 and not s.startswith("«…»")]  # the letter's own sentences


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("plan", list(LEGAL))
def test_legal_basis_by_plan_type_and_a_letter_not_a_form(plan: str, lang: str, tmp_path: Path) -> None:
    code, output, out = review(plan, tmp_path, lang)
    assert code == 0, output
    path = out / f"eikvik-{plan}-{NAMES[lang]}.docx"
    heads, body = letter_body(path)
    text = "\n".join(body)
    must, never = LEGAL[plan]
    for part in must:
        assert part in text, (plan, lang, part)
    for part in never:
        assert part not in text, (plan, lang, part)
    recs_head = "Tilrådingar" if lang == "nn" else "Anbefalinger"
    assert recs_head in heads and len(heads) <= 7  # a letter with a few sections, not one heading per theme
    numbered = [p for p in body if re.match(r"\d\. ", p)]
    assert len(numbered) <= 6
    said = sentences(body)
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]
    if plan == "vedteken":
        assert ("neste revisjon" in text) and ("før kommunestyret" not in text.casefold())
        assert "innspel" in heads[0] or "innspill" in heads[0]
    elif plan != "ukjend":
        assert "neste revisjon" not in text
    if plan == "ukjend":
        assert "[fyll inn: plantype]" in text  # unsure: a visible blank, never a guess


def test_planstrategi_is_about_planbehov_and_the_knowledge_base(tmp_path: Path) -> None:
    code, output, out = review("planstrategi", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-planstrategi-fraasegn.docx")
    text = "\n".join(body)
    assert "«Plan for psykisk helse»" in text and "kunnskapsgrunnlaget" in text
    assert "handlingsdelen" not in text  # no measures asked of a planstrategi
    # the plan names a plan against violence: the letter must not say violence is missing
    assert not re.search(r"ikkje sjå[^.]*vald", text)


def test_planprogram_asks_for_themes_studies_and_medverknad(tmp_path: Path) -> None:
    code, output, out = review("planprogram", tmp_path, "nb")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-planprogram-hoeringsuttalelse.docx")
    text = "\n".join(body)
    assert "medvirkning" in text and "utredning" in text
    assert "Før planprogrammet fastsettes" in text and "Vi ber om at" in text


def test_absence_is_said_with_care(tmp_path: Path) -> None:
    """A paragraph that names immigrants and health together is never called missing, and every
    absence is said as «Vi kan ikkje sjå at …»."""
    plan = tmp_path / "eikvik-helse.md"
    plan.write_text(
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Helse\n\n"
        "Kommunen har teke imot mange flyktningar dei siste åra. Helsestasjonen og fastlegane har fått meir å "
        "gjere.\n\n## Arbeid\n\n- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = CliRunner().invoke(cli, ["review", str(plan), "--out", str(out)])
    assert res.exit_code == 0, res.output
    _, body = letter_body(out / "eikvik-helse-fraasegn.docx")
    absent = [s for s in sentences(body) if "i samband med" in s and re.match(r"Vi kan (?:heller )?ikkje sjå", s)]
    assert absent and not any("folkehelse" in s for s in absent)
    allowed = re.compile(r"ikkje (?:motsegn|eigne mål|ei høyringsfråsegn|mål og tiltak|kjenner|rett til)")
    for s in sentences(body):
        if re.search(r"\bikkje\b", s) and not allowed.search(s):
            assert re.search(
                r"vi kan (?:heller )?ikkje sjå|vidare kan vi ikkje sjå|vi ser heller ikkje"
                r"|vi finn heller ikkje|heller ikkje kan vi sjå",
                s.casefold(),
            ), s
    md = (out / "eikvik-helse-rapport.md").read_text(encoding="utf-8")
    assert "Vi kan ikkje sjå at planen omtalar helse og livskvalitet for innvandrarar" not in md


def test_numbers_in_prose_are_words(tmp_path: Path) -> None:
    code, output, out = review("samfunnsdel", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    prose = re.sub(r"«[^»]*»|\(s\. [^)]*\)|§+ [\d\- og]+", "", " ".join(body))
    prose = re.sub(r"^\d\. |\s\d\. ", " ", prose)
    # the overall assessment names the fields, not a count of the tool's themes («fem av dei ni temaa»)
    assert re.search(r"omtalar innvandrarbefolkninga i samband med [a-zæøå ,]+ og [a-zæøå ]+\.", prose)
    assert not re.search(r"\b\d+ (?:av|tema)\b", prose) and "temaa i rettleiaren" not in prose


def test_word_proofing_language_and_properties(tmp_path: Path) -> None:
    for lang, tag in (("nn", "nn-NO"), ("nb", "nb-NO")):
        code, output, out = review("samfunnsdel", tmp_path, lang)
        assert code == 0, output
        path = out / f"eikvik-samfunnsdel-{NAMES[lang]}.docx"
        with zipfile.ZipFile(path) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
            document = z.read("word/document.xml").decode("utf-8")
        assert f'w:val="{tag}"' in styles
        assert "en-US" not in styles and "en-US" not in document
        d = docx.Document(str(path))
        heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading") and p.text]
        assert d.core_properties.title == heads[0]
        assert d.core_properties.language == tag
        assert "mal" not in d.core_properties.title


def test_settings_fill_copy_to_and_regional_basis(tmp_path: Path) -> None:
    settings = tmp_path / "brev.yaml"
    settings.write_text(
        "copy_to: [Statsforvaltaren i Nordfylket, Nav Eikvik]\nregional_basis: Regional plan for inkludering\n"
        "plan_stage: vedteken\n",
        encoding="utf-8",
    )
    code, output, out = review("samfunnsdel", tmp_path, "nn", "--settings", str(settings))
    assert code == 0, output
    d = docx.Document(str(out / "eikvik-samfunnsdel-fraasegn.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Kopi til: Statsforvaltaren i Nordfylket, Nav Eikvik" in text
    assert "Vi byggjer på Regional plan for inkludering" in text
    assert "neste revisjon" in text  # the planner's stage wins over the plan's own «høyringsutkast»


def test_review_json_records_the_letter(tmp_path: Path) -> None:
    code, output, out = review("samfunnsdel", tmp_path, "nn", "--date", "1. desember 2027")
    assert code == 0, output
    data = json.loads((out / "eikvik-samfunnsdel-vurdering.json").read_text(encoding="utf-8"))
    assert data["document"]["plan_type"] == "samfunnsdel" and data["document"]["stage"] == "hoyringsutkast"
    letter = data["letter"]
    assert letter["date"] == "1. desember 2027" and letter["malform"] == "nn"
    assert letter["recommendations"] and [r["n"] for r in letter["recommendations"]] == list(
        range(1, len(letter["recommendations"]) + 1)
    )
    criteria = {c["id"] for t in data["themes"] for c in t["criteria"]}
    for item in letter["remarks"] + letter["recommendations"]:
        assert set(item["criteria"]) <= criteria
        assert item["criteria"] or item["flags"] or item["themes"] or item["kind"] in ("planbehov", "measures")
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    for r in letter["recommendations"]:
        assert f"{r['n']}. {r['text']}" in body


def test_regional_plan_gets_the_report_not_a_letter(tmp_path: Path) -> None:
    code, output, out = review("regional", tmp_path, "nn")
    assert code == 0, output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["eikvik-regional-rapport.html", "eikvik-regional-rapport.md", "eikvik-regional-vurdering.json"]
    assert "regional plan" in output and "ikkje skrive noko brev" in output
    assert "Dette er ein regional plan" in (out / "eikvik-regional-rapport.md").read_text(encoding="utf-8")
    assert json.loads((out / "eikvik-regional-vurdering.json").read_text(encoding="utf-8"))["letter"] is None


def test_letters_read_well_whatever_the_levels(tmp_path: Path) -> None:
    """All zeros, everything at 3 (by the planner's corrections), and a planstrategi capped at 2."""
    zero = tmp_path / "eikvik-tom.md"
    zero.write_text(
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Mål\n\n"
        "- Eikvik skal vere ein god stad å bu for alle.\n",
        encoding="utf-8",
    )
    out = tmp_path / "zero"
    res = CliRunner().invoke(cli, ["review", str(zero), "--out", str(out), "--format", "docx", "--format", "json"])
    assert res.exit_code == 0, res.output
    heads, body = letter_body(out / "eikvik-tom-fraasegn.docx")
    text = "\n".join(body)
    assert "Vi kan ikkje sjå at samfunnsdelen omtalar innvandrarbefolkninga eller integrering." in text
    assert "Det vi ser som positivt" not in heads  # no praise section holding only a negative sentence
    assert "0 tema" not in text and "null" not in text
    assert re.search(r"^1\. ", text, re.M)  # what to do about it

    full = tmp_path / "alle.yaml"
    themes = ["lovgrunnlag", "medverknad", "demografi", "attraktive_lokalsamfunn", "folkehelse", "levekar"]
    themes += ["sysselsetting", "oppvekst", "kultur_frivilligheit"]
    full.write_text(
        "overrides:\n" + "".join(f"  - theme: {t}\n    level: 3\n    reason: Sjekka.\n    by: KN\n" for t in themes),
        encoding="utf-8",
    )
    out = tmp_path / "full"
    src = tmp_path / "eikvik-samfunnsdel.md"
    src.write_text(PLANS["samfunnsdel"], encoding="utf-8")
    res = CliRunner().invoke(cli, ["review", str(src), "--out", str(out), "--overrides", str(full)])
    assert res.exit_code == 0, res.output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    text = "\n".join(body)
    assert "på alle felta i rettleiaren" in text and "konkrete tiltak på alle." in text
    assert "Vi kan ikkje sjå at samfunnsdelen omtalar" not in text and "konkrete tiltak med ansvar, frist" not in text

    code, output, out = review("planstrategi", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-planstrategi-fraasegn.docx")
    assert "konkrete tiltak" not in "\n".join(body)  # a planstrategi is not asked for measures


def test_one_malform_checklist_refuses_the_other(tmp_path: Path) -> None:
    from planreview.checklist import default_checklist_path

    text = default_checklist_path().read_text(encoding="utf-8")
    # a county's own checklist with the letter texts in bokmål only
    text = re.sub(r"\n(\s+)nn: (Vi rår til at[^\n]*)", "", text, count=1)
    own = tmp_path / "eigen.yaml"
    own.write_text(text, encoding="utf-8")
    src = tmp_path / "eikvik-samfunnsdel.md"
    src.write_text(PLANS["samfunnsdel"], encoding="utf-8")
    res = CliRunner().invoke(cli, ["review", str(src), "--out", str(tmp_path / "nn"), "--checklist", str(own)])
    assert res.exit_code == ExitCode.CHECKLIST, res.output
    assert "eigen.yaml" in res.output and "ikkje tekst på nynorsk" in res.output and "--malform nb" in res.output
    res = CliRunner().invoke(
        cli, ["--malform", "nb", "review", str(src), "--out", str(tmp_path / "nb"), "--checklist", str(own)]
    )
    assert res.exit_code == 0, res.output


def test_unknown_plan_type_or_stage_is_refused(tmp_path: Path) -> None:
    code, output, _ = review("samfunnsdel", tmp_path, "nn", "--plan-type", "reguleringsføresegner")
    assert code == ExitCode.USAGE and "plantypen «reguleringsføresegner» er ukjend" in output
    settings = tmp_path / "brev.yaml"
    settings.write_text("plan_stage: snart ferdig\n", encoding="utf-8")
    code, output, _ = review("samfunnsdel", tmp_path, "nb", "--settings", str(settings))
    assert code == ExitCode.SETTINGS and "brev.yaml" in output and "planstadiet «snart ferdig» er ukjent" in output
    code, output, out = review("samfunnsdel", tmp_path, "nn", "--plan-type", "kommunedelplan")
    assert code == 0, output
    assert "§ 11-1" in "\n".join(letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")[1])


OLD_LAW = """# Plan for busetjing og integrering i Eikvik 2027–2030

Høyringsutkast

## Lovgrunnlag

Introduksjonsprogrammet er heimla i introduksjonslova.

## Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.

## Tiltak

- Vaksenopplæringa skal tilby språkpraksis til alle deltakarar innan 2028.
"""


def test_a_plan_on_the_replaced_law_is_told_so(tmp_path: Path) -> None:
    src = tmp_path / "eikvik-busetjing.md"
    src.write_text(OLD_LAW, encoding="utf-8")
    for lang, words in (
        ("nn", ("introduksjonslova", "integreringslova")),
        ("nb", ("introduksjonsloven", "integreringsloven")),
    ):
        out = tmp_path / f"ut-{lang}"
        res = CliRunner().invoke(cli, ["--malform", lang, "review", str(src), "--out", str(out), "--format", "docx"])
        assert res.exit_code == 0, res.output
        _, body = letter_body(next(out.glob("*.docx")))
        text = "\n".join(body)
        assert words[0] in text and "1. januar 2021" in text and words[1] in text
    src.write_text(OLD_LAW.replace("introduksjonslova", "integreringslova"), encoding="utf-8")
    out = tmp_path / "ut-ny"
    res = CliRunner().invoke(cli, ["review", str(src), "--out", str(out), "--format", "docx"])
    _, body = letter_body(next(out.glob("*.docx")))
    assert "1. januar 2021" not in "\n".join(body)


def test_the_offer_of_help_and_the_regional_basis(tmp_path: Path) -> None:
    code, output, out = review("samfunnsdel", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    text = "\n".join(body)
    # the refugee service is the municipality's own: the county does not offer contact with it
    assert "flyktningtenesta og andre" not in text
    assert "[fyll inn: regional planstrategi eller regional plan]" in text


def test_goals_on_several_fields_are_praised_once_and_followed_up_once(tmp_path: Path) -> None:
    """Three fields with goals and no measures: the praise is not said three times in full, and the
    follow-up in the handlingsdel is asked for once (in the remarks), not also in the overall assessment."""
    src = tmp_path / "eikvik-mal.md"
    src.write_text(
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Mål\n\n"
        "- Fleire innvandrarar skal kome i fast arbeid i Eikvik.\n"
        "- Alle minoritetsspråklege barn skal gå i barnehage før skulestart.\n"
        "- Innvandrarar skal ha same moglegheit til god helse som andre innbyggjarar.\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = CliRunner().invoke(cli, ["review", str(src), "--out", str(out), "--format", "docx"])
    assert res.exit_code == 0, res.output
    _, body = letter_body(out / "eikvik-mal-fraasegn.docx")
    text = "\n".join(body)
    assert text.count("har mål eller strategiar for innvandrarbefolkninga innan") == 1
    assert "Det same gjeld " in text
    assert "Likeins innan " in text
    # the overall assessment names the goals without also asking for the follow-up the remarks ask for
    assert not any("strategiar for innvandrarbefolkninga" in p and "handlingsdelen" in p for p in body)
    assert (
        "Vi kan ikkje sjå at samfunnsdelen seier korleis måla for innvandrarbefolkninga skal følgjast opp i "
        "handlingsdelen." in text
    )
    said = sentences(body)
    assert len(said) == len(set(said))


def test_a_planstrategi_is_not_asked_to_tell_immigrant_groups_apart(tmp_path: Path) -> None:
    code, output, out = review("planstrategi", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-planstrategi-fraasegn.docx")
    assert "skil mellom flyktningar" not in "\n".join(body)


def test_a_single_recommendation_is_led_in_the_singular(tmp_path: Path) -> None:
    from planreview.render.phrases import TEXTS

    for key, (nn, nb) in TEXTS.items():
        if key.startswith("rec_lead") and key.endswith("_one"):
            assert "desse" not in nn and "disse" not in nb and "ane" not in nn.split()[0], key
    full = tmp_path / "nesten.yaml"
    themes = ["lovgrunnlag", "medverknad", "demografi", "attraktive_lokalsamfunn", "folkehelse", "levekar"]
    themes += ["sysselsetting", "oppvekst"]
    full.write_text(
        "overrides:\n" + "".join(f"  - theme: {t}\n    level: 3\n    reason: Sjekka.\n    by: KN\n" for t in themes),
        encoding="utf-8",
    )
    code, output, out = review("samfunnsdel", tmp_path, "nn", "--overrides", str(full))
    assert code == 0, output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    numbered = [p for p in body if re.match(r"\d\. ", p)]
    if len(numbered) == 1:
        assert "dette punktet:" in "\n".join(body)


def _letter_of(tmp_path: Path, name: str, text: str, *args: str) -> str:
    src = tmp_path / f"{name}.md"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"ut-{name}"
    res = CliRunner().invoke(cli, [*args, "review", str(src), "--out", str(out), "--format", "docx"])
    assert res.exit_code == 0, res.output
    path = next(out.glob("*.docx"))
    return "\n".join(letter_body(path)[1])


def test_praise_names_the_plans_own_heading_not_a_part_label(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-overskrift",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n"
        "## 5.2 Eit inkluderande Eikvik\n\n### Delmål – dette vil vi\n\n"
        "- Fleire innvandrarar skal kome i fast arbeid i Eikvik.\n",
    )
    assert "under «5.2 Eit inkluderande Eikvik»" in text
    assert "under «Delmål" not in text


def test_a_goal_for_all_is_not_called_a_goal_for_immigrants(tmp_path: Path) -> None:
    """«Kulturelt mangfald» in a goal for every pupil is not a goal for the immigrant population."""
    text = _letter_of(
        tmp_path,
        "eikvik-alle",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Oppvekst\n\n"
        "Kvar femte elev i Eikvik er minoritetsspråkleg.\n\n### Mål\n\n"
        "- Alle elevar skal lære å setje pris på kulturelt mangfald og ulike livssyn.\n",
    )
    assert "mål eller strategiar for innvandrarbefolkninga innan barnehage og skule" not in text
    assert "kulturelt mangfald og ulike livssyn" not in text  # not praised as such


def test_an_absence_is_said_of_explicit_mention_only(tmp_path: Path) -> None:
    """Refugees named in a list beside volunteering is not an explicit word on volunteering for
    immigrants; the letter says «not explicitly», which stays true either way."""
    items = [
        "Styrkje samarbeidet med lag og organisasjonar.",
        "Gje frivilligsentralen betre lokale.",
        "Flyktningar skal bli inkluderte i lokalsamfunnet.",
    ]
    text = _letter_of(
        tmp_path,
        "eikvik-liste",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Gode bygder\n\n"
        + "\n\n".join(items)
        + "\n",
    )
    absent = [p for p in text.split("\n") if "i samband med" in p and "ikkje sjå at" in p]
    assert absent and all("omtalar innvandrarbefolkninga uttrykkeleg i samband med" in p for p in absent)


def test_the_plans_own_name_for_its_action_part(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-hop",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n"
        "## Oppfølging\n\nSamfunnsdelen blir følgd opp i handlings- og økonomiplanen kvart år.\n\n## Mål\n\n"
        "- Fleire innvandrarar skal kome i fast arbeid i Eikvik.\n",
    )
    assert "følgjast opp i handlings- og økonomiplanen" in text


def test_an_adopted_planstrategi_is_not_asked_to_change(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-ps-vedteken",
        PLANS["planstrategi"].replace("Høyringsutkast", "Vedteken i kommunestyret 12. mars 2028"),
    )
    assert "neste planstrategi tek stilling til" in text and "planstrategien tek stilling" not in text
    assert "når arbeidet med neste planstrategi startar" in text
    # the plans of the period come before the next planstrategi: medverknad in them is asked of them
    assert "neste planstrategi seier korleis innvandrarar skal takast med" not in text
    assert "innvandrarar blir tekne med i medverknaden når planane i perioden blir utarbeidde" in text


def test_a_plan_that_speaks_only_of_diversity_is_told_so_not_called_silent(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-mangfald",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Fellesskap\n\n"
        "Eikvik skal vere ein open kommune der mangfaldet blir sett på som ein styrke.\n\n"
        "## Natur\n\nVi tek vare på naturmangfaldet og eit mangfald av turstiar.\n",
    )
    assert "nemner «mangfaldet»" in text and "er omtalt uttrykkeleg" in text
    assert "naturmangfald" not in text and "«mangfald»" not in text
    assert "Vi kan ikkje sjå at samfunnsdelen omtalar innvandrarbefolkninga eller integrering." not in text


def test_the_remarks_do_not_all_open_alike(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-fleire",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Arbeid\n\n"
        "- Fleire innvandrarar skal kome i fast arbeid i Eikvik.\n",
    )
    openers = [
        " ".join(p.split()[:4])
        for p in text.split("\n")
        if p.startswith(("Vi kan", "Vidare", "Vi ser", "Vi finn", "Heller ikkje"))
    ]
    assert len(openers) >= 3 and len(set(openers)) == len(openers), openers


def test_a_samfunnsdel_is_asked_for_measures_in_its_action_part(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-tiltak",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Arbeid\n\n"
        "Mange innvandrarar i Eikvik står utanfor arbeidslivet.\n",
    )
    assert not re.search(r"samfunnsdelen får konkrete tiltak", text)


def test_a_background_sentence_is_not_praised_as_a_goal(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-bakgrunn",
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Bakgrunn\n\n"
        "Ei undersøking frå 2020 viser at trongbuddheit er vanlegare blant innvandrarar, og dette er ei gruppe "
        "kommunen skal vere merksam på.\n",
    )
    assert "har mål eller strategiar for innvandrarbefolkninga" not in text
    assert "Mål eller strategiar for innvandrarbefolkninga finn vi" not in text


_MEASURES_PLAN = """# Plan for integrering av flyktningar 2027–2030, Eikvik kommune

Høyringsutkast

## Tiltak

{table}- Vaksenopplæringa skal gi flyktningar språkpraksis i lokale bedrifter.
- Flyktningtenesta skal hjelpe nykomne flyktningar med å finne fritidsaktivitetar.
- Helsestasjonen skal tilby samtalar om psykisk helse til flyktningar.
- NAV skal følgje opp flyktningar som går ut av introduksjonsprogrammet utan arbeid.
- Biblioteket skal starte språkkafé for innvandrarar.
"""


def test_a_plan_of_measures_is_told_which_details_its_measures_lack(tmp_path: Path) -> None:
    text = _letter_of(tmp_path, "eikvik-tiltak", _MEASURES_PLAN.format(table=""), "--malform", "nn")
    remark = next(p for p in text.split("\n") if "nokon av tiltaka" in p)
    # every measure names who does it; none says when, none what it costs (so not «dei fleste»)
    assert "frist eller ressursar" in remark and "ansvarleg eining" not in remark, remark
    assert "dei fleste tiltaka" not in text
    # one measure of five with a deadline: most lack one
    one_dated = _MEASURES_PLAN.format(table="").replace(
        "språkpraksis i lokale bedrifter.", "språkpraksis i lokale bedrifter innan utgangen av 2028."
    )
    dated = _letter_of(tmp_path, "eikvik-ein-frist", one_dated, "--malform", "nn")
    assert "Vi kan ikkje sjå at dei fleste tiltaka for flyktningane har frist eller ressursar." in dated
    assert "kvart tiltak for flyktningane får frist og ressursar" in text  # the plan's own group
    # a table column for deadline and resources answers it, though no sentence says it
    table = "| Tiltak | Ansvar | Frist | Ressursar |\n\n"
    text = _letter_of(tmp_path, "eikvik-tabell", _MEASURES_PLAN.format(table=table), "--malform", "nb")
    assert "de fleste tiltakene" not in text


def test_a_thematic_strategy_is_called_a_strategy(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial strategi for Eikvik kommune 2027–2030\n\nHøyringsutkast\n\n## Innsatsområde\n\n"
        "- Kommunen skal hjelpe flyktningar frå leige til eige bustad.\n"
    )
    text = _letter_of(tmp_path, "eikvik-strategi", plan, "--malform", "nn")
    assert "strategien" in text.casefold() and "temaplan" not in text.casefold(), text
    # a plan for a field is still a temaplan, whatever strategies it holds
    text = _letter_of(tmp_path, "eikvik-plan", plan.replace("Bustadsosial strategi", "Bustadsosial plan"))
    assert "temaplanen" in text.casefold()


def test_a_paragraph_of_figures_is_not_praised_as_a_goal(tmp_path: Path) -> None:
    text = _letter_of(
        tmp_path,
        "eikvik-tal",
        "# Bustadsosial plan for Eikvik kommune 2027–2030\n\nHøyringsutkast\n\n## Prioriterte innsatsområde\n\n"
        "Om lag 6 % av innbyggjarane er innvandrarar, og flest kom som flyktningar frå Syria og Ukraina.\n",
    )
    praise = next(p for p in text.split("\n") if "6 % av innbyggjarane" in p)
    assert "mål, strategiar eller tiltak" not in praise and "demografi" in praise, praise


def test_a_goal_that_names_ethnicity_among_its_grounds_is_credited(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Mål\n\n"
        "3.2 Eikvik skal vere eit opent samfunn der alle har like moglegheiter, uavhengig av alder, kjønn og "
        "etnisitet.\n\n## Arbeid\n\nFleire flyktningar skal kome i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-grunnlag", plan, "--malform", "nn")
    praise = next(p for p in text.split("\n") if "etnisitet" in p)
    assert praise.startswith("Vi merkar oss òg at samfunnsdelen tek med etnisitet"), praise
    assert "«Eikvik skal vere eit opent samfunn" in praise  # the quote without its section number
    # in the background chapter it is a description, not a goal
    text = _letter_of(tmp_path, "eikvik-bakgrunn", plan.replace("## Mål", "## Bakgrunn").replace(" skal vere", " er"))
    assert "etnisitet eller bakgrunn" not in text


def test_a_samfunnsdel_that_never_names_immigrants_is_credited_for_an_inclusive_goal(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanens samfunnsdel 2027–2039, Eikvik kommune\n\nHøringsutkast\n\n## Tilhørighet\n\n"
        "Samfunnsmål: Alle som bor i Eikvik, kjenner seg hjemme i et trygt og inkluderende lokalsamfunn. "
        "Vi bygger nye gang- og sykkelveier.\n\n## Oppvekst\n\nEikvik skal ha gode skoler for alle barn.\n"
    )
    text = _letter_of(tmp_path, "eikvik-inkludering", plan, "--malform", "nb")
    praise = next(p for p in text.split("\n") if "inkluderende lokalsamfunn" in p)
    assert praise.startswith("Vi merker oss at samfunnsdelen har et inkluderende samfunn for alle som mål"), praise
    assert "«Alle som bor i Eikvik" in praise and "sykkelveier" not in praise  # the sentence, without its label
    # a goal against racism is credited the same way
    racism = plan.replace(
        "Samfunnsmål: Alle som bor i Eikvik, kjenner seg hjemme i et trygt og inkluderende lokalsamfunn.",
        "Kommunen skal arbeide aktivt mot rasisme og hatefulle ytringer i skolen og på fritida.",
    )
    text = _letter_of(tmp_path, "eikvik-rasisme", racism, "--malform", "nn")
    # what it works against in the plan's own words: no «diskriminering» the plan does not say
    assert "vil arbeide mot rasisme og hatefulle ytringar:" in text and "diskriminering" not in text, text
    # a definition, or a description in a background chapter, is no goal of the plan
    for name, other in (
        ("eikvik-definisjon", plan.replace("## Tilhørighet", "## Begrepsavklaring")),
        ("eikvik-beskrivelse", plan.replace("Samfunnsmål: Alle som bor i Eikvik, kjenner", "Mange kjenner")),
    ):
        text = _letter_of(tmp_path, name, other, "--malform", "nb")
        assert "inkluderende samfunn for alle som mål" not in text, (name, text)


def test_a_thematic_plan_is_not_credited_with_the_samfunnsdel_vision_it_cites(tmp_path: Path) -> None:
    plan = (
        "# Boligsosial plan for Eikvik kommune 2027–2030\n\nHøringsutkast\n\n## Mål\n\n"
        "Kommuneplanens samfunnsdel sier at Eikvik skal være en trygg og inkluderende kommune for alle.\n\n"
        "Flere skal eie sin egen bolig.\n"
    )
    text = _letter_of(tmp_path, "eikvik-visjon", plan, "--malform", "nb")
    assert "inkluderende samfunn for alle som mål" not in text, text


def test_medverknad_through_the_refugee_service_asks_for_immigrants_themselves(tmp_path: Path) -> None:
    plan = (
        "# Planprogram for kommuneplanen sin samfunnsdel, Eikvik kommune\n\nHøyringsutkast\n\n## Medverknad\n\n"
        "Vi skal halde eigne møte med ungdomsrådet, eldrerådet og flyktningtenesta.\n"
    )
    text = _letter_of(tmp_path, "eikvik-medverknad", plan, "--malform", "nn")
    assert "innsats for innvandrarbefolkninga innan medverknad" not in text
    # the refugee service alone is a service for refugees, not for immigrants in general
    assert "Planprogrammet nemner tenester for flyktningar i opplegget for medverknad." in text, text
    assert "innvandrarar sjølve blir spurde i medverknaden" in text
    adults = _letter_of(tmp_path, "eikvik-teneste", plan.replace("flyktningtenesta", "innvandrartenesta"))
    assert "Planprogrammet nemner tenester for innvandrarar i opplegget for medverknad." in adults, adults
    # where immigrants are heard themselves, the letter does not ask for it
    text = _letter_of(tmp_path, "eikvik-innvandrarar", plan.replace("flyktningtenesta", "innvandrarar"))
    assert "sjølve blir spurde" not in text


def test_a_planprogram_without_new_studies_is_asked_for_existing_figures(tmp_path: Path) -> None:
    plan = (
        "# Planprogram for kommuneplanens samfunnsdel, Eikvik kommune\n\nHøringsutkast\n\n## Kunnskapsgrunnlag\n\n"
        "Folkehelseoversikten er det viktigste grunnlaget for arbeidet med samfunnsdelen.\n\n"
        "Kommunen vil ikke sette i gang nye utredninger i dette planarbeidet.\n\n## Medvirkning\n\n"
        "Vi holder åpne møter i alle grendene.\n"
    )
    text = _letter_of(tmp_path, "eikvik-pp-enkel", plan, "--malform", "nb")
    assert "utredninger om" not in text and "tar med en utredning" not in text, text
    assert "krever ingen ny utredning" in text, text
    # a planprogram that plans its studies is asked for one
    text = _letter_of(tmp_path, "eikvik-pp", plan.replace("vil ikke sette i gang nye", "vil sette i gang nye"))
    assert "krev inga ny utgreiing" not in text and "utgreiing" in text, text


def test_a_plan_for_refugees_is_assessed_for_refugees(tmp_path: Path) -> None:
    plan = (
        "# Plan for busetjing av flyktningar i Eikvik 2027–2030\n\nHøyringsutkast\n\n## Tiltak\n\n"
        "- Flyktningtenesta skal gi alle nykomne flyktningar rettleiing om bustad innan tre månader.\n"
        "- Kommunen skal invitere innvandrarorganisasjonane til eit årleg dialogmøte.\n"
    )
    text = _letter_of(tmp_path, "eikvik-flyktningar", plan, "--malform", "nn")
    assert "Konkrete tiltak for flyktningane finn vi innan" in text, text
    # praise that quotes immigrants keeps the word the quote uses
    praise = next(p for p in text.split("\n") if "«Kommunen skal invitere" in p)
    assert "for innvandrarbefolkninga" in praise, praise
    # the plan has chosen its group: it is not asked to tell refugees from labour immigrants
    assert "arbeidsinnvandrarar" not in text
    # a plan for immigrants keeps «innvandrarbefolkninga»
    text = _letter_of(
        tmp_path, "eikvik-innvandrarar", plan.replace("av flyktningar", "av flyktningar og andre innvandrarar")
    )
    assert "for flyktningane" not in text


def test_the_county_as_partner_is_acknowledged_in_the_offer_of_help(tmp_path: Path) -> None:
    plan = (
        "# Plan for integrering i Eikvik 2027–2030\n\nHøyringsutkast\n\n## Arbeid\n\n"
        "- Tiltak: Vaksenopplæringa lagar eit tilbod om yrkesnorsk i samarbeid med fylkeskommunen.\n"
        "- Fleire innvandrarar skal kome i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-partnar", plan, "--malform", "nn")
    offer = next(p for p in text.split("\n") if "samarbeid med fylkeskommunen:" in p)
    assert "«Vaksenopplæringa lagar eit tilbod om yrkesnorsk i samarbeid med fylkeskommunen.»" in offer, offer
    assert offer.index("samarbeid med fylkeskommunen:") < offer.index("Fylkeskommunen kan hjelpe"), offer
    # in a samfunnsdel, a road built with the county is no partnership on integration
    road = (
        "# Kommuneplanen sin samfunnsdel for Eikvik\n\n## Samferdsel\n\nVegen blir bygd i samarbeid med fylkeskommunen."
    )
    text = _letter_of(tmp_path, "eikvik-veg", road + "\n\n## Arbeid\n\nFleire innvandrarar skal kome i arbeid.\n")
    assert "legg opp til samarbeid med fylkeskommunen" not in text


def test_a_planstrategi_that_leaves_other_plans_to_later_is_asked_to_weigh_integration_then(tmp_path: Path) -> None:
    plan = (
        "# Kommunal planstrategi for Eikvik 2028–2031\n\nHøyringsutkast\n\n## Planbehov\n\n"
        "Kommunestyret tek berre stilling til om kommuneplanen skal reviderast. Behovet for sektorplanar skal "
        "vurderast seinare, når samfunnsdelen er vedteken.\n\n## Medverknad\n\nVi held ope møte for alle "
        "innbyggjarar, også eitt for innvandrarar med tolk.\n"
    )
    text = _letter_of(tmp_path, "eikvik-ps-enkel", plan, "--malform", "nn")
    assert "seier at behovet for andre planar skal vurderast seinare (s. 1)" in text, text
    assert "Vi kan ikkje sjå at planstrategien vurderer om kommunen treng" not in text
    assert "sektorplanane som skal reviderast" not in text
    # with nothing on any service field, the absence is one sentence, not a list of seven fields
    assert "på tenestefelta, som bustad, helse, arbeid og skule" in text, text
    assert "kultur og frivilligheit" not in text


def test_a_thematic_plan_that_leaves_its_measures_to_later_is_not_asked_for_them_now(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial strategi for Eikvik 2027–2030\n\nVedteken\n\n## Om strategien\n\n"
        "Strategien set mål. Ei tiltaksoversikt skal utarbeidast seinare i ein eigen handlingsplan.\n\n"
        "## Mål\n\nFlyktningar skal få hjelp til å eige eigen bustad.\n"
    )
    text = _letter_of(tmp_path, "eikvik-seinare", plan, "--malform", "nn")
    assert "Strategien seier at tiltaka skal kome seinare (s. 1)." in text, text
    assert "Ein strategi bør vise" not in text


def test_what_a_plan_reports_from_another_plan_is_not_praised_as_its_own(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial strategi for Eikvik 2027–2030\n\nHøyringsutkast\n\n## Bakgrunn\n\n"
        "Samfunnsdelen peikar på at mange flyktningar bur trongt i leigde bustader.\n"
    )
    text = _letter_of(tmp_path, "eikvik-referat", plan, "--malform", "nn")
    assert "«Samfunnsdelen peikar på" not in text, text
    text = _letter_of(tmp_path, "eikvik-eige", plan.replace("Samfunnsdelen peikar på at mange", "Mange"))
    assert "«Mange flyktningar bur trongt i leigde bustader.»" in text, text


def test_a_plan_that_names_refugees_is_told_which_groups_it_leaves_out(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial plan for Eikvik 2027–2030\n\nHøyringsutkast\n\n## Mål\n\n"
        "Kommunen skal hjelpe fleire flyktningar over frå leigd til eigd bustad.\n"
    )
    text = _letter_of(tmp_path, "eikvik-grupper", plan, "--malform", "nn")
    assert "Temaplanen nemner flyktningar, men vi kan ikkje sjå at arbeidsinnvandrarar" in text, text
    assert "skil mellom flyktningar" not in text
    # motsegn belongs to a kommuneplan on hearing, not to a temaplan or a planstrategi
    assert "motsegn" not in text
    sd = plan.replace("Bustadsosial plan for Eikvik 2027–2030", "Kommuneplanen sin samfunnsdel 2027–2039, Eikvik")
    assert "ikkje motsegn" in _letter_of(tmp_path, "eikvik-sd-motsegn", sd, "--malform", "nn")
    ps = "# Kommunal planstrategi for Eikvik 2028–2031\n\nHøyringsutkast\n\n## Planbehov\n\nFlyktningar får bustad.\n"
    assert "motsegn" not in _letter_of(tmp_path, "eikvik-ps-motsegn", ps, "--malform", "nn")


def test_a_process_told_in_past_meetings_is_not_called_untold(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanens samfunnsdel 2027–2039, Eikvik kommune\n\nHøringsutkast\n\n## Slik har vi jobbet\n\n"
        "Vi har hatt egne møter og verksteder med næringslivet, bygdelagene og eldrerådet.\n\n## Arbeid\n\n"
        "Flere innvandrere skal komme i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-prosess", plan, "--malform", "nb")
    assert "sier hvordan medvirkningen i planarbeidet er gjennomført" not in text, text
    assert "Samfunnsdelen omtaler medvirkningen i planarbeidet (s. 1), men vi kan ikke se at innvandrere" in text


def test_a_strategy_is_not_given_the_rules_of_a_kommunedelplan(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial strategi for Eikvik 2027–2030\n\nHøyringsutkast\n\n## Mål\n\n"
        "Kommunen skal hjelpe fleire flyktningar over frå leigd til eigd bustad.\n"
    )
    text = _letter_of(tmp_path, "eikvik-strategi-lov", plan, "--malform", "nn")
    assert "Med mindre han blir vedteken som kommunedelplan, gjeld ikkje krava i plan- og bygningslova" in text
    assert "gjeld plan- og bygningslova § 11-1" not in text


def test_immigration_counted_in_a_figure_is_no_mention_to_praise(tmp_path: Path) -> None:
    plan = (
        "# Bustadsosial strategi for Eikvik 2027–2030\n\nVedteken\n\n## Folketal\n\n"
        "Nettoflytting inkludert innvandring har variert frå +30 til -20 dei siste ti åra.\n"
    )
    text = _letter_of(tmp_path, "eikvik-flytting", plan, "--malform", "nn")
    assert "«Nettoflytting inkludert innvandring" not in text, text
    told = plan.replace("Nettoflytting inkludert innvandring har", "Innvandringa har")
    text = _letter_of(tmp_path, "eikvik-innvandring", told)
    assert "«Innvandringa har variert" in text, text


def test_the_process_is_cited_where_the_plan_tells_it_not_where_it_names_a_meeting(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanens samfunnsdel 2027–2039, Eikvik kommune\n\nHøringsutkast\n\n## Forord\n\n"
        "Etter folkemøter om kommunereformen valgte Eikvik å stå alene.\n\f## Innledning\n\n"
        "Medvirkning og prosess.\n\n"
        "Alle lag og foreninger fikk brev og ble bedt om innspill.\n\n## Arbeid\n\n"
        "Flere innvandrere skal komme i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-prosess-side", plan, "--malform", "nb")
    assert "Samfunnsdelen omtaler medvirkningen i planarbeidet (s. 2)" in text, text


def test_a_plan_that_names_the_introduction_programme_is_not_said_to_name_refugees(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanens samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Arbeid\n\n"
        "- Introduksjonsprogrammet skal gi fleire arbeid.\n\n## Skule\n\nDelen minoritetsspråklege elevar er 12 %.\n"
    )
    assert "nemner flyktningar" not in _letter_of(tmp_path, "eikvik-intro", plan, "--malform", "nn")
    named = plan.replace("Introduksjonsprogrammet skal gi fleire arbeid.", "Fleire flyktningar skal kome i arbeid.")
    assert "Samfunnsdelen nemner flyktningar, men" in _letter_of(tmp_path, "eikvik-flykt", named, "--malform", "nn")


def test_the_local_community_field_is_named_by_what_its_quotes_are_about(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Mål\n\n"
        "- Kommunen skal hjelpe fleire flyktningar over frå leigd til eigd bustad.\n"
    )
    text = _letter_of(tmp_path, "eikvik-bustad", plan, "--malform", "nn")
    assert "innan bustad og lokalsamfunn" in text and "attraktive lokalsamfunn" not in text, text
    text = _letter_of(
        tmp_path,
        "eikvik-lokalsamfunn",
        plan.replace(
            "hjelpe fleire flyktningar over frå leigd til eigd bustad", "ta godt imot innvandrarar i lokalsamfunnet"
        ),
    )
    assert "innan attraktive lokalsamfunn" in text and "bustad og lokalsamfunn" not in text, text


def test_a_refugee_plan_that_names_ukraine_is_asked_about_collective_protection(tmp_path: Path) -> None:
    plan = (
        "# Plan for busetjing av flyktningar i Eikvik 2027–2030\n\nHøyringsutkast\n\n## Busetjing\n\n"
        "Dei fleste flyktningane kommunen har busett sidan 2022, kjem frå Ukraina.\n\n## Tiltak\n\n"
        "- Alle flyktningar skal ha tilbod om introduksjonsprogram innan tre månader.\n"
    )
    text = _letter_of(tmp_path, "eikvik-ukraina", plan, "--malform", "nn")
    assert "Temaplanen nemner flyktningar frå Ukraina (s. 1), men vi kan ikkje sjå at kollektivt vern" in text, text
    told = plan.replace("kjem frå Ukraina.", "kjem frå Ukraina og har kollektivt vern.")
    assert "kollektivt vern er omtalt" not in _letter_of(tmp_path, "eikvik-vern", told, "--malform", "nn")


def test_the_legal_basis_field_is_named_by_what_its_quotes_are_about(tmp_path: Path) -> None:
    plan = (
        "# Plan for integrering i Eikvik 2027–2030\n\nHøyringsutkast\n\n## Busetjing\n\n"
        "- Kommunestyret skal kvart år vedta kor mange flyktningar kommunen skal busetje.\n"
    )
    text = _letter_of(tmp_path, "eikvik-busetjing", plan, "--malform", "nn")
    assert "innan busetjing" in text and "forankringa av integreringsarbeidet" not in text.split("Merknader")[0], text
    # a quote that names neither settlement nor a law keeps the general name
    anchored = plan.replace(
        "Kommunestyret skal kvart år vedta kor mange flyktningar kommunen skal busetje.",
        "Integreringsarbeidet skal vere forankra i leiinga i alle einingar.",
    )
    text = _letter_of(tmp_path, "eikvik-forankring", anchored, "--malform", "nn")
    assert "innan busetjing" not in text and "lovverket" not in text, text


def test_a_growing_town_is_not_asked_to_keep_its_immigrants(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Utviklingstrekk\n\n"
        "Kommunen ventar sterk befolkningsvekst fram mot 2040. Innvandrarar utgjer 9 prosent av innbyggjarane.\n\n"
        "## Arbeid\n\n"
        "- Fleire innvandrarar skal kome i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-vekst", plan, "--malform", "nn")
    assert "blir buande" not in text, text
    shrinking = plan.replace("sterk befolkningsvekst", "nedgang i folketalet")
    assert "blir buande" in _letter_of(tmp_path, "eikvik-nedgang", shrinking, "--malform", "nn")


def test_a_planstrategi_is_praised_for_what_it_takes_up(tmp_path: Path) -> None:
    plan = (
        "# Kommunal planstrategi for Eikvik 2028–2031\n\nHøyringsutkast\n\n## Planbehov\n\n"
        "Kommunen vil utarbeide ein plan for at fleire flyktningar skal kome i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-ps", plan, "--malform", "nn")
    assert "Vi ser det som positivt at planstrategien tek opp innvandrarbefolkninga innan " in text, text


def test_other_needs_met_by_services_is_said_of_service_fields_only(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Arbeid\n\n"
        "- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.\n"
    )
    text = _letter_of(tmp_path, "eikvik-felt", plan, "--malform", "nn")
    absent = next(p for p in text.split("\n") if "demografi" in p and "uttrykkeleg" in p)
    assert "På desse felta" not in absent and "På felt som " in absent, absent
    assert "demografi" not in absent.split("På felt som ")[1], absent


def test_a_plan_that_tells_of_its_process_is_not_called_silent_on_it(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Planprosessen\n\n"
        "Vi heldt folkemøte i alle krinsane hausten 2026.\n\n## Arbeid\n\n"
        "- Fleire flyktningar skal kome i arbeid.\n"
    )
    text = _letter_of(tmp_path, "eikvik-prosess", plan, "--malform", "nn")
    assert "Samfunnsdelen omtalar medverknaden i planarbeidet (s. 1)" in text, text
    # the municipality's role in local democracy is no account of this plan's process
    general = plan.replace(
        "Vi heldt folkemøte i alle krinsane hausten 2026.",
        "Kommunen er ein lokaldemokratisk aktør gjennom val, medverknadsprosessar og politiske vedtak.",
    )
    text = _letter_of(tmp_path, "eikvik-demokrati", general, "--malform", "nn")
    assert "omtalar medverknaden i planarbeidet" not in text, text
    # a plan that tells nothing of its process is asked about it, not said to have left immigrants out
    assert "at samfunnsdelen seier korleis medverknaden i planarbeidet er gjennomført" in text
    assert "har vore med i planprosessen" not in text


def test_the_title_drops_an_archive_prefix_and_a_stage_it_names_twice(tmp_path: Path) -> None:
    src = tmp_path / "eikvik-tittel.md"
    src.write_text(
        "# Eikvik: Kommuneplanens samfunnsdel 2040 - høringsutkast\n\nHøringsutkast\n\n## Arbeid\n\n"
        "Flere flyktninger skal komme i arbeid.\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = CliRunner().invoke(
        cli,
        ["--malform", "nb", "review", str(src), "--out", str(out), "--format", "json", "--recipient", "Eikvik kommune"],
    )
    assert res.exit_code == 0, res.output
    title = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))["letter"]["title"]
    assert title.startswith("Eikvik kommune – Kommuneplanens samfunnsdel 2040 - høringsutkast – "), title
    assert title.casefold().count("høringsutkast") == 1, title


def test_a_planstrategi_is_held_to_the_need_it_names_itself(tmp_path: Path) -> None:
    plan = (
        "# Kommunal planstrategi for Eikvik 2028–2031\n\nHøyringsutkast\n\n## Utfordringar\n\n"
        "Mange arbeidsinnvandrarar har busett seg i Eikvik dei siste åra.\n\n"
        "Kommunen bør difor prioritere betre norskopplæring for innvandrarar.\n\n## Planbehov\n\n- Kulturplan\n"
    )
    text = _letter_of(tmp_path, "eikvik-behov", plan, "--malform", "nn")
    remark = next(p for p in text.split("\n") if p.startswith("Planstrategien peikar sjølv på at"))
    assert "«Kommunen bør difor prioritere betre norskopplæring for innvandrarar.» (s. 1)" in remark, remark
    # no refugees in the plan: the remark is not argued from their settlement
    assert "flyktningar" in remark and "introduksjonsprogram" not in remark, remark


def test_no_service_reason_where_only_non_service_fields_are_missing(tmp_path: Path) -> None:
    corrections = tmp_path / "rettingar.yaml"
    served = ["medverknad", "attraktive_lokalsamfunn", "folkehelse", "levekar", "sysselsetting", "oppvekst"]
    served += ["kultur_frivilligheit"]
    corrections.write_text(
        "overrides:\n" + "".join(f"  - theme: {t}\n    level: 2\n    reason: Sjekka.\n    by: KN\n" for t in served),
        encoding="utf-8",
    )
    src = tmp_path / "eikvik-samfunnsdel.md"
    src.write_text(PLANS["samfunnsdel"].replace("Innvandrarar utgjer 9 prosent av innbyggjarane i Eikvik.", ""))
    out = tmp_path / "ut"
    res = CliRunner().invoke(cli, ["review", str(src), "--out", str(out), "--overrides", str(corrections)])
    assert res.exit_code == 0, res.output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    absent = next(p for p in body if "forankringa av integreringsarbeidet" in p and "uttrykkeleg" in p)
    assert "På felt som" not in absent and "På desse felta" not in absent and "  " not in absent, absent


def test_the_title_does_not_repeat_a_stage_the_plan_title_names(tmp_path: Path) -> None:
    src = tmp_path / "eikvik-vedtatt.md"
    src.write_text(
        "# Kommuneplanens samfunnsdel – endelig vedtatt i kommunestyret\n\nVedtatt av kommunestyret 12.3.2026\n\n"
        "## Arbeid\n\nFlere flyktninger skal komme i arbeid.\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = CliRunner().invoke(cli, ["--malform", "nb", "review", str(src), "--out", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    letter = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))["letter"]
    assert letter["stage"] == "vedteken" and "vedtatt plan" not in letter["title"], letter["title"]


def test_signs_of_diversity_are_named_with_their_own_pages(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Natur\n\n"
        "Vi tek vare på biologisk mangfald og kulturlandskap.\n\f## Samfunn\n\n"
        "Eikvik skal vere fri for rasisme og ha plass til kulturelt mangfald.\n"
    )
    text = _letter_of(tmp_path, "eikvik-teikn", plan, "--malform", "nn")
    overall = next(p for p in text.split("\n") if "men vi kan ikkje sjå at innvandrarbefolkninga" in p)
    assert "(s. 1)" not in overall and "(s. 2)" in overall, overall  # not the nature page


def test_a_samfunnsdel_with_goals_for_immigrants_is_not_told_where_goals_belong(tmp_path: Path) -> None:
    code, output, out = review("samfunnsdel", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    assert not any("det er her mål og strategiar for integrering bør stå" in p for p in body)


def test_in_a_plan_for_immigrants_every_measure_is_one_for_them(tmp_path: Path) -> None:
    plan = (
        "# Plan for busetjing og integrering av flyktningar 2027–2030, Eikvik kommune\n\nHøyringsutkast\n\n"
        "## Kultur og frivilligheit\n\n### Tiltak\n\n"
        "- Frivilligsentralen skal opne ein utstyrssentral med gratis utlån av sportsutstyr innan 2028.\n"
    )
    text = _letter_of(tmp_path, "eikvik-utstyr", plan, "--malform", "nn")
    overall = next(p for p in text.split("\n") if p.startswith("Konkrete tiltak for flyktningane"))
    assert "kultur og frivilligheit" in overall, overall


def test_an_adopted_plan_named_by_its_type_is_not_typed_again(tmp_path: Path) -> None:
    code, output, out = review("vedteken", tmp_path, "nn", "--format", "json")
    assert code == 0, output
    intro = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    body = _letter_of(tmp_path, "eikvik-vedteken", PLANS["vedteken"])
    assert "«Kommuneplanen sin samfunnsdel 2026–2038, Eikvik kommune», som kommunen har vedteke" in body, body
    assert "(kommuneplanen sin samfunnsdel)" not in body and intro["letter"]["stage"] == "vedteken"


def test_praise_under_legal_basis_quotes_law_decision_or_anchoring(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Mål\n\n"
        "- Flyktningtenesta skal ta imot melding frå IMDi når flyktningar er klare til å busetjast.\n"
    )
    text = _letter_of(tmp_path, "eikvik-imdi", plan, "--malform", "nn")
    assert "«Flyktningtenesta skal ta imot melding" not in text, text
    plan += "- Kommunestyret skal kvart år vedta kor mange flyktningar kommunen skal busetje.\n"
    text = _letter_of(tmp_path, "eikvik-vedtak", plan, "--malform", "nn")
    assert "«Kommunestyret skal kvart år vedta kor mange flyktningar kommunen skal busetje.»" in text, text


def test_diversity_of_interests_or_activities_is_no_sign_of_immigrants(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Fritid\n\n"
        "Vi skal ta vare på mangfaldet i befolkningens interesser og eit mangfald i kultur- og idrettstilbod.\n\f"
        "## Møteplassar\n\nMøteplassane skal spegle mangfaldet i befolkninga.\n"
    )
    text = _letter_of(tmp_path, "eikvik-interesser", plan, "--malform", "nn")
    overall = next(p for p in text.split("\n") if "men vi kan ikkje sjå at innvandrarbefolkninga" in p)
    assert "(s. 2)" in overall and "(s. 1)" not in overall, overall


def test_a_routine_described_is_not_praised_as_a_measure(tmp_path: Path) -> None:
    plan = (
        "# Plan for busetjing og integrering av flyktningar 2027–2030, Eikvik kommune\n\nHøyringsutkast\n\n"
        "## Bustad\n\n### Tiltak\n\nFlyktningkoordinatoren vurderer kva bustader som passar for flyktningane.\n\n"
        "### Mål\n\n- Kommunen skal busetje flyktningar i bustader nær skule og butikk.\n"
    )
    text = _letter_of(tmp_path, "eikvik-rutine", plan, "--malform", "nn")
    assert "«Flyktningkoordinatoren vurderer" not in text, text
    assert "«Kommunen skal busetje flyktningar i bustader nær skule og butikk.»" in text, text


def test_the_plans_process_is_cited_where_the_plan_tells_of_it(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin samfunnsdel 2027–2039, Eikvik kommune\n\nHøyringsutkast\n\n## Skule\n\n"
        "Eit folkemøte om skulestrukturen vart halde i 2025.\n\n- Fleire flyktningar skal kome i arbeid.\n\f"
        "## Medverknad i planarbeidet\n\nVi heldt folkemøte i alle krinsane hausten 2026.\n"
    )
    text = _letter_of(tmp_path, "eikvik-prosess-side", plan, "--malform", "nn")
    assert "Samfunnsdelen omtalar medverknaden i planarbeidet (s. 2)" in text, text


def test_measures_the_text_shows_are_named_with_the_measures(tmp_path: Path) -> None:
    plan = (
        "# Kommuneplanen sin handlingsdel 2027–2030, Eikvik kommune\n\nHøyringsutkast\n\n## Arbeid\n\n### Tiltak\n\n"
        "- NAV skal gi alle flyktningar språkpraksis innan 2028.\n\n## Helse\n\n### Mål\n\n"
        "- Flyktningar skal ha like god helse som andre innbyggjarar.\n\n### Bakgrunn\n\n"
        "Helsestasjonen gjennomfører helsesamtale med alle flyktningar innan tre månader etter busetjing.\n\n"
        "## Medverknad\n\n### Mål\n\n- Innvandrarar skal bli høyrde i planarbeidet.\n\n### Bakgrunn\n\n"
        "Barnehagen har ansvar for foreldremøte med tolk for flyktningar kvart år.\n"
    )
    text = _letter_of(tmp_path, "eikvik-helse-tiltak", plan, "--malform", "nn")
    overall = next(p for p in text.split("\n") if p.startswith("Konkrete tiltak for innvandrarbefolkninga"))
    assert "helse" in overall and "men ikkje konkrete tiltak" not in overall, overall
    # an interpreter at a kindergarten meeting is no measure for medverknad, nor proof that it has none
    assert "Mål eller strategiar finn vi òg innan medverknad." in overall, overall


def test_a_samfunnsdel_is_asked_for_goals_and_its_action_part_for_the_measures(tmp_path: Path) -> None:
    code, output, out = review("samfunnsdel", tmp_path, "nn")
    assert code == 0, output
    _, body = letter_body(out / "eikvik-samfunnsdel-fraasegn.docx")
    rec = next(p for p in body if "barnehagedeltaking" in p)
    assert ", og at handlingsdelen følgjer dei opp med tiltak for språk" in rec and ", med tiltak" not in rec, rec
