"""Inside a Huey worker process: one container per process, so each model loads once and is reused
for every job this process runs. A native crash (or SIGKILL, or the OOM killer) takes down only this
process; the consumer starts a new one and the reconciler retries the job from its last stored stage.
"""

from __future__ import annotations

import os

from service.config import load_settings
from service.container import Container
from service.jobs.runner import run_job

_container: tuple[int, Container] | None = None


def process_container() -> Container:
    """This process's container (a forked child builds its own; it never reuses its parent's)."""
    global _container
    if _container is None or _container[0] != os.getpid():
        _container = (os.getpid(), Container(load_settings()))
    return _container[1]


def run_in_worker(job_id: str) -> None:
    """The queue task: run one attempt of the job."""
    run_job(process_container(), job_id)
