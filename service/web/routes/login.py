"""``/login`` and ``/logout``: the browser session (HttpOnly SameSite=Strict cookie with a CSRF token).

The login form carries its own anti-forgery value (a short-lived cookie echoed in a hidden field), so
another site cannot sign a browser in to an account of its choosing.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service import audit
from service.api.deps import AppContainer, DbSession, Users
from service.api.security import COOKIE, clear_session_cookie, secure_cookie, set_session_cookie, sign_in
from service.storage.errors import RateLimited, Unauthenticated
from service.web.deps import FormScreen
from service.web.render import page

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "sessionnote_login"
_NOTICES = {
    "1": "Your session ended after a period without activity. Please sign in again.",
    "idle": "You were signed out after a period without activity. Please sign in again.",
    "out": "You are signed out.",
}


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) may follow a login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _form(
    request: Request, container: AppContainer, error: str | None, status: int, next_path: str
) -> HTMLResponse:
    nonce = secrets.token_urlsafe(24)
    notice = _NOTICES.get(request.query_params.get("ended", ""))
    response = page(
        request,
        "login.html",
        {"error": error, "notice": notice, "login_nonce": nonce, "next_path": next_path},
        status=status,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=1800,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request, container.settings),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, container: AppContainer) -> HTMLResponse:
    """The sign-in form."""
    return _form(request, container, None, 200, _safe_next(request.query_params.get("next")))


@router.post("/login", response_model=None)
def login_submit(
    request: Request,
    container: AppContainer,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    login_nonce: Annotated[str, Form(max_length=100)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=500)] = "/",
) -> Response:
    """Check the credentials; on success open the session and go on to the page asked for."""
    sent = request.cookies.get(LOGIN_COOKIE, "")
    if not sent or not login_nonce or not hmac.compare_digest(sent, login_nonce):
        return _form(
            request, container, "The sign-in form expired; please try again.", 403, _safe_next(next_path)
        )
    if not email.strip() or not password:
        return _form(request, container, "Enter your email and password.", 200, _safe_next(next_path))
    try:
        _user, cookie, _csrf = sign_in(container, email.strip(), password)
    except RateLimited as exc:
        return _form(request, container, exc.message, 429, _safe_next(next_path))
    except Unauthenticated as exc:  # the form again, with the reason (a page, not an error)
        return _form(request, container, exc.message, 200, _safe_next(next_path))
    response = RedirectResponse(_safe_next(next_path), status_code=303)
    set_session_cookie(response, cookie, request, container.settings)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request,
    screen: FormScreen,
    users: Users,
    db: DbSession,
    reason: Annotated[str, Form(max_length=10)] = "out",
) -> Response:
    """End the session (the idle timer posts ``reason=idle``)."""
    cookie = request.cookies.get(COOKIE)
    if cookie:
        users.close_web_session(cookie)
    audit.record(db, screen.caller.user.id, "logout", "user", screen.caller.user.id)
    response = RedirectResponse(f"/login?ended={'idle' if reason == 'idle' else 'out'}", status_code=303)
    clear_session_cookie(response)
    return response
