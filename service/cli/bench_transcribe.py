"""``sessionnote bench transcribe``: WER, speed and memory of every ASR configuration in one run."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markdown import Markdown

console = Console()


def bench_transcribe() -> None:
    """Benchmark the transcribers on ../shared/data/asr; prints a table, writes eval/results/asr.*."""
    from eval import asr
    from eval.common import SharedDataMissing

    try:
        report = asr.run()
    except SharedDataMissing as exc:
        from service.errors import InputError

        raise InputError(f"Cannot benchmark: {exc}.") from None
    console.print(Markdown(asr.markdown(report)))


def register(app: typer.Typer) -> None:
    """Add ``bench transcribe``."""
    app.command("transcribe")(bench_transcribe)
