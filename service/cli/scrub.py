"""``sessionnote scrub TRANSCRIPT.json [--chart PLAN_OR_CLIENT.json] --json``: replace PHI by placeholders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from service.cli.options import container
from service.domain.base import describe_error
from service.domain.plan import ClientChart, TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import InputError


def load_chart(path: Path) -> ClientChart:
    """A chart from a whole ``plan.json`` or a bare client object; errors name the file, never values."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read chart {path}: {exc.strerror or exc}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"Chart {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"Chart {path} is not valid JSON (line {exc.lineno}).") from None
    if not isinstance(data, dict):
        raise InputError(f"Chart {path} must be a JSON object (a plan or its client).")
    try:
        if "client" in data and "plan_id" in data:
            return TreatmentPlan.model_validate(data).client
        if isinstance(data.get("client"), dict):
            return ClientChart.model_validate(data["client"])
        return ClientChart.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"Chart {path} is not valid: {describe_error(exc)}.") from None


def scrub(
    transcript: Annotated[Path, typer.Argument(help="Transcript JSON (the cases' format).")],
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="plan.json or a bare client object: the chart-aware deny-list."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print utterances and entities as JSON.")] = False,
) -> None:
    """Replace every identifier by a placeholder; entity offsets refer to the original text."""
    loaded = Transcript.load(transcript)
    client = load_chart(chart) if chart is not None else None
    result = container().scrubber.scrub(loaded, client)
    if as_json:
        typer.echo(json.dumps(result.to_output(), indent=2, ensure_ascii=False))
    else:
        for u in result.utterances:
            typer.echo(f"[{u.start:7.1f}] {u.speaker}: {u.text}")


def register(app: typer.Typer) -> None:
    """Add the ``scrub`` command."""
    app.command("scrub")(scrub)
