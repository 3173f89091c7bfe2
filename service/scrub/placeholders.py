"""Readable placeholders, consistent within a session: ``[CLIENT]``, ``[PERSON_1]``, ``[DATE_2]``...

The same identifier gets the same placeholder wherever it is heard. "Same" is decided on a normalised
key: names without titles or possessives and grouped through the chart ("Gus", "Augustin" and
"Augustin Ferrand" are all ``[CLIENT]``; "Ines" after "Ines Valcourt" is the same person), numbers
by their digits (spoken and written forms agree), other values by lower-cased text.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from service.domain.phi import PhiMap, PhiType
from service.scrub.chart import ChartTerms
from service.scrub.lexicon import WEEKDAYS
from service.text.numbers import spoken_digits

CLIENT = "[CLIENT]"
LABELS: dict[str, str] = {
    "AGE_OVER_89": "AGE",
    "HEALTH_PLAN_ID": "MEMBER_ID",
    "OTHER_ID": "ID",
}
NUMBER_TYPES = frozenset(
    {
        "PHONE",
        "FAX",
        "SSN",
        "MRN",
        "HEALTH_PLAN_ID",
        "ACCOUNT",
        "LICENSE",
        "VEHICLE",
        "DEVICE",
        "OTHER_ID",
        "IP",
    }
)
_SPELLED = re.compile(r"[A-Za-z](?:[\s.,-]+[A-Za-z])+\.?")
_TITLES = re.compile(r"^(?:(?:dr|mr|mrs|ms|mx|miss|prof|doctor|uncle|aunt|auntie)\.?\s+)+", re.IGNORECASE)


def label_of(placeholder: str) -> str:
    """The type label inside a placeholder: ``[PERSON_2]`` -> ``PERSON``."""
    return re.sub(r"_\d+$", "", placeholder.strip("[]"))


def _norm_text(text: str) -> str:
    return re.sub(r"[\s,.;:]+", " ", text.lower()).strip()


def _norm_name(text: str) -> str:
    text = _TITLES.sub("", text.strip())
    return _norm_text(re.sub(r"['’]s$", "", text))


def _norm_date(text: str) -> str:
    t = _norm_text(text)
    t = re.sub(rf"^(?:{'|'.join(WEEKDAYS)})\s+", "", t)
    return re.sub(r"^the\s+", "", t)


class PlaceholderAllocator:
    """Assigns placeholders for one session and records placeholder -> original values."""

    def __init__(self, chart: ChartTerms) -> None:
        self._chart = chart
        self._by_key: dict[str, str] = {}
        self._token_key: dict[str, str] = {}  # name token -> person key (first-name-only mentions)
        self._counters: dict[str, int] = {}
        self._originals: dict[str, list[str]] = {}

    def _new(self, kind: str, key: str) -> str:
        if key == "client":
            placeholder = CLIENT
        else:
            label = LABELS.get(kind, kind)
            self._counters[label] = self._counters.get(label, 0) + 1
            placeholder = f"[{label}_{self._counters[label]}]"
        self._by_key[key] = placeholder
        return placeholder

    def _spelled_key(self, text: str) -> str | None:
        """The chart key of a name spelled letter by letter or said as initials ("K-A-T-E", "K. M.")."""
        if not _SPELLED.fullmatch(text.strip()):
            return None
        letters = re.sub(r"[^A-Za-z]", "", text).lower()
        for t in self._chart.terms:
            if t.type != "PERSON":
                continue
            parts = re.findall(r"[^\W\d_]+", t.text.lower())
            initials = {"".join(p[0] for p in parts), "".join(w[0] for w in t.text.lower().split())}
            if letters == "".join(parts) or (len(parts) > 1 and letters in initials):
                return t.key
        return None

    def _person_key(self, text: str) -> str:
        spelled = self._spelled_key(text)
        if spelled is not None:
            return spelled
        norm = _norm_name(text)
        term = self._chart.key_for_name(norm)
        if term is not None:
            return term.key
        tokens = norm.split()
        if len(tokens) == 1:
            token = tokens[0]
            if token in self._token_key:
                return self._token_key[token]
            for t in self._chart.terms:
                if t.type != "PERSON" or " " in t.text:
                    continue
                low = t.text.lower()
                if (len(token) >= 3 and low.startswith(token)) or (
                    len(token) >= 4 and fuzz.ratio(token, low) >= 88
                ):
                    return t.key
        key = f"person:{norm}"
        for token in tokens:
            self._token_key.setdefault(token, key)
        return key

    def key(self, kind: PhiType, text: str) -> str:
        """The grouping key of an identifier."""
        if kind == "PERSON":
            return self._person_key(text)
        if kind in NUMBER_TYPES or (kind == "LOCATION" and re.fullmatch(r"[\d\s-]+", text)):
            digits = spoken_digits(text)
            for chart_digits, _kind, chart_key in self._chart.numbers:
                if digits and digits == chart_digits:
                    return chart_key
            if len(digits) >= 4:
                return f"number:{digits}"
        norm = _norm_date(text) if kind == "DATE" else _norm_text(text)
        for t in self._chart.terms:
            if t.type == kind and _norm_text(t.text) == norm:
                return t.key
        return f"{kind.lower()}:{norm}"

    def assign(self, kind: PhiType, text: str) -> str:
        """The placeholder for ``text`` of type ``kind``, created on first use."""
        key = self.key(kind, text)
        placeholder = self._by_key.get(key) or self._new(kind, key)
        seen = self._originals.setdefault(placeholder, [])
        if text not in seen:
            seen.append(text)
        return placeholder

    def mapping(self) -> PhiMap:
        """Placeholder -> every original spelling, in order of first use."""
        return PhiMap(entries={p: tuple(v) for p, v in self._originals.items()})
