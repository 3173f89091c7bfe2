"""The pipeline's stage interfaces. Implementations are built once in :mod:`service.container`.

Data flow: recording -> Transcriber -> Transcript -> Scrubber -> ... (see README "Architecture").
Inside the transcribe stage, a SpeechRecognizer (one per engine) turns speech samples into timed words
and a Diarizer turns speech into speaker turns; the Transcriber composes them with decoding, VAD,
hallucination guards and role assignment so every engine gets the same treatment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from service.domain.draft import Draft, ModelUsage
from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.note import BirpNote
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ChartHistory, ClientChart, TreatmentPlan
from service.domain.speech import EmbeddedWindow, RecognizedSegment, SpeakerTurn
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


@runtime_checkable
class SentenceEmbedder(Protocol):
    """Sentence embeddings for meaning-based extraction: one unit vector (a row) per text, so a dot
    product is the cosine. Loads from the local model directory only."""

    model_sha256: str

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@runtime_checkable
class Scrubber(Protocol):
    """Stage 2: transcript (+ the client's chart) -> the same utterances with placeholders for PHI.

    Entity offsets refer to the original text; the placeholder -> original map is PHI itself.
    """

    def scrub(self, transcript: Transcript, chart: ClientChart | None = None) -> ScrubbedTranscript: ...


@runtime_checkable
class ChatModel(Protocol):
    """A local (or clinic-hosted) chat LLM that answers with JSON matching a schema.

    Only scrubbed text is ever passed in. Implementations should constrain decoding to the schema where
    the runtime can; callers validate the answer anyway (a runtime may ignore a grammar silently).
    """

    engine: str
    model_name: str
    model_sha256: str | None

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int
    ) -> str: ...

    def usage(self) -> ModelUsage:
        """Cumulative calls, tokens and seconds (callers take differences around their own work)."""
        ...

    def close(self) -> None:
        """Release the model (its process, its connections); a later call may open it again."""
        ...


@runtime_checkable
class Drafter(Protocol):
    """Stage 4: scrubbed transcript + facts (+ plan) -> BIRP note with evidence and provenance.

    ``focus_speaker`` is the transcript label of the client the note is about (``client``, ``client_2``
    in couples, family and group sessions); the note is written from that client's perspective only.
    """

    name: str

    def draft(
        self,
        transcript: Transcript,
        facts: ClinicalFacts,
        plan: TreatmentPlan | None,
        focus_speaker: str = "client",
    ) -> Draft: ...


@runtime_checkable
class Validator(Protocol):
    """Stage 5: a note (drafted or clinician-edited) checked against its session and the active plan.

    ``transcript`` is the session as transcribed; ``scrubbed`` (when the caller has it) supplies the
    placeholder text the note was written from and the session's placeholder map, otherwise the
    validator re-scrubs. ``facts`` are the extracted facts (extracted here when None); ``history`` is
    the chart context as the session begins (the plan file's ``history`` when None).
    """

    def validate(
        self,
        note: BirpNote,
        transcript: Transcript,
        plan: TreatmentPlan,
        facts: ClinicalFacts | None = None,
        scrubbed: ScrubbedTranscript | None = None,
        *,
        history: ChartHistory | None = None,
        session_date: date | None = None,
        focus_speaker: str = "client",
    ) -> list[Finding]: ...
