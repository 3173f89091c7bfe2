"""``/api/users`` (admins manage accounts) and ``/api/tokens`` (a user's own API tokens)."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from service import audit
from service.api.deps import CurrentUser, DbSession, Users
from service.api.schemas import Created, UserOut, user_out
from service.storage.errors import Forbidden
from service.storage.users import Role

router = APIRouter(prefix="/api", tags=["users"])


class NewUser(BaseModel):
    """An account to create."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=12, max_length=1000)
    roles: list[Role] = Field(min_length=1, max_length=3)
    supervisor_id: str | None = Field(default=None, max_length=40)


class NewToken(BaseModel):
    """A label for a new API token."""

    label: str = Field(default="", max_length=100)


class TokenOut(BaseModel):
    """A new API token: shown once."""

    id: str
    token: str


@router.post("/users", response_model=Created, status_code=status.HTTP_201_CREATED)
def create_user(body: NewUser, caller: CurrentUser, users: Users, db: DbSession) -> Created:
    """Create an account (admins only)."""
    if not caller.principal.has("admin"):
        raise Forbidden("Only an admin can create accounts.")
    user = users.add(body.email, body.password, body.roles, body.supervisor_id)
    audit.record(db, caller.user.id, "user.create", "user", user.id, f"roles={user.roles}")
    return Created(id=user.id)


@router.get("/users", response_model=list[UserOut])
def list_users(caller: CurrentUser, users: Users) -> list[UserOut]:
    """Every account (admins only)."""
    if not caller.principal.has("admin"):
        raise Forbidden("Only an admin can list accounts.")
    return [user_out(u) for u in users.all()]


@router.post("/tokens", response_model=TokenOut, status_code=status.HTTP_201_CREATED)
def create_token(body: NewToken, caller: CurrentUser, users: Users, db: DbSession) -> TokenOut:
    """A bearer token for the caller's own account (shown once)."""
    token = users.create_token(caller.user, body.label)
    audit.record(db, caller.user.id, "token.create", "user", caller.user.id)
    return TokenOut(id=caller.user.id, token=token)
