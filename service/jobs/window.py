"""The batch window (``SESSIONNOTE_BATCH_WINDOW``): when queued jobs may run.

``immediate`` runs jobs as they arrive; ``01:00-06:00`` runs them between those local times (a window
may cross midnight, e.g. ``22:00-05:00``).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta


def _parse(window: str) -> tuple[time, time] | None:
    if window == "immediate":
        return None
    start, end = window.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def is_open(window: str, at: datetime) -> bool:
    """Is the window open at ``at`` (an aware datetime, compared in local time)."""
    bounds = _parse(window)
    if bounds is None:
        return True
    local = at.astimezone().time()
    start, end = bounds
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def next_opening(window: str, at: datetime) -> datetime:
    """``at`` when the window is open, else the next time it opens (UTC)."""
    if is_open(window, at):
        return at.astimezone(UTC)
    bounds = _parse(window)
    assert bounds is not None
    local = at.astimezone()
    candidate = local.replace(hour=bounds[0].hour, minute=bounds[0].minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(UTC)
