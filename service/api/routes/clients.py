"""``/api/clients``: a clinician's clients, their charts and versioned treatment plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from service import audit
from service.api.deps import Clients, CurrentUser, DbSession, Plans, ReviewFlow
from service.api.schemas import Created
from service.api.security import Caller
from service.domain.plan import ClientChart, TreatmentPlan
from service.review.context import load_context
from service.storage.errors import Conflict, Forbidden

router = APIRouter(prefix="/api/clients", tags=["clients"])


class PlanVersionOut(BaseModel):
    """One stored version of the client's plan."""

    version: int
    plan_id: str
    status: str
    effective_from: date
    effective_to: date | None
    review_date: date | None


class ClientOut(BaseModel):
    """A client: chart, the plan in force today (or null) and every plan version."""

    id: str
    owner_id: str
    client: dict[str, Any]
    plan: dict[str, Any] | None
    plan_versions: list[PlanVersionOut]


class ClientSummary(BaseModel):
    """A client in a list."""

    id: str
    name: str


class PlanStored(BaseModel):
    """The stored plan version."""

    id: str
    version: int
    status: str


def require_clinician(caller: Caller) -> None:
    """Clinical records are created by clinicians only."""
    if not caller.principal.has("clinician"):
        raise Forbidden("Only a clinician can do this.")


@router.post("", response_model=Created, status_code=status.HTTP_201_CREATED)
def create_client(body: ClientChart, caller: CurrentUser, clients: Clients, db: DbSession) -> Created:
    """A new client of the calling clinician (body: the ``client`` object of a plan.json)."""
    require_clinician(caller)
    client = clients.add(caller.user.id, body)
    audit.record(db, caller.user.id, "client.create", "client", client.id)
    return Created(id=client.id)


@router.get("", response_model=list[ClientSummary])
def list_clients(caller: CurrentUser, clients: Clients) -> list[ClientSummary]:
    """The clients the caller may see."""
    return [ClientSummary(id=c.id, name=c.chart.name) for c in clients.visible(caller.principal)]


@router.put("/{client_id}/plan", response_model=PlanStored)
def put_plan(
    client_id: str, body: TreatmentPlan, caller: CurrentUser, clients: Clients, plans: Plans, db: DbSession
) -> PlanStored:
    """Store a new version of the client's plan (an active plan supersedes the one in force)."""
    client = clients.require(client_id, caller.principal)
    if client.owner_id != caller.user.id:
        raise Forbidden("Only the client's clinician can change the plan.")
    version = plans.add(body, client.id)
    audit.record(db, caller.user.id, "plan.update", "client", client.id, f"version={version.version}")
    return PlanStored(id=client.id, version=version.version, status=version.status)


class MeasurePoint(BaseModel):
    """One score of the client on a standard measure, from one session's extracted facts."""

    session_id: str
    session_date: date
    instrument: str
    score: float
    evidence: list[int]


@router.get("/{client_id}/measures", response_model=list[MeasurePoint])
def measures(client_id: str, caller: CurrentUser, clients: Clients, review: ReviewFlow) -> list[MeasurePoint]:
    """The client's scores over sessions (oldest first), for the measures chart."""
    client = clients.require(client_id, caller.principal)
    points = []
    for session in reversed(review.sessions.visible(caller.principal, client_id=client.id)):
        participant = review.sessions.participant(session.id, client.id)
        try:
            facts = load_context(review.c, review.jobs, review.plans, session, participant).facts
        except Conflict:
            continue
        points += [
            MeasurePoint(
                session_id=session.id,
                session_date=session.session_date,
                instrument=m.instrument,
                score=m.score,
                evidence=list(m.evidence),
            )
            for m in facts.measures
        ]
    return sorted(points, key=lambda p: p.session_date)


@router.get("/{client_id}", response_model=ClientOut)
def get_client(
    client_id: str, caller: CurrentUser, clients: Clients, plans: Plans, db: DbSession
) -> ClientOut:
    """The client's chart, plan in force today and plan versions."""
    client = clients.require(client_id, caller.principal)
    plan = plans.active_plan(client.id, date.today())
    versions = [
        PlanVersionOut(
            version=v.version,
            plan_id=v.plan.plan_id,
            status=v.status,
            effective_from=v.effective_from,
            effective_to=v.effective_to,
            review_date=v.plan.review_date,
        )
        for v in plans.versions(client.id)
    ]
    audit.record(db, caller.user.id, "client.view", "client", client.id)
    return ClientOut(
        id=client.id,
        owner_id=client.owner_id,
        client=client.chart.model_dump(mode="json", exclude_none=True),
        plan=plan.model_dump(mode="json", exclude_none=True) if plan is not None else None,
        plan_versions=versions,
    )
