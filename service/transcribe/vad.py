"""Voice activity detection with Silero VAD (the ONNX model bundled inside faster-whisper; no download).

Used by every engine: recognition only ever sees speech (Whisper invents text in silence) and
diarization only embeds speech.
"""

from __future__ import annotations

from faster_whisper.vad import VadOptions, get_speech_timestamps

from service.protocols import Samples
from service.transcribe.audio import SAMPLE_RATE

Region = tuple[float, float]

_OPTIONS = VadOptions(
    threshold=0.5,
    min_speech_duration_ms=250,
    min_silence_duration_ms=500,
    speech_pad_ms=200,
)


def speech_regions(samples: Samples) -> list[Region]:
    """Speech stretches in ``samples`` (16 kHz mono) as (start, end) seconds, sorted, non-overlapping."""
    if samples.size < SAMPLE_RATE // 10:
        return []
    stamps = get_speech_timestamps(samples, _OPTIONS, sampling_rate=SAMPLE_RATE)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]
