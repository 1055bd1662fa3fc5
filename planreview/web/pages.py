"""The pages planners use (server-rendered Jinja, nynorsk or bokmål; every form with a CSRF token)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from .. import api, register
from ..errors import PlanreviewError, UsageProblem
from ..messages import Lang
from ..score.model import Reason
from .api_routes import batch_or_404, read_pages
from .app import (
    LOCAL_USER,
    MALFORM_COOKIE,
    SESSION_COOKIE,
    Web,
    Who,
    check_csrf,
    comparison,
    receive_batch,
    receive_review,
    review_or_404,
    ui_lang,
)
from .service import SETTING_KEYS, JobFailed, correction_items, error_of
from .store import SESSION_SECONDS, ReviewRow, Session
from .templating import STATIC
from .texts import text

STAGES = ("queued", "reading", "scoring", "writing", "done")


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def highlight(block: str, quote_text: str) -> Markup:
    """A block of plan text, escaped, with the quote marked where it stands in it."""
    if not quote_text:
        return escape(block)
    flat = " ".join(block.split())
    needle = " ".join(quote_text.split())
    at = flat.casefold().find(needle.casefold())
    if at < 0 and len(needle) > 60:
        needle = needle[:60]
        at = flat.casefold().find(needle.casefold())
    if at < 0:
        return escape(flat)
    end = at + len(needle)
    return Markup("{}<mark>{}</mark>{}").format(flat[:at], flat[at:end], flat[end:])


def page_of(pages: list[dict[str, Any]], quote_text: str, label: str | None) -> int | None:
    """The index of the page that holds the quote (its text, else its printed page label)."""
    needle = _norm(quote_text)[:60]
    for p in pages:
        if needle and needle in _norm(" ".join(b["text"] for b in p["blocks"])):
            return int(p["index"])
    for p in pages:
        if label and p.get("label") == label:
            return int(p["index"])
    return None


def theme_views(web: Web, row: ReviewRow, result: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """What the result page shows per theme, in the page's målform (plan text as it stands)."""
    from ..render.context import ROLE_LABEL
    from ..render.reasons import explain

    cl = api.load_checklist(row.checklist)
    pages = read_pages(web, row)
    roles = ROLE_LABEL[lang]
    out = []
    for t in result.get("themes", []):
        try:
            theme = cl.theme(t["id"])
        except StopIteration:
            continue
        quotes = []
        for i, e in enumerate(t.get("evidence", [])):
            reason = e.get("reason")
            why = ""
            if isinstance(reason, dict):
                why = explain(
                    Reason(
                        anchor=tuple(reason.get("anchor") or ()),
                        anchor_from=reason.get("anchor_from") or "",
                        heading=reason.get("heading"),
                        role_from=reason.get("role_from") or "none",
                        theme_words=tuple(reason.get("theme_words") or ()),
                        operational=tuple(reason.get("operational") or ()),
                        capped_by=reason.get("capped_by"),
                    ),
                    lang,
                )
            quotes.append(
                {
                    "n": i,
                    "text": e.get("text", ""),
                    "page": e.get("page"),
                    "page_index": page_of(pages, e.get("text", ""), e.get("page")),
                    "section": " › ".join((e.get("section") or [])[-2:]),
                    "role": roles.get(e.get("role") or "none", roles["none"]),
                    "level": e.get("level"),
                    "why": why,
                }
            )
        out.append(
            {
                "id": t["id"],
                "title": theme.title.get(lang),
                "level": t["level"],
                "label": cl.label(t["level"], lang),
                "score": t.get("score"),
                "quotes": quotes,
            }
        )
    return out


def flag_views(row: ReviewRow, result: dict[str, Any], lang: Lang) -> list[dict[str, str]]:
    cl = api.load_checklist(row.checklist)
    known = {f.id: f for f in cl.flags}
    out = []
    for f in result.get("flags", []):
        flag = known.get(f["id"])
        out.append(
            {
                "id": f["id"],
                "title": flag.title.get(lang) if flag else f.get("title", ""),
                "message": flag.message.get(lang) if flag else f.get("message", ""),
            }
        )
    return out


def correction_text(web: Web, row: ReviewRow, c: Any, lang: Lang) -> str:
    cl = api.load_checklist(row.checklist)
    theme_id = c.theme or (c.criterion or "").split(".")[0]
    try:
        title = cl.theme(theme_id).title.get(lang) if theme_id else ""
    except StopIteration:
        title = theme_id
    if c.drop_evidence:
        short = c.drop_evidence if len(c.drop_evidence) <= 120 else c.drop_evidence[:117] + "…"
        return text("correction_drop", lang, theme=title or "–", quote=short)
    target = f"{title} ({c.criterion})" if c.criterion else title
    return text("correction_level", lang, theme=target, level=c.level)


def add_routes(app: FastAPI, web: Web) -> None:
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def session_for(request: Request) -> tuple[Session, bool]:
        """The request's session, or a new anonymous one (it carries the CSRF token of the forms)."""
        found = web.store.session(request.cookies.get(SESSION_COOKIE))
        if found is not None:
            return found, False
        return web.store.new_session(None), True

    def set_session_cookie(request: Request, response: Response, session: Session) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            session.id,
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )

    def render(request: Request, name: str, who: Who | None, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = ui_lang(request)
        session, new = session_for(request)

        def t(key: str, **kw: Any) -> str:
            return text(key, lang, **kw)

        from ..read import SUPPORTED

        body = web.templates.get_template(name).render(
            t=t,
            accept=",".join(sorted(SUPPORTED)),
            lang=lang,
            other_lang="nb" if lang == "nn" else "nn",
            who=who,
            auth=web.auth,
            csrf=session.csrf,
            path=request.url.path,
            local_user=text("local_user", lang) if who is not None and who.via == "local" else None,
            **ctx,
        )
        response = HTMLResponse(body, status_code=status)
        if new:
            set_session_cookie(request, response, session)
        response.headers["Cache-Control"] = "no-store"
        return response

    def login_redirect(request: Request) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/logg-inn?neste={quote(target, safe='/')}", status_code=303)

    def error_page(request: Request, who: Who | None, exc: PlanreviewError, heading: str | None = None) -> HTMLResponse:
        from .app import HTTP_STATUS

        code = int(exc.exit_code)
        status = HTTP_STATUS.get(exc.exit_code, 422)
        return render(request, "error.html.j2", who, status=status, message=str(exc), code=code, heading=heading)

    async def form_of(request: Request, who: Who, *, files: int = 0) -> FormData | Response:
        form = await request.form(max_files=files, max_fields=50)
        if not check_csrf(web, who, request, form):
            await form.close()
            return render(request, "error.html.j2", who, status=403, message=text("e_csrf", ui_lang(request)))
        return form

    async def received(
        request: Request,
        who: Who,
        files: int,
        receive: Callable[[Web, FormData, Who, Lang], Awaitable[str]],
        page: str,
    ) -> Response:
        """An upload form's files stored and queued by ``receive``, then the new item's page
        (``page``/its id); a bad form or upload gets its page with the error."""
        form = await form_of(request, who, files=files)
        if isinstance(form, Response):
            return form
        try:
            new_id = await receive(web, form, who, ui_lang(request))
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        finally:
            await form.close()
        return RedirectResponse(f"{page}/{new_id}", status_code=303)

    # --- login ------------------------------------------------------------------------------------

    @app.get("/logg-inn", include_in_schema=False)
    def login_page(request: Request, neste: str = "/") -> Response:
        if not web.auth:
            return RedirectResponse("/", status_code=303)
        return render(request, "login.html.j2", None, next=_safe_next(neste), failed=False)

    @app.post("/logg-inn", include_in_schema=False)
    async def login(request: Request) -> Response:
        if web.users is None:
            return RedirectResponse("/", status_code=303)
        form = await request.form(max_files=0, max_fields=10)
        session = web.store.session(request.cookies.get(SESSION_COOKIE))
        given = str(form.get("_csrf") or "")
        import hmac

        if session is None or not hmac.compare_digest(given, session.csrf):
            return render(request, "error.html.j2", None, status=403, message=text("e_csrf", ui_lang(request)))
        user = web.users.check_password(str(form.get("username") or ""), str(form.get("password") or ""))
        nxt = _safe_next(str(form.get("next") or "/"))
        if user is None:
            return render(request, "login.html.j2", None, status=401, next=nxt, failed=True)
        web.store.end_session(session.id)
        fresh = web.store.new_session(user.id)
        web.store.event(user.name, "login", "")
        response = RedirectResponse(nxt, status_code=303)
        set_session_cookie(request, response, fresh)
        return response

    @app.post("/logg-ut", include_in_schema=False)
    async def logout(request: Request) -> Response:
        who = web.who(request)
        if who is not None:
            form = await form_of(request, who)
            if isinstance(form, Response):
                return form
            if who.session is not None:
                web.store.end_session(who.session.id)
        response = RedirectResponse("/logg-inn" if web.auth else "/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/malform/{to}", include_in_schema=False)
    def switch_malform(request: Request, to: str, neste: str = "/") -> Response:
        response = RedirectResponse(_safe_next(neste), status_code=303)
        response.set_cookie(MALFORM_COOKIE, "nb" if to == "nb" else "nn", max_age=365 * 24 * 3600, samesite="lax")
        return response

    # --- upload and the list ---------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        rows = web.store.reviews(limit=20)
        return render(request, "index.html.j2", who, reviews=rows)

    @app.post("/reviews", include_in_schema=False)
    async def upload(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        return await received(request, who, 1, receive_review, "/reviews")

    # --- a review --------------------------------------------------------------------------------------

    @app.get("/reviews/{review_id}", include_in_schema=False)
    def review_page(request: Request, review_id: str, lagra: int = 0) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        lang = ui_lang(request)
        try:
            row = review_or_404(web, review_id)
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        if row.status in ("queued", "running"):
            stage = web.store.stage(row.id) or ("queued" if row.status == "queued" else "reading")
            return render(
                request,
                "wait.html.j2",
                who,
                row=row,
                stage=stage,
                step=STAGES.index(stage) if stage in STAGES else 1,
                steps=len(STAGES) - 1,
                position=web.service.position(row.id),
            )
        if row.status == "error":
            return render(request, "failed.html.j2", who, status=422, row=row)
        result = row.result() or {}
        known = register.identify(row.municipality, row.municipality_number)
        corrections = web.store.corrections(row.id)
        newer = [r for r in web.store.reviews(limit=5000, status="done") if r.previous_id == row.id]
        previous = web.store.review(row.previous_id) if row.previous_id else None
        return render(
            request,
            "review.html.j2",
            who,
            row=row,
            result=result,
            document=result.get("document", {}),
            themes=theme_views(web, row, result, lang),
            flags=flag_views(row, result, lang),
            known=known,
            corrections=[{"row": c, "what": correction_text(web, row, c, lang)} for c in corrections],
            events=web.store.events(row.id),
            previous=previous,
            newer=newer,
            candidates=web.service.candidates(row),
            regional=result.get("letter") is None,
            saved=bool(lagra),
        )

    @app.post("/reviews/{review_id}/rettingar", include_in_schema=False)
    async def add_correction(request: Request, review_id: str) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        lang = ui_lang(request)
        form = await form_of(request, who)
        if isinstance(form, Response):
            return form
        try:
            row = review_or_404(web, review_id)
            item: dict[str, Any] = {"reason": str(form.get("reason") or ""), "by": who.name}
            theme = str(form.get("theme") or "") or None
            if form.get("kind") == "drop":
                item.update(theme=theme, drop_evidence=str(form.get("drop_evidence") or ""))
            else:
                level = str(form.get("level") or "")
                if not level.isdigit():
                    raise PlanreviewError(text("e_level_or_quote", lang))
                item.update(theme=theme, level=int(level))
            items = correction_items([item])
            await web.service.correct(row, items, who.name, web.service.letter_settings(who.user))
        except JobFailed as failed:
            return error_page(request, who, error_of(failed.record))
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        return RedirectResponse(f"/reviews/{review_id}?lagra=1#rettingar", status_code=303)

    @app.post("/reviews/{review_id}/rettingar/{correction_id}/trekk", include_in_schema=False)
    async def withdraw(request: Request, review_id: str, correction_id: int) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        form = await form_of(request, who)
        if isinstance(form, Response):
            return form
        try:
            row = review_or_404(web, review_id)
            await web.service.withdraw(row, correction_id, who.name, web.service.letter_settings(who.user))
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        return RedirectResponse(f"/reviews/{review_id}?lagra=1#rettingar", status_code=303)

    @app.post("/reviews/{review_id}/kopling", include_in_schema=False)
    async def relink(request: Request, review_id: str) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        form = await form_of(request, who)
        if isinstance(form, Response):
            return form
        try:
            row = review_or_404(web, review_id)
            previous = str(form.get("previous_id") or "") or None
            if previous is not None:
                other = review_or_404(web, previous)
                if other.id == row.id:
                    previous = None
            web.store.link(row.id, previous, who.name)
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        return RedirectResponse(f"/reviews/{review_id}#versjonar", status_code=303)

    @app.get("/reviews/{review_id}/sider/{index}", include_in_schema=False)
    def plan_page(request: Request, review_id: str, index: int, sitat: str = "") -> Response:
        """A page of the plan as text, with the quote marked (``?fragment=1``: only the text, for the dialog)."""
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        try:
            row = review_or_404(web, review_id)
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        pages = read_pages(web, row)
        if not 0 <= index < len(pages):
            return error_page(request, who, PlanreviewError(text("e_not_found", ui_lang(request), what=str(index))))
        page = pages[index]
        blocks = []
        for b in page["blocks"]:
            marked = highlight(b["text"], sitat)
            blocks.append({"kind": b["kind"], "html": marked, "hit": "<mark>" in str(marked)})
        fragment = request.query_params.get("fragment") == "1"
        return render(
            request,
            "plan_page_fragment.html.j2" if fragment else "plan_page.html.j2",
            who,
            row=row,
            page=page,
            blocks=blocks,
            fragment=fragment,
            prev_index=index - 1 if index > 0 else None,
            next_index=index + 1 if index + 1 < len(pages) else None,
        )

    # --- history -----------------------------------------------------------------------------------------

    @app.get("/historikk", include_in_schema=False)
    def history(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        lang = ui_lang(request)
        rows = web.store.reviews(limit=5000)
        groups: dict[str, dict[str, Any]] = {}
        by_id = {r.id: r for r in rows}
        for r in rows:
            known = register.identify(r.municipality, r.municipality_number)
            key = known.number if known else (r.municipality or "").casefold() or "~"
            group = groups.setdefault(
                key,
                {
                    "name": known.kommune if known else (r.municipality or text("unknown_municipality", lang)),
                    "number": known.number if known else r.municipality_number,
                    "county": known.county if known else None,
                    "plans": {},
                },
            )
            root = r
            seen = {r.id}
            while root.previous_id and root.previous_id in by_id and root.previous_id not in seen:
                seen.add(root.previous_id)
                root = by_id[root.previous_id]
            group["plans"].setdefault(root.id, []).append(r)
        ordered = sorted(groups.values(), key=lambda g: (g["name"] == text("unknown_municipality", lang), g["name"]))
        for g in ordered:
            g["plans"] = sorted(
                (sorted(v, key=lambda r: r.created, reverse=True) for v in g["plans"].values()),
                key=lambda versions: versions[0].created,
                reverse=True,
            )
        return render(request, "history.html.j2", who, groups=ordered)

    @app.get("/samanlikn", include_in_schema=False)
    async def compare_page(request: Request) -> Response:
        """Two versions of a plan compared (``?for=`` the earlier review, ``?etter=`` the later one):
        the view of ``planreview compare OLD NEW --format html`` in the page's målform."""
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        lang = ui_lang(request)
        old_id = request.query_params.get("for") or ""
        new_id = request.query_params.get("etter") or ""
        try:
            if not old_id or not new_id:
                raise UsageProblem(text("e_same_version", lang))
            new, old, compared = await comparison(web, who, new_id, old_id, lang)
        except PlanreviewError as exc:
            return error_page(request, who, exc, text("compare_failed", lang))
        view = api.comparison_view(compared, new.checklist, lang=lang)
        return render(request, "compare.html.j2", who, comparison=view, old=old, new=new, standalone=True)

    # --- batches -----------------------------------------------------------------------------------------

    @app.get("/samla", include_in_schema=False)
    def batches(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        return render(request, "batches.html.j2", who, batches=web.store.batches())

    @app.post("/samla", include_in_schema=False)
    async def new_batch(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        from .api_routes import limits_files

        return await received(request, who, limits_files(), receive_batch, "/samla")

    @app.get("/samla/{batch_id}", include_in_schema=False)
    def batch_page(request: Request, batch_id: str) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        lang = ui_lang(request)
        try:
            b = batch_or_404(web, batch_id, lang)
        except PlanreviewError as exc:
            return error_page(request, who, exc)
        cl = api.load_checklist(web.config.checklist)
        themes = [(t.id, t.title.get(lang)) for t in cl.themes]
        scale = {s.level: s.label.get(lang) for s in cl.scale}
        stage = web.store.stage(b.id) or ""
        done, _, total = stage.partition("/")
        return render(
            request,
            "batch.html.j2",
            who,
            batch=b,
            rows=b.rows(),
            themes=themes,
            scale=scale,
            done=int(done) if done.isdigit() else 0,
            total=int(total) if total.isdigit() else b.files,
        )

    # --- settings ----------------------------------------------------------------------------------------

    @app.get("/innstillingar", include_in_schema=False)
    def settings_page(request: Request, lagra: int = 0) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        return render(
            request, "settings.html.j2", who, data=web.store.settings(who.user), keys=SETTING_KEYS, saved=bool(lagra)
        )

    @app.post("/innstillingar", include_in_schema=False)
    async def save_settings(request: Request) -> Response:
        who = web.who(request)
        if who is None:
            return login_redirect(request)
        form = await form_of(request, who)
        if isinstance(form, Response):
            return form
        data: dict[str, Any] = {}
        for key in SETTING_KEYS:
            value = " ".join(str(form.get(key) or "").split())[:1000]
            data[key] = value or None
        data["letter_malform"] = "nb" if form.get("letter_malform") == "nb" else "nn"
        web.store.save_settings(who.user, data)
        return RedirectResponse("/innstillingar?lagra=1", status_code=303)

    _ = LOCAL_USER


def _safe_next(value: str) -> str:
    """Only a path on this site (no «//host», no scheme) may be where a form sends the user next."""
    if not value.startswith("/") or value.startswith("//") or re.search(r"[\r\n\\]", value):
        return "/"
    return value
