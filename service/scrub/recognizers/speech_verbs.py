"""A name as the subject of a verb of speaking or messaging, or as the one spoken to.

- Subject: "Ola says it got better", "and then jules texted me", "Yen was like ...". A word standing
  where a clause's subject stands (after the start, a comma or a conjunction, with no determiner) right
  before a verb of saying, asking, messaging or quoting is a name when it is capitalised and no ordinary
  word, or a given name somewhere that spaCy does not read as a verb or function word.
- Addressee: "texting jules", "I asked Dana", "with Yen". After a verb of
  messaging or asking, a given name with no determiner before it is a name in any case; after the weaker
  cues ("with", "and", "to") only a capitalised proper noun that is no ordinary word is.
- Coordination with a pronoun: "me and Rain went", "Hope and I talked": only people are coordinated
  with "me" and "I", so a given name there is a name even when it is also a word.
- Apposition: a bare noun after a verb of messaging, described right after as a person ("calling
  ren, he's a coworker"), is a name whatever the word is.
Nouns English uses bare after verbs ("called home", "texted everyone") never count.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import WORD, PhiRecognizer, bare, person_span
from service.scrub.recognizers.grammar import NameWords, after_determiner, name_pos, token_index

_NAME = rf"(?P<name>{WORD})"
_ADVERB = r"(?:just|always|never|also|finally|then|even|already|still|literally|actually|kept|keeps|once)"
# Verbs of saying, asking, messaging and quoting, in the forms a narrator uses.
SPEECH_VERBS = (
    r"(?:said|says|say|asked|asks|told|tells|called|calls|texted|texts|messaged|messages|emailed|emails|"
    r"dm'd|dmed|facetimed|snapped|posted|posts|replied|replies|answered|answers|wrote|writes|yelled|yells|"
    r"shouted|shouts|screamed|whispered|laughed|cried|goes|went\s+like|was\s+like|is\s+like|mentioned|"
    r"admitted|explained|promised|suggested|insisted|complained|joked|swore|agreed|offered|warned|thinks|"
    r"thought|wants|wanted|knows|knew|keeps|kept|sent|sends|tagged|commented|reached\s+out|"
    r"checked\s+in|invited|invites|told\s+me|asked\s+me|called\s+me|texted\s+me|said\s+that)"
)
_SUBJECT_LEAD = (
    r"(?:^|[.?!,;:]\s*|[\"“]\s*|\b(?:and|but|because|so|then|when|if|that|like|until|while|cause|'cause)\s+)"
)
# Verbs after which the next bare word is the person addressed.
MESSAGING_VERBS = (
    r"(?:texted|texting|text|texts|messaged|messaging|message|dm'd|dming|dm|emailed|emailing|email|"
    r"facetimed|facetiming|facetime|called|calling|call|calls|told|tell|telling|tells|asked|ask|asking|"
    r"asks|thanked|thank|hugged|hug|invited|invite|blocked|unfollowed|ghosted|forgave|forgive)"
)
# ", he's a coworker": the words before it name a person.
_PERSON_DESCRIBED = (
    r"\s*,\s*(?:she|he|they)(?:['’]s|['’]re|\s+is|\s+was|\s+are|\s+were)\s+"
    r"(?:my|our|his|her|their|a|an|the)\b"
)
_WEAK_BEFORE = r"(?:with|and|to|for|from|about|than|me\s+and|i\s+and|saw|see|like|love|hate)"


class SpeechVerbRecognizer(PhiRecognizer):
    """Names around verbs of speaking and messaging (see the module docstring)."""

    ENTITIES = ("PERSON",)
    FAMILY = "speech-verbs"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self.words = NameWords(config, lexicon)
        # A verb of speaking, or "who": the relative pronoun of persons ("it was jules who called").
        self._subject = re.compile(
            rf"\b{_NAME}(?:(?:\s+{_ADVERB})?\s+{SPEECH_VERBS}\b|\s*,?\s+who\b)", re.IGNORECASE
        )
        self._lead = re.compile(rf"{_SUBJECT_LEAD}$", re.IGNORECASE)
        self._addressee = re.compile(rf"\b{MESSAGING_VERBS}\s+{_NAME}\b", re.IGNORECASE)
        self._weak = re.compile(rf"\b{_WEAK_BEFORE}\s+{_NAME}\b", re.IGNORECASE)
        self._with_pronoun = (
            re.compile(rf"\b(?:me|you|him|her|us|them|i)\s+and\s+{_NAME}\b", re.IGNORECASE),
            re.compile(rf"\b{_NAME}\s+and\s+(?:i|me|myself)\b", re.IGNORECASE),
        )
        self._apposition = re.compile(rf"{_PERSON_DESCRIBED}", re.IGNORECASE)

    def _proper(self, word: str, token: Any) -> bool:
        """Capitalised, no ordinary word, and spaCy sees a proper noun outside place and date names."""
        return (
            word[:1].isupper()
            and not self.words.excluded(word)
            and not self.words.common(word)
            and (token is None or token.pos_ == "PROPN")
            and not (token is not None and token.ent_type_ in ("GPE", "LOC", "ORG", "FAC", "DATE", "TIME"))
        )

    def _given_here(self, word: str, token: Any) -> bool:
        """A given name in a slot where spaCy reads a noun (a given name that is also a word counts)."""
        w = self.words
        if w.excluded(word) or w.bare_noun(word) or not w.given(word):
            return False
        if not w.common(word):
            return True
        if word[:1].isupper() and token is not None and not token.is_sent_start:
            return True  # capitalised inside a sentence, in a person's slot: "I told Will I ..."
        # A word that is also a name: spaCy must read a noun standing alone, not a verb or a modifier.
        return name_pos(token) and not (token is not None and token.dep_ == "compound")

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Person-name spans next to verbs of speaking and messaging."""
        out: list[RecognizerResult] = []
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))

        def add(m: re.Match[str], score: float) -> None:
            span = person_span(text, m.start("name"), m.end("name"))
            if span is not None:
                out.append(self.result("PERSON", span[0], span[1], score))

        for m in self._subject.finditer(text):
            word, token = bare(m.group("name")), tokens.get(m.start("name"))
            if self._proper(word, token) or (
                self._lead.search(text, max(0, m.start() - 40), m.start()) and self._given_here(word, token)
            ):
                add(m, 0.65)
        for m in self._addressee.finditer(text):
            word, token = bare(m.group("name")), tokens.get(m.start("name"))
            if after_determiner(text, m.start("name")):
                continue
            described = (
                self._apposition.match(text, m.end("name")) is not None
                and not self.words.excluded(word)
                and not self.words.bare_noun(word)
            )
            if described or self._proper(word, token) or self._given_here(word, token):
                add(m, 0.65)
        for m in (m for p in self._with_pronoun for m in p.finditer(text)):
            word, token = bare(m.group("name")), tokens.get(m.start("name"))
            if after_determiner(text, m.start("name")):
                continue  # "the car and me": a thing, not a person
            named = word[:1].isupper() and self.words.given(word) and not self.words.excluded(word)
            if self._proper(word, token) or named or self.words.distinct_name(word):
                add(m, 0.65)
        for m in self._weak.finditer(text):
            word, token = bare(m.group("name")), tokens.get(m.start("name"))
            if self._proper(word, token):
                add(m, 0.6)
        return out
