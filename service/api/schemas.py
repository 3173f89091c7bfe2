"""Response shapes shared by routes (the web screens and other tools rely on these)."""

from __future__ import annotations

from pydantic import BaseModel

from service.storage.records import UserRecord
from service.storage.users import Principal


class Created(BaseModel):
    """Every create answers with the new object's id."""

    id: str


class UserOut(BaseModel):
    """An account without its credentials."""

    id: str
    email: str
    roles: list[str]
    supervisor_id: str | None = None


class Me(BaseModel):
    """The caller, and the CSRF token a browser session must echo in ``X-CSRF-Token``."""

    user: UserOut
    csrf_token: str | None = None
    can_read_notes: bool


def user_out(user: UserRecord) -> UserOut:
    """The public view of an account."""
    return UserOut(
        id=user.id, email=user.email, roles=user.roles.split(","), supervisor_id=user.supervisor_id
    )


def me(user: UserRecord, principal: Principal, csrf: str | None) -> Me:
    """The caller's view of themself."""
    return Me(user=user_out(user), csrf_token=csrf, can_read_notes=bool(principal.visible_owners))
