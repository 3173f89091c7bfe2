"""Ages of 90 and over ("my aunt turns ninety-four", "aged 97"); younger ages are not PHI.

A number 90-130 counts as an age only next to an age cue (turning, aged, "years old", "'s", "is", "will
be", "died at", "lived to"), so "ninety seconds" and "ninety percent" survive. "In her nineties" is an
age over 89 as well.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.recognizers.base import PhiRecognizer
from service.text.numbers import to_number

_NUM = (
    r"(?:\d{2,3}|(?:a\s+|one\s+)?hundred(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)?"
    r"|ninety(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)"
)
# Verbs and phrases that state an age, of the living or the dead ("she'll be", "died at", "lived to").
_AGE_CUE = (
    r"(?:turning|turned|turns|turn|aged|age|age\s+of|is|was|she's|he's|they're|i'm|being|reached|reach|"
    r"almost|nearly|over|be|been|would\s+(?:have|'ve)\s+been|would've\s+been|died\s+at|passed(?:\s+away)?\s+at|"
    r"lived\s+to|lived\s+until|made\s+it\s+to|live\s+to|at\s+the\s+age\s+of|at\s+age|when\s+(?:she|he|they)\s+"
    r"(?:was|were|turned))"
)
_NOT_AN_AGE = (
    r"(?!\s*(?:percent|%|seconds|minutes|hours|days|weeks|months|dollars|bucks|pounds|lbs|mg|times|miles|"
    r"degrees|minute|second|pages|points|feet|yards|people|cents|kilos|kg|out\s+of|/))"
)
_BEFORE = re.compile(rf"\b{_AGE_CUE}\s+(?P<n>{_NUM})(?![\w-]){_NOT_AN_AGE}", re.IGNORECASE)
# "in her nineties": a decade of life past 89 is an age over 89 too (Safe Harbor aggregates them).
_DECADE = re.compile(
    r"\b(?:in|into)\s+(?:his|her|their|my|your|the)\s+(?P<n>(?:early\s+|mid[\s-]|late\s+)?nineties)\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\b(?P<n>{_NUM})(?:\s+|-)(?:years?|yrs?)(?:\s+|-)old\b|\b(?P<n2>{_NUM})(?:st|nd|rd|th)?\s+birthday\b",
    re.IGNORECASE,
)


class AgeOver89Recognizer(PhiRecognizer):
    """Ages of 90 and above (see the module docstring)."""

    ENTITIES = ("AGE_OVER_89",)
    FAMILY = "ages"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Age spans of 90+."""
        out: list[RecognizerResult] = []
        for pattern, score in ((_BEFORE, 0.7), (_AFTER, 0.85)):
            for m in pattern.finditer(text):
                group = "n" if m.group("n") else "n2"
                value = to_number(m.group(group))
                if value is not None and 90 <= value <= 130:
                    out.append(self.result("AGE_OVER_89", m.start(group), m.end(group), score))
        for m in _DECADE.finditer(text):
            out.append(self.result("AGE_OVER_89", m.start("n"), m.end("n"), 0.6))
        return out
