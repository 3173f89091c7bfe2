"""``GET /api/summary``: the morning summary of the overnight batch."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.api.deps import AppContainer, CurrentUser, DbSession
from service.jobs.summary import morning_summary
from service.storage.users import aware, now

router = APIRouter(prefix="/api", tags=["summary"])


@router.get("/summary")
def summary(
    caller: CurrentUser,
    db: DbSession,
    container: AppContainer,
    since: Annotated[datetime | None, Query(description="Default: 24 hours ago.")] = None,
) -> dict[str, Any]:
    """Drafted, failed (with reason) and needing attention, for the sessions the caller may see."""
    start = aware(since) if since is not None else now() - timedelta(hours=24)
    return morning_summary(container, db, start, caller.principal)
