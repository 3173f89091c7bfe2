"""``sessionnote eval annomi-notes``: notes drafted from twelve real MI sessions (AnnoMI), written in full
with per-note counts and the reading verdicts of eval/judgments/annomi.jsonl. See eval/annomi_notes.py."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()


def eval_annomi_notes(
    drafter: Annotated[
        list[str] | None,
        typer.Option("--drafter", "--backend", help="Drafters to run (default: template)."),
    ] = None,
) -> None:
    """Draft twelve AnnoMI sessions with a one-goal plan each; write eval/results/annomi_notes.{md,json}."""
    from eval import annomi_notes
    from eval.common import SharedDataMissing
    from service.errors import InputError

    chosen = tuple(drafter) if drafter else annomi_notes.DRAFTERS
    try:
        report = annomi_notes.run(drafters=chosen)
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    for name, r in report["drafters"].items():
        totals = r.get("totals", {})
        console.print(
            f"{name}: {r.get('not_run') or ', '.join(f'{k} {v}' for k, v in totals.items())}",
            highlight=False,
        )
    console.print("Written: eval/results/annomi_notes.md and .json", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``eval annomi-notes``."""
    app.command("annomi-notes")(eval_annomi_notes)
