"""``sessionnote eval extraction``: fact extraction against the cases (per split) and AnnoMI
(eval/extraction.py)."""

from __future__ import annotations

import typer

from service.errors import InputError


def extraction() -> None:
    """Extract facts from every case and code AnnoMI; write eval/results/extraction.json and .md."""
    from eval.common import RESULTS_DIR, SharedDataMissing
    from eval.extraction import run

    try:
        run()
    except SharedDataMissing as exc:
        raise InputError(f"Cannot run the extraction evaluation: {exc}.") from None
    typer.echo((RESULTS_DIR / "extraction.md").read_text(encoding="utf-8"))


def register(eval_app: typer.Typer) -> None:
    """Add ``eval extraction``."""
    eval_app.command("extraction")(extraction)
