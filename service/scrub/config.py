"""The scrubber's configuration file, ``prompts/phi/recognizers.yaml``.

Why there and not inside the package: like the prompts and the intervention vocabulary, it is a plain
file a clinic reads and extends (another title, a local pharmacy chain, a stricter threshold) without
touching code, and :mod:`service.resources` keeps such files beside the package in ``prompts/``.
The file holds thresholds, the Presidio-entity -> PHI-type map, word lists for the custom recognizers
and the must-survive patterns. It never holds names of people: those come from NER, patterns, the
census first-name lexicon and the client's chart.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, field_validator

from service.domain.base import Frozen
from service.domain.phi import PhiType
from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR

RECOGNIZERS_PATH = PROMPTS_DIR / "phi" / "recognizers.yaml"

NumberContextType = PhiType


class ScrubConfig(Frozen):
    """Typed view of ``recognizers.yaml``; lists are lower-cased on load."""

    version: int = 1
    language: str = "en"
    entity_map: dict[str, PhiType]
    thresholds: dict[str, float] = Field(default_factory=lambda: {"default": 0.35})
    allow_list: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    street_suffixes: frozenset[str] = frozenset()
    feature_suffixes: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()
    pharmacies: tuple[str, ...] = ()
    org_context: tuple[str, ...] = ()
    number_context: dict[PhiType, tuple[str, ...]] = Field(default_factory=dict)
    holidays: tuple[str, ...] = ()
    not_phi_places: frozenset[str] = frozenset()
    must_survive: tuple[str, ...] = ()
    disabled_families: frozenset[str] = frozenset()
    # Unknown proper nouns (service/scrub/recognizers/unknown_words.py): how many of wordfreq's most
    # frequent English words count as common, the score a candidate gets, and medication names (words a
    # transcript capitalises that are neither names nor in the clinical vocabulary files).
    common_english_top: int = Field(default=30000, ge=1000, le=300000)
    unknown_word_score: float = Field(default=0.4, ge=0.0, le=1.0)
    unknown_word_uncertain_score: float = Field(default=0.2, ge=0.0, le=1.0)
    medications: frozenset[str] = frozenset()

    @field_validator("disabled_families")
    @classmethod
    def _known_families(cls, value: frozenset[str]) -> frozenset[str]:
        from service.scrub.families import FAMILIES

        unknown = sorted(value - FAMILIES.keys())
        if unknown:
            raise ValueError(f"unknown recogniser families {unknown}; known: {sorted(FAMILIES)}")
        return value

    def enabled(self, family: str) -> bool:
        """Whether the recogniser family ``family`` runs."""
        return family not in self.disabled_families

    @field_validator(
        "not_names",
        "titles",
        "relations",
        "street_suffixes",
        "feature_suffixes",
        "org_suffixes",
        "not_phi_places",
        "medications",
        mode="before",
    )
    @classmethod
    def _lower_set(cls, value: object) -> object:
        if isinstance(value, list | tuple | set | frozenset):
            return frozenset(str(v).lower() for v in value)
        return value

    @field_validator("pharmacies", "org_context", "holidays", mode="before")
    @classmethod
    def _lower_list(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(str(v).lower() for v in value)
        return value

    @field_validator("must_survive")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"must_survive pattern {pattern!r} does not compile: {exc}") from None
        return value

    def threshold(self, presidio_entity: str) -> float:
        """Minimum score for results of ``presidio_entity``."""
        return self.thresholds.get(presidio_entity, self.thresholds.get("default", 0.35))

    @cached_property
    def survive_patterns(self) -> tuple[re.Pattern[str], ...]:
        """The must-survive patterns, compiled case-insensitively."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.must_survive)


def load_scrub_config(path: Path = RECOGNIZERS_PATH) -> ScrubConfig:
    """Read and validate the recognizer configuration; problems raise :class:`ConfigurationError`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"Cannot read the PHI recognizer configuration {path}: {exc}.") from None
    try:
        return ScrubConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigurationError(
            f"PHI recognizer configuration {path} is not valid: field {where}: {first['msg']}."
        ) from None
