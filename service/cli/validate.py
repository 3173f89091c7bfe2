"""``sessionnote validate NOTE.json --plan PLAN.json --transcript TRANSCRIPT.json``: check a note
(drafted or edited by hand) against the session and the client's plan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.cli.options import container
from service.domain.transcript import Transcript
from service.errors import InputError
from service.plans.io import read_plan
from service.validate.config import load_validator_config
from service.validate.note_input import read_note_file
from service.validate.signoff import blocking
from service.validate.validator import PlanValidator
from service.validate.vocabulary import load_vocabulary

console = Console()


def validate(
    note: Annotated[
        Path, typer.Argument(help="A note object or the whole `sessionnote draft --json` output.")
    ],
    plan: Annotated[Path, typer.Option("--plan", help="plan.json (with its `history`) or a FHIR Bundle.")],
    transcript: Annotated[Path, typer.Option("--transcript", help="The session transcript JSON.")],
    as_json: Annotated[bool, typer.Option("--json", help='Print {"findings": [...]} as JSON.')] = False,
    config: Annotated[Path | None, typer.Option(help="The clinic's validator YAML.")] = None,
    session_date: Annotated[
        str | None, typer.Option("--date", help="Session date YYYY-MM-DD (default: the transcript's).")
    ] = None,
    scrub: Annotated[bool, typer.Option(help="Re-scrub the transcript for the residual-PHI check.")] = True,
) -> None:
    """Print the findings; rules about earlier sessions read the plan file's `history`."""
    the_note, facts = read_note_file(note)
    the_plan = read_plan(plan)
    session = Transcript.load(transcript)
    day = _day(session_date)
    c = container()
    # The clinic's rules file and vocabulary (settings) apply unless --config names another file.
    validator = PlanValidator(
        config=load_validator_config(config or c.settings.validator_config),
        vocabulary=load_vocabulary(c.vocabulary_dir) if c.vocabulary_dir is not None else None,
        extractor=getattr(c, "extractor", None),
        scrubber=c.scrubber if scrub else None,
    )
    findings = validator.validate(
        the_note, session, the_plan, facts=facts, history=the_plan.history, session_date=day
    )
    if as_json:
        typer.echo(
            json.dumps(
                {"findings": [f.model_dump(mode="json", exclude_none=True) for f in findings]}, indent=2
            )
        )
        return
    if not findings:
        console.print("No findings.")
        return
    for f in findings:
        where = f" [{', '.join(f.note_refs)}]" if f.note_refs else ""
        console.print(f"{f.severity.upper():5} {f.code}{where}: {f.detail}", highlight=False, soft_wrap=True)
    open_blocks = len(blocking(findings))
    console.print(f"\n{len(findings)} findings, {open_blocks} blocking signature.", highlight=False)


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date must be YYYY-MM-DD, got {value!r}.") from None


def register(app: typer.Typer) -> None:
    """Add the ``validate`` command."""
    app.command("validate")(validate)
