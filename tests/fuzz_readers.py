"""Byte-mutation fuzzing of the readers: generated plans (PDF, DOCX, TXT/MD) with bytes flipped,
inserted, deleted, repeated or cut, and DOCX parts mutated inside a well-formed ZIP.

Every mutated file goes through what ``planreview review`` does before rendering
(``planreview.api.review``: the limits, the reader, scoring). A run passes when it ends in a
result or in a PlanreviewError (a clear line and its own exit code); anything else — an exit
70 — is a failure, reported with the case number so that it can be replayed:

    python tests/fuzz_readers.py --runs 3000 --seed 11          # the CI job (tests/test_fuzz.py)
    python tests/fuzz_readers.py --replay 1234 --seed 11 --keep out/   # write one case and show it

Runs in its own process (``test_fuzz.py`` starts it under a memory limit); it prints one JSON
line per failure and a last line ``{"runs": N, "failures": M, "seconds": S, "peak_mib": P}``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def seeds(folder: Path) -> list[Path]:
    """The plans to mutate: the reader fixtures and the example plans."""
    import make_fixtures

    fx = make_fixtures.build(folder / "fixtures")
    root = HERE.parent / "examples"
    chosen = [
        fx / "headings.pdf",
        fx / "table.pdf",
        fx / "two-columns.pdf",
        fx / "page-labels.pdf",
        fx / "toc.pdf",
        fx / "overskrift.docx",
        fx / "no-breaks.docx",
        root / "granlia-planstrategi-nb.docx",
        root / "fjordvik-samfunnsdel-nn.md",
    ]
    return [p for p in chosen if p.is_file()]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to eight byte-level mutations."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        pos = rng.randrange(max(1, len(buf)))
        if op == 0 and buf:  # flip bits
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == 1 and buf:  # random byte
            buf[pos] = rng.randrange(256)
        elif op == 2:  # insert bytes
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 3 and buf:  # delete a run
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 4 and buf:  # repeat a chunk
            chunk = buf[pos : pos + rng.randint(1, 256)]
            buf[pos:pos] = chunk * rng.randint(1, 8)
        elif op == 5 and buf:  # cut the file
            del buf[rng.randrange(len(buf)) :]
        else:  # interesting values
            value = rng.choice([b"0", b"-1", b"99999999999", b"\x00", b"\xff\xfe", b"%%EOF", b"obj", b"<<", b"]"])
            buf[pos:pos] = value
    return bytes(buf)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """A DOCX whose ZIP is intact but one XML part (document, styles, numbering, notes, core
    properties, relationships) is mutated: it reaches the XML and python-docx layers."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return mutate_bytes(data, rng)
    names = [n for n in src.namelist() if n.endswith((".xml", ".rels"))]
    target = rng.choice(names) if names else None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == target:
                body = mutate_bytes(body, rng)
            dst.writestr(info.filename, body)
    return out.getvalue()


def case(seed_files: list[Path], seed: int, n: int) -> tuple[str, bytes]:
    """Case ``n``: (file suffix, bytes), the same for the same seed and number."""
    rng = random.Random(seed * 1_000_003 + n)
    src = seed_files[n % len(seed_files)]
    data = src.read_bytes()
    if src.suffix == ".docx" and rng.random() < 0.7:
        return src.suffix, mutate_docx(data, rng)
    return src.suffix, mutate_bytes(data, rng)


def run_one(path: Path, render: bool) -> str | None:
    """None when the plan is reviewed (and with ``render`` its letter and reports written) or
    refused clearly; else the traceback."""
    from planreview.api import review
    from planreview.errors import PlanreviewError
    from planreview.render import write_outputs

    try:
        result = review(path)
        if render:
            write_outputs(result.document, result.assessment, result.checklist, path.parent / f"{path.stem}-ut")
    except PlanreviewError as exc:
        if exc.exit_code == 70:
            return "".join(traceback.format_exception(exc))
        text = str(exc)
        if "\n" in text or not text.strip():
            return f"not one line: {text!r}"
    except Exception as exc:  # noqa: BLE001 - that is the finding
        return "".join(traceback.format_exception(exc))
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--replay", type=int, default=None, help="Run only this case number.")
    ap.add_argument("--keep", type=Path, default=None, help="Write the case files here.")
    args = ap.parse_args()
    started = time.monotonic()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="planreview-fuzz-") as tmp:
        folder = Path(tmp)
        seed_files = seeds(folder)
        numbers = [args.replay] if args.replay is not None else range(args.start, args.start + args.runs)
        work = args.keep or folder / "cases"
        work.mkdir(parents=True, exist_ok=True)
        runs = 0
        for n in numbers:
            suffix, data = case(seed_files, args.seed, n)
            path = work / f"case-{n}{suffix}"
            path.write_bytes(data)
            print(json.dumps({"start": n}), flush=True)
            problem = run_one(path, render=n % 8 == 0)
            runs += 1
            if problem is not None:
                failures += 1
                print(json.dumps({"case": n, "file": path.name, "problem": problem[-1500:]}), flush=True)
            if args.keep is None:
                path.unlink()
                shutil.rmtree(work / f"{path.stem}-ut", ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "runs": runs,
        "failures": failures,
        "seconds": round(time.monotonic() - started, 1),
        "peak_mib": round(peak),
    }
    print(json.dumps(summary), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
