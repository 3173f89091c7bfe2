"""What is not PHI survives scrubbing: scores, durations, weekdays, roles, counting, 988, doses."""

from __future__ import annotations

import pytest

from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import transcript

pytestmark = pytest.mark.slow

SURVIVORS = [
    "Your GAD-7 came out at eleven this week.",
    "The PHQ-9 was fourteen, down from seventeen.",
    "I've felt like this for two weeks.",
    "It happened last Tuesday, and again on Friday.",
    "I slept about five hours a night, every day.",
    "My boss yelled at me and my therapist said to write it down.",
    "My sponsor and my sister were both there.",
    "Breathe in, two, three, four, and out, two, three, four.",
    "One, two, three, four, five, six.",
    "If it gets bad, call or text nine eight eight.",
    "You can always call 988.",
    "The doctor raised it to fifty milligrams in the morning.",
    "I take 20 mg of it at night.",
    "On a scale from zero to ten, it's a seven, maybe eighty percent.",
    "We did three rounds of ten seconds each.",
    "Next session we'll go over the thought record.",
    "Mom said it was fine.",
    "We'll do the Edinburgh Postnatal Depression Scale again, ten questions.",
    "So we'd do the Edinburgh again today, then your Beck score.",
    "The Hamilton Anxiety Rating Scale was lower.",
]


@pytest.mark.parametrize("sentence", SURVIVORS)
def test_when_text_is_clinical_content_then_it_survives(scrubber: PresidioScrubber, sentence: str) -> None:
    result = scrubber.scrub(transcript(sentence))
    assert result.utterances[0].text == sentence
    assert result.entities == ()


def test_when_an_instrument_eponym_names_a_place_then_the_place_is_still_removed(
    scrubber: PresidioScrubber,
) -> None:
    result = scrubber.scrub(transcript("We moved here from Edinburgh when I was nine."))
    assert "Edinburgh" not in result.utterances[0].text


def test_when_a_name_comes_before_an_instrument_word_then_the_name_is_still_removed(
    scrubber: PresidioScrubber,
) -> None:
    result = scrubber.scrub(transcript("I told Maria about the depression scale on Monday."))
    assert "Maria" not in result.utterances[0].text
