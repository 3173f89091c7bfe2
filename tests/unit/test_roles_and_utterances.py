"""Role heuristic and utterance building."""

from __future__ import annotations

from service.domain.speech import SpeakerTurn, Word
from service.domain.transcript import Utterance
from service.transcribe.roles import assign_roles
from service.transcribe.utterances import build_utterances, speakers_by_overlap


def _u(speaker: str, text: str, start: float) -> Utterance:
    return Utterance(speaker=speaker, start=start, end=start + 2, text=text)


def test_when_one_speaker_asks_most_questions_then_that_speaker_is_therapist() -> None:
    utts = [
        _u("S0", "I had a rough week at work.", 0),
        _u("S1", "What made it rough?", 3),
        _u("S0", "My boss moved the deadline.", 6),
        _u("S1", "How did you respond?", 9),
        _u("S0", "I froze, honestly.", 12),
    ]
    assert assign_roles(utts) == {"S1": "therapist", "S0": "client"}


def test_when_three_speakers_then_clients_numbered_by_talk_time() -> None:
    utts = [
        _u("S0", "How was everyone's week?", 0),
        _u("S1", "Fine.", 3),
        Utterance(speaker="S2", start=5, end=20, text="Long story about my week and the kids."),
        _u("S0", "What else happened?", 21),
    ]
    assert assign_roles(utts) == {"S0": "therapist", "S2": "client", "S1": "client_2"}


def test_when_words_change_speaker_then_utterance_splits() -> None:
    words = [
        Word(start=0, end=0.4, text=" How"),
        Word(start=0.5, end=0.9, text=" are"),
        Word(start=1.0, end=1.3, text=" you?"),
        Word(start=2.0, end=2.5, text=" Tired."),
    ]
    turns = [SpeakerTurn(start=0, end=1.5, speaker="S0"), SpeakerTurn(start=1.6, end=3, speaker="S1")]
    utts = build_utterances(words, speakers_by_overlap(words, turns))
    assert [(u.speaker, u.text) for u in utts] == [("S0", "How are you?"), ("S1", "Tired.")]


def test_when_same_speaker_pauses_long_then_new_utterance() -> None:
    words = [Word(start=0, end=0.5, text="Okay."), Word(start=5.0, end=5.5, text="So.")]
    assert len(build_utterances(words, ["S0", "S0"])) == 2
