"""Review every plan under some folders in parallel worker processes, resumably.

Each finished plan is appended to ``results.jsonl`` at once (one write per line; a line cut
short by a crash is repaired on the next run), keyed by the file's path and content and by
everything that changes its outputs (checklist file, settings, templates, målform, formats,
planreview's version); a rerun skips what is already there. Ctrl-C stops the workers taking
new plans, lets the running ones finish (a few seconds at most), records every plan whose
outputs were written and exits 130; the workers die with the parent, however it dies. A bad
file never stops the batch: it becomes an error row. PDFium is not thread-safe, so the
workers are processes; each plan has a time limit scaled by its pages (``planreview.limits``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__, limits
from ..checklist import Checklist, load_checklist
from ..errors import OutputError, PlanreviewError
from ..messages import Lang, current_malform, set_malform, shown
from ..read import SUPPORTED, check_input, sha256_of
from ..register import COUNTY_PREFIXES as _COUNTY_PREFIXES
from ..register import number_in_document as number_in_document

RESULTS = "results.jsonl"
SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules"}
_NUMBER = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def discover(paths: list[Path]) -> list[Path]:
    """Every PDF, DOCX, TXT and MD entry under the paths (recursively, links to folders not
    followed), sorted. Entries that are not regular files (FIFOs, devices, broken links) are
    listed too: the batch gives each an error row with the reason instead of opening it."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and not d.endswith("-planreview")
            )
            for name in sorted(files):
                p = Path(root) / name
                if p.suffix.lower() in SUPPORTED and not name.startswith("."):
                    found.append(p)
    return sorted(dict.fromkeys(found))


def municipality_number(text: str) -> str | None:
    """A four-digit municipality number in a file name ("3318_krodsherad.pdf"), not a year."""
    for m in _NUMBER.finditer(text):
        number = m.group(1)
        if number[:2] in _COUNTY_PREFIXES:
            return number
    return None


def name_from_filename(path: Path) -> str | None:
    stem = re.sub(r"(?<!\d)\d{4}(?!\d)", " ", path.stem)
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w and w.isalpha()]
    generic = {
        "kommuneplan",
        "kommuneplanens",
        "samfunnsdel",
        "samfunnsdelen",
        "planstrategi",
        "planprogram",
        "plan",
        "kommune",
        "horingsutkast",
        "hoyringsutkast",
        "utkast",
        "vedtatt",
        "vedteken",
        "for",
        "og",
        "med",
        "av",
    }
    for w in words:
        if w.lower() not in generic and len(w) > 1:
            return w.capitalize()
    return None


def load_mapping(path: Path) -> dict[str, tuple[str, str]]:
    """A CSV with columns file (name, stem or path), kommune and kommunenummer (comma, semicolon
    or tab). A blank kommune or kommunenummer means "not given" (the plan's own is used); a
    number has three or four digits (a lost leading zero is put back).

    Returns {file: (kommune, kommunenummer)}; raises SettingsError (exit 11) naming file:line.
    """
    import csv
    import io

    from ..errors import SettingsError
    from ..messages import current_malform, shown
    from ..yamlio import read_config

    def t(nn: str, nb: str) -> str:
        return nn if current_malform() == "nn" else nb

    raw = read_config(path, SettingsError, ("fila", "filen"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError(
            t(
                f"{path}: er ikkje UTF-8. Lagra fila som CSV i UTF-8.",
                f"{path}: er ikke UTF-8. Lagre filen som CSV i UTF-8.",
            ),
            path=str(path),
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SettingsError(
            t(
                f"{path}: kan ikkje lesast som CSV ({exc}). Lagra fila som CSV i UTF-8.",
                f"{path}: kan ikke leses som CSV ({exc}). Lagre filen som CSV i UTF-8.",
            ),
            path=str(path),
        ) from None
    head = [h.strip().lower() for h in rows[0]] if rows else []
    need = ["file", "kommune", "kommunenummer"]
    if not set(need) <= set(head):
        found = ", ".join(shown(h) for h in head) or t("ingen", "ingen")
        raise SettingsError(
            t(
                f"{path}:1: kolonnane må heite file, kommune og kommunenummer (fann: {found}).",
                f"{path}:1: kolonnene må hete file, kommune og kommunenummer (fant: {found}).",
            ),
            path=str(path),
        )
    col = {name: head.index(name) for name in need}
    out: dict[str, tuple[str, str]] = {}
    for line_no, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(head):
            raise SettingsError(
                t(
                    f"{path}:{line_no}: rada har {len(row)} felt, men overskrifta har {len(head)}. "
                    "Fyll inn dei som manglar (tomme felt er lov).",
                    f"{path}:{line_no}: raden har {len(row)} felt, men overskriften har {len(head)}. "
                    "Fyll inn de som mangler (tomme felt er lov).",
                ),
                path=str(path),
            )
        name = row[col["file"]].strip()
        kommune = " ".join(row[col["kommune"]].split())
        number = row[col["kommunenummer"]].strip()
        if not name:
            raise SettingsError(
                t(f"{path}:{line_no}: «file» er tom.", f"{path}:{line_no}: «file» er tom."), path=str(path)
            )
        if number and not re.fullmatch(r"\d{3,4}", number):
            raise SettingsError(
                t(
                    f"{path}:{line_no}: kommunenummer «{shown(number[:20])}» skal vere fire siffer "
                    "(t.d. 1515) eller tomt.",
                    f"{path}:{line_no}: kommunenummer «{shown(number[:20])}» skal være fire sifre "
                    "(f.eks. 1515) eller tomt.",
                ),
                path=str(path),
            )
        if name in out:
            raise SettingsError(
                t(
                    f"{path}:{line_no}: «{shown(name)}» står to gonger. Ta bort den eine rada.",
                    f"{path}:{line_no}: «{shown(name)}» står to ganger. Fjern den ene raden.",
                ),
                path=str(path),
            )
        out[name] = (kommune[:200], number.zfill(4) if number else "")
    return out


@dataclass(frozen=True)
class Job:
    """One plan for a worker: where it is, where its outputs go and how to review it."""

    path: str
    out_dir: str
    formats: tuple[str, ...]
    lang: Lang
    checklist: str | None
    settings: dict[str, str | None]
    key: str
    sha256: str
    stem: str


_WORKER_CHECKLIST: dict[str | None, Checklist] = {}
_IN_POOL: list[bool] = [False]


class _Stopped(BaseException):
    """Raised in a worker by SIGTERM (the batch stopping it), so that a plan being written
    removes its temporary folder on the way out."""


_IN_JOB: list[bool] = [False]


def _on_term(signum: int, frame: object) -> None:
    if _IN_JOB[0]:
        raise _Stopped()  # review_job cleans up and ends the process quietly
    os._exit(0)


def _init_worker(lang: Lang, parent: int) -> None:
    """A pool worker: messages in the batch's målform; Ctrl-C is the parent's to handle (it stops
    the batch in order); and the worker dies with its parent (Linux: PR_SET_PDEATHSIG)."""
    set_malform(lang)
    _IN_POOL[0] = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _cpu_backstop(seconds: float | None) -> None:
    """In a pool worker: the kernel ends the worker (SIGXCPU) if this plan spends ``seconds``
    more CPU, for a reader stuck inside C code where the alarm cannot reach it. The parent then
    reruns the other plans and records this one as failed. ``None`` lifts it again."""
    if not _IN_POOL[0]:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    now = used.ru_utime + used.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = hard if seconds is None else int(now + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (want, hard))


def review_job(job: Job) -> dict[str, Any]:
    """Review one plan in a worker process and return its result record (never raises).

    Reading, scoring and writing run under the plan's time and memory limits
    (``api.review_to_folder``); a plan over a limit becomes an error record with exit code 16.
    """
    from ..api import review_to_folder
    from ..render.settings import LetterSettings

    started = time.perf_counter()
    record: dict[str, Any] = {"key": job.key, "file": job.path, "sha256": job.sha256, "stem": job.stem}
    crash = os.environ.get("PLANREVIEW_FAULT_CRASH_ON")
    if crash and job.path.endswith(crash):  # fault injection for the tests: a reader that kills its process
        os._exit(3)
    hang = os.environ.get("PLANREVIEW_FAULT_SLEEP_ON")

    def stage(name: str) -> None:
        if hang and name == "reading" and job.path.endswith(hang):  # fault injection: a plan that takes long
            time.sleep(float(os.environ.get("PLANREVIEW_FAULT_SLEEP_S", "30")))

    _IN_JOB[0] = True
    try:
        _cpu_backstop(2 * limits.plan_seconds(limits.PAGES.count()))
        cl = _WORKER_CHECKLIST.get(job.checklist) or load_checklist(job.checklist)
        _WORKER_CHECKLIST[job.checklist] = cl
        outcome = review_to_folder(
            job.path,
            Path(job.out_dir),
            checklist=cl,
            lang=job.lang,
            settings=LetterSettings(**job.settings),
            formats=job.formats,
            stem=job.stem,
            sha256=job.sha256 or None,
            progress=stage,
        )
        done = {k: v for k, v in outcome.record.items() if k not in ("file", "seconds")}
        record.update(done)
    except PlanreviewError as exc:  # the checklist
        record.update(status="error", error=str(exc), exit_code=int(exc.exit_code), kind=type(exc).__name__)
    except MemoryError:
        exc2 = limits.memory_error(job.path)
        record.update(status="error", error=str(exc2), exit_code=int(exc2.exit_code), kind="LimitExceeded")
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        record.update(status="error", error=shown(f"{type(exc).__name__}: {exc}"), exit_code=70, kind="InternalError")
    except _Stopped:
        os._exit(0)  # stopped by the batch; the plan's temporary folder is already gone
    finally:
        _IN_JOB[0] = False
        _cpu_backstop(None)
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


def _valid_record(rec: Any) -> bool:
    """Whether a line of results.jsonl is a record this version can use (else the plan is redone)."""
    if not isinstance(rec, dict) or not isinstance(rec.get("key"), str) or not isinstance(rec.get("file"), str):
        return False
    if rec.get("status") == "error":
        return isinstance(rec.get("error", ""), str)
    if rec.get("status") != "ok":
        return False
    a = rec.get("assessment")
    if not isinstance(a, dict) or not isinstance(a.get("themes"), list) or not isinstance(a.get("flags", []), list):
        return False
    for t in a["themes"]:
        if not (
            isinstance(t, dict)
            and isinstance(t.get("id"), str)
            and type(t.get("level")) is int
            and type(t.get("score")) is int
            and isinstance(t.get("evidence"), list)
            and all(isinstance(e, dict) for e in t["evidence"])
        ):
            return False
    if not all(isinstance(f, dict) and isinstance(f.get("id"), str) for f in a.get("flags", [])):
        return False
    outputs = rec.get("outputs", [])
    return isinstance(outputs, list) and all(isinstance(o, str) for o in outputs)


def read_results(path: Path) -> dict[str, dict[str, Any]]:
    """Finished records by key. A line that is not a whole, valid record (cut short by a crash,
    not UTF-8, junk) is skipped, and its plan is done again."""
    out: dict[str, dict[str, Any]] = {}
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}.", path=str(path)) from None
    with fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                continue  # the last line, cut short
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                continue
            if _valid_record(rec):
                out[rec["key"]] = rec
    return out


class ResultsLog:
    """results.jsonl opened for appending: a line cut short by a crash is cut off first, and each
    record is one ``write`` of a whole line, so a crash can at worst lose the line being written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            size = os.fstat(self.fd).st_size
            if size:
                with path.open("rb") as fh:
                    fh.seek(max(0, size - (1 << 20)))
                    tail = fh.read()
                if not tail.endswith(b"\n"):
                    cut = tail.rfind(b"\n")
                    os.truncate(path, size - len(tail) + cut + 1 if cut >= 0 else max(0, size - len(tail)))
        except OSError as exc:
            raise OutputError(f"{path}: {exc.strerror or exc}.", path=str(path)) from None

    def append(self, record: dict[str, Any]) -> None:
        """Write one record as one line (JSON; file names that are not UTF-8 are escaped)."""
        line = json.dumps(record, ensure_ascii=False)
        try:
            data = (line + "\n").encode("utf-8")
        except UnicodeEncodeError:
            data = (json.dumps(record) + "\n").encode("ascii")
        try:
            os.write(self.fd, data)
        except OSError as exc:
            raise OutputError(f"{self.path}: {exc.strerror or exc}.", path=str(self.path)) from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _file_hash(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def config_fingerprint(
    checklist: Checklist,
    checklist_path: Path | None,
    formats: tuple[str, ...],
    lang: str,
    settings: dict[str, str | None] | None,
) -> str:
    """A checksum of everything besides the plan that changes its outputs: the checklist (its
    file's bytes, id and version), the settings, the letter and report templates, the målform,
    the formats and planreview's version."""
    from ..checklist import default_checklist_path, package_dir

    templates = package_dir("templates")
    parts = {
        "version": __version__,
        "checklist": [checklist.id, checklist.version, _file_hash(checklist_path or default_checklist_path())],
        "settings": sorted((settings or {}).items()),
        "templates": [_file_hash(p) for p in sorted(templates.glob("*")) if p.suffix in (".docx", ".j2")],
        "lang": lang,
        "formats": list(formats),
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode()).hexdigest()[:16]


def job_key(sha: str, path: Path | str, fingerprint: str) -> str:
    """The key of one plan's record: its content, its path, and the configuration fingerprint."""
    return f"{sha}:{shown(os.path.abspath(path))}:{fingerprint}"


_UNSAFE_NAME = re.compile(r"[\x00-\x1f/\\]")


def _unique_stems(files: list[Path]) -> dict[Path, str]:
    """A distinct output folder name per file: its stem; where stems clash, the parent folder's
    name is put before it, then the extension after it, then a short checksum of the path.
    Names are printable (bytes that are not UTF-8 become U+FFFD) and never hidden."""

    def clean(name: str) -> str:
        return _UNSAFE_NAME.sub("_", shown(name)).lstrip(".")[:120] or "plan"

    names = {f: clean(f.stem) for f in files}
    widen: list[Callable[[Path, str], str]] = [
        lambda f, n: f"{clean(f.parent.name)}-{n}",
        lambda f, n: f"{n}-{clean(f.suffix.lstrip('.').lower())}",
        lambda f, n: f"{n}-{hashlib.sha256(os.fsencode(f)).hexdigest()[:8]}",
    ]
    for step in widen:
        counts: dict[str, int] = {}
        for name in names.values():
            key = name.casefold()
            counts[key] = counts.get(key, 0) + 1
        clashing = [f for f in files if counts[names[f].casefold()] > 1]
        if not clashing:
            break
        for f in clashing:
            names[f] = step(f, names[f])
    return names


@dataclass
class BatchResult:
    records: list[dict[str, Any]]
    """One record per file, in file order."""
    done: int
    skipped: int
    failed: int
    interrupted: bool
    seconds: float


def _error_record(key: str, path: Path, exc: PlanreviewError) -> dict[str, Any]:
    return {
        "key": key,
        "file": str(path),
        "sha256": "",
        "stem": path.stem,
        "status": "error",
        "error": str(exc),
        "exit_code": int(exc.exit_code),
        "kind": type(exc).__name__,
    }


def run_batch(
    files: list[Path],
    out_dir: Path,
    *,
    checklist_path: Path | None = None,
    formats: tuple[str, ...] = ("docx", "html", "md", "json"),
    lang: Lang = "nn",
    settings: dict[str, str | None] | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    results_name: str = RESULTS,
) -> BatchResult:
    """Review ``files`` (skipping those already in ``results.jsonl``) and return every record.

    Files that are not regular, cannot be read or exceed the file size limit become error
    records without a worker. Ctrl-C ends the run in order (``interrupted`` is then True):
    every plan whose outputs were written is in ``results.jsonl``. Raises OutputError when
    ``out_dir`` or the log cannot be written.
    """
    started = time.perf_counter()
    checklist = load_checklist(checklist_path)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: {exc.strerror or exc}.", path=str(out_dir)) from None
    results_path = out_dir / results_name
    previous = read_results(results_path)
    fingerprint = config_fingerprint(checklist, checklist_path, formats, lang, settings)
    stems = _unique_stems(files)
    plan_dir = out_dir / "plans"
    _sweep_stale(plan_dir)
    todo: list[Job] = []
    keys: dict[Path, str] = {}
    fresh: dict[str, dict[str, Any]] = {}
    for f in files:
        try:
            check_input(f)  # regular, supported, within the size limit: before hashing it
            sha = sha256_of(f)
        except PlanreviewError as exc:
            keys[f] = job_key("", f, fingerprint)
            fresh[keys[f]] = _error_record(keys[f], f, exc)
            continue
        except OSError as exc:
            from ..errors import InputNotFound
            from ..messages import say

            err = InputNotFound(say("unreadable", path=f, detail=exc.strerror or exc), path=str(f))
            keys[f] = job_key("", f, fingerprint)
            fresh[keys[f]] = _error_record(keys[f], f, err)
            continue
        key = job_key(sha, f, fingerprint)
        keys[f] = key
        if key in previous:
            continue
        todo.append(
            Job(
                str(f),
                str(plan_dir / stems[f]),
                formats,
                lang,
                str(checklist_path) if checklist_path else None,
                settings or {},
                key,
                sha,
                stems[f],
            )
        )
    skipped = sum(1 for f in files if keys[f] in previous)
    total = len(todo)
    done = [0]
    log = ResultsLog(results_path)

    def emit(record: dict[str, Any]) -> None:
        log.append(record)
        fresh[record["key"]] = record
        done[0] += 1
        if progress:
            progress(done[0], total, shown(Path(record["file"]).name))

    if progress:
        progress(0, total, "")
    try:
        interrupted = _execute(todo, jobs or os.cpu_count() or 1, lang, emit)
    finally:
        log.close()
    merged = {**previous, **fresh}
    records = [merged[keys[f]] for f in files if keys[f] in merged]
    failed = sum(1 for r in records if r.get("status") != "ok")
    return BatchResult(records, done[0], skipped, failed, interrupted, time.perf_counter() - started)


def _sweep_stale(plan_dir: Path) -> None:
    """Remove output folders that a killed run left half-written (see ``render.clean_stale``)."""
    from ..render import clean_stale

    if not plan_dir.is_dir():
        return
    with contextlib.suppress(OSError):
        for sub in plan_dir.iterdir():
            if sub.is_dir() and not sub.is_symlink():
                clean_stale(sub)


def _pool(jobs: int, lang: Lang) -> ProcessPoolExecutor:
    """Worker processes. On Linux they fork from a warmed-up parent (imports and checklist done);
    elsewhere they start fresh and recycle every 40 plans to keep memory flat."""
    args = (lang, os.getpid())
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=args)
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=args, max_tasks_per_child=40)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _warm_up(job: Job) -> None:
    """Import the pipeline and compile the checklist before the workers fork, so they inherit both."""
    from .. import read, render, score  # noqa: F401
    from ..render import letter  # noqa: F401

    _WORKER_CHECKLIST[job.checklist] = load_checklist(job.checklist)
    import docxtpl  # noqa: F401
    import pypdfium2  # noqa: F401

    if job.formats:
        render.template("report.html.j2")
        render.template("report.md.j2")


def _crash_record(job: Job) -> dict[str, Any]:
    nn = current_malform() == "nn"
    return {
        "key": job.key,
        "file": job.path,
        "sha256": job.sha256,
        "stem": job.stem,
        "status": "error",
        "exit_code": 70,
        "kind": "WorkerCrash",
        "error": shown(job.path)
        + (
            ": lesaren stoppa brått (krasj eller tidsgrense). Prøv fila åleine med --debug og meld feilen."
            if nn
            else ": leseren stoppet brått (krasj eller tidsgrense). Prøv filen alene med --debug og meld feilen."
        ),
    }


GRACE_SECONDS = 5.0
"""After Ctrl-C: how long the plans already running may take to finish before their workers are stopped."""


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's worker processes now (their unfinished plans are not recorded; the
    temporary folders they leave are removed on the next run)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        with contextlib.suppress(OSError, AttributeError):
            p.terminate()
    for p in procs:
        with contextlib.suppress(OSError, AttributeError, AssertionError):
            p.join(2)
            if p.is_alive():
                p.kill()


def _execute(todo: list[Job], jobs: int, lang: Lang, emit: Callable[[dict[str, Any]], None]) -> bool:
    """Run jobs, handing each record to ``emit`` as it arrives; returns True when stopped by Ctrl-C.

    Only ``jobs`` plans are handed to the pool at a time, so Ctrl-C leaves nothing queued:
    the workers stop taking plans, the running ones get ``GRACE_SECONDS`` to finish (and are
    recorded), then the workers are stopped. A worker that dies takes only its own plan with it.
    """
    if not todo:
        return False
    if jobs <= 1:
        set_malform(lang)
        try:
            for job in todo:
                emit(review_job(job))
        except KeyboardInterrupt:
            return True
        return False
    _warm_up(todo[0])
    # Largest files first, so the workers finish together.
    pending = deque(sorted(todo, key=lambda j: -_size(j.path)))
    running: dict[Future[dict[str, Any]], Job] = {}
    unfinished: list[Job] = []
    pool = _pool(jobs, lang)
    interrupted = False
    try:
        while pending or running:
            while pending and len(running) < jobs:  # nothing queued: Ctrl-C leaves no plan waiting
                job = pending.popleft()
                running[pool.submit(review_job, job)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                job = running.pop(fut)
                try:
                    emit(fut.result())
                except BrokenProcessPool:
                    unfinished.append(job)
            if unfinished:
                unfinished += list(running.values()) + list(pending)
                running.clear()
                pending.clear()
    except KeyboardInterrupt:
        interrupted = True
        _finish_running(pool, running, emit)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if interrupted:
        return True
    # A worker died: run what was left one plan per process, so only the culprit fails.
    try:
        for job in unfinished:
            with _pool(1, lang) as single:
                try:
                    emit(single.submit(review_job, job).result())
                except BrokenProcessPool:
                    emit(_crash_record(job))
    except KeyboardInterrupt:
        return True
    return False


def _finish_running(
    pool: ProcessPoolExecutor, running: dict[Future[dict[str, Any]], Job], emit: Callable[[dict[str, Any]], None]
) -> None:
    """After Ctrl-C: cancel what has not started, record what finishes within the grace time,
    then stop the workers. A second Ctrl-C stops them at once."""
    for fut in running:
        fut.cancel()
    deadline = time.monotonic() + GRACE_SECONDS
    try:
        while running and time.monotonic() < deadline:
            done, _ = wait(running, timeout=max(0.0, deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            for fut in done:
                running.pop(fut)
                with contextlib.suppress(BrokenProcessPool, CancelledError):
                    emit(fut.result())
    except KeyboardInterrupt:
        pass
    _stop_workers(pool)


def review_files(
    files: list[Path], *, checklist_path: Path | None = None, lang: Lang = "nn", jobs: int | None = None
) -> Iterator[dict[str, Any]]:
    """Score files in worker processes without writing anything; returns the records (in the
    order they finished). Ctrl-C raises KeyboardInterrupt after the workers are stopped."""
    checklist = load_checklist(checklist_path)
    fingerprint = config_fingerprint(checklist, checklist_path, (), lang, None)
    todo = [
        Job(
            str(f),
            "",
            (),
            lang,
            str(checklist_path) if checklist_path else None,
            {},
            job_key("", f, fingerprint),
            "",
            f.stem,
        )
        for f in files
    ]
    out: list[dict[str, Any]] = []
    if _execute(todo, jobs or os.cpu_count() or 1, lang, out.append):
        raise KeyboardInterrupt
    return iter(out)
