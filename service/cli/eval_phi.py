"""``sessionnote eval phi``: PHI scrubbing recall, precision, F2 and speed (see eval/phi.py)."""

from __future__ import annotations

import typer

from service.errors import InputError


def phi() -> None:
    """Scrub the cases and the synthetic set; write eval/results/phi.json and phi.md and show the tables."""
    from eval.common import RESULTS_DIR, SharedDataMissing
    from eval.phi import run

    try:
        run()
    except SharedDataMissing as exc:
        raise InputError(f"Cannot run the PHI evaluation: {exc}.") from None
    typer.echo((RESULTS_DIR / "phi.md").read_text(encoding="utf-8"))


def register(eval_app: typer.Typer) -> None:
    """Add ``eval phi``."""
    eval_app.command("phi")(phi)
