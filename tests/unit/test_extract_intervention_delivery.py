"""Interventions: what counts as done in the room, told apart from plans, home practice and asides.

Fictional dialogues written from how the techniques are delivered (psychoeducation in plain words,
problem-solving steps) and from how therapists talk about work outside the session.
"""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def names(facts_list: tuple[object, ...]) -> list[str]:
    return [getattr(f, "name") for f in facts_list]  # noqa: B009


def test_when_body_response_is_explained_in_plain_words_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: When you get scared, your heart speeds up and your breathing gets shallow.
C: That is exactly what it feels like on the train.
T: That's your body's way of getting you ready to run from danger, even when there is none.
C: So nothing is actually wrong with my heart?
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_threat_system_is_described_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: There is a part of the brain that works like a smoke detector, and yours is set very sensitive.
C: It goes off at burnt toast.
T: Right, and the body can't tell the difference between burnt toast and a real fire.
C: That makes sense of the racing.
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_a_body_question_is_only_asked_then_psychoeducation_is_not_delivered() -> None:
    facts = extract(
        """
T: When you're anxious at the shop, what do you notice first?
C: My hands go cold.
T: And after that?
C: I leave the queue.
"""
    )
    assert "Psychoeducation" not in names(facts.interventions)


def test_when_a_technique_is_announced_for_the_next_meeting_then_it_is_only_proposed() -> None:
    facts = extract(
        """
T: We're going to start building a list of feared situations when we meet again.
C: Like the lift and the bus?
T: Yes. We'll rank each one by how much distress it brings, and use the ladder at our next session.
C: Okay, I can think about what goes on it.
"""
    )
    assert names(facts.interventions) == []


def test_when_a_skill_is_handed_over_for_later_use_then_it_is_not_delivered() -> None:
    facts = extract(
        """
T: The next time the urge shows up, you could try riding the urge like a wave until it crests.
C: I'll give it a go.
T: Whenever it gets strong, you can use that, and we'll hear how it went.
C: Fine.
"""
    )
    assert "Urge surfing" not in names(facts.interventions)


def test_when_client_used_a_skill_at_home_then_it_is_a_review_not_therapist_guided() -> None:
    facts = extract(
        """
T: So you did the grounding at work on Tuesday, when the meeting got heated?
C: Yes, I named five things I could see and four I could touch.
T: And over the weekend you used the five senses again on your own?
C: Twice, and it took the edge off.
T: How has the grounding been going otherwise?
C: Better than I expected.
"""
    )
    assert "Grounding" not in names(facts.interventions)


def test_when_grounding_is_done_in_the_room_after_a_review_then_it_is_delivered() -> None:
    facts = extract(
        """
T: Last week we practiced grounding. Let's do it together right now.
C: Okay.
T: Name five things you can see in this room.
C: The lamp, the rug, the clock, the plant, your notebook.
T: Now four things you can touch, and notice your feet on the floor.
C: The chair arm, my jeans, my sleeve, the cushion.
"""
    )
    assert "Grounding" in names(facts.interventions)


def test_when_a_joke_says_problem_solved_then_problem_solving_is_not_delivered() -> None:
    facts = extract(
        """
C: I just won't answer the phone for a month.
T: Ha, problem solved. What else could you try?
C: I could let it go to voicemail and call back after lunch.
T: Problem solved, then, and a backup plan too.
C: Exactly.
"""
    )
    assert "Problem-solving" not in names(facts.interventions)


def test_when_options_are_generated_and_weighed_then_problem_solving_is_delivered() -> None:
    facts = extract(
        """
T: Let's come up with as many options as we can for the rent, with no judging yet.
C: Ask for a payment plan, borrow from my sister, pick up weekend shifts.
T: Now the pros and cons of each, and which seems most realistic this month.
C: The payment plan, I think.
T: How will you know if it worked?
C: If the landlord agrees in writing by Friday.
"""
    )
    assert "Problem-solving" in names(facts.interventions)


def test_when_a_conditional_plan_is_set_for_now_then_the_technique_is_delivered() -> None:
    facts = extract(
        """
T: What we'd do right now is tense each muscle group and let it go. Make fists, squeeze tight, hold, and \
now release and notice the difference. Then lift your shoulders up to your ears, hold, and let them drop.
C: My hands feel warm and my shoulders feel looser.
"""
    )
    assert "Progressive muscle relaxation" in names(facts.interventions)


def test_when_a_conditional_plan_names_no_time_then_the_technique_is_only_proposed() -> None:
    facts = extract(
        """
T: We would build a ladder of feared places first, from the corner shop up to the crowded bus.
C: That sounds like a lot.
T: We'd practice each step until your distress rating comes down by about half.
C: Maybe.
"""
    )
    assert names(facts.interventions) == []


def test_when_tapping_points_are_guided_then_the_off_vocabulary_technique_is_detected() -> None:
    facts = extract(
        """
T: Let's try some tapping. Use two fingertips and tap on the side of your hand while you say the set-up \
statement.
C: Even though I feel this knot about the interview, I accept myself.
T: Now tap under your eye, then under your nose, then on your collarbone, saying the reminder phrase.
C: This knot, this knot. It is a bit looser.
"""
    )
    (item,) = [f for f in facts.interventions if f.name.startswith("EFT tapping")]
    assert not item.in_vocabulary


def test_when_tapping_is_only_mentioned_then_it_is_not_detected() -> None:
    facts = extract(
        """
C: My cousin swears by tapping for her nerves.
T: Some people do find it soothing. What helps you when the nerves come?
C: Walking, mostly.
"""
    )
    assert not any(f.name.startswith("EFT tapping") for f in facts.interventions)


def test_when_attention_is_returned_to_the_present_then_it_is_mindfulness_not_a_body_scan() -> None:
    facts = extract(
        """
T: Close your eyes if that feels okay, and notice the sounds in the room.
C: Okay.
T: When your mind wanders, notice where it went, and gently bring your attention back to the present moment.
C: It keeps wandering.
"""
    )
    assert names(facts.interventions) == ["Mindfulness exercise"]


def test_when_a_ruler_is_asked_scale_first_and_followed_up_then_mi_is_delivered() -> None:
    facts = extract(
        """
T: On a scale from zero to ten, how important is it for you to cut back?
C: Maybe an eight.
T: An eight, not a five. What makes it that high?
C: My daughter's face last week.
"""
    )
    assert "Motivational interviewing" in names(facts.interventions)


def test_when_client_names_what_a_life_should_stand_for_then_values_are_clarified() -> None:
    facts = extract(
        """
T: Looking back at eighty, what would you want your life to have stood for?
C: Being there for my family.
T: So family sounds like a core value. What gets in the way of living toward that value?
C: Work eats everything.
"""
    )
    assert "Values clarification (ACT)" in names(facts.interventions)


def test_when_an_external_organising_system_is_set_up_then_adhd_planning_skills_are_delivered() -> None:
    facts = extract(
        """
T: Let's pick one place where all the bills go, and a planner you check every morning.
C: I lose planners.
T: Then phone reminders for each deadline, and break the letter into small steps.
C: That helps.
"""
    )
    assert "Organization and planning skills (CBT for ADHD)" in names(facts.interventions)


def test_when_a_normalising_line_is_far_from_a_lone_cue_then_psychoeducation_is_not_delivered() -> None:
    facts = extract(
        """
T: I think the worry tells you the report has to be perfect before you start.
C: Maybe. I keep opening the file and closing it.
T: What time of day do you usually open it?
C: After dinner.
T: And who else reads it before it goes out?
C: My supervisor.
T: Does she send it back often?
C: Once, last spring.
T: How did you feel when you closed the laptop last night?
C: Tired, and a bit stupid.
T: That's really common.
C: Okay.
"""
    )
    assert "Psychoeducation" not in names(facts.interventions)


def test_when_a_normalising_line_sits_beside_the_explanation_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: I think the worry tells you the report has to be perfect before you start.
C: So I freeze before I even begin.
T: That's really common, and a lot of people with perfectionism describe the same freeze.
C: Good to know I'm not the only one.
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_a_breathing_skill_is_given_its_reason_then_that_is_not_separate_psychoeducation() -> None:
    facts = extract(
        """
T: Breathe in through your nose for four, and out slowly through your mouth for six.
C: Okay, that's a bit calmer.
T: The long exhale is what tells your body it's safe to settle. Put a hand on your belly and let it rise.
C: My hand is moving.
"""
    )
    found = names(facts.interventions)
    assert "Psychoeducation" not in found
    assert "Diaphragmatic breathing" in found
