"""Tables of the service (users, sessions, notes, jobs, audit); PHI columns end in ``_enc`` and hold
AES-GCM ciphertext (:mod:`service.storage.crypto`), sealed with the row's identity as associated data.

Importing this module registers every table on the shared metadata (Alembic's target).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.storage.tables import Base, ClientRecord, InstallationRecord, PlanVersionRecord

__all__ = ["Base", "ClientRecord", "InstallationRecord", "PlanVersionRecord"]
TS = DateTime(timezone=True)


class UserRecord(Base):
    """A staff member; ``roles`` is a comma-separated subset of clinician, supervisor, admin."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(64))
    supervisor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class ApiTokenRecord(Base):
    """A bearer token; only its sha256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(TS)
    last_used_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class WebSessionRecord(Base):
    """A browser login; ``id`` is the sha256 of the cookie value, so a database reader cannot log in."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(TS)
    last_seen_at: Mapped[datetime] = mapped_column(TS)


class LoginFailureRecord(Base):
    """One failed login, keyed by a hash of the e-mail address (rate limiting)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(TS)


class ClientOwnerRecord(Base):
    """Who treats a client and the client's chart (encrypted); one row per client."""

    __tablename__ = "client_owners"

    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    chart_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(TS)


class SessionRecord(Base):
    """A therapy session (one recording, one note per participating client)."""

    __tablename__ = "therapy_sessions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    session_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)


class ParticipantRecord(Base):
    """A client taking part in a session, with the transcript speaker label that is theirs."""

    __tablename__ = "session_participants"
    __table_args__ = (
        UniqueConstraint("session_id", "client_id"),
        UniqueConstraint("session_id", "speaker", name="uq_session_participants_speaker"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("therapy_sessions.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"), index=True)
    speaker: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)


class RecordingRecord(Base):
    """The uploaded audio, encrypted under a generated file name in the data dir."""

    __tablename__ = "recordings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="CASCADE"), unique=True
    )
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    duration_s: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(TS)
    deleted_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class JobRecord(Base):
    """The ledger row of a session's job: the source of truth the queue only carries ids for."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("therapy_sessions.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str | None] = mapped_column(String(16), nullable=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    lease: Mapped[str | None] = mapped_column(String(40), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(120), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    drafter: Mapped[str | None] = mapped_column(String(40), nullable=True)
    not_before: Mapped[datetime] = mapped_column(TS)
    enqueued_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    started_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class JobStageRecord(Base):
    """One stage of a job for one scope (``session`` or a participant ``p1``, ``p2``...) and its result."""

    __tablename__ = "job_stages"
    __table_args__ = (UniqueConstraint("job_id", "stage", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class NoteRecord(Base):
    """One version of a participant's progress note (version 1 is the draft)."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("participant_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("session_participants.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
    findings_enc: Mapped[bytes] = mapped_column(LargeBinary)
    provenance_json: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(TS)


class AcknowledgementRecord(Base):
    """A clinician's reasoned acceptance of one finding of one note version."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("note_id", "finding_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))
    reason_enc: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(TS)


class SignatureRecord(Base):
    """The signature of one note version: signer, time, meaning, sha256 of the signed text."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), unique=True)
    signer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(TS)
    meaning: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(String(400))
    # The exact signed text (sealed), so an export after a template change still shows what was signed.
    text_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class AddendumRecord(Base):
    """A signed addendum to a signed note."""

    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("session_participants.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    text_enc: Mapped[bytes] = mapped_column(LargeBinary)
    meaning: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(TS)


class PrivateNoteRecord(Base):
    """Psychotherapy (process) notes: the author's own, kept apart from the progress note."""

    __tablename__ = "private_notes"
    __table_args__ = (UniqueConstraint("session_id", "author_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("therapy_sessions.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(TS)


class AuditRecord(Base):
    """One audit event; ``hash`` = sha256(prev_hash + the row's canonical fields). Never updated."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(TS)
    actor_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(String(500), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
