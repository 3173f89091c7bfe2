"""Therapy sessions, their participants (client + speaker label) and their recording."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.errors import NotFound
from service.storage.records import ParticipantRecord, RecordingRecord, SessionRecord
from service.storage.users import Principal, now


@dataclass(frozen=True)
class NewRecording:
    """A recording already encrypted on disk."""

    stored_name: str
    sha256: str
    size: int
    format: str
    duration_s: float


class SessionRepository:
    """Sessions with per-object visibility (others' ids are not found)."""

    def __init__(self, db: Session) -> None:
        self._db = db

    def create(
        self,
        owner_id: str,
        session_date: date,
        participants: list[tuple[str, str]],
        recording: NewRecording,
    ) -> SessionRecord:
        """A queued session with its participants ``(client_id, speaker)`` and its recording."""
        t = now()
        record = SessionRecord(
            id=f"s-{secrets.token_hex(8)}",
            owner_id=owner_id,
            session_date=session_date,
            status="queued",
            created_at=t,
            updated_at=t,
        )
        self._db.add(record)
        self._db.flush()
        for position, (client_id, speaker) in enumerate(participants, start=1):
            self._db.add(
                ParticipantRecord(
                    session_id=record.id, client_id=client_id, speaker=speaker, position=position
                )
            )
        self._db.add(
            RecordingRecord(
                id=f"r-{secrets.token_hex(8)}",
                session_id=record.id,
                stored_name=recording.stored_name,
                size=recording.size,
                sha256=recording.sha256,
                format=recording.format,
                duration_s=recording.duration_s,
                created_at=t,
            )
        )
        self._db.flush()
        return record

    def get(self, session_id: str, viewer: Principal | None) -> SessionRecord:
        """The session if ``viewer`` may see it (None: the system), else :class:`NotFound`."""
        record = self._db.get(SessionRecord, session_id)
        if record is None or (viewer is not None and record.owner_id not in viewer.visible_owners):
            raise NotFound(f"Session {session_id} was not found.")
        return record

    def visible(
        self, viewer: Principal, status: str | None = None, client_id: str | None = None
    ) -> list[SessionRecord]:
        """Sessions the viewer may see, newest first, optionally by status and client."""
        query = select(SessionRecord).where(SessionRecord.owner_id.in_(viewer.visible_owners))
        if status is not None:
            query = query.where(SessionRecord.status == status)
        if client_id is not None:
            query = query.where(
                SessionRecord.id.in_(
                    select(ParticipantRecord.session_id).where(ParticipantRecord.client_id == client_id)
                )
            )
        return list(self._db.scalars(query.order_by(SessionRecord.created_at.desc())))

    def since(self, cutoff: object) -> list[SessionRecord]:
        """Every session updated after ``cutoff`` (the morning summary)."""
        return list(
            self._db.scalars(
                select(SessionRecord)
                .where(SessionRecord.updated_at >= cutoff)
                .order_by(SessionRecord.created_at)
            )
        )

    def participants(self, session_id: str) -> list[ParticipantRecord]:
        """The session's clients in upload order."""
        return list(
            self._db.scalars(
                select(ParticipantRecord)
                .where(ParticipantRecord.session_id == session_id)
                .order_by(ParticipantRecord.position)
            )
        )

    def participant(self, session_id: str, client_id: str | None) -> ParticipantRecord:
        """One participant (the first when ``client_id`` is None)."""
        people = self.participants(session_id)
        for p in people:
            if client_id is None or p.client_id == client_id:
                return p
        raise NotFound(f"Client {client_id} does not take part in session {session_id}.")

    def recording(self, session_id: str) -> RecordingRecord | None:
        """The session's recording row."""
        return self._db.scalar(select(RecordingRecord).where(RecordingRecord.session_id == session_id))

    def all_recordings(self) -> list[RecordingRecord]:
        """Every recording row (key rotation, sweeping, retention)."""
        return list(self._db.scalars(select(RecordingRecord)))

    def set_status(self, session_id: str, status: str) -> None:
        """Update the session's status."""
        record = self._db.get(SessionRecord, session_id)
        if record is not None:
            record.status, record.updated_at = status, now()
