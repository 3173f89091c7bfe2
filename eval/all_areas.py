"""``sessionnote eval all``: every area's evaluation, one after the other, then one report.

Each area is the existing evaluation of that area, called as it is (its own JSON and markdown in
``eval/results/``); nothing is scored twice. ``runs.json`` records, per area, the stamp taken when it
ran (date, commit, machine, versions, model sha256s), its options, seconds and whether it finished, so
a report built from reused results still says where each figure came from. An area that fails is
recorded as failed and the others still run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eval.common import DATA_ENV, RESULTS_DIR, shared_data_dir, write_results
from eval.stamp import stamp

AREAS: tuple[str, ...] = (
    "phi",
    "extraction",
    "validator",
    "notes",
    "diarization",
    "asr",
    "latency",
    "throughput",
)
RUNS_FILE = "runs.json"


@dataclass(frozen=True)
class Options:
    """What ``eval all`` was asked to run."""

    drafters: tuple[str, ...] = ("template", "llama-cpp")
    phi_ablation: bool = True
    minutes: tuple[float, ...] = (5, 15, 30, 50)
    latency_drafter: str | None = None
    throughput_drafter: str | None = None


def _phi(o: Options) -> None:
    from eval import phi

    phi.run(with_ablation=o.phi_ablation)


def _extraction(o: Options) -> None:
    from eval import extraction

    extraction.run(shared_data_dir())


def _validator(o: Options) -> None:
    from eval import validator

    validator.run(shared_data_dir(), drafters=o.drafters)


def _notes(o: Options) -> None:
    from eval import notes

    notes.run(shared_data_dir(), drafters=o.drafters)


def _diarization(o: Options) -> None:
    from eval import diarization
    from service.config import load_settings
    from service.container import Container

    report = diarization.run(shared_data_dir(), Container(load_settings()).diarizer)
    write_results("diarization", report, diarization.markdown(report))


def _asr(o: Options) -> None:
    from eval import asr

    asr.run(shared_data_dir())


def _latency(o: Options) -> None:
    from eval import latency

    report = latency.run(shared_data_dir(), minutes=o.minutes, drafter=o.latency_drafter)
    write_results("latency", report, latency.markdown(report))


def _throughput(o: Options) -> None:
    from eval import throughput

    report = throughput.run(shared_data_dir(), drafter=o.throughput_drafter)
    write_results("throughput", report, throughput.markdown(report))


RUNNERS: dict[str, Callable[[Options], None]] = {
    "phi": _phi,
    "extraction": _extraction,
    "validator": _validator,
    "notes": _notes,
    "diarization": _diarization,
    "asr": _asr,
    "latency": _latency,
    "throughput": _throughput,
}


def result_sha256(path: Path) -> str | None:
    """The result file's sha256: the report tells a file rewritten by another command from this run's."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def load_runs(results: Path) -> dict[str, Any]:
    path = results / RUNS_FILE
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return data


def _save_runs(results: Path, runs: dict[str, Any]) -> None:
    results.mkdir(parents=True, exist_ok=True)
    (results / RUNS_FILE).write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")


def run_area(name: str, options: Options, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run one area (it writes ``eval/results/<name>.json``); returns its entry for runs.json."""
    entry: dict[str, Any] = {"stamp": stamp(), "options": asdict(options)}
    log(f"eval all: {name} started ({entry['stamp']['date']})")
    began = time.perf_counter()
    try:
        RUNNERS[name](options)
        entry["status"] = "ok"
        entry["result_sha256"] = result_sha256(RESULTS_DIR / f"{name}.json")
    except Exception as exc:  # one area failing must not lose the others' figures
        entry["status"] = f"failed: {type(exc).__name__}: {str(exc)[:300]}"
        traceback.print_exc(file=sys.stderr)
    entry["seconds"] = round(time.perf_counter() - began, 1)
    entry["load_average_after_1m"] = round(os.getloadavg()[0], 2)
    log(f"eval all: {name} {entry['status']} in {entry['seconds']} s")
    return entry


def chosen_areas(only: list[str], reuse: bool, results: Path) -> list[str]:
    """The areas to run now: ``only`` when given; with ``reuse`` those without a result file yet."""
    unknown = [a for a in only if a not in AREAS]
    if unknown:
        raise ValueError(f"unknown area {unknown[0]!r}; areas: {', '.join(AREAS)}")
    names = [a for a in AREAS if a in only] if only else list(AREAS)
    if reuse:
        names = [a for a in names if not (results / f"{a}.json").is_file()]
    return names


def run_all(
    areas: list[str],
    options: Options,
    data_dir: Path | None = None,
    out: Path = RESULTS_DIR,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run ``areas`` in order, record each in runs.json (after each, so a stopped run keeps what
    finished), copy the results to ``out`` when it is elsewhere; returns runs.json's content."""
    if data_dir is not None:
        os.environ[DATA_ENV] = str(data_dir.resolve())
    shared_data_dir()  # a clear error before anything runs when the data is absent
    runs = load_runs(RESULTS_DIR)
    for name in areas:
        runs[name] = run_area(name, options, log)
        _save_runs(RESULTS_DIR, runs)
    if out.resolve() != RESULTS_DIR.resolve():
        out.mkdir(parents=True, exist_ok=True)
        for name in AREAS:
            for suffix in (".json", ".md"):
                src = RESULTS_DIR / f"{name}{suffix}"
                if src.is_file():
                    shutil.copyfile(src, out / src.name)
        _save_runs(out, {**load_runs(out), **{a: runs[a] for a in areas}})
    return runs
