"""Runs one job attempt: claim it, run each stage not already done, store each result as it comes.

The ledger is the source of truth. Each stage's result is stored (sealed) under its idempotency key the
moment it is ready, so a worker killed mid-job costs only the stage it was in. The drafted note is
written in the same transaction that marks the last stage done, under a unique (participant, version)
key, so a note is never lost and never written twice. On the job's last attempt the draft stage uses the
template drafter: a model that keeps killing its worker cannot keep a session from being drafted.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter

from service import audit
from service.container import Container
from service.domain.draft import Draft
from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ClientChart, TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import SessionNoteError
from service.jobs import ledger, stages, window
from service.log import get_logger
from service.settings import DrafterName
from service.storage.clients import ClientRepository
from service.storage.errors import Conflict
from service.storage.jobs import DONE, FAILED, QUEUED, Claim, JobRepository, LeaseLost
from service.storage.notes import NoteRepository
from service.storage.plans import PlanRepository
from service.storage.records import ParticipantRecord, RecordingRecord, SessionRecord
from service.storage.sessions import SessionRepository
from service.storage.users import now

log = get_logger("jobs")
M = TypeVar("M", bound=BaseModel)


class Step(Protocol):
    """Runs one stage for one scope unless its result is already stored (then returns that)."""

    def __call__(
        self, stage: str, scope: str, speaker: str, model: type[M], work: Callable[[], M], part: int = 0
    ) -> M: ...


_FINDINGS = TypeAdapter(tuple[Finding, ...])


def worker_name() -> str:
    """host:pid of this process (shown in the ledger; lets an operator find a stuck worker)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Heartbeat:
    """Beats the job's heartbeat (with its stage and progress) from a thread while stages run."""

    def __init__(self, container: Container, claim: Claim) -> None:
        self._container, self._claim = container, claim
        self.stage: str | None = None
        self.progress = 0.0
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def beat(self) -> None:
        """Write the heartbeat now."""
        try:
            with self._container.database.session() as db:
                JobRepository(db, self._container.cipher).heartbeat(self._claim, self.stage, self.progress)
        except LeaseLost:
            self.lost = True

    def _run(self) -> None:
        while not self._stop.wait(self._container.settings.heartbeat_seconds):
            self.beat()

    def check(self) -> None:
        """Stop the attempt when another worker has taken the job over."""
        if self.lost:
            raise LeaseLost(self._claim.job_id)


@dataclass(frozen=True)
class Participant:
    """What a participant's stages need."""

    record: ParticipantRecord
    scope: str
    chart: ClientChart
    plan: TreatmentPlan


@dataclass(frozen=True)
class Inputs:
    """Everything the stages read, loaded once per attempt."""

    session: SessionRecord
    recording: RecordingRecord
    participants: list[Participant]


def run_job(container: Container, job_id: str) -> str:
    """One attempt at a job; returns what happened (skipped, deferred, done, retry, failed, lost)."""
    s, cipher = container.settings, container.cipher
    with container.database.session() as db:
        claim = JobRepository(db, cipher).claim(
            job_id, worker_name(), timedelta(seconds=s.stale_after_seconds)
        )
        if claim is None:
            return "skipped"
        if not window.is_open(s.batch_window, now()):
            opening = window.next_opening(s.batch_window, now())
            JobRepository(db, cipher).release(claim, opening)
            deferred_to = opening
        else:
            deferred_to = None
            job = JobRepository(db, cipher).get(job_id)
            assert job is not None
            SessionRepository(db).set_status(job.session_id, "running")
    if deferred_to is not None:
        container.queue.enqueue(job_id, eta=deferred_to)
        return "deferred"
    log.info("job %s attempt %d/%d started", job_id, claim.attempt, claim.max_attempts)
    try:
        with Heartbeat(container, claim) as beat:
            _stages(container, claim, beat)
            with container.database.session() as db:
                jobs = JobRepository(db, cipher)
                jobs.finish(claim, DONE)
                job = jobs.get(job_id)
                assert job is not None
                SessionRepository(db).set_status(job.session_id, "drafted")
                audit.record(db, None, "job.done", "job", job_id, f"attempt={claim.attempt}")
        log.info("job %s done", job_id)
        return "done"
    except LeaseLost:
        log.warning("job %s was taken over by another worker; this attempt stops", job_id)
        return "lost"
    except SessionNoteError as exc:
        # A domain error (no speech, corrupt audio, no plan in force) will not heal on a retry.
        _fail(container, claim, exc.message)
        return "failed"
    except Exception as exc:
        log.error("job %s attempt %d failed: %s", job_id, claim.attempt, type(exc).__name__)
        if claim.last:
            _fail(container, claim, f"Drafting failed on every attempt ({type(exc).__name__}).")
            return "failed"
        with container.database.session() as db:
            JobRepository(db, cipher).finish(
                claim, QUEUED, f"attempt {claim.attempt} failed ({type(exc).__name__})"
            )
        container.queue.enqueue(job_id, eta=now() + timedelta(seconds=2**claim.attempt))
        return "retry"


def _fail(container: Container, claim: Claim, reason: str) -> None:
    with container.database.session() as db:
        jobs = JobRepository(db, container.cipher)
        jobs.finish(claim, FAILED, reason)
        job = jobs.get(claim.job_id)
        assert job is not None
        fail_session(container, db, job.session_id, reason)


def fail_session(container: Container, db: object, session_id: str, reason: str) -> None:
    """Mark the session failed and delete its audio (retries are exhausted: nothing will read it)."""
    from sqlalchemy.orm import Session

    assert isinstance(db, Session)
    sessions = SessionRepository(db)
    sessions.set_status(session_id, "failed")
    recording = sessions.recording(session_id)
    if recording is not None and recording.deleted_at is None:
        container.audio_store.delete(recording.stored_name)
        recording.deleted_at = now()
    audit.record(db, None, "job.failed", "session", session_id, reason[:200])


def _load(container: Container, job_id: str) -> Inputs:
    with container.database.session() as db:
        job = JobRepository(db, container.cipher).get(job_id)
        assert job is not None
        sessions = SessionRepository(db)
        session = sessions.get(job.session_id, None)
        recording = sessions.recording(session.id)
        if recording is None:
            raise Conflict("The session has no recording.")
        clients, plans = ClientRepository(db, container.cipher), PlanRepository(db, container.cipher)
        people = []
        for p in sessions.participants(session.id):
            plan = plans.active_plan(p.client_id, session.session_date)
            if plan is None:
                raise Conflict(
                    f"Client {p.client_id} has no treatment plan in force on {session.session_date}; "
                    "add one, then retry the session."
                )
            people.append(Participant(p, f"p{p.position}", clients.require(p.client_id, None).chart, plan))
        return Inputs(session, recording, people)


def _versions(container: Container, drafter: DrafterName) -> dict[str, str]:
    s = container.settings
    return {
        "asr": f"{s.transcriber}/{s.whisper_model}/beam{s.beam_size}/diarize={s.diarization}",
        "vocabulary": container.extractor.version,
        "drafter": drafter if drafter == "template" else f"{drafter}/{s.llm_model}/{s.llm_model_path}",
        "prompts": container.prompts.version,
        "validator": str(s.validator_config or "default"),
    }


def _stages(container: Container, claim: Claim, beat: Heartbeat) -> None:
    inputs = _load(container, claim.job_id)
    s = container.settings
    drafter_name: DrafterName = "template" if claim.last and claim.attempt > 1 else s.drafter
    with container.database.session() as db:
        JobRepository(db, container.cipher).set_drafter(claim, drafter_name)
    versions = _versions(container, drafter_name)
    rec = inputs.recording

    def key(stage: str, scope: str, speaker: str) -> str:
        relevant = {
            "transcribe": ("asr",),
            "scrub": ("asr",),
            "extract": ("asr", "vocabulary"),
            "draft": ("asr", "vocabulary", "drafter", "prompts"),
            "validate": ("asr", "vocabulary", "drafter", "prompts", "validator"),
        }[stage]
        return ledger.idempotency_key(
            rec.sha256, rec.id, stage, scope, speaker, {k: versions[k] for k in relevant}
        )

    def step(stage: str, scope: str, speaker: str, model: type[M], work: Callable[[], M], part: int = 0) -> M:
        beat.check()
        k = key(stage, scope, speaker)
        with container.database.session() as db:
            stored = JobRepository(db, container.cipher).reusable(claim.job_id, stage, scope, k)
        if stored is not None:
            return model.model_validate_json(stored)
        beat.stage, beat.progress = stage, ledger.overall(stage, 0.0, part, len(inputs.participants))
        with container.database.session() as db:
            JobRepository(db, container.cipher).start_stage(claim, stage, scope, k)
        began = time.perf_counter()
        result = work()
        beat.check()
        with container.database.session() as db:
            JobRepository(db, container.cipher).complete_stage(
                claim, stage, scope, result.model_dump_json().encode(), time.perf_counter() - began
            )
        return result

    def on_progress(stage: str, fraction: float) -> None:
        beat.progress = ledger.overall("transcribe", fraction)

    def run_transcribe() -> Transcript:
        with container.audio_store.plaintext(rec.stored_name) as audio:
            return stages.transcribe(container.transcriber(), audio, None, on_progress)

    transcript = step("transcribe", "session", "", Transcript, run_transcribe)
    if s.audio_retention == "transcribed":
        _delete_audio(container, rec.id)
    n = len(inputs.participants)
    for i, person in enumerate(inputs.participants):
        others = [q.chart for q in inputs.participants if q is not person]
        _participant(
            container, claim, beat, step, key, transcript, person, others, inputs, drafter_name, i, n
        )


def _participant(
    container: Container,
    claim: Claim,
    beat: Heartbeat,
    step: Step,
    key: Callable[[str, str, str], str],
    transcript: Transcript,
    p: Participant,
    others: list[ClientChart],
    inputs: Inputs,
    drafter_name: DrafterName,
    i: int,
    n: int,
) -> None:
    """scrub -> extract -> draft -> validate for one client of the session."""
    speaker, day = p.record.speaker, inputs.session.session_date

    def do_scrub() -> ScrubbedTranscript:
        return stages.scrub(container.scrubber, transcript, p.plan, stages.chart_for(p.chart, others))

    scrubbed = step("scrub", p.scope, speaker, ScrubbedTranscript, do_scrub, i)
    safe = stages.safe_transcript(transcript, scrubbed, day)

    def do_extract() -> ClinicalFacts:
        return stages.extract(container.extractor, safe, p.plan, speaker, scrubbed)

    facts = step("extract", p.scope, speaker, ClinicalFacts, do_extract, i)

    def do_draft() -> Draft:
        return stages.draft(container.drafter(drafter_name), safe, facts, p.plan, speaker, scrubbed)

    drafted = step("draft", p.scope, speaker, Draft, do_draft, i)
    k = key("validate", p.scope, speaker)
    _validate_and_store(container, claim, beat, k, p, drafted, safe, facts, scrubbed, day, i, n)


def _validate_and_store(
    container: Container,
    claim: Claim,
    beat: Heartbeat,
    k: str,
    p: Participant,
    drafted: Draft,
    safe: Transcript,
    facts: ClinicalFacts,
    scrubbed: ScrubbedTranscript,
    day: date,
    part: int,
    parts: int,
) -> None:
    beat.check()
    with container.database.session() as db:
        if JobRepository(db, container.cipher).reusable(claim.job_id, "validate", p.scope, k) is not None:
            return
        JobRepository(db, container.cipher).start_stage(claim, "validate", p.scope, k)
    beat.stage, beat.progress = "validate", ledger.overall("validate", 0.0, part, parts)
    began = time.perf_counter()
    drafted, findings = stages.validate(
        container.validator, drafted, safe, p.plan, facts, scrubbed, p.record.speaker, day
    )
    provenance = drafted.provenance.model_copy(
        update={
            "transcript_engine": safe.engine,
            "transcript_model": safe.model,
            "transcript_model_sha256": safe.model_sha256,
        }
    )
    with container.database.session() as db:
        jobs, notes = JobRepository(db, container.cipher), NoteRepository(db, container.cipher)
        jobs.complete_stage(
            claim, "validate", p.scope, _FINDINGS.dump_json(findings), time.perf_counter() - began
        )
        if notes.count_versions(p.record.id) == 0:
            version = notes.add_version(p.record.id, drafted.note, findings, provenance, None)
            audit.record(
                db, None, "note.drafted", "note", str(version.id), json.dumps({"drafter": provenance.drafter})
            )


def _delete_audio(container: Container, recording_id: str) -> None:
    with container.database.session() as db:
        recording = db.get(RecordingRecord, recording_id)
        if recording is not None and recording.deleted_at is None:
            container.audio_store.delete(recording.stored_name)
            recording.deleted_at = now()
