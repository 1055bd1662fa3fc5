"""Reviews, re-renders and batches run in worker processes, never in the server's own threads.

The plan limits need it: the time limit is an alarm that only a process's main thread receives,
and the memory limit holds for a whole process. So the server hands every job to a pool of
worker processes (started through a fork server that has imported the pipeline, so a worker
starts warm), in the order of a priority queue: re-renders after a correction or for a download
first (a planner is waiting), then single reviews, then batches. A worker that dies (a crash in a
C library, the CPU backstop) takes only its own job: the pool is made again, the job is tried once
more, and fails with exit code 70 the second time.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..messages import Lang

log = logging.getLogger("planreview.web")

PRIORITY_RENDER = 0
PRIORITY_REVIEW = 1
PRIORITY_BATCH = 2


@dataclass(frozen=True)
class ReviewJob:
    """Review (or re-render) one stored plan into ``out_dir``."""

    job_id: str
    review_id: str
    upload: str
    source: str
    """The upload's own file name: shown in the JSON and in messages instead of ``upload``."""
    stem: str
    out_dir: str
    lang: str
    settings: dict[str, str | None]
    corrections: tuple[dict[str, Any], ...]
    formats: tuple[str, ...]
    progress: str
    checklist: str | None = None
    pages: str | None = None
    """Where to write the plan's pages as text (for «see the quote in its page»), or None."""


@dataclass(frozen=True)
class BatchJob:
    job_id: str
    batch_id: str
    folder: str
    out_dir: str
    lang: str
    settings: dict[str, str | None]
    progress: str
    checklist: str | None = None


@dataclass(frozen=True)
class VersionJob:
    """Make one version of a plan for a comparison: a review JSON, and every sentence of the plan
    read from the stored upload (``planreview.api.version_from_json``)."""

    job_id: str
    review: dict[str, Any]
    """The review JSON (with the corrections, in the comparison's målform)."""
    source: str
    """The upload's own file name: names the version in the comparison and in messages."""
    upload: str
    lang: str


def _tell(path: str, text: str) -> None:
    with contextlib.suppress(OSError):
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)


def _stage(job: ReviewJob, stage: str) -> None:
    _tell(job.progress, stage)
    slow = os.environ.get("PLANREVIEW_FAULT_SLEEP_ON")  # fault injection for the tests: a plan that takes long
    if slow and stage == "reading" and job.source.endswith(slow):
        import time

        time.sleep(float(os.environ.get("PLANREVIEW_FAULT_SLEEP_S", "30")))


def _pages_text(doc: Any) -> list[dict[str, Any]]:
    return [
        {
            "index": p.index,
            "label": p.label,
            "blocks": [{"kind": str(b.kind), "text": b.text} for b in p.blocks if b.is_body],
        }
        for p in doc.pages
    ]


def run_review(job: ReviewJob) -> dict[str, Any]:
    """In a worker: review or re-render one plan; returns its record (never raises for bad input)."""
    from .. import api, limits
    from ..batch import _cpu_backstop
    from ..messages import set_malform
    from ..render.settings import LetterSettings

    lang: Lang = "nb" if job.lang == "nb" else "nn"
    set_malform(lang)
    corrections = [api.Correction(**c) for c in job.corrections]
    _cpu_backstop(2 * limits.plan_seconds(limits.PAGES.count()))
    try:
        outcome = api.review_to_folder(
            job.upload,
            Path(job.out_dir),
            checklist=job.checklist,
            lang=lang,
            settings=LetterSettings(**job.settings),
            corrections=corrections,
            formats=job.formats,
            stem=job.stem,
            source=job.source,
            progress=lambda stage: _stage(job, stage),
        )
    finally:
        _cpu_backstop(None)
    record = dict(outcome.record)
    if outcome.review is not None:
        result = outcome.review
        settings = LetterSettings(**job.settings)
        record["json"] = api.review_json(result, settings, lang)
        record["register"] = _register(record.get("municipality"), record.get("municipality_number"))
        if job.pages:
            data = json.dumps(_pages_text(result.document), ensure_ascii=False)
            _tell(job.pages, data)
    with contextlib.suppress(OSError):
        os.unlink(job.progress)
    return record


def run_version(job: VersionJob) -> dict[str, Any]:
    """In a worker: one version of a plan for a comparison; its record holds the ``Version`` (never
    raises for bad input: an error record with the exit code and message)."""
    from .. import api, limits
    from ..batch import _cpu_backstop
    from ..errors import PlanreviewError
    from ..messages import set_malform

    set_malform("nb" if job.lang == "nb" else "nn")
    _cpu_backstop(2 * limits.plan_seconds(limits.PAGES.count()))
    try:
        version = api.version_from_json(job.review, job.source, plan=job.upload)
    except PlanreviewError as exc:
        message = str(exc).replace(job.upload, job.source)
        return {"status": "error", "error": message, "exit_code": int(exc.exit_code), "kind": type(exc).__name__}
    finally:
        _cpu_backstop(None)
    return {"status": "ok", "version": version}


def _register(name: str | None, number: str | None) -> dict[str, Any] | None:
    from .. import register

    found = register.identify(name, number)
    if found is None:
        return None
    return {"number": found.number, "name": found.name, "county": found.county, "malform": found.malform}


def run_batch(job: BatchJob) -> dict[str, Any]:
    """In a worker: review every plan in ``folder`` one after the other (this worker is the batch's
    one job) and write the matrix; returns the rows (never raises for bad input)."""
    from dataclasses import asdict

    from .. import api
    from ..errors import PlanreviewError
    from ..messages import set_malform

    lang: Lang = "nb" if job.lang == "nb" else "nn"
    set_malform(lang)
    settings_file = None
    if any(job.settings.values()):
        settings_file = Path(job.out_dir) / "innstillingar.yaml"
        Path(job.out_dir).mkdir(parents=True, exist_ok=True)
        settings_file.write_text(
            "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in job.settings.items() if v),
            encoding="utf-8",
        )
    try:
        outcome = api.batch(
            [job.folder],
            job.out_dir,
            checklist=job.checklist,
            settings=settings_file,
            lang=lang,
            jobs=1,
            formats=("docx", "html", "json"),
            progress=lambda done, total, name: _tell(job.progress, f"{done}/{total}"),
        )
    except PlanreviewError as exc:
        return {"status": "error", "error": str(exc), "exit_code": int(exc.exit_code)}
    finally:
        with contextlib.suppress(OSError):
            os.unlink(job.progress)
    rows = []
    for r in outcome.rows:
        row = asdict(r)
        row["file"] = Path(r.file).name
        rows.append(row)
    return {"status": "ok", "rows": rows, "ok": outcome.summary["ok"], "failed": outcome.summary["failed"]}


_RUNS: dict[type, Callable[[Any], dict[str, Any]]] = {
    ReviewJob: run_review,
    VersionJob: run_version,
    BatchJob: run_batch,
}
"""What a worker runs for each kind of job."""


def _init_worker() -> None:
    """A worker: Ctrl-C is the server's to handle, it dies with the fork server (and so with the
    server), and the batch code's CPU backstop applies to its jobs."""
    from .. import batch

    batch._IN_POOL[0] = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    with contextlib.suppress(Exception):
        from ..checklist import load_checklist

        load_checklist(None)  # compiled once per worker, not once per plan


def warm_up() -> None:
    """Imported in the fork server: the pipeline's modules, so every worker starts with them."""
    from .. import api, read, render, score  # noqa: F401
    from ..read import pdf  # noqa: F401
    from ..render import letter  # noqa: F401


@dataclass(order=True)
class _Queued:
    priority: int
    order: int
    job: Any = field(compare=False)
    future: Future[dict[str, Any]] = field(compare=False)
    attempts: int = field(default=0, compare=False)
    on_start: Callable[[], None] | None = field(default=None, compare=False)


class JobRunner:
    """A pool of ``workers`` processes fed from a priority queue by one dispatcher thread."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._heap: list[_Queued] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._running: dict[Future[dict[str, Any]], _Queued] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        # Results are handed on in threads of their own: what the caller does with a result (store
        # it, queue the next job) never holds up the pool's own thread that collects the results.
        self._deliver = ThreadPoolExecutor(max_workers=2, thread_name_prefix="planreview-done")

    # --- the pool -----------------------------------------------------------------------------------

    def _new_pool(self) -> ProcessPoolExecutor:
        if sys.platform.startswith("linux"):
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["planreview.web.jobs"])
        else:  # pragma: no cover - planreview runs on Linux
            ctx = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init_worker)

    def start(self) -> None:
        self._pool = self._new_pool()
        self._thread = threading.Thread(target=self._dispatch, name="planreview-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop taking jobs and stop the workers (a job cut short stays queued in the database and
        runs again at the next start)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        pool = self._pool
        if pool is not None:
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                with contextlib.suppress(Exception):
                    p.terminate()
            for p in procs:
                with contextlib.suppress(Exception):
                    p.join(2)
        if self._thread is not None:
            self._thread.join(5)
        self._deliver.shutdown(wait=False, cancel_futures=True)

    # --- queueing -----------------------------------------------------------------------------------

    def submit(self, job: Any, priority: int, on_start: Callable[[], None] | None = None) -> Future[dict[str, Any]]:
        """Queue ``job`` (a ReviewJob, VersionJob or BatchJob); the future gets its record.
        ``on_start`` is called when a worker takes the job."""
        future: Future[dict[str, Any]] = Future()
        with self._cond:
            heapq.heappush(self._heap, _Queued(priority, next(self._order), job, future, on_start=on_start))
            self._cond.notify_all()
        return future

    def position(self, job_id: str) -> int | None:
        """How many jobs wait before this one (0: it is next), or None when it is not waiting."""
        with self._cond:
            ordered = sorted(self._heap)
            for i, q in enumerate(ordered):
                if q.job.job_id == job_id:
                    return i
        return None

    def busy(self) -> int:
        with self._cond:
            return len(self._running) + len(self._heap)

    def _dispatch(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (not self._heap or len(self._running) >= self.workers):
                    self._cond.wait()
                if self._stopping:
                    for q in self._heap:
                        q.future.cancel()
                    return
                queued = heapq.heappop(self._heap)
                pool = self._pool
                assert pool is not None
                fn = _RUNS[type(queued.job)]
                try:
                    fut = pool.submit(fn, queued.job)
                except (BrokenProcessPool, RuntimeError):
                    self._replace_pool()
                    heapq.heappush(self._heap, queued)
                    continue
                except Exception as exc:
                    log.exception("could not start job %s", getattr(queued.job, "job_id", "?"))
                    queued.future.set_result(
                        {"status": "error", "exit_code": 70, "kind": "InternalError", "error": type(exc).__name__}
                    )
                    continue
                self._running[fut] = queued
            if queued.on_start is not None:
                try:
                    queued.on_start()
                except Exception:
                    log.exception("on_start failed")
            fut.add_done_callback(self._done)

    def _replace_pool(self) -> None:
        old = self._pool
        self._pool = self._new_pool()
        if old is not None:
            with contextlib.suppress(Exception):
                old.shutdown(wait=False, cancel_futures=True)

    def _done(self, fut: Future[dict[str, Any]]) -> None:
        with self._cond:
            queued = self._running.pop(fut, None)
            self._cond.notify_all()
        if queued is None:
            return
        try:
            record = fut.result()
        except BrokenProcessPool:
            with self._cond:
                if self._stopping:
                    queued.future.cancel()
                    return
                if not isinstance(self._pool, ProcessPoolExecutor) or getattr(self._pool, "_broken", False):
                    self._replace_pool()
                if queued.attempts == 0:  # a neighbour may have broken the pool: once more
                    queued.attempts += 1
                    heapq.heappush(self._heap, queued)
                    self._cond.notify_all()
                    return
            record = _crash_record(queued.job)
        except Exception as exc:
            log.exception("job %s failed", getattr(queued.job, "job_id", "?"))
            record = {"status": "error", "exit_code": 70, "kind": "InternalError", "error": f"{type(exc).__name__}"}
        if not queued.future.cancelled():
            try:
                self._deliver.submit(_set_result, queued.future, record)
            except RuntimeError:  # stopping
                _set_result(queued.future, record)


def _set_result(future: Future[dict[str, Any]], record: dict[str, Any]) -> None:
    if not future.done():
        future.set_result(record)


def _crash_record(job: Any) -> dict[str, Any]:
    from ..messages import say

    name = getattr(job, "source", None) or getattr(job, "batch_id", "?")
    lang: Lang = "nb" if getattr(job, "lang", "nn") == "nb" else "nn"
    message = say("worker_crash", lang, path=name)
    return {"status": "error", "exit_code": 70, "kind": "WorkerCrash", "error": message}
