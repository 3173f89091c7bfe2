"""Template sentences that a clinical reader found unsupported, by kind of failure: each test is the
general rule, on a fictional dialogue, that keeps that kind of sentence out of a note."""

from __future__ import annotations

from service.domain.facts import ClinicalFacts, HomeworkFact
from service.domain.note import BirpNote
from service.domain.plan import TreatmentPlan
from service.draft.sentences import homework_review
from service.draft.template import plan_note
from tests.unit.extract_helpers import dialogue, extract, plan

PLAN = plan(
    goals=[
        {
            "id": "G1",
            "text": "Reduce panic attacks.",
            "objectives": [{"id": "G1.O1", "text": "Fewer attacks."}],
        },
        {
            "id": "G2",
            "text": "Return to driving on the highway.",
            "objectives": [{"id": "G2.O1", "text": "Drive one highway exit each week."}],
        },
    ],
    interventions=[
        {"id": "I1", "name": "Interoceptive exposure", "modality": "CBT", "goal_ids": ["G1", "G2"]},
        {
            "id": "I2",
            "name": "In vivo exposure with a highway driving hierarchy",
            "modality": "CBT",
            "goal_ids": ["G2"],
        },
    ],
)


def _note(text: str, treatment_plan: TreatmentPlan | None = PLAN) -> tuple[BirpNote, ClinicalFacts]:
    facts = extract(text, treatment_plan)
    return plan_note(dialogue(text), facts, treatment_plan).to_note(), facts


def _sentences(note: BirpNote) -> list[str]:
    return [s.text for _, _, s in note.sentences()]


def test_when_a_feeling_is_negated_conditional_or_someone_elses_view_then_no_feeling_is_written() -> None:
    note, _ = _note(
        """
T: How are you feeling today?
C: Lights out at ten, even if I'm not feeling sleepy. My boss would notice I'm anxious, for sure.
"""
    )
    assert not any("described feeling" in s for s in _sentences(note))


def test_when_okay_only_agrees_to_start_then_it_is_not_a_feeling() -> None:
    note, _ = _note(
        """
T: Are you ready to start the exercise?
C: I'm okay, let's go.
T: How are you feeling today?
C: I'm exhausted, honestly.
"""
    )
    feelings = [s for s in _sentences(note) if "described feeling" in s]
    assert feelings == ["At check-in, client described feeling exhausted."]


def test_when_ratings_come_from_practice_at_home_then_they_are_not_written_as_in_session() -> None:
    note, facts = _note(
        """
T: Tell me about practising at home last week. What was your distress, zero to a hundred?
C: At home it started at eighty and came down to forty.
T: Let's do the spinning exercise now, in the chair, for thirty seconds. Go ahead.
C: Okay, I'm spinning.
T: Your distress this minute, zero to a hundred?
C: About sixty.
"""
    )
    away = [m.score for m in facts.measures if m.instrument == "SUDS" and not m.administered_in_session]
    assert away, "the extractor marks ratings reported from home practice"
    in_session = [s for s in _sentences(note) if "during the session" in s]
    assert all("80" not in s and "40" not in s for s in in_session)
    assert any("since the last session" in s.text and "80" in s.text for s in note.behavior)


def test_when_a_goal_is_only_talked_about_then_no_goal_sentence_credits_it() -> None:
    note, _ = _note(
        """
T: Let's talk about the highway. What happens when you think about driving on the highway?
C: The highway scares me. I avoid the highway completely.
T: The highway is where we'll head in a future session, not today.
C: Okay. The highway can wait.
"""
    )
    assert not any("goal G2" in s for s in _sentences(note))


def test_when_a_proposal_matches_a_plan_item_then_the_note_uses_the_plans_own_name() -> None:
    note, _ = _note(
        """
T: Next session, in vivo exposure could begin: we could drive one highway exit together,\
 the first step of your hierarchy.
C: That sounds scary but okay.
"""
    )
    plan_sentences = [s.text for s in note.plan]
    assert any("(plan intervention I2)" in s for s in plan_sentences), plan_sentences


def test_when_client_leaves_homework_open_then_the_note_does_not_say_client_is_to_do_it() -> None:
    text = """
T: How has the week been?
C: Busy.
T: Let's look over the calendar you kept.
C: Sure.
T: So before next time, phone your brother on Sunday and invite him out to lunch.
C: Maybe. I'll see.
"""
    note, _ = _note(text, None)
    plan_sentences = [s.text for s in note.plan]
    assert plan_sentences
    assert not any(s.startswith("Client to") for s in plan_sentences)
    discussed = (
        "Homework discussed: before next time, phone their brother on sunday and invite him out to lunch."
    )
    assert discussed in plan_sentences
    assert "Client did not commit to all of this homework when asked." in plan_sentences


def test_when_a_rewording_of_an_instruction_does_not_open_with_what_to_do_then_it_is_rejected() -> None:
    from service.draft.faithfulness import problems
    from service.draft.sentences import Planned

    planned = Planned("homework:0", "plan", "homework", "Client to call the clinic on Monday.", (3,))
    assert problems("Client to call the clinic on Monday.", planned, "call the clinic on monday", []) == []
    bad = problems("Client to the clinic, Monday.", planned, "call the clinic on monday", [])
    assert any("does not open with what to do" in p for p in bad)


def test_when_homework_has_a_conditional_rider_then_the_rider_is_not_written_as_the_task() -> None:
    from service.draft.sentences import readable_task

    assert readable_task("every evening after dinner, write the worry down in the log") == (
        "write the worry down in the log, every evening after dinner",
        True,
    )
    assert readable_task("if you skip a day, no big deal, just carry on") is None


def test_when_a_rewording_turns_discussed_homework_into_a_commitment_or_drops_its_object_then_rejected() -> (
    None
):
    from service.draft.faithfulness import problems
    from service.draft.sentences import Planned

    discussed = Planned(
        "homework:0", "plan", "homework", "Homework discussed: call the clinic on Monday.", (3,)
    )
    bad = problems("Client to call the clinic on Monday.", discussed, "call the clinic on monday", [])
    assert any("agreed to" in p for p in bad)
    reviewed = Planned(
        "homework-reviewed:0",
        "behavior",
        "homework-review",
        "Client reported completing the homework from the last session (mood log).",
        (1, 2),
    )
    bad = problems(
        "Client reported completing the homework from the last session.", reviewed, "the mood log", []
    )
    assert any("drops what the sentence is about" in p for p in bad)


def test_when_two_tasks_are_reviewed_and_one_has_no_readable_name_then_it_is_not_called_the_homework() -> (
    None
):
    unnamed = HomeworkFact(
        text="you were going to try for friday", status="reviewed", completed="yes", evidence=(3,)
    )
    alone = homework_review(0, unnamed, reviewed=1).text
    among = homework_review(1, unnamed, reviewed=2).text
    assert alone == "Client reported completing the homework from the last session."
    assert among == "Client reported completing one of the tasks from the last session."
