"""Turning a checked recording into a stored session with a queued job (used by the API and the batch).

Order matters for crash safety: the audio is encrypted to its final name first, then one transaction
adds the session, its participants, the recording row and the job; only then is a task put on the queue
(and the reconciler enqueues any committed job the queue lost). Nothing half-stored is ever visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from service import audit
from service.container import Container
from service.jobs import window
from service.storage.audio import sniff
from service.storage.clients import ClientRepository
from service.storage.errors import UnsupportedMedia
from service.storage.jobs import JobRepository
from service.storage.sessions import NewRecording, SessionRepository
from service.storage.users import Principal, now
from service.transcribe.audio import probe

SPEAKER_LABELS = ("client", *(f"client_{n}" for n in range(2, 13)))


@dataclass(frozen=True)
class Submitted:
    """What the upload created."""

    session_id: str
    job_id: str


def check_and_store(container: Container, plaintext: Path, head: bytes) -> NewRecording:
    """Refuse what is not a readable recording (magic bytes, then a real decode), then encrypt it."""
    kind = sniff(head)
    if kind is None:
        raise UnsupportedMedia(
            "The file is not a recording SessionNote accepts (wav, mp3, m4a/aac, ogg/opus, webm, flac)."
        )
    info = probe(plaintext, container.settings.max_audio_minutes)
    name, digest, size = container.audio_store.store(plaintext)
    return NewRecording(stored_name=name, sha256=digest, size=size, format=kind, duration_s=info.duration_s)


def create_session(
    container: Container,
    db: Session,
    owner: Principal,
    session_date: date,
    participants: list[tuple[str, str]],
    recording: NewRecording,
) -> Submitted:
    """Session + participants + recording + job in the caller's transaction."""
    clients = ClientRepository(db, container.cipher)
    for client_id, _speaker in participants:
        client = clients.require(client_id, owner)
        if client.owner_id != owner.id:
            from service.storage.errors import Forbidden

            raise Forbidden("Only the client's own clinician can upload their sessions.")
    session = SessionRepository(db).create(owner.id, session_date, participants, recording)
    s = container.settings
    job = JobRepository(db, container.cipher).create(
        session.id, s.job_max_attempts, window.next_opening(s.batch_window, now())
    )
    audit.record(db, owner.id, "session.create", "session", session.id, f"participants={len(participants)}")
    return Submitted(session.id, job.id)


def dispatch(container: Container, job_id: str) -> None:
    """Put the committed job on the queue (at the batch window's opening when it is closed)."""
    at = window.next_opening(container.settings.batch_window, now())
    container.queue.enqueue(job_id, eta=None if at <= now() else at)
    with container.database.session() as db:
        JobRepository(db, container.cipher).mark_enqueued(job_id)
