"""Genuine layouts: columns, running furniture, TOC, broken sentences, logos, charts (issue 12)."""

from __future__ import annotations

import pytest
from conftest import REALPDF, needs_realpdf

from planreview.read import read_document


@needs_realpdf
@pytest.mark.corpus
def test_motebok_logo_letters_stand_apart_from_the_title_beside_them() -> None:
    doc = read_document(REALPDF / "bo-motebok-k-sak-112-12-nn.pdf")
    texts = [b.text for b in doc.blocks()]
    assert "Møtebok" in texts
    assert not any("komune" in t and "Møtebok" in t for t in texts)
