"""Error pages for the screens: a clear sentence in the page layout, never a stack trace.

The API's handlers stay in charge of ``/api`` (JSON); these wrap them and answer screen paths with
HTML. A page request without a valid session is redirected to ``/login`` (with a notice when the
session timed out); a form post without one is answered 401 with a sign-in link, since repeating a
post after signing in is the user's decision.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.api.security import COOKIE
from service.errors import SessionNoteError
from service.log import get_logger
from service.storage.errors import Unauthenticated
from service.web.render import page

log = get_logger("web")
Handler = Callable[[Request, Exception], Awaitable[Response]]
_NOT_SCREENS = ("/api", "/healthz", "/openapi.json", "/docs", "/redoc")
_TITLES = {
    400: "The request could not be used",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    413: "The file is too large",
    415: "Not a recording",
    422: "Something is missing",
    429: "Too many attempts",
    500: "Something went wrong",
}


def is_screen(request: Request) -> bool:
    """Is this a web screen's path (not the JSON API, the health check or the API docs)?"""
    return not request.url.path.startswith(_NOT_SCREENS)


def wants_json(request: Request) -> bool:
    """A screen's script asked for JSON (the upload form): answer errors as the API does."""
    return request.headers.get("accept", "").startswith("application/json")


def _login_redirect(request: Request) -> RedirectResponse:
    target = "/login?ended=1" if request.cookies.get(COOKIE) else "/login"
    path = request.url.path
    if path not in ("/", "/login") and path.startswith("/") and not path.startswith("//"):
        target += ("&" if "?" in target else "?") + "next=" + quote(path, safe="/")
    return RedirectResponse(target, status_code=303)


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page for a screen."""
    if status == 401 and request.method in ("GET", "HEAD"):
        return _login_redirect(request)
    title = _TITLES.get(status, "The request could not be completed")
    return page(request, "error.html", {"title": title, "message": message, "status": status}, status=status)


def install(app: FastAPI) -> None:
    """Wrap the API's exception handlers: screen paths get HTML pages, the rest keeps JSON."""
    api = {
        kind: cast(Handler, app.exception_handlers[kind])
        for kind in (SessionNoteError, RequestValidationError, StarletteHTTPException, Exception)
    }

    async def domain(request: Request, exc: Exception) -> Response:
        if not is_screen(request) or wants_json(request):
            return await api[SessionNoteError](request, exc)
        assert isinstance(exc, SessionNoteError)
        status = exc.http_status if 400 <= exc.http_status < 600 else 500
        if isinstance(exc, Unauthenticated):
            status = 401
        return error_page(request, status, exc.message)

    async def invalid(request: Request, exc: Exception) -> Response:
        if not is_screen(request) or wants_json(request):
            return await api[RequestValidationError](request, exc)
        assert isinstance(exc, RequestValidationError)
        fields = sorted({str(e.get("loc", ("", "?"))[-1]) for e in exc.errors()})
        return error_page(request, 422, f"Please check these fields and try again: {', '.join(fields)}.")

    async def http(request: Request, exc: Exception) -> Response:
        if not is_screen(request):
            return await api[StarletteHTTPException](request, exc)
        assert isinstance(exc, StarletteHTTPException)
        message = "This page was not found." if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, message)

    async def unexpected(request: Request, exc: Exception) -> Response:
        if not is_screen(request) or wants_json(request):
            return await api[Exception](request, exc)
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return error_page(
            request, 500, "An internal error occurred; it was logged without details. Please try again."
        )

    app.add_exception_handler(SessionNoteError, domain)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(Exception, unexpected)
