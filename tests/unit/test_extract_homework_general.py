"""Homework review and assignment in any wording: a review points back to what the last session set and asks
(or hears) how much got done; an assignment gives a task a time before the next meeting, usually at the end.
Dialogues are invented for these tests."""

from __future__ import annotations

import pytest

from tests.unit.extract_helpers import extract

# Filler turns: before a late assignment they stand for the session so far, after an early review for the
# rest of the session.
_FILLER = "\n".join(["T: Okay.", "C: Sure."] * 3)


def homework(text: str) -> list[tuple[str, str | None, tuple[int, ...]]]:
    return [(h.status, h.completed, h.evidence) for h in extract(text).homework]


def reviewed(text: str) -> list[tuple[str | None, tuple[int, ...]]]:
    return [(c, e) for s, c, e in homework(text) if s == "reviewed"]


def assigned(text: str) -> list[tuple[int, ...]]:
    return [e for s, _, e in homework(text) if s == "assigned"]


# ------------------------------------------------------------------------------------------- review


@pytest.mark.parametrize(
    ("therapist", "client", "completed"),
    [
        (
            "Last time you left here with the plan to ring your cousin. How'd that go?",
            "I rang her on Sunday. It was awkward but fine.",
            "yes",
        ),
        ("Last week we agreed on two trips to the pool.", "I went both times, Monday and Thursday.", "yes"),
        (
            "Can I ask about the thing from last session? The plan was to sort the paperwork pile.",
            "I didn't touch it. I kept walking past it.",
            "no",
        ),
    ],
)
def test_when_the_therapist_points_back_to_last_sessions_task_then_it_is_reviewed(
    therapist: str, client: str, completed: str
) -> None:
    found = reviewed(f"T: {therapist}\nC: {client}\n{_FILLER}")
    assert [e[:2] for _, e in found] == [(0, 1)]
    assert found[0][0] == completed


def test_when_an_early_question_whether_it_got_done_is_answered_with_days_then_it_is_reviewed() -> None:
    found = reviewed(
        "T: When the alarm went off, did you get straight up?\n"
        "C: Four out of seven mornings I got up right away.\n" + _FILLER
    )
    assert [(c, e[:2]) for c, e in found] == [("partial", (0, 1))]


@pytest.mark.parametrize(
    "said",
    [
        "So my task was to phone the landlord. I put it off until Friday, then I did it.",
        "I did the stretches every morning, even the cold ones.",
    ],
)
def test_when_the_client_reports_last_weeks_task_unasked_then_it_is_reviewed(said: str) -> None:
    found = reviewed(f"T: Where do you want to start?\nC: {said}\n{_FILLER}")
    assert [e[:2] for _, e in found] == [(0, 1)]


@pytest.mark.parametrize(
    ("therapist", "client"),
    [
        ("How have you been since last week?", "I went to work every day, the usual."),
        ("How many panic attacks did you have?", "I had three, on three different days."),
        ("You said last week you'd go first today.", "I did say that. Okay."),
    ],
)
def test_when_the_past_week_is_asked_about_without_a_task_then_nothing_is_reviewed(
    therapist: str, client: str
) -> None:
    assert reviewed(f"T: {therapist}\nC: {client}\n{_FILLER}") == []


def test_when_another_group_member_answers_about_their_step_then_it_is_not_the_clients_review() -> None:
    text = (
        "T: Last week everyone picked a step. How'd that go?\n"
        "C2: I did mine three times.\n"
        "C3: Same here, mostly.\n" + _FILLER
    )
    assert reviewed(text) == []


# ------------------------------------------------------------------------------------------- assignment


@pytest.mark.parametrize(
    "said",
    [
        "So, to recap. Walk the dog on Monday and Thursday, and the mood journal each evening.",
        "And the breathing app, keep it going, even when it feels pointless.",
        "Would you be willing to, um, to phone your brother this week?",
        "Next time, I'd love it if you brought your medication list.",
        "Diary every day, lights out at eleven.",
    ],
)
def test_when_the_therapist_sets_a_task_for_a_time_ahead_then_it_is_assigned(said: str) -> None:
    assert assigned(f"{_FILLER}\nT: {said}\nC: Okay.") == [(6, 7)]


def test_when_the_client_takes_on_a_task_with_a_day_then_it_is_assigned() -> None:
    found = assigned(
        f"{_FILLER}\nT: What could you do about the bills?\nC: I'll open the letters tomorrow morning."
    )
    assert found == [(6, 7)]


@pytest.mark.parametrize(
    "said",
    [
        "Next week we'll start on the worry exposure.",
        "And next week, I want to show you a new exercise.",
        "Okay, see you next week, same time.",
        "Good work this week.",
        "Did you walk every day this week?",
    ],
)
def test_when_the_therapist_plans_the_next_session_or_asks_about_the_past_then_nothing_is_assigned(
    said: str,
) -> None:
    assert assigned(f"{_FILLER}\nT: {said}\nC: Okay.") == []


def test_when_another_group_member_takes_on_a_task_then_it_is_not_the_clients() -> None:
    text = f"{_FILLER}\nC3: Hi.\nT: Anything you want to try?\nC2: I'll call my sister tonight.\nC: Mm."
    assert assigned(text) == []


def test_when_a_third_party_is_named_after_a_preposition_then_the_turn_still_sets_the_clients_task() -> None:
    text = (
        f"C2: Hello.\n{_FILLER}\n"
        "T: So, this week. Walks on Tuesday and Friday with [PERSON_3]. The calendar every morning.\n"
        "C: Tuesday and Friday, yes."
    )
    assert assigned(text) == [(7, 8)]


@pytest.mark.parametrize(
    ("client", "completed"),
    [
        ("I made it to one, on Monday.", "partial"),
        ("Three, all of them.", "yes"),
        ("None of them. It rained.", "no"),
    ],
)
def test_when_fewer_were_done_than_were_set_then_the_review_is_partial(client: str, completed: str) -> None:
    found = reviewed(f"T: The swims. Last time we said three this week.\nC: {client}\n{_FILLER}")
    assert [(c, e[:2]) for c, e in found] == [(completed, (0, 1))]


# ------------------------------------------------------------------------------ read by the clinician
# Kinds of error a reader found in drafted notes (sentences judged unsupported), tested on invented lines.


def test_when_the_client_says_once_for_a_weekly_task_then_it_is_partly_done() -> None:
    found = reviewed(
        "T: Last time you were going to try the evening walk together each weekend. Did that happen?\n"
        "C: Once. The first weekend.\n"
        "C: The second one it rained and we stayed in.\n" + _FILLER
    )
    assert [c for c, _ in found] == ["partial"]


def test_when_the_client_did_the_task_and_only_missed_an_earlier_one_then_it_is_done() -> None:
    found = reviewed(
        "T: Last time you were going to try the book club on Monday. How did it go?\n"
        "C: I went! I only missed the one in the spring when I was ill.\n" + _FILLER
    )
    assert [c for c, _ in found] == ["yes"]


def test_when_the_therapist_books_the_next_appointment_then_no_homework_is_set() -> None:
    found = assigned(
        _FILLER + "\nT: I've got you on Tuesday at four, and then your mom joins for the last fifteen"
        " minutes.\nC: Okay."
    )
    assert found == []


def test_when_a_task_names_someone_by_title_then_the_whole_task_is_kept() -> None:
    facts = extract(
        _FILLER + "\nT: So this week: the library on Friday, with your sister or Mrs. Alvarez from next"
        " door.\nC: Okay, Friday."
    )
    texts = [h.text for h in facts.homework if h.status == "assigned"]
    assert len(texts) == 1
    assert "next door" in texts[0]


def test_when_a_task_is_followed_by_booking_the_next_appointment_then_the_booking_is_not_the_task() -> None:
    facts = extract(
        _FILLER + "\nT: Every morning. Bring the chart next week. I've got you on Monday at ten, and your"
        " partner joins for the last twenty minutes.\nC: Okay."
    )
    texts = [h.text for h in facts.homework if h.status == "assigned"]
    assert texts
    assert not any("joins" in t or "got you on" in t for t in texts)


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("How did the pottery class go? You were going to sign up last week.", "pottery class"),
        ("Before we finish, how'd your volunteering go? You were going to try Saturday.", "volunteering"),
    ],
)
def test_when_the_review_asks_how_a_named_task_went_then_that_name_is_the_items_text(
    question: str, label: str
) -> None:
    text = f"T: {question}\nC: I went, yes. Twice, actually.\n{_FILLER}"
    found = [h.text for h in extract(text).homework if h.status == "reviewed"]
    assert found == [label]


def test_when_the_review_asks_how_it_went_then_the_pronoun_is_not_taken_for_a_task() -> None:
    text = f"T: You were going to call the landlord last time. How did it go?\nC: I called him.\n{_FILLER}"
    found = [h.text for h in extract(text).homework if h.status == "reviewed"]
    assert found
    assert found[0] != "it"
