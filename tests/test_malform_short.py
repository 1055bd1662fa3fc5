"""Målform on short texts: møtebøker and letters (issue 12)."""

from __future__ import annotations

import pytest
from conftest import REALPDF, needs_realpdf

from planreview.read import read_document
from planreview.read.malform import guess_malform

MOTEBOK_NN = (
    "Endring av reguleringsplan, 2. gongs handsaming. Planendringa var opp til 1. gongs handsaming i utvalet, "
    "og utvalet vedtok å legge planen ut til offentleg ettersyn. Det har kome tilbakemelding frå "
    "Fylkesmannen, men dei har ingen merknader. Det er oppdaga ein feil i føresegnene som må rettast."
)
BREV_NB = (
    "Vi viser til brev fra kommunen. Saken ble behandlet i utvalget, og det kom ikke inn merknader "
    "som må tas hensyn til. Vi ber derfor om at gjeldende bestemmelser blir fulgt."
)


def test_short_nynorsk_and_bokmal_are_told_apart() -> None:
    assert guess_malform([MOTEBOK_NN]) == "nn"
    assert guess_malform([BREV_NB]) == "nb"
    assert guess_malform(["Kommunen vil ikkje.", "Kommunen vil ikke."]) is None  # too few, too mixed


@needs_realpdf
@pytest.mark.corpus
def test_genuine_nynorsk_motebok_is_nynorsk() -> None:
    assert read_document(REALPDF / "bo-motebok-k-sak-112-12-nn.pdf").malform == "nn"
    assert read_document(REALPDF / "sd-brev-bestilling-kriteriedata-2023.pdf").malform == "nb"
