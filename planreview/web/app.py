"""The web app: pages for planners and an HTTP API (``/api/v1``) for case systems.

``create_app(config)`` builds a FastAPI application over ``WebService``. Who gets in: on a
loopback address without a users file, the one local user (no login); with a users file,
a login for the pages (a session cookie) and API tokens (``Authorization: Bearer``) for scripts.
``check_config`` refuses a non-loopback address without a users file. Every form carries a CSRF
token, a cookie-authenticated API call that changes something carries it as ``X-CSRF-Token``,
and a request that another web site sends (its ``Origin``) is refused. A local server answers
only to its own host names (no DNS rebinding). Uploads go into the server's own storage under
generated names, bounded by ``planreview.limits``; plan text is escaped everywhere.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, limits
from ..errors import ExitCode, InputNotFound, PlanreviewError, UsageProblem
from ..messages import Lang, say, set_malform
from .auth import Users, load_users
from .service import JobFailed, WebService, error_of, new_upload_name, output_name, safe_stem
from .store import Session, Store, new_id
from .texts import text

if TYPE_CHECKING:
    from ..compare import Comparison

log = logging.getLogger("planreview.web")

SESSION_COOKIE = "planreview_okt"
MALFORM_COOKIE = "planreview_malform"
LOCAL_USER = "lokal"

HTTP_STATUS = {
    ExitCode.USAGE: 400,
    ExitCode.NOT_FOUND: 404,
    ExitCode.UNSUPPORTED: 415,
    ExitCode.CORRUPT: 422,
    ExitCode.ENCRYPTED: 422,
    ExitCode.EMPTY: 422,
    ExitCode.ENCODING: 422,
    ExitCode.CHECKLIST: 422,
    ExitCode.TEMPLATE: 422,
    ExitCode.SETTINGS: 422,
    ExitCode.OVERRIDES: 422,
    ExitCode.OUTPUT: 500,
    ExitCode.LIMIT: 413,
    ExitCode.INTERNAL: 500,
}


@dataclass(frozen=True)
class ServeConfig:
    """How ``planreview serve`` runs."""

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    users: Path | None = None
    checklist: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    """Host names the server answers to besides its own (a local server answers only to those)."""


def is_local(host: str) -> bool:
    """Whether ``host`` is a loopback address (127.0.0.0/8, ::1) or «localhost»."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_db() -> Path:
    """The database in the user's data folder: ``$XDG_DATA_HOME/planreview/planreview.sqlite3``."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "planreview" / "planreview.sqlite3"


def check_config(config: ServeConfig) -> Users | None:
    """The users, checked before the server starts: refuses (UsageProblem, exit 2) an address that
    is not loopback without a users file with at least one user; a bad users file is exit 11."""
    users = load_users(config.users) if config.users is not None else None
    if not is_local(config.host) and (users is None or not users.passwords):
        raise UsageProblem(
            say("serve_needs_auth", host=config.host)
            if users is None
            else say("serve_needs_users", host=config.host, path=config.users)
        )
    return users


# --- identity --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """The user behind a request."""

    user: str
    """The id that keeps the user's settings."""
    name: str
    """The name recorded as who did what."""
    via: str
    """"session", "token" or "local"."""
    session: Session | None = None


@dataclass
class Web:
    """Everything a request handler needs."""

    config: ServeConfig
    store: Store
    service: WebService
    users: Users | None
    templates: Any = None
    hosts: set[str] = field(default_factory=set)

    @property
    def auth(self) -> bool:
        return self.users is not None

    def who(self, request: Request) -> Who | None:
        session = self.store.session(request.cookies.get(SESSION_COOKIE))
        if self.users is None:
            data = self.store.settings(LOCAL_USER)
            return Who(LOCAL_USER, data.get("case_officer") or LOCAL_USER, "local", session)
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            found = self.users.check_token(header[7:].strip())
            return Who(found.id, found.name, "token") if found else None
        if session is not None and session.user:
            found = self.users.user(session.user)
            if found is not None:
                return Who(found.id, found.name, "session", session)
        return None


def ui_lang(request: Request) -> Lang:
    """The målform of pages: the user's choice (a cookie), nynorsk by default."""
    value = request.query_params.get("malform") or request.cookies.get(MALFORM_COOKIE)
    return "nb" if value == "nb" else "nn"


def api_lang(request: Request) -> Lang:
    """The målform of API messages: ``?malform=nb``, else ``Accept-Language`` (nb, no), else nynorsk."""
    value = request.query_params.get("malform")
    if value in ("nn", "nb"):
        return value  # type: ignore[return-value]
    accept = request.headers.get("accept-language", "").lower()
    for part in accept.split(","):
        tag = part.split(";")[0].strip()
        if tag.startswith("nn"):
            return "nn"
        if tag.startswith(("nb", "no")):
            return "nb"
    return "nn"


def error_json(code: int | None, kind: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "kind": kind, "message": message}}, status_code=status)


def planreview_error(exc: PlanreviewError) -> JSONResponse:
    """A PlanreviewError as the API's error JSON: the CLI's exit code and message."""
    code = ExitCode(int(exc.exit_code))
    kind = type(exc).__name__ if type(exc) is not PlanreviewError else _KIND.get(code, "PlanreviewError")
    return error_json(int(code), kind, " ".join(str(exc).split()), HTTP_STATUS.get(code, 422))


_KIND = {
    ExitCode.NOT_FOUND: "InputNotFound",
    ExitCode.UNSUPPORTED: "UnsupportedFormat",
    ExitCode.CORRUPT: "CorruptDocument",
    ExitCode.ENCRYPTED: "EncryptedDocument",
    ExitCode.EMPTY: "EmptyDocument",
    ExitCode.ENCODING: "EncodingProblem",
    ExitCode.OVERRIDES: "OverridesError",
    ExitCode.LIMIT: "LimitExceeded",
    ExitCode.INTERNAL: "InternalError",
}


class BodyTooLarge(Exception):
    def __init__(self, limit: limits.Limit, size: int) -> None:
        super().__init__(limit.env)
        self.limit = limit
        self.size = size


class UploadGuard:
    """ASGI middleware: a request body larger than the upload limits is refused as it arrives
    (``Content-Length`` first, then counting), before anything is stored."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        many = path.startswith(("/api/v1/batches", "/samla"))
        limit = limits.BATCH_UPLOAD if many else limits.FILE_SIZE
        allowed = limit.nbytes() + (1 << 20)  # the multipart wrapping
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > allowed:
            await _send_too_large(scope, send, limit, int(length))
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > allowed:
                    raise BodyTooLarge(limit, seen)
            return message

        await self.app(scope, counting, send)


async def _send_too_large(scope: Scope, send: Send, limit: limits.Limit, size: int) -> None:
    lang: Lang = "nb" if b"malform=nb" in scope.get("query_string", b"") else "nn"
    message = say("upload_too_big", lang, limit=limit.shown(), env=limit.env)
    body = json.dumps(
        {"error": {"code": int(ExitCode.LIMIT), "kind": "LimitExceeded", "message": message}}, ensure_ascii=False
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def create_app(config: ServeConfig, users: Users | None = None) -> FastAPI:
    """The application; ``users`` as ``check_config`` read them (read here when not given)."""
    if users is None and config.users is not None:
        users = check_config(config)
    store = Store(config.db)
    (store.files / "tmp").mkdir(exist_ok=True)
    # multiprocessing keeps its sockets (the fork server's) in a folder it makes once, in the system's
    # temporary folder (a socket's path must be short): make it now, before ...
    import multiprocessing.util

    multiprocessing.util.get_temp_dir()
    service = WebService(store, config.workers, config.checklist)
    web = Web(config, store, service, users)
    local_names = {"localhost", "127.0.0.1", "::1", "[::1]"}
    web.hosts = {h.lower() for h in (*local_names, config.host, *config.allowed_hosts)}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # ... the form parser's spooled uploads go to the store's own folder while the app runs.
        previous = tempfile.tempdir
        tempfile.tempdir = str(store.files / "tmp")
        service.start()
        try:
            yield
        finally:
            service.stop()
            tempfile.tempdir = previous

    app = FastAPI(
        title="planreview",
        version=__version__,
        description=(
            "Vurdering av korleis kommunale planar tek med innvandrarbefolkninga og integrering. "
            "Feil kjem som JSON med same kode og melding som kommandolinja (`planreview`)."
        ),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = web

    from .templating import environment

    web.templates = environment()

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        lang = api_lang(request)
        return error_json(
            int(ExitCode.LIMIT),
            "LimitExceeded",
            say("upload_too_big", lang, limit=exc.limit.shown(), env=exc.limit.env),
            413,
        )

    @app.exception_handler(PlanreviewError)
    async def _planreview_error(request: Request, exc: PlanreviewError) -> Response:
        return planreview_error(exc)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        lang = api_lang(request) if request.url.path.startswith("/api/") else ui_lang(request)
        set_malform(lang)
        host = (request.headers.get("host") or "").lower()
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if is_local(config.host) and hostname not in web.hosts:
            return error_json(None, "BadHost", text("e_host", lang), 421)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and origin != "null":
                if urlsplit(origin).netloc.lower() != host:
                    return error_json(None, "CrossOrigin", text("e_origin", lang), 403)
            elif request.headers.get("sec-fetch-site") == "cross-site":
                return error_json(None, "CrossOrigin", text("e_origin", lang), 403)
        try:
            response = await call_next(request)
        except Exception:
            log.exception("request failed: %s %s", request.method, request.url.path)
            response = error_json(int(ExitCode.INTERNAL), "InternalError", text("e_internal", lang), 500)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    from . import api_routes, pages

    api_routes.add_routes(app, web)
    pages.add_routes(app, web)
    app.add_middleware(UploadGuard)
    return app


# --- helpers shared by the pages and the API -------------------------------------------------------------


async def save_upload(upload: UploadFile, dest: Path, name: str, limit: limits.Limit = limits.FILE_SIZE) -> int:
    """Copy an upload into the store under ``dest`` (a generated name); returns its size. Over the
    limit: LimitExceeded (exit 16) naming the upload, and nothing is kept."""
    size = 0
    cap = limit.nbytes()
    try:
        with dest.open("wb") as fh:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > cap:
                    raise limits.exceeded(limit, name, limits.mib(size))
                fh.write(chunk)
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise
    return size


def upload_name(upload: UploadFile) -> str:
    """The upload's own file name, for display only (never used as a path)."""
    raw = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return " ".join(raw.split())[:200] or "plan"


async def receive_review(web: Web, form: FormData, who: Who, lang: Lang, malform: str | None = None) -> str:
    """A review from an upload form (field ``file``; ``mode`` county or self; ``malform`` of the
    letter and messages, else ``malform`` (the request's ``?malform=``), else the user's setting,
    else nynorsk): checked, stored and queued. Returns the review's id."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise UsageProblem(say("upload_empty"))
    name = upload_name(upload)
    ext = web.service.check_upload_name(name)
    review_id, stored = new_upload_name(ext)
    size = await save_upload(upload, web.store.upload_path(stored), name)
    mode = "self" if form.get("mode") == "self" else "county"
    letter = form.get("malform") or malform or web.store.settings(who.user).get("letter_malform") or "nn"
    out_lang: Lang = "nb" if letter == "nb" else "nn"
    if mode == "self":
        out_lang = lang  # until the municipality is known; then its own målform
    web.service.add_review(
        filename=name, stored=stored, size=size, user=who.name, mode=mode, lang=out_lang, review_id=review_id
    )
    return review_id


async def receive_batch(web: Web, form: FormData, who: Who, lang: Lang) -> str:
    """A batch from an upload form (field ``files``: plans and ZIP files of plans): stored under
    safe names in the batch's own folder and queued. Returns the batch's id."""
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        raise UsageProblem(say("upload_empty"))
    batch_id = new_id()
    folder = web.service.batch_inputs(batch_id)
    count = 0
    try:
        for upload in uploads:
            name = upload_name(upload)
            ext = Path(name).suffix.lower()
            if ext == ".zip":
                tmp = folder.parent / f"upload-{count}.zip"
                await save_upload(upload, tmp, name, limits.BATCH_UPLOAD)
                count += web.service.unpack_zip(tmp, folder, count, name)
                tmp.unlink()
                continue
            web.service.check_upload_name(name)
            if count >= limits.BATCH_FILES.count():
                raise limits.exceeded(limits.BATCH_FILES, name, f"> {limits.BATCH_FILES.count()}")
            await save_upload(upload, folder / f"{count + 1:04d}-{safe_stem(name)}{ext}", name)
            count += 1
        if count == 0:
            raise UsageProblem(say("upload_empty"))
    except BaseException:
        web.service.discard_batch(batch_id)
        raise
    chosen = web.store.settings(who.user).get("letter_malform") or form.get("malform") or lang
    web.service.add_batch(batch_id, who.name, "nb" if chosen == "nb" else "nn", count)
    return batch_id


def review_or_404(web: Web, review_id: str) -> Any:
    row = web.store.review(review_id) if review_id.isalnum() and len(review_id) <= 64 else None
    if row is None:
        from ..messages import current_malform

        raise InputNotFound(text("e_not_found", current_malform(), what=review_id), path=review_id)
    return row


def not_ready(row: Any, lang: Lang) -> PlanreviewError:
    if row.status == "error":
        exc = error_of({"error": row.error_message, "exit_code": row.error_code})
        return exc
    exc = PlanreviewError(text("e_not_ready", lang, status=row.status))
    exc.exit_code = ExitCode.USAGE
    return exc


async def download(web: Web, who: Who, row: Any, fmt: str, lang: Lang, *, inline: bool = False) -> Response:
    """One output of a review with its active corrections, in ``lang``, with the user's letter settings."""
    if row.status != "done":
        raise not_ready(row, lang)
    settings = web.service.letter_settings(who.user)
    try:
        rendered = await web.service.render(row, lang, settings)
    except JobFailed as failed:
        raise error_of(failed.record) from None
    except TimeoutError:
        exc = PlanreviewError(text("e_timeout", lang))
        raise exc from None
    path = rendered.folder / output_name(safe_stem(row.filename), fmt, lang)
    if not path.exists():
        if fmt == "docx":
            exc = PlanreviewError(text("no_letter_regional", lang))
            exc.exit_code = ExitCode.NOT_FOUND
            raise exc
        raise InputNotFound(text("e_not_found", lang, what=path.name))
    media = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "json": "application/json",
    }[fmt]
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(path.name)}"}
    if fmt == "html":
        # the report has no scripts: it may be framed by our page, and runs nothing
        headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
        )
    return FileResponse(path, media_type=media, headers=headers)


async def comparison(web: Web, who: Who, review_id: str, previous_id: str, lang: Lang) -> tuple[Any, Any, Comparison]:
    """The newer review, the earlier one, and what changed between them (``WebService.compare``), in
    ``lang`` with the user's letter settings. Raises the PlanreviewError a page or the API shows:
    InputNotFound (3) for an unknown id, UsageProblem (2) for one review twice or one that is not
    done, ChecklistError (9) for reviews scored against different checklists."""
    new = review_or_404(web, review_id)
    old = review_or_404(web, previous_id)
    if old.id == new.id:
        raise UsageProblem(text("e_same_version", lang))
    for row in (old, new):
        if row.status != "done":
            raise not_ready(row, lang)
    try:
        compared = await web.service.compare(old, new, lang, web.service.letter_settings(who.user))
    except JobFailed as failed:
        raise error_of(failed.record) from None
    except TimeoutError:
        raise PlanreviewError(text("e_timeout", lang)) from None
    return new, old, compared


def check_csrf(web: Web, who: Who | None, request: Request, form: FormData | None = None) -> bool:
    """Whether a request that changes something carries the session's CSRF token (form field
    ``_csrf`` or header ``X-CSRF-Token``). A request with an API token needs none."""
    if who is not None and who.via == "token":
        return True
    session = web.store.session(request.cookies.get(SESSION_COOKIE))
    given = request.headers.get("x-csrf-token") or (str(form.get("_csrf") or "") if form is not None else "")
    if session is None:
        # a local server's API without a session: curl and scripts (no cookie, so nothing to forge)
        return who is not None and who.via == "local" and request.url.path.startswith("/api/") and not given
    return bool(given) and hmac.compare_digest(given, session.csrf)


__all__ = [
    "LOCAL_USER",
    "ServeConfig",
    "Web",
    "Who",
    "api_lang",
    "check_config",
    "check_csrf",
    "comparison",
    "create_app",
    "default_db",
    "download",
    "is_local",
    "planreview_error",
    "receive_review",
    "review_or_404",
    "ui_lang",
]
