"""Risk told over two or three turns: a screening statement, a short question pointing back to it, and
the client's answer after a filler. Dialogues are invented for these tests from C-SSRS and ASQ wording."""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def test_when_a_screening_statement_is_followed_by_a_short_question_then_a_yes_is_a_disclosure() -> None:
    risk = extract(
        """
        T: When people feel this low, some of them have thoughts of ending their life.
        C: Mm.
        T: Has that been true for you lately?
        C: Yeah. A few times.
        """
    ).risk
    assert risk.present
    assert risk.asked
    assert "active SI" in risk.kinds
    assert 3 in risk.evidence


def test_when_the_client_says_a_filler_before_answering_then_the_answer_is_read() -> None:
    risk = extract(
        """
        T: Some people in this much pain hurt themselves on purpose.
        T: Is that something you have done?
        C: Um.
        T: Take your time.
        C: A few times, yes.
        """
    ).risk
    assert risk.kinds == ("self-harm",)
    assert risk.evidence == (4,)


def test_when_the_client_denies_a_question_asked_over_two_turns_then_the_denial_names_the_topic() -> None:
    risk = extract(
        """
        T: Some people in your situation have thoughts of suicide.
        C: Okay.
        T: Have you had anything like that?
        C: No, never.
        """
    ).risk
    assert risk.asked
    assert not risk.present
    assert risk.denied_topics == ("suicidal ideation",)


def test_when_the_short_question_only_checks_understanding_then_a_yes_is_not_a_disclosure() -> None:
    risk = extract(
        """
        T: Depression can bring thoughts of death, and that is a symptom we can treat.
        T: Does that make sense?
        C: Yes.
        """
    ).risk
    assert not risk.present
    assert not risk.review_kinds


def test_when_the_client_prays_to_be_taken_in_their_sleep_then_it_is_passive_ideation() -> None:
    risk = extract("C: Some nights I pray the Lord just takes me in my sleep.").risk
    assert risk.kinds == ("passive SI",)
