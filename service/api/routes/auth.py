"""``/api/auth``: browser login (cookie + CSRF token), logout, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from service import audit
from service.api.deps import AppContainer, CurrentUser, DbSession, Users
from service.api.schemas import Me, me
from service.api.security import COOKIE, clear_session_cookie, set_session_cookie, sign_in
from service.storage.users import UserRepository

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Credentials(BaseModel):
    """E-mail address and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


@router.post("/login", response_model=Me)
def login_route(body: Credentials, request: Request, response: Response, container: AppContainer) -> Me:
    """Start a browser session: sets the HttpOnly cookie and returns the CSRF token to send back."""
    user, cookie, csrf = sign_in(container, body.email, body.password)
    set_session_cookie(response, cookie, request, container.settings)
    with container.database.session() as db:
        return me(user, UserRepository(db).principal(user), csrf)


@router.post("/logout", status_code=204)
def logout(request: Request, caller: CurrentUser, users: Users, db: DbSession) -> Response:
    """End the browser session."""
    cookie = request.cookies.get(COOKIE)
    if cookie:
        users.close_web_session(cookie)
    audit.record(db, caller.user.id, "logout", "user", caller.user.id)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@router.get("/me", response_model=Me)
def whoami(caller: CurrentUser) -> Me:
    """The logged-in user, roles, and (for a browser session) the CSRF token."""
    return me(caller.user, caller.principal, caller.csrf_token)
