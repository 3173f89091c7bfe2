"""Interventions: delivered vs proposed, normalised to the vocabulary, matched to the plan."""

from __future__ import annotations

from tests.unit.extract_helpers import extract, plan

ANXIETY_PLAN = plan(
    goals=[
        {"id": "G1", "text": "Reduce worry about work.", "objectives": []},
        {"id": "G2", "text": "Improve sleep.", "objectives": []},
    ],
    interventions=[
        {"id": "I1", "name": "Cognitive restructuring", "modality": "CBT", "goal_ids": ["G1"]},
        {"id": "I2", "name": "Graded exposure hierarchy", "modality": "Exposure therapy", "goal_ids": ["G1"]},
    ],
)

RESTRUCTURING = """
T: When the invoice came back rejected, what thought popped up?
C: That I was about to be let go.
T: Which evidence supports that thought, and which evidence doesn't fit it?
C: Against: my last review was good, and she emails everyone like that.
T: So what would a more balanced thought sound like?
C: An email from her is usually a question, not a verdict.
"""


def names(facts_list: tuple[object, ...]) -> list[str]:
    return [getattr(f, "name") for f in facts_list]  # noqa: B009


def test_when_therapist_challenges_a_thought_then_cognitive_restructuring_is_delivered_in_plan() -> None:
    facts = extract(RESTRUCTURING, ANXIETY_PLAN)
    (item,) = facts.interventions
    assert item.name == "Cognitive restructuring"
    assert item.verb == "Challenged"
    assert item.in_plan
    assert item.plan_intervention_id == "I1"
    assert item.in_vocabulary
    assert 2 in item.evidence


def test_when_exposure_only_proposed_then_goes_to_plan_not_intervention() -> None:
    facts = extract(
        RESTRUCTURING
        + """
T: At our next appointment we might start an exposure while queuing at the pharmacy.
C: That sounds scary.
T: We'd build the ladder together first. No need to decide right now.
""",
        ANXIETY_PLAN,
    )
    assert "In vivo exposure" not in names(facts.interventions)
    (proposed,) = facts.proposed
    assert proposed.name == "In vivo exposure"
    assert proposed.plan_intervention_id == "I2"  # the plan names the exposure family


def test_when_exposure_is_done_in_session_then_it_is_delivered() -> None:
    facts = extract(
        """
T: Right now, in this room, the next rung up your ladder. Hold the lift button and stay put.
C: Okay. My heart is racing.
T: Drop those safety behaviors, no glancing at your watch. Your number out of a hundred?
C: Sixty.
""",
        ANXIETY_PLAN,
    )
    assert names(facts.interventions) == ["In vivo exposure"]
    assert facts.interventions[0].plan_intervention_id == "I2"
    assert facts.proposed == ()


def test_when_technique_is_not_in_the_plan_then_in_plan_is_false() -> None:
    facts = extract(
        """
T: Let's try some grounding. Find five colours around the room.
C: Green cushion, grey rug, blue folder, white wall, red pen.
T: Now four textures under your hands.
C: The chair, my sleeves, my shoes, my watch.
""",
        ANXIETY_PLAN,
    )
    (item,) = facts.interventions
    assert item.name == "Grounding"
    assert not item.in_plan
    assert item.plan_intervention_id is None


def test_when_technique_is_outside_the_vocabulary_then_in_vocabulary_is_false() -> None:
    facts = extract(
        """
T: Here's a technique to try with me. It is called tapping, some people say EFT.
C: Sure.
T: Tap your hand edge, the karate chop point, while we repeat the setup statement.
C: Okay, tapping now and saying it.
""",
        ANXIETY_PLAN,
    )
    (item,) = facts.interventions
    assert item.name.startswith("EFT tapping")
    assert not item.in_vocabulary
    assert not item.in_plan


def test_when_therapist_names_an_unknown_technique_while_trying_it_then_it_is_out_of_vocabulary() -> None:
    facts = extract(
        """
T: Let's try an exercise. It's called butterfly mirroring, where you copy my hand movements.
C: Okay, like this?
""",
        ANXIETY_PLAN,
    )
    (item,) = facts.interventions
    assert item.name == "Butterfly mirroring"
    assert not item.in_vocabulary


def test_when_a_refusal_role_play_is_part_of_relapse_prevention_then_it_is_one_intervention() -> None:
    facts = extract(
        """
T: Let's trace the chain of events before the bet. Which high-risk situation came first?
C: Sitting at the table with my cousins.
T: Which refusal line could you use with him?
C: Having a line ready.
T: Let's role-play it. I'll be your cousin: come on, just one.
C: Not tonight, I'm saving up.
"""
    )
    assert names(facts.interventions) == ["Relapse prevention"]


def test_when_a_technique_was_practised_in_an_earlier_session_then_it_is_not_delivered() -> None:
    facts = extract(
        """
T: Last week we practiced the body scan. Did you try it at home?
C: Once, before bed.
T: Good. Let's talk about work today.
"""
    )
    assert "Body scan" not in names(facts.interventions)


def test_when_technique_words_appear_in_small_talk_then_no_intervention_is_found() -> None:
    facts = extract(
        """
T: What's been happening since we met?
C: Busy. Lots of sun exposure at the beach, and my kid's swim team practiced breathing drills.
T: Sounds full. How's your mood been?
C: Okay. My brother has trust issues, he's always checking my phone.
"""
    )
    assert facts.interventions == ()
    assert facts.proposed == ()


def test_when_dbt_skill_is_coached_then_it_is_normalised_with_its_modality() -> None:
    facts = extract(
        """
T: When the urge hit, which distress tolerance skill could you have used? Remember TIPP.
C: The cold water, I guess.
T: Let's try that one here. Hold this ice pack over your eyes for thirty seconds.
C: Whoa. My heart slowed down.
"""
    )
    (item,) = facts.interventions
    assert (item.name, item.modality) == ("Distress tolerance (DBT)", "DBT")


def test_when_a_safety_plan_is_reviewed_then_it_is_an_intervention_and_risk_records_it() -> None:
    facts = extract(
        """
T: Please pull up the crisis plan, and let's check each part.
C: Okay. I'd add not answering texts.
"""
    )
    assert names(facts.interventions) == ["Safety plan review"]
    assert facts.risk.safety_plan_reviewed


def test_when_act_defusion_is_practised_then_it_is_an_act_intervention() -> None:
    facts = extract(
        """
T: When it shows up, add: my mind is telling me I'm useless.
C: My mind is telling me I'm useless. Huh, quieter somehow.
T: Now thank your mind for that thought, and let it float by.
C: Okay.
"""
    )
    assert [(f.name, f.modality) for f in facts.interventions] == [("Cognitive defusion (ACT)", "ACT")]


def test_when_a_technique_is_suggested_for_home_then_it_is_not_delivered_in_session() -> None:
    facts = extract("T: There's a technique called box breathing you could try at home this week.\nC: Okay.")
    assert facts.interventions == ()
    assert names(facts.proposed) == ["Diaphragmatic breathing"]


def test_when_an_out_of_vocabulary_technique_is_only_mentioned_then_it_is_not_delivered() -> None:
    facts = extract("T: We'll talk about hypnosis a little more once you've asked your doctor.\nC: Sure.")
    assert facts.interventions == ()
