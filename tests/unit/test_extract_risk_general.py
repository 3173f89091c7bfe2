"""Risk told in ways that carry to unseen sessions: self-injury by an object and the injury it leaves
(ISAS: rubbing the skin, said with the generic "you"), the turn that opened a disclosure the therapist
asked to hear more about, a "no" that only narrows the answer (C-SSRS: wish to be dead, not active
thoughts), a threat toward a named person followed by threat-assessment questions, an item score read back
and asked about; and what is not the client's risk: another person's history told by the client, and an
intrusive image of harm the client does not want (OCD / postpartum). Dialogues are invented for these tests
from C-SSRS, ISAS, threat-assessment and intrusive-thought wording."""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def test_when_the_client_rubs_an_object_on_their_arm_until_it_burns_then_it_is_self_harm() -> None:
    risk = extract(
        """
        T: What do you do when the bad feeling comes at night?
        C: I take a rubber eraser and I rub it on my wrist. Until it burns.
        T: Thank you for telling me.
        """
    ).risk
    assert risk.present
    assert risk.kinds == ("self-harm",)
    assert 1 in risk.evidence


def test_when_the_client_tells_their_method_with_the_generic_you_then_it_is_self_harm() -> None:
    risk = extract(
        """
        T: How does it go, when you do it?
        C: You take the sandpaper and you scrub it on your leg. Really hard, till it bleeds.
        T: That sounds like it hurts a lot.
        """
    ).risk
    assert risk.present
    assert "self-harm" in risk.kinds
    assert 1 in risk.evidence


def test_when_the_generic_you_talks_about_a_chore_then_it_is_not_self_harm() -> None:
    risk = extract(
        """
        T: What did you do on Saturday?
        C: Sanded the old table. You rub the sandpaper along the grain, then you wipe it down.
        T: Sounds like a good project.
        """
    ).risk
    assert not risk.present
    assert risk.review_kinds == ()


def test_when_the_therapist_asks_to_hear_more_then_the_turn_that_raised_it_opens_the_disclosure() -> None:
    risk = extract(
        """
        T: What helps you get through the evenings?
        C: Sometimes I do the lighter thing.
        T: Tell me about the lighter thing.
        C: I hold the lighter to my forearm until it blisters.
        T: Can you show me where?
        C: Here, and here. These two are new.
        T: When did you start?
        C: In the winter. Maybe five times.
        """
    ).risk
    assert risk.kinds == ("self-harm",)
    assert {1, 3, 5, 7} <= set(risk.evidence)


def test_when_the_turn_before_a_request_to_say_more_only_assents_then_it_stays_out() -> None:
    risk = extract(
        """
        T: Shall we talk about the weekend?
        C: Okay.
        T: Tell me about that.
        C: I cut my arm with a razor on Saturday night.
        """
    ).risk
    assert risk.present
    assert 3 in risk.evidence
    assert 1 not in risk.evidence


def test_when_a_no_only_narrows_the_answer_then_it_joins_the_disclosure() -> None:
    risk = extract(
        """
        C: Some nights I wish I could go to sleep and never wake up.
        T: Thank you. Is it wishing you were not here, or have you thought about killing yourself?
        C: No. No, just the not waking up part. Like everything being quiet for good.
        T: Have you made any kind of plan?
        C: No. Never.
        """
    ).risk
    assert "passive SI" in risk.kinds
    assert {0, 2} <= set(risk.evidence)
    assert 4 not in risk.evidence
    assert not risk.denied


def test_when_a_no_only_denies_a_plan_then_what_the_client_says_it_was_joins() -> None:
    risk = extract(
        """
        C: Honestly I have thought it would be a relief if I didn't wake up.
        T: When that thought comes, do you think about how you might end your life?
        C: No. No plan at all. It was more like wanting to be switched off for a while.
        """
    ).risk
    assert risk.present
    assert {0, 2} <= set(risk.evidence)


def test_when_the_therapist_asks_about_a_threat_toward_a_named_person_then_the_answers_join() -> None:
    risk = extract(
        """
        C: If my landlord shuts the heat off again, I'm going to put him in the hospital.
        T: I take that seriously. Are you planning to go after him?
        C: I'm not saying tonight. But if he does it again I can't say what I'd do.
        T: What was in your head when you walked past his office?
        C: Just staring at the door. Like, I could finish him.
        T: What weapons do you have at home?
        C: A hunting knife in the garage.
        T: Let's look at your homework from last week.
        C: I did the breathing twice.
        """
    ).risk
    assert "harm to others" in risk.kinds
    assert {0, 2, 4, 6} <= set(risk.evidence)
    assert 8 not in risk.evidence


def test_when_the_therapist_reads_back_an_item_and_asks_to_talk_about_it_then_the_answer_joins() -> None:
    risk = extract(
        """
        C: I filled it in before I came.
        T: On the last one, better off dead, you marked more than half the days. Talk to me about that one.
        C: Mostly Sunday nights. I sat in the car in the garage and thought about not going back inside.
        T: Were you thinking about killing yourself?
        C: Yeah. I think I was.
        """,
    ).risk
    assert risk.present
    assert {2, 4} <= set(risk.evidence)


def test_when_a_reflection_points_back_to_the_screening_question_then_the_reply_joins() -> None:
    risk = extract(
        """
        C: Some nights I think everyone would be better off without me.
        T: How often does that come?
        C: A few nights a week.
        T: Thank you. On the form you circled zero on that question.
        C: I know. I did not want it to turn into a big deal. It comes and goes.
        """
    ).risk
    assert {0, 2, 4} <= set(risk.evidence)


def test_when_the_client_tells_a_relatives_overdose_then_it_is_not_the_clients_risk() -> None:
    risk = extract(
        """
        C: My aunt had a hard time after her divorce. She took a whole bottle of pills one night.
        T: That must have been frightening to hear about. Have you had thoughts like that yourself?
        C: No. I'm sad a lot, but not that.
        """
    ).risk
    assert not risk.present
    assert risk.kinds == ()


def test_when_the_client_tells_their_own_overdose_after_naming_a_relative_then_it_is_risk() -> None:
    risk = extract(
        """
        C: My brother found me. I took a whole bottle of pills that night.
        T: Thank you for telling me.
        """
    ).risk
    assert risk.present
    assert "active SI" in risk.kinds


def test_when_the_client_says_others_would_be_better_off_without_them_then_it_stays_risk() -> None:
    risk = extract(
        """
        C: They would all be better off without me, honestly.
        T: That sounds really heavy.
        """
    ).risk
    assert risk.present
    assert "passive SI" in risk.kinds


def test_when_a_new_mother_has_an_unwanted_image_of_harm_she_does_not_want_then_it_is_not_risk() -> None:
    risk = extract(
        """
        C: When I bathe her I get a flash of me letting go and her slipping under. I'd never. It horrifies me.
        T: Thank you for telling me. Is there any part of you that wants to?
        C: No. Never. It just shows up and I hate it.
        """
    ).risk
    assert not risk.present


def test_when_a_child_tells_a_parent_about_rubbing_an_eraser_on_their_arm_then_it_is_self_harm() -> None:
    risk = extract(
        """
        T: Is there something you wanted to tell your mom?
        C: Mom, when I can't sleep I rub the eraser on my arm. Till it burns.
        P: Oh, sweetheart. Let me see.
        """
    ).risk
    assert risk.present
    assert "self-harm" in risk.kinds
    assert 1 in risk.evidence


def test_when_the_client_reports_what_a_relative_said_then_it_is_not_the_clients_risk() -> None:
    risk = extract(
        """
        C: My sister keeps saying what's the point of living, ever since the layoffs.
        T: How is it for you, hearing that from her?
        C: Hard. I worry about her a lot.
        """
    ).risk
    assert not risk.present


def test_when_no_risk_was_disclosed_then_a_narrowing_no_is_still_a_denial() -> None:
    risk = extract(
        """
        T: Have you had any thoughts of killing yourself?
        C: No, just tired from the new job.
        """
    ).risk
    assert not risk.present
    assert risk.denied
    assert "suicidal ideation" in risk.denied_topics
