"""``sessionnote user add|list``: accounts (argon2 password hashes; passwords only from a file)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service import audit
from service.cli.options import container
from service.container import Container
from service.errors import InputError
from service.storage.db import upgrade
from service.storage.users import UserRepository

user_app = typer.Typer(help="Staff accounts: clinician, supervisor, admin.")
console = Console()
FIRST_ADMIN = "admin@sessionnote.local"


def _password(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip("\r\n")
    except OSError as exc:
        raise InputError(f"Cannot read the password file {path}: {exc.strerror or exc}.") from None
    if not text:
        raise InputError(f"The password file {path} is empty.")
    return text


@user_app.command("add")
def add(
    email: Annotated[str, typer.Option(help="The user's e-mail address (their login).")],
    role: Annotated[
        list[str], typer.Option(help="clinician, supervisor or admin (repeat or comma-separate).")
    ],
    password_file: Annotated[
        Path, typer.Option(help="A file holding the password (never a command argument).")
    ],
    supervisor: Annotated[str | None, typer.Option(help="E-mail of the clinician's supervisor.")] = None,
) -> None:
    """Create an account."""
    c = container()
    upgrade(c.settings.resolved_database_url)
    roles = [r.strip() for item in role for r in item.split(",") if r.strip()]
    with c.database.session() as db:
        users = UserRepository(db)
        boss = None
        if supervisor is not None:
            found = users.by_email(supervisor)
            if found is None:
                raise InputError("No account has the supervisor's e-mail address.")
            boss = found.id
        user = users.add(email, _password(password_file), roles, boss)
        audit.record(db, None, "user.create", "user", user.id, f"roles={user.roles} (cli)")
    console.print(f"Created {user.id} ({user.roles}).", highlight=False)


@user_app.command("list")
def list_users() -> None:
    """Every account."""
    c = container()
    with c.database.session() as db:
        for u in UserRepository(db).all():
            console.print(f"{u.id}  {u.email}  {u.roles}", highlight=False)


def ensure_first_admin(c: Container) -> Path | None:
    """When no account exists: one admin+clinician with a random password written once (0600)."""
    with c.database.session() as db:
        users = UserRepository(db)
        if users.count() > 0:
            return None
        password = secrets.token_urlsafe(18)
        path = c.settings.data_dir / "initial-admin-password.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"login: {FIRST_ADMIN}\npassword: {password}\n")
        user = users.add(FIRST_ADMIN, password, ["admin", "clinician"])
        audit.record(db, None, "user.create", "user", user.id, "first run")
        return path


def register(app: typer.Typer) -> None:
    """Add the ``user`` group."""
    app.add_typer(user_app, name="user")
