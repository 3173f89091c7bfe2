"""FastAPI application factory; the container is built by the caller (CLI or tests) and injected.

Errors are mapped once here: a domain error answers its own status with ``{"detail": sentence}``, a
malformed request answers 422 naming the fields (never echoing their values, which may be PHI), and
anything unexpected answers 500 with a fixed sentence; no response ever carries a stack trace.
Every response is ``nosniff``; every ``/api`` response is ``no-store`` (PHI must not sit in caches).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import __version__
from service.api.routes import auth, clients, exports, health, notes, sessions, summary, users
from service.container import Container
from service.errors import SessionNoteError
from service.log import get_logger
from service.web import register as register_screens

log = get_logger("api")


def create_app(container: Container) -> FastAPI:
    """Build the web app around an existing container (heavy objects are shared, built once)."""
    app = FastAPI(
        title="SessionNote",
        version=__version__,
        description="Self-hosted drafting of evidence-linked BIRP progress notes.",
    )
    app.state.container = container
    for module in (health, auth, users, clients, sessions, notes, exports, summary):
        app.include_router(module.router)
    _errors(app)
    register_screens(app)  # after the API's error handlers, which it wraps for the screens' paths

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.url.path.startswith("/api"):
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(SessionNoteError)
    async def _domain(_request: Request, exc: SessionNoteError) -> JSONResponse:
        status = exc.http_status if 400 <= exc.http_status < 600 else 500
        return JSONResponse(status_code=status, content={"detail": exc.message})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "invalid"))}
            for e in exc.errors()
        ]
        return JSONResponse(status_code=422, content={"detail": problems})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": str(exc.detail)})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse(
            status_code=500, content={"detail": "An internal error occurred; it was logged without details."}
        )
