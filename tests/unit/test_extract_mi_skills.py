"""Therapist micro-skills per utterance (the codes compared with AnnoMI), and the stage wiring."""

from __future__ import annotations

import pytest

from service.container import Container
from service.extract.mi_skills import code_utterance
from service.extract.vocabulary import load_vocabulary
from service.protocols import Extractor


@pytest.mark.parametrize(
    ("text", "behaviour", "question"),
    [
        (
            "So you're feeling torn between wanting to cut back and enjoying the evenings out.",
            "reflection",
            None,
        ),
        ("It sounds like your wife's worry is weighing on you.", "reflection", None),
        ("What would be different if you drank less?", "question", "open"),
        ("Okay. Did you drink over the weekend?", "question", "closed"),
        ("Mm-hmm.", "other", None),
    ],
)
def test_when_therapist_utterance_is_coded_then_behaviour_and_question_type_follow_its_form(
    text: str, behaviour: str, question: str | None
) -> None:
    code = code_utterance(text, load_vocabulary().micro_skills)
    assert (code.behaviour, code.question) == (behaviour, question)


def test_when_therapist_recommends_then_it_is_advice() -> None:
    code = code_utterance(
        "I would recommend keeping it under two drinks a day.", load_vocabulary().micro_skills
    )
    assert (code.behaviour, code.input) == ("therapist_input", "advice")


def test_when_therapist_gives_facts_then_it_is_information() -> None:
    code = code_utterance(
        "Research shows that alcohol can raise your blood pressure.", load_vocabulary().micro_skills
    )
    assert (code.behaviour, code.input) == ("therapist_input", "information")


def test_when_container_builds_the_extract_stage_then_it_is_an_extractor(container: Container) -> None:
    extractor = container.extractor
    assert isinstance(extractor, Extractor)
    assert extractor is container.extractor
