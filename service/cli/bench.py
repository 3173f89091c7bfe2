"""``sessionnote bench``: performance measured side by side in one run (see eval/)."""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="Benchmarks; results print as a table and are written to eval/results/.")


def register(app: typer.Typer) -> None:
    """Add the ``bench`` group."""
    from service.cli import bench_llm, bench_transcribe

    bench_transcribe.register(bench_app)
    bench_llm.register(bench_app)
    app.add_typer(bench_app, name="bench")
