"""From timed words and speaker labels to utterances (speaker turns)."""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.speech import SpeakerTurn, Word
from service.domain.transcript import Utterance

# A pause this long inside one speaker's talk starts a new utterance (keeps evidence lines short).
MAX_PAUSE_S = 3.0


def speakers_by_overlap(words: Sequence[Word], turns: Sequence[SpeakerTurn]) -> list[str]:
    """Label each word with the diarization turn it overlaps most (nearest turn if none overlaps)."""
    labels = []
    j = 0
    for word in words:
        while j < len(turns) and turns[j].end <= word.start:
            j += 1
        best, best_overlap = None, 0.0
        for turn in turns[max(0, j - 1) : j + 2]:
            overlap = min(word.end, turn.end) - max(word.start, turn.start)
            if overlap > best_overlap:
                best, best_overlap = turn.speaker, overlap
        if best is None and turns:
            mid = (word.start + word.end) / 2
            best = min(turns, key=lambda t: min(abs(t.start - mid), abs(t.end - mid))).speaker
        labels.append(best or "S0")
    return labels


def build_utterances(words: Sequence[Word], speakers: Sequence[str]) -> list[Utterance]:
    """Group consecutive words of one speaker into utterances, splitting at long pauses."""
    out: list[Utterance] = []
    current: list[Word] = []
    current_speaker = ""
    for word, speaker in zip(words, speakers, strict=True):
        if current and (speaker != current_speaker or word.start - current[-1].end > MAX_PAUSE_S):
            out.append(_utterance(current, current_speaker))
            current = []
        current.append(word)
        current_speaker = speaker
    if current:
        out.append(_utterance(current, current_speaker))
    return out


def _utterance(words: list[Word], speaker: str) -> Utterance:
    text = "".join(w.text for w in words).strip()
    return Utterance(speaker=speaker, start=round(words[0].start, 2), end=round(words[-1].end, 2), text=text)
