"""The web app as it runs: `planreview serve` in its own process, with its worker processes.

20 uploads at once all finish and are all stored; a restart keeps everything and finishes what
was cut short; on another address than localhost the server refuses to start without logins, and
with them it refuses requests without a login or an API token.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from planreview.errors import ExitCode

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(db: Path, *args: str, env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """`planreview serve` on a free port; yields its base URL and stops it (SIGTERM) afterwards."""
    port = port or free_port()
    log = db.with_name(f"serve-{port}.log").open("ab")  # a file, never a pipe that could fill up
    proc = subprocess.Popen(
        [sys.executable, "-m", "planreview", "serve", "--port", str(port), "--db", str(db), "--workers", "2", *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(db.with_name(f"serve-{port}.log").read_text(errors="replace"))
            try:
                with urllib.request.urlopen(base + "/favicon.ico", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=600) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def multipart(name: str, data: bytes, **fields: str) -> tuple[bytes, dict[str, str]]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def upload(
    base: str, name: str, data: bytes, query: str = "wait=600", headers: dict[str, str] | None = None
) -> tuple[int, dict]:
    body, h = multipart(name, data)
    status, raw = request(f"{base}/api/v1/reviews?{query}", body, {**h, **(headers or {})})
    return status, json.loads(raw)


def get_json(url: str, headers: dict[str, str] | None = None) -> tuple[int, object]:
    status, raw = request(url, headers=headers)
    return status, json.loads(raw)


def test_twenty_concurrent_uploads_all_finish_and_a_restart_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "planreview.sqlite3"
    plans = [
        EXAMPLES / "fjordvik-samfunnsdel-nn.pdf",
        EXAMPLES / "granlia-planstrategi-nb.pdf",
        EXAMPLES / "bjorkvik-planprogram-nn.docx",
        EXAMPLES / "fjordvik-samfunnsdel-nn.md",
    ]
    with server(db) as base:
        jobs = [(f"plan-{i:02d}{plans[i % 4].suffix}", plans[i % 4].read_bytes()) for i in range(20)]
        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(lambda j: upload(base, *j), jobs))
        assert [s for s, _ in results] == [200] * 20, results
        ids = [b["id"] for _, b in results]
        assert len(set(ids)) == 20 and all(b["status"] == "done" for _, b in results)
        status, listed = get_json(f"{base}/api/v1/reviews")
        assert status == 200 and {r["id"] for r in listed} == set(ids)  # type: ignore[union-attr]
        for rid, (name, _data) in zip(ids, jobs, strict=True):
            status, got = get_json(f"{base}/api/v1/reviews/{rid}")
            assert got["filename"] == name and got["review"]["document"]["source"] == name  # type: ignore[index]
        stored = sorted(p.stat().st_size for p in (tmp_path / "planreview-filer" / "uploads").iterdir())
        assert stored == sorted(len(d) for _, d in jobs)
        # a correction, then a plan that is still being read when the server stops
        first = results[0][1]
        quote = next(e["text"] for t in first["review"]["themes"] for e in t["evidence"])
        body = json.dumps({"corrections": [{"drop_evidence": quote, "reason": "Ikkje relevant."}]}).encode()
        status, raw = request(
            f"{base}/api/v1/reviews/{ids[0]}/corrections", body, {"Content-Type": "application/json"}, "PUT"
        )
        assert status == 200, raw
    slow_env = {"PLANREVIEW_FAULT_SLEEP_ON": "seint.md", "PLANREVIEW_FAULT_SLEEP_S": "60"}
    with server(db, env=slow_env) as base:
        status, slow = upload(base, "seint.md", (EXAMPLES / "fjordvik-samfunnsdel-nn.md").read_bytes(), query="")
        assert status == 202 and slow["status"] in ("queued", "running")
        deadline = time.monotonic() + 60
        while get_json(f"{base}/api/v1/reviews/{slow['id']}")[1]["status"] != "running":  # type: ignore[index]
            assert time.monotonic() < deadline
            time.sleep(0.2)
    # the server stopped while the plan was read; the next one finishes it, and keeps everything
    with server(db) as base:
        status, listed = get_json(f"{base}/api/v1/reviews")
        assert {r["id"] for r in listed} == {*ids, slow["id"]}  # type: ignore[union-attr]
        deadline = time.monotonic() + 120
        while (got := get_json(f"{base}/api/v1/reviews/{slow['id']}")[1])["status"] != "done":  # type: ignore[index]
            assert got["status"] in ("queued", "running") and time.monotonic() < deadline, got  # type: ignore[index]
            time.sleep(0.3)
        status, corrections = get_json(f"{base}/api/v1/reviews/{ids[0]}/corrections")
        assert [c["drop_evidence"] for c in corrections] == [quote]  # type: ignore[union-attr]
        status, got = get_json(f"{base}/api/v1/reviews/{ids[0]}")
        assert all(quote != e["text"] for t in got["review"]["themes"] for e in t["evidence"])  # type: ignore[index]
        status, letter = request(f"{base}/api/v1/reviews/{ids[5]}/letter.docx")
        assert status == 200 and letter[:2] == b"PK"


def test_another_address_needs_logins(tmp_path: Path) -> None:
    db = tmp_path / "planreview.sqlite3"
    port = free_port()
    res = subprocess.run(
        [sys.executable, "-m", "planreview", "serve", "--host", "0.0.0.0", "--port", str(port), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == int(ExitCode.USAGE)
    assert "ikkje localhost" in res.stderr and "--users" in res.stderr and "Traceback" not in res.stderr
    assert not db.exists()  # refused before anything started
    users = tmp_path / "brukarar.yaml"
    serve = [sys.executable, "-m", "planreview", "serve", "--host", "0.0.0.0", "--port", str(port), "--db", str(db)]
    empty = subprocess.run(
        [*serve, "--users", str(users)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert empty.returncode == int(ExitCode.SETTINGS)  # the users file is missing
    add = subprocess.run(
        [sys.executable, "-m", "planreview", "users", "add", str(users), "kari", "--name", "Kari", "--password-stdin"],
        input="hemmeleg-passord\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert "kari" in add.stdout
    token = subprocess.run(
        [sys.executable, "-m", "planreview", "users", "token", str(users), "kari", "--label", "Elements"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert token.startswith("pr_") and token not in users.read_text(encoding="utf-8")
    with server(db, "--host", "0.0.0.0", "--users", str(users), port=port) as base:
        plan = (EXAMPLES / "fjordvik-samfunnsdel-nn.md").read_bytes()
        for headers in ({}, {"Authorization": "Bearer pr_feil"}, {"Authorization": "Basic a2FyaTpoZW1tZWxlZw=="}):
            status, body = get_json(f"{base}/api/v1/reviews", headers)
            assert status == 401 and body["error"]["kind"] == "Unauthorized", (headers, body)  # type: ignore[index]
            status, body = upload(base, "plan.md", plan, headers=headers)
            assert status == 401
        status, page = request(f"{base}/")
        assert status == 200 and b'action="/logg-inn"' in page  # the login page, nothing else
        status, page = request(f"{base}/historikk")
        assert b'action="/logg-inn"' in page and b"Historikk</h1>" not in page
        auth = {"Authorization": f"Bearer {token}"}
        status, body = upload(base, "plan.md", plan, headers=auth)
        assert status == 200 and body["created_by"] == "Kari"
        status, listed = get_json(f"{base}/api/v1/reviews", auth)
        assert status == 200 and len(listed) == 1  # type: ignore[arg-type]


def test_serve_benchmark_runs() -> None:
    """Speed is measured by the benchmark, not here; this only checks that it still runs and reports."""
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "planreview.bench",
            "serve",
            "--plan",
            str(EXAMPLES / "fjordvik-samfunnsdel-nn.pdf"),
            "--clients",
            "1",
            "--clients",
            "2",
            "--per-client",
            "1",
            "--workers",
            "1",
            "--cli-rounds",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "| clients | reviews |" in res.stdout and "| 2 | 2 |" in res.stdout
