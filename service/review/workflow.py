"""What a clinician does to a drafted note: edit it (re-validated, a new version), acknowledge findings
with a reason, sign it (refused while a blocking finding is open), then add signed addenda; and keep
private psychotherapy notes apart from it.

Rules: only the session's own clinician changes its notes (a supervisor reads them); a signed version
is immutable (409); the signature covers the sha256 of exactly the text the clinic's template renders.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service import audit
from service.api.security import Caller
from service.container import Container
from service.domain.note import BirpNote
from service.draft.formats import as_text, render
from service.review.context import load_context
from service.storage.errors import Conflict, Forbidden, NotFound
from service.storage.jobs import JobRepository
from service.storage.notes import Ack, NoteRepository, NoteVersion, finding_id
from service.storage.plans import PlanRepository
from service.storage.records import ParticipantRecord, SessionRecord
from service.storage.sessions import SessionRepository
from service.storage.users import now


class Review:
    """The note workflow inside one request's transaction."""

    def __init__(self, container: Container, db: Session) -> None:
        self.c = container
        self.db = db
        self.sessions = SessionRepository(db)
        self.notes = NoteRepository(db, container.cipher)
        self.jobs = JobRepository(db, container.cipher)
        self.plans = PlanRepository(db, container.cipher)

    # -- lookups -----------------------------------------------------------------------------------

    def session(self, session_id: str, caller: Caller) -> SessionRecord:
        """A session the caller may see."""
        return self.sessions.get(session_id, caller.principal)

    def owned(self, session_id: str, caller: Caller) -> SessionRecord:
        """A session the caller may change (their own)."""
        session = self.session(session_id, caller)
        if session.owner_id != caller.user.id:
            raise Forbidden("Only the session's own clinician can change its note.")
        return session

    def latest(self, participant: ParticipantRecord) -> NoteVersion:
        """The newest version of a participant's note, or 409 while none is drafted."""
        version = self.notes.latest(participant.id)
        if version is None:
            raise Conflict("The note has not been drafted yet.")
        return version

    def _unsigned(self, participant: ParticipantRecord) -> NoteVersion:
        version = self.latest(participant)
        if self.notes.signature(version.id) is not None:
            raise Conflict("The note is signed and cannot change; add an addendum instead.")
        return version

    def open_blocking(self, version: NoteVersion) -> list[str]:
        """Codes of block findings no acknowledgement covers."""
        acked = {a.finding_id for a in self.notes.acknowledgements(version.id)}
        return [f.code for f in version.findings if f.severity == "block" and finding_id(f) not in acked]

    def signed_text(
        self, session: SessionRecord, participant: ParticipantRecord, version: NoteVersion
    ) -> str:
        """Exactly what a signature covers: header lines plus the note in the clinic's template."""
        context = None
        try:
            context = load_context(self.c, self.jobs, self.plans, session, participant)
        except Conflict:
            context = None
        rendered = render(version.note, context.facts if context else None, self.c.settings.note_template)
        return (
            f"Progress note ({rendered.template}), client {participant.client_id}, "
            f"session {session.id} of {session.session_date.isoformat()}, version {version.version}\n\n"
            + as_text(rendered)
        )

    # -- changes -----------------------------------------------------------------------------------

    def edit(self, session_id: str, client_id: str | None, note: BirpNote, caller: Caller) -> NoteVersion:
        """Save the clinician's note as a new version, validated again against the session and plan."""
        session = self.owned(session_id, caller)
        participant = self.sessions.participant(session.id, client_id)
        self._unsigned(participant)
        ctx = load_context(self.c, self.jobs, self.plans, session, participant)
        findings = tuple(
            self.c.validator.validate(
                note,
                ctx.safe,
                ctx.plan,
                ctx.facts,
                ctx.scrubbed,
                history=ctx.plan.history,
                session_date=session.session_date,
                focus_speaker=participant.speaker,
            )
        )
        version = self.notes.add_version(participant.id, note, findings, None, caller.user.id)
        audit.record(
            self.db, caller.user.id, "note.edit", "note", str(version.id), f"version={version.version}"
        )
        return version

    def acknowledge(
        self, session_id: str, fid: str, reason: str, client_id: str | None, caller: Caller
    ) -> Ack:
        """Accept one finding of the current version, with a reason (kept with that version)."""
        session = self.owned(session_id, caller)
        participants = (
            [self.sessions.participant(session.id, client_id)]
            if client_id
            else self.sessions.participants(session.id)
        )
        for participant in participants:
            version = self.notes.latest(participant.id)
            if version is None:
                continue
            for finding in version.findings:
                if finding_id(finding) == fid:
                    if self.notes.signature(version.id) is not None:
                        raise Conflict("The note is signed and cannot change; add an addendum instead.")
                    ack = self.notes.acknowledge(version.id, finding, reason.strip(), caller.user.id)
                    audit.record(
                        self.db, caller.user.id, "finding.acknowledge", "note", str(version.id), finding.code
                    )
                    return ack
        raise NotFound(f"Finding {fid} was not found on the current note.")

    def sign(
        self, session_id: str, client_id: str | None, meaning: str, caller: Caller
    ) -> tuple[NoteVersion, str]:
        """Sign the current version; 409 while a blocking finding is open or when already signed."""
        session = self.owned(session_id, caller)
        participant = self.sessions.participant(session.id, client_id)
        version = self._unsigned(participant)
        still = self.open_blocking(version)
        if still:
            raise Conflict(
                f"Cannot sign: {len(still)} blocking finding(s) open ({', '.join(sorted(set(still)))}); "
                "fix or acknowledge them."
            )
        signature = self.notes.sign(
            version.id, caller.user, meaning, self.signed_text(session, participant, version)
        )
        audit.record(
            self.db, caller.user.id, "note.sign", "note", str(version.id), f"sha256={signature.sha256}"
        )
        if all(self._is_signed(p) for p in self.sessions.participants(session.id)):
            self.sessions.set_status(session.id, "signed")
            self._retention_on_sign(session.id)
        return version, signature.statement

    def _is_signed(self, participant: ParticipantRecord) -> bool:
        version = self.notes.latest(participant.id)
        return version is not None and self.notes.signature(version.id) is not None

    def _retention_on_sign(self, session_id: str) -> None:
        if self.c.settings.audio_retention != "signed":
            return
        recording = self.sessions.recording(session_id)
        if recording is not None and recording.deleted_at is None:
            self.c.audio_store.delete(recording.stored_name)
            recording.deleted_at = now()

    def addendum(
        self, session_id: str, client_id: str | None, text: str, meaning: str, caller: Caller
    ) -> int:
        """A signed addendum to a signed note."""
        session = self.owned(session_id, caller)
        participant = self.sessions.participant(session.id, client_id)
        if not self._is_signed(participant):
            raise Conflict("Only a signed note takes addenda; edit the note instead.")
        record = self.notes.add_addendum(participant.id, caller.user, text, meaning)
        audit.record(self.db, caller.user.id, "note.addendum", "session", session.id, f"addendum={record.id}")
        return record.id

    def put_private(self, session_id: str, text: str, caller: Caller) -> int:
        """Store the caller's private psychotherapy notes for their own session."""
        session = self.owned(session_id, caller)
        record = self.notes.put_private(session.id, caller.user.id, text)
        audit.record(self.db, caller.user.id, "private_note.write", "session", session.id)
        return record.id

    def get_private(self, session_id: str, caller: Caller) -> str:
        """The caller's own private notes; anyone else is told they do not exist."""
        session = self.session(session_id, caller)
        record = self.notes.private_record(session.id, caller.user.id)
        if record is None:
            raise NotFound("No private notes were found.")
        audit.record(self.db, caller.user.id, "private_note.view", "session", session.id)
        return self.notes.private_text(record)

    def relabel(self, session_id: str, labels: dict[str, str], caller: Caller) -> str:
        """Correct which speaker label is which client; drafting then re-runs from the scrub stage."""
        session = self.owned(session_id, caller)
        people = self.sessions.participants(session.id)
        if set(labels) != {p.client_id for p in people}:
            raise Conflict("Give a speaker label for exactly the session's clients.")
        if len(set(labels.values())) != len(labels):
            raise Conflict("Each client needs a different speaker label.")
        if any(self._is_signed(p) for p in people):
            raise Conflict("A signed note cannot be redrafted; add an addendum instead.")
        job = self.jobs.for_session(session.id)
        if job is None or job.state == "running":
            raise Conflict("The session is being drafted now; change the labels when it is done.")
        for p in people:  # two steps, so swapping two labels never collides with the unique constraint
            p.speaker = f"tmp-{p.id}"
        self.db.flush()
        for p in people:
            p.speaker = labels[p.client_id]
            for v in self.notes.versions(p.id):
                self.notes.discard_unsigned(v.id)
        self.jobs.reset_after(job.id, keep=("transcribe",))
        job.state, job.attempts, job.error, job.progress, job.not_before = "queued", 0, None, 0.0, now()
        self.sessions.set_status(session.id, "queued")
        audit.record(self.db, caller.user.id, "session.relabel", "session", session.id)
        return job.id
