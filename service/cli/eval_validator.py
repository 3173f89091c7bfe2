"""``sessionnote eval validator``: must_flag recall and precision, blocked clean cases and probes per
split (eval/validator.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

console = Console()


def validator_cmd(
    drafter: Annotated[
        list[str] | None,
        typer.Option(
            "--drafter", help="Drafters whose pipeline notes are validated (default: template and llama-cpp)."
        ),
    ] = None,
) -> None:
    """Run the validator evaluation on ../shared/data/cases and write eval/results/validator.*."""
    from eval import validator
    from eval.common import SharedDataMissing
    from service.errors import InputError

    chosen = tuple(drafter) if drafter else validator.DRAFTERS
    try:
        results = validator.run(drafters=chosen)
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    console.print(Markdown(validator.markdown(results)))


def register(app: typer.Typer) -> None:
    """Add ``eval validator``."""
    app.command("validator")(validator_cmd)
