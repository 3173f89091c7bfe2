"""``sessionnote token create --email E``: an API bearer token, printed alone on stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from service import audit
from service.cli.options import container
from service.errors import InputError
from service.storage.users import UserRepository

token_app = typer.Typer(help="API bearer tokens.")


@token_app.command("create")
def create(
    email: Annotated[str, typer.Option(help="The account the token acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create a token; only the token is printed (stdout), so it can be captured by a script."""
    c = container()
    with c.database.session() as db:
        users = UserRepository(db)
        user = users.by_email(email)
        if user is None:
            raise InputError("No account has that e-mail address.")
        token = users.create_token(user, label)
        audit.record(db, None, "token.create", "user", user.id, "cli")
    typer.echo(token)


def register(app: typer.Typer) -> None:
    """Add the ``token`` group."""
    app.add_typer(token_app, name="token")
