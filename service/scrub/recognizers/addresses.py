"""Street addresses, streets, highways, military bases, zip codes and cities in an address.

- "six oh four Birch Drive", "thirty-two Maple Terrace", "1418 Aspen Avenue, Apt 2C": one span from
  the house number to the unit.
- "Garnet Street", "Elder Creek Road", "Ninth Street": a capitalised name before a street word.
- "Highway 99", "Route nine", "Fort Hale", "Lake Tahoe": highways, bases and lakes.
- "in Dunmore, PA 18512": the city before a state abbreviation and a written zip code.
- Natural features named like streets: "Birch Lake", "Cedar Creek", "Miller Park".
- Intersections: "at Fifth and Main", "near Alder and Ninth", "the corner of ... and ...".
- A district named by an ordinary word, capitalised mid-sentence after "in" ("a bar in Midtown").
Cities said alone are left to spaCy's NER, the gazetteer and the chart.
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
    rf"(?:\d+[A-Za-z]?|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})*\b|[A-Za-z]\b|(?-i:[A-Z])\d*))?"
)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# A highway said by its number alone ("got on ninety-four Friday", "off 35 northbound"): a number after a
# preposition of roads, before a weekday, a direction or a word of roads; doses ("on forty") have none.
_HIGHWAY_NUMBER = re.compile(
    rf"\b(?:on|off|onto|off\s+of|take|took|taking|get\s+on|got\s+on)\s+(?:the\s+)?"
    rf"(?P<n>\d{{2,3}}|{_TENS}(?:[\s-]+{_UNITS})?|(?:one|two|three|four|five|six|seven|eight|nine)[\s-]oh[\s-]{_UNITS})"
    r"(?=\s+(?:(?:north|south|east|west)(?:bound)?|exit|traffic|interchange|overpass|on-ramp|off-ramp|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?)\b)",
    re.IGNORECASE,
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
_TITLE_AFTER = re.compile(r"\.?\s+(?-i:[A-Z])")
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)


class StreetAddressRecognizer(PhiRecognizer):
    """Addresses and places below the state level (see the module docstring)."""

    ENTITIES = ("LOCATION",)
    FAMILY = "addresses"

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
        features = rf"(?-i:(?:{word_alternation(s.title() for s in config.feature_suffixes)}))\b"
        self._feature = re.compile(rf"(?<![\w-]){_CAP}(?:\s+{_CAP}){{0,2}}\s+{features}")
        corner = rf"(?:{_CAP}|{_ORDINAL_STREET})"
        self._intersection = re.compile(
            rf"\b(?:at|on|near|off|by|of|between)\s+(?P<a>{corner}(?:\s+{suffix})?)\s+(?:and|&)\s+"
            rf"(?P<b>{corner}(?:\s+{suffix})?)"
        )
        self._district = re.compile(r"\b(?:in|from|near|around|outside)\s+(?P<place>(?-i:[A-Z][a-z]+))\b")
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
            if _TITLE_AFTER.match(text, m.end()) and words[-1].rstrip(".").lower() in ("dr", "st"):
                continue  # "talk to Dr. Lee", "I'm Dr. Lee": a title, not a street
            # Scores above spaCy's 0.85 so Presidio's de-duplication keeps this result, not spaCy's copy.
            out.append(self.result("LOCATION", m.start(), m.end(), 0.9))
        for m in self._road.finditer(text):
            out.append(self.result("LOCATION", m.start(), m.end(), 0.9))
        for m in _HIGHWAY_NUMBER.finditer(text):
            out.append(self.result("LOCATION", m.start("n"), m.end("n"), 0.7))
        out.extend(self._features_and_corners(text, nlp_artifacts))
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
                    or low.rstrip(".") in self.config.titles
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

    def _features_and_corners(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Natural features, intersections and districts (see the module docstring)."""
        out: list[RecognizerResult] = []
        for m in self._feature.finditer(text):
            words = m.group(0).split()
            names = words[:-1]
            while names and names[0].lower() in ("the", "a", "at", "on", "in", "to", "from", "and", "by"):
                names = names[1:]
            if not names or (
                all(self.lexicon.is_common_word(w) for w in names)
                and (m.start() == 0 or text[max(0, m.start() - 2) : m.start()].strip() in {".", "?", "!"})
            ):
                continue
            start = m.end() - len(" ".join([*names, words[-1]]))
            out.append(self.result("LOCATION", start, m.end(), 0.85))
        for m in self._intersection.finditer(text):
            a, b = m.group("a"), m.group("b")
            words = [w for w in (a + " " + b).split() if w.lower() not in self.config.street_suffixes]
            if any(
                w.lower() in self.config.not_names
                or w.lower() in self.config.relations
                or re.sub(r"s$", "", w.lower()) in _CALENDAR  # "Tuesdays and Thursdays"
                for w in words
            ):
                continue
            if all(self.lexicon.is_common_word(w, nouns=False) for w in words) and not (
                re.match(_ORDINAL_STREET, a, re.IGNORECASE) or re.match(_ORDINAL_STREET, b, re.IGNORECASE)
            ):
                continue
            out.append(self.result("LOCATION", m.start("a"), m.end("b"), 0.75))
        tokens = {t.idx: t for t in getattr(nlp_artifacts, "tokens", None) or ()}
        for m in self._district.finditer(text):
            word = m.group("place")
            token = tokens.get(m.start("place"))
            low = word.lower()
            if (
                token is None
                or token.pos_ != "PROPN"
                or token.ent_type_ in ("NORP", "LANGUAGE", "DATE", "TIME", "PERSON", "ORG")
                or not self.lexicon.is_common_word(word, nouns=False)
                or low in self.config.not_names
                or low in self.config.not_phi_places
                or low in _CALENDAR
                or token.is_sent_start
                or re.match(r"\s+(?:[A-Z0-9]|I{1,3}\b)", text[m.end("place") :]) is not None
            ):
                continue  # other capitalised words after "in" are the other recognisers' business
            out.append(self.result("LOCATION", m.start("place"), m.end("place"), 0.5))
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
