"""``/``: today's and last night's sessions by status, with the overnight batch summary.

Statuses as a clinician reads them: queued (or waiting for the batch window), transcribing N% (any
running stage, with its name), drafted, needs attention (open blocking or risk findings, or failed),
signed. Filters by client and status travel as ids in the query string, never as names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from service.api.deps import ReviewFlow
from service.jobs.summary import morning_summary
from service.review.workflow import Review
from service.storage.clients import ClientRepository
from service.storage.notes import finding_id
from service.storage.records import SessionRecord
from service.storage.users import aware, now
from service.web.deps import PageScreen, Screen
from service.web.review_view import is_risk

router = APIRouter(include_in_schema=False)
GROUPS = (
    ("attention", "Needs attention"),
    ("running", "Transcribing and drafting"),
    ("queued", "Queued"),
    ("drafted", "Drafted, ready to review"),
    ("signed", "Signed"),
)
StatusFilter = Annotated[str, Query(pattern="^(|queued|running|drafted|attention|signed)$")]
RangeFilter = Annotated[str, Query(alias="range", pattern="^(recent|all)$")]
ClientFilter = Annotated[str, Query(max_length=40)]
STAGE_NAMES = {
    "transcribe": "transcribing",
    "scrub": "removing identifiers",
    "extract": "extracting facts",
    "draft": "drafting",
    "validate": "checking against the plan",
}


@dataclass(frozen=True)
class Row:
    """One session on the dashboard."""

    id: str
    session_date: str
    clients: list[str]
    group: str
    label: str
    progress: float
    reasons: list[str]


def since_last_evening(at: datetime) -> datetime:
    """Yesterday 18:00 in the server's local time: 'today and last night'."""
    local = at.astimezone()
    return (local - timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)


def _attention(review: Review, session: SessionRecord) -> list[str]:
    reasons: set[str] = set()
    for p in review.sessions.participants(session.id):
        version = review.notes.latest(p.id)
        if version is None:
            continue
        acked = {a.finding_id for a in review.notes.acknowledgements(version.id)}
        for f in version.findings:
            if finding_id(f) not in acked and (f.severity == "block" or is_risk(f.code)):
                reasons.add(f.code)
    return sorted(reasons)


def _row(review: Review, session: SessionRecord, names: dict[str, str]) -> Row:
    job = review.jobs.for_session(session.id)
    clients = [names.get(p.client_id, p.client_id) for p in review.sessions.participants(session.id)]
    day = session.session_date.isoformat()

    def row(group: str, label: str, progress: float, reasons: list[str]) -> Row:
        return Row(session.id, day, clients, group, label, progress, reasons)

    if session.status == "failed":
        reason = (job.error if job else None) or "the reason was not recorded"
        return row("attention", "failed", 0.0, [reason])
    if session.status == "running" and job is not None:
        stage = STAGE_NAMES.get(job.stage or "", "starting")
        return row("running", f"{stage} {job.progress:.0f}%", job.progress, [])
    if session.status == "queued":
        label = "queued"
        if job is not None and aware(job.not_before) > now():
            label = f"waiting for the batch window ({aware(job.not_before).astimezone():%H:%M})"
        return row("queued", label, 0.0, [])
    if session.status == "drafted":
        reasons = _attention(review, session)
        group = "attention" if reasons else "drafted"
        return row(group, "drafted", 100.0, reasons)
    return row("signed", "signed", 100.0, [])


def _model(screen: Screen, review: Review, client: str, status: str, range_: str) -> dict[str, Any]:
    principal = screen.caller.principal
    clients = ClientRepository(review.db, review.c.cipher).visible(principal)
    names = {c.id: c.chart.name for c in clients}
    cutoff = since_last_evening(now())
    sessions = review.sessions.visible(principal, None, client or None)
    if range_ == "recent":
        sessions = [s for s in sessions if aware(s.updated_at) >= cutoff or aware(s.created_at) >= cutoff]
    rows = [_row(review, s, names) for s in sessions]
    if status:
        rows = [r for r in rows if r.group == status]
    groups = [(key, title, [r for r in rows if r.group == key]) for key, title in GROUPS]
    return {
        "groups": groups,
        "clients": sorted(names.items(), key=lambda kv: kv[1].lower()),
        "filter_client": client,
        "filter_status": status,
        "filter_range": range_,
        "statuses": GROUPS,
        "summary": morning_summary(review.c, review.db, cutoff, principal),
        "since": cutoff,
        "busy": any(r.group in ("running", "queued") for r in rows),
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(
    screen: PageScreen,
    review: ReviewFlow,
    client: ClientFilter = "",
    status: StatusFilter = "",
    range_: RangeFilter = "recent",
) -> HTMLResponse:
    """The dashboard."""
    return screen.render("dashboard.html", **_model(screen, review, client, status, range_))


@router.get("/dashboard/sessions", response_class=HTMLResponse)
def dashboard_sessions(
    screen: PageScreen,
    review: ReviewFlow,
    client: ClientFilter = "",
    status: StatusFilter = "",
    range_: RangeFilter = "recent",
) -> HTMLResponse:
    """The sessions part of the dashboard alone (refreshed while jobs run)."""
    return screen.render("_sessions.html", **_model(screen, review, client, status, range_))
