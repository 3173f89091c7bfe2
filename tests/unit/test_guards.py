"""Hallucination guards: loops collapse, unreliable and stock-phrase segments are dropped."""

from __future__ import annotations

from service.domain.speech import RecognizedSegment, Word
from service.transcribe.guards import clean_segments, collapse_loops


def _words(text: str, prob: float = 0.9) -> tuple[Word, ...]:
    return tuple(
        Word(start=i * 0.3, end=i * 0.3 + 0.25, text=" " + t, probability=prob)
        for i, t in enumerate(text.split())
    )


def _seg(
    text: str, *, logprob: float = -0.3, no_speech: float = 0.05, prob: float = 0.9
) -> RecognizedSegment:
    return RecognizedSegment(
        start=0,
        end=3,
        text=text,
        words=_words(text, prob),
        avg_logprob=logprob,
        no_speech_prob=no_speech,
        compression_ratio=1.2,
    )


def test_when_phrase_loops_then_collapsed_to_one_copy() -> None:
    loop = "I feel anxious. " + "I don't know. " * 6 + "Anyway."
    out = "".join(w.text for w in collapse_loops(_words(loop))).strip()
    assert out == "I feel anxious. I don't know. Anyway."


def test_when_person_repeats_a_word_briefly_then_kept() -> None:
    text = "no, no, no I did it"
    assert len(collapse_loops(_words(text))) == len(text.split())


def test_when_segment_is_likely_non_speech_then_dropped() -> None:
    assert clean_segments([_seg("Thank you.", logprob=-1.2, no_speech=0.8)]) == []


def test_when_stock_subtitle_phrase_is_unsure_then_dropped() -> None:
    assert clean_segments([_seg("Thanks for watching!", no_speech=0.4)]) == []


def test_when_client_says_thank_you_confidently_then_kept() -> None:
    kept = clean_segments([_seg("Thank you, that helps.")])
    assert [s.text for s in kept] == ["Thank you, that helps."]


def test_when_same_segment_repeats_three_times_then_third_dropped() -> None:
    segs = [_seg("It was a hard week.")] * 3
    assert len(clean_segments(segs)) == 2
