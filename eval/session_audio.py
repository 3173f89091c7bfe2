"""End-to-end latency from a recording: a case transcript spoken by espeak-ng, then the whole pipeline.

The case's utterances are synthesised one by one (a voice per speaker) and placed at their own start
times, so the recording has the case's length and pauses. The audio is synthetic: this measures time,
not accuracy (``eval/asr.py`` and ``eval/diarization.py`` measure accuracy).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

from eval.common import shared_data_dir
from service.config import load_settings
from service.container import Container
from service.domain.transcript import Transcript
from service.plans.io import read_plan
from service.settings import DrafterName

SR = 16_000
_VOICES = {
    "therapist": "en-us+m3",
    "client": "en-us+f2",
    "client_2": "en-us+m1",
    "client_3": "en-us+f4",
    "parent": "en-us+f3",
}


def _speak(text: str, voice: str) -> np.ndarray:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RuntimeError("espeak-ng is needed to synthesise the session (apt package espeak-ng)")
    raw = subprocess.run(
        [exe, "-v", voice, "-s", "175", "--stdout", text], capture_output=True, check=True
    ).stdout
    with wave.open(io.BytesIO(raw)) as w:
        rate = w.getframerate()
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    idx = np.arange(0, audio.size, rate / SR)
    return np.interp(idx, np.arange(audio.size), audio).astype(np.float32)


def synthesise(transcript: Transcript, out: Path) -> float:
    """Write the session as a 16 kHz mono WAV; returns its length in seconds."""
    pieces: list[tuple[int, np.ndarray]] = []
    cursor = 0
    for u in transcript.utterances:
        clean = " ".join(w for w in u.text.split() if not w.startswith("["))
        if not clean:
            continue
        audio = _speak(clean, _VOICES.get(u.speaker, "en-us"))
        start = max(int(u.start * SR), cursor)  # espeak can be slower than the case's timing
        pieces.append((start, audio))
        cursor = start + audio.size + int(0.3 * SR)
    total = np.zeros(cursor + SR, dtype=np.float32)
    for start, audio in pieces:
        total[start : start + audio.size] += audio
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(total, -1, 1) * 32767).astype(np.int16).tobytes())
    return total.size / SR


def run(
    case: str = "dev-05-group-social-anxiety",
    drafter: DrafterName = "llama-cpp",
    work_dir: Path = Path("/tmp"),
) -> dict[str, Any]:
    """Synthesise ``case``, then time transcribe -> scrub -> extract -> draft -> validate (models loaded)."""
    folder = shared_data_dir() / "cases" / case
    transcript = Transcript.load(folder / "transcript.json")
    plan = read_plan(folder / "plan.json")
    audio = work_dir / f"{case}.wav"
    seconds = synthesise(transcript, audio)
    c = Container(load_settings())
    pipeline = c.pipeline(drafter=drafter, with_audio=True)
    began = time.perf_counter()
    outcome = pipeline.run(audio, plan, speakers=len({u.speaker for u in transcript.utterances}))
    total = time.perf_counter() - began
    timings = outcome.result.provenance.timings_s
    return {
        "case": case,
        "audio_minutes": round(seconds / 60, 1),
        "drafter": drafter,
        "total_s": round(total, 1),
        "timings_s": timings,
        "utterances": len(outcome.transcript.utterances),
    }
