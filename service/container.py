"""The one composition root: builds engines, models and stores from settings, once per process."""

from __future__ import annotations

import json
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from service.errors import ConfigurationError, ModelMissingError
from service.modelbundle.manifest import Manifest, load_manifest
from service.modelbundle.store import ModelStore
from service.protocols import ChatModel, Diarizer, Drafter, SentenceEmbedder, SpeechRecognizer, Transcriber
from service.settings import DrafterName, Settings, TranscriberEngine, WhisperModelName, check_llm_backend

if TYPE_CHECKING:
    from service.draft.prompts import PromptSet
    from service.extract.extractor import RuleBasedExtractor
    from service.jobs.queue import JobQueue
    from service.pipeline import NotePipeline
    from service.scrub.scrubber import PresidioScrubber
    from service.storage.audio import AudioStore
    from service.storage.crypto import Cipher
    from service.storage.db import Database
    from service.validate.validator import PlanValidator

# (engine, whisper model) -> model id in models/manifest.yaml
ASR_MODELS: dict[tuple[str, str], str] = {
    ("faster-whisper", "base"): "whisper-base-ct2",
    ("faster-whisper", "tiny.en"): "whisper-tiny.en-ct2",
    ("openai-whisper", "tiny.en"): "whisper-tiny.en-openai",
}
DIARIZATION_MODEL = "resemblyzer-ge2e"
EMBEDDING_MODEL = "minilm-l6-int8-onnx"
SPACY_MODEL = "spacy-en-core-web-sm"


class Container:
    """Holds every heavy object; each is built on first use and then shared (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._recognizers: dict[tuple[str, str], SpeechRecognizer] = {}
        self._chat_models: dict[str, ChatModel] = {}

    @cached_property
    def database(self) -> Database:
        """The database (SQLite in the data dir unless SESSIONNOTE_DATABASE_URL says otherwise)."""
        from service.storage.db import Database

        return Database(self.settings.resolved_database_url)

    @cached_property
    def cipher(self) -> Cipher:
        """The key ring that seals PHI at rest (from the env var or the key file, never the database)."""
        from service.storage.crypto import load_ring

        s = self.settings
        key_file = s.encryption_key_file or s.data_dir / "keys" / "sessionnote.key"
        return load_ring(s.encryption_key.get_secret_value() if s.encryption_key else None, key_file)

    @cached_property
    def audio_store(self) -> AudioStore:
        """Encrypted recordings under generated names in the data dir."""
        from service.storage.audio import AudioStore

        return AudioStore(self.settings.data_dir, self.cipher)

    @cached_property
    def queue(self) -> JobQueue:
        """The task queue (Huey): SQLite in the data dir, or Redis for several worker machines."""
        from service.jobs.queue import build_queue

        return build_queue(self.settings)

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
        judge = None
        if self.settings.scrub_second_opinion:
            from service.scrub.second_opinion import NameJudge

            judge = NameJudge(self.chat_model("llama-cpp"))
        return PresidioScrubber(engine, max_chars=self.settings.max_transcript_chars, second_opinion=judge)

    @cached_property
    def validator(self) -> PlanValidator:
        """The validate stage: the clinic's rule config, the scrubber (for RESIDUAL_PHI) and the extractor."""
        from service.validate.config import load_validator_config
        from service.validate.validator import PlanValidator
        from service.validate.vocabulary import load_vocabulary

        directory = self.vocabulary_dir
        return PlanValidator(
            config=load_validator_config(self.settings.validator_config),
            vocabulary=load_vocabulary(directory) if directory is not None else None,
            extractor=self.extractor,
            scrubber=self.scrubber,
        )

    @cached_property
    def vocabulary_dir(self) -> Path | None:
        """The vocabulary merged with the clinic's extensions (None: the repository's own)."""
        if self.settings.vocabulary_extensions is None:
            return None
        from service.clinic import extended_vocabulary_dir

        return extended_vocabulary_dir(self.settings.vocabulary_extensions, self.settings.data_dir)

    @cached_property
    def sentence_embedder(self) -> SentenceEmbedder:
        """Sentence embeddings (all-MiniLM-L6-v2 int8 ONNX from the model bundle)."""
        from service.extract.embeddings import OnnxSentenceEmbedder

        path = self.model_store.require(EMBEDDING_MODEL)
        return OnnxSentenceEmbedder(
            path, self.model_store.sha256(EMBEDDING_MODEL), threads=self.settings.cpu_threads
        )

    @cached_property
    def extractor(self) -> RuleBasedExtractor:
        """The extract stage: the rules of prompts/vocabulary/ and the layers settings.extractor names."""
        from service.extract.extractor import RuleBasedExtractor
        from service.extract.meaning import InterventionMeaning, load_exemplars
        from service.extract.vocabulary import VOCABULARY_DIR

        directory = self.vocabulary_dir or VOCABULARY_DIR
        layers = self.settings.extractor
        meaning = verifier = None
        if "embeddings" in layers:
            # A clinic's own entries have no exemplars: the meaning layer leaves them to the rules.
            exemplars = load_exemplars(VOCABULARY_DIR)
            meaning = InterventionMeaning(self.sentence_embedder, exemplars)
            if "llm" in layers:
                from service.extract.verifier import InterventionVerifier

                verifier = InterventionVerifier(self.chat_model("llama-cpp"), exemplars)
        return RuleBasedExtractor(vocabulary_dir=directory, meaning=meaning, verifier=verifier)

    @cached_property
    def prompts(self) -> PromptSet:
        """The versioned drafting prompts."""
        from service.draft.prompts import load_prompts

        return load_prompts()

    def _llm_file(self) -> tuple[Path, str, str]:
        """(GGUF path, model name, sha256) of the configured local LLM."""
        s = self.settings
        if s.llm_model_path is not None:
            if not s.llm_model_path.is_file():
                raise ModelMissingError(f"SESSIONNOTE_LLM_MODEL_PATH {s.llm_model_path} does not exist.")
            return s.llm_model_path, s.llm_model_path.name, s.llm_model_sha256 or ""
        spec = self.manifest.get(s.llm_model)
        return self.model_store.require(spec.id) / spec.primary, spec.id, spec.primary_file.sha256

    def close(self) -> None:
        """Stop model processes and connections this container opened (safe to call twice)."""
        with self._lock:
            models = list(self._chat_models.values())
            self._chat_models.clear()
        for model in models:
            model.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def chat_model(self, name: DrafterName) -> ChatModel:
        """The chat model behind an LLM drafter; loaded once per backend."""
        with self._lock:
            if name not in self._chat_models:
                self._chat_models[name] = self._build_chat_model(name)
            return self._chat_models[name]

    def _build_chat_model(self, name: DrafterName) -> ChatModel:
        s = self.settings
        try:
            # A command-line option may choose a backend other than the settings' own; its rules apply too.
            check_llm_backend(s.model_copy(update={"drafter": name}))
        except ValueError as exc:
            raise ConfigurationError(f"Invalid configuration: {exc}.") from None
        if name == "openai-compatible":
            from service.draft.backends.openai_compatible import OpenAICompatibleChat

            assert s.openai_base_url
            assert s.openai_model
            assert s.openai_model_sha256
            return OpenAICompatibleChat(
                s.openai_base_url,
                s.openai_model,
                s.openai_model_sha256,
                api_key=s.openai_api_key,
                schema_style=s.openai_schema_style,
            )
        from service.draft.backends.isolated import IsolatedChat
        from service.draft.backends.model_process import ModelSpec

        path, model_name, sha = self._llm_file()
        # Local models run in a process of their own: a native crash there cannot end this one.
        spec = ModelSpec(
            engine="transformers" if name == "transformers" else "llama-cpp",
            model_path=path,
            model_name=model_name,
            model_sha256=sha,
            threads=s.cpu_threads,
            n_ctx=s.llm_context_tokens,
            extra_buffers=s.llm_extra_buffers,
        )
        return IsolatedChat(spec, call_timeout_s=s.llm_call_timeout_s)

    def drafter(self, name: DrafterName | None = None) -> Drafter:
        """The draft stage by backend name (default from settings)."""
        from service.draft.llm import LlmDrafter
        from service.draft.template import TemplateDrafter

        name = name or self.settings.drafter
        vocabulary_version = self.extractor.version
        if name == "template":
            return TemplateDrafter(self.prompts.version, vocabulary_version)
        return LlmDrafter(
            self.chat_model(name),
            self.prompts,
            vocabulary_version,
            known_interventions=self.extractor.intervention_names(),
            sections=self.settings.llm_sections,
        )

    def pipeline(
        self,
        drafter: DrafterName | None = None,
        engine: TranscriberEngine | None = None,
        model: WhisperModelName | None = None,
        with_audio: bool = False,
    ) -> NotePipeline:
        """The whole path to a validated draft; the transcriber is only loaded for audio input."""
        from service.pipeline import NotePipeline

        return NotePipeline(
            scrubber=self.scrubber,
            extractor=self.extractor,
            drafter=self.drafter(drafter),
            validator=self.validator,
            transcriber=self.transcriber(engine, model) if with_audio else None,
        )
