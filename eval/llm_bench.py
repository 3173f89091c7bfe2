"""Drafting-model speed: the portable llama.cpp build against a native one, extra buffers on and off.

Every configuration runs in its own process (a crash, such as the AMX extra buffer's SIGSEGV, is
recorded, not fatal), in interleaved rounds so that the machine's load drifts over all of them alike;
the median round is reported. The workload is fixed and needs no shared data: the fictional fixture
session (tests/fixtures/validator/transcript.json) cut into excerpts, each asked for a short
schema-constrained JSON answer behind the same system prompt, as the drafter and the verifier ask.

Figures: load seconds, prompt and generation tokens per second from llama.cpp's own counters, wall
seconds for the workload, and each configuration's wall time as a ratio to the reference (the
portable build with the default setting).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.common import REPO_ROOT, write_results

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "validator" / "transcript.json"
SYSTEM = (
    "You read short excerpts of a psychotherapy session transcript in which names are replaced by "
    "placeholders. For each excerpt, answer in JSON whether the therapist delivered a named technique "
    "in it, and give one short sentence saying what the therapist did."
)
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "delivered": {"type": "boolean"},
        "sentence": {"type": "string", "maxLength": 200},
    },
    "required": ["delivered", "sentence"],
    "additionalProperties": False,
}
CALLS = 6
MAX_TOKENS = 60


@dataclass(frozen=True)
class Config:
    """One way to run the model."""

    name: str
    native: bool
    extra_buffers: str
    omp_wait_policy: str = "PASSIVE"


def configs(native_build: Path | None) -> list[Config]:
    """The portable build in each mode, and the native build when one is given."""
    out = [
        Config("portable, extra buffers auto (default)", False, "auto"),
        Config("portable, extra buffers off", False, "off"),
        Config("portable, auto, OpenMP spin-waiting", False, "auto", "ACTIVE"),
    ]
    if native_build is not None:
        out += [
            Config("native, extra buffers auto", True, "auto"),
            Config("native, extra buffers on", True, "on"),
        ]
    return out


def _excerpts() -> list[str]:
    utterances = json.loads(FIXTURE.read_text(encoding="utf-8"))["utterances"]
    lines = [f"{u['speaker']}: {u['text']}" for u in utterances]
    size = max(4, len(lines) // CALLS)
    return ["\n".join(lines[i : i + size]) for i in range(0, size * CALLS, size)][:CALLS]


def child(model_path: str, extra: str, threads: int) -> dict[str, Any]:
    """Runs inside the benchmark process: load, answer every excerpt, report llama.cpp's counters."""
    from service.draft.backends.llama_cpp import LlamaCppChat, build_features

    began = time.perf_counter()
    chat = LlamaCppChat(Path(model_path), "bench", "", threads=threads, n_ctx=4096, extra_buffers=extra)  # type: ignore[arg-type]
    load_s = time.perf_counter() - began
    began = time.perf_counter()
    for excerpt in _excerpts():
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Technique: cognitive restructuring.\nExcerpt:\n{excerpt}"},
        ]
        chat.complete_json(messages, SCHEMA, MAX_TOKENS)
    usage = chat.usage()
    return {
        "load_s": round(load_s, 2),
        "wall_s": round(time.perf_counter() - began, 2),
        "prompt_tokens": usage.prompt_tokens,
        "prompt_tps": round(usage.prompt_tokens / usage.prompt_s, 1) if usage.prompt_s else None,
        "generated_tokens": usage.generated_tokens,
        "gen_tps": round(usage.generated_tokens / usage.generated_s, 1) if usage.generated_s else None,
        "extra_buffers_used": chat.extra_buffers,
        "build": build_features(),
    }


def _run_one(config: Config, native_build: Path | None, model_path: Path, threads: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_WAIT_POLICY": config.omp_wait_policy}
    if config.native:
        assert native_build is not None
        env["PYTHONPATH"] = os.pathsep.join([str(native_build.resolve()), str(REPO_ROOT)])
    code = (
        "import json, sys; from eval.llm_bench import child; "
        f"print(json.dumps(child({str(model_path)!r}, {config.extra_buffers!r}, {threads})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        from service.draft.backends.isolated import signal_name

        return {"crashed": signal_name(proc.returncode) or f"exit code {proc.returncode}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _median(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def run(
    model_path: Path, model_id: str, native_build: Path | None = None, rounds: int = 3, threads: int = 2
) -> dict[str, Any]:
    """All configurations, interleaved over ``rounds``; writes eval/results/llm_bench.*."""
    chosen = configs(native_build)
    raw: dict[str, list[dict[str, Any]]] = {c.name: [] for c in chosen}
    for _ in range(rounds):
        for config in chosen:
            raw[config.name].append(_run_one(config, native_build, model_path, threads))
    rows: list[dict[str, Any]] = []
    for config in chosen:
        runs = raw[config.name]
        ok = [r for r in runs if "crashed" not in r]
        rows.append(
            {
                "config": config.name,
                "runs": len(runs),
                "crashes": [r["crashed"] for r in runs if "crashed" in r],
                "load_s": _median(ok, "load_s"),
                "wall_s": _median(ok, "wall_s"),
                "prompt_tps": _median(ok, "prompt_tps"),
                "gen_tps": _median(ok, "gen_tps"),
                "extra_buffers_used": ok[0]["extra_buffers_used"] if ok else None,
                "build": ok[0]["build"] if ok else None,
            }
        )
    reference = rows[0]["wall_s"]
    for row in rows:
        wall = row["wall_s"]
        row["wall_ratio"] = round(float(wall) / float(reference), 2) if wall and reference else None
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": _machine(),
        "model": model_id,
        "threads": threads,
        "calls_per_run": CALLS,
        "rows": rows,
    }
    write_results("llm_bench", report, markdown(report))
    return report


def _machine() -> dict[str, Any]:
    flags: set[str] = set()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
            if line.startswith("model name") and not model:
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "avx512": "avx512f" in flags,
        "amx": "amx_tile" in flags,
    }


def markdown(report: dict[str, Any]) -> str:
    """The table."""
    m = report["machine"]
    lines = [
        f"# Drafting-model speed, {report['date']}",
        "",
        f"{m['cpu']}, {m['cores']} cores, AVX-512 {'yes' if m['avx512'] else 'no'}, "
        f"AMX {'yes' if m['amx'] else 'no'}; model {report['model']}, {report['threads']} threads; "
        f"{report['calls_per_run']} schema-constrained calls per run; median of interleaved rounds.",
        "",
        "| configuration | extra buffers used | load s | prompt tok/s | generation tok/s | workload s | "
        "ratio to default | crashes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        crashes = ", ".join(r["crashes"]) or "0"
        lines.append(
            f"| {r['config']} | {r['extra_buffers_used']} | {r['load_s']} | {r['prompt_tps']} | "
            f"{r['gen_tps']} | {r['wall_s']} | {r['wall_ratio']} | {crashes} of {r['runs']} |"
        )
    lines += ["", "Builds:", ""]
    lines += [f"- {r['config']}: `{r['build']}`" for r in report["rows"] if r["build"]]
    return "\n".join(lines) + "\n"
