"""The web app's storage: one SQLite database (reviews, corrections, the audit trail, per-user
settings, sessions, batches) and a folder of files beside it (uploads under generated names,
rendered outputs).

The schema is versioned: ``MIGRATIONS`` lists the scripts in order, the table ``schema_version``
holds how many have run, and opening a database runs the missing ones in one transaction each.
A new version of planreview adds a script at the end; it never edits one that has shipped.
Every call opens its own connection (the server's threads and the job runner's callbacks share
the store); the database is in WAL mode, so readers do not wait for a writer.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        created_by TEXT NOT NULL,
        filename TEXT NOT NULL,              -- the upload's own name, for display only
        stored TEXT NOT NULL,                -- the generated name under files/uploads
        size INTEGER NOT NULL,
        mode TEXT NOT NULL DEFAULT 'county', -- county (the letter) or self (a municipality's self-assessment)
        lang TEXT NOT NULL DEFAULT 'nn',     -- the målform of the review's outputs
        checklist TEXT,
        status TEXT NOT NULL,                -- queued, running, done, error
        error_code INTEGER,
        error_kind TEXT,
        error_message TEXT,
        title TEXT,
        pages INTEGER,
        plan_type TEXT,
        plan_stage TEXT,
        doc_malform TEXT,
        municipality TEXT,
        municipality_number TEXT,
        previous_id TEXT REFERENCES reviews(id),
        linked_by TEXT,                      -- 'auto', or who linked it
        result_json TEXT,                    -- the review JSON with the corrections applied
        revision INTEGER NOT NULL DEFAULT 0, -- how many times the corrections changed
        finished TEXT,
        seconds REAL,
        batch_id TEXT
    );
    CREATE INDEX reviews_municipality ON reviews(municipality_number, municipality);
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        review_id TEXT NOT NULL REFERENCES reviews(id),
        theme TEXT,
        criterion TEXT,
        level INTEGER,
        drop_evidence TEXT,
        reason TEXT NOT NULL,
        by_user TEXT NOT NULL,
        at TEXT NOT NULL,
        withdrawn_by TEXT,
        withdrawn_at TEXT
    );
    CREATE INDEX corrections_review ON corrections(review_id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        review_id TEXT,
        batch_id TEXT,
        action TEXT NOT NULL,
        detail TEXT
    );
    CREATE INDEX events_review ON events(review_id);
    CREATE TABLE user_settings (
        user TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user TEXT,
        csrf TEXT NOT NULL,
        created TEXT NOT NULL,
        seen REAL NOT NULL
    );
    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        created_by TEXT NOT NULL,
        lang TEXT NOT NULL,
        status TEXT NOT NULL,
        files INTEGER NOT NULL,
        ok INTEGER,
        failed INTEGER,
        error_code INTEGER,
        error_message TEXT,
        rows_json TEXT,
        finished TEXT
    );
    """,
)

SESSION_SECONDS = 12 * 3600
"""A session ends after this long without a request."""


def now() -> str:
    """The time as ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_id() -> str:
    """A review's or batch's id: random, so that ids cannot be guessed from one another."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ReviewRow:
    """One review as stored."""

    id: str
    created: str
    created_by: str
    filename: str
    stored: str
    size: int
    mode: str
    lang: str
    checklist: str | None
    status: str
    error_code: int | None
    error_kind: str | None
    error_message: str | None
    title: str | None
    pages: int | None
    plan_type: str | None
    plan_stage: str | None
    doc_malform: str | None
    municipality: str | None
    municipality_number: str | None
    previous_id: str | None
    linked_by: str | None
    result_json: str | None
    revision: int
    finished: str | None
    seconds: float | None
    batch_id: str | None

    def result(self) -> dict[str, Any] | None:
        return json.loads(self.result_json) if self.result_json else None


@dataclass(frozen=True)
class CorrectionRow:
    id: int
    review_id: str
    theme: str | None
    criterion: str | None
    level: int | None
    drop_evidence: str | None
    reason: str
    by_user: str
    at: str
    withdrawn_by: str | None
    withdrawn_at: str | None


@dataclass(frozen=True)
class BatchRow:
    id: str
    created: str
    created_by: str
    lang: str
    status: str
    files: int
    ok: int | None
    failed: int | None
    error_code: int | None
    error_message: str | None
    rows_json: str | None
    finished: str | None

    def rows(self) -> list[dict[str, Any]]:
        return json.loads(self.rows_json) if self.rows_json else []


@dataclass(frozen=True)
class Session:
    id: str
    user: str | None
    csrf: str


@dataclass
class Store:
    """The database at ``db`` and the files under ``files`` (made if missing)."""

    db: Path
    files: Path = field(default=Path())

    def __post_init__(self) -> None:
        if self.files == Path():
            self.files = self.db.with_name(self.db.stem + "-filer")
        self.db.parent.mkdir(parents=True, exist_ok=True)
        for sub in ("uploads", "out", "batches", "progress"):
            (self.files / sub).mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.files, 0o700)
        self.migrate()

    # --- connections and the schema ---------------------------------------------------------------

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.db, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA busy_timeout = 30000")
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def version(self) -> int:
        with self.connect() as con:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
                return 0
            row = con.execute("SELECT version FROM schema_version").fetchone()
            return int(row[0]) if row else 0

    def migrate(self) -> int:
        """Run the migrations this database has not had; returns the version it is at."""
        with self.connect() as con:
            con.execute("PRAGMA journal_mode = WAL")
        with self.transaction() as con:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = con.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                con.execute("INSERT INTO schema_version (version) VALUES (0)")
                current = 0
            else:
                current = int(row[0])
            if current > len(MIGRATIONS):
                raise RuntimeError(f"{self.db}: made by a newer planreview (schema {current})")
            for number, script in enumerate(MIGRATIONS[current:], current + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.execute("UPDATE schema_version SET version = ?", (number,))
        return len(MIGRATIONS)

    # --- paths ----------------------------------------------------------------------------------------

    def upload_path(self, stored: str) -> Path:
        return self.files / "uploads" / stored

    def out_dir(self, review_id: str, key: str) -> Path:
        return self.files / "out" / review_id / key

    def progress_path(self, job_id: str) -> Path:
        return self.files / "progress" / job_id

    def batch_dir(self, batch_id: str) -> Path:
        return self.files / "batches" / batch_id

    def stage(self, job_id: str) -> str | None:
        """What a running job last said it was doing (``reading``, ``scoring``, ``writing``, ``3/12``)."""
        try:
            return self.progress_path(job_id).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    # --- reviews ----------------------------------------------------------------------------------

    def add_review(
        self,
        *,
        review_id: str,
        user: str,
        filename: str,
        stored: str,
        size: int,
        mode: str,
        lang: str,
        checklist: str | None = None,
        batch_id: str | None = None,
    ) -> None:
        with self.transaction() as con:
            con.execute(
                "INSERT INTO reviews (id, created, created_by, filename, stored, size, mode, lang, checklist,"
                " status, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
                (review_id, now(), user, filename, stored, size, mode, lang, checklist, batch_id),
            )
            self._event(con, user, "upload", filename, review_id=review_id)

    def review(self, review_id: str) -> ReviewRow | None:
        with self.connect() as con:
            row = con.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        return ReviewRow(**dict(row)) if row else None

    def reviews(self, *, limit: int = 500, status: str | None = None) -> list[ReviewRow]:
        """Newest first."""
        sql = "SELECT * FROM reviews"
        args: tuple[Any, ...] = ()
        if status:
            sql += " WHERE status = ?"
            args = (status,)
        sql += " ORDER BY created DESC, rowid DESC LIMIT ?"
        with self.connect() as con:
            return [ReviewRow(**dict(r)) for r in con.execute(sql, (*args, limit))]

    def pending_reviews(self) -> list[ReviewRow]:
        """Reviews that were queued or running when the server stopped, oldest first."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT * FROM reviews WHERE status IN ('queued', 'running') ORDER BY created, rowid"
            ).fetchall()
        return [ReviewRow(**dict(r)) for r in rows]

    def set_status(self, review_id: str, status: str) -> None:
        with self.connect() as con:
            con.execute("UPDATE reviews SET status = ? WHERE id = ?", (status, review_id))

    def finish_review(self, review_id: str, record: dict[str, Any], *, revision: int | None = None) -> None:
        """Store a finished job's record: the result and what it says about the plan, or the error."""
        fields: dict[str, Any] = {"finished": now(), "seconds": record.get("seconds")}
        if record.get("status") == "ok":
            doc = (record.get("json") or {}).get("document", {})
            fields.update(
                status="done",
                error_code=None,
                error_kind=None,
                error_message=None,
                title=record.get("title"),
                pages=record.get("pages"),
                plan_type=doc.get("plan_type"),
                plan_stage=doc.get("stage"),
                doc_malform=record.get("malform"),
                municipality=record.get("municipality"),
                municipality_number=record.get("municipality_number"),
                result_json=json.dumps(record.get("json"), ensure_ascii=False),
            )
            if revision is not None:
                fields["revision"] = revision
        else:
            fields.update(
                status="error",
                error_code=record.get("exit_code"),
                error_kind=record.get("kind"),
                error_message=record.get("error"),
            )
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.connect() as con:
            con.execute(f"UPDATE reviews SET {sets} WHERE id = ?", (*fields.values(), review_id))

    def set_result(self, review_id: str, result: dict[str, Any], revision: int) -> None:
        """The review JSON after a re-render with the corrections of ``revision``."""
        with self.connect() as con:
            con.execute(
                "UPDATE reviews SET result_json = ?, revision = ? WHERE id = ? AND revision <= ?",
                (json.dumps(result, ensure_ascii=False), revision, review_id, revision),
            )

    def link(self, review_id: str, previous_id: str | None, by: str) -> None:
        """Link a review to the earlier version of the plan (``None``: no earlier version)."""
        with self.transaction() as con:
            con.execute("UPDATE reviews SET previous_id = ?, linked_by = ? WHERE id = ?", (previous_id, by, review_id))
            if by != "auto":
                self._event(con, by, "relink", previous_id or "", review_id=review_id)

    # --- corrections and the audit trail ----------------------------------------------------------------

    def add_corrections(self, review_id: str, items: list[dict[str, Any]], user: str, *, replace: bool = False) -> int:
        """Store corrections (dicts with theme, criterion, level, drop_evidence, reason, by) made by
        ``user`` now; with ``replace`` the active ones are withdrawn first. Returns the new revision."""
        at = now()
        with self.transaction() as con:
            if replace:
                con.execute(
                    "UPDATE corrections SET withdrawn_by = ?, withdrawn_at = ? WHERE review_id = ?"
                    " AND withdrawn_at IS NULL",
                    (user, at, review_id),
                )
            for item in items:
                con.execute(
                    "INSERT INTO corrections (review_id, theme, criterion, level, drop_evidence, reason, by_user, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        review_id,
                        item.get("theme"),
                        item.get("criterion"),
                        item.get("level"),
                        item.get("drop_evidence"),
                        item["reason"],
                        item.get("by") or user,
                        at,
                    ),
                )
                self._event(con, user, "correct", json.dumps(item, ensure_ascii=False), review_id=review_id)
            if replace and not items:
                self._event(con, user, "correct", "[]", review_id=review_id)
            return self._bump(con, review_id)

    def withdraw_correction(self, review_id: str, correction_id: int, user: str) -> int | None:
        """Withdraw one active correction; returns the new revision, or None when there was none."""
        at = now()
        with self.transaction() as con:
            cur = con.execute(
                "UPDATE corrections SET withdrawn_by = ?, withdrawn_at = ? WHERE id = ? AND review_id = ?"
                " AND withdrawn_at IS NULL",
                (user, at, correction_id, review_id),
            )
            if cur.rowcount == 0:
                return None
            self._event(con, user, "withdraw", str(correction_id), review_id=review_id)
            return self._bump(con, review_id)

    def _bump(self, con: sqlite3.Connection, review_id: str) -> int:
        con.execute("UPDATE reviews SET revision = revision + 1 WHERE id = ?", (review_id,))
        return int(con.execute("SELECT revision FROM reviews WHERE id = ?", (review_id,)).fetchone()[0])

    def corrections(self, review_id: str, *, active_only: bool = True) -> list[CorrectionRow]:
        sql = "SELECT * FROM corrections WHERE review_id = ?"
        if active_only:
            sql += " AND withdrawn_at IS NULL"
        with self.connect() as con:
            return [CorrectionRow(**dict(r)) for r in con.execute(sql + " ORDER BY id", (review_id,))]

    def events(self, review_id: str | None = None, *, limit: int = 200) -> list[dict[str, Any]]:
        with self.connect() as con:
            if review_id is None:
                rows = con.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            else:
                rows = con.execute(
                    "SELECT * FROM events WHERE review_id = ? ORDER BY id LIMIT ?", (review_id, limit)
                ).fetchall()
        return [dict(r) for r in rows]

    def event(self, user: str, action: str, detail: str = "", *, review_id: str | None = None) -> None:
        with self.connect() as con:
            self._event(con, user, action, detail, review_id=review_id)

    def _event(
        self,
        con: sqlite3.Connection,
        user: str,
        action: str,
        detail: str,
        *,
        review_id: str | None = None,
        batch_id: str | None = None,
    ) -> None:
        con.execute(
            "INSERT INTO events (at, user, review_id, batch_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (now(), user, review_id, batch_id, action, detail),
        )

    # --- per-user settings ----------------------------------------------------------------------------

    def settings(self, user: str) -> dict[str, Any]:
        with self.connect() as con:
            row = con.execute("SELECT data FROM user_settings WHERE user = ?", (user,)).fetchone()
        return json.loads(row[0]) if row else {}

    def save_settings(self, user: str, data: dict[str, Any]) -> None:
        with self.transaction() as con:
            con.execute(
                "INSERT INTO user_settings (user, data, updated) VALUES (?, ?, ?)"
                " ON CONFLICT(user) DO UPDATE SET data = excluded.data, updated = excluded.updated",
                (user, json.dumps(data, ensure_ascii=False), now()),
            )
            self._event(con, user, "settings", "")

    # --- sessions -------------------------------------------------------------------------------------

    def new_session(self, user: str | None) -> Session:
        session = Session(secrets.token_urlsafe(32), user, secrets.token_urlsafe(32))
        with self.connect() as con:
            con.execute(
                "INSERT INTO sessions (id, user, csrf, created, seen) VALUES (?, ?, ?, ?, ?)",
                (session.id, user, session.csrf, now(), time.time()),
            )
            con.execute("DELETE FROM sessions WHERE seen < ?", (time.time() - SESSION_SECONDS,))
        return session

    def session(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self.connect() as con:
            row = con.execute("SELECT id, user, csrf, seen FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None or row["seen"] < time.time() - SESSION_SECONDS:
                return None
            if row["seen"] < time.time() - 60:
                con.execute("UPDATE sessions SET seen = ? WHERE id = ?", (time.time(), session_id))
        return Session(row["id"], row["user"], row["csrf"])

    def end_session(self, session_id: str) -> None:
        with self.connect() as con:
            con.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- batches ---------------------------------------------------------------------------------------

    def add_batch(self, batch_id: str, user: str, lang: str, files: int) -> None:
        with self.transaction() as con:
            con.execute(
                "INSERT INTO batches (id, created, created_by, lang, status, files) VALUES (?, ?, ?, ?, 'queued', ?)",
                (batch_id, now(), user, lang, files),
            )
            self._event(con, user, "batch", str(files), batch_id=batch_id)

    def batch(self, batch_id: str) -> BatchRow | None:
        with self.connect() as con:
            row = con.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return BatchRow(**dict(row)) if row else None

    def batches(self, limit: int = 100) -> list[BatchRow]:
        with self.connect() as con:
            rows = con.execute("SELECT * FROM batches ORDER BY created DESC, rowid DESC LIMIT ?", (limit,))
            return [BatchRow(**dict(r)) for r in rows]

    def pending_batches(self) -> list[BatchRow]:
        with self.connect() as con:
            rows = con.execute("SELECT * FROM batches WHERE status IN ('queued', 'running') ORDER BY created")
            return [BatchRow(**dict(r)) for r in rows]

    def set_batch_status(self, batch_id: str, status: str) -> None:
        with self.connect() as con:
            con.execute("UPDATE batches SET status = ? WHERE id = ?", (status, batch_id))

    def finish_batch(self, batch_id: str, record: dict[str, Any]) -> None:
        with self.connect() as con:
            if record.get("status") == "ok":
                con.execute(
                    "UPDATE batches SET status = 'done', ok = ?, failed = ?, rows_json = ?, finished = ? WHERE id = ?",
                    (
                        record.get("ok"),
                        record.get("failed"),
                        json.dumps(record.get("rows", []), ensure_ascii=False),
                        now(),
                        batch_id,
                    ),
                )
            else:
                con.execute(
                    "UPDATE batches SET status = 'error', error_code = ?, error_message = ?, finished = ? WHERE id = ?",
                    (record.get("exit_code"), record.get("error"), now(), batch_id),
                )
