"""Unknown proper nouns: a capitalised word that no list explains is most likely someone's name or place.

The other name families need the word to be on a list (census, names-dataset, gazetteer) or in a slot
of speech (vocative, subject of "said", after "my sister"). A speech recogniser capitalises proper nouns,
so a word written with a capital mid-sentence that is
- outside wordfreq's most frequent English words and not an inflection of an English verb, adjective
  or adverb (:mod:`service.scrub.common_words`),
- outside the clinical vocabulary (instruments, interventions, therapy words) and the medication names,
- no relationship word, title, interjection, month, weekday, state or country, acronym or allow-listed
  instrument, and not tagged by spaCy as a nationality, language, date, number or quantity,
is reported at a modest score (``unknown_word_score``): it is redacted, but it is not propagated through
the session on its own, and the optional LLM second opinion (:mod:`service.scrub.second_opinion`) reads
exactly these candidates when no other family vouches for them.

A capital opening a sentence says nothing, so there the word must also be tagged a proper noun
and be rare (wordfreq Zipf frequency below ``_START_MAX_ZIPF``: "Sourdough." as a fragment is not a
name). In lower case only a noun or proper noun that wordfreq has never seen at all qualifies
("thandiwe", "bártová"), and not after an article (a lower-case noun after "the" is a thing: a dish or
a craft from another language), and not when it is an English word behind a prefix ("overthinker").

The words in between are uncertain: a capitalised noun opening a sentence that is not rare
enough, a lower-case noun that wordfreq has seen but rarely (Zipf below ``_LOWER_MAX_ZIPF``), a
prefixed word. They are reported at ``unknown_word_uncertain_score``, below the threshold, so they are
dropped unless the LLM second opinion (when switched on) says the word is a name in its sentence.
The type follows spaCy's entity label when it has one, a place preposition before it ("in", "from",
"to") makes it a place, and otherwise it is a person: a type-agnostic redaction protects either way, and
placeholders stay readable ("[PERSON_3] called").
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import PhiRecognizer, bare, person_span
from service.scrub.recognizers.grammar import NameWords, previous_word, stutter

# A capitalised word of letters (inner apostrophes and hyphens allowed), three letters or more.
_CANDIDATE = re.compile(r"(?-i:[A-Z\u00c0-\u00de])[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NOT_A_NAME_ENTITY = frozenset(
    {"NORP", "LANGUAGE", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW"}
)
_ENTITY_TYPE = {"GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION", "ORG": "ORGANIZATION"}
_PLACE_PREPOSITIONS = frozenset({"in", "from", "to", "near", "into", "outside", "toward", "towards"})
_SENTENCE_END = '.?!"“]:;'
_START_MAX_ZIPF = 2.0
_LOWER_MAX_ZIPF = 2.5
_PREFIX = re.compile(r"^(?:un|re|over|under|non|self|mis|pre|anti|co|counter|out|super|hyper|post|sub)-?")
_NOUNS = frozenset({"NOUN", "PROPN"})


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in English (0.0 for a word it has never seen)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


class UnknownProperNounRecognizer(PhiRecognizer):
    """Capitalised words outside every lexicon (see the module docstring)."""

    ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION")
    FAMILY = "unknown-proper-nouns"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self.words = NameWords(config, lexicon)
        self._allowed = frozenset(a.lower() for a in config.allow_list)

    def known(self, word: str) -> bool:
        """Whether ``word`` is explained by a lexicon: common English, clinical, or never a name."""
        low = word.lower().strip("'’")
        parts = [p for p in re.split(r"[-'’]", low) if p]
        return (
            low in self.lexicon.frequent_english
            or low in self.lexicon.clinical
            or low in self._allowed
            or self.lexicon.is_common_word(low, nouns=False)
            or self.words.excluded(word)
            or stutter(low)
            # "Self-Care", "Check-In": a compound of common words is a common compound.
            or (len(parts) > 1 and all(p in self.lexicon.frequent_english for p in parts))
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Unknown proper nouns in ``text``: the certain ones scored to be redacted, the rest below it."""
        out: list[RecognizerResult] = []
        for token in getattr(nlp_artifacts, "tokens", None) or ():
            word = bare(token.text)
            if len(word) < 3 or word.isupper() or token.ent_type_ in _NOT_A_NAME_ENTITY:
                continue
            certain = self._certain(text, word, token)
            if certain is None:
                continue
            span = person_span(text, token.idx, token.idx + len(token.text))
            if span is None:
                continue
            score = self.config.unknown_word_score if certain else self.config.unknown_word_uncertain_score
            out.append(self.result(self._type(text, token), span[0], span[1], score))
        return out

    def _certain(self, text: str, word: str, token: Any) -> bool | None:
        """True: an unknown proper noun; False: perhaps one (for the second opinion); None: not one."""
        if _CANDIDATE.fullmatch(word):
            if self.known(word):
                return None
            if not _sentence_start(text, token.idx):
                return True
            if token.pos_ not in _NOUNS:
                return None
            return token.pos_ == "PROPN" and zipf(word) < _START_MAX_ZIPF
        if not word.islower() or len(word) < 4 or token.pos_ not in _NOUNS or not word.isalpha():
            return None
        if self.known(word):
            return None
        frequency = zipf(word)
        if frequency >= _LOWER_MAX_ZIPF:
            return None
        if frequency > 0.0 or previous_word(text, token.idx).lower() in _ARTICLES:
            return False  # seen rarely, or after an article: "the kolaczki" is a thing, not a person
        rest = _PREFIX.sub("", word)
        prefixed = rest != word and len(rest) >= 3 and (self.known(rest) or zipf(rest) > 0.0)
        return not prefixed

    @staticmethod
    def _type(text: str, token: Any) -> str:
        kind = _ENTITY_TYPE.get(token.ent_type_)
        if kind is not None:
            return kind
        return "LOCATION" if previous_word(text, token.idx) in _PLACE_PREPOSITIONS else "PERSON"


_ARTICLES = frozenset({"a", "an", "the", "some", "any", "these", "those", "more", "less"})


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_END
