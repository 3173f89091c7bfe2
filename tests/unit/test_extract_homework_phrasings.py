"""Homework set and reviewed in the many ways CBT manuals phrase it, and the client telling how it went
without being asked. Dialogues are invented for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract_helpers import extract

# Homework is set in the second part of a session: these turns stand for the session so far.
_EARLIER = "\n".join(["T: Okay.", "C: Sure."] * 3)


def homework(text: str) -> list[tuple[str, str | None, tuple[int, ...]]]:
    return [(h.status, h.completed, h.evidence) for h in extract(text).homework]


@pytest.mark.parametrize(
    "said",
    [
        "Between now and next time, I'd like you to note one worry each evening.",
        "Here's your assignment: three short walks before we meet again.",
        "Over the week, keep track of when the urges come and what you did instead.",
        "I'd like you to fill in this thought record worksheet on two evenings.",
        "I'd like you to try the breathing each morning.",
        "Keep practicing the grounding skill when you notice your chest tighten.",
        "For homework, read the handout on sleep hygiene.",
    ],
)
def test_when_the_therapist_sets_work_for_the_coming_week_then_it_is_assigned_homework(said: str) -> None:
    found = homework(f"{_EARLIER}\nT: {said}\nC: Okay.")
    assert [(s, e) for s, _, e in found] == [("assigned", (6, 7))]


@pytest.mark.parametrize(
    "said",
    [
        "How was your sleep over the week?",
        "Let's fill in the worksheet together right now.",
    ],
)
def test_when_a_sentence_asks_about_the_past_week_or_works_now_then_nothing_is_assigned(said: str) -> None:
    assert homework(f"{_EARLIER}\nT: {said}\nC: Fine.") == []


@pytest.mark.parametrize(
    ("asked", "answer", "completed"),
    [
        (
            "Did you get a chance to do the breathing exercise?",
            "I did it most mornings, not every day.",
            "partial",
        ),
        ("How did the thought records go?", "I only did two of them.", "partial"),
        ("Any luck with the activity schedule?", "Not really, I forgot about it.", "no"),
    ],
)
def test_when_the_therapist_asks_how_the_homework_went_then_it_is_reviewed(
    asked: str, answer: str, completed: str
) -> None:
    found = homework(f"T: {asked}\nC: {answer}\n{_EARLIER}")
    assert found[0][:2] == ("reviewed", completed)
    assert {0, 1} <= set(found[0][2])


def test_when_the_client_reports_the_homework_unasked_then_it_is_reviewed() -> None:
    found = homework(
        f"T: How was your week?\nC: Busy. I filled out my mood log every night though.\n{_EARLIER}"
    )
    assert found == [("reviewed", "yes", (0, 1))]


def test_when_the_client_mentions_a_log_late_in_the_session_then_it_is_not_a_review() -> None:
    assert homework(f"{_EARLIER}\n{_EARLIER}\nT: Anything else?\nC: I kept the receipt log for work.") == []


def test_when_the_therapist_recalls_last_weeks_task_and_asks_then_it_is_reviewed() -> None:
    found = homework(
        "T: Last week you said you might try calling your brother. Did you get a chance?\n"
        f"C: I did, we talked.\n{_EARLIER}"
    )
    assert found[0][:2] == ("reviewed", "yes")


@pytest.mark.parametrize(
    "said",
    [
        "Okay, I'll be your boss now. 'You keep doing this every single week, and I am tired of it.'",
        "There's also the sleep questionnaire, I'm going to hold that for next week, we're out of time.",
        "That's something we could work on. How you two talk about money at home.",
    ],
)
def test_when_the_words_set_nothing_for_the_client_then_no_homework(said: str) -> None:
    # Role-play lines spoken as someone else, the therapist deferring session work, a topic for therapy.
    assert homework(f"{_EARLIER}\nT: {said}\nC: Okay.") == []


def test_when_a_handout_is_to_be_read_when_it_arrives_then_it_is_not_a_review() -> None:
    said = "I'll post you a leaflet on sleep. And look at the handout when it comes."
    assert "reviewed" not in [s for s, _, _ in homework(f"{_EARLIER}\nT: {said}\nC: Will do.")]


def test_when_the_therapist_turns_to_one_part_of_the_homework_just_reviewed_then_it_is_one_review() -> None:
    session = "\n".join(
        [
            "T: Let's start with the activity schedule from last week. We picked three things.",
            "C: I walked twice. I didn't phone my sister.",
            "T: So the walks happened twice. Tell me about those.",
            "C: I went round the park. It was fine.",
        ]
    )
    assert homework(session) == [("reviewed", "partial", (0, 1, 3))]


def test_when_the_client_reports_the_meeting_the_therapist_reviews_as_meetings_then_it_is_one_item() -> None:
    session = "\n".join(
        [
            "T: How was Sunday?",
            "C: I didn't drink, and I went to the meeting Tuesday.",
            *(["T: Okay.", "C: Sure."] * 3),
            "T: Before we finish, the meetings. Last time the goal was two.",
            "C: I made one. I skipped the other.",
        ]
    )
    assert [h[0] for h in homework(session)] == ["reviewed"]
