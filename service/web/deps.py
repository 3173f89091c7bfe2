"""Dependencies of the web screens: who is looking (cookie session), and form posts' CSRF token.

A page request without a valid session raises :class:`Unauthenticated`, which the screens' error
handler turns into a redirect to ``/login``. A form post must carry the session's CSRF token in its
``csrf_token`` field (or the ``X-CSRF-Token`` header for script requests); one without is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse

from service.api.deps import AppContainer, Users
from service.api.security import Caller, identify
from service.container import Container
from service.storage.errors import Forbidden
from service.web.render import page


@dataclass(frozen=True)
class Screen:
    """One screen request: the caller and the means to render a page for them."""

    request: Request
    caller: Caller
    container: Container

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """The page ``name`` for this caller."""
        return page(
            self.request,
            name,
            context,
            self.caller,
            status,
            self.container.settings.session_idle_minutes,
        )

    def require_clinician(self) -> None:
        """Clinical records are created and changed by clinicians only."""
        if not self.caller.principal.has("clinician"):
            raise Forbidden("Only a clinician can do this.")


def _screen(request: Request, users: Users, container: AppContainer) -> Screen:
    return Screen(request, identify(request, users, container.settings), container)


def _form_screen(
    request: Request,
    users: Users,
    container: AppContainer,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Screen:
    return Screen(request, identify(request, users, container.settings, form_csrf=csrf_token), container)


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


PageScreen = Annotated[Screen, Depends(_screen)]
# Every text field of a posted form (for forms whose field names are built from ids).
FormFields = Annotated[dict[str, str], Depends(_fields)]
FormScreen = Annotated[Screen, Depends(_form_screen)]
