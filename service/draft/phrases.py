"""The note's wording as data (``prompts/draft/phrases.yaml``): intervention phrases, frames, risk words."""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from service.domain.base import Frozen, describe_error
from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR

PHRASES_FILE = PROMPTS_DIR / "draft" / "phrases.yaml"


class Phrases(Frozen):
    """How the template drafter words a note."""

    version: str
    setting: dict[str, str]
    modality: dict[str, str]
    risk_kinds: dict[str, str]
    risk_topics: dict[str, str]
    interventions: dict[str, str]
    states: tuple[str, ...]
    checkin_questions: tuple[str, ...]
    uncommitted_replies: tuple[str, ...] = ()

    @cached_property
    def checkin_re(self) -> tuple[re.Pattern[str], ...]:
        """The check-in questions, compiled."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.checkin_questions)

    @cached_property
    def uncommitted_re(self) -> tuple[re.Pattern[str], ...]:
        """Replies that leave a homework commitment open, compiled."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.uncommitted_replies)

    @cached_property
    def states_re(self) -> re.Pattern[str]:
        """Any state word, whole words, longest first ("worn down" before "down")."""
        words = sorted(self.states, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@cache
def load_phrases(path: Path = PHRASES_FILE) -> Phrases:
    """Read and validate the phrases file; a broken file stops start-up with its name."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        phrases = Phrases.model_validate(raw)
        _ = phrases.checkin_re, phrases.states_re, phrases.uncommitted_re
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"Cannot read {path}: {exc}.") from None
    except ValidationError as exc:
        raise ConfigurationError(f"{path} is not valid: {describe_error(exc)}.") from None
    except re.error as exc:
        raise ConfigurationError(f"{path} holds a pattern that does not compile: {exc}.") from None
    return phrases
