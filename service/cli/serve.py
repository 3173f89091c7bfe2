"""``sessionnote serve``: the web service (FastAPI under uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from service.cli.options import container


def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on (loopback unless allowed).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
) -> None:
    """Start the web service (default 127.0.0.1:8000); OpenAPI docs at /docs."""
    from service.api.app import create_app

    c = container(host=host, port=port)
    uvicorn.run(create_app(c), host=c.settings.host, port=c.settings.port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve)
