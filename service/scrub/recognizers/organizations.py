"""Schools, employers, clinics, hospitals, pharmacies and churches that point to the person.

- A capitalised phrase ending in an organisation word: "Lakeview Middle School", "Brockton High",
  "Mercy General Hospital", "Kinney Electric", "Halvorsen Pharmacy".
- "St. Anne's" (a parish), "the Walgreens on Madison Street" (a named pharmacy branch).
- After work or school phrases: "I work at Lumenfield", "laid off from Norbrook Paper".
Insurers, brands and generic places ("the pharmacy", "the union hall") are not matched.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import PhiRecognizer, word_alternation

_CAPWORD = r"(?-i:(?:[A-Z][\w'’.&-]*|of|the|and|&|de|la))"
_CORPORATE = {"inc", "llc", "ltd", "corp", "corporation", "co", "company", "gmbh", "plc", "group", "holdings"}
_LEADING = {
    "at",
    "the",
    "my",
    "our",
    "his",
    "her",
    "their",
    "your",
    "to",
    "from",
    "in",
    "on",
    "and",
    "but",
    "so",
    "a",
    "an",
    "like",
    "with",
    "for",
    "of",
    "by",
    "near",
    "over",
    "into",
    "since",
    "then",
    "um",
    "uh",
}


class IdentifyingOrgRecognizer(PhiRecognizer):
    """Organisations that identify a person (see the module docstring)."""

    ENTITIES = ("ORGANIZATION",)

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        suffixes = word_alternation(s.title() for s in config.org_suffixes)
        self._suffix = re.compile(
            rf"(?-i:(?:St\.|Saint)\s+)?(?-i:[A-Z][\w'’.&-]*)(?:\s+{_CAPWORD}){{0,4}}?\s+(?-i:(?:{suffixes}))\b\.?"
        )
        self._saint = re.compile(
            r"\b(?-i:(?:St\.|Saint)\s+[A-Z][\w-]*['’]s)(?!\s+(?-i:Street|St\b|Road|Avenue))"
        )
        self._pharmacy = (
            re.compile(rf"\b(?:{word_alternation(config.pharmacies)})\b", re.IGNORECASE)
            if config.pharmacies
            else None
        )
        self._context = (
            re.compile(
                rf"\b(?:{word_alternation(config.org_context)})\s+(?:the\s+)?(?P<org>(?-i:[A-Z][\w'’.&-]*)(?:\s+(?-i:[A-Z][\w'’.&-]*|of|and|&)){{0,4}})",
                re.IGNORECASE,
            )
            if config.org_context
            else None
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Organisation spans."""
        out: list[RecognizerResult] = []
        for m in self._suffix.finditer(text):
            toks = [(w.group(0), m.start() + w.start()) for w in re.finditer(r"\S+", m.group(0))]
            # "At Brockton High" -> "Brockton High": a leading function word is not part of the name.
            while len(toks) > 1 and toks[0][0].lower() in _LEADING:
                toks = toks[1:]
            names = [w for w, _ in toks[:-1] if w.lower() not in self.config.org_suffixes]
            corporate = toks[-1][0].lower().rstrip(".") in _CORPORATE
            if not names or (
                not corporate
                and (
                    len(names) == 1
                    and self.lexicon.is_common_word(names[0])
                    and not self.lexicon.is_surname(names[0])
                )
            ):
                continue  # "Middle School", "The High": generic, not a named place
            out.append(self.result("ORGANIZATION", toks[0][1], m.end(), 0.9))
        for m in self._saint.finditer(text):
            out.append(self.result("ORGANIZATION", m.start(), m.end(), 0.7))
        if self._pharmacy is not None:
            for m in self._pharmacy.finditer(text):
                out.append(self.result("ORGANIZATION", m.start(), m.end(), 0.6))
        if self._context is not None:
            for m in self._context.finditer(text):
                org = m.group("org").rstrip(".,")
                words = org.split()
                while words and words[-1].lower() in ("of", "and", "&", "the"):
                    words.pop()
                if not words or (
                    len(words) == 1 and self.lexicon.is_common_word(words[0]) and not words[0].isupper()
                ):
                    continue  # "I work for Target" is ambiguous; "I work for Rapid Cycle Solutions" is not
                span = " ".join(words)
                out.append(self.result("ORGANIZATION", m.start("org"), m.start("org") + len(span), 0.7))
        return out
