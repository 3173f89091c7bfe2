"""Therapist micro-skills coded per utterance: reflection, open/closed question, information, advice.

The codes follow the motivational-interviewing behaviour codes of AnnoMI (``therapist_behaviour`` with
its question and input subtypes), so their agreement with human coders can be measured. Rules, in
order: a backchannel is ``other``; an utterance opening like a reflection ("so you...", "it sounds
like...") is a reflection even with a rising "?", unless it opens with a question word; a question
(a "?" or a question opening) is open or closed by how it opens; advice and information are
statements matching ``micro_skills.yaml``; any other second-person statement is a reflection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from service.extract.text import normalize, split_sentences
from service.extract.vocabulary import MicroSkillVocabulary, any_match

Behaviour = Literal["reflection", "question", "therapist_input", "other"]
_QUESTION_WORD = re.compile(r"^(what|how|why|when|where|who|which|tell me)\b")
_OWN_VIEW = re.compile(
    r"\b(i (think|know|believe|bet|found|have heard|'ve heard|mean)|we (know|have|can|found|offer)|people|"
    r"there (is|are|'s)|it's (important|helpful|good|normal|common))\b"
)
_SECOND_PERSON = re.compile(
    r"^(you|your|you're|you've|you'd)\b|\byou (feel|felt|want|think|said|mentioned)\b"
)


@dataclass(frozen=True)
class SkillCode:
    """The code of one therapist utterance."""

    behaviour: Behaviour
    question: Literal["open", "closed"] | None = None
    input: Literal["information", "advice"] | None = None


def _strip_fillers(text: str, fillers: tuple[str, ...]) -> str:
    """Remove leading fillers ("okay, um, so you...") that say nothing about the act."""
    pattern = re.compile(
        r"^(?:(?:"
        + "|".join(re.escape(f) for f in sorted(fillers, key=len, reverse=True))
        + r")\b[\s,.!-]*)+"
    )
    return pattern.sub("", text).strip(" ,.-")


def code_utterance(text: str, vocab: MicroSkillVocabulary) -> SkillCode:
    """Code one therapist utterance."""
    compiled = vocab.compiled
    norm = normalize(text).replace("--", " ").replace("—", " ")
    sentences = [_strip_fillers(s, vocab.fillers) for s in split_sentences(norm)]
    sentences = [s for s in sentences if s]
    if not sentences:
        return SkillCode("other")
    words = sum(len(s.split()) for s in sentences)
    has_question = any(s.endswith("?") for s in sentences)
    if words < vocab.min_words and not has_question:
        return SkillCode("other")
    first = sentences[0]
    question = next((s for s in sentences if s.endswith("?")), None)
    if (
        any_match(compiled["reflection"], first)
        and not _QUESTION_WORD.match(first)
        and (question is None or question == first or not _QUESTION_WORD.match(question))
    ):
        return SkillCode("reflection")
    if question is not None:
        kind: Literal["open", "closed"] = "open" if any_match(compiled["open"], question) else "closed"
        return SkillCode("question", question=kind)
    statement = " ".join(sentences)
    if any_match(compiled["advice"], statement):
        return SkillCode("therapist_input", input="advice")
    if any_match(compiled["information"], statement):
        return SkillCode("therapist_input", input="information")
    if any(any_match(compiled["reflection"], s) or _SECOND_PERSON.search(s) for s in sentences):
        return SkillCode("reflection")
    # A longer statement is content, not a backchannel: the therapist's own knowledge is information,
    # anything else (most often the client's words given back) a reflection.
    if words >= vocab.long_statement_words and _OWN_VIEW.search(statement):
        return SkillCode("therapist_input", input="information")
    if words >= vocab.reflection_min_words:
        return SkillCode("reflection")
    return SkillCode("other")
