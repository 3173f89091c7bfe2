"""Positions in spoken English where a word is a name because of where it stands, not what it is.

Shared by the name recognisers and the chart deny-list. All tests take the utterance text and offsets
(and, where given, the spaCy tokens Presidio already computed), and none of them looks at the word's
spelling: they answer "is this a slot a name fills?".

- Direct address opening a turn or sentence, after at most a few discourse markers (such as
  so or hi), followed by a comma, a question mark or the end of the sentence.
- Direct address at the end of a clause: after a comma and before the sentence's end.
- Determiners: a word after "a", "the", "my"... is a common noun ("the will", "a rose"), not a name.
- Bare nouns of place and institution ("home", "work", "school") follow verbs without a determiner.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTHS, WEEKDAYS, Lexicon

DISCOURSE_MARKERS = (
    r"(?:and|so|okay|ok|alright|all\s+right|um|uh|oh|well|hey|hi|hello|now|right|yeah|yes|no|see|look|"
    r"listen|thanks|thank\s+you|good|great|sorry|but|then|first|morning|evening)"
)
_CLAUSE_LEAD = re.compile(
    rf"(?:^|[.?!;:]\s*|[\"“]\s*|\]\s*|\s-\s|—\s*)(?:{DISCOURSE_MARKERS}[,.!]?\s+)*$", re.IGNORECASE
)
_AFTER_VOCATIVE = re.compile(r"\s*(?:,|\?|!|\.(?:\s|$)|$|\s+-\s|—)")
_END_VOCATIVE_BEFORE = re.compile(r",\s*$")
_END_VOCATIVE_AFTER = re.compile(r"\s*(?:[.?!]|$|\s+-\s|—)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’]*)\W*$")
DETERMINERS = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "some", "any", "no", "every", "each", "my",
        "your", "his", "her", "our", "their", "its", "another", "what", "which", "much", "more", "less",
        "little", "such", "whose", "of",
    }
)  # fmt: skip
# Nouns English uses without a determiner after a verb ("called home", "texted everyone").
BARE_NOUNS = frozenset(
    {
        "home", "work", "school", "church", "bed", "class", "court", "town", "college", "campus", "dinner",
        "lunch", "breakfast", "back", "today", "tonight", "tomorrow", "yesterday", "everyone", "everybody",
        "someone", "somebody", "anyone", "anybody", "nobody", "people", "mom", "dad", "hope", "help",
        "love", "time", "ahead", "again", "first", "last", "next", "out", "over", "up", "down", "off",
        "later", "soon", "now", "then", "there", "here", "once", "twice", "sometimes", "often",
    }
)  # fmt: skip
# Word classes a name never takes (Universal POS tags from spaCy's tagger).
NOT_NAME_POS = frozenset(
    {"AUX", "VERB", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "INTJ", "ADJ"}
)
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
# Backchannels and hesitations ("mm-hmm", "mmh", "uh-huh", "hmm", "aye").
_INTERJECTION = re.compile(
    r"^(?:[mh]+(?:-?[mh]+)*|u+[hm]+(?:-?h+u+h+)?|a+h+|o+h+|e+h+|y?h+m+|aye|uh-huh|mhm+)$", re.IGNORECASE
)

# Determiners are never names ("The thought of ..." is no person thinking); "an" stays out, a given name.
_ARTICLES_AND_POSSESSIVES = DETERMINERS - {"an"}
_PRONOUNS = frozenset({"i", "i'm", "i'll", "i'd", "i've", "me", "you", "he", "she", "it", "we", "they"})


def clause_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a turn or sentence, allowing discourse markers before it."""
    # ``^`` only matches at the real start of the text, ``$`` at ``start`` (the search's endpos).
    return _CLAUSE_LEAD.search(text, max(0, start - 120), start) is not None


def vocative_start(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is addressed opening a turn or sentence ("so robin, go on")."""
    return clause_start(text, start) and _AFTER_VOCATIVE.match(text, end) is not None


def vocative_end(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is addressed at the end of a clause ("Good work, Sam.")."""
    return (
        _END_VOCATIVE_BEFORE.search(text[max(0, start - 4) : start]) is not None
        and _END_VOCATIVE_AFTER.match(text, end) is not None
    )


def vocative(text: str, start: int, end: int) -> bool:
    """Direct address at either end of a clause."""
    return vocative_start(text, start, end) or vocative_end(text, start, end)


def stutter(word: str) -> bool:
    """A repeated or restarted word ("I-I", "th-the", "we-we"): a disfluency, never a name."""
    parts = [p.lower() for p in re.split(r"[-–]", word) if p]
    if len(parts) < 2:
        return False
    return any(b.startswith(a) or a == "i" for a, b in itertools.pairwise(parts))


def previous_word(text: str, start: int) -> str:
    """The word before ``start`` in lower case ('' at the start)."""
    m = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def after_determiner(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a determiner ("the will", "a rose")."""
    return previous_word(text, start) in DETERMINERS


def token_at(tokens: Any, start: int) -> Any:
    """The spaCy token starting at character ``start``, if the tokens are known."""
    if tokens is None:
        return None
    for token in tokens:
        if token.idx == start:
            return token
        if token.idx > start:
            return None
    return None


def token_index(tokens: Any) -> dict[int, Any]:
    """Character offset -> spaCy token, for repeated look-ups in one utterance."""
    return {t.idx: t for t in tokens} if tokens is not None else {}


def name_pos(token: Any) -> bool:
    """Whether spaCy's tag allows a name here (unknown tokens do)."""
    return token is None or token.pos_ not in NOT_NAME_POS


class NameWords:
    """Word tests every name recogniser shares: what is never a name, and what is one somewhere."""

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        self.config = config
        self.lexicon = lexicon

    def excluded(self, word: str) -> bool:
        """Relationship words, titles, interjections, months, weekdays, pronouns, single letters."""
        w = word.lower().strip("'’")
        return (
            len(w) < 2
            or stutter(w)
            or _INTERJECTION.match(w) is not None
            or (word.isupper() and len(word) <= 5)  # acronyms ("COPD", "IBS") are not names
            or w in self.config.not_phi_places
            or w in self.config.not_names
            or w in self.config.titles
            or w in self.config.relations
            or w in _CALENDAR
            or w in _PRONOUNS
            or w in _ARTICLES_AND_POSSESSIVES
        )

    def common(self, word: str, nouns: bool = True) -> bool:
        """An ordinary English word (see :meth:`Lexicon.is_common_word`)."""
        return self.lexicon.is_common_word(word, nouns=nouns)

    def given(self, word: str) -> bool:
        """A given name in the census or in names-dataset."""
        return self.lexicon.is_given_name(word)

    def distinct_name(self, word: str) -> bool:
        """A given name that is no ordinary English word ("Yaw", "solveig"): a name in any case."""
        return not self.excluded(word) and self.given(word) and not self.common(word)

    def bare_noun(self, word: str) -> bool:
        """A noun used after verbs without a determiner ("called home")."""
        return word.lower() in BARE_NOUNS
