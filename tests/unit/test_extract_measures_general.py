"""Measures as unseen sessions say them: a form given out early and totalled much later, an
instrument called by what it measures, a confidence ruler asked as how certain the client is,
and the numbers that are not the client's score this session (a subscale's sum, a prediction of how one
will look, a rating of how someone looked on video, a rating under another condition, a hedge repeating a
rating, a grade remembered from school). Every dialogue is invented for these tests from the instruments'
published names and constructs and the cases README's definitions; none comes from a case."""

from __future__ import annotations

import pytest

from tests.unit.extract_helpers import extract
from tests.unit.test_extract_measures import EXPOSURE_PLAN, plan_with


def scores(text: str, plan: object = None) -> list[tuple[str, float]]:
    return [(m.instrument, m.score) for m in extract(text, plan).measures]  # type: ignore[arg-type]


_SMALL_TALK = """
    C: Sure, give me a minute.
    T: Take your time, there's no rush.
    C: Okay, all done.
    T: Thanks. I'll total it shortly; first, catch me up on your week.
    C: Work was long. My brother visited on Sunday.
    T: And was it a good visit?
    C: Better than I expected. We cooked.
    T: What did you make?
    C: A stew. He brought the bread.
    T: That sounds like a good afternoon.
    C: It was. Then Monday came.
    T: What happened Monday?
    C: The usual rush at the office.
"""


def test_when_a_questionnaire_is_scored_many_turns_after_it_was_handed_over_then_its_total_is_found() -> None:
    text = (
        """
    T: To begin, please fill in the depression questionnaire, all nine items.
    """
        + _SMALL_TALK
        + """
    T: Right, time to total yours. Your score landed on twelve.
    C: Twelve. Hm.
    """
    )
    assert scores(text) == [("PHQ-9", 12.0)]


def test_when_a_group_form_is_scored_after_the_break_then_the_bare_number_given_to_the_client_is_found() -> (
    None
):
    text = (
        """
    T: Each of you has the form with seventeen items about social fears; please complete it.
    """
        + _SMALL_TALK
        + """
    T: Good to have everyone back. The forms are scored now. [CLIENT], here is your score. Twenty-two.
    C: Twenty-two. Okay.
    """
    )
    assert scores(text) == [("SPIN", 22.0)]


def test_when_a_handed_over_form_is_never_scored_then_a_later_number_is_not_its_total() -> None:
    text = (
        """
    T: Here is the anxiety questionnaire, the seven questions, fill it in while I get water.
    """
        + _SMALL_TALK
        + """
    T: So it's a four-hour shift now. That is a lot.
    C: Four hours, yes, and a twelve minute break.
    """
    )
    assert scores(text) == []


def test_when_the_form_was_already_scored_then_a_later_scoring_turn_does_not_add_a_second_total() -> None:
    text = (
        """
    T: The GAD-7 you finished totals nine.
    """
        + _SMALL_TALK
        + """
    T: Your brother scored cheap tickets? So each one works out to eleven dollars?
    C: Yes, eleven.
    """
    )
    assert scores(text) == [("GAD-7", 9.0)]


def test_when_a_subscale_sum_is_said_before_the_total_then_only_the_total_is_reported() -> None:
    text = (
        """
    T: Time for the Yale-Brown; I will read each question aloud.
    """
        + _SMALL_TALK
        + """
    T: Obsessions alone sum to ten. Compulsions alone sum to nine. Nineteen total.
    C: Nineteen.
    """
    )
    assert scores(text) == [("Y-BOCS", 19.0)]


def test_when_the_form_is_called_the_feelings_questionnaire_then_the_plans_measure_is_meant() -> None:
    text = """
    T: Now, your feelings questionnaire from the lobby. It totals seven.
    C: Is that good?
    """
    assert scores(text, plan_with({"PHQ-9": "monthly"})) == [("PHQ-9", 7.0)]


@pytest.mark.parametrize(
    ("said", "instrument", "score"),
    [
        ("the worry questionnaire, the sixteen questions", "PSWQ", 51.0),
        ("the trauma checklist", "PCL-5", 38.0),
        ("the panic severity scale", "PDSS", 12.0),
        ("the social anxiety inventory", "SPIN", 30.0),
        ("the drinking questionnaire", "AUDIT", 14.0),
        ("the craving scale", "PACS", 11.0),
        ("the postpartum depression scale", "EPDS", 13.0),
        ("the generalized anxiety scale", "GAD-7", 10.0),
    ],
)
def test_when_an_instrument_is_called_by_what_it_measures_then_it_is_recognised(
    said: str, instrument: str, score: float
) -> None:
    text = f"""
    T: Thanks for filling in {said} before we met. Your total is {score:.0f}.
    C: Okay.
    """
    assert scores(text) == [(instrument, score)]


def test_when_asked_how_sure_they_are_that_they_will_do_a_planned_step_then_it_is_a_scaling_answer() -> None:
    text = """
    T: From zero to ten, how certain are you that you will phone your sister by Friday?
    C: Maybe a seven.
    """
    assert scores(text) == [("Scaling question", 7.0)]


def test_when_asked_how_sure_they_are_that_a_feared_outcome_will_happen_then_it_is_no_measure() -> None:
    text = """
    T: From zero to ten, how certain are you that you will faint at the meeting?
    C: Like an eight.
    """
    assert scores(text) == []


def test_when_the_therapist_affirms_with_i_believe_it_then_the_ruler_that_follows_is_still_read() -> None:
    text = """
    C: Back then I planned every family party.
    T: I believe you. From zero to ten, how willing are you to bring the nerves along to the reunion?
    C: Hmm. Willing is different from wanting.
    T: Yes, it's about room for the nerves.
    C: Five, I'd say.
    """
    assert scores(text) == [("Scaling question", 5.0)]


def test_when_asked_how_nervous_they_think_they_will_look_then_the_prediction_is_no_measure() -> None:
    text = """
    T: Zero to a hundred, what is your anxiety at this moment?
    C: Sixty.
    T: And zero to a hundred, how anxious do you think you will appear to the audience?
    C: Eighty. I'll look terrified.
    """
    assert scores(text, EXPOSURE_PLAN) == [("SUDS", 60.0)]


def test_when_asked_how_nervous_someone_looked_on_the_video_then_the_rating_is_no_measure() -> None:
    text = """
    T: Watch the recording as an outsider would. Zero to a hundred, how nervous does the speaker seem?
    C: Honestly? Twenty. She looked fine.
    """
    assert scores(text, EXPOSURE_PLAN) == []


def test_when_a_volunteered_rating_is_hedged_and_repeated_then_one_rating_is_kept() -> None:
    text = """
    T: First, zero to ten, what is your fear level at this moment?
    C: A four.
    T: Okay. Start where the storm began.
    C: The wind got loud and the window shook.
    T: Keep going with the memory, you're doing it.
    C: And then the lights went out and I was so scared. It's about a seven. Possibly eight. Seven.
    """
    assert scores(text, EXPOSURE_PLAN) == [("SUDS", 4.0), ("SUDS", 7.0)]


def test_when_an_answer_adds_a_rating_under_another_condition_then_only_the_answer_counts() -> None:
    text = """
    T: Zero to ten, how confident do you feel about two gym visits before we meet again?
    C: Oh, a seven. If the office gets hectic, a three.
    """
    assert scores(text) == [("Scaling question", 7.0)]


def test_when_a_yes_or_no_request_names_willingness_after_a_ruler_then_its_reply_is_no_rating() -> None:
    text = """
    T: Zero to ten, how confident do you feel about keeping the new bedtime?
    C: Six.
    T: Would you be willing to charge the phone in the kitchen and read for a bit, say five pages?
    C: Five pages. Sure.
    """
    assert scores(text) == [("Scaling question", 6.0)]


def test_when_the_client_recalls_a_school_grade_out_of_ten_then_it_is_no_scaling_answer() -> None:
    text = """
    T: Your PHQ-9 totals nine.
    C: Nine. Good or bad? My teacher gave me an eight out of ten for spelling once.
    """
    assert scores(text) == [("PHQ-9", 9.0)]


def test_when_the_edinburgh_is_read_item_by_item_with_worded_answers_then_the_items_are_summed() -> None:
    # The published EPDS items and answers; items 1, 2 and 4 score 0-3 from the first answer, the rest 3-0.
    text = """
    T: Shall I read the Edinburgh postnatal scale out loud? It covers the past seven days.
    C: Please.
    T: Able to laugh and see the funny side of things?
    C: Definitely not so much now.
    T: Looked forward with enjoyment to things?
    C: Hardly at all, honestly.
    T: Blamed yourself unnecessarily when things went wrong?
    C: Not very often.
    T: Anxious or worried for no good reason?
    C: Hardly ever.
    T: Scared or panicky for no very good reason?
    C: Yes, quite a lot.
    T: Things have been getting on top of you?
    C: No, I've coped quite well mostly.
    T: So unhappy that you have had difficulty sleeping?
    C: Sometimes.
    T: Felt sad or miserable?
    C: Yes, quite often.
    T: So unhappy that you have been crying?
    C: No, never.
    T: And the thought of harming yourself has occurred to you?
    C: Never.
    T: Thank you, I'll score it afterwards.
    """
    # 2 + 3 + 1 + 1 + 3 + 1 + 2 + 2 + 0 + 0
    assert scores(text) == [("EPDS", 15.0)]


def test_when_an_item_answer_denies_a_number_then_the_denied_number_is_not_the_answer() -> None:
    text = """
    T: We'll go through the Edinburgh scale together, thinking of the past week.
    C: Okay.
    T: Able to laugh and see the funny side of things?
    C: Not quite so much now. Not zero, though.
    T: Looked forward with enjoyment to things?
    C: Rather less than I used to.
    T: Blamed yourself unnecessarily when things went wrong?
    C: Yes, some of the time.
    T: Anxious or worried for no good reason?
    C: No, not at all.
    T: Scared or panicky for no very good reason?
    C: No, not much.
    T: Things have been getting on top of you?
    C: Sometimes, yes.
    T: So unhappy that you have had difficulty sleeping?
    C: Not very often.
    T: Felt sad or miserable?
    C: Not very often.
    T: So unhappy that you have been crying?
    C: Only occasionally.
    T: And the thought of harming yourself has occurred to you?
    C: Hardly ever.
    T: Thanks for answering those.
    """
    # 1 + 1 + 2 + 0 + 1 + 2 + 1 + 1 + 1 + 1: the first answer is "not quite so much", not the zero denied
    assert scores(text) == [("EPDS", 11.0)]


@pytest.mark.parametrize(
    "said",
    ["your packs score", "the packs, the craving scale,"],
)
def test_when_the_craving_scale_is_said_as_it_sounds_then_it_is_recognised(said: str) -> None:
    text = f"""
    T: I've scored {said} from this morning. Your total is fifteen.
    C: Lower than before.
    """
    assert scores(text) == [("PACS", 15.0)]


def test_when_packs_means_cigarettes_then_no_craving_score_is_found() -> None:
    text = """
    T: How many packs did you smoke this week? You said twelve.
    C: Twelve, yes.
    """
    assert scores(text) == []
