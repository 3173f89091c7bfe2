"""``/clients`` and ``/clients/{id}``: create a client, import or edit the treatment plan (as a case's
plan.json, or field by field in a form), and see the plan's versions and review date.

A plan imported for an existing client keeps the chart on file: the plan file's own ``client`` section
is not allowed to replace the identity the clinician entered.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from service import audit
from service.api.deps import Clients, DbSession, Plans
from service.domain.base import describe_error
from service.domain.plan import ClientChart, Goal, Objective, PlannedIntervention, TreatmentPlan
from service.errors import InputError
from service.storage.clients import StoredClient
from service.storage.errors import Forbidden
from service.web.deps import FormFields, FormScreen, PageScreen, Screen

router = APIRouter(include_in_schema=False)
MAX_PLAN_BYTES = 1_000_000
Text = Annotated[str, Form(max_length=400)]


def _plan_from_text(raw: str, chart: ClientChart | None) -> TreatmentPlan:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"The plan is not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
    if not isinstance(data, dict):
        raise InputError("The plan must be a JSON object like a case's plan.json.")
    if chart is not None:
        data["client"] = chart.model_dump(mode="json", exclude_none=True)
    try:
        return TreatmentPlan.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"The plan is not valid: {describe_error(exc)}.") from None


def _upload_text(upload: UploadFile | None) -> str:
    if upload is None or not upload.filename:
        return ""
    data = upload.file.read(MAX_PLAN_BYTES + 1)
    if len(data) > MAX_PLAN_BYTES:
        raise InputError("The plan file is larger than 1 MB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("The plan file is not UTF-8 text.") from None


def _own(client: StoredClient, screen: Screen) -> None:
    if client.owner_id != screen.caller.user.id:
        raise Forbidden("Only the client's clinician can change the plan.")


@router.get("/clients", response_class=HTMLResponse)
def client_list(screen: PageScreen, clients: Clients) -> HTMLResponse:
    """The caller's clients and the form to create one."""
    visible = clients.visible(screen.caller.principal)
    rows = sorted(((c.id, c.chart.name) for c in visible), key=lambda kv: kv[1].lower())
    return screen.render("clients.html", clients=rows)


@router.post("/clients")
def client_create(
    screen: FormScreen,
    clients: Clients,
    plans: Plans,
    db: DbSession,
    name: Text = "",
    preferred_name: Text = "",
    dob: Annotated[str, Form(max_length=10)] = "",
    mrn: Text = "",
    plan_json: Annotated[str, Form(max_length=MAX_PLAN_BYTES)] = "",
    plan_file: Annotated[UploadFile | None, File()] = None,
) -> RedirectResponse:
    """Create a client from the form (or from an imported plan's client section), with its plan."""
    screen.require_clinician()
    raw = plan_json.strip() or (_upload_text(plan_file)).strip()
    chart: ClientChart | None = None
    if name.strip():
        try:
            chart = ClientChart(
                name=name.strip(),
                preferred_name=preferred_name.strip() or None,
                dob=date.fromisoformat(dob) if dob else None,
                mrn=mrn.strip() or None,
            )
        except ValueError:
            raise InputError("The date of birth must be a date.") from None
    plan = _plan_from_text(raw, chart) if raw else None
    if chart is None:
        if plan is None:
            raise InputError("Enter the client's name, or import a plan file that has a client section.")
        chart = plan.client
    client = clients.add(screen.caller.user.id, chart)
    audit.record(db, screen.caller.user.id, "client.create", "client", client.id)
    if plan is not None:
        version = plans.add(plan.model_copy(update={"client": chart}), client.id)
        audit.record(
            db, screen.caller.user.id, "plan.update", "client", client.id, f"version={version.version}"
        )
    return RedirectResponse(f"/clients/{client.id}", status_code=303)


def _plan_json(plan: TreatmentPlan | None) -> str:
    if plan is None:
        return ""
    return json.dumps(plan.model_dump(mode="json", exclude={"client"}, exclude_none=True), indent=2)


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_page(
    client_id: str, screen: PageScreen, clients: Clients, plans: Plans, db: DbSession
) -> HTMLResponse:
    """The client's chart, plan in force, plan versions and review date, and the plan editors."""
    client = clients.require(client_id, screen.caller.principal)
    today = date.today()
    in_force = plans.active_version(client.id, today)
    latest = plans.latest(client.id)
    audit.record(db, screen.caller.user.id, "client.view", "client", client.id)
    editable = in_force.plan if in_force is not None else (latest.plan if latest is not None else None)
    return screen.render(
        "client.html",
        client=client,
        plan=in_force.plan if in_force is not None else None,
        editable=editable,
        versions=list(reversed(plans.versions(client.id))),
        plan_json=_plan_json(editable),
        today=today,
        owner=client.owner_id == screen.caller.user.id,
        done=screen.request.query_params.get("done", ""),
    )


@router.post("/clients/{client_id}/plan")
def plan_import(
    client_id: str,
    screen: FormScreen,
    clients: Clients,
    plans: Plans,
    db: DbSession,
    plan_json: Annotated[str, Form(max_length=MAX_PLAN_BYTES)] = "",
    plan_file: Annotated[UploadFile | None, File()] = None,
) -> RedirectResponse:
    """A new plan version from JSON (pasted or a file); the chart on file stays the client's identity."""
    client = clients.require(client_id, screen.caller.principal)
    _own(client, screen)
    raw = (_upload_text(plan_file)).strip() or plan_json.strip()
    if not raw:
        raise InputError("Paste the plan JSON or choose a plan file.")
    version = plans.add(_plan_from_text(raw, client.chart), client.id)
    audit.record(db, screen.caller.user.id, "plan.update", "client", client.id, f"version={version.version}")
    return RedirectResponse(f"/clients/{client.id}?done=plan", status_code=303)


def _edited(plan: TreatmentPlan, f: dict[str, str]) -> TreatmentPlan:
    def text(key: str, old: str) -> str:
        return (f.get(key) or "").strip() or old

    def day(key: str, old: date | None) -> date | None:
        raw = (f.get(key) or "").strip()
        try:
            return date.fromisoformat(raw) if raw else old
        except ValueError:
            raise InputError(f"{key.split('__')[0].replace('_', ' ').capitalize()} must be a date.") from None

    goals = [
        g.model_copy(
            update={
                "text": text(f"goal__{g.id}", g.text),
                "objectives": tuple(
                    o.model_copy(
                        update={
                            "text": text(f"objective__{o.id}", o.text),
                            "target_date": day(f"objective_date__{o.id}", o.target_date),
                        }
                    )
                    for o in g.objectives
                ),
            }
        )
        for g in plan.goals
    ]
    if (f.get("new_goal") or "").strip():
        gid = f"G{len(goals) + 1}"
        objective = (f.get("new_objective") or "").strip()
        goals.append(
            Goal(
                id=gid,
                text=f["new_goal"].strip(),
                objectives=(Objective(id=f"{gid}.O1", text=objective),) if objective else (),
            )
        )
    interventions = [
        i.model_copy(
            update={
                "name": text(f"intervention__{i.id}", i.name),
                "modality": text(f"modality__{i.id}", i.modality),
                "frequency": text(f"frequency__{i.id}", i.frequency or "") or None,
            }
        )
        for i in plan.interventions
    ]
    if (f.get("new_intervention") or "").strip():
        goal_ids = tuple(g for g in [(f.get("new_intervention_goal") or "").strip()] if g)
        interventions.append(
            PlannedIntervention(
                id=f"I{len(interventions) + 1}",
                name=f["new_intervention"].strip(),
                modality=(f.get("new_intervention_modality") or "").strip() or "unspecified",
                goal_ids=goal_ids,
            )
        )
    risk = plan.risk.model_copy(
        update={
            "level": f.get("risk_level")
            if f.get("risk_level") in ("low", "moderate", "high")
            else plan.risk.level,
            "safety_plan": f.get("safety_plan") == "yes",
        }
    )
    data: dict[str, Any] = plan.model_dump()
    data.update(
        goals=[g.model_dump() for g in goals],
        interventions=[i.model_dump() for i in interventions],
        risk=risk.model_dump(),
        review_date=day("review_date", plan.review_date),
        effective_date=day("effective_date", plan.effective_date),
        status="active",
    )
    try:
        return TreatmentPlan.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"The plan is not valid: {describe_error(exc)}.") from None


@router.post("/clients/{client_id}/plan/form")
def plan_form(
    client_id: str,
    screen: FormScreen,
    fields: FormFields,
    clients: Clients,
    plans: Plans,
    db: DbSession,
) -> RedirectResponse:
    """A new plan version from the form's edits to the plan in force (or the latest version)."""
    client = clients.require(client_id, screen.caller.principal)
    _own(client, screen)
    base = plans.active_version(client.id, date.today()) or plans.latest(client.id)
    if base is None:
        raise InputError("The client has no plan yet; import one as JSON first.")
    edited = _edited(base.plan.model_copy(update={"client": client.chart}), fields)
    version = plans.add(edited, client.id)
    audit.record(db, screen.caller.user.id, "plan.update", "client", client.id, f"version={version.version}")
    return RedirectResponse(f"/clients/{client.id}?done=plan", status_code=303)
