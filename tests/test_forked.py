"""Reading one PDF in two processes (planreview.forked): the same document, whatever the helper
does, the same errors, and no process left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import planreview.read.pdf as pdf_reader
from planreview import api
from planreview.errors import ChecklistError, CorruptDocument, LimitExceeded
from planreview.forked import Helper, can_fork
from planreview.read import read_document

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking needs POSIX and a process without other threads")


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _slow_in_parent(monkeypatch: pytest.MonkeyPatch, seconds: float) -> list[int]:
    """Make this process (not a helper forked later) take ``seconds`` more per page; the pages it read."""
    parent = os.getpid()
    read_page = pdf_reader._read_page
    mine: list[int] = []

    def slow(doc: object, i: int, *args: object) -> object:
        if os.getpid() == parent:
            mine.append(i)
            time.sleep(seconds)
        return read_page(doc, i, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_reader, "_read_page", slow)
    return mine


def test_helper_sends_its_items_in_order_and_is_reaped() -> None:
    def work(send: object) -> None:
        for k in range(40):
            send((k, "x" * 5000 * (k % 3)))  # type: ignore[operator]

    helper = Helper.start(work)
    assert helper is not None
    got = helper.poll()  # what has come so far, without waiting
    got += helper.collect()  # the rest, waiting for the helper's end
    assert [k for k, _ in got] == list(range(40))
    assert _no_child_left()


def test_helper_that_fails_half_way_has_sent_what_it_read() -> None:
    def work(send: object) -> None:
        send(1)  # type: ignore[operator]
        send(2)  # type: ignore[operator]
        raise RuntimeError("a page the helper cannot read")

    helper = Helper.start(work)
    assert helper is not None
    assert helper.collect() == [1, 2]
    assert _no_child_left()


def test_a_long_pdf_reads_the_same_with_a_helper(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = read_document(fixtures / "long-plan.pdf", jobs=1)
    mine = _slow_in_parent(monkeypatch, 0.02)
    together = read_document(fixtures / "long-plan.pdf", jobs=2)
    assert together == alone
    assert len(mine) < len(alone.pages)  # the helper read the last pages
    assert _no_child_left()


def test_a_helper_that_dies_leaves_every_page_to_the_process(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = read_document(fixtures / "long-plan.pdf", jobs=1)

    def dies(*args: object) -> None:
        os._exit(3)

    monkeypatch.setattr(pdf_reader, "read_backwards", dies)
    assert read_document(fixtures / "long-plan.pdf", jobs=2) == alone
    assert _no_child_left()


def test_a_page_over_a_limit_on_the_helpers_side_gives_the_same_error(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANREVIEW_MAX_PAGE_PT", "1000")  # page 12 is A3 (1191 pt high)
    with pytest.raises(LimitExceeded) as alone:
        read_document(fixtures / "long-plan.pdf", jobs=1)
    _slow_in_parent(monkeypatch, 0.01)
    with pytest.raises(LimitExceeded) as together:
        read_document(fixtures / "long-plan.pdf", jobs=2)
    assert str(together.value) == str(alone.value)
    assert "s. 12" in str(alone.value)
    assert _no_child_left()


def test_over_the_time_limit_the_helper_is_stopped(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANREVIEW_MAX_PLAN_S", "0.3")
    monkeypatch.setenv("PLANREVIEW_MAX_PAGE_S", "0.001")
    read_page = pdf_reader._read_page

    def slow(*args: object) -> object:  # in both processes: neither finishes a page in time
        time.sleep(1.0)
        return read_page(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_reader, "_read_page", slow)
    with pytest.raises(LimitExceeded):
        api.review(fixtures / "long-plan.pdf", jobs=2)
    assert _no_child_left()


def test_a_checklist_error_still_comes_before_an_error_in_the_plan(tmp_path: Path) -> None:
    broken = tmp_path / "plan.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"0" * 4000 + b"\n%%EOF\n")
    bad_checklist = tmp_path / "checklist.yaml"
    bad_checklist.write_text("themes: [\n", encoding="utf-8")
    with pytest.raises(CorruptDocument):
        api.review(broken, jobs=2)
    with pytest.raises(ChecklistError):
        api.review(broken, bad_checklist, jobs=2)


def test_the_letters_searches_made_by_a_helper_are_the_ones_made_here(fixtures: Path) -> None:
    from planreview.render.compose import PlanText

    alone = api.review(fixtures / "long-plan.pdf", jobs=1)
    together = api.review(fixtures / "long-plan.pdf", jobs=2)
    assert alone.plan_text is None and together.plan_text is not None
    assert together.plan_text.parts() == PlanText(together.document, together.checklist).parts()
    assert api.review_json(together) == api.review_json(alone)
    assert _no_child_left()


def test_a_failing_search_helper_leaves_the_letter_to_the_renderer(
    fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planreview.render import compose

    def fails(self: object) -> tuple[object, ...]:
        raise RuntimeError("the helper's search fails")

    alone = api.review(fixtures / "long-plan.pdf", jobs=1)
    monkeypatch.setattr(compose.PlanText, "parts", fails)
    together = api.review(fixtures / "long-plan.pdf", jobs=2)
    assert together.plan_text is None
    assert api.review_json(together) == api.review_json(alone)
    assert _no_child_left()


def test_a_helper_ends_with_its_parent_and_holds_none_of_its_streams(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from planreview.forked import Helper\n"
        "helper = Helper.start(lambda send: time.sleep(60))\n"
        "print(helper.pid, flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    helper_pid = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    started = time.monotonic()
    assert parent.stdout.read() == ""  # the end of the stream at once: the helper does not hold it
    deadline = started + 10
    while time.monotonic() < deadline:
        try:
            os.kill(helper_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the helper outlived its parent")
    assert time.monotonic() - started < 5


def test_a_helper_gets_half_of_what_the_memory_window_leaves() -> None:
    import resource

    from planreview import limits

    def report(send: object) -> None:
        send((resource.getrlimit(resource.RLIMIT_DATA)[0], limits._data_bytes()))  # type: ignore[operator]

    headroom = 400 * 1024 * 1024
    with limits.memory_limit(headroom, RuntimeError):
        window = resource.getrlimit(resource.RLIMIT_DATA)[0]
        helper = Helper.start(report)
        assert helper is not None
        [(soft, used)] = helper.collect()
    assert used is not None and soft <= used + (window - used) // 2 + 1
    assert soft > used  # it can still work


def test_a_file_put_in_the_plans_place_during_the_review_is_not_mixed_in(fixtures: Path, tmp_path: Path) -> None:
    import shutil

    plan = tmp_path / "plan.pdf"
    shutil.copy(fixtures / "long-plan.pdf", plan)
    other = tmp_path / "other.pdf"
    shutil.copy(fixtures / "headings.pdf", other)
    alone = read_document(fixtures / "long-plan.pdf", jobs=1)

    def replace_the_file() -> None:  # after the helper has started, before this process opens the file
        os.replace(other, plan)

    together = read_document(plan, jobs=2, meanwhile=replace_the_file)
    assert [p.blocks for p in together.pages] == [p.blocks for p in alone.pages]
    assert together.sha256 == alone.sha256
    assert _no_child_left()


def test_the_time_limit_is_not_lost_when_it_runs_out_during_a_fork(tmp_path: Path) -> None:
    import subprocess
    import sys

    # in a process of its own: an at-fork hook cannot be taken back
    script = tmp_path / "late_alarm.py"
    script.write_text(
        "import os, time\n"
        "from planreview import limits\n"
        "from planreview.forked import Helper\n"
        "os.register_at_fork(after_in_parent=lambda: time.sleep(0.3))  # a fork that takes a while\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    with limits.time_limit(0.1, lambda: RuntimeError('over')):\n"
        "        Helper.start(lambda send: send(1)).collect()\n"
        "        while time.monotonic() - start < 5:\n"
        "            pass\n"
        "    print('no limit')\n"
        "except RuntimeError:\n"
        "    print('stopped')\n"
        "try:\n"
        "    os.waitpid(-1, os.WNOHANG)\n"
        "    print('child left')\n"
        "except ChildProcessError:\n"
        "    print('no child')\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60).stdout
    assert out.splitlines() == ["stopped", "no child"]
