"""The Huey consumer process: ``python -m service.jobs.consumer``.

It runs the queue's workers as processes (``SESSIONNOTE_WORKERS`` of them) and restarts any that dies;
it never opens the database itself, so the worker processes it forks share no connection with it.
"""

from __future__ import annotations

import logging

from huey.consumer import Consumer

from service.config import load_settings
from service.jobs.queue import build_queue
from service.log import configure


def main() -> None:
    """Run the consumer until SIGINT/SIGTERM."""
    settings = load_settings()
    configure(settings.log_level)
    logging.getLogger("huey").setLevel(logging.WARNING)
    queue = build_queue(settings)
    Consumer(
        queue.huey,
        workers=max(settings.workers, 1),
        worker_type="process",
        check_worker_health=True,
        health_check_interval=1,
        periodic=False,
        initial_delay=0.1,
        max_delay=1.0,
    ).run()


if __name__ == "__main__":
    main()
