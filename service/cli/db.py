"""``sessionnote db upgrade``: create or migrate the embedded database."""

from __future__ import annotations

import typer
from rich.console import Console

from service.config import load_settings
from service.storage.db import upgrade

db_app = typer.Typer(help="Database schema management.")
console = Console()


@db_app.command("upgrade")
def upgrade_cmd() -> None:
    """Create the database if needed and migrate it to the newest schema (safe to repeat)."""
    settings = load_settings()
    revision = upgrade(settings.resolved_database_url)
    console.print(f"Database at schema revision {revision}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``db`` group."""
    app.add_typer(db_app, name="db")
