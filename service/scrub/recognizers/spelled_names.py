"""A name spelled out letter by letter: "N-G-U-Y", "that's k, a, t, e", "J O S I E".

Three or more single letters joined by hyphens, or by spaces or commas, form a spelled word. It is taken
for a name when the letters spell a given or family name somewhere, or when a spelling cue comes just
before it ("spelled", "spell", "that's", "it's", "with a", "name is"), or, for hyphenated letters, when
they spell no ordinary English word (an acronym read out, "T-I-P-P", is also spelled that way, so an
instrument or skill name in the allow list is left alone). Identifiers spelled with digits and letters
("B as in boy, seven two") belong to the number recogniser.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.recognizers.base import PhiRecognizer

_HYPHENATED = re.compile(r"(?<![\w-])[A-Za-z](?:-[A-Za-z]){2,}(?![\w-])")
_SPACED = re.compile(r"(?<![\w'’-])[A-Za-z](?:(?:\s*,\s*|\s+|\.\s*)[A-Za-z](?![\w'’-])){2,}\.?")
_CUE = re.compile(
    r"(?:spelled|spelt|spell|spelling|that's|that\s+is|it's|it\s+is|with\s+an?|name\s+is|name's|like)"
    r"[\s,:-]*$",
    re.IGNORECASE,
)
_DIGIT_NEAR = re.compile(
    r"\d|\b(?:oh|zero|one|two|three|four|five|six|seven|eight|nine|as\s+in)\b", re.IGNORECASE
)


class SpelledNameRecognizer(PhiRecognizer):
    """Names spelled letter by letter (see the module docstring)."""

    ENTITIES = ("PERSON",)
    FAMILY = "spelled-names"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Spelled-name spans."""
        out: list[RecognizerResult] = []
        allowed = {a.lower().replace("-", "") for a in self.config.allow_list}
        for pattern in (_HYPHENATED, _SPACED):
            for m in pattern.finditer(text):
                letters = "".join(c for c in m.group(0) if c.isalpha())
                word = letters.lower()
                if word in allowed or len(word) < 3 or len(set(word)) == 1:
                    continue  # "I-I-I" is a stutter
                around = text[max(0, m.start() - 25) : m.start()] + text[m.end() : m.end() + 25]
                if _DIGIT_NEAR.search(around):
                    continue  # letters inside an identifier read aloud
                named = (
                    self.lexicon.is_given_name(word) or self.lexicon.is_family_name(word)
                ) and not self.lexicon.is_common_word(word)
                cued = _CUE.search(text, max(0, m.start() - 30), m.start()) is not None
                plain_word = self.lexicon.is_common_word(word)
                if named or cued or (pattern is _HYPHENATED and not plain_word):
                    end = m.end() - 1 if m.group(0).endswith(".") else m.end()
                    out.append(self.result("PERSON", m.start(), end, 0.8))
        return out
