"""Measures: only scores spoken in the session for this client and this period, never invented."""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def scores(text: str) -> list[tuple[str, float]]:
    return [(m.instrument, m.score) for m in extract(text).measures]


def test_when_therapist_says_the_gad7_result_then_the_spoken_score_is_reported() -> None:
    facts = extract(
        """
T: I saw you did the questionnaire out front. Your GAD-7 came out at eleven.
C: Is that good?
"""
    )
    (measure,) = facts.measures
    assert (measure.instrument, measure.score, measure.reported_by) == ("GAD-7", 11, "therapist")
    assert measure.administered_in_session
    assert measure.evidence == (0,)


def test_when_an_earlier_score_is_mentioned_for_comparison_then_it_is_not_reported() -> None:
    found = scores(
        """
T: Your GAD-7 came out at eleven today.
C: What was it before?
T: Last week it was fourteen, and when we started it was sixteen. Eleven is still moderate.
"""
    )
    assert found == [("GAD-7", 11)]


def test_when_comparison_shares_the_sentence_then_only_the_current_score_is_reported() -> None:
    assert scores("T: Your PCL-5 today came out at forty-one, down from fifty-two at intake.") == [
        ("PCL-5", 41)
    ]


def test_when_instrument_was_named_just_before_then_it_came_out_at_gives_its_score() -> None:
    found = scores(
        """
T: I sent you the PHQ-9 link this morning. Did you fill it out?
C: Right before we logged on.
T: I've got it here. It came out at thirteen.
"""
    )
    assert found == [("PHQ-9", 13)]


def test_when_two_instruments_share_a_sentence_then_each_score_goes_to_its_own() -> None:
    found = scores(
        "T: The depression one, the PHQ-9, came out at thirteen. And the anxiety one, the GAD-7, is a nine."
    )
    assert sorted(found) == [("GAD-7", 9), ("PHQ-9", 13)]


def test_when_client_reports_a_score_from_another_provider_then_it_is_not_administered_in_session() -> None:
    facts = extract("C: My doctor had me do the PHQ-9 on Monday. I got a seventeen.")
    (measure,) = facts.measures
    assert (measure.instrument, measure.score, measure.reported_by) == ("PHQ-9", 17, "client")
    assert not measure.administered_in_session


def test_when_another_group_member_answers_a_rating_question_then_their_score_is_excluded() -> None:
    found = scores(
        """
T: Anxiety number right now, zero to a hundred?
C2: Sixty.
T: And you?
C: About thirty.
"""
    )
    assert found == [("SUDS", 30)]


def test_when_spouse_reports_her_own_questionnaire_then_it_is_not_the_clients_score() -> None:
    assert scores("C2: My doctor had me do the GAD-7, I got a twelve.") == []


def test_when_suds_are_asked_during_exposure_then_each_answer_is_a_score() -> None:
    found = scores(
        """
T: What's your SUDS right now, zero to a hundred, before we start?
C: Like a forty.
T: Stay with it. What's your number?
C: Seventy.
T: Number?
C: Um. Eighty-five?
"""
    )
    assert found == [("SUDS", 40), ("SUDS", 70), ("SUDS", 85)]


def test_when_interoceptive_ratings_are_labelled_then_only_anxiety_counts() -> None:
    found = scores(
        """
T: Numbers? Intensity, anxiety, similarity, zero to ten.
C: Intensity eight. Anxiety, like, six. Similarity maybe five.
"""
    )
    assert found == [("SUDS", 6)]


def test_when_therapist_asks_how_much_a_thought_is_believed_then_no_measure_is_reported() -> None:
    assert scores("T: How much do you believe that thought, zero to a hundred?\nC: Ninety.") == []


def test_when_importance_and_confidence_rulers_are_answered_then_they_are_scaling_questions() -> None:
    found = scores(
        """
T: On a scale from zero to ten, how important is it to you to stop drinking?
C: Ten. Honestly, ten.
T: And how confident are you, zero to ten, that you can do it?
C: Six.
"""
    )
    assert found == [("Scaling question", 10), ("Scaling question", 6)]


def test_when_a_vague_number_has_no_instrument_then_no_score_is_reported() -> None:
    assert (
        scores("P: The school had him do some anxiety questionnaire. She said he was in the thirties?") == []
    )


def test_when_a_number_is_impossible_for_the_instrument_then_it_is_rejected() -> None:
    assert scores("T: Your GAD-7 came out at thirty-five.") == []


def test_when_phq9_item_9_is_read_back_then_the_answer_is_scored() -> None:
    found = scores(
        'T: On the question about thoughts that you would be better off dead, you marked "several days."'
    )
    assert found == [("PHQ-9 item 9", 1)]


def test_when_client_volunteers_a_rating_then_it_is_kept_with_out_of_session_context() -> None:
    facts = extract(
        "T: How many attacks this week?\nC: Two. One was small, like a four out of ten, at work on Wednesday."
    )
    (measure,) = facts.measures
    assert (measure.instrument, measure.score) == ("SUDS", 4)
    assert not measure.administered_in_session


def test_when_counts_and_times_are_spoken_then_they_are_not_scores() -> None:
    assert (
        scores("T: Your PHQ-9 takes about five minutes, it has nine questions.\nC: Okay, I did it twice.")
        == []
    )


def test_when_score_bands_and_denominators_are_explained_then_only_the_score_counts() -> None:
    found = scores(
        """
T: You scored fourteen out of twenty-seven on the PHQ-9, which is in the ten to fourteen range.
T: Your GAD-7 went from sixteen down to eleven.
"""
    )
    assert found == [("PHQ-9", 14), ("GAD-7", 11)]


def test_when_a_scaling_question_is_about_the_week_then_it_is_still_administered_in_session() -> None:
    (measure,) = extract("T: How would you rate your mood this week, one to ten?\nC: A five.").measures
    assert (measure.instrument, measure.score) == ("Scaling question", 5)
    assert measure.administered_in_session
