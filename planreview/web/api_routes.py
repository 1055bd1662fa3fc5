"""The HTTP API, ``/api/v1`` (its OpenAPI document is ``/openapi.json``).

Errors are JSON, ``{"error": {"code": 4, "kind": "UnsupportedFormat", "message": "…"}}``, with the
CLI's exit code and message (in nynorsk, or bokmål with ``?malform=nb`` or ``Accept-Language: nb``).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .. import api, register
from ..errors import ExitCode, PlanreviewError, UsageProblem
from ..messages import Lang
from .app import (
    Web,
    Who,
    api_lang,
    check_csrf,
    comparison,
    download,
    error_json,
    not_ready,
    receive_review,
    review_or_404,
)
from .service import SETTING_KEYS, correction_items, safe_stem
from .store import ReviewRow
from .texts import text

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class CorrectionIn(BaseModel):
    """One correction: a new ``level`` for a ``theme`` or ``criterion``, or ``drop_evidence`` (a piece
    of a quote to reject), with a ``reason``. ``by`` is the logged-in user (or, on a local server,
    the name given here or in the settings)."""

    model_config = ConfigDict(extra="forbid")
    theme: Short | None = None
    criterion: Short | None = None
    level: int | None = Field(default=None, ge=0, le=3, strict=True)
    drop_evidence: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)] | None = None
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
    by: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)] | None = None


class CorrectionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    corrections: list[CorrectionIn] = Field(max_length=1000)


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    previous_id: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-f]+$")


class SettingsIn(BaseModel):
    """The user's letter settings (empty or missing: a visible «[fyll inn]» in the letter)."""

    model_config = ConfigDict(extra="forbid")
    county: Short | None = None
    unit: Short | None = None
    address: Short | None = None
    our_ref: Short | None = None
    your_ref: Short | None = None
    date: Short | None = None
    case_officer: Short | None = None
    contact: Short | None = None
    copy_to: Short | None = None
    letter_malform: Literal["nn", "nb"] | None = None


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "The plan: PDF, DOCX, TXT, MD"},
                        "mode": {"type": "string", "enum": ["county", "self"], "default": "county"},
                        "malform": {"type": "string", "enum": ["nn", "nb"], "description": "The letter's målform"},
                    },
                }
            }
        },
    }
}

BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Plans, and/or ZIP files of plans",
                        }
                    },
                }
            }
        },
    }
}

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Wrong request (exit code 2)"},
    401: {"description": "Not logged in, no valid API token"},
    404: {"description": "Not found (exit code 3)"},
    413: {"description": "Over a limit (exit code 16)"},
    415: {"description": "Not a file type planreview reads (exit code 4)"},
    422: {"description": "Bad input: a damaged, encrypted or empty plan (5–8), a correction that does not fit (12)"},
}


def review_summary(row: ReviewRow) -> dict[str, Any]:
    known = register.identify(row.municipality, row.municipality_number)
    body: dict[str, Any] = {
        "id": row.id,
        "status": row.status,
        "filename": row.filename,
        "created": row.created,
        "created_by": row.created_by,
        "mode": row.mode,
        "malform": row.lang,
        "title": row.title,
        "pages": row.pages,
        "plan_type": row.plan_type,
        "stage": row.plan_stage,
        "municipality": row.municipality,
        "municipality_number": row.municipality_number,
        "county": known.county if known else None,
        "previous_id": row.previous_id,
        "links": {
            "self": f"/api/v1/reviews/{row.id}",
            "page": f"/reviews/{row.id}",
            "review_json": f"/api/v1/reviews/{row.id}/review.json",
            "letter": f"/api/v1/reviews/{row.id}/letter.docx",
            "report": f"/api/v1/reviews/{row.id}/report.html",
            "corrections": f"/api/v1/reviews/{row.id}/corrections",
        },
    }
    if row.previous_id:
        body["links"]["compare_previous"] = f"/api/v1/reviews/{row.id}/compare/{row.previous_id}"
    return body


def add_routes(app: FastAPI, web: Web) -> None:
    def who_or_401(request: Request) -> Who:
        who = web.who(request)
        if who is None:
            raise _Unauthorized()
        return who

    def require_csrf(request: Request, who: Who) -> None:
        if not check_csrf(web, who, request):
            raise _Forbidden()

    @app.exception_handler(_Unauthorized)
    async def _unauthorized(request: Request, exc: _Unauthorized) -> Response:
        response = error_json(None, "Unauthorized", text("e_unauthorized", api_lang(request)), 401)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(_Forbidden)
    async def _forbidden(request: Request, exc: _Forbidden) -> Response:
        return error_json(None, "Csrf", text("e_csrf", api_lang(request)), 403)

    def status_body(row: ReviewRow, lang: Lang) -> dict[str, Any]:
        body = review_summary(row)
        if row.status == "done":
            body["review"] = row.result()
        elif row.status == "error":
            body["error"] = {
                "code": row.error_code,
                "kind": row.error_kind,
                "message": row.error_message,
            }
        else:
            body["position"] = web.service.position(row.id)
            stage = web.store.stage(row.id)
            if stage:
                body["stage"] = stage
        return body

    @app.get("/api/v1/checklists", tags=["checklists"], summary="The checklists that can be used")
    def checklists(request: Request) -> list[dict[str, Any]]:
        who_or_401(request)
        return [
            {"id": c.id, "version": c.version, "title": c.title, "source": c.source, "malformer": list(c.malformer)}
            for c in api.checklists()
        ]

    @app.get("/api/v1/municipalities", tags=["register"], summary="Norway's municipalities (the bundled register)")
    def municipalities(request: Request, q: str | None = None) -> list[dict[str, Any]]:
        who_or_401(request)
        out = []
        for m in register.municipalities():
            if q and q.casefold() not in f"{m.number} {m.name} {m.sami_name or ''}".casefold():
                continue
            out.append(
                {
                    "number": m.number,
                    "name": m.name,
                    "sami_name": m.sami_name,
                    "county_number": m.county_number,
                    "county": m.county,
                    "malform": m.malform,
                }
            )
        return out

    @app.post(
        "/api/v1/reviews",
        tags=["reviews"],
        summary="Upload a plan to review (multipart field «file»)",
        status_code=202,
        openapi_extra=UPLOAD_BODY,
        responses={**ERRORS, 200: {"description": "Done within «wait» seconds: the review"}},
    )
    async def create_review(request: Request, wait: float = 0) -> Response:
        """Stores the plan and queues its review; answers 202 with its id. With ``?wait=N`` (seconds,
        at most 600) it waits for the review and answers 200 with the same JSON as
        ``planreview review --format json`` in ``review``, or the error (its exit code and message)."""
        who = who_or_401(request)
        require_csrf(request, who)
        lang = api_lang(request)
        form = await request.form(max_files=1, max_fields=10)
        try:
            review_id = await receive_review(web, form, who, lang, request.query_params.get("malform"))
        finally:
            await form.close()
        if wait > 0:
            await web.service.wait(review_id, min(wait, 600.0))
        row = web.store.review(review_id)
        assert row is not None
        if row.status == "error":
            return error_json(
                row.error_code, row.error_kind or "PlanreviewError", row.error_message or "", _status(row)
            )
        body = status_body(row, lang)
        return JSONResponse(body, status_code=200 if row.status == "done" else 202)

    @app.get("/api/v1/reviews", tags=["reviews"], summary="The reviews, newest first")
    def list_reviews(request: Request, municipality: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        who_or_401(request)
        rows = web.store.reviews(limit=max(1, min(limit, 5000)))
        if municipality:
            key = municipality.casefold()
            rows = [r for r in rows if key in (r.municipality or "").casefold() or key == r.municipality_number]
        return [review_summary(r) for r in rows]

    @app.get("/api/v1/reviews/{review_id}", tags=["reviews"], summary="A review: its status, then its result")
    def get_review(request: Request, review_id: str) -> Response:
        """While queued or running: ``status``, ``position`` in the queue and ``stage``. When done:
        ``review`` holds the same JSON as ``planreview review --format json`` (with the corrections).
        A plan that could not be reviewed: ``error`` with the CLI's exit code and message."""
        who_or_401(request)
        row = review_or_404(web, review_id)
        return JSONResponse(status_body(row, api_lang(request)))

    @app.get(
        "/api/v1/reviews/{review_id}/review.json",
        tags=["reviews"],
        summary="The review JSON (as planreview review --format json)",
    )
    async def review_json(request: Request, review_id: str, malform: Literal["nn", "nb"] | None = None) -> Response:
        who = who_or_401(request)
        row = review_or_404(web, review_id)
        return await download(web, who, row, "json", malform or row.lang)

    @app.get("/api/v1/reviews/{review_id}/letter.docx", tags=["reviews"], summary="The letter (Word)")
    async def letter(request: Request, review_id: str, malform: Literal["nn", "nb"] | None = None) -> Response:
        """The county's letter with the corrections, in nynorsk (or ``?malform=nb``), with the user's
        letter settings. A regional plan has no letter (404)."""
        who = who_or_401(request)
        row = review_or_404(web, review_id)
        lang = malform or web.store.settings(who.user).get("letter_malform") or row.lang
        return await download(web, who, row, "docx", "nb" if lang == "nb" else "nn")

    @app.get("/api/v1/reviews/{review_id}/report.html", tags=["reviews"], summary="The report (HTML)")
    async def report(
        request: Request, review_id: str, malform: Literal["nn", "nb"] | None = None, inline: bool = False
    ) -> Response:
        who = who_or_401(request)
        row = review_or_404(web, review_id)
        return await download(web, who, row, "html", malform or row.lang, inline=inline)

    @app.get("/api/v1/reviews/{review_id}/report.md", tags=["reviews"], summary="The report (Markdown)")
    async def report_md(request: Request, review_id: str, malform: Literal["nn", "nb"] | None = None) -> Response:
        who = who_or_401(request)
        row = review_or_404(web, review_id)
        return await download(web, who, row, "md", malform or row.lang)

    @app.get("/api/v1/reviews/{review_id}/corrections", tags=["corrections"], summary="Corrections, with who and when")
    def get_corrections(request: Request, review_id: str, all: bool = False) -> list[dict[str, Any]]:
        """The active corrections (``?all=true``: also those withdrawn, with who withdrew them when)."""
        who_or_401(request)
        row = review_or_404(web, review_id)
        return [
            {
                "id": c.id,
                "theme": c.theme,
                "criterion": c.criterion,
                "level": c.level,
                "drop_evidence": c.drop_evidence,
                "reason": c.reason,
                "by": c.by_user,
                "at": c.at,
                "withdrawn_by": c.withdrawn_by,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in web.store.corrections(row.id, active_only=not all)
        ]

    @app.get(
        "/api/v1/reviews/{review_id}/corrections.yaml",
        tags=["corrections"],
        summary="The corrections as an overrides file (planreview review --overrides)",
    )
    def corrections_yaml(request: Request, review_id: str) -> Response:
        who_or_401(request)
        row = review_or_404(web, review_id)
        items = [
            api.Correction(
                reason=c.reason,
                by=c.by_user,
                theme=c.theme,
                criterion=c.criterion,
                level=c.level,
                drop_evidence=c.drop_evidence,
                at=c.at,
            )
            for c in web.store.corrections(row.id)
        ]
        name = f"{safe_stem(row.filename)}-rettingar.yaml"
        return PlainTextResponse(
            api.corrections_yaml(items),
            media_type="application/yaml; charset=utf-8",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def apply(request: Request, review_id: str, items: list[CorrectionIn], *, replace: bool) -> Response:
        who = who_or_401(request)
        require_csrf(request, who)
        row = review_or_404(web, review_id)
        lang = api_lang(request)
        if row.status != "done":
            raise not_ready(row, lang)
        data = correction_items(c.model_dump() for c in items)
        for item in data:
            if who.via != "local" or not item.get("by"):
                item["by"] = who.name
        result = await web.service.correct(row, data, who.name, web.service.letter_settings(who.user), replace=replace)
        return JSONResponse(result)

    @app.put(
        "/api/v1/reviews/{review_id}/corrections",
        tags=["corrections"],
        summary="Replace the corrections (the letter and report are made again)",
        responses=ERRORS,
    )
    async def put_corrections(request: Request, review_id: str, body: CorrectionsIn) -> Response:
        """Answers with the corrected review JSON. A correction that does not fit the checklist, or a
        ``drop_evidence`` that matches no quote, is refused with exit code 12 and nothing changes."""
        return await apply(request, review_id, body.corrections, replace=True)

    @app.post(
        "/api/v1/reviews/{review_id}/corrections",
        tags=["corrections"],
        summary="Add one correction",
        responses=ERRORS,
    )
    async def post_correction(request: Request, review_id: str, body: CorrectionIn) -> Response:
        return await apply(request, review_id, [body], replace=False)

    @app.delete("/api/v1/reviews/{review_id}/corrections/{correction_id}", tags=["corrections"])
    async def delete_correction(request: Request, review_id: str, correction_id: int) -> Response:
        """Withdraw a correction (it stays in the audit trail)."""
        who = who_or_401(request)
        require_csrf(request, who)
        row = review_or_404(web, review_id)
        await web.service.withdraw(row, correction_id, who.name, web.service.letter_settings(who.user))
        updated = web.store.review(review_id)
        return JSONResponse(updated.result() if updated else None)

    @app.put("/api/v1/reviews/{review_id}/previous", tags=["reviews"], summary="Link to the plan's earlier version")
    def put_previous(request: Request, review_id: str, body: LinkIn) -> dict[str, Any]:
        who = who_or_401(request)
        require_csrf(request, who)
        row = review_or_404(web, review_id)
        if body.previous_id is not None:
            other = review_or_404(web, body.previous_id)
            if other.id == row.id:
                raise UsageProblem(text("e_bad_request", api_lang(request), detail="previous_id"))
        web.store.link(row.id, body.previous_id, who.name)
        updated = web.store.review(row.id)
        assert updated is not None
        return review_summary(updated)

    @app.get(
        "/api/v1/reviews/{review_id}/compare/{previous_id}",
        tags=["reviews"],
        summary="What changed since an earlier version (as planreview compare --format json)",
        responses={**ERRORS, 422: {"description": "Scored against different checklists (exit code 9)"}},
    )
    async def compare(request: Request, review_id: str, previous_id: str) -> Response:
        """``review_id`` is the newer version, ``previous_id`` the earlier one: any two finished
        reviews (usually two versions of one plan, see ``previous_id``). Answers the JSON of
        ``planreview compare OLD NEW --format json``: levels before and after per theme and criterion,
        quotes added, removed and changed, flags gained and lost, and whether the earlier letter's
        recommendations were followed. Each side is the review JSON with its corrections, and the
        stored plan is read again so that every sentence of it is known. In nynorsk, or bokmål with
        ``?malform=nb`` or ``Accept-Language: nb``. An unknown id is exit code 3 (404), reviews
        scored against different checklists exit code 9 (422)."""
        who = who_or_401(request)
        _new, _old, compared = await comparison(web, who, review_id, previous_id, api_lang(request))
        return JSONResponse(compared.to_json())

    @app.get("/api/v1/reviews/{review_id}/pages/{index}", tags=["reviews"], summary="A page of the plan as text")
    def page_text(request: Request, review_id: str, index: int) -> dict[str, Any]:
        who_or_401(request)
        row = review_or_404(web, review_id)
        pages = read_pages(web, row)
        if not 0 <= index < len(pages):
            raise PlanreviewError(text("e_not_found", api_lang(request), what=f"{index}"))
        return pages[index]

    @app.get("/api/v1/settings", tags=["settings"], summary="The user's letter settings")
    def get_settings(request: Request) -> dict[str, Any]:
        who = who_or_401(request)
        data = web.store.settings(who.user)
        return {k: data.get(k) for k in (*SETTING_KEYS, "letter_malform")}

    @app.put("/api/v1/settings", tags=["settings"], summary="Keep the user's letter settings")
    def put_settings(request: Request, body: SettingsIn) -> dict[str, Any]:
        who = who_or_401(request)
        require_csrf(request, who)
        data = body.model_dump()
        web.store.save_settings(who.user, data)
        return data

    @app.post(
        "/api/v1/batches",
        tags=["batches"],
        summary="Upload several plans or a ZIP file to review together",
        status_code=202,
        openapi_extra=BATCH_BODY,
        responses=ERRORS,
    )
    async def create_batch(request: Request) -> Response:
        who = who_or_401(request)
        require_csrf(request, who)
        from .app import receive_batch

        form = await request.form(max_files=limits_files(), max_fields=10)
        try:
            batch_id = await receive_batch(web, form, who, api_lang(request))
        finally:
            await form.close()
        return JSONResponse({"id": batch_id, "status": "queued", "links": {"self": f"/api/v1/batches/{batch_id}"}}, 202)

    @app.get("/api/v1/batches/{batch_id}", tags=["batches"], summary="A batch: its status, then the matrix rows")
    def get_batch(request: Request, batch_id: str) -> dict[str, Any]:
        who_or_401(request)
        b = batch_or_404(web, batch_id, api_lang(request))
        body: dict[str, Any] = {
            "id": b.id,
            "status": b.status,
            "files": b.files,
            "created": b.created,
            "created_by": b.created_by,
            "links": {
                "xlsx": f"/api/v1/batches/{b.id}/matrix.xlsx",
                "csv": f"/api/v1/batches/{b.id}/matrix.csv",
                "page": f"/samla/{b.id}",
            },
        }
        if b.status == "done":
            body.update(ok=b.ok, failed=b.failed, rows=b.rows())
        elif b.status == "error":
            body["error"] = {"code": b.error_code, "message": b.error_message}
        else:
            body["stage"] = web.store.stage(b.id)
        return body

    @app.get("/api/v1/batches/{batch_id}/matrix.{fmt}", tags=["batches"], summary="The matrix (XLSX or CSV)")
    def batch_matrix(request: Request, batch_id: str, fmt: Literal["xlsx", "csv"]) -> Response:
        from fastapi.responses import FileResponse

        who_or_401(request)
        lang = api_lang(request)
        b = batch_or_404(web, batch_id, lang)
        path = web.store.batch_dir(b.id) / "out" / f"matrix.{fmt}"
        if b.status != "done" or not path.exists():
            exc = PlanreviewError(text("e_not_ready", lang, status=b.status))
            exc.exit_code = ExitCode.USAGE
            raise exc
        media = (
            "text/csv; charset=utf-8"
            if fmt == "csv"
            else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        return FileResponse(
            path, media_type=media, headers={"Content-Disposition": f'attachment; filename="matrise-{b.id[:8]}.{fmt}"'}
        )


def _status(row: ReviewRow) -> int:
    from .app import HTTP_STATUS

    try:
        return HTTP_STATUS.get(ExitCode(int(row.error_code or 70)), 422)
    except ValueError:
        return 422


def read_pages(web: Web, row: ReviewRow) -> list[dict[str, Any]]:
    path = web.store.out_dir(row.id, "pages.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def batch_or_404(web: Web, batch_id: str, lang: Lang) -> Any:
    from ..errors import InputNotFound

    b = web.store.batch(batch_id) if batch_id.isalnum() and len(batch_id) <= 64 else None
    if b is None:
        raise InputNotFound(text("e_not_found", lang, what=batch_id), path=batch_id)
    return b


def limits_files() -> int:
    from .. import limits

    return limits.BATCH_FILES.count()


class _Unauthorized(Exception):
    pass


class _Forbidden(Exception):
    pass


__all__ = ["add_routes", "batch_or_404", "read_pages", "review_summary"]
