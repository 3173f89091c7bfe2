"""Dates finer than a year, written or spoken, and holidays.

Caught: "the ninth of May", "May 9th", "August fourth, nineteen eighty", "Friday the
twenty-fourth", "the fifteenth", "3/12", "2024-03-12", "since October" (a month tied to an event) and
holidays. Not caught, on purpose: weekdays, relative time ("last week"), seasons, durations, years alone.
"the first/second/third" need a preposition before them ("on the third") because they are ordinary
ordinals far more often than dates; any ordinal followed by a noun ("the fourth step") is not a date.

Spoken fragments: an ordinal day said alone as an answer ("The ninth." / "Seventeenth?"), a day of a
named month ("the fifth of next month"), and a date said as numbers ("ten nine, eighty-four" for
10/9/84) when a birth or date cue is in the sentence or in the question before it.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTH, ORDINAL_DAY, WEEKDAYS, Lexicon
from service.scrub.recognizers.base import PhiRecognizer, word_alternation
from service.scrub.session import current_state
from service.text.numbers import to_number

_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_SPOKEN_YEAR = (
    r"(?:(?:nineteen|twenty)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))"
    r"|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+\w+)?))?"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))"
)
_YEAR = rf"(?:\d{{4}}|'\d{{2}}|{_SPOKEN_YEAR})"
_YEAR_TAIL = rf"(?:,?\s+(?:in\s+)?{_YEAR}\b)?"
_LEAD = rf"(?:{_WEEKDAY},?\s+)?"

_PATTERNS: tuple[tuple[str, float], ...] = (
    # the twelfth of March(, 1996)
    (rf"{_LEAD}(?:the\s+)?{ORDINAL_DAY}\s+of\s+{MONTH}{_YEAR_TAIL}", 0.9),
    # March 12th / March the twelfth / June third, nineteen seventy-three / March 12, 2024
    (rf"{_LEAD}{MONTH}\s+(?:the\s+)?(?:{ORDINAL_DAY}|{_DAY}\b){_YEAR_TAIL}", 0.85),
    # 12 March 2024
    (rf"\b{_DAY}\s+{MONTH}{_YEAR_TAIL}", 0.8),
    # Tuesday the twenty-fourth
    (rf"{_WEEKDAY},?\s+the\s+{ORDINAL_DAY}\b", 0.85),
    # 3/12, 03/12/2024, 3-12-24
    (r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?:/(?:\d{4}|\d{2}))?(?![\d/])", 0.8),
    (r"(?<![\d-])(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-(?:\d{4}|\d{2})(?![\d-])", 0.8),
    # 2024-03-12
    (r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b", 0.9),
    # March 2024
    (rf"{MONTH}\s+(?:of\s+)?\d{{4}}\b", 0.8),
)
_THE_ORDINAL = re.compile(
    rf"(?:\b(?P<prep>on|by|until|till|before|after|since|from|for|through|to)\s+)?"
    rf"(?P<span>\bthe\s+(?P<ord>{ORDINAL_DAY}))\b",
    re.IGNORECASE,
)
_LOW_ORDINALS = {"first", "second", "third", "1st", "2nd", "3rd"}
# A month tied to an event: after a preposition or time word; the month alone is the span.
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|through|from|last|next|this|early|late|mid|mid-|end\s+of|beginning\s+of|"
    r"start\s+of|around|before|after|during|of|back\s+in|that)\s+(?:early\s+|late\s+|mid-?)?(?P<m>"
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December))\b",
    re.IGNORECASE,
)
# Months that are not also common words or names can stand alone when capitalised mid-sentence.
_PLAIN_MONTH = re.compile(r"(?<=[a-z,]\s)(?P<m>January|February|July|September|October|November|December)\b")
_NOUNISH = {"NOUN", "PROPN", "ADJ", "NUM"}
_DAY_AFTER = re.compile(rf"\s+(?:the\s+)?(?!(?:first|second|1st|2nd)\b)(?:{ORDINAL_DAY})\b", re.IGNORECASE)
# An ordinal day said as a whole sentence: "The ninth." / "Um, the twenty-second?" / "On the 5th."
_FRAGMENT = re.compile(
    rf"(?:^|[.?!]\s+)(?:(?:um|uh|so|oh|it's|it\s+was|that's|on|by)[,]?\s+)*(?P<span>(?:the\s+)?{ORDINAL_DAY})"
    r"\s*(?:[.?!]|$)",
    re.IGNORECASE,
)
# "the fifth of next month"
_OF_MONTH = re.compile(
    rf"\b(?:the\s+)?{ORDINAL_DAY}\s+of\s+(?:this|next|last|that|the|every|each)\s+month\b", re.IGNORECASE
)
_DATE_CUE = re.compile(
    r"\b(?:born|birth|birthday|dob|d\.?\s*o\.?\s*b|date|anniversary|due|died|passed|wedding|appointment)\b",
    re.IGNORECASE,
)


class SpokenDateRecognizer(PhiRecognizer):
    """Calendar dates and holidays (see the module docstring)."""

    ENTITIES = ("DATE",)
    FAMILY = "dates"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self._patterns = [(re.compile(p, re.IGNORECASE), s) for p, s in _PATTERNS]
        self._holidays = (
            re.compile(rf"\b(?:{word_alternation(config.holidays)})(?!\w)", re.IGNORECASE)
            if config.holidays
            else None
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Date spans in ``text``."""
        out: list[RecognizerResult] = []
        for pattern, score in self._patterns:
            for m in pattern.finditer(text):
                if _bad_month_word(m.group(0)):
                    continue
                out.append(self.result("DATE", m.start(), m.end(), score))
        doc = getattr(nlp_artifacts, "tokens", None)
        for m in _THE_ORDINAL.finditer(text):
            ordinal = m.group("ord").lower()
            if ordinal in _LOW_ORDINALS and not m.group("prep"):
                continue
            if _followed_by_noun(doc, text, m.end()):
                continue
            out.append(self.result("DATE", m.start("span"), m.end("span"), 0.7))
        state = current_state()
        for m in _FRAGMENT.finditer(text):
            ordinal = re.sub(r"^the\s+", "", m.group("span").lower())
            if ordinal in _LOW_ORDINALS and not _DATE_CUE.search(state.previous_text + " " + text):
                continue
            out.append(self.result("DATE", m.start("span"), m.end("span"), 0.7))
        for m in _OF_MONTH.finditer(text):
            out.append(self.result("DATE", m.start(), m.end(), 0.8))
        if _DATE_CUE.search(text) or _DATE_CUE.search(state.previous_text[-200:]):
            for start, end in numeric_dates(text):
                out.append(self.result("DATE", start, end, 0.75))
        for m in _MONTH_CONTEXT.finditer(text):
            out.append(self.result("DATE", m.start("m"), m.end("m"), 0.75))
        for m in _PLAIN_MONTH.finditer(text):
            out.append(self.result("DATE", m.start("m"), m.end("m"), 0.6))
        if self._holidays is not None:
            for m in self._holidays.finditer(text):
                out.append(self.result("DATE", m.start(), m.end(), 0.75))
        return out


def _bad_month_word(span: str) -> bool:
    """ "may" and "march" in lower case are verbs, not months, unless a day ordinal follows ("may ninth")."""
    first = re.match(r"\w+", span)
    if first is None:
        return False
    word = first.group(0)
    if word in ("may", "march") and _DAY_AFTER.match(span, first.end()):
        return False
    return word in ("may", "march") or (
        word in ("May",) and bool(re.fullmatch(r"May\s+(?:I|we|you|be)\b.*", span))
    )


def _followed_by_noun(doc: Any, text: str, end: int) -> bool:
    """Whether the word after ``end`` is a noun or adjective ("the fourth step", "the third time")."""
    nxt = re.match(r"\s+([A-Za-z][\w'-]*)", text[end:])
    if nxt is None:
        return False
    word = nxt.group(1).lower()
    if word in ("or", "and", "to") and re.match(rf"\s+\w+\s+(?:{ORDINAL_DAY})\b", text[end:], re.IGNORECASE):
        return True  # "the fifth or sixth time": a count of times, not a date
    if word in ("of", "at", "and", "or", "is", "was", "then", "so", "but", "works", "too", "okay", "right"):
        return False
    if doc is not None:
        pos = end + nxt.start(1)
        for token in doc:
            if token.idx == pos:
                return bool(token.pos_ in _NOUNISH)
    return True


_NUMBER_TOKEN = re.compile(
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|"
    r"eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"oh[\s-](?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|"
    r"\d{1,4}",
    re.IGNORECASE,
)
_SPOKEN_DATE = re.compile(
    rf"\b(?P<m>{_NUMBER_TOKEN.pattern})[\s,/-]+(?P<d>{_NUMBER_TOKEN.pattern})[\s,/-]+"
    rf"(?P<y>(?:nineteen|twenty|two\s+thousand(?:\s+and)?)?[\s-]*(?:{_NUMBER_TOKEN.pattern}))\b",
    re.IGNORECASE,
)


def _value(words: str) -> int | None:
    words = re.sub(r"^oh[\s-]+", "", words.strip(), flags=re.IGNORECASE)
    value = to_number(words)
    return int(value) if value is not None and float(value).is_integer() else None


def numeric_dates(text: str) -> list[tuple[int, int]]:
    """Dates said as three numbers, month day year ("ten nine, eighty-four"): spans of valid ones."""
    out = []
    for m in _SPOKEN_DATE.finditer(text):
        month, day = _value(m.group("m")), _value(m.group("d"))
        year_words = m.group("y")
        year = _value(year_words)
        if year is None:
            century = re.match(r"(nineteen|twenty)[\s-]+(.+)$", year_words.strip(), re.IGNORECASE)
            tail = _value(century.group(2)) if century else None
            year = tail if tail is not None else None
        if month is None or day is None or year is None:
            continue
        if day - month == year - day and abs(day - month) == 1:
            continue  # counting ("five, six, seven")
        if 1 <= month <= 12 and 1 <= day <= 31 and (0 <= year <= 99 or 1900 <= year <= 2099):
            out.append((m.start(), m.end()))
    return out
