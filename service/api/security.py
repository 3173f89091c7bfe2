"""Who is calling: bearer tokens for programs, a cookie session with a CSRF token for browsers.

- The session cookie is HttpOnly, SameSite=Strict, and Secure whenever the request came over https
  (or the service listens beyond loopback, which the settings only allow behind TLS). It holds a random
  value whose sha256 is the session's id in the database; it expires after 30 minutes idle or 12 hours.
- A request authenticated by the cookie that changes anything must carry the session's CSRF token in
  the ``X-CSRF-Token`` header (or a ``csrf_token`` form field, for the web screens); bearer-token
  requests carry no ambient credential and need none.
- Failed logins are counted per account (hashed address); past the limit the login answers 429 for 15
  minutes, whatever the password.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from fastapi import Request, Response

if TYPE_CHECKING:
    from service.container import Container

from service import audit
from service.settings import Settings
from service.storage.errors import Forbidden, RateLimited, Unauthenticated
from service.storage.records import UserRecord
from service.storage.users import Principal, UserRepository

COOKIE = "sessionnote_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Caller:
    """An authenticated caller."""

    user: UserRecord
    principal: Principal
    via: Literal["token", "cookie"]
    csrf_token: str | None = None


def _limits(settings: Settings) -> tuple[timedelta, timedelta]:
    return timedelta(minutes=settings.session_idle_minutes), timedelta(hours=settings.session_absolute_hours)


def identify(
    request: Request, users: UserRepository, settings: Settings, form_csrf: str | None = None
) -> Caller:
    """The caller of ``request``, or :class:`Unauthenticated`; checks CSRF for cookie-borne writes.

    The token comes from the ``X-CSRF-Token`` header, or (HTML form posts) ``form_csrf``.
    """
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = users.user_for_token(header[7:].strip())
        if user is None:
            raise Unauthenticated("The API token is not valid.")
        return Caller(user, users.principal(user), "token")
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise Unauthenticated("Please log in.")
    idle, absolute = _limits(settings)
    session = users.web_session(cookie, idle, absolute)
    user = users.get(session.user_id) if session is not None else None
    if session is None or user is None or not user.active:
        raise Unauthenticated("Your session has ended; please log in again.")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "") or form_csrf or ""
        if not sent or not hmac.compare_digest(sent, session.csrf_token):
            raise Forbidden("The request lacks a valid CSRF token; reload the page and try again.")
    return Caller(user, users.principal(user), "cookie", session.csrf_token)


def check_csrf_form(caller: Caller, token: str | None) -> None:
    """For HTML form posts: the hidden ``csrf_token`` field must match the session's."""
    if caller.via == "cookie" and (
        not token or caller.csrf_token is None or not hmac.compare_digest(token, caller.csrf_token)
    ):
        raise Forbidden("The form lacks a valid CSRF token; reload the page and try again.")


def login(users: UserRepository, email: str, password: str, settings: Settings) -> UserRecord:
    """The account for these credentials; refuses (429) after too many recent failures."""
    if users.recent_failures(email, FAILURE_WINDOW) >= settings.login_max_failures:
        raise RateLimited("Too many failed logins; try again in 15 minutes.")
    user = users.by_email(email)
    if user is None or not user.active or not users.verify_password(user, password):
        raise Unauthenticated("The e-mail address or password is wrong.")
    users.clear_failures(email)
    return user


def sign_in(container: Container, email: str, password: str) -> tuple[UserRecord, str, str]:
    """Check credentials and open a browser session: (user, cookie value, CSRF token).

    Runs its own transactions, so a failed attempt is counted even though the caller answers 401.
    """
    user: UserRecord | None = None
    with container.database.session() as db:
        users = UserRepository(db)
        try:
            user = login(users, email, password, container.settings)
        except Unauthenticated:
            user = None
        if user is not None:
            cookie, csrf = users.open_web_session(user)
            audit.record(db, user.id, "login", "user", user.id)
            return user, cookie, csrf
    with container.database.session() as db:
        UserRepository(db).record_failure(email)
        audit.record(db, None, "login.failed", "user", "-")
    raise Unauthenticated("The e-mail address or password is wrong.")


def secure_cookie(request: Request, settings: Settings) -> bool:
    """Mark the cookie Secure when the browser reached us over https (or we serve beyond loopback)."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded == "https" or settings.allow_remote


def set_session_cookie(response: Response, cookie: str, request: Request, settings: Settings) -> None:
    """Attach the session cookie (HttpOnly, SameSite=Strict, Secure over https)."""
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=settings.session_absolute_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request, settings),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
