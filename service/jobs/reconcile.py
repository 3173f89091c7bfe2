"""The reconciler: makes the ledger and the queue agree, so no job is ever silently lost.

- A running job whose heartbeat stopped (its worker was killed, ran out of memory, or its machine went
  away) goes back to the queue for its next attempt, or fails with the reason once attempts are used up
  (its audio is deleted then: nothing will read it again).
- A queued job that is due but has no task in the queue (the API stopped between commit and enqueue,
  or a Redis restart lost it) is enqueued again; a duplicate task is harmless (claims are exclusive).
- Recordings kept for ``audio_retention=days`` are deleted once older than the setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from service import audit
from service.container import Container
from service.jobs.runner import fail_session
from service.log import get_logger
from service.storage.jobs import JobRepository
from service.storage.records import RecordingRecord
from service.storage.users import aware, now

log = get_logger("reconcile")


@dataclass(frozen=True)
class Reconciled:
    """What one pass did."""

    requeued: int = 0
    failed: int = 0
    enqueued: int = 0
    audio_deleted: int = 0


def reconcile_once(container: Container) -> Reconciled:
    """One pass over the ledger."""
    s = container.settings
    stale = timedelta(seconds=s.stale_after_seconds)
    requeued, failed, to_enqueue = 0, 0, []
    with container.database.session() as db:
        jobs = JobRepository(db, container.cipher)
        for job in jobs.orphaned(stale):
            if job.attempts >= job.max_attempts:
                reason = f"The worker stopped during {job.stage or 'the job'} on all {job.attempts} attempts."
                if jobs.give_up(job.id, reason, stale):
                    fail_session(container, db, job.session_id, reason)
                    failed += 1
            elif jobs.requeue(job.id, stale):
                audit.record(db, None, "job.requeued", "job", job.id, f"after attempt {job.attempts}")
                to_enqueue.append(job.id)
                requeued += 1
    pending = container.queue.pending_job_ids()
    with container.database.session() as db:
        jobs = JobRepository(db, container.cipher)
        for job in jobs.due():
            if job.id not in pending and job.id not in to_enqueue:
                to_enqueue.append(job.id)
    for job_id in to_enqueue:
        container.queue.enqueue(job_id)
    if to_enqueue:
        with container.database.session() as db:
            jobs = JobRepository(db, container.cipher)
            for job_id in to_enqueue:
                jobs.mark_enqueued(job_id)
    deleted = _retention(container)
    result = Reconciled(requeued, failed, len(to_enqueue) - requeued, deleted)
    if requeued or failed or deleted:
        log.info("reconciled: %s", result)
    return result


def _retention(container: Container) -> int:
    s = container.settings
    if s.audio_retention != "days":
        return 0
    cutoff = now() - timedelta(days=s.audio_retention_days)
    deleted = 0
    with container.database.session() as db:
        for r in db.scalars(select(RecordingRecord).where(RecordingRecord.deleted_at.is_(None))):
            if aware(r.created_at) < cutoff:
                container.audio_store.delete(r.stored_name)
                r.deleted_at = now()
                deleted += 1
    return deleted


def sweep_orphans(container: Container) -> int:
    """At start-up: remove temporary plaintext and encrypted files no recording row refers to."""
    with container.database.session() as db:
        names = set(db.scalars(select(RecordingRecord.stored_name)))
    return container.audio_store.sweep(names)
