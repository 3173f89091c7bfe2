"""The meaning layer of intervention extraction: how much a therapist's lines read like a technique.

Why: a pattern sees words, not what the therapist is doing. When the rules are unsure (an entry found by
cues alone, or one cue short of its threshold), the therapist sentences behind the hits are embedded and
compared with the entry's exemplars in ``prompts/vocabulary/intervention_exemplars.yaml`` (short things
a therapist says while delivering the technique, written from treatment manuals, never from a case).
The best cosine over those sentences is the entry's support; :class:`~service.extract.interventions.
MeaningRule` (thresholds from the same file) turns it into keep, drop or add.

Only the borderline candidates' lines are embedded, once per session, so a session costs a few dozen
sentences (well under a second), not every utterance.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from pathlib import Path
from threading import Lock

import numpy as np
import yaml
from pydantic import Field, ValidationError, field_validator

from service.domain.base import Frozen, describe_error
from service.errors import ConfigurationError
from service.extract.interventions import MeaningRule
from service.extract.text import Session
from service.extract.vocabulary import VOCABULARY_DIR
from service.protocols import SentenceEmbedder

EXEMPLARS_FILE = "intervention_exemplars.yaml"
_MIN_WORDS = 4  # "Okay." or "Number?" says nothing about what is being done


class Exemplars(Frozen):
    """One technique's definition and therapist exemplars."""

    definition: str = Field(min_length=10)
    exemplars: tuple[str, ...] = Field(min_length=1)


class Decision(Frozen):
    """Cosine thresholds (measured on the build split; see eval/results/extraction_layers.md)."""

    veto_below: float = Field(ge=-1.0, le=1.0)
    upgrade_at: float = Field(ge=-1.0, le=1.0)


class ExemplarSet(Frozen):
    """``intervention_exemplars.yaml``."""

    version: str
    decision: Decision
    interventions: dict[str, Exemplars]

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @property
    def rule(self) -> MeaningRule:
        """The decision thresholds as the extractor uses them."""
        return MeaningRule(veto_below=self.decision.veto_below, upgrade_at=self.decision.upgrade_at)


def load_exemplars(directory: Path = VOCABULARY_DIR) -> ExemplarSet:
    """Load and validate the exemplar file; a broken file stops start-up with a sentence naming it."""
    path = directory / EXEMPLARS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ExemplarSet.model_validate(data)
    except OSError as exc:
        raise ConfigurationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path} is not valid YAML: {exc}.") from None
    except ValidationError as exc:
        raise ConfigurationError(f"{path} is not valid: {describe_error(exc)}.") from None


class InterventionMeaning:
    """Similarity of therapist sentences to each technique's exemplars (thread-safe, built once)."""

    def __init__(self, embedder: SentenceEmbedder, exemplars: ExemplarSet) -> None:
        self.embedder = embedder
        self.exemplars = exemplars
        self._lock = Lock()

    @property
    def version(self) -> str:
        """Exemplar version and the embedding model's sha256, for provenance."""
        return f"exemplars={self.exemplars.version};embedder={self.embedder.model_sha256[:12]}"

    @property
    def rule(self) -> MeaningRule:
        """The thresholds that turn support into decisions."""
        return self.exemplars.rule

    @cached_property
    def _matrix(self) -> tuple[dict[str, np.ndarray], list[str]]:
        """Exemplar vectors per technique (embedded on first use)."""
        with self._lock:
            names = list(self.exemplars.interventions)
            texts = [t for n in names for t in self.exemplars.interventions[n].exemplars]
            vectors = self.embedder.embed(texts)
            out: dict[str, np.ndarray] = {}
            row = 0
            for name in names:
                count = len(self.exemplars.interventions[name].exemplars)
                out[name] = vectors[row : row + count]
                row += count
            return out, names

    def known(self, name: str) -> bool:
        """Whether exemplars exist for this technique."""
        return name in self.exemplars.interventions

    def scorer(self, session: Session) -> SessionSupport:
        """Support of any technique at any of this session's therapist lines, embedded on demand."""
        return SessionSupport(self, session)

    def similarity(self, name: str, vectors: np.ndarray) -> float:
        """Best cosine between any of ``vectors`` and the technique's exemplars (0 when unknown)."""
        matrix = self._matrix[0].get(name)
        if matrix is None or not len(vectors):
            return 0.0
        return float(np.max(vectors @ matrix.T))


class SessionSupport:
    """Per-session cache of sentence vectors; called as ``support(name, utterance_indices)``."""

    def __init__(self, meaning: InterventionMeaning, session: Session) -> None:
        self._meaning = meaning
        self._session = session
        self._vectors: dict[int, np.ndarray] = {}

    def _sentences(self, index: int) -> list[str]:
        turn = self._session.turns[index]
        return [s for s in turn.sentences if len(s.split()) >= _MIN_WORDS] or [turn.norm]

    def vectors(self, indices: Collection[int]) -> np.ndarray:
        """Sentence vectors of these utterances (rows), embedding the ones not seen yet."""
        missing = [i for i in sorted(set(indices)) if i not in self._vectors]
        if missing:
            texts = [self._sentences(i) for i in missing]
            flat = self._meaning.embedder.embed([t for group in texts for t in group])
            row = 0
            for i, group in zip(missing, texts, strict=True):
                self._vectors[i] = flat[row : row + len(group)]
                row += len(group)
        rows = [self._vectors[i] for i in indices if i in self._vectors]
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def __call__(self, name: str, indices: Collection[int]) -> float | None:
        if not self._meaning.known(name):
            return None
        return self._meaning.similarity(name, self.vectors(indices)) if indices else 0.0
