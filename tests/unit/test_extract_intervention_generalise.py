"""Interventions told in ordinary words, techniques done versus named, and home practice reviewed.

Fictional dialogues written from treatment-manual descriptions of each technique (what the therapist
does and says while delivering it), not from any case.
"""

from __future__ import annotations

from tests.unit.extract_helpers import extract


def names(facts_list: tuple[object, ...]) -> list[str]:
    return [getattr(f, "name") for f in facts_list]  # noqa: B009


def test_when_a_common_belief_is_corrected_by_how_the_body_works_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: Many people think coffee helps them focus. Later your body is still processing it.
C: Huh. I have four cups before noon.
T: Makes sense to look at that.
C: Okay.
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_a_vicious_circle_is_explained_in_plain_words_then_psychoeducation_is_delivered() -> None:
    facts = extract(
        """
T: Staying in bed feels like rest, but less moving means less energy, and round and round it goes.
C: So the tiredness is partly from lying there?
T: Partly. That's usually how it works, and the motivation catches up after you start.
C: I never thought of it that way.
"""
    )
    assert "Psychoeducation" in names(facts.interventions)


def test_when_a_single_belief_remark_is_made_then_psychoeducation_is_not_delivered() -> None:
    facts = extract(
        """
T: A lot of people think the holidays will be easy this year.
C: Not me.
T: What are you expecting?
C: Mostly arguments about money.
"""
    )
    assert "Psychoeducation" not in names(facts.interventions)


def test_when_last_weeks_plan_to_practise_is_asked_about_then_it_is_not_delivered_today() -> None:
    facts = extract(
        """
T: Last week you were going to try progressive muscle relaxation before bed. Did any of it happen?
C: Twice. The second night I fell asleep halfway.
T: That counts. What got in the way the other nights?
C: Late shifts.
"""
    )
    assert "Progressive muscle relaxation" not in names(facts.interventions)


def test_when_an_off_vocabulary_technique_is_only_named_then_it_is_not_delivered() -> None:
    facts = extract(
        """
T: Some people ask about a technique called hypnotherapy for sleep.
C: My cousin swears by it.
T: What did she find helpful about it?
C: She says she sleeps through the night now.
"""
    )
    assert "Hypnotherapy" not in names(facts.interventions)


def test_when_an_off_vocabulary_technique_is_named_and_then_led_step_by_step_then_it_is_delivered() -> None:
    facts = extract(
        """
T: I'd like to try a short hypnotherapy exercise with you today. Are you willing?
C: Sure, I can try.
T: Close your eyes and let your breathing settle. How tense are you right now, zero to ten?
C: About a six.
T: Imagine a staircase in front of you. Slowly walk down it with me, one step at a time. Keep going.
C: Okay, I'm near the bottom.
"""
    )
    assert "Hypnotherapy" in names(facts.interventions)
