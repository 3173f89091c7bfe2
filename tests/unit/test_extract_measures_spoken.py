"""Measures said the way people say them: abbreviations spelled letter by letter, a total read back after
its items, a ruler's range said after the answer, and a fear ladder's predicted ratings kept apart from
SUDS. Every dialogue is invented for these tests from the instruments' published names and the cases
README's definitions."""

from __future__ import annotations

from tests.unit.extract_helpers import extract
from tests.unit.test_extract_measures import EXPOSURE_PLAN


def scores(text: str, exposure: bool = False) -> list[tuple[str, float]]:
    return [(m.instrument, m.score) for m in extract(text, EXPOSURE_PLAN if exposure else None).measures]


def test_when_an_abbreviation_is_spelled_with_full_stops_then_the_sentence_does_not_end_inside_it() -> None:
    text = """
    T: The P.H.Q. nine you did in the waiting room came out at fourteen.
    C: That's higher than I thought.
    """
    assert scores(text) == [("PHQ-9", 14.0)]


def test_when_an_abbreviation_is_said_letter_by_letter_then_the_instrument_is_recognised() -> None:
    text = """
    T: Your G A D seven today came out at eight, and the Y B O C S came out at nineteen.
    C: Okay.
    """
    assert sorted(scores(text)) == [("GAD-7", 8.0), ("Y-BOCS", 19.0)]


def test_when_items_are_read_back_before_their_sum_then_only_the_sum_is_the_total() -> None:
    text = """
    T: Here is the GAD-7 for this week, take your time with it.
    C: Sure.
    C: Okay, finished.
    T: Thank you. Let me look it over.
    C: Mm-hm.
    T: You circled a one, a two, a one, zero, two, one and a one, so that adds up to eight.
    C: Eight. Okay.
    """
    assert scores(text) == [("GAD-7", 8.0)]


def test_when_a_sentence_lists_item_answers_without_a_total_then_none_of_them_is_a_score() -> None:
    text = """
    T: On the PHQ-9 today you marked two, one, three and zero on the first four.
    C: Yes.
    """
    assert scores(text) == []


def test_when_the_client_gives_a_mood_number_with_the_range_after_it_then_it_is_a_scaling_answer() -> None:
    text = """
    T: How have things been?
    C: My mood has been about a six, from zero to ten.
    """
    assert scores(text) == [("Scaling question", 6.0)]


def test_when_a_fear_ladder_is_built_then_its_predicted_ratings_are_not_suds() -> None:
    text = """
    T: Let's put together your fear ladder. Rate each step zero to a hundred.
    C: Riding one stop on the bus, maybe forty.
    T: Next?
    C: A whole trip at rush hour, seventy.
    """
    assert scores(text, exposure=True) == []


def test_when_a_ladder_step_asks_what_it_would_cause_then_the_prediction_is_not_suds() -> None:
    text = """
    T: How much anxiety would it cause to leave the stove unchecked, zero to a hundred?
    C: Probably eighty.
    """
    assert scores(text, exposure=True) == []


def test_when_an_exposure_is_under_way_then_distress_ratings_are_still_suds() -> None:
    text = """
    T: Hold the railing and stay with it. Where is your distress, zero to a hundred?
    C: Seventy.
    T: And now?
    C: Fifty.
    """
    assert scores(text, exposure=True) == [("SUDS", 70.0), ("SUDS", 50.0)]


def test_when_the_total_is_said_before_the_word_total_then_it_ends_an_item_reading() -> None:
    text = """
    T: Time for the Yale-Brown. How much of your time do the thoughts take?
    C: About two hours a day, so a two.
    T: How much do they interfere with work?
    C: A one.
    T: And the distress they cause?
    C: Three.
    T: Resisting them?
    C: Two.
    T: Control over them?
    C: Two.
    T: So twenty-one total, counting both halves.
    """
    assert ("Y-BOCS", 21.0) in scores(text)


def test_when_a_group_member_shares_a_bare_score_after_the_scores_are_handed_back_then_it_is_theirs() -> None:
    text = """
    T: I scored the PHQ-9s you filled in and you can share your number if you like.
    C2: Mine's nine.
    T: Thanks for sharing.
    C: Fourteen.
    """
    assert scores(text) == [("PHQ-9", 14.0)]


def test_when_a_score_is_told_in_the_sentence_after_an_earlier_providers_date_then_it_is_not_current() -> (
    None
):
    text = """
    T: We will do the depression questionnaire next week.
    C: The nurse at the hospital had me do one of those back in the spring. I was a nineteen, she said.
    """
    assert scores(text) == []


def test_when_questionnaire_items_are_answered_with_distress_then_the_answers_are_not_suds() -> None:
    text = """
    T: Let's do the Y-BOCS. How much time do the obsessions take?
    C: A two.
    T: How much distress do they cause?
    C: Distress is three.
    T: How much do they interfere?
    C: Two.
    """
    assert all(name != "SUDS" for name, _ in scores(text, exposure=True))


def test_when_a_day_names_the_practice_then_its_number_is_a_recalled_suds() -> None:
    text = """
    T: How did the exposure practice go this week?
    C: Tuesday was sixty, and it went down to twenty by the end.
    """
    assert ("SUDS", 60.0) in scores(text, exposure=True)
