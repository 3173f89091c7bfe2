"""Numbers as a speech recogniser writes them: "eleven", "twenty-five", "a hundred", "seventy", "41".

Scores in a session are spoken ("your GAD-7 came out at eleven", "like a four"). This module finds every
number in a normalised (lower-case) text with its character span, so a caller can look at the words
around it (an instrument name before it, a unit after it). "oh" counts as zero only inside a run of
digits ("three oh two"); "one" used as a pronoun ("the one", "one of", "this one") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS: dict[str, int] = {
    "zero": 0,
    "nought": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
# "one" is a number only after words like these (or opening a sentence): "a one", "scored one",
# "maybe one"; otherwise it is a pronoun ("the depression one", "this one", "one of them").
_ONE_AFTER = frozenset(
    {
        "a", "at", "is", "was", "be", "been", "scored", "score", "got", "marked", "put", "about", "like",
        "maybe", "around", "just", "only", "number", "level", "from", "to", "as", "it's", "its", "and", "or",
        "than", "said", "says", "answered", "probably", "exactly",
    }
)  # fmt: skip
_PRONOUN_AFTER = frozenset(
    {"of", "thing", "things", "more", "that", "who", "which", "another", "day", "time", "way"}
)


@dataclass(frozen=True)
class SpokenNumber:
    """A number found in text, with the span of the words that say it."""

    value: float
    start: int
    end: int

    @property
    def integer(self) -> int | None:
        """The value as an int when it is whole."""
        return int(self.value) if float(self.value).is_integer() else None


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _word_value(word: str) -> int | None:
    if word in UNITS:
        return UNITS[word]
    if word in TEENS:
        return TEENS[word]
    return TENS.get(word)


def find_numbers(text: str) -> list[SpokenNumber]:
    """Every number in ``text`` (normalised, lower case), left to right, with character spans."""
    toks = _tokens(text)
    found: list[SpokenNumber] = []
    i = 0
    while i < len(toks):
        word, start, end = toks[i]
        if word[0].isdigit():
            found.append(SpokenNumber(float(word), start, end))
            i += 1
            continue
        parsed = _parse_at(toks, i)
        if parsed is None:
            i += 1
            continue
        value, last = parsed
        if word == "one" and last == i and _is_pronoun_one(toks, i, text):
            i += 1
            continue
        found.append(SpokenNumber(float(value), start, toks[last][2]))
        i = last + 1
    return found


def _is_pronoun_one(toks: list[tuple[str, int, int]], i: int, text: str) -> bool:
    after = toks[i + 1][0] if i + 1 < len(toks) else ""
    if after in _PRONOUN_AFTER:
        return True
    if i == 0 or re.search(r"[.?!,:;]\s*$", text[: toks[i][1]]):
        return False
    return toks[i - 1][0] not in _ONE_AFTER


def _parse_at(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Parse a spoken number starting at token ``i``; returns (value, index of its last token)."""
    word = toks[i][0]
    if word == "a" and i + 1 < len(toks) and toks[i + 1][0] == "hundred":
        return _after_hundred(toks, 100, i + 1)
    if word == "oh":
        # Zero only between digits read one by one ("three oh two").
        prev_digit = i > 0 and toks[i - 1][0] in UNITS
        next_digit = i + 1 < len(toks) and toks[i + 1][0] in UNITS
        return (0, i) if prev_digit or next_digit else None
    found = _word_value(word)
    if found is None:
        return None
    value, last = found, i
    if word in TENS and i + 1 < len(toks) and toks[i + 1][0] in UNITS and toks[i + 1][0] != "zero":
        value += UNITS[toks[i + 1][0]]
        last = i + 1
    if last + 1 < len(toks) and toks[last + 1][0] == "hundred" and value < 10:
        return _after_hundred(toks, value * 100, last + 1)
    return value, last


def _after_hundred(toks: list[tuple[str, int, int]], value: int, last: int) -> tuple[int, int]:
    """Continue "one hundred (and) fifty-five" after the word "hundred"."""
    j = last + 1
    if j < len(toks) and toks[j][0] == "and":
        j += 1
    if j < len(toks):
        rest = _word_value(toks[j][0])
        if rest is not None and rest < 100:
            end = j
            if toks[j][0] in TENS and j + 1 < len(toks) and toks[j + 1][0] in UNITS:
                rest += UNITS[toks[j + 1][0]]
                end = j + 1
            return value + rest, end
    return value, last


def to_number(phrase: str) -> float | None:
    """The single number a short phrase says ("a four", "twenty-five", "seventy"), if it says exactly one."""
    numbers = find_numbers(phrase.lower())
    return numbers[0].value if len(numbers) == 1 else None
