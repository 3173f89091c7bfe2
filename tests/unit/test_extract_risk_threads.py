"""Risk disclosures told over several turns: the follow-up answers, a parent's answers about a minor, a
continuation after a reflection, self-injury told across one exchange, a question naming the method.
Dialogues are invented for these tests from C-SSRS, ISAS and safety-planning (Stanley & Brown) wording."""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def test_when_the_therapist_asks_follow_up_questions_then_the_short_answers_join_the_disclosure() -> None:
    risk = extract(
        """
        T: How have the evenings been?
        C: Bad. I've been hurting myself again.
        T: Thank you for telling me. How often has it happened?
        C: Maybe three times.
        T: Where on your body?
        C: The tops of my legs.
        T: And what do you usually do it with?
        C: A pencil sharpener blade.
        """
    ).risk
    assert risk.kinds == ("self-harm",)
    assert {1, 3, 5, 7} <= set(risk.evidence)


def test_when_a_parent_answers_the_follow_up_questions_then_the_answers_join_the_disclosure() -> None:
    risk = extract(
        """
        P: I found burn marks on his forearm last weekend.
        T: That must have been hard to see. When did you first notice anything?
        P: About a month ago, there was a bandage he would not explain.
        T: Does anyone else in the family know?
        P: Only his older sister.
        """
    ).risk
    assert risk.present
    assert {0, 2, 4} <= set(risk.evidence)


def test_when_the_therapist_only_reflects_then_the_next_turn_goes_on_telling_the_disclosure() -> None:
    risk = extract(
        """
        C: Some mornings I wish I just didn't wake up.
        T: That sounds like a heavy way to start the day.
        C: It is. I lie there and nothing feels worth getting up for.
        T: It sounds exhausting.
        C: I also started painting again on weekends.
        """
    ).risk
    assert 0 in risk.evidence
    assert 2 in risk.evidence
    assert 4 not in risk.evidence


def test_when_the_therapist_changes_the_topic_then_later_answers_stay_out_of_the_disclosure() -> None:
    risk = extract(
        """
        C: I've been cutting my arm when things get bad.
        T: Thank you for telling me. How long has that been going on?
        C: Since spring.
        T: Let's look at your homework from last week. How many times did you practise?
        C: Four times, mostly in the evening.
        """
    ).risk
    assert {0, 2} <= set(risk.evidence)
    assert 4 not in risk.evidence


def test_when_the_reply_only_assents_to_a_safety_step_then_it_is_not_part_of_the_disclosure() -> None:
    risk = extract(
        """
        C: Last week I thought everyone would be better off without me.
        T: If those thoughts get stronger, will you call the crisis line?
        C: Yeah. I can do that.
        """
    ).risk
    assert 0 in risk.evidence
    assert 2 not in risk.evidence


def test_when_the_method_and_the_body_site_come_in_two_answers_then_it_is_self_injury() -> None:
    risk = extract(
        """
        T: What happened after the argument?
        C: I locked my door and I used a razor.
        T: Where?
        C: On my thighs, where nobody looks.
        """
    ).risk
    assert risk.kinds == ("self-harm",)
    assert {1, 3} <= set(risk.evidence)


def test_when_an_accident_is_told_over_two_turns_then_it_is_not_self_injury() -> None:
    risk = extract(
        """
        C: I was cooking and the knife slipped.
        T: Oh no, where?
        C: On my hand, it needed a bandage.
        """
    ).risk
    assert not risk.present


def test_when_asked_about_cutting_by_its_name_a_yes_is_a_self_harm_disclosure() -> None:
    risk = extract(
        """
        T: Have you been cutting again?
        C: Yes, twice this week.
        """
    ).risk
    assert risk.asked
    assert risk.kinds == ("self-harm",)
    assert 1 in risk.evidence


def test_when_asked_about_cutting_back_on_something_it_is_not_a_risk_question() -> None:
    risk = extract(
        """
        T: Did you cut back on coffee?
        C: Yes, one cup a day now.
        """
    ).risk
    assert not risk.asked
    assert not risk.present
