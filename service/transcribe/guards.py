"""Post-decoding hallucination guards.

Whisper's decoder sometimes (a) emits stock phrases from its training subtitles over noise or silence
("Thank you for watching"), (b) keeps decoding a segment it judged to be non-speech, and (c) loops on a
phrase. The engines already refuse the worst windows via their thresholds; these guards re-check every
segment (a runtime can ignore a threshold silently) and repair loops inside kept segments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.speech import RecognizedSegment, Word

# Phrases Whisper is known to invent over non-speech; dropped only when the decoder was also unsure.
STOCK_PHRASES = (
    "thank you for watching",
    "thanks for watching",
    "please subscribe",
    "like and subscribe",
    "subtitles by",
    "transcribed by",
    "amara.org",
    "www.",
    "see you in the next video",
)
_NORM = re.compile(r"[^\w']+")


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def _mean_probability(words: Sequence[Word]) -> float:
    return sum(w.probability for w in words) / len(words) if words else 0.0


def is_unreliable(seg: RecognizedSegment) -> bool:
    """Whisper's own non-speech rule plus a floor on confidence, re-applied after decoding."""
    if not seg.words:
        return True
    if seg.no_speech_prob > 0.6 and seg.avg_logprob < -1.0:
        return True
    if seg.avg_logprob < -1.5 and _mean_probability(seg.words) < 0.35:
        return True
    text = _norm(seg.text)
    unsure = seg.no_speech_prob > 0.3 or _mean_probability(seg.words) < 0.6
    return unsure and any(phrase in text for phrase in STOCK_PHRASES)


def collapse_loops(words: Sequence[Word]) -> list[Word]:
    """Collapse an n-gram repeated back to back (>=3 times for n>=3 words, >=5 times for shorter) to one copy.

    People do repeat themselves ("no, no, no"), so short repeats survive; Whisper's loops are long.
    """
    out = list(words)
    for n in range(1, 9):  # shortest first, so a loop of a 3-gram is not kept as two copies of a 6-gram
        min_copies = 3 if n >= 3 else 5
        i = 0
        while i + n * min_copies <= len(out):
            gram = [_norm(w.text) for w in out[i : i + n]]
            copies = 1
            while (
                i + n * (copies + 1) <= len(out)
                and [_norm(w.text) for w in out[i + n * copies : i + n * (copies + 1)]] == gram
            ):
                copies += 1
            if copies >= min_copies:
                del out[i + n : i + n * copies]
            i += 1
    return out


def clean_segments(segments: Sequence[RecognizedSegment]) -> list[RecognizedSegment]:
    """Drop unreliable segments, collapse loops, and drop a segment repeating the previous one verbatim."""
    kept: list[RecognizedSegment] = []
    repeats = 0
    for seg in segments:
        if is_unreliable(seg):
            continue
        words = collapse_loops(seg.words)
        if len(words) != len(seg.words):
            seg = seg.model_copy(
                update={"words": tuple(words), "text": "".join(w.text for w in words).strip()}
            )
        if kept and _norm(kept[-1].text) == _norm(seg.text):
            repeats += 1
            if repeats >= 2:  # a third identical segment in a row is a loop across windows
                continue
        else:
            repeats = 0
        kept.append(seg)
    return kept
