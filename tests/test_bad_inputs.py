"""The bad-input corpus (tests/badinputs.py): each case gets its documented exit code and one
clear line, never a traceback or exit 70, and leaves nothing half-written.

The cases run as separate ``planreview`` processes (two at a time) under an address-space
ceiling, so a bomb that slipped past its limit fails its case instead of the machine. A case
over a limit must name that limit's variable: a MemoryError at the ceiling does not pass.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import badinputs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("mkfifo") is None, reason="the corpus needs Linux"
)

_FOLDER: list[Path] = []
_RESULTS: dict[str, badinputs.Result] = {}


def _cases() -> list[badinputs.Case]:
    import tempfile

    if not _FOLDER:
        _FOLDER.append(Path(tempfile.mkdtemp(prefix="planreview-bad-")))
    return badinputs.build(_FOLDER[0])


CASES = _cases()


@pytest.fixture(scope="module")
def results() -> dict[str, badinputs.Result]:
    """Every case run once, two at a time (the machine has two cores)."""
    if not _RESULTS:
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = pool.map(lambda ic: (ic[1].id, badinputs.run(ic[1], _FOLDER[0], ic[0])), enumerate(CASES))
            _RESULTS.update(done)
    return _RESULTS


def test_corpus_is_large_and_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: badinputs.Case, results: dict[str, badinputs.Result]) -> None:
    r = results[case.id]
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    assert r.code == case.code, f"exit {r.code}, stderr: {r.stderr!r}"
    assert r.code != 70
    if case.code not in (0, 14):
        # progress lines («OCR: side 1 (1 av 1)») are not messages; the error is one line
        lines = [ln for ln in r.stderr.strip().splitlines() if not ln.startswith("OCR: side ")]
        assert len(lines) == 1, r.stderr
        assert case.needle in lines[0], lines[0]
    elif case.code == 14:
        assert case.needle in r.stdout, r.stdout
    else:
        assert r.stderr.strip() == "", r.stderr
    assert "root:x:0:0" not in r.stdout  # no XXE reads /etc/passwd
    if case.id == "stdout-default-json":
        assert "themes" in json.loads(r.stdout)
    if case.check is not None:
        assert case.check(_FOLDER[0]) is None, case.check(_FOLDER[0])
    if case.out is not None and case.out.exists():
        assert not list(case.out.rglob(".planreview-*")), "half-written output left"
        assert not [p for p in case.out.rglob("*") if p.is_file()], "partial output left"


def test_no_output_folder_holds_temporary_files() -> None:
    assert not [p for p in _FOLDER[0].rglob(".planreview-*") if "fixtures" not in p.parts]


def teardown_module() -> None:
    if _FOLDER and not os.environ.get("PLANREVIEW_KEEP_CORPUS"):
        shutil.rmtree(_FOLDER[0], ignore_errors=True)
