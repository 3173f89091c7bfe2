"""``sessionnote eval notes``: note quality and latency per drafting backend on ../shared/data/cases."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

from service.settings import DrafterName

console = Console()


def eval_notes(
    backend: Annotated[
        list[str] | None,
        typer.Option("--backend", help="Backends to compare (default: template, llama-cpp)."),
    ] = None,
    with_audio: Annotated[
        bool, typer.Option(help="Also time a whole 34-minute case from synthesised audio (needs espeak-ng).")
    ] = False,
) -> None:
    """Omissions, faithfulness, must_not_claim violations, ROUGE-L, latency; writes eval/results/notes.*."""
    from typing import cast

    from eval import notes
    from eval.common import SharedDataMissing
    from service.errors import InputError

    chosen = tuple(cast(DrafterName, b) for b in backend) if backend else notes.BACKENDS
    try:
        report = notes.run(backends=chosen, with_audio=with_audio)
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    console.print(Markdown(notes.markdown(report)))


def register(app: typer.Typer) -> None:
    """Add ``eval notes``."""
    app.command("notes")(eval_notes)
