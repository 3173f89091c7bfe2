"""Decoding options shared by every engine, chosen against Whisper's known failure modes.

Whisper invents text in silence and loops on repeated phrases. Defences here: temperature fallback
when a window looks like a loop (compression ratio) or is unlikely (log-probability), no conditioning
on previous text (a hallucination cannot seed the next window), and skipping silent stretches inside
a window. VAD before decoding and the post-filters in :mod:`service.transcribe.guards` do the rest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodingOptions:
    """Thresholds passed to both engines (same meaning in faster-whisper and openai-whisper)."""

    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    compression_ratio_threshold: float = 2.4
    log_prob_threshold: float = -1.0
    no_speech_threshold: float = 0.6
    condition_on_previous_text: bool = False
    hallucination_silence_threshold: float = 2.0


DECODING = DecodingOptions()
