"""Each intervention layer's contribution, build and check split side by side: rules alone, + sentence
embeddings, + the LLM verifier. Writes eval/results/extraction_layers.json and .md.

The extractor is the system under test, built by the container for each ``SESSIONNOTE_EXTRACTOR`` value;
cases, input scrubbing and scoring are :mod:`eval.extraction`'s own (eval/README.md, "Extraction"). The
check split is reported in aggregate only. Run: ``.venv/bin/python -m eval.extraction_layers
[--llm-model MODEL_ID] [--layers rules,rules+embeddings,...]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from eval.cases import load_cases
from eval.common import shared_data_dir, write_results
from eval.extraction import evaluate_cases
from eval.report import row
from eval.splits import SPLITS

LAYERS = ("rules", "rules+embeddings", "rules+embeddings+llm")


def _close(container: Any) -> None:
    for chat in getattr(container, "_chat_models", {}).values():
        close = getattr(chat, "close", None)
        if close is not None:
            close()


def run_layer(layer: str, data_dir: Path, llm_model: str | None) -> dict[str, Any]:
    """One extractor configuration on every case: per-split summaries, verifier calls, wall time."""
    from service.config import load_settings
    from service.container import Container

    overrides: dict[str, Any] = {"extractor": layer}
    if llm_model is not None and "llm" in layer:
        overrides |= {"llm_model": llm_model, "llm_context_tokens": 2048}
    container = Container(load_settings(**overrides))
    try:
        extractor = container.extractor
        started = time.perf_counter()
        result = evaluate_cases(load_cases(data_dir), extractor, "gold")
        verifier = getattr(extractor, "verifier", None)
        return {
            "layer": layer,
            "engine": getattr(extractor, "engine", layer),
            "version": getattr(extractor, "version", None),
            "llm_model": container.settings.llm_model if "llm" in layer else None,
            "verifier_calls": getattr(verifier, "calls", 0),
            "wall_seconds": round(time.perf_counter() - started, 1),
            "splits": {
                s: {
                    "interventions": result["splits"][s]["interventions"],
                    "proposed": result["splits"][s]["proposed"],
                    "seconds_per_case": result["splits"][s]["seconds_per_case"],
                    "n_cases": result["splits"][s]["n_cases"],
                }
                for s in SPLITS
            },
        }
    finally:
        _close(container)


def markdown(results: dict[str, Any]) -> str:
    """The layer table (aggregates only; no per-case detail of either split)."""
    lines = [
        f"# Intervention extraction by layer, {results['date']}",
        "",
        "Each row adds one layer (`SESSIONNOTE_EXTRACTOR`). Cases scrubbed with their gold PHI spans; "
        'names matched by eval/equivalences.yaml (eval/README.md, "Intervention names"). Build split: '
        "the 16 cases the rules were written and tuned against; check split: 8 cases never read. "
        f"LLM verifier model: `{results.get('llm_model') or 'n/a'}`. Seconds are per case on this "
        "machine while other jobs ran (2 shared cores), extraction only.",
        "",
        row(
            "layer",
            "build F1 strict (P / R)",
            "build F1 near (P / R)",
            "check F1 strict (P / R)",
            "check F1 near (P / R)",
            "proposed reported as used (build / check)",
            "s per case (build / check)",
            "verifier calls",
        ),
        row(*["---"] * 8),
    ]
    for item in results["layers"]:
        b, c = item["splits"]["build"], item["splits"]["check"]

        def f1(s: dict[str, Any], rule: str) -> str:
            p = s["interventions"][rule]
            return f"{p['f1']:.2f} ({p['precision']:.2f} / {p['recall']:.2f})"

        lines.append(
            row(
                item["layer"],
                f1(b, "strict"),
                f1(b, "near"),
                f1(c, "strict"),
                f1(c, "near"),
                f"{b['proposed']['proposed_as_used']} / {c['proposed']['proposed_as_used']}",
                f"{b['seconds_per_case']:.2f} / {c['seconds_per_case']:.2f}",
                str(item["verifier_calls"]),
            )
        )
    lines += ["", "Versions (vocabulary; exemplars and embedding model; verifier model):", ""]
    lines += [f"- `{item['layer']}`: `{item['version']}`" for item in results["layers"]]
    lines += ["", *results.get("notes", [])]
    return "\n".join(lines) + "\n"


def run(layers: tuple[str, ...] = LAYERS, llm_model: str | None = None, write: bool = True) -> dict[str, Any]:
    """Evaluate each layer configuration; writes the results unless ``write`` is false."""
    data_dir = shared_data_dir()
    measured = [run_layer(layer, data_dir, llm_model) for layer in layers]
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "llm_model": next((m["llm_model"] for m in measured if m["llm_model"]), None),
        "layers": measured,
    }
    if write:
        write_results("extraction_layers", results, markdown(results))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", default=",".join(LAYERS))
    parser.add_argument("--llm-model", default=None, help="bundle model id for the verifier")
    args = parser.parse_args()
    layers = tuple(x for x in args.layers.split(",") if x)
    print(markdown(run(layers, args.llm_model)))


if __name__ == "__main__":
    main()
