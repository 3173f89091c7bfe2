"""``sessionnote eval notes`` (note quality per drafter) and ``sessionnote eval judge`` (record verdicts
read from a reading sheet). See eval/notes.py and eval/judgments.py."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

console = Console()


def eval_notes(
    drafter: Annotated[
        list[str] | None,
        typer.Option("--drafter", "--backend", help="Drafters to compare (default: template and llama-cpp)."),
    ] = None,
    sheet: Annotated[
        Path | None,
        typer.Option(
            help="Also write the build split's drafted sentences that have no verdict yet, with their "
            "cited lines, to this reading sheet (markdown, plus a .jsonl to fill in)."
        ),
    ] = None,
) -> None:
    """Unsupported sentences by reading, omissions, must_not_claim, false denials, PHI, ROUGE-L, seconds."""
    from eval import notes
    from eval.common import SharedDataMissing
    from service.errors import InputError

    chosen = tuple(drafter) if drafter else notes.DRAFTERS
    try:
        report = notes.run(drafters=chosen, sheet=sheet)
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    console.print(Markdown(notes.markdown(report)))
    if sheet is not None:
        console.print(
            f"Reading sheet: {sheet} (verdicts to fill: {sheet.with_suffix('.jsonl')}).", highlight=False
        )


def eval_judge(
    filled: Annotated[Path, typer.Argument(help="The .jsonl of a reading sheet, verdicts filled in.")],
    reader: Annotated[str, typer.Option(help="Who read the sentences (kept with each verdict).")],
) -> None:
    """Append the verdicts of a filled reading sheet to eval/judgments/support.jsonl."""
    from eval import judgments
    from service.errors import InputError

    if not filled.is_file():
        raise InputError(f"No such reading sheet: {filled}.")
    try:
        recorded, blank = judgments.record(filled, reader)
    except (ValueError, KeyError) as exc:
        raise InputError(f"Cannot record the verdicts of {filled}: {exc}.") from None
    console.print(f"Recorded {recorded} verdicts; {blank} left blank.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``eval notes`` and ``eval judge``."""
    app.command("notes")(eval_notes)
    app.command("judge")(eval_judge)
