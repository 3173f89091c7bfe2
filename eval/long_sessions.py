"""Long recordings for the end-to-end timing curve, built from the data's own audio.

A session of N minutes starts with a build-split case spoken by espeak-ng (``eval/session_audio.py``), so
that extraction, drafting and validation have a session's facts to work on, then the data's recordings
laid end to end with a short pause between them, in a fixed order, repeated until N minutes are reached
and cut there: the two synthetic two-voice sessions (``asr/synth_session_dev_*``), the real read-speech
clips (``asr/``) and the real meeting clips (``diarization/*.wav``). The result measures time and memory,
not accuracy: the same audio recurs in a long session, and only the case part is a therapy session.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from service.transcribe.audio import SAMPLE_RATE, decode_all

PAUSE_S = 0.8
MINUTES: tuple[int, ...] = (5, 15, 30, 50)


def sources(data_dir: Path) -> list[Path]:
    """The recordings used, in order: synthetic sessions first, then real clips and meeting clips."""
    asr = data_dir / "asr"
    synthetic = sorted(asr.glob("synth_session_*.wav"))
    real = sorted(p for p in asr.glob("*.wav") if p not in synthetic)
    meetings = sorted((data_dir / "diarization").glob("*.wav"))
    return [synthetic[0], *real[: len(real) // 2], *meetings, *synthetic[1:], *real[len(real) // 2 :]]


def build(data_dir: Path, minutes: float, out: Path, lead: Path | None = None) -> float:
    """Write an N-minute 16 kHz mono WAV to ``out`` (``lead`` first, when given); returns its length in
    seconds."""
    pieces = [decode_all(p) for p in sources(data_dir)]
    if not pieces:
        raise FileNotFoundError(f"no recordings under {data_dir}/asr or {data_dir}/diarization")
    pause = np.zeros(int(PAUSE_S * SAMPLE_RATE), dtype=np.float32)
    target = int(minutes * 60 * SAMPLE_RATE)
    parts: list[npt.NDArray[np.float32]] = []
    total = 0
    if lead is not None:
        first = decode_all(lead)
        parts += [first, pause]
        total += first.size + pause.size
    n = 0
    while total < target:
        piece = pieces[n % len(pieces)]
        parts += [piece, pause]
        total += piece.size + pause.size
        n += 1
    samples = np.concatenate(parts)[:target]
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return samples.size / SAMPLE_RATE
