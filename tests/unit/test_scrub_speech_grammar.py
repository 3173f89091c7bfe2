"""Identifiers found by the grammar of speech, and ordinary speech that survives (real Presidio and spaCy).

Each sentence was written for this test from the recogniser families' definitions (direct address,
verbs of speaking and messaging, relationship words, spelled names, trip destinations, fragments of
dates, ages of the dead, intersections, employers by cue): none comes from a case transcript.
"""

from __future__ import annotations

import pytest

from service.domain.transcript import Transcript, Utterance
from service.scrub.scrubber import PresidioScrubber

pytestmark = pytest.mark.slow

# (sentence, the identifier in it)
FOUND = [
    ("She texted me, 'Dani here, running late.'", "Dani"),
    ("The message just said Marisol says hi.", "Marisol"),
    ("Got a text from Oskar at midnight.", "Oskar"),
    ("He wrote back, tell Wren I'm sorry.", "Wren"),
    ("We're flying to Guadalajara for my cousin's wedding.", "Guadalajara"),
    ("They went to Kraków last spring.", "Kraków"),
    ("My trip to Medellín got cancelled.", "Medellín"),
    ("She's visiting family in Lagos.", "Lagos"),
    ("Fourteenth.", "Fourteenth"),
    ("The twenty-second?", "twenty-second"),
    ("Um, the ninth.", "ninth"),
    ("My grandmother died at ninety-one.", "ninety-one"),
    ("He would have been ninety-three this year.", "ninety-three"),
    ("She passed away at 96.", "96"),
    ("I called mireille after group.", "mireille"),
    ("my cousin thandiwe is staying with us", "thandiwe"),
    ("and then marigold said she was done", "marigold"),
    ("Summer said she'd drive.", "Summer"),
    ("I asked Hunter to leave.", "Hunter"),
    ("Me and Rain went to the lake.", "Rain"),
    ("It's spelled T-H-E-O.", "T-H-E-O"),
    ("Her name is, uh, l, e, n, a.", "l, e, n, a"),
    ("We met at the corner of Alder and Fifth.", "Alder and Fifth"),
    ("I live near Delancey and Orchard.", "Delancey and Orchard"),
    ("They took him to Riverside General.", "Riverside"),
    ("She was at St. Vincent's for two weeks.", "St. Vincent's"),
    ("He's still in Fairview, the hospital in town.", "Fairview"),
    ("I work at Pruitt Lumber now.", "Pruitt Lumber"),
    ("I pick up my meds at the CVS on Harlan.", "Harlan"),
    ("I drive for Ostrander Moving on weekends.", "Ostrander Moving"),
    ("Denholm laid me off in the spring.", "Denholm"),
    ("Okay, Ezinne, what came up this week?", "Ezinne"),
    ("Sure. Nkechi, do you want to go first?", "Nkechi"),
    ("thanks, rafa.", "rafa"),
    ("so what do you think, bex?", "bex"),
    ("Jovana's mom picked us up.", "Jovana"),
    ("My neighbor, Mrs. Abernathy, checks on her.", "Abernathy"),
    ("Her birthday's on the thirtieth.", "thirtieth"),
    ("We moved here the summer she turned ninety.", "ninety"),
    ("Hope and I talked for an hour.", "Hope"),
    ("Grace called me twice yesterday.", "Grace"),
    ("I told Will I needed space.", "Will"),
]

SURVIVES = [
    "I hope and I pray it gets better.",
    "Me and my sister don't talk much.",
    "You and me both.",
    "I told him I needed space.",
    "Summer is always harder for me.",
    "I asked whether we could stop sooner.",
    "We talked about it in group today.",
    "I work for myself now.",
    "He drove for hours without stopping.",
    "First. Then the second one.",
    "Second, I want to talk about sleep.",
    "That was the third time this week.",
    "It could be ninety minutes, tops.",
    "I was ninety percent sure.",
    "The score was ninety-five out of a hundred? No, that's not right.",
    "Will you text me the worksheet?",
    "Grace under pressure, that's what they say.",
    "The rose garden was my mom's thing.",
    "Mark that on the sheet, please.",
    "I texted back right away.",
    "I called home twice.",
    "She asked everyone to leave.",
    "I drove to work in the rain.",
    "We went to church on Sunday.",
    "Um, the fourth step was the hardest.",
    "It was like the fifth or sixth time.",
    "Honestly, you and I both know it.",
    "The Burner Phone is a joke we have.",
    "He works at the hospital downtown.",
    "I was in the hospital for a week.",
    "We flew to Texas to see my brother.",
    "I want to go to Mexico next year.",
    "Sorry, what was the question?",
    "Right, so my mom said no.",
    "Okay, so where do I start?",
    "Honey, she said, you'll be fine.",
    "Thanks, that helps.",
    "Good morning.",
    "My husband and I argued again.",
    "I said no and he said yes.",
    "Both kids and I made pancakes.",
    "I'm fine, really.",
    "We used the TIPP skills.",
    "I did the PHQ-9 on the tablet.",
    "I take Lexapro in the morning.",
    "The Wise Mind exercise helped.",
    "You said, and I quote, it doesn't matter.",
    "My boss, who is new, keeps checking.",
    "I messaged the group chat.",
    "She called me stupid.",
    "I told everyone at work.",
    "Love you, bye.",
    "Take care.",
    "He's in Ohio for work.",
    "I texted mom and dad.",
]


def _one(text: str) -> Transcript:
    return Transcript(utterances=(Utterance(speaker="client", start=0.0, end=1.0, text=text),))


@pytest.mark.parametrize(("sentence", "identifier"), FOUND)
def test_when_identifier_is_in_a_slot_of_speech_then_no_letter_of_it_survives(
    scrubber: PresidioScrubber, sentence: str, identifier: str
) -> None:
    result = scrubber.scrub(_one(sentence))
    start = sentence.index(identifier)
    covered = {i for e in result.entities for i in range(e.start_char, e.end_char)}
    left = [i for i in range(start, start + len(identifier)) if sentence[i].isalnum() and i not in covered]
    assert left == []


@pytest.mark.parametrize("sentence", SURVIVES)
def test_when_speech_has_no_identifier_then_it_survives_unchanged(
    scrubber: PresidioScrubber, sentence: str
) -> None:
    result = scrubber.scrub(_one(sentence))
    assert result.utterances[0].text == sentence
