"""Which spoken numbers in a sentence could be scores, and which clauses speak of an earlier period.

Numbers that are never scores: inside a placeholder, a scale's range ("zero to four", "one to ten"), a
score band ("ten to fourteen is moderate", "between ten and fourteen"), a denominator ("out of 27"), the
starting point of a change ("from sixteen down to eleven": eleven stays) or the score compared with
("lower than twelve"), the size of a change ("down by three"), an age ("when she was twelve"), an item's
number ("item nine"), a threshold ("fifteen or more", "the cutoff is ten"), and a number followed by a unit
("five minutes").
"""

from __future__ import annotations

import re

from service.extract.measure_vocabulary import MeasureVocabulary, any_match
from service.text.numbers import SpokenNumber, find_numbers

_NUM = r"(?:\d+|[a-z]+(?:-[a-z]+)?)"
_PLACEHOLDER = re.compile(r"\[[a-z_]+(?:_\d+)?\]")
_RANGE = re.compile(
    rf"\b(?:zero|0|one|1)\s*(?:-|to|through)\s*{_NUM}\b"
    r"|\bout of (?:ten|10|a hundred|one hundred|100)\b"
)
_BAND = re.compile(
    rf"\bbetween {_NUM} and {_NUM}\b|\b{_NUM} (?:to|through) {_NUM} (?:range|is|are|means|would be)\b"
)
_FROM = re.compile(rf"\bfrom (?:a |an )?({_NUM})\b")
_COMPARED = re.compile(rf"\b(?:compared (?:to|with)|versus|vs\.?|than)\s+(?:a\s+|an\s+)?({_NUM})\b")
_DENOMINATOR = re.compile(rf"\bout of ({_NUM})\b")
_ITEM_NUMBER = re.compile(rf"\b(?:item|question|number) ({_NUM})\b")
# An age, not a score: "when she was fourteen", "aged twelve", "turned fifteen".
_AGE = re.compile(
    rf"\b(?:when|since) (?:i|he|she|they|you|we) (?:was|were) ({_NUM})\b"
    rf"|\b(?:aged?|turned|turning) ({_NUM})\b"
)
# The size of a change, not a score: "down by three", "dropped four", "two lower than".
_CHANGE = re.compile(
    rf"\b(?:by|dropped|fell|rose|improved|gained|lost)\s+(?:about\s+|like\s+|almost\s+|nearly\s+)?({_NUM})\b"
    rf"|\b({_NUM})\s+(?:points?\s+)?(?:lower|higher|better|worse|less|more|down|up)\b"
)
# A threshold, not a score: "fifteen or more", "ten and above", "under ten", "at least five".
_THRESHOLD = re.compile(
    rf"\b({_NUM})\s+(?:or|and)\s+(?:more|higher|above|over|up|less|lower|below|under)\b"
    r"|\b(?:above|below|under|over|at least|more than|less than|greater than|fewer than)\s+"
    rf"(?:a\s+|an\s+)?({_NUM})\b"
)
# A clause about an instrument's cutoff names the threshold's number, never the client's score.
_CUTOFF = re.compile(r"\bcut[\s-]?offs?\b|\bthresholds?\b|\bclinical (?:cutoff|line|range starts)\b")
_NEXT_WORD = re.compile(r"\s*([a-z0-9'-]+)")
_HALF = re.compile(r"\s+and a half\b")
_PAST_VERB = re.compile(r"\b(?:was|were)\b")
_CLAUSE = re.compile(r"[,;:]\s*|\s+(?=(?:and|but|whereas|while)\b)")


def masked_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of a sentence whose numbers are not scores (see the module docstring)."""
    spans = [m.span() for m in _PLACEHOLDER.finditer(sentence)]
    spans += [m.span() for m in _RANGE.finditer(sentence)]
    spans += [m.span() for m in _BAND.finditer(sentence)]
    spans += [m.span(1) for m in _FROM.finditer(sentence)]
    spans += [m.span(1) for m in _COMPARED.finditer(sentence)]
    spans += [m.span(1) for m in _DENOMINATOR.finditer(sentence)]
    spans += [m.span(1) for m in _ITEM_NUMBER.finditer(sentence)]
    spans += [m.span(1) if m.group(1) else m.span(2) for m in _CHANGE.finditer(sentence)]
    spans += [m.span(1) if m.group(1) else m.span(2) for m in _AGE.finditer(sentence)]
    spans += [m.span(1) if m.group(1) else m.span(2) for m in _THRESHOLD.finditer(sentence)]
    for offset, clause in clauses(sentence):
        cutoff = _CUTOFF.search(clause)
        if cutoff is not None:
            spans.append((offset + cutoff.start(), offset + len(clause)))
    return spans


def next_word(sentence: str, end: int) -> str | None:
    """The word right after position ``end``, if the sentence goes on ("six-ish" is followed by "ish")."""
    follower = _NEXT_WORD.match(sentence, end)
    return follower.group(1).strip("-") or None if follower else None


def score_numbers(
    sentence: str, vocab: MeasureVocabulary, skip: list[tuple[int, int]] | None = None
) -> list[SpokenNumber]:
    """Numbers in a sentence that could be scores: not masked, not in ``skip``, not followed by a unit."""
    spans = masked_spans(sentence) + (skip or [])
    out = []
    for n in find_numbers(sentence):
        if any(s <= n.start < e for s, e in spans):
            continue
        half = _HALF.match(sentence, n.end)
        if half is not None:
            n = SpokenNumber(n.value + 0.5, n.start, half.end())
        if next_word(sentence, n.end) in vocab.units:
            continue
        out.append(n)
    return out


def clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a sentence, split at commas and coordinating conjunctions."""
    out, start = [], 0
    for m in _CLAUSE.finditer(sentence):
        out.append((start, sentence[start : m.start()]))
        start = m.end()
    out.append((start, sentence[start:]))
    return [(o, c) for o, c in out if c.strip()]


def past_spans(sentence: str, vocab: MeasureVocabulary, markers: str = "past") -> list[tuple[int, int]]:
    """Clauses that quote an earlier score for comparison ("down from twenty-eight at intake").

    A clause is past when it holds a marker of an earlier period (``markers``: "past" for this clinic's
    chart, "earlier" for another provider's result, whose "last week" is this period), or a past verb
    with a comparison word ("it was higher too"). A clause without a time word continues the time of the
    clause before it ("last week fourteen, and at intake sixteen, ... twenty"), unless it says now.
    """
    c = vocab.compiled
    spans: list[tuple[int, int]] = []
    previous_past = False
    for offset, clause in clauses(sentence):
        marked = any_match(c[markers], clause)
        now = any_match(c["now"], clause)
        compared = bool(_PAST_VERB.search(clause)) and any_match(c["comparison"], clause)
        past = marked or (not now and (compared or (previous_past and not any_match(c["current"], clause))))
        if past:
            spans.append((offset, offset + len(clause)))
        previous_past = past
    return spans
