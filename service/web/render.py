"""Rendering pages: one Jinja2 environment (HTML autoescaping, undefined names are errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.api.security import Caller

TEMPLATES = Path(__file__).parent / "templates"

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _clock(seconds: float | None) -> str:
    """Seconds as m:ss (or h:mm:ss) for transcript timestamps."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


ENV.filters["clock"] = _clock
ENV.filters["evidence_attr"] = lambda ids: " ".join(str(i) for i in ids or ())


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    caller: Caller | None = None,
    status: int = 200,
    idle_minutes: int = 30,
) -> HTMLResponse:
    """Render template ``name`` as a full page (or fragment) response."""
    body = ENV.get_template(name).render(
        request_path=request.url.path,
        user=caller.user if caller is not None else None,
        roles=sorted(caller.principal.roles) if caller is not None else [],
        csrf_token=caller.csrf_token if caller is not None else None,
        idle_minutes=idle_minutes,
        **context,
    )
    return HTMLResponse(body, status_code=status)
