"""The job ledger: the database's record of every job, its stages and their stored results.

The queue (Huey) only carries job ids; whoever holds the job's ``lease`` may write its stages. A claim
is one conditional UPDATE, so two workers (or two machines) never run the same job at once, and every
write a worker makes later re-checks its lease, so a worker that was presumed dead and comes back
cannot overwrite the one that took over.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from service.storage.crypto import Cipher
from service.storage.records import JobRecord, JobStageRecord
from service.storage.users import now

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True)
class Claim:
    """A worker's hold on a job for one attempt."""

    job_id: str
    lease: str
    attempt: int
    max_attempts: int

    @property
    def last(self) -> bool:
        """Is this the final attempt (the draft then falls back to template sentences)."""
        return self.attempt >= self.max_attempts


class LeaseLost(Exception):
    """Another worker holds the job now; this one must stop without writing."""


class JobRepository:
    """Jobs and stage results (results are sealed: they hold transcripts and notes)."""

    def __init__(self, db: Session, cipher: Cipher) -> None:
        self._db = db
        self._cipher = cipher

    def create(self, session_id: str, max_attempts: int, not_before: datetime) -> JobRecord:
        """A queued job for a session."""
        record = JobRecord(
            id=f"j-{secrets.token_hex(8)}",
            session_id=session_id,
            state=QUEUED,
            stage=None,
            progress=0.0,
            attempts=0,
            max_attempts=max_attempts,
            not_before=not_before,
            created_at=now(),
        )
        self._db.add(record)
        self._db.flush()
        return record

    def get(self, job_id: str) -> JobRecord | None:
        """A job by id."""
        return self._db.get(JobRecord, job_id)

    def for_session(self, session_id: str) -> JobRecord | None:
        """The job of a session."""
        return self._db.scalar(select(JobRecord).where(JobRecord.session_id == session_id))

    def claim(self, job_id: str, worker: str, stale_after: timedelta) -> Claim | None:
        """Take the job when it is due and queued, or running with a stopped heartbeat."""
        t, lease = now(), secrets.token_hex(10)
        due = and_(JobRecord.state == QUEUED, JobRecord.not_before <= t)
        orphaned = and_(JobRecord.state == RUNNING, JobRecord.heartbeat_at < t - stale_after)
        result = self._db.execute(
            update(JobRecord)
            .where(JobRecord.id == job_id, or_(due, orphaned), JobRecord.attempts < JobRecord.max_attempts)
            .values(
                state=RUNNING,
                lease=lease,
                worker=worker[:120],
                heartbeat_at=t,
                attempts=JobRecord.attempts + 1,
                started_at=t,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return None
        job = self._db.get(JobRecord, job_id)
        assert job is not None
        self._db.refresh(job)
        return Claim(job_id, lease, job.attempts, job.max_attempts)

    def _owned(self, claim: Claim, **values: object) -> None:
        result = self._db.execute(
            update(JobRecord)
            .where(JobRecord.id == claim.job_id, JobRecord.lease == claim.lease, JobRecord.state == RUNNING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise LeaseLost(claim.job_id)

    def heartbeat(self, claim: Claim, stage: str | None, progress: float) -> None:
        """The worker is alive at ``stage`` with ``progress`` percent."""
        self._owned(claim, heartbeat_at=now(), stage=stage, progress=round(progress, 1))

    def set_drafter(self, claim: Claim, drafter: str) -> None:
        """Record which drafter this attempt uses (a fallback shows here)."""
        self._owned(claim, drafter=drafter)

    def finish(self, claim: Claim, state: str, error: str | None = None) -> None:
        """End the attempt: done, failed (final), or queued again for a retry."""
        values: dict[str, object] = {"state": state, "error": error, "lease": None, "heartbeat_at": now()}
        if state in (DONE, FAILED):
            values["finished_at"] = now()
        if state == DONE:
            values["progress"] = 100.0
        self._owned(claim, **values)

    def release(self, claim: Claim, not_before: datetime) -> None:
        """Give the job back unrun (outside the batch window); the attempt does not count."""
        self._owned(claim, state=QUEUED, lease=None, not_before=not_before, attempts=JobRecord.attempts - 1)

    def mark_enqueued(self, job_id: str) -> None:
        """The queue has a task for this job as of now."""
        self._db.execute(update(JobRecord).where(JobRecord.id == job_id).values(enqueued_at=now()))

    # -- stage results -----------------------------------------------------------------------------

    def stage(self, job_id: str, stage: str, scope: str) -> JobStageRecord | None:
        """The ledger row of one stage for one scope."""
        return self._db.scalar(
            select(JobStageRecord).where(
                JobStageRecord.job_id == job_id, JobStageRecord.stage == stage, JobStageRecord.scope == scope
            )
        )

    def stages(self, job_id: str) -> list[JobStageRecord]:
        """Every stage row of a job, in the order they were first run."""
        return list(
            self._db.scalars(
                select(JobStageRecord).where(JobStageRecord.job_id == job_id).order_by(JobStageRecord.id)
            )
        )

    def reusable(self, job_id: str, stage: str, scope: str, key: str) -> bytes | None:
        """The stored result when this stage already completed with the same idempotency key."""
        row = self.stage(job_id, stage, scope)
        if row is None or row.state != DONE or row.idempotency_key != key or row.result_enc is None:
            return None
        return self._cipher.open(row.result_enc, f"{job_id}:{stage}:{scope}".encode())

    def start_stage(self, claim: Claim, stage: str, scope: str, key: str) -> None:
        """Mark a stage running (one more attempt of it)."""
        self._owned(claim, stage=stage, heartbeat_at=now())
        row = self.stage(claim.job_id, stage, scope)
        if row is None:
            row = JobStageRecord(job_id=claim.job_id, stage=stage, scope=scope, attempts=0)
            self._db.add(row)
        row.state, row.idempotency_key, row.started_at = RUNNING, key, now()
        row.attempts = (row.attempts or 0) + 1
        row.error, row.finished_at, row.result_enc = None, None, None
        self._db.flush()

    def complete_stage(self, claim: Claim, stage: str, scope: str, result: bytes, duration_s: float) -> None:
        """Store a stage's result (sealed) and mark it done."""
        self._owned(claim, heartbeat_at=now())
        row = self.stage(claim.job_id, stage, scope)
        if row is None:
            raise LeaseLost(claim.job_id)
        row.result_enc = self._cipher.seal(result, f"{claim.job_id}:{stage}:{scope}".encode())
        row.state, row.finished_at, row.duration_s = DONE, now(), round(duration_s, 3)
        self._db.flush()

    def fail_stage(self, job_id: str, stage: str, scope: str, error: str) -> None:
        """Record why a stage attempt failed (no PHI: the error is a type name or a domain sentence)."""
        row = self.stage(job_id, stage, scope)
        if row is not None:
            row.state, row.error, row.finished_at = FAILED, error[:2000], now()

    def replace_result(self, job_id: str, stage: str, scope: str, result: bytes) -> bool:
        """Overwrite a finished stage's result (a clinician corrected the transcript's speaker roles)."""
        row = self.stage(job_id, stage, scope)
        if row is None or row.state != DONE:
            return False
        row.result_enc = self._cipher.seal(result, f"{job_id}:{stage}:{scope}".encode())
        self._db.flush()
        return True

    def reset_after(self, job_id: str, keep: tuple[str, ...]) -> None:
        """Forget every stage result except ``keep`` (speaker labels changed: re-run from scrub)."""
        for row in self.stages(job_id):
            if row.stage not in keep:
                self._db.delete(row)
        self._db.flush()

    def reseal(self, cipher: Cipher) -> int:
        """Re-encrypt every stored stage result with the primary key."""
        changed = 0
        for row in self._db.scalars(select(JobStageRecord).where(JobStageRecord.result_enc.is_not(None))):
            assert row.result_enc is not None
            sealed = cipher.reseal(row.result_enc, f"{row.job_id}:{row.stage}:{row.scope}".encode())
            if sealed is not row.result_enc:
                row.result_enc, changed = sealed, changed + 1
        self._db.flush()
        return changed

    # -- what the reconciler looks for -------------------------------------------------------------

    def orphaned(self, stale_after: timedelta) -> list[JobRecord]:
        """Running jobs whose worker stopped beating."""
        return list(
            self._db.scalars(
                select(JobRecord).where(
                    JobRecord.state == RUNNING, JobRecord.heartbeat_at < now() - stale_after
                )
            )
        )

    def due(self) -> list[JobRecord]:
        """Queued jobs whose time has come."""
        return list(
            self._db.scalars(
                select(JobRecord).where(JobRecord.state == QUEUED, JobRecord.not_before <= now())
            )
        )

    def queued(self) -> list[JobRecord]:
        """Every queued job (due or waiting for the batch window)."""
        return list(self._db.scalars(select(JobRecord).where(JobRecord.state == QUEUED)))

    def give_up(self, job_id: str, error: str, stale_after: timedelta) -> bool:
        """Fail an orphaned job whose attempts are used up (only while it is still orphaned)."""
        return self._if_orphaned(
            job_id, stale_after, state=FAILED, error=error, lease=None, finished_at=now()
        )

    def requeue(self, job_id: str, stale_after: timedelta) -> bool:
        """Put an orphaned job back in the queue for its next attempt."""
        return self._if_orphaned(
            job_id, stale_after, state=QUEUED, lease=None, error="the worker stopped; retrying"
        )

    def _if_orphaned(self, job_id: str, stale_after: timedelta, **values: object) -> bool:
        result = self._db.execute(
            update(JobRecord)
            .where(
                JobRecord.id == job_id,
                JobRecord.state == RUNNING,
                JobRecord.heartbeat_at < now() - stale_after,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1
