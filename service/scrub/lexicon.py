"""Word knowledge the recognizers share: spoken numbers, dates, first names and common English words.

- Spoken numbers: a recogniser writes "five five five, three oh two" and "twenty-six"; every identifier
  check works on the digit string behind the words (:func:`service.text.numbers.spoken_digits`), and
  :data:`NUMBER_WORD` matches one such token; both use the word table of :mod:`service.text.numbers`.
- First names: the US census first-name lists shipped in the ``names`` package (public-domain data,
  about 5,000 names). They are a generic signal, not a list of anyone in particular.
- Given names, family names and cities across countries (:mod:`service.scrub.gazetteers`): a word
  used as a name somewhere, to be combined with grammar, never enough on its own in lower case.
- Common English words: the WordNet-derived lemma index inside the spaCy model plus spaCy's stop words.
  A capitalised word that is also an ordinary word ("Will", "Grace", "Heart") needs more evidence
  before it is taken for a name.
- Frequent English words and clinical words (:mod:`service.scrub.common_words`): what a capitalised
  word outside every name list most likely is when it is no unknown proper noun.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from dataclasses import dataclass, field

from service.scrub.gazetteers import WorldNames, fold
from service.text.numbers import TEENS, TENS, UNITS

ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINAL_TEENS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# One spoken number token: "five", "oh", "nineteen", "twenty-six"; "twenty six" is two tokens.
_AFTER_TENS = _alt([*(k for k, v in UNITS.items() if v), "oh"])
NUMBER_WORD = (
    rf"(?:(?:{_alt(TENS)})(?:[- ](?:{_AFTER_TENS}))?|{_alt(TEENS)}|{_alt([*UNITS, 'oh'])}"
    r"|hundred|thousand|double|triple)"
)
# Ordinal day: "third", "twenty-first", "thirtieth", "31st", "3rd".
ORDINAL_DAY = (
    rf"(?:(?:twenty|thirty)[- ](?:{_alt(ORDINAL_UNITS)})|{_alt(ORDINAL_TEENS)}|{_alt(ORDINAL_UNITS)}"
    r"|(?:[12]?\d|3[01])(?:st|nd|rd|th))"
)
MONTH = rf"(?:{_alt(MONTHS)}|(?:{_alt(MONTH_ABBREVIATIONS)})\.?)"

_INFLECTIONS = (
    ("iest", "y"),
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("est", ""),
    ("est", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("er", ""),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("'s", ""),
    ("’s", ""),
)


@dataclass(frozen=True)
class Lexicon:
    """First names, surnames and ordinary English words, loaded once per engine."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    english: frozenset[str]  # stop words, verbs, adjectives, adverbs
    nouns: frozenset[str]  # WordNet nouns (these include famous people's names)
    frequent_first_names: frozenset[str] = frozenset()  # the 1,000 most common of each census list
    world: WorldNames = field(default_factory=WorldNames)
    frequent_english: frozenset[str] = frozenset()  # wordfreq's most frequent words (common_words.py)
    clinical: frozenset[str] = frozenset()  # words of the clinical vocabulary and medication names

    def is_first_name(self, word: str) -> bool:
        """True for a census first name (case-insensitive)."""
        return word.lower() in self.first_names

    def is_given_name(self, word: str) -> bool:
        """True for a given name of the census or of any country in names-dataset."""
        low = word.lower()
        return low in self.first_names or fold(low) in self.world.given

    def is_family_name(self, word: str) -> bool:
        """True for a census surname or a family name of any country in names-dataset."""
        low = word.lower()
        return low in self.surnames or fold(low) in self.world.family

    def is_city(self, phrase: str) -> bool:
        """True for a city or town of 5,000 or more inhabitants (accents and case ignored)."""
        return fold(" ".join(phrase.split())) in self.world.cities

    def is_surname(self, word: str) -> bool:
        """True for a census surname (case-insensitive)."""
        return word.lower() in self.surnames

    def _plain(self, w: str, nouns: bool = True) -> bool:
        if w in self.english:
            return True
        if not nouns:
            return False
        # WordNet nouns include famous people ("hardy", "bellamy"); a first name is not an ordinary word.
        # Surnames are not exempted here ("coffee", "voice" are surnames too); callers that trust a
        # surname in a strong context ("Dr. Burke", "Bellamy Elementary") check it themselves.
        return w in self.nouns and w not in self.first_names

    def is_common_word(self, word: str, nouns: bool = True) -> bool:
        """True for an ordinary English word or an inflection of one ("meetings", "smallest").

        With ``nouns=False`` words that are only nouns do not count: WordNet's nouns include cities
        and people ("barstow", "hardy"), so a capitalised noun-only word may well be a name.
        """
        w = word.lower().strip("'’")
        if self._plain(w, nouns):
            return True
        if w.endswith("s") and len(w) > 4 and self._plain(w[:-1], nouns):
            return True  # a plural ("numbers"), even when the census also lists it as a name
        if w in self.frequent_first_names or w in self.surnames:
            return False  # "james" is not an inflection of "jam" (but "numbers" is one of "number")
        for suffix, repl in _INFLECTIONS:
            if (
                w.endswith(suffix)
                and len(w) - len(suffix) >= 3
                and self._plain(w[: -len(suffix)] + repl, nouns)
            ):
                return True
        return False


def _census(name: str, top: int | None = None) -> frozenset[str]:
    root = importlib.resources.files("names")
    lines = [line for line in root.joinpath(name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return frozenset(line.split()[0].lower() for line in lines[:top])


def load_frequent_first_names(top: int = 1000) -> frozenset[str]:
    """The ``top`` most frequent census first names of each sex."""
    return _census("dist.male.first", top) | _census("dist.female.first", top)


def load_first_names() -> frozenset[str]:
    """Census first names of the ``names`` package, lower-cased, without English stop words ("so", "in")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return (_census("dist.male.first") | _census("dist.female.first")) - frozenset(STOP_WORDS)


def load_surnames() -> frozenset[str]:
    """Census surnames (about 89,000), lower-cased; used only to tell names from WordNet nouns."""
    return _census("dist.all.last")
