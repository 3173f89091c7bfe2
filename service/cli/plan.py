"""``sessionnote plan``: import, export and show versioned treatment plans."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.cli.options import container
from service.errors import InputError
from service.plans.io import PlanFormat, read_plan, render_plan
from service.storage.db import upgrade
from service.storage.plans import PlanRepository

plan_app = typer.Typer(help="Treatment plans: versioned, one in force per client on any date.")
console = Console()


@contextmanager
def _repository() -> Iterator[PlanRepository]:
    c = container()
    upgrade(c.settings.resolved_database_url)  # idempotent: the plan tables exist before the first import
    with c.database.session() as db:
        yield PlanRepository(db, c.cipher)


@plan_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="plan.json or a FHIR R4 Bundle (CarePlan + Goals).")],
    client: Annotated[str | None, typer.Option(help="Client id (default: matched by MRN, else new).")] = None,
) -> None:
    """Store a plan as the client's newest version; an active plan supersedes the one in force."""
    plan = read_plan(file)
    with _repository() as repo:
        version = repo.add(plan, client)
    console.print(
        f"Stored plan {plan.plan_id} as version {version.version} for client {version.client_id} "
        f"({version.status}, from {version.effective_from}).",
        highlight=False,
    )


@plan_app.command("export")
def export_cmd(
    client: Annotated[str, typer.Argument(help="Client id.")],
    fmt: Annotated[str, typer.Option("--format", help="json (plan.json) or fhir (R4 Bundle).")] = "json",
    on: Annotated[str | None, typer.Option(help="The plan in force on this date (default: today).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Print the plan in force on a date as plan.json or FHIR."""
    if fmt not in ("json", "fhir"):
        raise InputError("--format must be json or fhir.")
    with _repository() as repo:
        plan = repo.active_plan(client, _day(on))
    if plan is None:
        raise InputError(f"Client {client} has no plan in force on {_day(on)}.")
    text = render_plan(plan, fhir_or_json(fmt), patient_id=client)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


@plan_app.command("show")
def show_cmd(
    client: Annotated[str, typer.Argument(help="Client id.")],
    on: Annotated[str | None, typer.Option(help="Date (default: today).")] = None,
) -> None:
    """List the client's plan versions and summarise the one in force (no chart identifiers)."""
    with _repository() as repo:
        versions = repo.versions(client)
        plan = repo.active_plan(client, _day(on))
    if not versions:
        raise InputError(f"No plans stored for client {client}.")
    for v in versions:
        until = f" until {v.effective_to}" if v.effective_to else ""
        console.print(
            f"v{v.version} {v.plan.plan_id}: {v.status}, from {v.effective_from}{until}", highlight=False
        )
    if plan is None:
        console.print(f"No plan in force on {_day(on)}.")
        return
    console.print(f"\nIn force on {_day(on)}: {plan.plan_id} (review by {plan.review_date})", highlight=False)
    for d in plan.diagnoses:
        console.print(f"  {d.code} {d.description}", highlight=False)
    for g in plan.goals:
        console.print(f"  {g.id} {g.text}", highlight=False)
        for o in g.objectives:
            console.print(f"    {o.id} {o.text}", highlight=False)
    for i in plan.interventions:
        console.print(f"  {i.id} {i.name} [{i.modality}] -> {', '.join(i.goal_ids)}", highlight=False)
    for m in plan.measures:
        console.print(f"  measure {m.instrument}: {m.frequency}", highlight=False)
    console.print(
        f"  risk {plan.risk.level}, safety plan {'yes' if plan.risk.safety_plan else 'no'}", highlight=False
    )


def fhir_or_json(fmt: str) -> PlanFormat:
    """The format literal for a validated option value."""
    return "fhir" if fmt == "fhir" else "json"


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--on must be a date as YYYY-MM-DD, got {value!r}.") from None


def register(app: typer.Typer) -> None:
    """Add the ``plan`` group."""
    app.add_typer(plan_app, name="plan")
