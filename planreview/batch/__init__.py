"""Review every plan under some folders in parallel worker processes, resumably.

Each finished plan is appended to ``results.jsonl`` at once, keyed by the file's content
hash, the checklist id and version, and planreview's version; a rerun skips what is already
there, and Ctrl-C or a crash loses nothing that finished. A bad file never stops the batch:
it becomes an error row. PDFium is not thread-safe, so the workers are processes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..checklist import Checklist, load_checklist
from ..errors import PlanreviewError
from ..messages import Lang, set_malform
from ..read import SUPPORTED, sha256_of

RESULTS = "results.jsonl"
SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules"}
# Current county prefixes of Norwegian municipality numbers (2024).
_COUNTY_PREFIXES = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}
_NUMBER = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def discover(paths: list[Path]) -> list[Path]:
    """Every PDF, DOCX, TXT and MD file under the paths (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
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


_DOC_NUMBER = re.compile(r"(?:kommune\s*\(|kommunenr\.?\s*|kommunenummer\s*)(\d{4})", re.I)


def _number_in_document(doc: Any) -> str | None:
    """A municipality number printed in the first pages ("Gol kommune (3324)", "kommunenummer 1515")."""
    for page in doc.pages[:3]:
        for block in page.blocks:
            m = _DOC_NUMBER.search(block.text)
            if m and m.group(1)[:2] in _COUNTY_PREFIXES:
                return m.group(1)
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


def _init_worker(lang: Lang) -> None:
    set_malform(lang)


def review_job(job: Job) -> dict[str, Any]:
    """Review one plan in a worker process and return its result record (never raises)."""
    from ..read import read_document
    from ..render import write_outputs
    from ..render.context import municipality_of
    from ..render.settings import LetterSettings
    from ..score import assess

    started = time.perf_counter()
    record: dict[str, Any] = {"key": job.key, "file": job.path, "sha256": job.sha256, "stem": job.stem}
    crash = os.environ.get("PLANREVIEW_FAULT_CRASH_ON")
    if crash and job.path.endswith(crash):  # fault injection for the tests: a reader that kills its process
        os._exit(3)
    try:
        cl = _WORKER_CHECKLIST.get(job.checklist) or load_checklist(job.checklist)
        _WORKER_CHECKLIST[job.checklist] = cl
        doc = read_document(job.path, sha256=job.sha256 or None)
        assessment = assess(doc, cl, lang=job.lang)
        outputs: list[str] = []
        if job.formats:
            settings = LetterSettings(**job.settings)
            written = write_outputs(
                doc,
                assessment,
                cl,
                Path(job.out_dir),
                formats=job.formats,
                settings=settings,
                lang=job.lang,
                stem=job.stem,
            )
            outputs = [str(p) for p in written]
        record.update(
            status="ok",
            title=doc.title,
            pages=len(doc.pages),
            malform=doc.malform,
            municipality=municipality_of(doc),
            municipality_number=_number_in_document(doc),
            assessment=assessment.to_json(),
            outputs=outputs,
        )
    except PlanreviewError as exc:
        record.update(status="error", error=str(exc), exit_code=int(exc.exit_code), kind=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        record.update(status="error", error=f"{type(exc).__name__}: {exc}", exit_code=70, kind="InternalError")
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


def read_results(path: Path) -> dict[str, dict[str, Any]]:
    """Finished records by key; a line cut short by a crash is ignored."""
    out: dict[str, dict[str, Any]] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and "key" in rec:
                out[rec["key"]] = rec
    return out


def job_key(sha: str, checklist: Checklist, formats: tuple[str, ...], lang: str) -> str:
    return f"{sha}:{checklist.id}:{checklist.version}:{__version__}:{lang}:{','.join(formats)}"


def _unique_stems(files: list[Path]) -> dict[Path, str]:
    stems: dict[str, list[Path]] = {}
    for f in files:
        stems.setdefault(f.stem, []).append(f)
    out: dict[Path, str] = {}
    for stem, group in stems.items():
        for f in group:
            out[f] = stem if len(group) == 1 else f"{f.parent.name}-{stem}"
    return out


@dataclass
class BatchResult:
    records: list[dict[str, Any]]
    """One record per file, in file order."""
    done: int
    skipped: int
    failed: int
    interrupted: bool
    seconds: float


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
    """Review ``files`` (skipping those already in ``results.jsonl``) and return every record."""
    started = time.perf_counter()
    checklist = load_checklist(checklist_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    results_path = out_dir / results_name
    previous = read_results(results_path)
    stems = _unique_stems(files)
    plan_dir = out_dir / "plans"
    todo: list[Job] = []
    keys: dict[Path, str] = {}
    for f in files:
        sha = sha256_of(f) if f.is_file() else ""
        key = job_key(sha, checklist, formats, lang)
        keys[f] = key
        if key in previous and sha:
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
    skipped = len(files) - len(todo)
    total = len(todo)
    fresh: dict[str, dict[str, Any]] = {}
    interrupted = False
    if progress:
        progress(0, total, "")
    try:
        with results_path.open("a", encoding="utf-8") as sink:
            for record in _execute(todo, jobs or os.cpu_count() or 1, lang):
                fresh[record["key"]] = record
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                sink.flush()
                if progress:
                    progress(len(fresh), total, Path(record["file"]).name)
    except KeyboardInterrupt:
        interrupted = True
    merged = {**previous, **fresh}
    records = [merged[keys[f]] for f in files if keys[f] in merged]
    failed = sum(1 for r in records if r.get("status") != "ok")
    return BatchResult(records, len(fresh), skipped, failed, interrupted, time.perf_counter() - started)


def _pool(jobs: int, lang: Lang) -> ProcessPoolExecutor:
    """Worker processes. On Linux they fork from a warmed-up parent (imports and checklist done);
    elsewhere they start fresh and recycle every 40 plans to keep memory flat."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(lang,))
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(lang,), max_tasks_per_child=40)


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
    return {
        "key": job.key,
        "file": job.path,
        "sha256": job.sha256,
        "stem": job.stem,
        "status": "error",
        "exit_code": 70,
        "kind": "WorkerCrash",
        "error": f"{job.path}: lesaren stoppa brått (krasj). Prøv fila åleine med --debug og meld feilen.",
    }


def _execute(todo: list[Job], jobs: int, lang: Lang) -> Iterator[dict[str, Any]]:
    """Run jobs in worker processes; a worker that dies takes only its own plan with it."""
    if not todo:
        return
    if jobs <= 1:
        set_malform(lang)
        for job in todo:
            yield review_job(job)
        return
    _warm_up(todo[0])
    # Largest files first, so the workers finish together.
    todo = sorted(todo, key=lambda j: -_size(j.path))
    unfinished: list[Job] = []
    pool = _pool(jobs, lang)
    try:
        futures: dict[Future[dict[str, Any]], Job] = {pool.submit(review_job, job): job for job in todo}
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    unfinished.append(futures[fut])
            if unfinished:
                unfinished += [futures[f] for f in remaining]
                remaining = set()
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # A worker died: run what was left one plan per process, so only the culprit fails.
    for job in unfinished:
        with _pool(1, lang) as single:
            try:
                yield single.submit(review_job, job).result()
            except BrokenProcessPool:
                yield _crash_record(job)


def review_files(
    files: list[Path], *, checklist_path: Path | None = None, lang: Lang = "nn", jobs: int | None = None
) -> Iterator[dict[str, Any]]:
    """Score files in worker processes without writing anything; records arrive as they finish."""
    checklist = load_checklist(checklist_path)
    todo = [
        Job(
            str(f),
            "",
            (),
            lang,
            str(checklist_path) if checklist_path else None,
            {},
            job_key("", checklist, (), lang),
            "",
            f.stem,
        )
        for f in files
    ]
    yield from _execute(todo, jobs or os.cpu_count() or 1, lang)
