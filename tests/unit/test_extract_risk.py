"""Risk: voiced by the client (or a parent about the child); asked only when asked, denied when denied."""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def test_when_client_voices_a_passive_death_wish_then_risk_is_present_and_not_asked() -> None:
    risk = extract(
        """
T: What happened on the mornings you stayed in bed?
C: Honestly, some mornings I think it wouldn't be the worst thing if I just didn't wake up. But anyway.
T: The mornings are really hard right now.
"""
    ).risk
    assert risk.present
    assert risk.kinds == ("passive SI",)
    assert risk.evidence == (1,)
    assert not risk.asked
    assert not risk.denied


def test_when_session_has_no_risk_language_then_risk_is_absent() -> None:
    risk = extract("T: How was the week?\nC: Pretty good. Work was calmer.").risk
    assert not risk.present
    assert risk.kinds == ()
    assert risk.evidence == ()
    assert not risk.asked
    assert not risk.denied


def test_when_client_uses_idioms_then_they_are_not_risk() -> None:
    risk = extract(
        """
C: My mom would kill me if I missed dinner again.
C: I was so embarrassed at the meeting I wanted to die.
C: I'm dead tired, and this commute is killing me.
"""
    ).risk
    assert not risk.present


def test_when_panic_brings_fear_of_dying_then_it_is_not_suicidal_ideation() -> None:
    risk = extract(
        "C: My chest got tight and I honestly thought I was going to die. Like, this is the heart attack."
    ).risk
    assert not risk.present


def test_when_intrusive_harm_thought_comes_with_no_urge_then_it_is_not_risk() -> None:
    risk = extract(
        """
T: Tell me about the intrusive thoughts this week.
C: I keep getting a thought of stabbing my husband while I cook. I would never do it, it horrifies me.
"""
    ).risk
    assert not risk.present


def test_when_another_group_member_voices_suicidal_thoughts_then_it_is_not_this_clients_risk() -> None:
    risk = extract(
        """
T: Let's go around. How was everyone's week?
C2: Honestly, some days I want to kill myself.
C: My week was okay.
"""
    ).risk
    assert not risk.present


def test_when_parent_reports_the_minor_clients_death_wish_then_risk_is_present() -> None:
    risk = extract(
        """
T: How has the week been at home?
P: Hard. She told me on Wednesday that she wishes she was dead.
"""
    ).risk
    assert risk.present
    assert risk.kinds == ("passive SI",)
    assert risk.evidence == (1,)


def test_when_client_is_asked_and_denies_then_denied_is_recorded() -> None:
    risk = extract(
        """
T: Before we wrap up, any thoughts of suicide or of hurting yourself since we last met?
C: No. None of that.
"""
    ).risk
    assert risk.asked
    assert risk.asked_evidence == (0,)
    assert risk.denied
    assert {"suicidal ideation", "self-harm"} <= set(risk.denied_topics)
    assert not risk.present


def test_when_nobody_asks_then_the_client_never_denies() -> None:
    risk = extract("T: How was school?\nC: No, it was fine. Nothing happened.").risk
    assert not risk.asked
    assert not risk.denied
    assert risk.denied_topics == ()


def test_when_phq9_item_9_is_endorsed_then_risk_is_present_and_plan_and_intent_denials_stand() -> None:
    risk = extract(
        """
T: On the question about being better off dead, you marked "several days." Can you tell me about that?
C: Some nights I think my family would be better off with the insurance than with me.
T: Do those thoughts ever go further, to thoughts of ending your life, or how you might do it?
C: No. No plan, nothing like that.
T: Any intention of acting on those thoughts?
C: No. I wouldn't.
"""
    ).risk
    assert risk.present
    assert risk.kinds == ("passive SI",)
    assert risk.evidence == (0, 1)
    assert risk.asked
    assert not risk.denied  # passive ideation was endorsed: a note must not say "denied SI"
    assert {"plan", "intent"} <= set(risk.denied_topics)
    assert "suicidal ideation" not in risk.denied_topics


def test_when_client_reports_cutting_then_self_harm_is_present() -> None:
    risk = extract("T: Did you act on the urges?\nC: Yeah. I cut myself Tuesday night, on my arm.").risk
    assert risk.present
    assert risk.kinds == ("self-harm",)


def test_when_client_states_a_suicide_method_then_active_si_is_present() -> None:
    risk = extract("C: I've thought about taking all my pills. I had them in my hand on Saturday.").risk
    assert risk.present
    assert "active SI" in risk.kinds


def test_when_client_negates_a_risk_phrase_then_it_is_not_a_statement() -> None:
    risk = extract("C: I'm not going to kill myself, I just feel stuck.").risk
    assert not risk.present


def test_when_client_voices_anger_about_the_past_then_it_is_not_intent_to_harm() -> None:
    assert not extract("C: I wanted to punch him in the face when he said that.").risk.present


def test_when_client_states_intent_to_harm_someone_then_harm_to_others_is_present() -> None:
    risk = extract("C: If he shows up at my door again, I'm going to hurt him.").risk
    assert risk.kinds == ("harm to others",)


def test_when_client_tells_self_injury_by_its_method_then_self_harm_is_present() -> None:
    risk = extract(
        """
T: What do you do when the feeling gets that big?
C: I take a razor from the bathroom cabinet. I make little marks on my thighs where nobody looks.
"""
    ).risk
    assert risk.present
    assert "self-harm" in risk.kinds
    assert risk.evidence == (1,)


def test_when_parent_describes_injuries_on_the_child_then_self_harm_is_present() -> None:
    risk = extract(
        """
T: What did you notice?
P: When he rolled up his sleeves I saw scars all along his forearms, and a blade hidden in his pencil case.
"""
    ).risk
    assert risk.present
    assert risk.kinds == ("self-harm",)


def test_when_an_injury_was_an_accident_then_it_is_not_self_harm() -> None:
    risk = extract("C: I burned my arm on the oven door while cooking, it left a mark on my skin.").risk
    assert not risk.present


def test_when_client_says_others_would_be_freer_if_they_were_gone_then_passive_si() -> None:
    risk = extract("C: Honestly my kids would be happier if I was gone, they'd have one less problem.").risk
    assert risk.present
    assert risk.kinds == ("passive SI",)


def test_when_client_describes_gathering_pills_then_active_si() -> None:
    risk = extract("C: I've been saving up my sleeping pills in a drawer, just in case.").risk
    assert risk.present
    assert risk.kinds == ("active SI",)


def test_when_client_threatens_a_named_person_in_anger_then_harm_to_others() -> None:
    risk = extract(
        "C: He's going to regret it. I know where [PERSON_2] lives and I will make sure he pays."
    ).risk
    assert risk.present
    assert "harm to others" in risk.kinds


def test_when_language_is_only_possibly_risk_then_review_without_statement_and_no_denial() -> None:
    risk = extract(
        """
T: Have you had any thoughts of suicide?
C: No, never.
C: I just feel like such a burden to my family lately.
"""
    ).risk
    assert not risk.present
    assert risk.review_kinds == ("passive SI",)
    assert risk.review_evidence == (2,)
    assert risk.asked
    assert not risk.denied  # the screen is unsure: nothing may be reported as denied
    assert risk.denied_topics == ()


def test_when_self_injury_is_disclosed_and_item_9_endorsed_then_no_suicidal_ideation_is_inferred() -> None:
    risk = extract(
        """
T: On the last item, thoughts that you'd be better off dead or of hurting yourself, you marked several days.
C: That's because of the cutting. I cut on my arms when I'm upset. I don't want to die.
"""
    ).risk
    assert risk.present
    assert "self-harm" in risk.kinds
    assert "passive SI" not in risk.kinds
    assert "active SI" not in risk.kinds


def test_when_questionnaire_item_on_death_is_read_aloud_then_risk_was_asked() -> None:
    risk = extract(
        """
T: And the last one. Thoughts that you would be better off dead, or of hurting yourself in some way.
C: Not at all.
"""
    ).risk
    assert risk.asked


def test_when_client_would_rather_be_dead_or_thinks_of_ending_things_then_si() -> None:
    assert extract("C: Some days I'd rather be dead than keep doing this.").risk.kinds == ("passive SI",)
    assert extract("C: Lately I've been thinking about ending things.").risk.kinds == ("active SI",)


def test_when_client_says_he_will_run_someone_over_then_harm_to_others() -> None:
    risk = extract("C: If I see [PERSON_3] in the lot again I'm going to run him over.").risk
    assert risk.kinds == ("harm to others",)


def test_when_client_imagines_being_gone_as_a_kindness_then_clinician_review_is_required() -> None:
    risk = extract(
        """
T: What goes through your mind at night?
C: That everyone would cope fine if I were gone for good. The best thing might be me not being around.
"""
    ).risk
    assert not risk.present  # not stated outright: the note does not document ideation on its own
    assert risk.review_kinds == ("passive SI",)
    assert risk.review_evidence == (1,)
    assert not risk.denied


def test_when_client_tells_self_injury_by_an_isas_behaviour_then_self_harm_is_stated() -> None:
    for said in (
        "C: When it gets bad I press a lighter to my wrist until it leaves a mark.",
        "C: I keep reopening my cuts so they scar.",
        "C: Last night I swallowed some bleach from under the sink.",
        "C: I had really strong urges to cut again on Tuesday.",
        "C: I stuck a safety pin into my thigh during class.",
    ):
        risk = extract(said).risk
        assert risk.present, said
        assert "self-harm" in risk.kinds, said


def test_when_client_describes_preparation_or_method_then_active_si_is_stated() -> None:
    for said in (
        "C: I've been stockpiling my sleeping pills in a sock drawer.",
        "C: I looked up online how many tablets would be a lethal dose.",
        "C: I've been having suicidal thoughts most nights.",
        "C: I sat in the car and held the gun to my head.",
    ):
        risk = extract(said).risk
        assert risk.present, said
        assert "active SI" in risk.kinds, said


def test_when_client_hopes_not_to_wake_or_to_stop_existing_then_passive_si_is_stated() -> None:
    for said in (
        "C: Every night I pray I don't wake up.",
        "C: Part of me just wants to stop existing, honestly.",
        "C: I wouldn't care if I died tomorrow.",
    ):
        risk = extract(said).risk
        assert risk.present, said
        assert "passive SI" in risk.kinds, said


def test_when_client_threatens_a_named_person_with_a_plan_then_harm_to_others_is_stated() -> None:
    risk = extract("C: I'm planning to jump him after his shift, and I'll bring my knife to work.").risk
    assert risk.present
    assert "harm to others" in risk.kinds


def test_when_client_answers_yes_to_a_screening_question_then_the_asked_kind_is_stated() -> None:
    risk = extract(
        """
T: In the past few weeks, have you had thoughts of killing yourself?
C: Yeah. Most nights, when I can't sleep.
T: How often does that happen?
C: Four or five nights out of seven, lately.
"""
    ).risk
    assert risk.present
    assert risk.kinds == ("active SI",)
    assert risk.evidence == (1, 3)
    assert not risk.denied


def test_when_client_hedges_about_thoughts_of_death_then_it_is_held_for_review_not_stated() -> None:
    risk = extract(
        """
T: Do you ever have thoughts of death or dying?
C: Maybe. I don't know.
"""
    ).risk
    assert not risk.present
    assert risk.review_evidence == (1,)
    assert not risk.denied


def test_when_client_hints_at_an_interrupted_attempt_then_it_is_held_for_review() -> None:
    risk = extract(
        "C: My roommate walked in on me before I could go through with it, the pills on the table."
    ).risk
    assert not risk.present
    assert risk.review_evidence == (0,)


def test_when_client_hints_at_saying_goodbye_then_it_is_held_for_review() -> None:
    risk = extract("C: I've been putting my affairs in order and said my goodbyes.").risk
    assert not risk.present
    assert risk.review_evidence == (0,)


def test_when_client_uses_violent_or_dying_idioms_then_nothing_is_stated_or_reviewed() -> None:
    risk = extract(
        """
C: I could kill him for eating my fries.
C: I was dying of embarrassment in that meeting.
C: I could have slapped myself for forgetting her birthday.
"""
    ).risk
    assert not risk.present
    assert risk.review_evidence == ()


def test_when_client_fears_an_accidental_overdose_then_it_is_not_risk() -> None:
    risk = extract(
        "C: Anyone who uses worries about overdosing by accident. I carry naloxone in case someone is OD-ing."
    ).risk
    assert not risk.present
    assert risk.review_evidence == ()


def test_when_client_hurts_themself_by_accident_then_it_is_not_self_harm() -> None:
    for said in (
        "C: I cut myself shaving this morning.",
        "C: I accidentally burned my hand on the stove.",
        "C: I'm scared I'll fall and hurt myself on the ice.",
    ):
        risk = extract(said).risk
        assert not risk.present, said


def test_when_panic_brings_fear_of_dying_then_no_review_is_raised() -> None:
    risk = extract("C: My heart was pounding and I was convinced I was about to die right there.").risk
    assert not risk.present
    assert risk.review_evidence == ()


def test_when_intrusive_urge_thought_is_unwanted_then_a_yes_to_the_screen_is_not_risk() -> None:
    risk = extract(
        """
T: These intrusive images of hurting someone, do they come with any intent to harm anyone?
C: Yeah the images come, but I would never act on them, they horrify me.
"""
    ).risk
    assert not risk.present


def test_when_client_denies_a_screening_question_then_no_follow_up_line_is_taken() -> None:
    risk = extract(
        """
T: Have you had any thoughts of hurting yourself?
C: No, not at all.
T: How long have you been feeling this low?
C: About a month.
"""
    ).risk
    assert not risk.present
    assert risk.evidence == ()
    assert risk.denied


def test_when_client_agrees_with_a_reflection_of_suicidal_thoughts_then_it_is_held_for_review() -> None:
    risk = extract(
        """
T: So on the worst nights you've been thinking about killing yourself.
C: Yeah.
"""
    ).risk
    assert not risk.present
    assert risk.review_evidence == (1,)
    assert not risk.denied


def test_when_client_voices_thoughts_of_killing_themself_then_harm_to_others_is_not_read() -> None:
    risk = extract("C: I was thinking about killing myself again last week.").risk
    assert risk.present
    assert "harm to others" not in risk.kinds


def test_when_parent_says_the_child_wants_to_hurt_herself_then_it_is_self_harm_not_harm_to_others() -> None:
    risk = extract(
        """
T: What worries you most right now?
P: She told me she wants to hurt herself when the kids at school pile on.
"""
    ).risk
    assert "self-harm" in risk.kinds
    assert "harm to others" not in risk.kinds


def test_when_client_hides_marks_under_long_sleeves_then_it_is_held_for_review() -> None:
    risk = extract("C: I wear long sleeves even in summer so nobody sees the marks.").risk
    assert not risk.present
    assert risk.review_kinds == ("self-harm",)


def test_when_client_wants_a_named_person_dead_in_anger_then_it_is_held_for_review() -> None:
    risk = extract("C: After what [PERSON_2] did to my sister, honestly I want him dead.").risk
    assert not risk.present
    assert risk.review_kinds == ("harm to others",)
