"""Numbers in text, written ("11", "4.5") or as a speech recogniser writes them ("eleven", "twenty-five",
"a hundred and fifty", "three oh two"). The one word table and the one parser of the service:

- :func:`find_numbers`: every number, left to right, with the span of the words that say it (measure
  extraction looks at the words around a score; the faithfulness check compares numbers in order);
- :func:`to_number`: the single number a short phrase says ("a four", "ninety-three");
- :func:`number_set`: every reading of the numbers in a text, for support checks: each number, digits
  read one by one joined ("nine eight eight" is 9, 8, 8 and 988) and "once"/"twice"/"thrice";
- :func:`spoken_digits` and :func:`word_digits`: the digit string behind a number read aloud
  ("five five five, three oh two" -> "555302"), which the PHI scrubber compares identifiers by.

"oh" is zero only among digits read one by one ("three oh two", "oh five"; not "Oh, three days");
"one" used as a pronoun ("the one", "one of", "this one") is skipped unless the caller asks for every
"one". "a" or nothing before a multiplier is one ("a hundred", "hundred and two").
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
# Zero as said in an identifier read aloud ("three oh two", "five o five"); see find_numbers for "oh".
SPOKEN_ZERO: dict[str, int] = {"oh": 0, "o": 0}
TIMES: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
_BELOW_HUNDRED = {**UNITS, **TEENS, **TENS}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+", re.IGNORECASE)
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
_JOINERS = ("and", "a")

_Token = tuple[str, int, int]  # lower-cased word or digits, start, end
_Parser = Callable[[list[_Token], int], tuple[int, int] | None]


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


def _tokens(text: str) -> list[_Token]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def find_numbers(text: str, *, every_one: bool = False) -> list[SpokenNumber]:
    """Every number in ``text``, left to right, with character spans.

    ``every_one=True`` counts "one" even where it reads as a pronoun ("this one", "one of them").
    """
    toks = _tokens(text)
    found: list[SpokenNumber] = []
    i = 0
    while i < len(toks):
        word, start, end = toks[i]
        if word[0].isdigit():
            found.append(SpokenNumber(float(word), start, end))
            i += 1
            continue
        if word == "oh":
            if _is_zero_oh(toks, i, text):
                found.append(SpokenNumber(0.0, start, end))
            i += 1
            continue
        parsed = _parse_at(toks, i)
        if parsed is None:
            i += 1
            continue
        value, last = parsed
        if word == "one" and last == i and not every_one and _is_pronoun_one(toks, i, text):
            i += 1
            continue
        found.append(SpokenNumber(float(value), start, toks[last][2]))
        i = last + 1
    return found


def to_number(phrase: str) -> float | None:
    """The single number a short phrase says ("a four", "twenty-five", "seventy"), if it says exactly one."""
    numbers = find_numbers(phrase)
    return numbers[0].value if len(numbers) == 1 else None


def number_set(text: str) -> set[float]:
    """Every reading of every number in ``text``, as digits ("11", "4-count", "10/10") or spoken.

    Spoken numbers give their value ("a hundred and fifty" -> 150, "one" in any use -> 1); digits read
    one by one also give the joined digits ("nine eight eight" -> 9, 8, 8 and 988); "once", "twice" and
    "thrice" give 1, 2 and 3.
    """
    found = find_numbers(text, every_one=True)
    out = {n.value for n in found}
    for first, last in _digit_runs(text, found):
        out.add(float(spoken_digits(text[first.start : last.end])))
    out.update(float(TIMES[word]) for word, _, _ in _tokens(text) if word in TIMES)
    return out


def _digit_runs(text: str, found: list[SpokenNumber]) -> list[tuple[SpokenNumber, SpokenNumber]]:
    """First and last number of each run of two or more single digits said one by one ("nine, eight, eight").

    A run is a stretch of spoken numbers with nothing but punctuation, "and" or "a" between them; it counts
    only when every number in it is a single digit word. Written digits end a run.
    """
    runs: list[list[SpokenNumber]] = []
    for n in found:
        said = text[n.start : n.end]
        if said[0].isdigit():
            runs.append([])
            continue
        prev = runs[-1][-1] if runs and runs[-1] else None
        if prev is not None and all(w in _JOINERS for w, _, _ in _tokens(text[prev.end : n.start])):
            runs[-1].append(n)
        else:
            runs.append([n])
    return [
        (run[0], run[-1])
        for run in runs
        if len(run) > 1 and all(n.value < 10 and text[n.start : n.end].isalpha() for n in run)
    ]


def _is_pronoun_one(toks: list[_Token], i: int, text: str) -> bool:
    after = toks[i + 1][0] if i + 1 < len(toks) else ""
    if after in _PRONOUN_AFTER:
        return True
    if i == 0 or re.search(r"[.?!,:;]\s*$", text[: toks[i][1]]):
        return False
    return toks[i - 1][0] not in _ONE_AFTER


def _is_zero_oh(toks: list[_Token], i: int, text: str) -> bool:
    """Whether "oh" is zero: among digits read one by one ("three oh two", "oh five"), not "Oh, three"."""
    if _word(toks, i - 1) in UNITS:
        return True
    return _word(toks, i + 1) in UNITS and not text[toks[i][2] : toks[i + 1][1]].strip()


def _word(toks: list[_Token], i: int) -> str:
    return toks[i][0] if 0 <= i < len(toks) else ""


def _parse_at(toks: list[_Token], i: int) -> tuple[int, int] | None:
    """Parse a spoken number starting at token ``i``; returns (value, index of its last token)."""
    word = toks[i][0]
    if word == "a" and _word(toks, i + 1) in _MULTIPLIERS:
        value, last = 1, i  # "a hundred", "a thousand"
    elif word in _MULTIPLIERS:
        value, last = 1, i - 1  # a bare "hundred" is one hundred
    else:
        head = _below_hundred(toks, i)
        if head is None:
            return None
        value, last = head
    value, last = _scaled(toks, value, last, "hundred", _below_hundred)
    return _scaled(toks, value, last, "thousand", _below_thousand)


def _below_thousand(toks: list[_Token], i: int) -> tuple[int, int] | None:
    """A number below a thousand at token ``i``: "seven", "two hundred (and) five"."""
    head = _below_hundred(toks, i)
    return None if head is None else _scaled(toks, *head, "hundred", _below_hundred)


def _below_hundred(toks: list[_Token], i: int) -> tuple[int, int] | None:
    """A number below a hundred at token ``i``: "seven", "twelve", "forty", "forty-two" (two tokens)."""
    word = toks[i][0]
    if word not in _BELOW_HUNDRED:
        return None
    value = _BELOW_HUNDRED[word]
    unit = UNITS.get(_word(toks, i + 1), 0)
    if word in TENS and unit:
        return value + unit, i + 1
    return value, i


def _scaled(toks: list[_Token], value: int, last: int, multiplier: str, rest: _Parser) -> tuple[int, int]:
    """``value`` times ``multiplier`` if that word follows token ``last``, plus what ``rest`` reads after
    it ("two hundred (and) fifty-five", "twelve hundred", "five thousand two hundred")."""
    if _word(toks, last + 1) != multiplier:
        return value, last
    value, last = value * _MULTIPLIERS[multiplier], last + 1
    j = last + 2 if _word(toks, last + 1) == "and" else last + 1
    tail = rest(toks, j) if j < len(toks) else None
    return (value + tail[0], tail[1]) if tail is not None else (value, last)


# --- digit strings (identifiers read aloud) ---------------------------------------------------------


_DIGIT_SPLIT = re.compile(r"[\s,.;:]+|(?<=[a-z])-(?=[a-z])", re.IGNORECASE)


def word_digits(word: str) -> str | None:
    """Digits a single spoken or written number token stands for ("oh" -> "0", "twenty" -> "20")."""
    w = word.lower()
    if w.isdigit():
        return w
    value = _BELOW_HUNDRED.get(w, SPOKEN_ZERO.get(w))
    return None if value is None else str(value)


def spoken_digits(text: str) -> str:
    """The digit string of a number read aloud or written, e.g. "three oh two, twenty-six" -> "30226".

    Compound tens ("twenty-six") become two digits; "double five" repeats; "hundred" appends "00"
    unless more digits follow ("eleven hundred" -> "1100", "one hundred two" -> "102"). Letters and other
    words are skipped, so "R as in Robert, nine one five" -> "915".
    """
    words = [w.lower() for w in _DIGIT_SPLIT.split(text) if w]
    out: list[str] = []
    repeat = 1
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("double", "triple"):
            repeat = 2 if w == "double" else 3
        elif w in TENS and UNITS.get(nxt, 0):
            out.append(str(TENS[w] + UNITS[nxt]) * repeat)
            repeat = 1
            i += 1
        elif w == "hundred":
            following = word_digits(nxt)
            if following is None:
                out.append("00")
            elif len(following) == 1:
                out.append("0")
        elif w == "thousand":
            out.append("000")
        else:
            digits = re.sub(r"\D", "", w) if any(c.isdigit() for c in w) else word_digits(w)
            if digits:
                out.append(digits * repeat)
                repeat = 1
        i += 1
    return "".join(out)
