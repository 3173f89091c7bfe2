"""Schools, employers, clinics, hospitals, pharmacies and churches that point to the person.

- A capitalised phrase ending in an organisation word: "Pinecrest Middle School", "Dunmore High",
  "Grace General Hospital", "Tolland Electric", "Vasko Pharmacy".
- "St. Agnes's" (a parish), "the Rite Aid on Pine Street" (a named pharmacy branch).
- After work or school phrases: "I work at Brightwater", "laid off from Kessel Paper", "drove for ...".
- A branch named by its street: "the Safeway on Fifth", "the Chase on Elm Street".
- A place named by its town or district and a kind of place: "the Fresno hospital", "the Eastside office".
- A business as the subject of a verb of employment: "Brightwater laid me off", "Kessel pays weekly".
Insurers, brands and generic places ("the pharmacy", "the union hall") are not matched.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTHS, WEEKDAYS, Lexicon
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


_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
_CAP = r"(?-i:[A-Z][\w'’&.-]*)"
_BRANCH = re.compile(
    rf"\bthe\s+(?P<org>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?:on|off)\s+(?P<street>(?:{_CAP}|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)))"
    rf"(?:\s+{_CAP}){{0,2}})",
)
_KIND_OF_PLACE = re.compile(
    rf"\bthe\s+(?P<org>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?:hospital|er|e\.r\.|emergency\s+room|urgent\s+care|"
    r"clinic|campus|branch|location|office|store|plant|warehouse|facility|ward|unit|site|shelter)\b",
)
_EMPLOYER_VERBS = re.compile(
    rf"(?P<org>{_CAP}(?:\s+{_CAP}){{0,3}})\s+(?:hired|fired|laid\s+(?:me|him|her|them|us|everyone|people)\s+off|"
    r"let\s+(?:me|him|her|them|us)\s+go|pays|paid|closed|offered\s+(?:me|him|her|them)|promoted|"
    r"cut\s+(?:my|his|her|their|our)\s+hours|scheduled\s+(?:me|him|her)|called\s+(?:me|him|her)\s+in|"
    r"is\s+hiring|was\s+hiring|downsized|restructured)\b"
)

# Hospitals, schools and parishes named by a religious title, as Catholic and other church institutions
# are: "Our Lady of Lourdes", "Sacred Heart", "Holy Cross", "Immaculate Conception", "Good Samaritan".
_RELIGIOUS = re.compile(
    r"\b(?-i:Our\s+Lady\s+(?:of|Queen\s+of)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
    r"|(?:Sacred|Most\s+Precious)\s+Heart|Immaculate\s+(?:Conception|Heart)|Good\s+Samaritan|Good\s+Shepherd"
    r"|Holy\s+(?:Cross|Family|Name|Redeemer|Trinity|Spirit|Rosary|Angels|Innocents|Ghost|Child))"
    r"(?:\s+(?-i:of\s+(?:Mary|Jesus|God)))?"
)
_SENTENCE_END = re.compile(r".*[.?!]\s+", re.DOTALL)


class IdentifyingOrgRecognizer(PhiRecognizer):
    """Organisations that identify a person (see the module docstring)."""

    ENTITIES = ("ORGANIZATION",)
    FAMILY = "organisations"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        suffixes = word_alternation(s.title() for s in config.org_suffixes)
        self._suffix = re.compile(
            rf"(?-i:(?:St\.|Saint)\s+)?(?-i:[A-Z][\w'’.&-]*)(?:\s+{_CAPWORD}){{0,4}}?\s+(?-i:(?:{suffixes}))\b\.?"
        )
        self._saint = re.compile(
            # A parish, school or hospital named for a saint, with or without the possessive; not a street,
            # and not the herb.
            r"\b(?-i:(?:St\.|Saint)\s+[A-Z][\w-]*(?:['’]s)?)(?!\s+(?-i:Street|St\b|Road|Avenue|Ave\b|wort\b))"
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
            # "At Dunmore High" -> "Dunmore High": a leading function word is not part of the name.
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
        for m in _RELIGIOUS.finditer(text):
            out.append(self.result("ORGANIZATION", m.start(), m.end(), 0.75))
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
        out.extend(self._named_by_grammar(text))
        return out

    def _plain(self, phrase: str) -> bool:
        """Only ordinary words or words that are never names ("the Main Office", "Mom")."""
        words = [re.sub(r"['’]s$", "", w.strip(".,")) for w in phrase.split()]
        return all(
            self.lexicon.is_common_word(w, nouns=False)
            or w.lower() in self.config.not_names
            or w.lower() in self.config.relations
            or w.lower() in self.config.titles
            for w in words
        )

    def _named_by_grammar(self, text: str) -> list[RecognizerResult]:
        """Branches, places named by town or district, and businesses as employers."""
        out: list[RecognizerResult] = []
        for m in _BRANCH.finditer(text):
            if m.group("street").split()[0].lower() in _CALENDAR:
                continue  # "the GAD-7 on Monday": a day, not a street
            if not self._plain(m.group("org")):
                out.append(self.result("ORGANIZATION", m.start("org"), m.end("org"), 0.7))
            out.append(self.result("LOCATION", m.start("street"), m.end("street"), 0.6))
        for m in _KIND_OF_PLACE.finditer(text):
            if not self._plain(m.group("org")):
                out.append(self.result("ORGANIZATION", m.start("org"), m.end("org"), 0.65))
        for m in _EMPLOYER_VERBS.finditer(text):
            org = m.group("org")
            start = m.start("org")
            lead = _SENTENCE_END.match(org)  # "Yes. Door's closed": the name starts after a sentence's end
            if lead:
                start += lead.end()
                org = org[lead.end() :]
            words = org.split()
            if lead and len(words) == 1 and self.lexicon.is_common_word(words[0]):
                continue  # "Door's closed": an ordinary noun opening a sentence
            # "So Brightwater laid me off": a capitalised function word opening the sentence is not in it.
            while words and self.lexicon.is_common_word(words[0], nouns=False) and len(words) > 1:
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
            org = " ".join(words)
            if words and not self._plain(org):
                out.append(self.result("ORGANIZATION", start, start + len(org), 0.65))
        return out
