"""Post-filters between Presidio's raw results and the entities the scrubber reports.

- Types: Presidio entities map to Safe Harbor types (``entity_map``); the rest (NRP, crypto...) go.
- DATE_TIME down to real dates: spaCy tags "five hours", "every day", "last Tuesday", "fourteen" as
  DATE/TIME; only spans with a month, a numeric date, a day ordinal or a holiday are kept.
- NER noise: instrument names and acronyms ("GAD-7", "EKG", "ER"), relationship words ("Mom"), phrases
  made only of ordinary words (a nickname for a symptom such as "the Loud Critic"), and states and
  countries (not PHI) are dropped.
- Medication names ("from Wellbutrin to Trintellix"), which NER and the route pattern read as places,
  are dropped whatever found them (the chart aside).
- Sentences joined without a space ("getting.And") are not web addresses.
- Must survive: a detection lying wholly inside a must-survive span (the 988 line, doses, durations,
  scores after an instrument, weekdays, relative time) is dropped, unless the chart vouches for it.
- An organisation named by partners ("X and Y") covers both names.
- Overlaps merge into one span (redaction must cover the union); the longest detection names the type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.domain.phi import PhiType
from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTH, MONTHS, ORDINAL_DAY, Lexicon

# Where a hit came from; chart hits outrank the must-survive list.
SOURCE_CHART = "ChartDenyListRecognizer"
SOURCE_SPACY = "SpacyRecognizer"
SOURCE_SESSION = "session"

_REAL_DATE = re.compile(
    rf"(?-i:\b(?:January|February|April|June|July|August|September|October|November|December)\b)"
    rf"|\b(?:may|march)\s+(?:the\s+)?(?:{ORDINAL_DAY}|\d)"
    rf"|\b(?:{ORDINAL_DAY})\s+of\s+{MONTH}"
    r"|\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
# Two sentences with no space after the period ("getting.And"), which URL patterns read as a domain.
_JOINED_SENTENCES = re.compile(r"[A-Za-z][\w'’-]*\.(?-i:[A-Z][a-z]*)")
_CUT = re.compile(r"\w(?:--|—|–)|(?:--|—|–)\s*$")
_ABBREVIATION = re.compile(r"\b(?:St|Dr|Mr|Mrs|Ms|Mt|Jr|Sr|Ave|Rd|Blvd|Apt|No|Inc|Co|Corp|Ltd)$")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,5}s?$")
_TITLE_PREFIX = re.compile(r"^(?:(?:dr|mr|mrs|ms|mx|miss|prof)\.?\s+)+", re.IGNORECASE)
_LEADING_WORD = re.compile(
    r"^(?:the|a|an|my|our|his|her|their|your|at|in|on|to|from|and|but|so|um|uh|like|with)\s+", re.IGNORECASE
)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!"“]:'


@dataclass
class Hit:
    """A candidate identifier in one utterance (offsets into the original utterance text)."""

    utterance_index: int
    start: int
    end: int
    type: PhiType
    score: float
    source: str

    def overlaps(self, other: Hit) -> bool:
        """Whether the two spans share a character."""
        return self.start < other.end and other.start < self.end


def is_real_date(text: str) -> bool:
    """A DATE_TIME span that names a calendar date finer than a year."""
    return bool(_REAL_DATE.search(text))


def clean_ner_hit(
    hit: Hit, text: str, config: ScrubConfig, lexicon: Lexicon, holidays: re.Pattern[str] | None
) -> Hit | None:
    """Trim or drop one NER/pattern hit by the rules in the module docstring; ``None`` drops it."""
    span = text[hit.start : hit.end]
    if hit.source == SOURCE_CHART:
        return hit
    if hit.type == "URL" and _JOINED_SENTENCES.fullmatch(span):
        return None
    if config.medications and all(w.lower() in config.medications for w in re.findall(r"[\w'’-]+", span)):
        return None
    if (
        hit.type == "DATE"
        and hit.source not in ("SpokenDateRecognizer", "SpokenNumberRecognizer")
        and not (is_real_date(span) or (holidays is not None and holidays.search(span)))
    ):
        return None
    if (
        hit.type in ("PERSON", "ORGANIZATION", "LOCATION")
        and hit.source == SOURCE_SPACY
        and _CUT.search(span)
    ):
        return None  # "that-- Th": a false start read as a name
    if hit.type in ("PERSON", "ORGANIZATION", "LOCATION") and hit.source == SOURCE_SPACY:
        # A span across a sentence end ("Tuesday. At St. Anne's") keeps its last sentence.
        boundary = [
            b
            for b in re.finditer(r"(?<=[^\W\d_]{2})[.?!]\s+", span)
            if not _ABBREVIATION.search(span[: b.start()])
        ]
        if boundary:
            hit.start += boundary[-1].end()
        # Leading titles, articles and function words are not part of the identifier.
        while True:
            span = text[hit.start : hit.end]
            m = _TITLE_PREFIX.match(span) or _LEADING_WORD.match(span)
            if not m or m.end() >= len(span):
                break
            hit.start += m.end()
        span = text[hit.start : hit.end]
        if re.search(r"['’]s$", span) and len(span) > 3:
            hit.end -= 2
            span = text[hit.start : hit.end]
        words = re.findall(r"[^\W_][\w'’.-]*", span)
        if hit.type == "PERSON":
            # "Text Ray": ordinary words before the name are not part of it.
            while len(words) > 1 and lexicon.is_common_word(words[0]) and not lexicon.is_first_name(words[0]):
                hit.start = text.index(words[1], hit.start + len(words[0]))
                words = words[1:]
            # ... nor lower-case words after it ("Greta coffee").
            while len(words) > 1 and not words[-1][:1].isupper():
                hit.end = hit.start + span.rindex(words[-1])
                words = words[:-1]
                span = text[hit.start : hit.end].rstrip()
                hit.end = hit.start + len(span)
            span = text[hit.start : hit.end]
        if not words:
            return None
        if not any(w[:1].isupper() or w[:1].isdigit() for w in words) and not (
            hit.type == "PERSON"
            and all(lexicon.is_first_name(w) and not lexicon.is_common_word(w) for w in words)
        ):
            return None  # spaCy's lower-case ORG/GPE guesses ("the ref") are not names
        low = span.lower().strip(" .,")
        if low in {a.lower() for a in config.allow_list}:
            return None
        if all(_ACRONYM.match(w) for w in words) and len(span) <= 6:
            return None
        if all(
            w.lower() in config.not_names or w.lower() in config.relations or w.lower() in config.titles
            for w in words
        ):
            return None
        if hit.type == "LOCATION" and low in config.not_phi_places:
            return None
        # Only ordinary words ("the Loud Critic", "Heart's pounding"): not a name. Mid-sentence, a
        # capitalised noun-only word is kept, since WordNet's nouns include places ("Barstow").
        initial = _at_sentence_start(text, hit.start)
        strict = initial or (len(words) > 1 and hit.type != "ORGANIZATION")
        if all(lexicon.is_common_word(w, nouns=strict) for w in words) and (
            not any(lexicon.is_first_name(w) for w in words) or initial
        ):
            return None
        if hit.type == "PERSON" and len(words) == 1 and words[0].lower() in {m.lower() for m in MONTHS}:
            return None
    if hit.type == "LOCATION" and text[hit.start : hit.end].lower().strip(" .,") in config.not_phi_places:
        return None
    return hit


def survives(hit: Hit, text: str, config: ScrubConfig) -> bool:
    """True when ``hit`` lies wholly inside a must-survive span (so it is not PHI)."""
    if hit.source == SOURCE_CHART or hit.type == "AGE_OVER_89":
        return False  # the chart vouches for its values; "97 years old" is an age, not a duration
    for pattern in config.survive_patterns:
        for m in pattern.finditer(text):
            if m.start() <= hit.start and hit.end <= m.end():
                return True
    return False


def merge_overlaps(hits: list[Hit]) -> list[Hit]:
    """Union overlapping hits of one utterance; the longest (then highest-scoring) names the type."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            longest = max((last, hit), key=lambda h: (h.end - h.start, h.score))
            merged = Hit(
                last.utterance_index,
                min(last.start, hit.start),
                max(last.end, hit.end),
                longest.type,
                max(last.score, hit.score),
                longest.source,
            )
            out[-1] = merged
        else:
            out.append(hit)
    return out


def strip_edges(hit: Hit, text: str) -> Hit | None:
    """Trim whitespace and punctuation at the edges of a span; empty spans are dropped."""
    span = text[hit.start : hit.end]
    lead = len(span) - len(span.lstrip(' \t\n,.;:!?"“”()[]'))
    trail = len(span) - len(span.rstrip(' \t\n,.;:!?"“”()[]'))
    hit.start += lead
    hit.end -= trail
    return hit if hit.end > hit.start else None


_NEXT_NAME_PART = re.compile(r"(?:\s+(?-i:[A-Z])\.?(?=\s)|\s+(?-i:[A-Z])[^\W\d_]+(?:[-'’][^\W\d_]+)*)")


def extend_name(hit: Hit, text: str, config: ScrubConfig, lexicon: Lexicon) -> Hit:
    """Grow a person span over a middle initial and a surname ("Ryan" -> "Ryan P Costa")."""
    if hit.type != "PERSON":
        return hit
    end = hit.end
    for _ in range(2):
        m = _NEXT_NAME_PART.match(text, end)
        if m is None:
            break
        word = m.group(0).strip().rstrip(".")
        low = word.lower()
        if len(word) > 1 and (
            (lexicon.is_common_word(word) and low not in lexicon.surnames)
            or low in config.not_names
            or low in config.titles
            or low in config.relations
        ):
            break
        end = m.end()
    if end != hit.end and not text[hit.end : end].strip().endswith("."):
        hit.end = end
    elif end != hit.end:
        hit.end = end - 1 if text[end - 1] == "." else end
    return hit


_AND_PARTNER = re.compile(r"\s+(?:and|&)\s+((?-i:[A-Z])[^\W\d_]+(?:['’-][^\W\d_]+)*)")


def extend_organization(hit: Hit, text: str, lexicon: Lexicon) -> Hit:
    """Grow an organisation over a partner's name ("Brannick" -> "Brannick and Tighe", a firm's name)."""
    if hit.type != "ORGANIZATION":
        return hit
    m = _AND_PARTNER.match(text, hit.end)
    if m and lexicon.is_family_name(m.group(1)) and not lexicon.is_common_word(m.group(1)):
        hit.end = m.end()
    return hit
