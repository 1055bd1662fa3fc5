"""A small sample plan and settings, so that ``template check`` fills a template in once as a review would."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..messages import Lang

SAMPLE_PLAN = """# Kommuneplanens samfunnsdel for Prøvevik kommune 2026–2038

Høyringsutkast.

## 2 Kunnskapsgrunnlag

Innvandrarar utgjer 12 prosent av befolkninga i Prøvevik kommune, og flyktningar kjem frå mange land.

## 3 Mål og strategiar

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.
- Innvandrarar skal takast med i medverknaden i planprosessen.

## 4 Tiltak

Kommunen startar språkpraksis for innvandrarar i 2027; NAV har ansvaret, og tiltaket vert følgt opp kvart år.
"""

SAMPLE_SETTINGS = {
    "county": "Prøvefylke fylkeskommune",
    "unit": "Samfunnsutvikling",
    "address": "Postboks 1, 0001 Prøvevik",
    "recipient": "Prøvevik kommune",
    "recipient_address": "Rådhuset, 0001 Prøvevik",
    "our_ref": "26/00001-1",
    "your_ref": "2026/1",
    "date": "1. desember 2026",
    "case_officer": "Kari Nordmann",
    "contact": "kari.nordmann@example.no",
    "plan_name": "Kommuneplanens samfunnsdel",
    "plan_stage": "høyringsutkast",
}


def sample_context(lang: Lang) -> dict[str, Any]:
    """The letter context of a review of the sample plan with every setting filled in."""
    from ..checklist import load_checklist
    from ..read import read_document
    from ..score import assess
    from .context import build_context
    from .settings import LetterSettings

    with tempfile.TemporaryDirectory(prefix="planreview-sample-") as folder:
        path = Path(folder) / "provevik-samfunnsdel.md"
        path.write_text(SAMPLE_PLAN, encoding="utf-8")
        doc = read_document(path)
    checklist = load_checklist()
    assessment = assess(doc, checklist, lang=lang)
    return build_context(doc, assessment, checklist, LetterSettings(**SAMPLE_SETTINGS), lang)
