"""``sessionnote serve``: the API (FastAPI under uvicorn) and, by default, the workers beside it;
``sessionnote worker``: workers only (further machines sharing PostgreSQL and Redis)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from service.cli.options import container
from service.container import Container
from service.storage.db import upgrade

console = Console(stderr=True)


def _prepare(c: Container) -> None:
    """Migrate, check the clinic's configuration and the key ring, so a mistake stops start-up."""
    from service.extract.vocabulary import load_vocabulary
    from service.validate.config import load_validator_config

    upgrade(c.settings.resolved_database_url)
    load_validator_config(c.settings.validator_config)
    if c.vocabulary_dir is not None:
        load_vocabulary(c.vocabulary_dir)
    c.cipher  # noqa: B018 - loads (or creates) the key ring and checks its permissions


def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on (loopback unless allowed).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes beside the API (0: none).")] = None,
) -> None:
    """Start the web service (default 127.0.0.1:8000) and its workers; OpenAPI docs at /docs."""
    from service.api.app import create_app
    from service.cli.user import ensure_first_admin
    from service.jobs.supervisor import Supervisor

    c = container(host=host, port=port, workers=workers)
    _prepare(c)
    created = ensure_first_admin(c)
    if created is not None:
        console.print(
            f"Created the first account (admin and clinician); its password is in {created} (mode 0600). "
            "Read it, then delete the file.",
            highlight=False,
        )
    env = {"SESSIONNOTE_WORKERS": str(c.settings.workers)}
    supervisor = Supervisor(c, env)
    supervisor.start()
    try:
        uvicorn.run(create_app(c), host=c.settings.host, port=c.settings.port, log_level="warning")
    finally:
        supervisor.stop()


def worker(
    workers: Annotated[int | None, typer.Option(help="Worker processes on this machine.")] = None,
) -> None:
    """Run workers and the reconciler only (no API), until SIGINT or SIGTERM."""
    from service.jobs.supervisor import Supervisor

    c = container(workers=workers)
    _prepare(c)
    supervisor = Supervisor(c, {"SESSIONNOTE_WORKERS": str(max(c.settings.workers, 1))})
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    supervisor.start()
    console.print(f"Workers running (consumer pid {supervisor.consumer_pid}).", highlight=False)
    stop.wait()
    supervisor.stop()


def register(app: typer.Typer) -> None:
    """Add the ``serve`` and ``worker`` commands."""
    app.command("serve")(serve)
    app.command("worker")(worker)
