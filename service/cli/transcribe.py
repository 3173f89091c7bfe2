"""``sessionnote transcribe AUDIO``: recording -> transcript JSON (the cases' format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from service.cli.options import container
from service.settings import TranscriberEngine, WhisperModelName
from service.transcribe.audio import probe

console = Console(stderr=True)


def transcribe(
    audio: Annotated[Path, typer.Argument(help="Recording: wav, mp3, m4a/aac, ogg/opus, webm, flac.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the transcript as JSON.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSON here instead.")] = None,
    speakers: Annotated[
        int | None, typer.Option(min=1, max=12, help="Number of speakers, if known (from the modality).")
    ] = None,
    engine: Annotated[TranscriberEngine | None, typer.Option(help="ASR engine.")] = None,
    model: Annotated[WhisperModelName | None, typer.Option(help="Whisper model.")] = None,
) -> None:
    """Transcribe a session recording with speaker turns; nothing is written if it fails."""
    c = container(transcriber=engine, whisper_model=model)
    probe(audio, c.settings.max_audio_minutes)  # refuse bad input before loading any model
    transcriber = c.transcriber()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("transcribing", total=1.0)

        def progress(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=fraction)

        transcript = transcriber.transcribe(audio, speakers=speakers, progress=progress)
    text = transcript.to_json()
    if output is not None:
        tmp = output.with_name(output.name + ".partial")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(output)
    elif as_json:
        typer.echo(text)
    else:
        for u in transcript.utterances:
            typer.echo(f"[{u.start:7.1f}] {u.speaker}: {u.text}")


def register(app: typer.Typer) -> None:
    """Add the ``transcribe`` command."""
    app.command("transcribe")(transcribe)
