"""The residual-PHI check: does a text (a draft note, an export) still contain an original value?

Values come from the session's placeholder map and from the client's chart. Matching is
case-insensitive on whole words with whitespace and punctuation normalised; numbers (phone, MRN,
member id...) match on their digits, whether the text writes them ("555-302-7719") or spells them out
("five five five, three oh two ..."); spoken e-mail and web addresses also match their written form.
A name part that is an ordinary English stop word only counts when capitalised. A hit carries offsets,
the type and the placeholder, never the value itself, so it can be logged and shown safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from service.domain.phi import PhiMap
from service.domain.plan import ClientChart
from service.scrub.chart import ChartTerms, build_chart_terms
from service.scrub.placeholders import CLIENT, NUMBER_TYPES, label_of
from service.scrub.recognizers.spoken_numbers import RUN
from service.text.numbers import spoken_digits, word_digits

_NUMBER_LABELS = {
    "PHONE",
    "FAX",
    "SSN",
    "MRN",
    "MEMBER_ID",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "ID",
    "IP",
} | set(NUMBER_TYPES)
_MIN_DIGITS = 4
_SEPARATORS = (
    (r"\s+dot\s+", "."),
    (r"\s+at\s+", "@"),
    (r"\s+underscore\s+", "_"),
    (r"\s+(?:dash|hyphen)\s+", "\x00"),
    (r"\s+slash\s+", "/"),
)


@dataclass(frozen=True)
class ResidualHit:
    """One original value found in a text: where, what type, and its placeholder if it has one."""

    start: int
    end: int
    type: str
    placeholder: str | None
    source: str  # "mapping" or "chart"

    def __repr__(self) -> str:
        return f"ResidualHit({self.type} at {self.start}-{self.end}, {self.placeholder or self.source})"


def _spoken_to_written(value: str) -> str:
    """ "jo dot vance forty at example dot com" -> "jo.vance40@example.com"."""
    out = value.lower()
    for spoken, symbol in _SEPARATORS:
        out = re.sub(spoken, symbol, out)
    pieces = re.split(r"([@./_\x00]|\s+)", out)
    written = []
    for piece in pieces:
        if piece.isspace() or not piece:
            continue
        is_number = all(word_digits(w) is not None for w in piece.split("-"))
        written.append(spoken_digits(piece) if is_number else piece)
    return "".join(written).replace("\x00", "-")


def _digit_runs(text: str) -> list[tuple[int, int, str]]:
    """Every number run in ``text`` (spoken or written) with its digit string."""
    runs = [(m.start(), m.end(), spoken_digits(m.group(0))) for m in RUN.finditer(text)]
    runs += [
        (m.start(), m.end(), re.sub(r"\D", "", m.group(0)))
        for m in re.finditer(r"[\d(][\d\s().-]{3,}\d", text)
    ]
    return [r for r in runs if r[2]]


def _text_hits(text: str, value: str) -> list[tuple[int, int]]:
    value = value.strip()
    if len(value) < 2:
        return []
    words = [w for w in re.split(r"[\s,.;:]+", value) if w]
    if not words:
        return []
    pattern = r"[\s,.;:]+".join(re.escape(w) for w in words)
    hits = []
    for m in re.finditer(rf"(?<![\w]){pattern}(?![\w])", text, re.IGNORECASE):
        if len(words) == 1 and words[0].lower() in STOP_WORDS and not m.group(0)[:1].isupper():
            continue
        hits.append((m.start(), m.end()))
    return hits


def find_residual_phi(
    text: str, chart: ClientChart | ChartTerms | None = None, mapping: PhiMap | None = None
) -> list[ResidualHit]:
    """Every original value of ``mapping`` or ``chart`` that appears in ``text`` (sorted by offset)."""
    terms = chart if isinstance(chart, ChartTerms) else build_chart_terms(chart)
    values: list[tuple[str, str, str | None, str]] = []  # (value, type, placeholder, source)
    if mapping is not None:
        for name, originals in mapping.entries.items():
            for value in originals:
                values.append((value, "PERSON" if name == CLIENT else label_of(name), name, "mapping"))
    for term in terms.terms:
        values.append((term.text, term.type, None, "chart"))
    for number, number_kind, _key in terms.numbers:
        values.append((number, number_kind, None, "chart"))

    runs: list[tuple[int, int, str]] | None = None
    found: dict[tuple[int, int], ResidualHit] = {}
    for value, kind, placeholder, source in values:
        digits = re.sub(r"\D", "", value) if re.search(r"\d", value) else spoken_digits(value)
        numeric = kind in _NUMBER_LABELS or (re.fullmatch(r"[\d\s().+-]+", value) is not None)
        if numeric and len(digits) >= _MIN_DIGITS:
            runs = _digit_runs(text) if runs is None else runs
            for start, end, run_digits in runs:
                if digits in run_digits:
                    found.setdefault((start, end), ResidualHit(start, end, kind, placeholder, source))
            continue
        candidates = {value}
        if kind in ("EMAIL", "URL") and re.search(r"\s(?:dot|at)\s", value, re.IGNORECASE):
            candidates.add(_spoken_to_written(value))
        for candidate in candidates:
            for start, end in _text_hits(text, candidate):
                found.setdefault((start, end), ResidualHit(start, end, kind, placeholder, source))
    return sorted(found.values(), key=lambda h: (h.start, h.end))
