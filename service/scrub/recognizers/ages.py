"""Ages of 90 and over ("she's turning ninety-three", "he is 97 years old"); younger ages are not PHI.

A number 90-130 counts as an age only next to an age cue (turning, aged, "years old", "'s", "is"), so
"ninety seconds" and "ninety percent" survive.
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
_BEFORE = re.compile(
    rf"\b(?:turning|turned|turns|turn|aged|age|age\s+of|is|was|she's|he's|they're|i'm|being|reached|reach|almost|nearly|over)\s+(?P<n>{_NUM})\b(?!\s*(?:percent|%|seconds|minutes|hours|days|weeks|months|dollars|bucks|pounds|lbs|mg|times|miles|degrees))",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\b(?P<n>{_NUM})(?:\s+|-)(?:years?|yrs?)(?:\s+|-)old\b|\b(?P<n2>{_NUM})(?:st|nd|rd|th)?\s+birthday\b",
    re.IGNORECASE,
)


class AgeOver89Recognizer(PhiRecognizer):
    """Ages of 90 and above (see the module docstring)."""

    ENTITIES = ("AGE_OVER_89",)

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Age spans of 90+."""
        out: list[RecognizerResult] = []
        for pattern, score in ((_BEFORE, 0.7), (_AFTER, 0.85)):
            for m in pattern.finditer(text):
                group = "n" if m.group("n") else "n2"
                value = to_number(m.group(group))
                if value is not None and 90 <= value <= 130:
                    out.append(self.result("AGE_OVER_89", m.start(group), m.end(group), score))
        return out
