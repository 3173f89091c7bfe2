"""Users, API tokens, browser sessions and failed logins.

Passwords are argon2 hashes; tokens and session cookies are random and only their sha256 is stored.
A supervisor's team is the clinicians whose ``supervisor_id`` names them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.errors import InputError
from service.storage.records import (
    ApiTokenRecord,
    LoginFailureRecord,
    UserRecord,
    WebSessionRecord,
)

Role = Literal["clinician", "supervisor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
_hasher = PasswordHasher()
MIN_PASSWORD = 12


def now() -> datetime:
    """The current UTC time (one clock for every repository)."""
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone columns; they were written as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def sha256_hex(value: str) -> str:
    """Hex sha256 of text."""
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is asking, and whose clients and sessions they may see.

    ``visible_owners`` holds the clinicians whose records this user reads: themself when a clinician,
    plus their team when a supervisor. An admin who is not a clinician sees no clinical record.
    """

    id: str
    email: str
    roles: frozenset[str]
    visible_owners: frozenset[str]

    def has(self, role: Role) -> bool:
        """Does the user hold ``role``."""
        return role in self.roles


def parse_roles(text: str) -> frozenset[str]:
    """Roles from ``clinician,admin``; an unknown role is refused."""
    roles = frozenset(r.strip() for r in text.split(",") if r.strip())
    unknown = sorted(roles - set(ROLES))
    if unknown or not roles:
        raise InputError(f"Unknown role {unknown[0] if unknown else '(none)'}; use {', '.join(ROLES)}.")
    return roles


class UserRepository:
    """Accounts and their credentials."""

    def __init__(self, db: Session) -> None:
        self._db = db

    # -- accounts ----------------------------------------------------------------------------------

    def count(self) -> int:
        """How many accounts exist."""
        return int(self._db.scalar(select(func.count()).select_from(UserRecord)) or 0)

    def add(
        self, email: str, password: str, roles: Iterable[str], supervisor_id: str | None = None
    ) -> UserRecord:
        """Create an account; the password must be at least 12 characters."""
        email = email.strip().lower()
        if "@" not in email or len(email) > 254:
            raise InputError("The e-mail address is not valid.")
        if len(password) < MIN_PASSWORD:
            raise InputError(f"The password must be at least {MIN_PASSWORD} characters.")
        role_set = parse_roles(",".join(roles))
        if self.by_email(email) is not None:
            raise InputError("An account with that e-mail address exists already.")
        if supervisor_id is not None:
            boss = self._db.get(UserRecord, supervisor_id)
            if boss is None or "supervisor" not in boss.roles.split(","):
                raise InputError("The named supervisor is not a user with the supervisor role.")
        record = UserRecord(
            id=f"u-{secrets.token_hex(8)}",
            email=email,
            password_hash=_hasher.hash(password),
            roles=",".join(r for r in ROLES if r in role_set),
            supervisor_id=supervisor_id,
            active=True,
            created_at=now(),
        )
        self._db.add(record)
        self._db.flush()
        return record

    def get(self, user_id: str) -> UserRecord | None:
        """An account by id."""
        return self._db.get(UserRecord, user_id)

    def by_email(self, email: str) -> UserRecord | None:
        """An account by e-mail (case-insensitive)."""
        return self._db.scalar(select(UserRecord).where(UserRecord.email == email.strip().lower()))

    def all(self) -> list[UserRecord]:
        """Every account, by e-mail."""
        return list(self._db.scalars(select(UserRecord).order_by(UserRecord.email)))

    def verify_password(self, user: UserRecord, password: str) -> bool:
        """Check a password (and upgrade the hash when argon2's parameters changed)."""
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return True

    def principal(self, user: UserRecord) -> Principal:
        """The access view of an account."""
        roles = frozenset(user.roles.split(","))
        owners: set[str] = set()
        if "clinician" in roles:
            owners.add(user.id)
        if "supervisor" in roles:
            owners.update(self._db.scalars(select(UserRecord.id).where(UserRecord.supervisor_id == user.id)))
        return Principal(user.id, user.email, roles, frozenset(owners))

    # -- API tokens --------------------------------------------------------------------------------

    def create_token(self, user: UserRecord, label: str = "") -> str:
        """A new bearer token (returned once; only its hash is kept)."""
        token = f"snt_{secrets.token_urlsafe(32)}"
        self._db.add(
            ApiTokenRecord(
                id=f"t-{secrets.token_hex(8)}",
                user_id=user.id,
                token_hash=sha256_hex(token),
                label=label[:100],
                created_at=now(),
            )
        )
        self._db.flush()
        return token

    def user_for_token(self, token: str) -> UserRecord | None:
        """The active account a token belongs to."""
        record = self._db.scalar(
            select(ApiTokenRecord).where(
                ApiTokenRecord.token_hash == sha256_hex(token), ApiTokenRecord.revoked_at.is_(None)
            )
        )
        if record is None:
            return None
        record.last_used_at = now()
        user = self._db.get(UserRecord, record.user_id)
        return user if user is not None and user.active else None

    # -- browser sessions --------------------------------------------------------------------------

    def open_web_session(self, user: UserRecord) -> tuple[str, str]:
        """(cookie value, CSRF token) of a new browser session."""
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        t = now()
        self._db.add(
            WebSessionRecord(
                id=sha256_hex(cookie), user_id=user.id, csrf_token=csrf, created_at=t, last_seen_at=t
            )
        )
        self._db.flush()
        return cookie, csrf

    def web_session(self, cookie: str, idle: timedelta, absolute: timedelta) -> WebSessionRecord | None:
        """The live session for a cookie (touched), or None when unknown or timed out (then deleted)."""
        record = self._db.get(WebSessionRecord, sha256_hex(cookie))
        if record is None:
            return None
        t = now()
        if t - aware(record.last_seen_at) > idle or t - aware(record.created_at) > absolute:
            self._db.delete(record)
            self._db.flush()
            return None
        record.last_seen_at = t
        return record

    def close_web_session(self, cookie: str) -> None:
        """Log a browser session out."""
        self._db.execute(delete(WebSessionRecord).where(WebSessionRecord.id == sha256_hex(cookie)))

    # -- login rate limit --------------------------------------------------------------------------

    def recent_failures(self, email: str, window: timedelta) -> int:
        """Failed logins for this address within ``window``."""
        return int(
            self._db.scalar(
                select(func.count())
                .select_from(LoginFailureRecord)
                .where(LoginFailureRecord.key == sha256_hex(email.strip().lower()))
                .where(LoginFailureRecord.at > now() - window)
            )
            or 0
        )

    def record_failure(self, email: str) -> None:
        """Count a failed login (keyed by a hash: the table holds no address)."""
        self._db.add(LoginFailureRecord(key=sha256_hex(email.strip().lower()), at=now()))

    def clear_failures(self, email: str) -> None:
        """Forget failures after a successful login."""
        self._db.execute(
            delete(LoginFailureRecord).where(LoginFailureRecord.key == sha256_hex(email.strip().lower()))
        )
