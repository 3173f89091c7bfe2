"""Diarization evaluation: diarization error rate (DER) and speed of the transcribe stage's diarizer.

Data (``../shared/data``):
- ``asr/synth_session_dev_*.wav``: synthetic two-voice therapy sessions (espeak-ng); reference turns are
  the ``speakers`` field of ``asr/manifest.jsonl``.
- ``diarization/*.rttm`` with the WAV named by each RTTM file id: real AMI meeting clips (``dev00``,
  ``dev01``; overlapping spontaneous speech) and pyannote's two-speaker ``sample``. Their RTTMs label
  two speakers per clip although the data README says 3-4 take part in the meetings; Silero VAD finds
  no speech outside the labelled turns, so the clips are scored as two-speaker recordings.
- 3-4 speaker recordings (and real two-voice ones) built at run time from real turns of distinct real
  speakers by :mod:`eval.diarization_mixes`, into a temporary directory (see ``MIX_SETS``).

Each recording is decoded with :func:`service.transcribe.audio.decode_all`, cut into 5-minute chunks,
given to Silero VAD (:func:`service.transcribe.vad.speech_regions`) and embedded chunk by chunk, as the
transcribe stage does; the windows are then clustered twice: with the reference's number of speakers
given and with the number estimated (``n_speakers=None``).

DER = (missed speech + false alarm + speaker confusion) / reference speech, computed with
``pyannote.metrics`` over the whole file (UEM = 0..duration), so VAD errors and overlapped speech
(one label per instant here) count. Two settings, reported side by side:
- **strict**: collar 0 s, overlap scored (``skip_overlap=False``), the standard setting;
- **forgiving**: collar 0.25 s (no error counted within 0.25 s of a reference boundary), overlap scored.
"Overall" per group is pooled: total error / total reference time.

Speed is audio seconds per second of processing (wall clock, after one untimed warm-up call): the
diarizer alone (embedding + clustering with the count estimated) and with VAD included. Decoding and
model loading are not counted. The machine may be shared, so treat it as a lower bound.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.common import shared_data_dir, write_results
from eval.diarization_mixes import MixSet, build_set, real_voices
from service.domain.speech import EmbeddedWindow, SpeakerTurn
from service.protocols import Diarizer
from service.transcribe.audio import SAMPLE_RATE, decode_all
from service.transcribe.vad import speech_regions

CHUNK_S = 300.0
COLLARS = {"strict": 0.0, "forgiving": 0.25}
GROUP_SYNTH = "two-voice synthetic sessions"
GROUP_MEETING = "meeting clips (AMI + sample), 2 labelled"
GROUP_REAL2 = "2 real voices, uneven, 30 s"
MIX_SETS = (
    # A fixed draw of combinations keeps the run short; every set mixes read and meeting voices.
    MixSet(GROUP_REAL2, 2, 30.0, "zipf", count=8),
    MixSet("3 real voices, equal, 45 s", 3, 45.0, "equal", count=8),
    MixSet("3 real voices, uneven, 40 s", 3, 40.0, "zipf", count=8),
    MixSet("4 real voices, equal, 60 s", 4, 60.0, "equal", count=8),
    MixSet("4 real voices, uneven, 30 s", 4, 30.0, "zipf", count=8),
    MixSet("3-4 meeting voices, uneven, 30 s", 3, 30.0, "zipf", voices="meeting:"),
    MixSet("3-4 meeting voices, uneven, 30 s", 4, 30.0, "zipf", voices="meeting:"),
)
GROUPS_3_4 = tuple(dict.fromkeys(m.group for m in MIX_SETS if m.size >= 3))
# Strict DER with the count estimated (issue targets); the two-voice sessions also need the count right.
TARGETS = {GROUP_SYNTH: 0.10, **dict.fromkeys(GROUPS_3_4, 0.35)}
MODES = {"given": True, "estimated": False}

Turn = tuple[float, float, str]


@dataclass(frozen=True)
class Item:
    """One evaluated recording with its reference turns."""

    name: str
    group: str
    audio: Path
    reference: list[Turn]

    @property
    def n_speakers(self) -> int:
        """Number of distinct reference speakers."""
        return len({speaker for _, _, speaker in self.reference})


def read_rttm(path: Path) -> dict[str, list[Turn]]:
    """RTTM ``SPEAKER`` lines grouped by file id: (start, end, speaker)."""
    out: dict[str, list[Turn]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[0] == "SPEAKER":
            start, duration = float(parts[3]), float(parts[4])
            out[parts[1]].append((start, start + duration, parts[7]))
    return dict(out)


def load_items(data_dir: Path) -> list[Item]:
    """The synthetic sessions of ``asr/`` and every RTTM-referenced recording of ``diarization/``."""
    items: list[Item] = []
    asr = data_dir / "asr"
    for line in (asr / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        clip = json.loads(line)
        if clip.get("speakers"):
            turns = [(float(t["start"]), float(t["end"]), str(t["speaker"])) for t in clip["speakers"]]
            items.append(Item(Path(clip["audio"]).stem, GROUP_SYNTH, asr / clip["audio"], turns))
    diar = data_dir / "diarization"
    for rttm in sorted(diar.glob("*.rttm")):
        for uri, turns in sorted(read_rttm(rttm).items()):
            items.append(Item(uri, GROUP_MEETING, diar / f"{uri}.wav", turns))
    return items


def mix_items(data_dir: Path, out: Path) -> list[Item]:
    """The built multi-speaker recordings of ``MIX_SETS``, written into ``out``."""
    voices = real_voices(data_dir)
    items = []
    for spec in MIX_SETS:
        for mix in build_set(spec, voices, out):
            items.append(Item(mix.name, spec.group, mix.audio, mix.reference))
    return items


def _annotation(turns: list[Turn]) -> Any:
    from pyannote.core import Annotation, Segment

    annotation = Annotation()
    for i, (start, end, speaker) in enumerate(turns):
        annotation[Segment(start, end), str(i)] = speaker
    return annotation


def score(reference: list[Turn], hypothesis: list[Turn], duration: float, collar: float) -> dict[str, float]:
    """DER components in seconds (missed, false alarm, confusion, reference total) and the rate."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyannote.core import Segment, Timeline
        from pyannote.metrics.diarization import DiarizationErrorRate

        metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
        detail = metric(
            _annotation(reference),
            _annotation(hypothesis),
            uem=Timeline([Segment(0.0, duration)]),
            detailed=True,
        )
    missed, false_alarm = float(detail["missed detection"]), float(detail["false alarm"])
    confusion, total = float(detail["confusion"]), float(detail["total"])
    return {
        "missed_s": round(missed, 3),
        "false_alarm_s": round(false_alarm, 3),
        "confusion_s": round(confusion, 3),
        "reference_s": round(total, 3),
        "der": round((missed + false_alarm + confusion) / total, 4) if total else 0.0,
    }


def _embed(diarizer: Diarizer, path: Path) -> tuple[list[EmbeddedWindow], float, float, float]:
    """Windows of a whole recording, its duration, and seconds spent in VAD and in embedding."""
    samples = decode_all(path)
    duration = samples.size / SAMPLE_RATE
    chunk = int(CHUNK_S * SAMPLE_RATE)
    windows: list[EmbeddedWindow] = []
    vad_s = embed_s = 0.0
    for first in range(0, samples.size, chunk):
        block = samples[first : first + chunk]
        began = time.perf_counter()
        regions = speech_regions(block)
        vad_s += time.perf_counter() - began
        began = time.perf_counter()
        windows.extend(diarizer.embed(block, regions, first / SAMPLE_RATE))
        embed_s += time.perf_counter() - began
    return windows, duration, vad_s, embed_s


def _overlap_s(turns: list[Turn]) -> float:
    """Seconds where two or more reference speakers talk at once (one label per instant cannot score)."""
    events = sorted([(s, 1) for s, _, _ in turns] + [(e, -1) for _, e, _ in turns])
    active, last, total = 0, 0.0, 0.0
    for t, delta in events:
        if active >= 2:
            total += t - last
        active, last = active + delta, t
    return total


def _as_turns(turns: list[SpeakerTurn]) -> list[Turn]:
    return [(t.start, t.end, t.speaker) for t in turns]


def run(data_dir: Path, diarizer: Diarizer) -> dict[str, Any]:
    """Evaluate ``diarizer`` on the recordings of ``data_dir`` and the mixes built from them."""
    with tempfile.TemporaryDirectory(prefix="sessionnote-mixes-") as tmp:
        return _run(load_items(data_dir) + mix_items(data_dir, Path(tmp)), diarizer)


def _run(items: list[Item], diarizer: Diarizer) -> dict[str, Any]:
    if items:
        # One untimed call first: librosa and torch initialise lazily on first use, once per process.
        warm = decode_all(items[0].audio)[: 3 * SAMPLE_RATE]
        diarizer.embed(warm, [(0.0, warm.size / SAMPLE_RATE)], 0.0)
    files: list[dict[str, Any]] = []
    audio_s = vad_s = embed_s = cluster_s = 0.0
    for item in items:
        windows, duration, vad, embed = _embed(diarizer, item.audio)
        audio_s, vad_s, embed_s = audio_s + duration, vad_s + vad, embed_s + embed
        row: dict[str, Any] = {
            "file": item.name,
            "group": item.group,
            "duration_s": round(duration, 3),
            "reference_speakers": item.n_speakers,
            "reference_overlap_s": round(_overlap_s(item.reference), 3),
            "windows": len(windows),
        }
        for mode, given in MODES.items():
            began = time.perf_counter()
            turns = _as_turns(diarizer.cluster(windows, item.n_speakers if given else None))
            if not given:
                cluster_s += time.perf_counter() - began
            row[mode] = {
                "speakers_found": len({speaker for _, _, speaker in turns}),
                **{
                    setting: score(item.reference, turns, duration, collar)
                    for setting, collar in COLLARS.items()
                },
            }
        files.append(row)
    return {
        "settings": {
            "strict": "collar 0 s, overlap scored (skip_overlap=False)",
            "forgiving": "collar 0.25 s, overlap scored (skip_overlap=False)",
            "uem": "whole file (0..duration)",
            "chunk_s": CHUNK_S,
        },
        "targets_strict_estimated": TARGETS,
        "mix_sets": [
            {
                "group": m.group,
                "speakers": m.size,
                "speech_s": m.speech_s,
                "shares": m.shares,
                "voices": m.voices or "all real",
                "count": m.count,
            }
            for m in MIX_SETS
        ],
        "files": files,
        "overall": _pooled(files),
        "speed": {
            "audio_s": round(audio_s, 2),
            "vad_s": round(vad_s, 3),
            "embed_s": round(embed_s, 3),
            "cluster_s": round(cluster_s, 3),
            "diarizer_x_realtime": round(audio_s / max(embed_s + cluster_s, 1e-9), 1),
            "with_vad_x_realtime": round(audio_s / max(vad_s + embed_s + cluster_s, 1e-9), 1),
        },
    }


def _pooled(files: list[dict[str, Any]]) -> dict[str, Any]:
    """Total error / total reference per group (and all files), per mode and setting."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in files:
        groups[row["group"]].append(row)
    groups["all"] = list(files)
    out: dict[str, Any] = {}
    for group, rows in groups.items():
        out[group] = {}
        for mode in MODES:
            out[group][mode] = {}
            for setting in COLLARS:
                parts = [r[mode][setting] for r in rows]
                error = sum(p["missed_s"] + p["false_alarm_s"] + p["confusion_s"] for p in parts)
                total = sum(p["reference_s"] for p in parts)
                out[group][mode][setting] = round(error / total, 4) if total else 0.0
                if setting == "strict":
                    for part in ("missed_s", "false_alarm_s", "confusion_s"):
                        out[group][mode][f"strict_{part}"] = round(sum(p[part] for p in parts), 2)
                    out[group][mode]["strict_reference_s"] = round(total, 2)
            out[group][mode]["speaker_count_correct"] = sum(
                r[mode]["speakers_found"] == r["reference_speakers"] for r in rows
            )
            out[group][mode]["files"] = len(rows)
            found: dict[str, int] = defaultdict(int)
            for r in rows:
                found[f"{r['reference_speakers']}->{r[mode]['speakers_found']}"] += 1
            out[group][mode]["counts"] = dict(sorted(found.items()))
    return out


def _counts(c: dict[str, int]) -> str:
    """'3->3 x7, 3->2 x1': reference count -> count found, and how many files."""
    return ", ".join(f"{k} x{v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1]))


def markdown(report: dict[str, Any]) -> str:
    """The results as a markdown page."""
    lines = [
        "# Diarization error rate (DER) and speaker counts",
        "",
        "Strict = collar 0 s, overlapped speech scored (the standard setting). "
        "Forgiving = collar 0.25 s, overlap scored. Whole file scored (VAD misses and false alarms count). "
        "Given = true number of speakers passed in (as `--speakers N`); estimated = `n_speakers=None`. "
        "Missed speech and false alarm come mostly from VAD boundaries and, on the meeting clips, from "
        "overlapped speech (the diarizer gives one speaker per instant); confusion is the clustering's own "
        "error.",
        "",
        "The meeting clips' RTTMs label two speakers each (MEE009 and MEE012 in both AMI clips), although "
        "the data README says 3-4 take part in those meetings; Silero VAD finds no speech outside the "
        "labelled turns, so they are scored as two-speaker clips. The 3-4 speaker sets are built at run "
        "time (`eval/diarization_mixes.py`, into a temporary directory) from real turns of distinct real "
        "speakers: the read-speech clips of `asr/` (LibriVox, LJ Speech, JFK; one speaker each) and the "
        "single-speaker stretches of the meeting clips' RTTM turns (MEE009, MEE012, speaker90, speaker91), "
        "each speaker brought to one level, turns dealt in seeded order with 0.3-1.2 s pauses over a "
        "-60 dBFS noise floor. Uneven = talk time shared 1/k by rank (e.g. 48/24/16/12%). The sets "
        "reuse 7 voices, so they are not independent samples; voices from different sources also differ "
        "in channel, which helps; the meeting-voice set is the hard, same-room case.",
        "",
        "## Per set (pooled: total error / total reference)",
        "",
        "| set | files | target (strict, estimated) | DER strict, given | DER strict, estimated "
        "| DER forgiving, estimated | count right, estimated | counts (reference->found) "
        "| estimated: missed / false alarm / confusion s of reference s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for group, o in report["overall"].items():
        target = report["targets_strict_estimated"].get(group)
        met = (
            ""
            if target is None
            else f"<= {target:.2f} ({'met' if o['estimated']['strict'] <= target else 'NOT met'})"
        )
        e = o["estimated"]
        lines.append(
            f"| {group} | {e['files']} | {met} | {o['given']['strict']:.3f} | {e['strict']:.3f} "
            f"| {e['forgiving']:.3f} | {e['speaker_count_correct']}/{e['files']} | {_counts(e['counts'])} "
            f"| {e['strict_missed_s']:.1f} / {e['strict_false_alarm_s']:.1f} "
            f"/ {e['strict_confusion_s']:.1f} of {e['strict_reference_s']:.1f} |"
        )
    lines += [
        "",
        "## Per file",
        "",
        "| file | set | audio s | ref. speakers | speakers estimated | ref. overlap s | DER strict, given "
        "| DER strict, estimated | DER forgiving, estimated |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["files"]:
        g, e = r["given"], r["estimated"]
        lines.append(
            f"| {r['file']} | {r['group']} | {r['duration_s']:.1f} | {r['reference_speakers']} "
            f"| {e['speakers_found']} | {r['reference_overlap_s']:.1f} | {g['strict']['der']:.3f} "
            f"| {e['strict']['der']:.3f} | {e['forgiving']['der']:.3f} |"
        )
    s = report["speed"]
    lines += [
        "",
        "## Speed",
        "",
        f"{s['audio_s']:.0f} s of audio: diarizer (embedding + clustering) {s['diarizer_x_realtime']:.0f}x "
        f"real time; with Silero VAD {s['with_vad_x_realtime']:.0f}x real time "
        f"(VAD {s['vad_s']:.1f} s, embedding {s['embed_s']:.1f} s, clustering {s['cluster_s']:.2f} s). "
        "Measured on a shared 2-core machine: a lower bound.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """``python -m eval.diarization``: evaluate the installed diarizer, write eval/results/diarization.*."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: ../shared/data")
    args = parser.parse_args()
    from service.config import load_settings
    from service.container import Container

    diarizer = Container(load_settings()).diarizer
    report = run(args.data_dir or shared_data_dir(), diarizer)
    path = write_results("diarization", report, markdown(report))
    print(markdown(report))
    print(f"written: {path}")


if __name__ == "__main__":
    main()
