"""Benchmarks (scripts, not tests): ``python -m planreview.bench read DIR [DIR ...]``.

Compares the PDF reader's throughput (pages per second) with poppler's ``pdftotext`` and
pdfplumber's ``extract_text`` on the same files, and reports the reader's peak memory.
Each contender runs in its own child process so that peak memory is its own.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click


def _pdfs(dirs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        files.extend(sorted(d.rglob("*.pdf")) if d.is_dir() else [d])
    return files


def _child(kind: str, files: list[Path], repeat: int) -> dict[str, float]:
    """Run one contender in a fresh interpreter; it prints seconds, pages and peak RSS."""
    code = f"""
import json, resource, sys, time
files = {json.dumps([str(f) for f in files])}
kind = {kind!r}
pages = 0
if kind == "planreview":
    from planreview.read import read_document
    read_document(files[0])  # warm up imports
    t = time.perf_counter()
    for _ in range({repeat}):
        for f in files:
            pages += len(read_document(f).pages)
elif kind == "planreview+score":
    from planreview.api import review
    from planreview.read import read_document
    review(files[0])
    t = time.perf_counter()
    for _ in range({repeat}):
        for f in files:
            pages += len(review(f).document.pages)
else:
    import pdfplumber
    t = time.perf_counter()
    for _ in range({repeat}):
        for f in files:
            with pdfplumber.open(f) as pdf:
                for p in pdf.pages:
                    p.extract_text()
                    pages += 1
                    p.close()
elapsed = time.perf_counter() - t
print(json.dumps({{"seconds": elapsed, "pages": pages,
                   "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pdftotext(files: list[Path], repeat: int) -> dict[str, float]:
    exe = shutil.which("pdftotext")
    if exe is None:
        return {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    pages = 0
    for _ in range(repeat):
        for f in files:
            subprocess.run([exe, "-q", str(f), "-"], capture_output=True, check=False)
    elapsed = time.perf_counter() - t
    for f in files:
        info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=False).stdout
        pages += next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return {"seconds": elapsed, "pages": pages * repeat, "peak_mib": peak}


@click.group()
def bench() -> None:
    """planreview benchmarks."""


@bench.command()
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--repeat", default=1, show_default=True, help="Read every file this many times.")
@click.option("--no-pdfplumber", is_flag=True, help="Skip the (slow) pdfplumber comparison.")
@click.option("--score", is_flag=True, help="Also time reading plus scoring (review) per file.")
@click.option("--rounds", default=5, show_default=True, help="Fresh runs per reader (interleaved); the median counts.")
def read(dirs: tuple[Path, ...], repeat: int, no_pdfplumber: bool, score: bool, rounds: int) -> None:
    """Pages per second of the PDF reader next to pdftotext and pdfplumber.

    \b
    Example:
      python -m planreview.bench read ../shared/corpus ../shared/realpdf
    """
    files = _pdfs(dirs)
    _compile_bytecode()
    # The machine is shared and its speed drifts: interleave the contenders round by round and
    # keep each one's median run. pdftotext first: its peak memory is read from our children.
    kinds = ["pdftotext", "planreview", *(["planreview+score"] if score else [])]
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for _ in range(rounds):
        for kind in kinds:
            if kind == "pdftotext":
                res = _pdftotext(files, repeat)
                if res:
                    runs[kind].append(res)
            else:
                runs[kind].append(_child(kind, files, repeat))

    def median(kind: str) -> dict[str, float]:
        ordered = sorted(runs[kind], key=lambda r: r["seconds"])
        return ordered[len(ordered) // 2]

    rows: list[tuple[str, dict[str, float]]] = [("planreview read", median("planreview"))]
    if score:
        rows.append(("planreview read+score", median("planreview+score")))
    if runs["pdftotext"]:
        # Only the first round's peak is pdftotext's own: later ones include the Python children.
        rows.append(("pdftotext (poppler)", {**median("pdftotext"), "peak_mib": runs["pdftotext"][0]["peak_mib"]}))
    if not no_pdfplumber:
        rows.append(("pdfplumber extract_text", _child("pdfplumber", files, 1)))
    click.echo(
        f"{len(files)} PDF files, {rows[0][1]['pages'] / repeat:.0f} pages, repeat {repeat}, median of {rounds}\n"
    )
    click.echo("| reader | pages | seconds | pages/s | peak MiB |")
    click.echo("|---|---:|---:|---:|---:|")
    for name, r in rows:
        rate = r["pages"] / r["seconds"]
        click.echo(f"| {name} | {r['pages']:.0f} | {r['seconds']:.2f} | {rate:.1f} | {r['peak_mib']:.0f} |")
    ours = rows[0][1]["pages"] / rows[0][1]["seconds"]
    for name, r in rows[1:]:
        other = r["pages"] / r["seconds"]
        click.echo(f"\nplanreview read / {name}: {ours / other:.2f}×")


def _compile_bytecode() -> None:
    """Compile planreview's modules as an installation does, so no run pays for compiling
    them (an editable install with PYTHONDONTWRITEBYTECODE would, on every start)."""
    import compileall

    compileall.compile_dir(str(Path(__file__).parent), quiet=1)


def _batch_child(files: list[Path], jobs: int, formats: tuple[str, ...], repeat: int) -> dict[str, float]:
    """One batch in a fresh interpreter. The clock runs around ``run_batch`` only, after the
    pipeline's modules are imported (as the read benchmark warms up first); what it includes:
    loading the checklist, hashing the files, forking the workers, reading, scoring, writing."""
    code = f"""
import json, resource, tempfile, time
from pathlib import Path
from planreview.batch import run_batch
import planreview.read.pdf, planreview.score, planreview.render.letter  # the pipeline's code
files = [Path(f) for f in {json.dumps([str(f) for f in files])}] * {repeat}
with tempfile.TemporaryDirectory() as out:
    t = time.perf_counter()
    res = run_batch(files, Path(out), formats={formats!r}, jobs={jobs})
    elapsed = time.perf_counter() - t
pages = sum(r.get("pages") or 0 for r in res.records)
print(json.dumps({{"seconds": elapsed, "pages": pages,
    "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _command(files: list[Path], jobs: int) -> float:
    """Seconds for the whole ``planreview batch`` command, from a cold interpreter to the matrix."""
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        args = ["batch", *map(str, files), "--out", out, "--jobs", str(jobs), "--quiet"]
        subprocess.run([sys.executable, "-m", "planreview", *args], capture_output=True, check=False)
        return time.perf_counter() - t


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


@bench.command("batch")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--jobs", "jobs_list", multiple=True, type=int, default=(1, 2), show_default=True, help="Worker counts.")
@click.option("--outputs/--no-outputs", default=True, show_default=True, help="Write every plan's letter and reports.")
@click.option("--repeat", default=1, show_default=True, help="Review the file set this many times in one batch.")
@click.option(
    "--rounds", default=9, show_default=True, help="Run each configuration this many times; report the median."
)
def batch_bench(dirs: tuple[Path, ...], jobs_list: tuple[int, ...], outputs: bool, repeat: int, rounds: int) -> None:
    """Wall time, pages/s and peak memory of `planreview batch` with 1 and 2 workers, next to pdftotext.

    Two clocks: the batch itself in a warm interpreter (`run_batch`, the throughput figure), and
    the whole command from a cold start, as a planner waits for it (with --repeat 1 only).

    \b
    Example:
      python -m planreview.bench batch ../shared/corpus
    """
    files = _pdfs(dirs)
    formats = ("docx", "html", "md", "json") if outputs else ()
    _compile_bytecode()
    pt = _pdftotext(files * repeat, 1)  # before any Python child, so its peak is its own
    commands = repeat == 1 and outputs
    click.echo(f"{len(files)} PDF files x {repeat}, outputs {'on' if outputs else 'off'}, median of {rounds} runs\n")
    # The machine is shared and its speed drifts: interleave the configurations round by round
    # (in turned order every other round) and report each one's median, so all see the same
    # conditions; the gain is also given round by round, from runs seconds apart.
    results: dict[int, list[dict[str, float]]] = {jobs: [] for jobs in jobs_list}
    walls: dict[int, list[float]] = {jobs: [] for jobs in jobs_list}
    for n in range(rounds):
        for jobs in jobs_list if n % 2 == 0 else tuple(reversed(jobs_list)):
            results[jobs].append(_batch_child(files, jobs, formats, repeat))
            if commands:
                walls[jobs].append(_command(files, jobs))
    click.echo("| run | pages | seconds | pages/s | whole command, s | peak MiB main | peak MiB per worker |")
    click.echo("|---|---:|---:|---:|---:|---:|---:|")
    rates: dict[int, float] = {}
    for jobs in jobs_list:
        r = sorted(results[jobs], key=lambda x: x["seconds"])[len(results[jobs]) // 2]
        rates[jobs] = r["pages"] / r["seconds"]
        worker = r["main_mib"] if jobs == 1 else r["worker_mib"]
        wall = f"{_median(walls[jobs]):.2f}" if walls[jobs] else "–"
        click.echo(
            f"| planreview batch --jobs {jobs} | {r['pages']:.0f} | {r['seconds']:.2f} | {rates[jobs]:.1f} | "
            f"{wall} | {r['main_mib']:.0f} | {worker:.0f} |"
        )
    if pt:
        click.echo(
            f"| pdftotext (poppler), 1 process | {pt['pages']:.0f} | {pt['seconds']:.2f} | "
            f"{pt['pages'] / pt['seconds']:.1f} | – | – | – |"
        )
    if 1 in rates and 2 in rates:
        gains = sorted(a["seconds"] / b["seconds"] for a, b in zip(results[1], results[2], strict=True))
        click.echo(
            f"\n2 jobs / 1 job: {rates[2] / rates[1]:.2f}× (medians); round by round median "
            f"{_median(gains):.2f}×, range {gains[0]:.2f}–{gains[-1]:.2f}×"
        )
        if commands:
            click.echo(f"whole command, 2 jobs / 1 job: {_median(walls[1]) / _median(walls[2]):.2f}×")
    if pt:
        best = max(rates.values())
        click.echo(f"best planreview / pdftotext: {best / (pt['pages'] / pt['seconds']):.2f}×")
        click.echo(f"27 plans of 100 pages at {best:.0f} pages/s: {27 * 100 / best:.0f} s")


def _planreview_command() -> list[str]:
    """The console script a planner runs (beside this interpreter), else ``python -m planreview``."""
    script = Path(sys.executable).parent / "planreview"
    return [str(script)] if script.exists() else [sys.executable, "-m", "planreview"]


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def cli_times(plan: Path, rounds: int) -> dict[str, float]:
    """Median whole-process seconds of ``planreview review PLAN --format json --out -`` (as it runs
    by default, and with ``--jobs 1``: one process) and of ``pdftotext PLAN -``, run in turn round
    by round (the machine is shared and drifts)."""
    review = [*_planreview_command(), "review", str(plan), "--format", "json", "--out", "-"]
    commands = {"planreview": review, "planreview --jobs 1": [*review, "--jobs", "1"]}
    pdftotext = ["pdftotext", "-q", str(plan), "-"]
    _wall(review)  # the first run compiles bytecode and fills the cache, as an installation has
    times: dict[str, list[float]] = {name: [] for name in (*commands, "pdftotext")}
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(_wall(cmd))
        times["pdftotext"].append(_wall(pdftotext))
    return {name: _median(values) for name, values in times.items()}


@bench.command("cli")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rounds", "-r", default=15, show_default=True, help="Runs of each, interleaved; the medians count.")
def cli_bench(plan: Path, rounds: int) -> None:
    """Whole-process time of `planreview review PLAN --format json --out -` next to `pdftotext PLAN -`.

    \b
    Example:
      python -m planreview.bench cli plan.pdf
    """
    if shutil.which("pdftotext") is None:
        raise click.ClickException("pdftotext is not installed (apt-get install poppler-utils)")
    _compile_bytecode()
    t = cli_times(plan, rounds)
    pages = subprocess.run(["pdfinfo", str(plan)], capture_output=True, text=True, check=False).stdout
    n = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    click.echo(f"{plan.name}: {n} pages, median of {rounds} interleaved runs")
    click.echo(f"planreview review --format json --out -: {t['planreview']:.3f} s")
    click.echo(f"  the same with --jobs 1 (one process): {t['planreview --jobs 1']:.3f} s")
    click.echo(f"pdftotext: {t['pdftotext']:.3f} s")
    click.echo(f"planreview / pdftotext: {t['planreview'] / t['pdftotext']:.1f}×")
    click.echo(f"  with --jobs 1: {t['planreview --jobs 1'] / t['pdftotext']:.1f}×")


def thirty_page_plan(folder: Path) -> Path:
    """A 30-page plan for the server benchmark: the first 30 pages of a real plan in
    ``../shared/corpus`` when it is there, else the example plan's pages repeated."""
    import pypdfium2 as pdfium

    root = Path(__file__).resolve().parent.parent
    corpus = root.parent / "shared" / "corpus" / "sigdal-planstrategi-2024-2027" / "sigdal-planstrategi-2024-2027.pdf"
    source = corpus if corpus.exists() else root / "examples" / "fjordvik-samfunnsdel-nn.pdf"
    src = pdfium.PdfDocument(str(source))
    new = pdfium.PdfDocument.new()
    while len(new) < 30:
        new.import_pages(src, list(range(min(len(src), 30 - len(new)))))
    out = folder / f"plan30-{source.stem}.pdf"
    new.save(str(out))
    return out


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    import uuid

    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _review_over_http(base: str, name: str, data: bytes) -> float:
    """Seconds from sending the plan to having its review (POST /api/v1/reviews?wait=600)."""
    import urllib.request

    body, ctype = _multipart(name, data)
    req = urllib.request.Request(f"{base}/api/v1/reviews?wait=600", body, {"Content-Type": ctype})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=900) as res:
        answer = json.loads(res.read())
    elapsed = time.perf_counter() - t
    if answer.get("status") != "done":
        raise RuntimeError(f"review failed: {answer}")
    return elapsed


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@bench.command("serve")
@click.option(
    "--plan", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The plan (default: 30 pages)."
)
@click.option("--clients", "clients_list", multiple=True, type=int, default=(1, 20), show_default=True)
@click.option("--per-client", default=0, help="Reviews each client asks for (default: 20 for one client, else 3).")
@click.option("--workers", default=2, show_default=True, help="The server's worker processes.")
@click.option("--cli-rounds", default=9, show_default=True, help="Rounds of the CLI-vs-pdftotext comparison.")
def serve_bench(
    plan: Path | None, clients_list: tuple[int, ...], per_client: int, workers: int, cli_rounds: int
) -> None:
    """Reviews per second and median and 95th-percentile latency of `planreview serve` for a 30-page
    plan with 1 and 20 clients at once, next to the CLI's whole-process time and pdftotext.

    Each client uploads the plan (a new review each time: read, score, letter in Word, report in
    HTML and Markdown, JSON) and waits for the answer (POST /api/v1/reviews?wait=600).

    \b
    Example:
      python -m planreview.bench serve
    """
    import socket
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    _compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="planreview-bench-") as tmp:
        folder = Path(tmp)
        plan = plan or thirty_page_plan(folder)
        data = plan.read_bytes()
        pages = len(__import__("pypdfium2").PdfDocument(str(plan)))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log = (folder / "serve.log").open("wb")
        proc = subprocess.Popen(
            [
                *_planreview_command(),
                "serve",
                "--port",
                str(port),
                "--db",
                str(folder / "db"),
                "--workers",
                str(workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        rows: list[tuple[int, int, float, float, float, float]] = []
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/favicon.ico", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            for i in range(2 * workers):  # warm every worker
                _review_over_http(base, f"oppvarming-{i}.pdf", data)
            for clients in clients_list:
                each = per_client or (20 if clients == 1 else 3)
                names = [f"plan-{clients}-{i}.pdf" for i in range(clients * each)]
                t = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    latencies = list(pool.map(lambda n: _review_over_http(base, n, data), names))
                wall = time.perf_counter() - t
                rows.append(
                    (clients, len(names), wall, len(names) / wall, _median(latencies), _percentile(latencies, 0.95))
                )
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
        cli = cli_times(plan, cli_rounds) if shutil.which("pdftotext") else {}
    click.echo(f"{plan.name}: {pages} pages; server with {workers} workers on {os.cpu_count()} cores\n")
    click.echo("| clients | reviews | seconds | reviews/s | median latency, s | 95th percentile, s |")
    click.echo("|---:|---:|---:|---:|---:|---:|")
    for clients, n, wall, rate, med, p95 in rows:
        click.echo(f"| {clients} | {n} | {wall:.1f} | {rate:.2f} | {med:.2f} | {p95:.2f} |")
    if cli:
        click.echo(
            f"\nCLI `planreview review PLAN --format json --out -`: {cli['planreview']:.2f} s whole process; "
            f"pdftotext: {cli['pdftotext']:.3f} s; ratio {cli['planreview'] / cli['pdftotext']:.1f}×"
        )


if __name__ == "__main__":
    bench()
