"""PHI kinds that carry to unseen sessions: ages said alone, roads by number, spoken addresses and e-mail,
cities said as a fragment, religious institutions, names that are also words, and the false alarms of
endearments, oaths, instruments, crisis lines, weekdays and articles (real Presidio and spaCy).

Every sentence was written for this test from the definitions of each kind; none comes from a case.
"""

from __future__ import annotations

import pytest

from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import transcript

pytestmark = pytest.mark.slow


def _left(scrubber: PresidioScrubber, turns: tuple[str, ...], identifier: str) -> list[str]:
    """Letters of ``identifier`` (in the last turn) that no entity covers."""
    result = scrubber.scrub(transcript(*turns))
    last = len(turns) - 1
    text = turns[last]
    start = text.index(identifier)
    covered = {
        i for e in result.entities if e.utterance_index == last for i in range(e.start_char, e.end_char)
    }
    return [text[i] for i in range(start, start + len(identifier)) if text[i].isalnum() and i not in covered]


def _unchanged(scrubber: PresidioScrubber, *turns: str) -> bool:
    result = scrubber.scrub(transcript(*turns))
    return result.utterances[-1].text == turns[-1]


# (turns, the identifier in the last turn)
FOUND = [
    (("How old is your grandfather now?", "Ninety-seven."), "Ninety-seven"),
    (("Is your aunt still living alone?", "She is. Ninety-five in October, you know."), "Ninety-five"),
    (
        ("My uncle was ninety-three last spring.", "Ninety-three and still fixing his own roof."),
        "Ninety-three",
    ),
    (("Anything happen on the drive?", "A truck cut me off on seventy-five Monday night."), "seventy-five"),
    (
        ("Where are you staying now?", "At six two oh one Larkspur Crescent Way, apartment four oh two."),
        "apartment four oh two",
    ),
    (("What's the best e-mail?", "It's bo at quince studio dot test."), "bo at quince studio dot test"),
    (("Where did she post it?", "On her page, at mila dot bakes dot n m."), "at mila dot bakes dot n m"),
    (("You mentioned a trip.", "Right. Tbilisi. We fly on the sixth."), "Tbilisi"),
    (
        ("Where was she treated?", "She was on the ward at Our Lady of Lourdes for a week."),
        "Our Lady of Lourdes",
    ),
    (("Which school?", "He teaches at Holy Cross."), "Holy Cross"),
    (("Who wants to start?", "Okay. Faith, you're first."), "Faith"),
    (("Who's on your support list?", "Dusty's on there, and my neighbour."), "Dusty"),
]

SURVIVES = [
    ("How are the diary numbers?", "Keep it over ninety, as long as you can."),
    ("How's the pain?", "Like a ninety percent day, honestly."),
    ("What do you take now?", "I've been on forty since Monday."),
    ("How did that feel?", "Oh, thanks hon, that's kind."),
    ("And then?", "She hugged me and said, kochanie, it's fine."),
    ("What did you say to him?", "I swear to God, I was calm."),
    ("Next item.", 'And the last one. "The thought of giving up has occurred to me." Often, or never?'),
    ("Who will you tell?", "I need to tell Nana. And I want you with me."),
    ("What was that song?", "Happy Birthday, sorry. It's stuck in my head."),
    ("What did you fill in?", "We did the Yale-Brown last time."),
    ("Who can you call?", "The Veterans Crisis Line, nine eight eight, press one."),
    ("When is practice?", "It's on Tuesdays and Thursdays at the gym."),
    ("What did you bake?", "I made the pierniczki for the holidays."),
    ("What's the trip plan?", "Still thinking. Maybe just stay home."),
    ("Where did you work?", "At the shop. Yes. Window's broken again."),
    ("Where did you end up?", "Well, you know how it goes."),
]


@pytest.mark.parametrize(("turns", "identifier"), FOUND)
def test_when_identifier_of_a_general_kind_is_said_then_no_letter_of_it_survives(
    scrubber: PresidioScrubber, turns: tuple[str, ...], identifier: str
) -> None:
    assert _left(scrubber, turns, identifier) == []


@pytest.mark.parametrize("turns", SURVIVES)
def test_when_speech_only_looks_like_an_identifier_then_it_survives(
    scrubber: PresidioScrubber, turns: tuple[str, ...]
) -> None:
    assert _unchanged(scrubber, *turns)


def test_when_age_over_89_is_an_answer_without_a_question_about_age_then_the_number_survives(
    scrubber: PresidioScrubber,
) -> None:
    assert _unchanged(scrubber, "How many minutes did you walk?", "Ninety.")


def test_when_a_pronoun_stands_before_at_then_it_is_not_part_of_an_email(
    scrubber: PresidioScrubber,
) -> None:
    turns = ("Where can I find him?", "Follow him at rowan dot climbs dot c o.")
    result = scrubber.scrub(transcript(*turns))
    text = turns[1]
    assert all(text[e.start_char : e.end_char] != "him" for e in result.entities)
    assert "him" in result.utterances[1].text
    assert _left(scrubber, turns, "at rowan dot climbs dot c o") == []
