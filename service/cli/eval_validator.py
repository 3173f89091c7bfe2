"""``sessionnote eval validator``: must_flag recall, precision, probes, the clean case (eval/validator.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()


def validator_cmd(
    scrub: Annotated[bool, typer.Option(help="Scrub transcripts (needed for RESIDUAL_PHI probes).")] = True,
) -> None:
    """Run the validator evaluation on ../shared/data/cases and write eval/results/validator.*."""
    from eval.common import SharedDataMissing
    from eval.validator import main
    from service.cli.options import container
    from service.errors import InputError

    try:
        results, path = main(container().scrubber if scrub else None)
    except SharedDataMissing as exc:
        raise InputError(str(exc)) from None
    for name, s in results["settings"].items():
        console.print(
            f"{name}: recall {s['recall']} ({s['correct']}/{s['must_flag']}), precision {s['precision']}, "
            f"probes {s['probes_caught']}/{s['probes']}, clean case blocking {s['clean_case_blocking']}",
            highlight=False,
        )
    console.print(f"Wrote {path} and {path.with_suffix('.md')}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``eval validator``."""
    app.command("validator")(validator_cmd)
