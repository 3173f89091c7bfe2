"""The clinician's web screens: server-rendered Jinja2 pages over the same review workflow as the API.

``register(app)`` adds the screens' routes, the static files (vendored htmx; axe-core for the browser
tests), HTML error pages for non-API paths, and the headers every screen carries: ``no-store`` (pages
hold PHI), a Content-Security-Policy that allows only this origin's scripts and styles, and no
framing. Pages never put PHI in URLs: addresses hold only opaque ids.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from service.web import errors
from service.web.routes import clients, dashboard, login, review, upload

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def register(app: FastAPI) -> None:
    """Add the web screens to the API app (call after the API's own error handlers are set)."""
    for module in (login, dashboard, upload, clients, review):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)

    @app.middleware("http")
    async def _screen_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if errors.is_screen(request) and not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Content-Security-Policy"] = CSP
        return response
