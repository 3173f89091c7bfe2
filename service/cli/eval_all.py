"""``sessionnote eval all``: every area's evaluation, then eval/results/report.md with its figures
(eval/all_areas.py, eval/report_all.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.errors import InputError

console = Console(stderr=True)
DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def eval_all(
    data: Annotated[Path, typer.Option(help="The evaluation data (default: ../shared/data).")] = DEFAULT_DATA,
    out: Annotated[
        Path | None, typer.Option(help="Where report.md, the figures and the results go (eval/results).")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(help="Run only this area (repeat); the others' existing results are reused."),
    ] = None,
    reuse: Annotated[
        bool, typer.Option(help="Reuse every area result already written; run only the missing areas.")
    ] = False,
    report_only: Annotated[
        bool, typer.Option(help="Run nothing; write the report from the results already written.")
    ] = False,
    drafter: Annotated[
        list[str] | None,
        typer.Option(help="Drafters for the notes and validator areas (default: template and llama-cpp)."),
    ] = None,
    phi_ablation: Annotated[
        bool, typer.Option(help="Also score the PHI recogniser families one by one switched off.")
    ] = True,
    minutes: Annotated[
        list[float] | None, typer.Option(help="Recording lengths for the time curve (default 5 15 30 50).")
    ] = None,
    latency_drafter: Annotated[
        str | None, typer.Option(help="Drafter for the time curve and memory (default: the settings').")
    ] = None,
    throughput_drafter: Annotated[
        str | None, typer.Option(help="Drafter for the batch throughput runs (default: the settings').")
    ] = None,
) -> None:
    """ASR, diarization, PHI, extraction, notes, validator, time per stage, memory and throughput."""
    from eval.all_areas import AREAS, Options, chosen_areas, run_all
    from eval.common import RESULTS_DIR, SharedDataMissing
    from eval.report_all import write_report

    target = out or RESULTS_DIR
    if not data.is_dir():
        raise InputError(f"Cannot evaluate: no evaluation data at {data}.")
    options = Options(
        drafters=tuple(drafter) if drafter else Options.drafters,
        phi_ablation=phi_ablation,
        minutes=tuple(minutes) if minutes else Options.minutes,
        latency_drafter=latency_drafter,
        throughput_drafter=throughput_drafter,
    )
    try:
        areas = [] if report_only else chosen_areas(only or [], reuse, target)
    except ValueError as exc:
        raise InputError(f"{exc}.") from None
    console.print(f"Areas to run: {', '.join(areas) or 'none'} (of {', '.join(AREAS)}).", highlight=False)
    try:
        run_all(areas, options, data, target, log=lambda m: console.print(m, highlight=False))
    except SharedDataMissing as exc:
        raise InputError(f"Cannot evaluate: {exc}.") from None
    report = write_report(target)
    console.print(f"Report: {report}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``eval all``."""
    app.command("all")(eval_all)
