"""The local LLM as a second opinion on the scrubber's uncertain candidates: is this word a name here?

Only one kind of candidate is ever asked about: a word of the unknown-proper-nouns family that is
uncertain (a rare capitalised word opening a sentence, a rare lower-case noun) and that no other
family reported. The model reads one short sentence in which every other identifier found is already
replaced by its type in brackets, and labels the word with one of four labels (an ordinary word, a
person's, a place's or an organisation's name), constrained to a JSON enum. A name redacts the word; an
ordinary word, a crash, a timeout or an unparseable answer leaves it as it is, exactly as with the
second opinion off.

The model runs in its own process (:class:`service.draft.backends.isolated.IsolatedChat`), on this
machine: no text leaves it.

Why it is off by default (``SESSIONNOTE_SCRUB_SECOND_OPINION``), measured 2026-12-02 with the bundled
qwen2.5-coder-1.5b on the 2-core machine shared with other jobs: it asked 27 times over the 24 cases
and 6 times on the 5,000-word session, which then took 58 s instead of a few seconds (about 9 s a
call). Against the unknown-proper-nouns family alone it found nothing more on the cases (check
all-type recall 0.971 both ways) and cost precision (build 0.967 -> 0.954, check 0.888 -> 0.876);
synthetic F2 0.941 -> 0.943. A clinic with a faster, larger model can switch it on and measure again.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ValidationError

from service.errors import ModelCrashedError
from service.log import get_logger
from service.protocols import ChatModel

log = get_logger("scrub.second_opinion")
_SENTENCE_CHARS = 240
# A label among four, ordinary words first and named as the common case: asked "is it a name, yes or
# no?", the bundled 1.5B model answered yes to every word tried (a slang word, a nominalised verb, a
# household object); with the labels it told them apart on most of the same words.
_SYSTEM = (
    "You label one word in a sentence from a therapy session transcript (identifiers already found are "
    "replaced by placeholders in square brackets). Labels: word = an ordinary English word, slang, "
    "jargon, a misspelling, a medication, a product or a diagnosis; person = the name of a particular "
    "person; place = the name of a particular town, street or area; organisation = the name of a "
    "particular business, school or clinic. Most words are ordinary words. Answer with JSON only."
)
LABELS = ("word", "person", "place", "organisation")
_SCHEMA = {
    "type": "object",
    "properties": {"label": {"type": "string", "enum": list(LABELS)}},
    "required": ["label"],
    "additionalProperties": False,
}
_BOUNDARY = re.compile(r"[.?!](?=\s)")


class _Answer(BaseModel):
    label: Literal["word", "person", "place", "organisation"]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``, cut to a length around it."""
    left = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
    right = next((m.end() for m in _BOUNDARY.finditer(text, end)), len(text))
    half = _SENTENCE_CHARS // 2
    left = max(left, start - half)
    right = min(right, end + half)
    return text[left:right].strip()


class NameJudge:
    """Asks the chat model whether one word is a name in its sentence; counts its calls."""

    def __init__(self, chat: ChatModel) -> None:
        self.chat = chat
        self.calls = 0

    @property
    def version(self) -> str:
        """The judging model, for provenance."""
        return f"name-judge={self.chat.model_name}:{(self.chat.model_sha256 or 'unknown')[:12]}"

    def is_name(self, sentence: str, word: str) -> bool | None:
        """True or False as the model answers; None when it gave no usable answer."""
        prompt = f'Sentence: {sentence}\nWord: "{word}"\nWhich label fits the word in this sentence?'
        messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": prompt}]
        self.calls += 1
        try:
            raw = self.chat.complete_json(messages, _SCHEMA, max_tokens=12)
            return _Answer.model_validate_json(raw).label != "word"
        except ModelCrashedError:
            log.warning("second-opinion model stopped; the candidate is left as it is")
            return None
        except (ValidationError, json.JSONDecodeError):
            return None
