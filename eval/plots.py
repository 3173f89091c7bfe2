"""The report's figures (matplotlib, Agg backend: no display needed), each from an area's result JSON.

Every function returns the PNG it wrote, or None when the area's results lack what it draws. Each figure
carries its area's stamp (date, commit, machine) in a footer; case-based figures draw the build split
and the check split side by side, each beside its plain baseline from the same run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from eval.splits import SPLITS
from eval.stamp import one_line

STAGES = ("transcribe", "scrub", "extract", "draft", "validate")
WER_CONFIGS = (
    ("plain-fw-tiny.en-beam5", "plain faster-whisper tiny.en (baseline)"),
    ("fw-tiny.en-beam5+diarization", "ours, default (tiny.en beam 5 + diarization)"),
)


def _save(fig: Figure, path: Path, stamp: dict[str, Any] | None) -> Path:
    fig.text(0.01, 0.005, "measured " + one_line(stamp or {}), fontsize=6.5, color="#555555")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def wer_per_clip(asr: dict[str, Any], out: Path, stamp: dict[str, Any] | None) -> Path | None:
    """Horizontal bars: WER of every clip, plain faster-whisper beside ours."""
    rows = {r["config"]: r for r in asr.get("results", [])}
    configs = [(c, label) for c, label in WER_CONFIGS if "per_clip_wer" in rows.get(c, {})]
    if not configs:
        return None
    clips = sorted(rows[configs[0][0]]["per_clip_wer"])
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(clips) + 1.6))
    height = 0.8 / len(configs)
    for n, (config, label) in enumerate(configs):
        values = [rows[config]["per_clip_wer"].get(c, 0.0) for c in clips]
        ax.barh([i + n * height for i in range(len(clips))], values, height=height, label=label)
    ax.set_yticks([i + height * (len(configs) - 1) / 2 for i in range(len(clips))])
    ax.set_yticklabels([c.removesuffix(".wav") for c in clips], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("word error rate (after Whisper's English normaliser)")
    ax.set_title("ASR word error rate per clip")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, out, stamp)


def phi_recall_per_type(phi: dict[str, Any], out: Path, stamp: dict[str, Any] | None) -> Path | None:
    """Per PHI type: recall of ours and of plain Presidio, build split | check split."""
    ours, plain = phi.get("cases", {}), phi.get("cases_presidio_defaults", {})
    if not all(s in ours and s in plain for s in SPLITS):
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True)
    for ax, split in zip(axes, SPLITS, strict=True):
        types = sorted(t for t, v in ours[split]["per_type"].items() if v.get("gold"))
        xs = range(len(types))
        a = [ours[split]["per_type"][t]["recall"] for t in types]
        b = [plain[split]["per_type"].get(t, {}).get("recall", 0.0) for t in types]
        ax.bar([x - 0.2 for x in xs], a, width=0.4, label="ours (Presidio + own recognisers + chart)")
        ax.bar([x + 0.2 for x in xs], b, width=0.4, label="plain Presidio + spaCy sm")
        ax.set_xticks(list(xs))
        ax.set_xticklabels(
            [f"{t}\n({ours[split]['per_type'][t]['gold']})" for t in types], rotation=60, fontsize=6.5
        )
        ax.set_ylim(0, 1.25)
        ax.set_title(
            f"{split} split: {ours[split].get('gold', '?')} spans; recall "
            f"{ours[split]['recall']:.3f} vs {plain[split]['recall']:.3f}",
            fontsize=9,
        )
    axes[0].set_ylabel("recall (labelled spans found)")
    axes[0].legend(fontsize=7, loc="upper left", ncol=2)
    fig.suptitle("PHI recall per type (gold count under each type)")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, out, stamp)


def latency_per_stage(latency: dict[str, Any], out: Path, stamp: dict[str, Any] | None) -> Path | None:
    """Stacked seconds per stage for each recording length."""
    rows = [r for r in latency.get("sessions", []) if "timings_s" in r]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    labels = [f"{r['minutes']:g} min" for r in rows]
    bottom = [0.0] * len(rows)
    for stage in STAGES:
        values = [float(r["timings_s"].get(stage, 0.0)) for r in rows]
        ax.bar(labels, values, bottom=bottom, label=stage)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for x, total in enumerate(bottom):
        ax.text(x, total, f"{total:.0f} s", ha="center", va="bottom", fontsize=8)
    drafter = rows[0].get("drafter", "?")
    ax.set_ylabel("seconds (models loaded)")
    ax.set_title(f"Seconds per stage by recording length (drafter: {drafter})")
    ax.legend(fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, out, stamp)


def e2e_vs_length(latency: dict[str, Any], out: Path, stamp: dict[str, Any] | None) -> Path | None:
    """Total seconds against recording minutes, with peak memory on a second axis."""
    rows = [r for r in latency.get("sessions", []) if "total_s" in r]
    if not rows:
        return None
    minutes = [float(r["minutes"]) for r in rows]
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    ax.plot(minutes, [r["total_s"] for r in rows], marker="o", label="end to end, models loaded")
    ax.plot(
        minutes,
        [r["total_s"] + r.get("load_s", 0.0) for r in rows],
        marker="s",
        linestyle="--",
        label="plus model load (a fresh process)",
    )
    ax.set_xlabel("recording length (minutes)")
    ax.set_ylabel("seconds")
    ax.set_xticks(minutes)
    ax.set_title("End-to-end time and peak memory vs recording length")
    mem = ax.twinx()
    mem.plot(minutes, [r.get("peak_rss_mb", 0) for r in rows], color="#aa3333", marker="^", label="peak RSS")
    mem.set_ylabel("peak RSS of the process tree (MB)", color="#aa3333")
    mem.set_ylim(0, max(3072, *[r.get("peak_rss_mb", 0) for r in rows]) * 1.1)
    mem.axhline(3072, color="#aa3333", linestyle=":", linewidth=0.8)
    lines = ax.get_legend_handles_labels()
    more = mem.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="upper left")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, out, stamp)


def validator_recall_per_rule(
    validator: dict[str, Any], out: Path, stamp: dict[str, Any] | None
) -> Path | None:
    """Per rule: must_flag recall (or, for rules that are only probed, probes caught), per setting,
    build split | check split."""
    settings = {k: v for k, v in validator.get("settings", {}).items() if "splits" in v}
    if not settings:
        return None
    codes = sorted(
        {c for v in settings.values() for s in SPLITS for c in v["splits"].get(s, {}).get("per_code", {})}
    )
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), sharey=True)
    width = 0.8 / len(settings)
    for ax, split in zip(axes, SPLITS, strict=True):
        for n, (name, setting) in enumerate(settings.items()):
            per_code = setting["splits"].get(split, {}).get("per_code", {})
            values = []
            for code in codes:
                c = per_code.get(code, {})
                if c.get("must_flag"):
                    values.append(c["correct"] / c["must_flag"])
                elif c.get("probes"):
                    values.append(c["probes_caught"] / c["probes"])
                else:
                    values.append(float("nan"))
            ax.bar([i + n * width for i in range(len(codes))], values, width=width, label=name)
        ax.set_xticks([i + width * (len(settings) - 1) / 2 for i in range(len(codes))])
        ax.set_xticklabels([_rule_label(code, settings, split) for code in codes], rotation=60, fontsize=6.5)
        ax.set_ylim(0, 1.25)
        n_cases = next(iter(settings.values()))["splits"].get(split, {}).get("n_cases", "?")
        ax.set_title(f"{split} split ({n_cases} cases)", fontsize=9)
    axes[0].set_ylabel("must_flag recall (* probes caught)")
    axes[0].legend(fontsize=7, loc="upper left", ncol=3)
    fig.suptitle("Validator recall per rule (facts / note setting; pipeline/template is the plain drafter)")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, out, stamp)


def _rule_label(code: str, settings: dict[str, Any], split: str) -> str:
    first = next(iter(settings.values()))["splits"].get(split, {}).get("per_code", {}).get(code, {})
    if first.get("must_flag"):
        return f"{code}\n(n={first['must_flag']})"
    return f"{code}*\n(probes={first.get('probes', 0)})"


def rouge_per_drafter(notes: dict[str, Any], out: Path, stamp: dict[str, Any] | None) -> Path | None:
    """ROUGE-L F1 of the whole note against the reference note, per drafter, build | check."""
    drafters = {k: v for k, v in notes.get("drafters", {}).items() if "splits" in v}
    if not drafters:
        return None
    fig, ax = plt.subplots(figsize=(6.5, 4))
    width = 0.8 / len(drafters)
    for n, (name, d) in enumerate(drafters.items()):
        values = [d["splits"].get(s, {}).get("rouge_l_note", float("nan")) for s in SPLITS]
        ax.bar([i + n * width for i in range(len(SPLITS))], values, width=width, label=name)
    ax.set_xticks([i + width * (len(drafters) - 1) / 2 for i in range(len(SPLITS))])
    ax.set_xticklabels([f"{s} split" for s in SPLITS])
    ax.set_ylabel("ROUGE-L F1 vs reference note")
    ax.set_title("Note ROUGE-L per drafter")
    ax.legend(fontsize=7)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return _save(fig, out, stamp)
