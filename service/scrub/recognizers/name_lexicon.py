"""Capitalised given names anywhere, from the US census lists and names-dataset's lists of 106 countries.

- A capitalised word that is a given name somewhere and no ordinary English word is a name ("Brielle",
  "Yaw"), unless spaCy tags it as a date or time.
- A capitalised given name that is also an ordinary word ("Will", "Grace", "Ray") needs spaCy to tag it
  as a proper noun and not to stand first in the sentence.
- A capitalised family name of the census or names-dataset that is no ordinary word, tagged as a proper
  noun by spaCy ("Adeyemi said"), is a name.
- A list in which most items are given names ("Noor, Tove, Ada and Bram") is a list of names.
- In lower case, a given name followed by a family name, neither an ordinary word ("dana adeyemi"), is
  a full name. Other lower-case words are left to the recognisers that read grammar: "hope" is a word.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import WORD, PhiRecognizer, bare, person_span
from service.scrub.recognizers.grammar import NameWords, after_determiner, token_index


class NameLexiconRecognizer(PhiRecognizer):
    """Given names from the name lists (see the module docstring)."""

    ENTITIES = ("PERSON",)
    FAMILY = "name-lexicon"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self.words = NameWords(config, lexicon)
        self._word = re.compile(WORD)
        self._list = re.compile(
            rf"\b{WORD}(?:\s*,\s*{WORD}){{1,}}\s*,?\s+(?:and|&)\s+{WORD}\b", re.IGNORECASE
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Person-name spans found by the name lists."""
        out: list[RecognizerResult] = []
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))
        w = self.words

        def add(start: int, end: int, score: float) -> None:
            span = person_span(text, start, end)
            if span is not None:
                out.append(self.result("PERSON", span[0], span[1], score))

        for m in self._list.finditer(text):
            items = [i for i in self._word.finditer(m.group(0)) if i.group(0).lower() != "and"]
            names = [i for i in items if w.given(bare(i.group(0))) and not w.excluded(bare(i.group(0)))]
            if len(names) * 2 > len(items):
                for i in items:
                    word = bare(i.group(0))
                    if (
                        (word[:1].isupper() or w.distinct_name(word))
                        and not w.excluded(word)
                        and not w.common(word)
                    ):
                        add(m.start() + i.start(), m.start() + i.end(), 0.6)
        words = list(self._word.finditer(text))
        for first, last in itertools.pairwise(words):
            gap = text[first.end() : last.start()]
            if gap.strip() or first.group(0)[:1].isupper() or last.group(0)[:1].isupper():
                continue
            surname = bare(last.group(0))
            if (
                w.distinct_name(first.group(0))
                and self.lexicon.is_family_name(surname)
                and not w.common(surname)
                and not w.excluded(surname)
            ):
                add(first.start(), last.end(), 0.6)
        for m in words:
            word = bare(m.group(0))
            if not word[:1].isupper() or (word.isupper() and len(word) <= 3) or w.excluded(word):
                continue
            census = self.lexicon.is_first_name(word)
            if not census and not w.given(word):
                token = tokens.get(m.start())
                if (
                    self.lexicon.is_family_name(word)
                    and not w.common(word)
                    and token is not None
                    and token.pos_ == "PROPN"
                    and token.ent_type_ not in ("DATE", "TIME", "NORP", "LANGUAGE")
                    and not after_determiner(text, m.start())
                ):
                    add(m.start(), m.end(), 0.55)
                continue
            token = tokens.get(m.start())
            if token is not None and token.ent_type_ in ("DATE", "TIME"):
                continue
            if not census and (after_determiner(text, m.start()) or _modifier(token)):
                continue  # "the Minecraft thing": a name after "the" or before a noun names a thing
            following = _NEXT_CAPITAL.match(text, m.end())
            if (
                following
                and w.common(following.group(1))
                and not self.lexicon.is_family_name(following.group(1))
            ):
                continue  # "Ivy League", "Golden Retriever": a name of a thing made of capitalised words
            if not w.common(word):
                add(m.start(), m.end(), 0.65 if census else 0.6)
            elif (
                census
                and token is not None
                and token.pos_ == "PROPN"
                and not token.is_sent_start
                and not word.isupper()
            ):
                add(m.start(), m.end(), 0.5)
        return out


_NEXT_CAPITAL = re.compile(r"\s+((?-i:[A-Z])[a-z]+)\b")


def _modifier(token: Any) -> bool:
    """Whether spaCy reads the word as modifying the noun after it ("the Minecraft thing")."""
    return (
        token is not None
        and token.dep_ == "compound"
        and token.head.i > token.i
        and token.head.pos_ == "NOUN"
    )
