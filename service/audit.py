"""The append-only audit log: who viewed, edited, signed or exported what, and when.

Each row's hash is sha256 over the previous row's hash and the row's own canonical fields, so editing,
deleting or reordering any row breaks the chain from that row on; :func:`verify` walks it. Rows hold
ids and action names only, never PHI. Appends are serialised (SQLite's write lock via BEGIN IMMEDIATE;
a table lock on PostgreSQL) so two writers never chain onto the same predecessor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from service.storage.records import AuditRecord
from service.storage.users import aware, now

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, actor: str | None, action: str, kind: str, oid: str, detail: str) -> str:
    body = json.dumps(
        [prev, aware(at).isoformat(timespec="microseconds"), actor, action, kind, oid, detail],
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    db: Session, actor_id: str | None, action: str, object_type: str, object_id: str, detail: str = ""
) -> None:
    """Append one event in the caller's transaction (it commits with the change it describes)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"))
    last = db.scalar(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)) or GENESIS
    at = now()
    detail = detail[:500]
    db.add(
        AuditRecord(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
            prev_hash=last,
            hash=_digest(last, at, actor_id, action, object_type, object_id, detail),
        )
    )
    db.flush()


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain."""

    rows: int
    ok: bool
    first_bad_id: int | None = None
    problem: str = ""


def verify(db: Session) -> Verification:
    """Recompute every hash in order; the first row that does not fit is reported."""
    prev, count = GENESIS, 0
    for row in db.scalars(select(AuditRecord).order_by(AuditRecord.id)):
        count += 1
        if row.prev_hash != prev:
            return Verification(count, False, row.id, "a row before it was changed or deleted")
        expected = _digest(prev, row.at, row.actor_id, row.action, row.object_type, row.object_id, row.detail)
        if row.hash != expected:
            return Verification(count, False, row.id, "this row was changed")
        prev = row.hash
    return Verification(count, True)


def events(db: Session, limit: int = 100, object_id: str | None = None) -> list[AuditRecord]:
    """The newest events (optionally for one object)."""
    query = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
    if object_id is not None:
        query = query.where(AuditRecord.object_id == object_id)
    return list(db.scalars(query))
