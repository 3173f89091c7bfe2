"""ASR benchmark: word error rate, speed (model load included) and peak memory, all engines in one run.

Each configuration runs in its own child process so its peak RSS is its own and its model load is
timed. WER is computed with jiwer after Whisper's English text normaliser (so "ten" equals "10",
"mister" equals "Mr."; parentheses are dropped first, keeping their words, because the normaliser
would delete a bracketed clause), over all clips of a set pooled (total errors / total reference words).

Configurations, side by side on the same clips:
- ``plain-fw-tiny.en``: faster-whisper called directly with its defaults (beam 5, its own VAD), the
  baseline MODELS.md measured; no guards, no diarization.
- ``fw-base`` / ``fw-tiny.en`` (beam 1 and 5): our transcribe stage (VAD, guards, chunking) without
  diarization, to compare models on equal terms.
- ``fw-tiny.en-beam5+diarization``: the default stage as `sessionnote transcribe` runs it.
- ``ow-tiny.en``: the openai-whisper engine on the converted checkpoint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.common import RESULTS_DIR, shared_data_dir, write_results

DATA_SET_REAL = "real"
DATA_SET_SYNTH = "synthetic two-voice"


@dataclass(frozen=True)
class Config:
    """One benchmarked transcriber configuration."""

    name: str
    engine: str
    model: str
    beam: int
    diarization: bool
    plain: bool = False


CONFIGS: tuple[Config, ...] = (
    Config("plain-fw-tiny.en-beam5", "faster-whisper", "tiny.en", 5, False, plain=True),
    Config("fw-base-beam1", "faster-whisper", "base", 1, False),
    Config("fw-base-beam5", "faster-whisper", "base", 5, False),
    Config("fw-tiny.en-beam1", "faster-whisper", "tiny.en", 1, False),
    Config("fw-tiny.en-beam5", "faster-whisper", "tiny.en", 5, False),
    Config("fw-tiny.en-beam5+diarization", "faster-whisper", "tiny.en", 5, True),
    Config("ow-tiny.en-beam1", "openai-whisper", "tiny.en", 1, False),
)


def load_manifest(data_dir: Path) -> list[dict[str, Any]]:
    """The ASR clips of ``../shared/data/asr``."""
    lines = (data_dir / "asr" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _worker(config: Config, clips: list[dict[str, Any]], asr_dir: Path) -> dict[str, Any]:
    """Runs in the child: load once, transcribe every clip, report texts, timings and peak RSS."""
    from service.config import load_settings
    from service.container import Container

    started = time.perf_counter()
    hyps: dict[str, str] = {}
    per_clip: dict[str, float] = {}
    if config.plain:
        from faster_whisper import WhisperModel

        c = Container(load_settings())
        model = WhisperModel(
            str(c.model_store.require("whisper-tiny.en-ct2")),
            device="cpu",
            compute_type="int8",
            cpu_threads=c.settings.cpu_threads,
        )
        load_s = time.perf_counter() - started
        for clip in clips:
            t = time.perf_counter()
            segments, _ = model.transcribe(str(asr_dir / clip["audio"]), language="en", beam_size=5)
            hyps[clip["audio"]] = " ".join(s.text.strip() for s in segments)
            per_clip[clip["audio"]] = time.perf_counter() - t
    else:
        c = Container(
            load_settings(
                transcriber=config.engine,
                whisper_model=config.model,
                beam_size=config.beam,
                diarization=config.diarization,
            )
        )
        stage = c.transcriber()
        load_s = time.perf_counter() - started
        for clip in clips:
            t = time.perf_counter()
            transcript = stage.transcribe(
                asr_dir / clip["audio"], speakers=2 if clip.get("speakers") else None
            )
            hyps[clip["audio"]] = " ".join(u.text for u in transcript.utterances)
            per_clip[clip["audio"]] = time.perf_counter() - t
    total = time.perf_counter() - started
    from eval.memory import own_peak_rss_mb

    # Not ru_maxrss: it carries the parent's peak across vfork + exec (eval/memory.py).
    peak_mb = own_peak_rss_mb()
    return {
        "hyps": hyps,
        "per_clip_s": per_clip,
        "load_s": load_s,
        "total_s": total,
        "peak_rss_mb": peak_mb,
    }


def _run_child(config: Config, data_dir: Path) -> dict[str, Any]:
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "eval.asr", "--worker", config.name, str(data_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {config.name} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def wer_of(refs: list[str], hyps: list[str]) -> dict[str, float]:
    """Pooled WER after Whisper's English normaliser; also the error counts."""
    import jiwer

    from eval.text_norm import english_normalizer

    clean = english_normalizer()
    r = [clean(x) for x in refs]
    h = [clean(x) for x in hyps]
    out = jiwer.process_words(r, h)
    n_ref = sum(len(x.split()) for x in r)
    return {
        "wer": round(out.wer, 4),
        "errors": out.substitutions + out.deletions + out.insertions,
        "ref_words": n_ref,
    }


def run(data_dir: Path | None = None, configs: tuple[Config, ...] = CONFIGS) -> dict[str, Any]:
    """Benchmark every configuration on the same clips; returns (and writes) the results."""
    data_dir = data_dir or shared_data_dir()
    clips = load_manifest(data_dir)
    sets = {
        DATA_SET_REAL: [c for c in clips if not c.get("synthetic")],
        DATA_SET_SYNTH: [c for c in clips if c.get("synthetic")],
    }
    rows = []
    for config in configs:
        res = _run_child(config, data_dir)
        row: dict[str, Any] = {
            "config": config.name,
            "engine": config.engine,
            "model": config.model,
            "beam": config.beam,
            "diarization": config.diarization,
            "load_s": round(res["load_s"], 2),
            "peak_rss_mb": round(res["peak_rss_mb"]),
        }
        for set_name, members in sets.items():
            audio_s = sum(c["duration_s"] for c in members)
            proc_s = sum(res["per_clip_s"][c["audio"]] for c in members)
            row[set_name] = {
                **wer_of([c["text"] for c in members], [res["hyps"][c["audio"]] for c in members]),
                "audio_s": round(audio_s, 1),
                "processing_s": round(proc_s, 2),
                "x_realtime": round(audio_s / proc_s, 1),
            }
        # Per-clip WER (numbers only) for the per-clip figure of `sessionnote eval all`.
        row["per_clip_wer"] = {
            c["audio"]: wer_of([c["text"]], [res["hyps"][c["audio"]]])["wer"] for c in clips
        }
        all_audio = sum(c["duration_s"] for c in clips)
        row["x_realtime_with_load"] = round(all_audio / res["total_s"], 1)
        # Keep hypotheses of the public-domain clips only: the synthetic sessions speak AnnoMI text,
        # which is for evaluation and must not be copied into the repository.
        row["hypotheses"] = {
            k: v for k, v in res["hyps"].items() if k in {c["audio"] for c in sets[DATA_SET_REAL]}
        }
        rows.append(row)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine_description(),
        "clips": {k: len(v) for k, v in sets.items()},
        "results": rows,
    }
    write_results("asr", report, markdown(report))
    return report


def machine_description() -> str:
    """CPU model and core count, for the README's dated tables."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}"


def markdown(report: dict[str, Any]) -> str:
    """The results as a markdown table (the README quotes it)."""
    lines = [
        f"ASR benchmark, {report['date']}, {report['machine']}. WER pooled over clips after Whisper's "
        "English normaliser; x real time = audio seconds / processing seconds; the last speed column "
        "includes model load (one load, then every clip).",
        "",
        "| configuration | WER real clips | WER synthetic sessions | x real time (real) | "
        "x real time (synthetic) | x real time incl. load | load s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        real, synth = r[DATA_SET_REAL], r[DATA_SET_SYNTH]
        lines.append(
            f"| {r['config']} | {real['wer']:.3f} ({real['errors']}/{real['ref_words']}) | "
            f"{synth['wer']:.3f} ({synth['errors']}/{synth['ref_words']}) | {real['x_realtime']} | "
            f"{synth['x_realtime']} | {r['x_realtime_with_load']} | {r['load_s']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m eval.asr`` runs the benchmark; ``--worker NAME DATA_DIR`` is the child entry point."""
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        config = next(c for c in CONFIGS if c.name == sys.argv[2])
        data_dir = Path(sys.argv[3])
        clips = load_manifest(data_dir)
        print(json.dumps(_worker(config, clips, data_dir / "asr")))
        return
    report = run()
    print(markdown(report))
    print(f"written to {RESULTS_DIR}")


if __name__ == "__main__":
    main()
