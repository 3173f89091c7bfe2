"""FastAPI application factory; the container is built by the caller (CLI or tests) and injected."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from service import __version__
from service.api.routes import health
from service.container import Container
from service.errors import SessionNoteError
from service.storage.db import make_engine


def create_app(container: Container) -> FastAPI:
    """Build the web app around an existing container (heavy objects are shared, built once)."""
    app = FastAPI(
        title="SessionNote",
        version=__version__,
        description="Self-hosted drafting of evidence-linked BIRP progress notes.",
    )
    app.state.container = container
    app.state.engine = make_engine(container.settings.resolved_database_url)
    app.include_router(health.router)

    @app.exception_handler(SessionNoteError)
    async def _domain_error(_request: Request, exc: SessionNoteError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"detail": exc.message})

    return app
