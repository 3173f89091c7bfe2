"""Root of the ``sessionnote`` CLI: registers command modules and maps errors to exit codes."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

from service.errors import SessionNoteError
from service.log import configure, get_logger

app = typer.Typer(
    name="sessionnote",
    help="Self-hosted drafting of evidence-linked BIRP progress notes from therapy session recordings.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True)
log = get_logger("cli")


def _register() -> None:
    # Each module adds its own commands; adding a command group is adding a module here.
    from service.cli import (
        audit,
        batch,
        bench,
        db,
        draft,
        evaluate,
        keys,
        models,
        plan,
        scrub,
        serve,
        token,
        transcribe,
        user,
        validate,
    )

    for module in (serve, db, models, transcribe, scrub, draft, plan, validate, bench, evaluate):
        module.register(app)
    for module in (user, token, keys, batch, audit):
        module.register(app)


def main() -> None:
    """Console-script entry point: run the app; expected errors print one sentence and set the exit code.

    Click runs in standalone mode so that usage mistakes (unknown command, missing argument, bad option)
    print the usage line and the reason and exit 2, as every CLI does; only our own errors and real bugs
    reach the handlers below.
    """
    # The CLI's stdout is data (JSON, notes); progress chatter stays off stderr unless asked for.
    configure(os.environ.get("SESSIONNOTE_LOG_LEVEL", "WARNING").upper())
    _register()
    try:
        app()
    except SessionNoteError as exc:
        err_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        log.error("unexpected %s", type(exc).__name__, exc_info=exc)
        err_console.print(
            f"[bold red]Error:[/] an internal error occurred ({type(exc).__name__}). "
            "Nothing was written; please report it with the log."
        )
        sys.exit(1)
