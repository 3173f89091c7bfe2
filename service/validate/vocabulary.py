"""The intervention vocabulary as the validator reads notes and plans: types and how notes phrase them.

Data lives in ``prompts/validator/interventions.yaml`` so a clinic extends it without code. A mention
of an intervention in a sentence is the set of types whose patterns match overlapping spans ("mindful
breathing" is both ``breathing`` and ``mindfulness``); a mention is covered by a plan when any of its
types is planned, a planned generic type covers its family, and a generic mention ("exposure") is
covered by any planned member of its family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from service.domain.base import Frozen
from service.domain.plan import TreatmentPlan, describe_error
from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR

VOCABULARY_PATH = PROMPTS_DIR / "validator" / "interventions.yaml"


class InterventionType(Frozen):
    """One intervention type of the vocabulary (or a known technique outside it)."""

    name: str
    modality: str
    patterns: tuple[str, ...] = Field(min_length=1)
    family: str | None = None
    generic: bool = False
    in_vocabulary: bool = True


class VocabularyFile(Frozen):
    """The YAML file's shape."""

    version: int
    types: dict[str, InterventionType]


@dataclass(frozen=True)
class Mention:
    """Intervention types named at one place of a text (overlapping matches merged)."""

    start: int
    end: int
    keys: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """Compiled vocabulary: find intervention mentions and decide plan coverage."""

    types: dict[str, InterventionType]
    version: str = "1"
    _compiled: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for key, item in self.types.items():
            try:
                self._compiled[key] = tuple(re.compile(_bounded(p), re.IGNORECASE) for p in item.patterns)
            except re.error as exc:
                raise ConfigurationError(
                    f"Intervention vocabulary: type {key} has a bad pattern ({exc})."
                ) from None

    def mentions(self, text: str) -> list[Mention]:
        """Intervention mentions in ``text``, in order; overlapping matches of several types merge."""
        spans: list[tuple[int, int, str]] = []
        for key, patterns in self._compiled.items():
            for pattern in patterns:
                spans.extend((m.start(), m.end(), key) for m in pattern.finditer(text) if m.end() > m.start())
        spans.sort()
        merged: list[Mention] = []
        for start, end, key in spans:
            if merged and start < merged[-1].end:
                last = merged[-1]
                merged[-1] = Mention(last.start, max(last.end, end), last.keys | {key})
            else:
                merged.append(Mention(start, end, frozenset({key})))
        found = [_specific(m, self.types) for m in merged]
        # "in vivo elevator exposure": the generic "exposure" repeats the specific mention beside it.
        specific = {self.types[k].family for m in found for k in m.keys if not self.types[k].generic}
        return [
            m
            for m in found
            if not all(self.types[k].generic and self.types[k].family in specific for k in m.keys)
        ]

    def keys_in(self, text: str) -> frozenset[str]:
        """Every type named anywhere in ``text``."""
        out: set[str] = set()
        for mention in self.mentions(text):
            out |= mention.keys
        # "Interoceptive exposure (CBT (exposure))" names the specific type; the generic "exposure" of
        # its modality must not make it cover every exposure.
        families = {self.types[k].family for k in out if not self.types[k].generic}
        return frozenset(k for k in out if not (self.types[k].generic and self.types[k].family in families))

    def plan_keys(self, plan: TreatmentPlan) -> dict[str, frozenset[str]]:
        """Plan intervention id -> the types its name and modality name."""
        return {i.id: self.keys_in(f"{i.name} ({i.modality})") for i in plan.interventions}

    def covers(self, planned: frozenset[str], mention: frozenset[str]) -> bool:
        """True when a set of planned types covers a mention (directly or through a family)."""
        if planned & mention:
            return True
        for key in mention:
            family = self.types[key].family
            if family is None:
                continue
            for p in planned:
                other = self.types[p]
                if other.family == family and (other.generic or self.types[key].generic):
                    return True
        return False

    def in_vocabulary(self, keys: frozenset[str]) -> bool:
        """True when any of the types is in the vocabulary."""
        return any(self.types[k].in_vocabulary for k in keys)

    def display(self, keys: frozenset[str]) -> str:
        """A readable name for a mention (the most specific type's name)."""
        names = sorted(self.types[k].name for k in keys if not self.types[k].generic) or sorted(
            self.types[k].name for k in keys
        )
        return names[0] if names else "intervention"


def _bounded(pattern: str) -> str:
    # Whole words only: "tapping" must not match inside another word, "ERP" not inside "interpret".
    head = r"(?<![\w-])" if re.match(r"[\w(]", pattern) else ""
    tail = r"(?![\w])" if pattern and (pattern[-1].isalnum() or pattern.endswith(("?", ")", "*"))) else ""
    return f"{head}(?:{pattern}){tail}"


def _specific(mention: Mention, types: dict[str, InterventionType]) -> Mention:
    # "imaginal exposure" also matches the generic "exposure": keep the specific type only.
    specific = frozenset(k for k in mention.keys if not types[k].generic)
    families = {types[k].family for k in specific}
    keep = specific | frozenset(
        k for k in mention.keys if types[k].generic and types[k].family not in families
    )
    return Mention(mention.start, mention.end, keep or mention.keys)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """Read and compile a vocabulary file; a malformed file raises :class:`ConfigurationError`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"Cannot read the intervention vocabulary {path}: {exc}.") from None
    try:
        data = VocabularyFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigurationError(
            f"Intervention vocabulary {path} is not valid: {describe_error(exc)}."
        ) from None
    return Vocabulary(types=data.types, version=str(data.version))
