"""Placeholders are readable and consistent within a session; offsets refer to the original text."""

from __future__ import annotations

import pytest

from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import chart, transcript

pytestmark = pytest.mark.slow


def test_when_same_person_in_several_utterances_then_same_placeholder(scrubber: PresidioScrubber) -> None:
    texts = (
        "My brother Anselm called.",
        "Anselm wants to visit.",
        "My aunt Philippa too.",
        "And Anselm again.",
    )
    result = scrubber.scrub(transcript(*texts))
    out = [u.text for u in result.utterances]
    assert out[0] == "My brother [PERSON_1] called."
    assert out[1] == "[PERSON_1] wants to visit."
    assert out[2] == "My aunt [PERSON_2] too."
    assert out[3] == "And [PERSON_1] again."
    assert result.mapping.entries["[PERSON_1]"] == ("Anselm",)


def test_when_client_named_in_any_form_then_client_placeholder(scrubber: PresidioScrubber) -> None:
    texts = ("Oriana Vasquez-Thornbury, date of birth?", "Ori, what is new?", "oriana said she slept.")
    result = scrubber.scrub(transcript(*texts), chart())
    assert [u.text.split(",")[0].split(" ")[0] for u in result.utterances] == [
        "[CLIENT]",
        "[CLIENT]",
        "[CLIENT]",
    ]
    assert set(result.mapping.entries) >= {"[CLIENT]"}


def test_when_number_spoken_twice_then_same_placeholder(scrubber: PresidioScrubber) -> None:
    texts = (
        "His MRN is four four one, two oh, nine nine seven.",
        "Four four one, two oh, nine nine seven. Got it.",
    )
    result = scrubber.scrub(transcript(*texts))
    assert {e.placeholder for e in result.entities} == {"[MRN_1]"}


def test_when_entities_reported_then_offsets_index_the_original_text(scrubber: PresidioScrubber) -> None:
    texts = ("Tell Rosalind I said hi.", "The twelfth of March works, and Rosalind agrees.")
    source = transcript(*texts)
    result = scrubber.scrub(source)
    for entity in result.entities:
        original = source.utterances[entity.utterance_index].text[entity.start_char : entity.end_char]
        assert original in result.mapping.entries[entity.placeholder]
    assert [u.speaker for u in result.utterances] == [u.speaker for u in source.utterances]
    assert [u.start for u in result.utterances] == [u.start for u in source.utterances]


def test_when_output_serialised_then_it_has_the_cli_shape(scrubber: PresidioScrubber) -> None:
    result = scrubber.scrub(transcript("Call Marguerite tomorrow."))
    out = result.to_output()
    assert set(out) == {"utterances", "entities"}
    assert set(out["utterances"][0]) == {"speaker", "start", "end", "text"}  # type: ignore[index]
    assert set(out["entities"][0]) == {"utterance_index", "start_char", "end_char", "type", "placeholder"}  # type: ignore[index]
    assert "Marguerite" not in repr(result)
    assert "Marguerite" not in repr(result.mapping)


def test_when_client_name_is_spelled_or_said_as_initials_then_it_is_still_the_client(
    scrubber: PresidioScrubber,
) -> None:
    result = scrubber.scrub(
        transcript("It's spelled O-R-I-A-N-A.", "She signs O. V. on the forms.", "okay ori, go on."), chart()
    )
    out = [u.text for u in result.utterances]
    assert out == ["It's spelled [CLIENT].", "She signs [CLIENT]. on the forms.", "okay [CLIENT], go on."]
