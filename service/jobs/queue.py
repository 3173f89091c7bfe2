"""The task queue: Huey with its SQLite storage in the data dir (one machine) or Redis (several).

Tasks carry a job id and nothing else (no PHI ever enters the queue); the ledger in the database says
what to do. A task that finds its job already taken or done simply returns, so a duplicate in the
queue is harmless.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huey import RedisHuey, SqliteHuey
from huey.api import Huey

from service.settings import Settings
from service.storage.db import private_file

TASK = "sessionnote.run_job"


class JobQueue:
    """The Huey instance and the one task it runs."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._task = huey.task(name=TASK)(_run_job)

    def enqueue(self, job_id: str, eta: datetime | None = None) -> None:
        """Put a task for ``job_id`` on the queue (at ``eta`` when given)."""
        if eta is None:
            self._task(job_id)
        else:
            self._task.schedule(args=(job_id,), eta=eta)

    def pending_job_ids(self) -> set[str]:
        """Job ids with a task waiting in the queue or the schedule."""
        ids: set[str] = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            args: Any = getattr(task, "args", ())
            if args:
                ids.add(str(args[0]))
        return ids


def build_queue(settings: Settings) -> JobQueue:
    """The queue for these settings: SQLite in the data dir, or Redis."""
    if settings.queue == "redis":
        assert settings.redis_url is not None  # settings refuse redis without a URL
        huey: Huey = RedisHuey("sessionnote", url=settings.redis_url, results=False)
    else:
        path = settings.data_dir / "queue.db"
        private_file(path)
        huey = SqliteHuey("sessionnote", filename=str(path), results=False)
    return JobQueue(huey)


def _run_job(job_id: str) -> None:
    # Runs inside a Huey worker process: the process's own container loads the models once.
    from service.jobs.worker import run_in_worker

    run_in_worker(job_id)
