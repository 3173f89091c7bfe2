"""Homework reviewed and assigned; plan goals worked on (deferred topics and passing mentions excluded)."""

from __future__ import annotations

from tests.unit.extract_helpers import extract, plan

PLAN = plan(
    goals=[
        {
            "id": "G1",
            "text": "Reduce worry so that it no longer interferes with work.",
            "objectives": [
                {
                    "id": "G1.O1",
                    "text": "Client will reduce GAD-7 score from 15 to 7.",
                    "measure": {"instrument": "GAD-7", "baseline": 15, "target": 7},
                },
                {
                    "id": "G1.O2",
                    "text": "Client will write a balanced thought on a worry log 5 days per week.",
                },
            ],
        },
        {
            "id": "G2",
            "text": "Improve sleep disrupted by night-time worry.",
            "objectives": [
                {"id": "G2.O1", "text": "Client will fall asleep within 30 minutes, per sleep diary."}
            ],
        },
    ],
    interventions=[
        {"id": "I1", "name": "Cognitive restructuring", "modality": "CBT", "goal_ids": ["G1"]},
        {"id": "I2", "name": "Diaphragmatic breathing", "modality": "Relaxation", "goal_ids": ["G1", "G2"]},
    ],
)

SESSION = """
T: Can we look at the worry log from last week? Did you get a chance to fill it in?
C: Some of it. I did Monday and Tuesday, then I fell off.
T: Let's work with the biggest worry. What's the evidence for it, and what's the evidence against?
C: Against: nobody has complained about my work.
T: So what's a more balanced thought?
C: A question from my boss is just a question.
T: Let's practice the breathing. Hand on your belly, breathe in through your nose for four, out for six.
C: My shoulders came down.
C: Speaking of bed, my sleep is still bad. I'm up at two every night.
T: I do want to get to sleep properly. Can we put it first on the list next week?
C: Sure.
T: So for this week, add the balanced thought column to the log, and practice the breathing twice a day.
C: Okay, I can do that.
"""


def test_when_last_weeks_homework_is_reviewed_then_its_completion_is_read_from_the_reply() -> None:
    facts = extract(SESSION, PLAN)
    reviewed = [h for h in facts.homework if h.status == "reviewed"]
    assert len(reviewed) == 1
    assert "worry log" in reviewed[0].text
    assert reviewed[0].completed == "partial"
    assert reviewed[0].evidence[:2] == (0, 1)


def test_when_homework_is_assigned_then_it_is_recorded_in_the_therapists_words() -> None:
    facts = extract(SESSION, PLAN)
    assigned = [h for h in facts.homework if h.status == "assigned"]
    assert len(assigned) == 1
    assert assigned[0].text.startswith("so for this week, add the balanced thought column")
    assert assigned[0].evidence == (11, 12)


def test_when_a_goal_is_worked_on_then_it_is_addressed_by_its_plan_intervention() -> None:
    goals = {g.goal_id: g for g in extract(SESSION, PLAN).goals_addressed}
    assert "G1" in goals
    assert "G1.O2" in goals["G1"].objective_ids


def test_when_a_topic_is_deferred_to_next_week_then_its_goal_is_not_addressed() -> None:
    goals = {g.goal_id for g in extract(SESSION, PLAN).goals_addressed}
    assert "G2" not in goals  # breathing links G2 too, but sleep itself was explicitly deferred


def test_when_a_score_for_an_objective_is_reviewed_then_its_goal_is_addressed() -> None:
    facts = extract("T: Your GAD-7 came out at nine today.\nC: Better than last time.", PLAN)
    (goal,) = facts.goals_addressed
    assert goal.goal_id == "G1"
    assert goal.objective_ids == ("G1.O1",)


def test_when_a_goal_gets_only_a_passing_mention_then_it_is_not_addressed() -> None:
    facts = extract("T: How are you?\nC: Tired. I didn't sleep much. Anyway, work was fine.", PLAN)
    assert facts.goals_addressed == ()


def test_when_there_is_no_plan_then_no_goal_is_addressed() -> None:
    assert extract(SESSION).goals_addressed == ()


def test_when_client_responds_then_affect_engagement_and_quotes_are_verbatim() -> None:
    facts = extract(
        """
T: How does that land?
C: I guess it's more true when you put it that way. I feel a little better.
T: So for this week, write it on the log.
C: Okay, I can do that.
"""
    )
    kinds = {(r.kind, r.text) for r in facts.response}
    assert ("affect", "improved") in kinds
    assert ("engagement", "agreed") in kinds
    quotes = [r for r in facts.response if r.kind == "quote"]
    assert quotes
    assert quotes[0].text == "I guess it's more true when you put it that way."
    assert quotes[0].evidence == (1,)


def test_when_someone_else_did_not_do_something_then_the_clients_homework_still_counts_as_done() -> None:
    facts = extract(
        """
T: Can we go over the exposure step from last week? Were you able to try it?
C: I went to the seminar and raised my hand once. The professor didn't comment on my shaky voice.
"""
    )
    (reviewed,) = [h for h in facts.homework if h.status == "reviewed"]
    assert reviewed.completed == "yes"


def test_when_the_client_did_not_want_to_but_did_the_homework_then_it_is_not_read_as_not_done() -> None:
    facts = extract(
        """
T: Can we go over your thought record from last week? Were you able to complete it?
C: I didn't want to, honestly. But I completed one on Tuesday night.
"""
    )
    (reviewed,) = [h for h in facts.homework if h.status == "reviewed"]
    assert reviewed.completed == "yes"


def test_when_a_goal_topic_comes_up_only_as_next_sessions_work_then_it_is_not_addressed() -> None:
    facts = extract(
        """
T: How is sleep?
C: Sleep is bad. I lie awake and my sleep is broken.
T: Next session we could start work on your sleep, with a sleep diary.
C: Okay, sleep next time.
""",
        PLAN,
    )
    assert "G2" not in {g.goal_id for g in facts.goals_addressed}


def test_when_homework_is_named_on_the_agenda_and_reviewed_later_then_the_later_review_counts() -> None:
    facts = extract(
        """
T: Today the questionnaire comes first, then we review your activity chart.
C: Sure.
T: Your score is lower than last time.
C: Good.
T: Now to review your activity chart. Were you able to complete it?
C: I completed it every day.
"""
    )
    (reviewed,) = [h for h in facts.homework if h.status == "reviewed"]
    assert reviewed.evidence[0] == 4
    assert reviewed.completed == "yes"


def test_when_therapist_sends_something_to_take_home_then_it_is_assigned() -> None:
    facts = extract(
        """
T: How have things been since we met?
C: Long.
T: We discussed urges today.
C: Yes.
T: Here is a card to take home. Each night, rate the urge from zero to five on it.
C: Okay.
"""
    )
    (assigned,) = [h for h in facts.homework if h.status == "assigned"]
    assert "rate the urge" in assigned.text
