"""Identifiers read aloud or written: phone, fax, SSN, MRN, member id, account, licence, plate, serial.

A run is a sequence of number words ("five five five, three oh two"), digits, capital letters spelled
inside an identifier ("B as in boy", "R J") and "dash", joined by spaces, commas or hyphens. A run is an
identifier when its digits match the chart, when a keyword types it ("fax", "MRN", "member number";
in the same utterance or in the question just before), or when it is long and made of single digits
(seven or more digits, five or more spoken one by one). The type comes from the chart, then the nearest
keyword, then the shape (ten digits: a phone number). Counting ("one, two, three, four") and short
numbers (scores, the 988 line) never qualify.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import NUMBER_WORD, Lexicon
from service.scrub.recognizers.base import PhiRecognizer, word_alternation
from service.scrub.session import current_state
from service.text.numbers import spoken_digits, word_digits

_LETTER = r"(?-i:[B-HJ-Z]|[A-Z](?=\s+as\s+in\b))(?:\s+as\s+in\s+[A-Z][a-z]+)?"
_WRITTEN = r"(?-i:[A-Z]{0,4}\d+[A-Z0-9]*)"
_UNIT = rf"(?:{NUMBER_WORD}|{_WRITTEN}|{_LETTER})"
_SEP = r"(?:\s*,\s*(?:dash\s*,\s*|hyphen\s*,\s*)?|\s+(?:dash|hyphen)\s+|\s*-\s*|\s+)"
RUN = re.compile(rf"(?<![\w-])(?i:{_UNIT}(?:{_SEP}{_UNIT})*)(?![\w-])")
_UNIT_RE = re.compile(rf"(?i:{_UNIT})")
_LEADING_OH = re.compile(r"^(?:oh|o)\s*,\s*", re.IGNORECASE)
_WINDOW = 80
_WEAK_KEYWORDS = {"number", "call", "text"}


class SpokenNumberRecognizer(PhiRecognizer):
    """Numbers read aloud or written that identify a person (see the module docstring)."""

    ENTITIES = (
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "HEALTH_PLAN_ID",
        "ACCOUNT",
        "LICENSE",
        "VEHICLE",
        "DEVICE",
        "OTHER_ID",
        "LOCATION",
        "DATE",
    )
    FAMILY = "spoken-numbers"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self._keywords = [
            (kind, re.compile(rf"\b(?:{word_alternation([kw])})\b", re.IGNORECASE), len(kw))
            for kind, words in config.number_context.items()
            for kw in words
        ]

    def _keyword_type(self, text: str) -> tuple[str | None, int]:
        """The type of the keyword nearest to the end of ``text`` and its end offset.

        "number", "call" and "text" only type a phone when no specific keyword is near
        ("the account number is ...", "my license number is ...").
        """
        best: tuple[str | None, int, int] = (None, -1, 0)
        weak: tuple[str | None, int, int] = (None, -1, 0)
        for kind, pattern, length in self._keywords:
            for m in pattern.finditer(text):
                is_weak = m.group(0).lower() in _WEAK_KEYWORDS
                current = weak if is_weak else best
                if (m.end(), length) > (current[1], current[2]):
                    if is_weak:
                        weak = (kind, m.end(), length)
                    else:
                        best = (kind, m.end(), length)
        chosen = best if best[0] is not None else weak
        return chosen[0], chosen[1]

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Identifier runs in ``text``."""
        state = current_state()
        out: list[RecognizerResult] = []
        for m in RUN.finditer(text):
            start, end = m.start(), m.end()
            lead = _LEADING_OH.match(text[start:end])
            if lead:
                start += lead.end()
            run = text[start:end].rstrip(" ,-")
            end = start + len(run)
            units = [u.strip() for u in _UNIT_RE.findall(run)]
            digits = spoken_digits(run)
            if len(digits) < 4 or not units:
                continue
            values = [word_digits(u) for u in units]
            if _is_counting(values):
                continue
            # Digits said one by one (or written) are what identifiers are made of; "eighty, seventy"
            # (a rating series) is not.
            single = sum(
                len(re.sub(r"\D", "", u)) if any(c.isdigit() for c in u) else 1
                for u, v in zip(units, values, strict=True)
                if v is not None and (len(v) == 1 or any(c.isdigit() for c in u))
            )
            groups = [spoken_digits(g) for g in re.split(r",|\bdash\b|\bhyphen\b", run, flags=re.IGNORECASE)]
            kind: str | None = None
            score = 0.0
            for chart_digits, chart_kind, _key in state.chart.numbers:
                if digits == chart_digits or (
                    len(digits) >= 7 and (digits in chart_digits or chart_digits in digits)
                ):
                    kind, score = chart_kind, 0.95
                    break
            if kind is None:
                kw_kind, _ = self._keyword_type(text[max(0, start - _WINDOW) : start])
                if kw_kind is None:
                    # "... 312-44-8810 for the social": a keyword just after the number.
                    after = text[end : end + 40]
                    kw_kind = next(
                        (k for k, p, _n in self._keywords if p.search(after) and k != "PHONE"), None
                    )
                if kw_kind is None and start <= 40:
                    # A bare answer ("Eight two oh, ...") is typed by the question before it.
                    kw_kind, _ = self._keyword_type(state.previous_text[-_WINDOW * 2 :])
                if kw_kind is not None and single >= 3:
                    kind, score = kw_kind, 0.8
                    if kind == "PHONE" and len(digits) not in (7, 10, 11):
                        # "number" and "call" type a phone only loosely.
                        kind = "OTHER_ID"
                elif len(digits) >= 7 and single >= 5:
                    kind, score = _kind_by_shape(digits, [len(g) for g in groups if g]), 0.6
                elif re.search(r"(?-i:[A-Z])", run) and re.search(r"\d{5,}", run):
                    kind, score = "OTHER_ID", 0.55
            if kind is None:
                continue
            out.append(self.result(kind, start, end, score))
        return out


def _is_counting(values: list[str | None]) -> bool:
    nums = [int(v) for v in values if v is not None and v.isdigit() and len(v) <= 2]
    if len(nums) < 3 or len(nums) != len(values):
        return False
    steps = {b - a for a, b in itertools.pairwise(nums)}
    return steps in ({1}, {-1})


def _kind_by_shape(digits: str, groups: list[int]) -> str:
    if len(digits) in (7, 10) or (len(digits) == 11 and digits.startswith("1")):
        return "PHONE"
    if groups == [3, 2, 4]:
        return "SSN"
    return "OTHER_ID"
