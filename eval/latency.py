"""End-to-end time per stage against recording length, and the peak memory of drafting a long session.

For each length in :data:`eval.long_sessions.MINUTES` a recording is built from the data's audio, then a
fresh child process does what a worker does: builds the container from the default settings (or the
drafter given), loads every model by drafting a short public-domain clip once (timed as the load), then
drafts the session (transcribe with diarization, scrub, extract, draft, validate) against a build-split
case's plan. The pipeline is the system under test, called as a black box; its provenance reports the
seconds per stage. The parent samples the child's process tree (the child and any model process it
starts) for the peak RSS; the 50-minute run is the memory figure (target under 3 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval import long_sessions
from eval.common import REPO_ROOT, shared_data_dir
from eval.memory import own_peak_rss_mb, run_measured

PLAN_CASE = "dev-01-gad-worry-log"  # build split
WARM_CLIP = "jfk.wav"
MEMORY_TARGET_MB = 3 * 1024
CHILD_TIMEOUT_S = 3 * 3600
STAGES = ("transcribe", "scrub", "extract", "draft", "validate")


def _child(audio: Path, plan_path: Path, warm: Path, drafter: str | None) -> dict[str, Any]:
    from service.config import load_settings
    from service.container import Container
    from service.plans.io import read_plan

    began = time.perf_counter()
    container = Container(load_settings(**({"drafter": drafter} if drafter else {})))
    chosen = drafter or container.settings.drafter
    plan = read_plan(plan_path)
    pipeline = container.pipeline(drafter=chosen, with_audio=True)  # type: ignore[arg-type]
    pipeline.run(warm, plan)
    load_s = time.perf_counter() - began
    outcome = pipeline.run(audio, plan)
    prov = outcome.result.provenance
    return {
        "drafter": chosen,
        "transcriber": f"{container.settings.transcriber} {container.settings.whisper_model}",
        "diarization": container.settings.diarization,
        "extractor": container.settings.extractor,
        "load_s": round(load_s, 2),
        "timings_s": dict(prov.timings_s),
        "utterances": len(outcome.transcript.utterances),
        "speakers": len({u.speaker for u in outcome.transcript.utterances}),
        "sentences": len(outcome.result.note.sentences()),
        "self_peak_rss_mb": round(own_peak_rss_mb()),
    }


def measure(
    data_dir: Path, minutes: float, drafter: str | None, work: Path, lead: Path | None = None
) -> dict[str, Any]:
    """One length: build the recording, run the child, return its timings and memory."""
    audio = work / f"session_{minutes:g}min.wav"
    seconds = long_sessions.build(data_dir, minutes, audio, lead)
    command = [
        sys.executable,
        "-m",
        "eval.latency",
        "--child",
        str(audio),
        str(data_dir / "cases" / PLAN_CASE / "plan.json"),
        str(data_dir / "asr" / WARM_CLIP),
    ]
    if drafter:
        command += ["--drafter", drafter]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = run_measured(command, env, CHILD_TIMEOUT_S)
    audio.unlink(missing_ok=True)
    row: dict[str, Any] = {
        "minutes": minutes,
        "audio_s": round(seconds, 1),
        "peak_tree_rss_mb": round(done.peak_tree_mb),
        "child_wall_s": round(done.wall_s, 1),
    }
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
        row["not_run"] = f"exit {done.returncode}: {lines[-1][:300] if lines else 'no message'}"
        return row
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    row.update(result)
    # The sampler can miss a short spike; the child's own peak (VmHWM) is a floor for the tree's peak.
    row["peak_rss_mb"] = max(row["peak_tree_rss_mb"], int(result["self_peak_rss_mb"]))
    total = float(result["timings_s"].get("total", 0.0))
    row["total_s"] = round(total, 1)
    row["x_realtime"] = round(seconds / total, 1) if total else None
    return row


def run(
    data_dir: Path | None = None,
    minutes: tuple[float, ...] = long_sessions.MINUTES,
    drafter: str | None = None,
) -> dict[str, Any]:
    """Every length, shortest first; the longest is the memory figure."""
    data_dir = data_dir or shared_data_dir()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sessionnote-latency-") as tmp:
        from eval.session_audio import synthesise
        from service.domain.transcript import Transcript

        lead = Path(tmp) / f"{PLAN_CASE}.wav"
        lead_s = synthesise(Transcript.load(data_dir / "cases" / PLAN_CASE / "transcript.json"), lead)
        for m in minutes:
            rows.append(measure(data_dir, m, drafter, Path(tmp), lead))
            print(f"latency: {m:g} min done", file=sys.stderr, flush=True)
    longest = max(rows, key=lambda r: float(r["minutes"]))
    return {
        "date": time.strftime("%Y-%m-%d"),
        "plan_case": PLAN_CASE,
        "case_audio_min": round(lead_s / 60, 1),
        "sources": [str(p.relative_to(data_dir)) for p in long_sessions.sources(data_dir)],
        "pause_s": long_sessions.PAUSE_S,
        "sessions": rows,
        "memory": {
            "minutes": longest["minutes"],
            "peak_rss_mb": longest.get("peak_rss_mb"),
            "peak_tree_rss_mb": longest["peak_tree_rss_mb"],
            "self_peak_rss_mb": longest.get("self_peak_rss_mb"),
            "target_mb": MEMORY_TARGET_MB,
            "met": "not_run" not in longest and longest["peak_rss_mb"] < MEMORY_TARGET_MB,
        },
    }


def markdown(report: dict[str, Any]) -> str:
    """Seconds per stage and peak memory per recording length."""
    lines = [
        f"# End-to-end time and memory, {report['date']}",
        "",
        f"Recordings built from {report['plan_case']} (build split) spoken by espeak-ng "
        f"({report.get('case_audio_min', '?')} min) followed by the data's own audio "
        "(`eval/long_sessions.py`), drafted against that case's plan by a fresh process per length, "
        "models loaded first.",
        "",
        "| minutes | drafter | " + " | ".join(STAGES) + " | total s | x real time | load s | peak RSS MB | "
        "speakers found | note sentences |",
        "|---" * (len(STAGES) + 8) + "|",
    ]
    for r in report["sessions"]:
        if "not_run" in r:
            lines.append(f"| {r['minutes']:g} | not run: {r['not_run']} |")
            continue
        t = r["timings_s"]
        stages = " | ".join(f"{float(t.get(s, 0.0)):.1f}" for s in STAGES)
        lines.append(
            f"| {r['minutes']:g} | {r['drafter']} | {stages} | {r['total_s']} | {r['x_realtime']} | "
            f"{r['load_s']} | {r['peak_rss_mb']} | {r.get('speakers')} | {r.get('sentences')} |"
        )
    m = report["memory"]
    lines += [
        "",
        "Beyond the case's own minutes the recording is other speakers' clips, so the speakers found grow "
        "and "
        "the client's voice (the longest talker) may change; the note sentences show how much the drafting "
        "stages had to do.",
        "",
        f"Peak RSS drafting the {m['minutes']:g}-minute session: {m.get('peak_rss_mb')} MB (process tree "
        f"sampled: {m['peak_tree_rss_mb']} MB; the process's own peak, VmHWM: "
        f"{m.get('self_peak_rss_mb')} MB); "
        f"target under {m['target_mb']} MB: "
        f"{'met' if m['met'] else 'not met'}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m eval.latency [--minutes 5 15]``; ``--child AUDIO PLAN WARM`` is the measured child."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, type=Path)
    parser.add_argument("--drafter")
    parser.add_argument("--minutes", nargs="*", type=float)
    args = parser.parse_args()
    if args.child:
        audio, plan, warm = args.child
        print(json.dumps(_child(audio, plan, warm, args.drafter)))
        return
    print(
        json.dumps(run(minutes=tuple(args.minutes or long_sessions.MINUTES), drafter=args.drafter), indent=1)
    )


if __name__ == "__main__":
    main()
