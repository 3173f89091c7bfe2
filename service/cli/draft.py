"""``sessionnote draft (AUDIO | TRANSCRIPT.json) --plan PLAN.json``: a validated, evidence-linked draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from service.cli.options import container
from service.domain.transcript import Transcript
from service.draft import formats
from service.draft.render import reidentify
from service.errors import InputError
from service.plans.io import read_plan
from service.settings import DrafterName, TranscriberEngine, WhisperModelName
from service.transcribe.audio import probe

console = Console(stderr=True)


def draft(
    source: Annotated[
        Path, typer.Argument(help="A recording (wav, mp3, m4a, ogg, webm, flac) or transcript JSON.")
    ],
    plan_path: Annotated[
        Path, typer.Option("--plan", help="The client's active treatment plan (JSON or FHIR).")
    ],
    drafter: Annotated[
        DrafterName | None, typer.Option(help="Drafting backend (default from settings).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full JSON result.")] = False,
    output_format: Annotated[
        Literal["json", "text"], typer.Option("--format", help="json, or text as pasted into an EHR.")
    ] = "json",
    reidentify_names: Annotated[
        bool,
        typer.Option("--reidentify", help="Restore names in the note (only on the clinician's own machine)."),
    ] = False,
    speakers: Annotated[int | None, typer.Option(min=1, max=12, help="Speakers in the recording.")] = None,
    engine: Annotated[TranscriberEngine | None, typer.Option(help="ASR engine for audio.")] = None,
    model: Annotated[WhisperModelName | None, typer.Option(help="Whisper model for audio.")] = None,
) -> None:
    """Transcribe (audio only), scrub, extract, draft, validate; print note, facts, findings, provenance."""
    # The chosen backend goes into the settings, so their safety rules (https to a remote server, a
    # clinic model's sha256) apply to it before anything is read or sent.
    c = container(transcriber=engine, whisper_model=model, drafter=drafter)
    plan = read_plan(plan_path)
    is_json = source.suffix.lower() == ".json"
    if is_json:
        input_source: Path | Transcript = Transcript.load(source)
    else:
        if not source.exists():
            raise InputError(f"{source}: file not found.")
        probe(source, c.settings.max_audio_minutes)
        input_source = source
    pipeline = c.pipeline(drafter=drafter, engine=engine, model=model, with_audio=not is_json)
    outcome = pipeline.run(input_source, plan, speakers=speakers)
    result = outcome.result
    crash = result.provenance.model_crashed
    if crash is not None:
        console.print(
            f"[bold yellow]Warning:[/] the drafting model stopped ({crash.signal or crash.reason}); "
            "the note uses template sentences where the model would have phrased them.",
            highlight=False,
            soft_wrap=True,
        )
    note = reidentify(result.note, outcome.scrubbed.mapping) if reidentify_names else result.note
    if output_format == "text" and not as_json:
        # The clinic's note template (BIRP, DAP or SOAP), laid out from the same cited sentences.
        typer.echo(formats.as_text(formats.render(note, result.facts, c.settings.note_template)), nl=False)
        return
    payload = result.model_copy(update={"note": note}).model_dump(mode="json")
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the ``draft`` command."""
    app.command("draft")(draft)
