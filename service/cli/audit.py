"""``sessionnote audit verify|show``: check the audit log's hash chain; list recent events."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service import audit
from service.cli.options import container

audit_app = typer.Typer(help="The append-only, hash-chained audit log.")
console = Console()


@audit_app.command("verify")
def verify() -> None:
    """Recompute the chain; exit 1 naming the first row that does not fit."""
    c = container()
    with c.database.session() as db:
        result = audit.verify(db)
    if result.ok:
        console.print(f"Audit log intact: {result.rows} events, chain verified.", highlight=False)
        return
    console.print(
        f"[bold red]Audit log tampered:[/] row {result.first_bad_id}: {result.problem}.", highlight=False
    )
    raise typer.Exit(1)


@audit_app.command("show")
def show(limit: Annotated[int, typer.Option(min=1, max=10000)] = 50) -> None:
    """The newest events (ids and actions only; the log holds no PHI)."""
    c = container()
    with c.database.session() as db:
        for e in audit.events(db, limit):
            console.print(
                f"{e.id:>6} {e.at:%Y-%m-%d %H:%M:%S} {e.actor_id or 'system':<20} {e.action:<22} "
                f"{e.object_type}:{e.object_id} {e.detail}",
                highlight=False,
            )


def register(app: typer.Typer) -> None:
    """Add the ``audit`` group."""
    app.add_typer(audit_app, name="audit")
