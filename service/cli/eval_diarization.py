"""``sessionnote eval diarization``: DER on ../shared/data (two-voice sessions and meeting clips)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markdown import Markdown

console = Console()


def eval_diarization() -> None:
    """Diarization error rate, speaker counts and speed; writes eval/results/diarization.*."""
    from eval import diarization
    from eval.common import SharedDataMissing, shared_data_dir, write_results
    from service.cli.options import container
    from service.errors import InputError

    try:
        data = shared_data_dir()
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    report = diarization.run(data, container().diarizer)
    text = diarization.markdown(report)
    write_results("diarization", report, text)
    console.print(Markdown(text))


def register(app: typer.Typer) -> None:
    """Add ``eval diarization``."""
    app.command("diarization")(eval_diarization)
