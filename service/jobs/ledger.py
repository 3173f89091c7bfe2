"""Stages of a job, their idempotency keys and how each maps to the job's overall progress.

A job runs ``transcribe`` once for the session, then ``scrub -> extract -> draft -> validate`` once per
participating client (scope ``p1``, ``p2``...). A stage's idempotency key is the sha256 of the recording,
the stage, the scope, the participant's speaker label and the versions of everything that shapes the
result (ASR engine and model, vocabulary, drafter and prompt version, validator rules); a stage whose
stored result has the same key is never run again, so a retried job resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json

STAGES = ("transcribe", "scrub", "extract", "draft", "validate")
# Share of the job's progress bar per stage (transcription dominates on a CPU).
_SPAN = {
    "transcribe": (0.0, 60.0),
    "scrub": (60.0, 70.0),
    "extract": (70.0, 75.0),
    "draft": (75.0, 95.0),
    "validate": (95.0, 100.0),
}


def idempotency_key(
    recording_sha256: str, recording_id: str, stage: str, scope: str, speaker: str, versions: dict[str, str]
) -> str:
    """The key of one stage run; equal keys mean an equal result."""
    body = json.dumps([recording_id, recording_sha256, stage, scope, speaker, versions], sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def overall(stage: str, fraction: float, part: int = 0, parts: int = 1) -> float:
    """Job progress in percent for ``fraction`` of ``stage`` (of participant ``part`` of ``parts``)."""
    low, high = _SPAN[stage]
    if stage != "transcribe":
        width = (high - low) / max(parts, 1)
        low, high = low + part * width, low + (part + 1) * width
    return low + (high - low) * min(max(fraction, 0.0), 1.0)
