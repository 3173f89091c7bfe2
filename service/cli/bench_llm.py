"""``sessionnote bench llm``: the drafting model's speed per llama.cpp build and buffer setting, one run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

from service.cli.options import container

console = Console()


def bench_llm(
    native_build: Annotated[
        Path | None,
        typer.Option(help="A directory holding a natively built llama_cpp package (make llama-native)."),
    ] = None,
    rounds: Annotated[int, typer.Option(min=1, max=10, help="Interleaved rounds per configuration.")] = 3,
) -> None:
    """Portable vs native llama.cpp, extra buffers auto/on/off; writes eval/results/llm_bench.*."""
    from eval import llm_bench
    from service.errors import InputError

    if native_build is not None and not (native_build / "llama_cpp" / "__init__.py").is_file():
        raise InputError(f"{native_build} holds no llama_cpp package; run: make llama-native")
    c = container()
    spec = c.manifest.get(c.settings.llm_model)
    path = c.model_store.require(spec.id) / spec.primary
    report = llm_bench.run(
        path, spec.id, native_build=native_build, rounds=rounds, threads=c.settings.cpu_threads
    )
    console.print(Markdown(llm_bench.markdown(report)))


def register(app: typer.Typer) -> None:
    """Add ``bench llm``."""
    app.command("llm")(bench_llm)
