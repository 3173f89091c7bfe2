"""Interventions that carry to unseen sessions: offers for later told in more ways, CBT for insomnia in
plain words, a loss or a weapon mentioned inside other work, steps of a safety plan, social-anxiety
exposure, psychoeducation for a caregiver, and a technique's name with "and" in it.

Fictional dialogues written from treatment-manual descriptions of each technique (Bootzin's stimulus
control, Spielman's sleep restriction, Marlatt's relapse prevention, Weissman's IPT, Stanley and Brown's
safety plan, Clark and Wells' cognitive therapy for social anxiety, Martell's behavioral activation),
not from any case.
"""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def names(facts_list: tuple[object, ...]) -> list[str]:
    return [getattr(f, "name") for f in facts_list]  # noqa: B009


# ------------------------------------------------------------------ offers for a later session


def test_when_an_offer_ends_with_a_bare_next_session_tag_then_it_is_only_proposed() -> None:
    facts = extract(
        """
T: About the evening rumination, I want to try a fixed worry period after dinner. Next session.
C: An appointment with my worries, then.
T: Something like that.
C: Okay.
"""
    )
    assert "Worry postponement" not in names(facts.interventions)
    assert "Worry postponement" in names(facts.proposed)


def test_when_the_therapist_would_like_to_teach_a_skill_next_time_then_it_is_only_proposed() -> None:
    facts = extract(
        """
T: Next time I'd like to teach you urge surfing, riding the craving like a wave until it passes.
C: Sounds odd but okay.
T: We'll give it a proper slot.
C: Fine.
"""
    )
    assert "Urge surfing" not in names(facts.interventions)
    assert "Urge surfing" in names(facts.proposed)


def test_when_a_network_of_supports_is_to_be_mapped_next_time_then_the_inventory_is_proposed() -> None:
    facts = extract(
        """
T: And next time I'd like to go through the people in your life, who is close and who has drifted.
C: That list is short these days.
T: Then we'll see where it could grow.
C: Okay.
"""
    )
    assert "Interpersonal inventory (IPT)" in names(facts.proposed)
    assert "Interpersonal inventory (IPT)" not in names(facts.interventions)


def test_when_an_attention_exercise_is_offered_for_next_week_then_it_is_only_proposed() -> None:
    facts = extract(
        """
T: Next week I want to teach the group how to shift your attention outward, on purpose, using sounds.
C: Like listening practice?
T: Sort of. We'll do it together here first.
C: Okay.
"""
    )
    assert "Attention training (CBT)" in names(facts.proposed)
    assert "Attention training (CBT)" not in names(facts.interventions)


def test_when_last_weeks_agreed_plan_is_asked_about_then_it_is_not_delivered_today() -> None:
    facts = extract(
        """
T: Last week we agreed on the pause plan and the anger log. How did those go?
C: I skipped both, honestly.
T: Thanks for saying so. What happened instead?
C: I just stewed.
"""
    )
    assert "Time-out" not in names(facts.interventions)
    assert "Anger management (CBT)" not in names(facts.interventions)


# ------------------------------------------------------------------ CBT for insomnia in plain words


def test_when_the_window_is_widened_from_the_diary_then_sleep_restriction_is_delivered() -> None:
    facts = extract(
        """
T: From your log, about six hours asleep out of six and a half in bed. That is over ninety percent.
C: So I earned something?
T: We can move bedtime fifteen minutes earlier. Your rise time stays fixed at six.
C: Eleven fifteen, then.
"""
    )
    assert "Sleep restriction (CBT-I)" in names(facts.interventions)


def test_when_bed_is_relinked_with_sleep_in_plain_words_then_stimulus_control_is_delivered() -> None:
    facts = extract(
        """
T: The bed is only for sleep. Lying there awake, your brain pairs the bed with being awake.
C: That's exactly what happens, I just lie there.
T: So, out of bed, a dull task in a dim light, and back only when you're sleepy.
C: Even at three in the morning?
T: Even then.
"""
    )
    assert "Stimulus control (CBT-I)" in names(facts.interventions)


# ------------------------------------------------------ a loss, naloxone, a weapon inside other work


def test_when_a_funeral_is_the_setting_of_a_lapse_chain_then_no_grief_work_is_reported() -> None:
    facts = extract(
        """
T: Let's trace the chain. You came from the funeral, you were grieving, and then an old friend offered.
C: Right after the service.
T: Where could you have broken the chain?
C: By leaving with my aunt instead of standing outside.
T: One drink doesn't erase your sober months. What would you do if it comes up again?
C: Walk back in and call my sponsor.
"""
    )
    found = names(facts.interventions)
    assert "Grief work (IPT)" not in found
    assert "Relapse prevention" in found


def test_when_the_relationship_with_the_one_who_died_is_revisited_then_grief_work_is_delivered() -> None:
    facts = extract(
        """
T: What do you suppose she would tell you about that night, if she were here?
C: That I worry too much. She always said that.
T: Tell me more about her, the everyday parts.
C: She sang while she cooked, off-key, every night.
"""
    )
    assert "Grief work (IPT)" in names(facts.interventions)


def test_when_naloxone_is_checked_during_a_safety_plan_review_then_it_is_part_of_the_review() -> None:
    facts = extract(
        """
T: Let's go through your safety plan together and see what needs updating.
C: Sure, it's on my phone.
T: Warning signs first. What would you add after last weekend?
C: Being alone after dark.
T: And your naloxone kit, is it still in the car?
C: Glovebox.
"""
    )
    found = names(facts.interventions)
    assert "Safety plan review" in found
    assert "Harm reduction" not in found


def test_when_a_firearm_is_kept_by_someone_else_then_safety_planning_not_acceptance_is_reported() -> None:
    facts = extract(
        """
T: The rifle. Would you be willing to have it somewhere else for a few weeks?
C: My cousin has a gun safe.
T: Could the rifle stay with your cousin starting tonight?
C: Yeah, he'd do that.
T: And if you climb to an eight, what will you do first?
C: Get out of the house and walk.
T: And the crisis line, nine eight eight, is in your phone?
C: It is now.
"""
    )
    found = names(facts.interventions)
    assert "Acceptance and willingness (ACT)" not in found
    assert "Safety planning" in found
    assert "Lethal means counseling" not in found


def test_when_a_written_plan_for_bad_nights_is_offered_for_later_then_safety_planning_is_proposed() -> None:
    facts = extract(
        """
T: Next session I'd like us to sit down and write out a plan for those bad nights, on paper.
C: Okay. I can do that.
T: Good.
C: Thanks.
"""
    )
    assert "Safety planning" in names(facts.proposed)
    assert "Safety planning" not in names(facts.interventions)


def test_when_a_distress_number_is_checked_mid_narrative_then_no_scaling_question_is_reported() -> None:
    facts = extract(
        """
T: Go on from when you heard the crash.
C: I ran to the window and the car was on its side.
T: What number are you at now?
C: Seven.
T: Stay with it. What happened next?
C: I went down to the street.
"""
    )
    assert "Scaling questions" not in names(facts.interventions)


# ------------------------------------------------------ social-anxiety exposure and psychoeducation


def test_when_a_talk_is_given_without_safety_behaviours_and_watched_back_then_exposure_is_delivered() -> None:
    facts = extract(
        """
T: This time you give the talk without your safety behaviours, no script. I'll record it on the laptop.
C: Okay, here goes.
T: Now we watch it as if it's a stranger on the screen. How nervous did she look, zero to a hundred?
C: Maybe twenty. I thought it would be eighty.
T: You predicted eighty. What does that tell you?
C: That how I feel isn't how I look.
"""
    )
    found = names(facts.interventions)
    assert "In vivo exposure" in found
    assert "Cognitive restructuring" in found


def test_when_an_attention_instruction_is_part_of_an_exposure_then_it_is_not_a_separate_technique() -> None:
    facts = extract(
        """
T: Before the exposure, shift your attention outward to our faces and the topic, not to your heartbeat.
C: Outward. Got it.
T: Now let's do the exposure, a short talk, and drop your safety behaviours.
C: Okay.
T: Zero to a hundred, where are you now?
C: About fifty.
"""
    )
    found = names(facts.interventions)
    assert "In vivo exposure" in found
    assert "Attention training (CBT)" not in found


def test_when_a_caregiver_is_told_how_a_symptom_works_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: When memory gets weaker, a string of questions feels like an exam, and it's natural to feel cornered.
C2: So I should stop asking him things?
T: Ask, but offer the answer with it, like a reminder.
C2: I can try that.
C: That would be a relief, frankly.
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_the_activity_mood_link_is_drawn_then_behavioral_activation_is_delivered() -> None:
    facts = extract(
        """
T: When you do things you enjoy, even small ones, your mood tends to lift. Which days could work?
C: Monday and Thursday, before it gets hot.
T: Monday and Thursday, then.
C: Okay.
"""
    )
    assert "Behavioral activation" in names(facts.interventions)


def test_when_a_single_remark_about_many_people_is_made_then_psychoeducation_is_not_delivered() -> None:
    facts = extract(
        """
T: Lots of people who move cities lose touch with old friends.
C: I guess.
T: Who do you still talk to?
C: My cousin, mostly.
"""
    )
    assert "Psychoeducation" not in names(facts.interventions)


def test_when_the_values_worksheet_is_linked_to_an_action_then_values_clarification_is_delivered() -> None:
    facts = extract(
        """
T: What you did with your nephew connects to your values sheet, being the uncle who shows up.
C: I hadn't thought of it like that.
T: What matters most to you about being that uncle?
C: That he knows someone is in his corner.
"""
    )
    assert "Values clarification (ACT)" in names(facts.interventions)


# ------------------------------------------------------------------ a technique's name with "and" in it


def test_when_a_named_technique_has_and_in_its_name_then_it_is_one_technique_not_its_first_word() -> None:
    facts = extract(
        """
T: I want to try something for the tightness. It's called tension and trauma releasing exercises.
C: Never heard of it.
T: First a few stretches, then lie back and let the legs shake by themselves. Keep going.
C: They're shaking.
T: Let them. Nice and slow, keep breathing.
C: Strange, but I feel looser.
"""
    )
    found = names(facts.interventions)
    assert "Tension" not in found
    assert "Tension and trauma releasing exercises" in found
