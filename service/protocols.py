"""The pipeline's stage interfaces. Implementations are built once in :mod:`service.container`.

Data flow: recording -> Transcriber -> Transcript -> Scrubber -> ... (see README "Architecture").
Inside the transcribe stage, a SpeechRecognizer (one per engine) turns speech samples into timed words
and a Diarizer turns speech into speaker turns; the Transcriber composes them with decoding, VAD,
hallucination guards and role assignment so every engine gets the same treatment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from service.domain.speech import EmbeddedWindow, RecognizedSegment, SpeakerTurn
from service.domain.facts import ClinicalFacts
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript

Samples = npt.NDArray[np.float32]


class ProgressCallback(Protocol):
    """Reports progress of a long-running stage: ``fraction`` in [0, 1] of ``stage``."""

    def __call__(self, stage: str, fraction: float) -> None: ...


@runtime_checkable
class SpeechRecognizer(Protocol):
    """One ASR engine: 16 kHz mono float32 speech -> segments of timed words (times relative to samples).

    Implementations must not condition on previous text (a loop in one window must not seed the next).
    """

    engine: str
    model_name: str
    model_sha256: str

    def recognize(self, samples: Samples, language: str) -> list[RecognizedSegment]: ...


@runtime_checkable
class Diarizer(Protocol):
    """Speaker embeddings over speech regions, then clustering into anonymous speakers.

    Two steps so a long recording is embedded chunk by chunk (only small vectors are kept) and
    clustered once at the end.
    """

    def embed(
        self, samples: Samples, speech: list[tuple[float, float]], offset: float
    ) -> list[EmbeddedWindow]: ...

    def cluster(self, windows: list[EmbeddedWindow], n_speakers: int | None) -> list[SpeakerTurn]: ...


@runtime_checkable
class Transcriber(Protocol):
    """Stage 1: a recording file -> a speaker-attributed transcript."""

    def transcribe(
        self, audio: Path, *, speakers: int | None = None, progress: ProgressCallback | None = None
    ) -> Transcript: ...


@runtime_checkable
class Extractor(Protocol):
    """Stage 3: scrubbed transcript (+ the client's plan) -> clinical facts, each with evidence.

    ``transcript`` holds placeholder text only. Facts are about ``focus_speaker`` (the plan's client);
    other participants' scores and risk statements are left out.
    """

    def extract(
        self, transcript: Transcript, plan: TreatmentPlan | None, focus_speaker: str = "client"
    ) -> ClinicalFacts: ...
