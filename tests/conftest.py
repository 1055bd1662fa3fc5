from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
REALPDF = SHARED / "realpdf"

sys.path.insert(0, str(HERE))
# The tests start from an empty cache of their own (parsed checklists, compiled templates).
os.environ["PLANREVIEW_CACHE_DIR"] = tempfile.mkdtemp(prefix="planreview-test-cache-")

RUBRIC_THEMES = [
    "lovgrunnlag",
    "medverknad",
    "demografi",
    "attraktive_lokalsamfunn",
    "folkehelse",
    "levekar",
    "sysselsetting",
    "oppvekst",
    "kultur_frivilligheit",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite the golden files in tests/golden.")


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated reader fixtures (see make_fixtures.py)."""
    import make_fixtures

    return make_fixtures.build(tmp_path_factory.mktemp("fixtures"))


def corpus_docs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
needs_realpdf = pytest.mark.skipif(not REALPDF.is_dir(), reason="../shared/realpdf is not here")


@pytest.fixture(autouse=True)
def _nynorsk_after_each_test() -> object:
    """The CLI sets the målform for the process (--malform nb): every test starts from nynorsk."""
    from planreview.messages import set_malform

    set_malform("nn")
    yield
    set_malform("nn")
