"""The one composition root: builds engines, models and stores from settings, once per process."""

from __future__ import annotations

import json
import threading
from functools import cached_property
from typing import TYPE_CHECKING

from service.errors import ConfigurationError
from service.modelbundle.manifest import Manifest, load_manifest
from service.modelbundle.store import ModelStore
from service.protocols import Diarizer, SpeechRecognizer, Transcriber
from service.settings import Settings, TranscriberEngine, WhisperModelName

if TYPE_CHECKING:
    from service.scrub.scrubber import PresidioScrubber
    from service.validate.validator import PlanValidator

# (engine, whisper model) -> model id in models/manifest.yaml
ASR_MODELS: dict[tuple[str, str], str] = {
    ("faster-whisper", "base"): "whisper-base-ct2",
    ("faster-whisper", "tiny.en"): "whisper-tiny.en-ct2",
    ("openai-whisper", "tiny.en"): "whisper-tiny.en-openai",
}
DIARIZATION_MODEL = "resemblyzer-ge2e"
SPACY_MODEL = "spacy-en-core-web-sm"


class Container:
    """Holds every heavy object; each is built on first use and then shared (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._recognizers: dict[tuple[str, str], SpeechRecognizer] = {}

    @cached_property
    def manifest(self) -> Manifest:
        """The model manifest."""
        return load_manifest()

    @cached_property
    def model_store(self) -> ModelStore:
        """The model directory checked against the manifest."""
        return ModelStore(self.settings.resolved_model_dir, self.manifest)

    def recognizer(
        self, engine: TranscriberEngine | None = None, model: WhisperModelName | None = None
    ) -> SpeechRecognizer:
        """The ASR engine for (engine, model), defaulting to the settings; loaded once."""
        key = (engine or self.settings.transcriber, model or self.settings.whisper_model)
        model_id = ASR_MODELS.get(key)
        if model_id is None:
            raise ConfigurationError(f"No installed model for engine {key[0]} with Whisper {key[1]}.")
        with self._lock:
            if key not in self._recognizers:
                self._recognizers[key] = self._build_recognizer(key[0], model_id)
            return self._recognizers[key]

    def _build_recognizer(self, engine: str, model_id: str) -> SpeechRecognizer:
        store, s = self.model_store, self.settings
        path = store.require(model_id)
        if engine == "faster-whisper":
            from service.transcribe.faster_whisper import FasterWhisperRecognizer

            return FasterWhisperRecognizer(
                path, model_id, store.sha256(model_id), beam_size=s.beam_size, cpu_threads=s.cpu_threads
            )
        from service.transcribe.openai_whisper import OpenAIWhisperRecognizer

        source = store.manifest.get(model_id).convert
        heads: list[list[int]] | None = None
        if source is not None:
            config = store.require(source.source) / "config.json"
            heads = json.loads(config.read_text(encoding="utf-8")).get("alignment_heads")
        return OpenAIWhisperRecognizer(
            path / store.manifest.get(model_id).primary,
            model_id,
            store.sha256(model_id),
            beam_size=s.beam_size,
            cpu_threads=s.cpu_threads,
            alignment_heads=heads,
        )

    @cached_property
    def diarizer(self) -> Diarizer:
        """Speaker embedding + clustering (resemblyzer GE2E weights from the model bundle)."""
        from service.transcribe.diarize import ResemblyzerDiarizer

        path = self.model_store.require(DIARIZATION_MODEL)
        weights = path / self.manifest.get(DIARIZATION_MODEL).primary
        return ResemblyzerDiarizer(weights, max_speakers=self.settings.max_speakers)

    def transcriber(
        self, engine: TranscriberEngine | None = None, model: WhisperModelName | None = None
    ) -> Transcriber:
        """The transcribe stage for (engine, model)."""
        from service.transcribe.pipeline import RecordingTranscriber

        return RecordingTranscriber(
            recognizer=self.recognizer(engine, model),
            diarizer=self.diarizer if self.settings.diarization else None,
            language=self.settings.language,
            max_minutes=self.settings.max_audio_minutes,
            chunk_minutes=self.settings.chunk_minutes,
        )

    @cached_property
    def scrubber(self) -> PresidioScrubber:
        """The PHI scrub stage: Presidio + the bundle's spaCy model + custom recognizers, built once."""
        from service.scrub.config import load_scrub_config
        from service.scrub.engine import build_engine
        from service.scrub.scrubber import PresidioScrubber

        path = self.model_store.require(SPACY_MODEL)
        engine = build_engine(path, load_scrub_config())
        return PresidioScrubber(engine, max_chars=self.settings.max_transcript_chars)

    @cached_property
    def validator(self) -> PlanValidator:
        """The validate stage: the clinic's rule config, the scrubber (for RESIDUAL_PHI) and the extractor."""
        from service.validate.validator import PlanValidator

        # The extract stage is wired here by its own issue; until then callers pass facts explicitly.
        extractor = getattr(self, "extractor", None)
        return PlanValidator(extractor=extractor, scrubber=self.scrubber)
