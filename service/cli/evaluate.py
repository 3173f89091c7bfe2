"""``sessionnote eval AREA``: quality measured on ../shared/data, written to eval/results/."""

from __future__ import annotations

import typer

eval_app = typer.Typer(help="Evaluations on the development data; results go to eval/results/.")


def register(app: typer.Typer) -> None:
    """Add the ``eval`` group with one command per area (each area's module registers itself)."""
    from service.cli import eval_areas

    for module in eval_areas.MODULES:
        module.register(eval_app)
    app.add_typer(eval_app, name="eval")
