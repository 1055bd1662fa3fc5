"""What the web app does, apart from HTTP: queue reviews, re-render after corrections and for
downloads, link a plan's versions, run batches. The pages and the API are thin callers of
``WebService``; the work itself is ``planreview.api`` run in worker processes (``jobs``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
import shutil
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import api, limits, register
from ..errors import InputNotFound, LimitExceeded, OverridesError, PlanreviewError, UnsupportedFormat
from ..messages import Lang, say
from ..read import SUPPORTED
from .jobs import PRIORITY_BATCH, PRIORITY_RENDER, PRIORITY_REVIEW, BatchJob, JobRunner, ReviewJob, VersionJob
from .store import ReviewRow, Store, new_id

if TYPE_CHECKING:
    from ..compare import Comparison, Version

log = logging.getLogger("planreview.web")

SETTING_KEYS = ("county", "unit", "address", "our_ref", "your_ref", "date", "case_officer", "contact", "copy_to")
"""The letter settings a user keeps (LetterSettings fields)."""

VERSIONS_KEPT = 16
"""How many versions made for comparisons the server keeps in memory (each holds its plan's sentences)."""

_SAFE = re.compile(r"[^0-9A-Za-zÆØÅæøåÁáČčĐđŊŋŠšŦŧŽžÄäÖöÜüÉé._-]+")


def safe_stem(filename: str) -> str:
    """A file name's stem as a safe name for the files made from it (letters, digits, ., _, -)."""
    stem = Path(filename.replace("\\", "/")).stem
    return _SAFE.sub("-", stem).strip(".-")[:80] or "plan"


def output_name(stem: str, fmt: str, lang: str) -> str:
    """The file name ``render.write_outputs`` gives a format."""
    from ..render import output_names

    return output_names(stem, "nb" if lang == "nb" else "nn")[fmt]


class JobFailed(Exception):
    """A job ended with an error record (a PlanreviewError's code and message)."""

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__(record.get("error", ""))
        self.record = record


def error_of(record: dict[str, Any]) -> PlanreviewError:
    """The PlanreviewError an error record stands for (its exit code and message)."""
    from ..errors import ExitCode

    exc = PlanreviewError(str(record.get("error", "")))
    with contextlib.suppress(ValueError):
        exc.exit_code = ExitCode(int(record.get("exit_code", 70)))
    return exc


@dataclass(frozen=True)
class Rendered:
    """The outputs of one review for one set of corrections, målform and letter settings."""

    folder: Path
    record: dict[str, Any]


class WebService:
    def __init__(self, store: Store, workers: int, checklist: str | None = None) -> None:
        self.store = store
        self.checklist = checklist
        self.runner = JobRunner(workers)
        self._futures: dict[str, Future[dict[str, Any]]] = {}
        self._renders: dict[str, Future[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._review_locks: dict[str, asyncio.Lock] = {}
        self._versions: OrderedDict[str, Version] = OrderedDict()

    # --- life ---------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers and queue again what was queued or running when the server stopped."""
        self.runner.start()
        for row in self.store.pending_reviews():
            self.store.set_status(row.id, "queued")
            self._queue_review(row)
        for b in self.store.pending_batches():
            self.store.set_batch_status(b.id, "queued")
            self._queue_batch(b.id, b.lang, {})

    def stop(self) -> None:
        self.runner.stop()

    def review_lock(self, review_id: str) -> asyncio.Lock:
        """Corrections of one review are made one at a time (they run in the server's event loop)."""
        with self._lock:
            return self._review_locks.setdefault(review_id, asyncio.Lock())

    # --- uploads -------------------------------------------------------------------------------------

    def check_upload_name(self, filename: str) -> str:
        """The extension of an upload, refused (UnsupportedFormat, exit 4) when planreview cannot read it."""
        ext = Path(filename).suffix.lower()
        if ext not in SUPPORTED:
            raise UnsupportedFormat(say("unsupported", path=filename, ext=ext or "(ingen)"), path=filename)
        return ext

    def add_review(
        self, *, filename: str, stored: str, size: int, user: str, mode: str, lang: Lang, review_id: str
    ) -> ReviewRow:
        self.store.add_review(
            review_id=review_id,
            user=user,
            filename=filename,
            stored=stored,
            size=size,
            mode=mode,
            lang=lang,
            checklist=self.checklist,
        )
        row = self.store.review(review_id)
        assert row is not None
        self._queue_review(row)
        return row

    def _queue_review(self, row: ReviewRow) -> Future[dict[str, Any]]:
        settings = self.letter_settings(row.created_by)
        job = self._job(row, row.lang, settings, [], pages=True, job_id=row.id)
        fut = self.runner.submit(job, PRIORITY_REVIEW, on_start=lambda: self.store.set_status(row.id, "running"))
        with self._lock:
            self._futures[row.id] = fut
        fut.add_done_callback(lambda f: self._reviewed(row.id, job, f))
        return fut

    def _job(
        self,
        row: ReviewRow,
        lang: str,
        settings: dict[str, str | None],
        corrections: list[dict[str, Any]],
        *,
        pages: bool = False,
        job_id: str | None = None,
    ) -> ReviewJob:
        key = self.render_key(corrections, lang, settings)
        return ReviewJob(
            job_id=job_id or f"{row.id}-{key}",
            review_id=row.id,
            upload=str(self.store.upload_path(row.stored)),
            source=row.filename,
            stem=safe_stem(row.filename),
            out_dir=str(self.store.out_dir(row.id, key)),
            lang=lang,
            settings=settings,
            corrections=tuple(corrections),
            formats=api.FORMATS,
            progress=str(self.store.progress_path(job_id or f"{row.id}-{key}")),
            checklist=row.checklist,
            pages=str(self.store.out_dir(row.id, "pages.json")) if pages else None,
        )

    def _reviewed(self, review_id: str, job: ReviewJob, fut: Future[dict[str, Any]]) -> None:
        """A review job ended: store the result or the error; link the plan's earlier version;
        a self-assessment is made again in the municipality's own målform."""
        if fut.cancelled():
            return
        try:
            record = fut.result()
            self.store.finish_review(review_id, record, revision=0)
            row = self.store.review(review_id)
            if row is None or row.status != "done":
                return
            if row.previous_id is None and row.linked_by is None:
                previous = self.find_previous(row)
                if previous is not None:
                    self.store.link(review_id, previous.id, "auto")
            if row.mode == "self":
                target = self.self_malform(row)
                if target != row.lang:
                    # made again in the municipality's målform; «done» only when that is there
                    with self.store.transaction() as con:
                        con.execute("UPDATE reviews SET lang = ?, status = 'running' WHERE id = ?", (target, review_id))
                    row = self.store.review(review_id)
                    assert row is not None
                    settings = self.letter_settings(row.created_by)
                    folder, again = self._render_future(row, target, settings, [])
                    if again is None:
                        self._self_rendered(review_id, folder, target, None)
                    else:
                        again.add_done_callback(lambda f: self._self_rendered(review_id, folder, target, f))
        except Exception:
            log.exception("storing review %s failed", review_id)

    def _self_rendered(self, review_id: str, folder: Path, lang: str, fut: Future[dict[str, Any]] | None) -> None:
        """A self-assessment made again in the municipality's målform: its result, and «done»."""
        try:
            if fut is None:
                row = self.store.review(review_id)
                name = output_name(safe_stem(row.filename if row else "plan"), "json", lang)
                record = {"status": "ok", "json": json.loads((folder / name).read_text("utf-8"))}
            else:
                record = fut.result()
            if record.get("status") == "ok":
                self.store.set_result(review_id, record["json"], 0)
                self.store.set_status(review_id, "done")
            else:
                self.store.finish_review(review_id, record)
        except Exception:
            log.exception("storing the self-assessment %s failed", review_id)
            self.store.set_status(review_id, "done")

    def self_malform(self, row: ReviewRow) -> Lang:
        """The målform of a municipality's self-assessment: its official one (from the register),
        for a neutral or unknown municipality the plan's own, else nynorsk."""
        found = register.identify(row.municipality, row.municipality_number)
        if found is not None:
            return found.written_in(row.doc_malform)
        return "nb" if row.doc_malform == "nb" else "nn"

    def future(self, review_id: str) -> Future[dict[str, Any]] | None:
        with self._lock:
            return self._futures.get(review_id)

    async def wait(self, review_id: str, seconds: float) -> None:
        """Wait up to ``seconds`` for a queued or running review (returns early when done)."""
        fut = self.future(review_id)
        if fut is None or seconds <= 0:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)), timeout=seconds)
        # the result is stored by a callback a moment after (a self-assessment in another målform
        # is made again first)
        while loop.time() < deadline:
            row = self.store.review(review_id)
            if row is None or row.status in ("done", "error"):
                return
            await asyncio.sleep(0.05)

    def position(self, review_id: str) -> int | None:
        return self.runner.position(review_id)

    # --- settings -------------------------------------------------------------------------------------

    def letter_settings(self, user: str) -> dict[str, str | None]:
        data = self.store.settings(user)
        return {k: (data.get(k) or None) for k in SETTING_KEYS}

    # --- rendering -------------------------------------------------------------------------------------

    @staticmethod
    def render_key(corrections: list[dict[str, Any]], lang: str, settings: dict[str, str | None]) -> str:
        """Outputs are kept per set of corrections, målform and letter settings."""
        data = json.dumps({"c": corrections, "l": lang, "s": settings}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]

    def active_corrections(self, review_id: str) -> list[dict[str, Any]]:
        return [
            {
                k: v
                for k, v in {
                    "theme": c.theme,
                    "criterion": c.criterion,
                    "level": c.level,
                    "drop_evidence": c.drop_evidence,
                    "reason": c.reason,
                    "by": c.by_user,
                }.items()
                if v is not None
            }
            for c in self.store.corrections(review_id)
        ]

    def _render_future(
        self, row: ReviewRow, lang: str, settings: dict[str, str | None], corrections: list[dict[str, Any]]
    ) -> tuple[Path, Future[dict[str, Any]] | None]:
        """The folder of these outputs, and the job making them (None when they are there)."""
        key = self.render_key(corrections, lang, settings)
        folder = self.store.out_dir(row.id, key)
        done = folder / output_name(safe_stem(row.filename), "json", lang)
        if done.exists():
            return folder, None
        with self._lock:
            fut = self._renders.get(f"{row.id}-{key}")
            if fut is None or fut.done():
                job = self._job(row, lang, settings, corrections)
                fut = self.runner.submit(job, PRIORITY_RENDER)
                self._renders[f"{row.id}-{key}"] = fut
        return folder, fut

    async def render(
        self,
        row: ReviewRow,
        lang: str,
        settings: dict[str, str | None],
        corrections: list[dict[str, Any]] | None = None,
        *,
        timeout: float | None = None,
    ) -> Rendered:
        """The outputs for ``corrections`` (default: the active ones), made in a worker if they are not
        there yet. Raises JobFailed with the job's error record, or TimeoutError."""
        if corrections is None:
            corrections = self.active_corrections(row.id)
        folder, fut = self._render_future(row, lang, settings, corrections)
        if fut is None:
            data = json.loads((folder / output_name(safe_stem(row.filename), "json", lang)).read_text("utf-8"))
            return Rendered(folder, {"status": "ok", "json": data})
        wait = timeout if timeout is not None else limits.plan_seconds(row.pages or 100) + 30
        record = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)), timeout=wait)
        if record.get("status") != "ok":
            raise JobFailed(record)
        return Rendered(folder, record)

    async def correct(
        self,
        row: ReviewRow,
        items: list[dict[str, Any]],
        user: str,
        settings: dict[str, str | None],
        *,
        replace: bool = False,
    ) -> dict[str, Any]:
        """Add corrections (or replace them all): checked against the checklist, then tried in a worker
        (a quote that matches nothing is refused, exit 12) and only then stored, with who and when.
        Returns the corrected review JSON."""
        checklist = api.load_checklist(row.checklist)
        candidates = items if replace else [*self.active_corrections(row.id), *items]
        api.validate_corrections([api.Correction(**c) for c in candidates], checklist)
        async with self.review_lock(row.id):
            if not replace:  # another correction may have been stored while this one waited
                candidates = [*self.active_corrections(row.id), *items]
            try:
                rendered = await self.render(row, row.lang, settings, candidates)
            except JobFailed as failed:
                raise error_of(failed.record) from None
            revision = self.store.add_corrections(row.id, items, user, replace=replace)
            self.store.set_result(row.id, rendered.record["json"], revision)
            result: dict[str, Any] = rendered.record["json"]
            return result

    async def withdraw(self, row: ReviewRow, correction_id: int, user: str, settings: dict[str, str | None]) -> None:
        async with self.review_lock(row.id):
            revision = self.store.withdraw_correction(row.id, correction_id, user)
            if revision is None:
                raise InputNotFound(say("not_found", path=f"retting {correction_id}"))
            rendered = await self.render(row, row.lang, settings)
            self.store.set_result(row.id, rendered.record["json"], revision)

    # --- versions ------------------------------------------------------------------------------------

    async def review_json(self, row: ReviewRow, lang: str, settings: dict[str, str | None]) -> dict[str, Any]:
        """A finished review's JSON with its corrections in ``lang``: the stored one in the review's
        own målform, else made again in a worker with the user's letter ``settings`` (as a download
        in the other målform is). Raises JobFailed or TimeoutError."""
        stored = row.result() if row.lang == lang else None
        if stored is not None:
            return stored
        rendered = await self.render(row, lang, settings)
        result: dict[str, Any] = rendered.record["json"]
        return result

    async def version(
        self, row: ReviewRow, lang: str, settings: dict[str, str | None], *, timeout: float | None = None
    ) -> Version:
        """One finished review as a version of its plan for a comparison: its review JSON
        (``review_json``) and every sentence of the plan, read from the stored upload in a worker
        (``planreview.api.version_from_json``). The last ``VERSIONS_KEPT`` are kept in memory.
        Raises JobFailed with the job's error record, or TimeoutError."""
        review = await self.review_json(row, lang, settings)
        data = json.dumps([row.id, row.stored, row.filename, review], sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(data.encode("utf-8")).hexdigest()
        with self._lock:
            kept = self._versions.get(key)
            if kept is not None:
                self._versions.move_to_end(key)
                return kept
        job = VersionJob(
            job_id=f"{row.id}-version-{key[:16]}",
            review=review,
            source=row.filename,
            upload=str(self.store.upload_path(row.stored)),
            lang=lang,
        )
        fut = self.runner.submit(job, PRIORITY_RENDER)
        wait = timeout if timeout is not None else limits.plan_seconds(row.pages or 100) + 30
        record = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)), timeout=wait)
        if record.get("status") != "ok":
            raise JobFailed(record)
        version: Version = record["version"]
        with self._lock:
            self._versions[key] = version
            while len(self._versions) > VERSIONS_KEPT:
                self._versions.popitem(last=False)
        return version

    async def compare(self, old: ReviewRow, new: ReviewRow, lang: Lang, settings: dict[str, str | None]) -> Comparison:
        """Two finished reviews compared as versions of one plan (``planreview.api.compare``, as
        ``planreview compare OLD NEW``), against the newer one's checklist, in ``lang``. Raises
        ChecklistError (exit 9) when they were scored against different checklists, JobFailed or
        TimeoutError. The plans are read in workers; the comparison itself (pure) in a thread."""
        before, after = await asyncio.gather(self.version(old, lang, settings), self.version(new, lang, settings))
        return await asyncio.to_thread(api.compare, before, after, new.checklist, lang=lang)

    def find_previous(self, row: ReviewRow) -> ReviewRow | None:
        """The earlier version of this plan: the newest earlier review of the same municipality
        (by number, else by name) and plan type whose title is similar (rapidfuzz ≥ 70, years and
        numbers left out)."""
        from rapidfuzz import fuzz

        if not (row.municipality_number or row.municipality):
            return None

        def norm(title: str | None) -> str:
            return " ".join(re.sub(r"[\d–\-/.:]+", " ", (title or "").casefold()).split())

        best: ReviewRow | None = None
        for other in self.store.reviews(limit=5000, status="done"):
            if other.id == row.id or other.created >= row.created:  # only an earlier upload
                continue
            same_place = (
                row.municipality_number == other.municipality_number
                if row.municipality_number
                else (row.municipality or "").casefold() == (other.municipality or "").casefold()
            )
            if not same_place or other.plan_type != row.plan_type:
                continue
            if fuzz.token_set_ratio(norm(row.title), norm(other.title)) < 70:
                continue
            if best is None or other.created > best.created:
                best = other
        return best

    def candidates(self, row: ReviewRow) -> list[ReviewRow]:
        """Reviews a planner may link this one to: the same municipality's other finished reviews."""
        out = []
        for other in self.store.reviews(limit=5000, status="done"):
            if other.id == row.id:
                continue
            if (row.municipality_number and other.municipality_number == row.municipality_number) or (
                not row.municipality_number and row.municipality and other.municipality == row.municipality
            ):
                out.append(other)
        return out

    # --- batches -------------------------------------------------------------------------------------

    def batch_inputs(self, batch_id: str) -> Path:
        folder = self.store.batch_dir(batch_id) / "in"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def unpack_zip(self, zip_path: Path, folder: Path, start: int, name: str) -> int:
        """The plans in a ZIP file, into ``folder`` under safe names; returns how many. Entries that are
        not plans are left out; paths inside the ZIP are never used as paths. Bounded: files per batch
        (``PLANREVIEW_MAX_BATCH_FILES``), each file's size, the batch's unpacked size."""
        max_files = limits.BATCH_FILES.count()
        max_total = limits.BATCH_UPLOAD.nbytes()
        max_file = limits.FILE_SIZE.nbytes()
        count = 0
        total = sum(p.stat().st_size for p in folder.iterdir())
        try:
            with zipfile.ZipFile(zip_path) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                    if base.startswith(".") or Path(base).suffix.lower() not in SUPPORTED:
                        continue
                    if start + count >= max_files:
                        raise limits.exceeded(limits.BATCH_FILES, name, f"> {max_files}")
                    target = folder / f"{start + count + 1:04d}-{safe_stem(base)}{Path(base).suffix.lower()}"
                    written = 0
                    with zf.open(info) as src, target.open("wb") as dst:
                        while chunk := src.read(1 << 20):
                            written += len(chunk)
                            total += len(chunk)
                            if written > max_file:
                                raise limits.exceeded(limits.FILE_SIZE, f"{name}: {base}", limits.mib(written))
                            if total > max_total:
                                raise limits.exceeded(limits.BATCH_UPLOAD, name, limits.mib(total))
                            dst.write(chunk)
                    count += 1
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            from ..errors import CorruptDocument

            raise CorruptDocument(say("zip_bad", path=name, detail=str(exc)[:120]), path=name) from None
        return count

    def add_batch(self, batch_id: str, user: str, lang: Lang, files: int) -> None:
        self.store.add_batch(batch_id, user, lang, files)
        self._queue_batch(batch_id, lang, self.letter_settings(user))

    def _queue_batch(self, batch_id: str, lang: str, settings: dict[str, str | None]) -> None:
        folder = self.store.batch_dir(batch_id)
        job = BatchJob(
            job_id=batch_id,
            batch_id=batch_id,
            folder=str(folder / "in"),
            out_dir=str(folder / "out"),
            lang=lang,
            settings=settings,
            progress=str(self.store.progress_path(batch_id)),
            checklist=self.checklist,
        )
        fut = self.runner.submit(job, PRIORITY_BATCH, on_start=lambda: self.store.set_batch_status(batch_id, "running"))
        with self._lock:
            self._futures[batch_id] = fut

        def done(f: Future[dict[str, Any]]) -> None:
            if f.cancelled():
                return
            try:
                self.store.finish_batch(batch_id, f.result())
            except Exception:
                log.exception("storing batch %s failed", batch_id)

        fut.add_done_callback(done)

    def discard_batch(self, batch_id: str) -> None:
        shutil.rmtree(self.store.batch_dir(batch_id), ignore_errors=True)


def new_upload_name(ext: str) -> tuple[str, str]:
    """A new review's id and the generated name its upload is stored under."""
    review_id = new_id()
    return review_id, f"{review_id}{ext}"


def too_big(name: str, size: int, limit: limits.Limit = limits.FILE_SIZE) -> LimitExceeded:
    return limits.exceeded(limit, name, limits.mib(size))  # type: ignore[return-value]


def correction_items(raw: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Corrections from a request, with only the overrides file's keys."""
    keys = ("theme", "criterion", "level", "drop_evidence", "reason", "by")
    return [{k: v for k, v in item.items() if k in keys and v not in (None, "")} for item in raw]


__all__ = [
    "JobFailed",
    "OverridesError",
    "Rendered",
    "WebService",
    "correction_items",
    "error_of",
    "new_upload_name",
    "output_name",
    "safe_stem",
    "too_big",
]
