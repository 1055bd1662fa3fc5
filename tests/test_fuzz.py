"""The fuzz job: byte mutations of generated plans through the readers, scoring and (every
eighth case) the letter and reports (tests/fuzz_readers.py). It fails on any exit-70 kind of
error or traceback, and names the case to replay.

``PLANREVIEW_FUZZ_RUNS`` sets the number of cases (default 4000, about a minute on the CI
machine); the seed is fixed, so a run is repeatable.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_fuzz_readers_never_fail_with_a_bug() -> None:
    runs = int(os.environ.get("PLANREVIEW_FUZZ_RUNS", "4000"))
    seed = int(os.environ.get("PLANREVIEW_FUZZ_SEED", "11"))

    def ceiling() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    proc = subprocess.run(
        [sys.executable, str(HERE / "fuzz_readers.py"), "--runs", str(runs), "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=1800,
        preexec_fn=ceiling,
        check=False,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    failures = [entry for entry in lines if "case" in entry]
    started = [entry["start"] for entry in lines if "start" in entry]
    assert proc.returncode in (0, 1), (
        f"the fuzzer died at case {started[-1] if started else '?'}: {proc.stderr[-2000:]}"
    )
    assert not failures, "\n\n".join(f"case {f['case']} ({f['file']}):\n{f['problem']}" for f in failures[:5])
    summary = lines[-1]
    assert summary["runs"] == runs and summary["failures"] == 0
    print(f"fuzz: {summary}")
