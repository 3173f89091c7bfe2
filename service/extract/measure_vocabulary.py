"""``prompts/vocabulary/measures.yaml`` loaded into frozen, validated objects.

Every instrument is described by what its publishers print: the abbreviation (spoken letter by letter or
as a word), the full title, the construct it measures, the population it is for, its item count, item
and total ranges, response options and the gist of each item. From these the spoken names are generated
here once (``the G A D seven``, ``P C L five``, ``Patient Health Questionnaire``), so a clinic adds an
instrument by describing it, not by writing the ways it might be said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from service.domain.base import Frozen, describe_error
from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR

MEASURES_FILE = PROMPTS_DIR / "vocabulary" / "measures.yaml"

Kind = Literal["questionnaire", "item", "rating"]
Population = Literal["general", "adolescent", "child", "perinatal"]

_NUMBER_WORDS = {
    "0": "zero",
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
    "10": "ten",
    "15": "fifteen",
}
_NUMBER_WORDS_ALT = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty"
)
_GAP = r"[.\s-]*"  # between letters said one by one ("p h q", "p.h.q.", "phq")


def compile_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Compile patterns (case-insensitive); a bad one raises ValueError naming it."""
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
    return tuple(out)


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether any pattern is found in ``text``."""
    return any(p.search(text) for p in patterns)


def spelled(letters: str) -> str:
    """A pattern for an abbreviation said letter by letter or as one word ("phq", "p h q", "p.h.q.")."""
    return _GAP.join(re.escape(c) for c in letters.lower())


def number_suffix(suffix: str) -> str:
    """A pattern for an abbreviation's suffix: digits as digits or words, letters said as letters."""
    if suffix.isdigit():
        return f"(?:{suffix}|{_NUMBER_WORDS.get(suffix, suffix)})"
    return spelled(suffix)


def phrase(words: str) -> str:
    """A plain phrase as a pattern: any run of spaces or hyphens between its words."""
    return r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", words.lower().strip()) if w)


class Instrument(Frozen):
    """A standardised measure, one of its items, or an in-session rating (SUDS, scaling question)."""

    name: str
    kind: Kind
    min: float
    max: float
    # How the instrument is named: the abbreviation's letters said one by one or as a word, and its
    # suffix ("gad" + "7"); ``bare`` when the letters alone name it ("the PHQ"); full published titles
    # and further spoken forms as patterns.
    letters: str | None = None
    suffix: str | None = None
    bare: bool = False
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # What it measures, from its published description; ``secondary`` constructs are covered by some of
    # its items but are the primary construct of another instrument.
    constructs: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()
    population: Population = "general"
    family: str | None = None
    items: int | None = None
    item_min: int = 0
    item_max: int | None = None
    options: str | None = None
    # Response options that differ from item to item (the EPDS words each item's four answers its own way,
    # some scored 0-3 and some 3-0): one response-option set per item, in item order.
    item_options: tuple[str, ...] = ()
    item_cues: tuple[str, ...] = ()
    subscales: tuple[str, ...] = ()
    # For kind "item": the questionnaire and the item's number.
    parent: str | None = None
    item: int | None = None
    # For kind "rating": words in a question that make it this rating.
    qualifiers: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> Instrument:
        if self.min > self.max:
            raise ValueError(f"instrument {self.name}: min is above max")
        if self.kind == "item" and (self.parent is None or self.item is None):
            raise ValueError(f"item {self.name} names no parent questionnaire and item number")
        if self.item_options and self.items is not None and len(self.item_options) != self.items:
            raise ValueError(
                f"instrument {self.name}: {len(self.item_options)} item option sets for {self.items} items"
            )
        if self.item_cues and self.items is not None and len(self.item_cues) != self.items:
            raise ValueError(
                f"instrument {self.name}: {len(self.item_cues)} item cues for {self.items} items"
            )
        _ = self.exact_patterns, self.stem_pattern, self.item_cues_re, self.qualifiers_re, self.subscales_re
        return self

    @cached_property
    def exact_patterns(self) -> tuple[re.Pattern[str], ...]:
        """The abbreviation with its suffix ("phq 9"; alone when it has none), titles and further spoken
        forms, compiled."""
        out: list[str] = []
        if self.letters:
            stem = spelled(self.letters)
            suffix = f"{_GAP}{number_suffix(self.suffix)}" if self.suffix else ""
            out.append(rf"(?<![a-z0-9]){stem}{suffix}(?![a-z0-9])")
        out += [rf"(?<![a-z]){t}(?![a-z])" for t in self.titles]
        out += list(self.aliases)
        return compile_patterns(out)

    @cached_property
    def stem_pattern(self) -> re.Pattern[str] | None:
        """The abbreviation's letters without the suffix ("the PHQ"), when they name this instrument."""
        if not (self.letters and self.suffix and self.bare):
            return None
        return compile_patterns([rf"(?<![a-z0-9]){spelled(self.letters)}(?![a-z0-9])"])[0]

    @property
    def name_patterns(self) -> tuple[re.Pattern[str], ...]:
        """Every pattern that names the instrument."""
        return self.exact_patterns + ((self.stem_pattern,) if self.stem_pattern is not None else ())

    @cached_property
    def item_cues_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled item cues, in item order."""
        return compile_patterns(self.item_cues)

    @cached_property
    def qualifiers_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled rating-question qualifiers."""
        return compile_patterns(self.qualifiers)

    @cached_property
    def subscales_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled subscale names (a subscale's sum is not the total)."""
        return compile_patterns(self.subscales)

    def accepts(self, value: float) -> bool:
        """Whether ``value`` is a possible score of this instrument."""
        return self.min <= value <= self.max

    def accepts_item(self, value: float) -> bool:
        """Whether ``value`` is a possible score of one item."""
        top = self.item_max if self.item_max is not None else self.max
        return self.item_min <= value <= top and float(value).is_integer()


class RatingQuestion(Frozen):
    """How a therapist asks for a rating, and how a labelled answer is read."""

    cues: tuple[str, ...]
    follow_ups: tuple[str, ...] = ()
    follow_up_words: int = 8
    clarify: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    series_window: int = 14
    inherit_window: int = 20
    two_points: tuple[str, ...] = ()
    labels: dict[str, tuple[str, ...]]
    labels_excluded: tuple[str, ...] = ()
    hedges: frozenset[str] = frozenset()
    corrections: frozenset[str] = frozenset()

    @cached_property
    def cues_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled rating-question cues."""
        return compile_patterns(self.cues)

    @cached_property
    def follow_ups_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled follow-up prompts that repeat the rating question of an open series."""
        return compile_patterns(self.follow_ups)

    @cached_property
    def clarify_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled prompts asking which of two numbers the client meant."""
        return compile_patterns(self.clarify)

    @cached_property
    def excluded_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled questions whose ratings are not measures (belief, prediction, probability)."""
        return compile_patterns(self.excluded)

    @cached_property
    def two_points_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of a question asking for two ratings (before and after)."""
        return compile_patterns(self.two_points)


class ClientRating(Frozen):
    """A client's rating given without a question."""

    out_of: str
    label_window: int = 25
    exposure_plan: tuple[str, ...] = ()
    exposure_talk: tuple[str, ...] = ()
    rating_form: str = ""
    continuation_window: int = 3

    @cached_property
    def out_of_re(self) -> re.Pattern[str]:
        """Compiled "out of ten" pattern."""
        return compile_patterns([self.out_of])[0]

    @cached_property
    def exposure_plan_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled plan intervention names that mean exposure work."""
        return compile_patterns(self.exposure_plan)

    @cached_property
    def exposure_talk_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled words that put a turn in an exposure or practice context."""
        return compile_patterns(self.exposure_talk)

    @cached_property
    def rating_form_re(self) -> re.Pattern[str]:
        """Compiled words that introduce a rating said on its own ("like a", "maybe", "at")."""
        return compile_patterns([self.rating_form or r"(?!x)x"])[0]


class Mentions(Frozen):
    """How an instrument is referred to without its name: by construct, item count, or generically."""

    determiners: str
    nouns: tuple[str, ...]
    generic_nouns: tuple[str, ...]
    generic_modifiers: tuple[str, ...] = ()
    item_count: str
    third_person: tuple[str, ...] = ()
    first_person: tuple[str, ...] = ()
    second_person: tuple[str, ...] = ()


class MeasureVocabulary(Frozen):
    """``measures.yaml``."""

    version: str
    instruments: tuple[Instrument, ...] = Field(min_length=1)
    response_options: dict[str, dict[str, int]] = Field(default_factory=dict)
    mentions: Mentions
    rating_question: RatingQuestion
    client_rating: ClientRating
    current_frames: tuple[str, ...]
    total_frames: tuple[str, ...] = ()
    total_suffixes: tuple[str, ...] = ()
    late_score_frames: tuple[str, ...] = ()
    score_questions: tuple[str, ...] = ()
    bare_score_words: frozenset[str] = frozenset()
    past_markers: tuple[str, ...]
    earlier_period: tuple[str, ...] = ()
    comparison_words: tuple[str, ...] = ()
    now_words: tuple[str, ...] = ()
    other_provider: tuple[str, ...] = ()
    out_of_session: tuple[str, ...] = ()
    answer_followers: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @model_validator(mode="after")
    def _valid(self) -> MeasureVocabulary:
        names = {i.name for i in self.instruments}
        for label in self.rating_question.labels:
            if label not in names:
                raise ValueError(f"rating label group {label!r} is not an instrument")
        for inst in self.instruments:
            if inst.options is not None and inst.options not in self.response_options:
                raise ValueError(f"instrument {inst.name} uses unknown response options {inst.options!r}")
            for options in inst.item_options:
                if options not in self.response_options:
                    raise ValueError(f"instrument {inst.name} uses unknown response options {options!r}")
            if inst.parent is not None and inst.parent not in names:
                raise ValueError(f"item {inst.name} names unknown questionnaire {inst.parent!r}")
        _ = self.compiled, self.options_re, self.construct_patterns
        _ = self.rating_question.cues_re, self.rating_question.follow_ups_re, self.rating_question.clarify_re
        _ = self.rating_question.excluded_re, self.rating_question.two_points_re
        _ = self.client_rating.out_of_re, self.client_rating.exposure_plan_re
        _ = self.client_rating.exposure_talk_re, self.client_rating.rating_form_re
        return self

    def instrument(self, name: str) -> Instrument:
        """The instrument called ``name`` (KeyError if absent)."""
        for item in self.instruments:
            if item.name == name:
                return item
        raise KeyError(name)

    def find(self, name: str) -> Instrument | None:
        """The instrument a plan or note names ``name`` ("phq 9", "PHQ-9", "PHQ-9 (self-report)"), if the
        vocabulary knows it: the same name, else the questionnaire whose name is the longest found in it."""
        key = re.sub(r"[^a-z0-9]", "", name.lower())
        same = next((i for i in self.instruments if re.sub(r"[^a-z0-9]", "", i.name.lower()) == key), None)
        if same is not None:
            return same
        text = name.lower()
        found = [
            (m.end() - m.start(), i)
            for i in self.questionnaires
            for p in i.exact_patterns
            if (m := p.search(text))
        ]
        return max(found, key=lambda f: f[0])[1] if found else None

    @property
    def questionnaires(self) -> tuple[Instrument, ...]:
        """Instruments scored as a total."""
        return tuple(i for i in self.instruments if i.kind == "questionnaire")

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Every sentence-level pattern group compiled once."""
        m = self.mentions
        return {
            "current": compile_patterns(self.current_frames),
            "total": compile_patterns(self.total_frames),
            # Right after a number: that number is the total.
            "total_suffix": compile_patterns([rf"\s*,?\s*(?:{'|'.join(self.total_suffixes) or 'x^'})\b"]),
            "score_question": compile_patterns(self.score_questions),
            "late_score": compile_patterns(self.late_score_frames),
            "item_reference": compile_patterns(
                [rf"\b(?:item|question) (?:number )?(?:\d+|{_NUMBER_WORDS_ALT})\b"]
            ),
            "past": compile_patterns(self.past_markers),
            "earlier": compile_patterns(self.earlier_period),
            "comparison": compile_patterns(self.comparison_words),
            "now": compile_patterns(self.now_words),
            "other_provider": compile_patterns(self.other_provider),
            "out_of_session": compile_patterns(self.out_of_session),
            "third_person": compile_patterns(m.third_person),
            "first_person": compile_patterns(m.first_person),
            "second_person": compile_patterns(m.second_person),
            "generic": compile_patterns(
                [
                    rf"(?<![a-z]){m.determiners}\s+(?:(?:{'|'.join(m.generic_modifiers) or 'x^'})\s+){{0,2}}"
                    rf"(?:{'|'.join(m.generic_nouns)})\b"
                ]
            ),
            "item_count": compile_patterns([m.item_count]),
        }

    @cached_property
    def options_re(self) -> dict[str, tuple[tuple[re.Pattern[str], int], ...]]:
        """Response options by set, compiled, longest phrase first."""
        out = {}
        for name, options in self.response_options.items():
            ordered = sorted(options.items(), key=lambda kv: -len(kv[0]))
            out[name] = tuple((compile_patterns([rf"(?<![a-z]){p}(?![a-z])"])[0], v) for p, v in ordered)
        return out

    @cached_property
    def construct_patterns(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """(pattern, construct) for "the depression questionnaire", "your worry measure": a determiner,
        up to two modifiers, the construct, and a questionnaire noun. Longest construct first."""
        m = self.mentions
        constructs = sorted(
            {c for i in self.questionnaires for c in (*i.constructs, *i.secondary)}, key=lambda c: -len(c)
        )
        nouns = "|".join(m.nouns)
        return tuple(
            (
                compile_patterns(
                    [rf"(?<![a-z]){m.determiners}\s+(?:[a-z'-]+\s+){{0,2}}?{phrase(c)}[\s-]+(?:{nouns})\b"]
                )[0],
                c,
            )
            for c in constructs
        )

    def measuring(self, construct: str) -> tuple[tuple[Instrument, ...], tuple[Instrument, ...]]:
        """(primary, secondary) questionnaires that measure ``construct``."""
        primary = tuple(i for i in self.questionnaires if construct in i.constructs)
        secondary = tuple(i for i in self.questionnaires if construct in i.secondary)
        return primary, secondary

    def versions(self, inst: Instrument) -> tuple[Instrument, ...]:
        """The versions of ``inst`` for other populations (PHQ-9 and PHQ-A), ``inst`` included."""
        if inst.family is None:
            return (inst,)
        return tuple(i for i in self.questionnaires if i.family == inst.family)

    def sharing_letters(self, inst: Instrument) -> tuple[Instrument, ...]:
        """Questionnaires abbreviated with the same letters as ``inst`` ("phq": PHQ-9 and PHQ-A)."""
        return tuple(i for i in self.questionnaires if i.letters and i.letters == inst.letters)

    def with_items(self, count: int) -> tuple[Instrument, ...]:
        """Questionnaires with ``count`` items."""
        return tuple(i for i in self.questionnaires if i.items == count)


@lru_cache(maxsize=4)
def load_measure_vocabulary(path: Path = MEASURES_FILE) -> MeasureVocabulary:
    """``measures.yaml`` alone, for readers that need only the instruments (the validator)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return MeasureVocabulary.model_validate(data)
    except OSError as exc:
        raise ConfigurationError(f"Cannot read vocabulary file {path}: {exc.strerror or exc}.") from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"Vocabulary file {path} is not valid YAML: {exc}.") from None
    except ValidationError as exc:
        raise ConfigurationError(f"Vocabulary file {path} is not valid: {describe_error(exc)}.") from None


def spoken_instrument_patterns(vocab: MeasureVocabulary) -> dict[str, re.Pattern[str]]:
    """For each instrument, one pattern for how a transcript names it: abbreviation, title, spoken forms,
    a questionnaire called by what it measures, and for a rating its cues (a 0-10 or 0-100 question)."""
    out: dict[str, re.Pattern[str]] = {}
    constructs = dict((c, p) for p, c in vocab.construct_patterns)
    for inst in vocab.instruments:
        parts = [p.pattern for p in inst.name_patterns]
        parts += [constructs[c].pattern for c in inst.constructs if c in constructs]
        if inst.items is not None:
            word = _NUMBER_WORDS_ALT.split("|")[inst.items - 1] if inst.items <= 20 else str(inst.items)
            parts.append(rf"\b(?:{inst.items}|{word})[\s-]+(?:question|item)s?\b")
        if inst.kind == "rating":
            parts += [p.pattern for p in (*inst.qualifiers_re, *vocab.rating_question.cues_re)]
        if parts:
            out[inst.name] = re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)
    return out
