"""The unknown-proper-nouns family and the LLM second opinion on its uncertain words (real spaCy, real
wordfreq; the second opinion's bookkeeping with scripted labels, its wiring to a real model elsewhere).

Every sentence was invented for this test from the family's definition (a word outside common English,
the name lists and the clinical vocabulary); none comes from a case transcript.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.draft import ModelUsage
from service.domain.transcript import Transcript, Utterance
from service.errors import ModelCrashedError
from service.scrub.common_words import load_clinical_words, vocabulary_words
from service.scrub.recognizers.unknown_words import UnknownProperNounRecognizer
from service.scrub.scrubber import PresidioScrubber
from service.scrub.second_opinion import NameJudge, sentence_around

pytestmark = pytest.mark.slow

# (sentence, the unknown proper noun in it): words no name list, gazetteer or dictionary holds.
FOUND = [
    ("i texted zorvath about it", "zorvath"),
    ("she lives in bramblewick now", "bramblewick"),
    ("and then kesandu said no", "kesandu"),
]
SURVIVES = [
    "I take Lexapro in the morning.",
    "He switched from Wellbutrin to Trintellix.",
    "I did the Socratic questioning sheet.",
    "It was all Self-Care stuff.",
    "Catastrophizing. Yeah, I do that.",
    "I felt like an overexplainer.",
    "the beanbag was comfy",
    "I was doomscrolling until two.",
]


def _one(text: str) -> Transcript:
    return Transcript(utterances=(Utterance(speaker="client", start=0.0, end=1.0, text=text),))


def _recognizer(scrubber: PresidioScrubber) -> UnknownProperNounRecognizer:
    return UnknownProperNounRecognizer(scrubber.config, scrubber.engine.lexicon)


def _results(scrubber: PresidioScrubber, text: str) -> list[Any]:
    artifacts = scrubber.engine.nlp_engine.process_text(text, "en")
    return _recognizer(scrubber).find(text, artifacts)


@pytest.mark.parametrize(("sentence", "word"), FOUND)
def test_when_a_word_is_in_no_lexicon_then_it_is_redacted(
    scrubber: PresidioScrubber, sentence: str, word: str
) -> None:
    result = scrubber.scrub(_one(sentence))
    assert word not in result.utterances[0].text
    assert "[" in result.utterances[0].text


@pytest.mark.parametrize("sentence", SURVIVES)
def test_when_a_rare_word_is_a_drug_a_therapy_word_or_ordinary_then_it_survives(
    scrubber: PresidioScrubber, sentence: str
) -> None:
    assert scrubber.scrub(_one(sentence)).utterances[0].text == sentence


def test_when_a_capitalised_unknown_word_stands_mid_sentence_then_the_family_scores_it_to_be_redacted(
    scrubber: PresidioScrubber,
) -> None:
    text = "We drove out to Quenzabrook for the weekend."
    results = _results(scrubber, text)
    assert [(text[r.start : r.end], r.score) for r in results] == [
        ("Quenzabrook", scrubber.config.unknown_word_score)
    ]
    assert results[0].entity_type == "LOCATION"  # after "to", a place


def test_when_an_unknown_word_is_only_perhaps_a_name_then_its_score_is_below_the_threshold(
    scrubber: PresidioScrubber,
) -> None:
    results = _results(scrubber, "the beanbag was comfy")
    assert [r.score for r in results] == [scrubber.config.unknown_word_uncertain_score]
    assert results[0].score < scrubber.config.threshold("PERSON")


def test_when_a_word_is_in_the_clinical_vocabulary_files_then_it_is_known() -> None:
    words = load_clinical_words()
    assert {"socratic", "exposure", "phq"} <= words
    assert vocabulary_words([r"\b(?:thought|cognitive) record(?:s)?\b"]) == {
        "thought",
        "cognitive",
        "record",
    }


def test_sentence_around_cuts_the_sentence_holding_the_word() -> None:
    text = "First one. Then i saw zorvath at the store. After that, home."
    start = text.index("zorvath")
    assert sentence_around(text, start, start + 7) == "Then i saw zorvath at the store."


class _ScriptedChat:
    """A chat model that answers with the JSON given here (what the real model says is measured in
    eval/results/phi.md); ``None`` stands for a crashed model process."""

    engine = "scripted"
    model_name = "scripted"
    model_sha256: str | None = None

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.prompts: list[str] = []

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        self.prompts.append(messages[-1]["content"])
        if self.answer is None:
            raise ModelCrashedError("the model process stopped (SIGKILL)")
        return self.answer

    def usage(self) -> ModelUsage:
        return ModelUsage()

    def close(self) -> None:
        """Nothing to release."""


def _with_judge(scrubber: PresidioScrubber, chat: _ScriptedChat) -> PresidioScrubber:
    return PresidioScrubber(scrubber.engine, scrubber.max_chars, second_opinion=NameJudge(chat))


def test_when_the_second_opinion_labels_an_uncertain_word_a_name_then_it_is_redacted(
    scrubber: PresidioScrubber,
) -> None:
    chat = _ScriptedChat('{"label": "person"}')
    text = _with_judge(scrubber, chat).scrub(_one("the beanbag was comfy")).utterances[0].text
    assert text == "the [PERSON_1] was comfy"
    assert chat.prompts == [
        'Sentence: the beanbag was comfy\nWord: "beanbag"\nWhich label fits the word in this sentence?'
    ]


@pytest.mark.parametrize("answer", ['{"label": "word"}', "not json", None])
def test_when_the_second_opinion_says_ordinary_word_or_fails_then_the_word_survives(
    scrubber: PresidioScrubber, answer: str | None
) -> None:
    sentence = "the beanbag was comfy"
    assert _with_judge(scrubber, _ScriptedChat(answer)).scrub(_one(sentence)).utterances[0].text == sentence


def test_when_other_identifiers_share_the_sentence_then_the_model_reads_them_masked(
    scrubber: PresidioScrubber,
) -> None:
    chat = _ScriptedChat('{"label": "word"}')
    _with_judge(scrubber, chat).scrub(_one("Oriana Vasquez-Thornbury sat on the beanbag."))
    assert chat.prompts
    assert all("Oriana" not in p and "Thornbury" not in p for p in chat.prompts)


def test_when_no_word_is_uncertain_then_the_model_is_never_asked(scrubber: PresidioScrubber) -> None:
    chat = _ScriptedChat('{"label": "person"}')
    _with_judge(scrubber, chat).scrub(_one("I hope the week goes better."))
    assert chat.prompts == []
