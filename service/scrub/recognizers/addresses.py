"""Street addresses, streets, highways, military bases, zip codes and cities in an address.

- "nine oh two Olive Drive", "forty-one Greenleaf Terrace", "2218 Linden Avenue, Apt 3B": one span from
  the house number to the unit.
- "Madison Street", "Elder Creek Road", "Ninth Street": a capitalised name before a street word.
- "Highway 99", "Route nine", "Fort Carson", "Lake Tahoe": highways, bases and lakes.
- "in Medford, MA 02155": the city before a state abbreviation and a written zip code.
Cities said alone are left to spaCy's NER and the chart.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTHS, NUMBER_WORD, WEEKDAYS, Lexicon
from service.scrub.recognizers.base import PhiRecognizer, word_alternation

_CAP = r"(?-i:[A-Z][\w'’-]*)"
_ORDINAL_STREET = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
_HOUSE = rf"(?:\d+[A-Za-z]?(?:\s+\d+)?|{NUMBER_WORD}(?:[\s,-]+{NUMBER_WORD})*)"
_UNIT = (
    r"(?:,?\s+(?:apt|apartment|unit|suite|ste|#|number)\.?\s*#?\s*"
    r"(?:\d+[A-Za-z]?|[A-Za-z]\b|(?-i:[A-Z])\d*))?"
)
_WORDCAP = r"(?-i:[A-ZÀ-ÖØ-ÞΑ-Ω][^\W_]*(?:[-'’.][^\W_]+)*\.?)"
_CONNECTOR = r"(?:de|do|da|dos|das|del|della|la|le|du|des|van|von|der|den|di|am|an|al|el|y|i|og|och|ul\.|r\.)"
_WRITTEN_ANCHORS = (
    # 20789 Allika 46 / 86036 Rua do Arenque 1634 / 638 2229 Wolmarans St
    re.compile(
        rf"(?<![\w.-])\d{{1,6}}(?:\s+\d{{1,5}})?\s+{_WORDCAP}(?:\s+(?:{_WORDCAP}|{_CONNECTOR}|\d{{1,5}}[A-Za-z]?))*"
        rf"(?:\s+\d{{1,5}}[A-Za-z]?|\s+(?-i:St|Str|Ave|Rd|Dr|Ln|Blvd)\.?)(?![\w-])"
    ),
    # all lower case, as typed in a chat: 688 rue du centre 320 (3+ digit house number, short street)
    re.compile(r"(?<![\w.-])\d{3,6}(?:\s+\d{1,5})?(?:\s+[a-zà-ÿ][\w'’.-]*){1,4}\s+\d{1,5}[a-z]?(?![\w-])"),
    # Apt. 050 / Suite 501 / Box 0572
    re.compile(
        r"\b(?-i:Apt|Apartment|Suite|Ste|Unit|Box|Room|Flat|Floor)\.?\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE
    ),
    # PSC 7589, Box 0572 / USNV Botolen / APO AE 20040
    re.compile(
        r"\b(?-i:PSC|CMR|USNS|USNV|USS|USCGC)\s+[\w-]+(?:,\s*Box\s+\d+)?|\b(?-i:APO|FPO|DPO)\s+(?-i:AA|AE|AP)\s+\d{5}\b"
    ),
)
# After an anchor: separators (spaces, commas, new lines, "???", ">") and the city, region, postcode and
# country; lower-case words end the address (except name particles such as "de", "van").
_ADDRESS_TAIL = re.compile(
    rf"(?:[ \t]*(?:,|\n|\?\?\?|>)[ \t]*)*[ \t]*"
    rf"(?:(?!{_WORDCAP}:){_WORDCAP}|\d{{3,6}}(?:[- ]\d{{2,4}})?\b|(?-i:[A-Z]{{2}})\b|nan\b"
    rf"|\((?-i:[A-Z])\w+\)|{_CONNECTOR}\b)"
)
_CORNER = re.compile(
    r"\bthe\s+corner\s+of\s+[^.?!\n]{2,60}?\s+and\s+(?:[A-Z0-9][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3}"
)
_CALENDAR = frozenset(MONTHS + WEEKDAYS)
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)


class StreetAddressRecognizer(PhiRecognizer):
    """Addresses and places below the state level (see the module docstring)."""

    ENTITIES = ("LOCATION",)

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        suffix = rf"(?-i:(?:{word_alternation(s.title() for s in config.street_suffixes)}))\b\.?"
        name = rf"(?:{_CAP}|{_ORDINAL_STREET})(?:\s+{_CAP}){{0,2}}"
        self._full = re.compile(rf"(?<![\w-])(?i:{_HOUSE})\s+{name}\s+{suffix}{_UNIT}", re.IGNORECASE)
        self._street = re.compile(rf"(?<![\w-]){name}\s+{suffix}", re.IGNORECASE)
        self._road = re.compile(
            rf"\b(?-i:Highway|Route|Interstate|Hwy|I-|US-?)\s*(?:\d+|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})*)\b"
            r"|\b(?-i:Fort|Camp|Lake|Mount|Mt\.)\s+(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?",
            re.IGNORECASE,
        )
        self._city_state_zip = re.compile(
            rf"(?-i:(?P<city>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})),\s+(?:{_STATES})\b(?:\s+(?P<zip>\d{{5}}(?:-\d{{4}})?))?"
        )
        self._after_preposition = re.compile(
            r"\b(?:in|from|to|near|at|outside|around|grew\s+up\s+in|moved\s+to|lives?\s+in|flew\s+to|drove\s+to)\s+"
            r"(?P<place>(?-i:[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)*)(?:\s+(?-i:[A-Z][^\W\d_]+)){0,2})",
            re.IGNORECASE,
        )
        self._zip = re.compile(
            r"\b(?:zip(?:\s*code)?|postal\s+code)\D{0,12}(?P<zip>\d{5}(?:-\d{4})?)\b", re.IGNORECASE
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Address spans."""
        out: list[RecognizerResult] = []
        for m in self._full.finditer(text):
            end = m.end()
            if m.group(0)[:1].isdigit():
                end = _extend_tail(text, end)
            out.append(self.result("LOCATION", m.start(), end, 0.95))
        for m in self._street.finditer(text):
            words = m.group(0).split()
            # "Wall Street"-like common words are streets when capitalised mid-sentence, not first in one.
            if (
                all(self.lexicon.is_common_word(w) for w in words[:-1])
                and not re.match(_ORDINAL_STREET, words[0], re.IGNORECASE)
                and (m.start() == 0 or text[max(0, m.start() - 2) : m.start()].strip() in {".", "?", "!"})
            ):
                continue
            # Scores above spaCy's 0.85 so Presidio's de-duplication keeps this result, not spaCy's copy.
            out.append(self.result("LOCATION", m.start(), m.end(), 0.9))
        for m in self._road.finditer(text):
            out.append(self.result("LOCATION", m.start(), m.end(), 0.9))
        doc = getattr(nlp_artifacts, "tokens", None)
        pos_at = {t.idx: t for t in doc} if doc is not None else {}
        for m in self._after_preposition.finditer(text):
            parts = list(re.finditer(r"\S+", m.group("place")))
            keep = []
            for w in parts:
                word = w.group(0)
                low = word.lower()
                token = pos_at.get(m.start("place") + w.start())
                if (
                    self.lexicon.is_common_word(word, nouns=False)
                    or self.lexicon.is_first_name(word)
                    or low in self.config.not_names
                    or low in self.config.not_phi_places
                    or low in _CALENDAR
                    or (word.isupper() and len(word) < 4)
                    or (token is not None and token.pos_ not in ("PROPN", "NOUN", "X"))
                ):
                    break
                keep.append(w)
            if keep and " ".join(w.group(0) for w in keep).lower() not in self.config.not_phi_places:
                start = m.start("place")
                out.append(self.result("LOCATION", start, start + keep[-1].end(), 0.55))
        for m in self._city_state_zip.finditer(text):
            out.append(self.result("LOCATION", m.start("city"), m.end("city"), 0.7))
            if m.group("zip"):
                out.append(self.result("LOCATION", m.start("zip"), m.end("zip"), 0.8))
        for m in self._zip.finditer(text):
            out.append(self.result("LOCATION", m.start("zip"), m.end("zip"), 0.8))
        out.extend(self._written_addresses(text))
        return out

    def _written_addresses(self, text: str) -> list[RecognizerResult]:
        """Postal addresses written with digits (forms, e-mails, exports), anchored on a house number, a
        unit or a military address and extended over the city, region, postcode and country after it."""
        out: list[RecognizerResult] = []
        for anchor in _WRITTEN_ANCHORS:
            for m in anchor.finditer(text):
                out.append(self.result("LOCATION", m.start(), _extend_tail(text, m.end()), 0.9))
        for m in _CORNER.finditer(text):
            out.append(self.result("LOCATION", m.start(), m.end(), 0.85))
        return out


def _extend_tail(text: str, end: int) -> int:
    """Extend an address over the city, region, postcode and country that follow it."""
    while True:
        nxt = _ADDRESS_TAIL.match(text, end)
        if nxt is None or nxt.end() == end:
            return end
        end = nxt.end()
