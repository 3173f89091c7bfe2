"""The clinical vocabulary in ``prompts/vocabulary/*.yaml``, loaded into frozen, validated objects.

Why data and not code: a clinic adds a technique, a synonym or a spoken alias of a questionnaire by
editing a YAML file (and bumping its ``version``), and every draft stamps the combined
:attr:`Vocabulary.version` in its provenance. Every regular expression is compiled at load time, so a
broken pattern fails at start-up with the file and pattern named, never in the middle of a session.

``interventions.yaml`` is the one intervention vocabulary of the service: the extractor reads how a
therapist delivers each entry in a transcript, and the validator and support verification
(:mod:`service.validate.vocabulary`) read how a note or a plan names it (``note_patterns``,
``note_family``, ``generic``, and the ``umbrella_terms`` notes use for a whole modality).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from service.domain.base import Frozen, describe_error
from service.domain.facts import RiskKind
from service.errors import ConfigurationError
from service.extract.measure_vocabulary import MeasureVocabulary
from service.resources import PROMPTS_DIR

VOCABULARY_DIR = PROMPTS_DIR / "vocabulary"
FILES = ("interventions", "verbs", "measures", "risk", "homework", "goals", "response", "micro_skills")
Person = Literal["first", "third"]

_SLOTS: dict[str, tuple[str, str]] = {
    "{I}": ("i", "(?:he|she|they)"),
    "{ME}": ("me", "(?:him|her|them)"),
    "{MY}": ("my", "(?:his|her|their)"),
    "{MYSELF}": ("myself", "(?:himself|herself|themselves|themself)"),
    "{IM}": ("(?:i'm|i am)", "(?:he's|she's|they're|he is|she is|they are)"),
    "{ID}": ("(?:i'd|i would)", "(?:he'd|she'd|they'd|he would|she would|they would)"),
    "{IVE}": ("(?:i've|i have)", "(?:he's|she's|they've|he has|she has|they have)"),
}


def compile_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Compile patterns (case-insensitive); a bad one raises ValueError naming it."""
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
    return tuple(out)


def expand_person(pattern: str, person: Person) -> str | None:
    """Fill the person slots of a risk pattern; a slot-free pattern only exists in the first person."""
    has_slot = any(slot in pattern for slot in _SLOTS)
    if person == "third" and not has_slot:
        return None
    for slot, (first, third) in _SLOTS.items():
        pattern = pattern.replace(slot, first if person == "first" else third)
    return pattern


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether any pattern is found in ``text``."""
    return any(p.search(text) for p in patterns)


def bounded(pattern: str) -> str:
    """A note pattern as it is matched: whole words only, so "tapping" is not found inside another word
    nor "ERP" inside "interpret" (a boundary where the pattern opens with a word character or a group,
    and where it closes with a word character, a group or a quantifier)."""
    head = r"(?<![\w-])" if re.match(r"[\w(]", pattern) else ""
    tail = r"(?![\w])" if pattern and (pattern[-1].isalnum() or pattern.endswith(("?", ")", "*"))) else ""
    return f"{head}(?:{pattern}){tail}"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.lower().strip()) if w]
    return re.compile(r"(?<![a-z0-9])" + r"[\s-]+".join(words) + r"(?![a-z0-9])")


# --------------------------------------------------------------------------- interventions


class NoteTerm(Frozen):
    """A name a progress note or a plan gives an intervention, and the patterns that find it there.

    ``note_patterns`` are case-insensitive regular expressions, matched whole-word (:func:`bounded`) in
    a note's sentences and in a plan's intervention names and modalities. ``note_family`` groups terms
    for that matching: a ``generic`` term's mention ("exposure") is covered by any planned member of its
    family, and a planned generic term covers every member.
    """

    name: str = Field(min_length=2)
    modality: str = Field(min_length=2)
    in_vocabulary: bool = True
    note_patterns: tuple[str, ...] = ()
    note_family: str | None = None
    generic: bool = False

    @model_validator(mode="after")
    def _note_patterns_compile(self) -> NoteTerm:
        compile_patterns(self.note_patterns)  # names the pattern as written
        _ = self.note_re
        if (self.note_family is not None or self.generic) and not self.note_patterns:
            raise ValueError(f"{self.name!r} has a note_family or is generic but has no note_patterns")
        if self.generic and self.note_family is None:
            raise ValueError(f"{self.name!r} is generic but names no note_family")
        return self

    @cached_property
    def note_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled note patterns (whole words, case-insensitive)."""
        return compile_patterns(bounded(p) for p in self.note_patterns)


class UmbrellaTerm(NoteTerm):
    """A name notes and plans give a whole modality or family ("exposure", "DBT skills"), not one technique.

    Only the validator reads these; the extractor never reports one (a transcript shows the technique).
    """

    note_patterns: tuple[str, ...] = Field(min_length=1)


class InterventionType(NoteTerm):
    """One documented intervention type, how it is recognised in therapist speech and named in notes."""

    verb: str
    families: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    context_cues: tuple[str, ...] = ()
    client_cues: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: int = Field(default=2, ge=1)
    merge_into: tuple[str, ...] = ()
    requires_speaker: str | None = None
    requires_strong: bool = False
    always_fold: bool = False

    @model_validator(mode="after")
    def _patterns_compile(self) -> InterventionType:
        for group in (self.strong, self.cues, self.context_cues, self.client_cues, self.exclude):
            compile_patterns(group)
        if not self.strong and not self.cues:
            raise ValueError(f"intervention {self.name!r} has no strong patterns or cues")
        return self

    @cached_property
    def strong_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled strong patterns (weight 2)."""
        return compile_patterns(self.strong)

    @cached_property
    def cues_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues (weight 1)."""
        return compile_patterns(self.cues)

    @cached_property
    def context_cues_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled context cues (weight 1, only beside another hit of the entry in the episode)."""
        return compile_patterns(self.context_cues)

    @cached_property
    def client_cues_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled client cues (weight 1, only with a therapist hit)."""
        return compile_patterns(self.client_cues)

    @cached_property
    def exclude_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled sentence vetoes."""
        return compile_patterns(self.exclude)

    @cached_property
    def name_patterns(self) -> tuple[tuple[re.Pattern[str], int], ...]:
        """The name and synonyms as whole-phrase patterns, with their length (longest wins)."""
        phrases = {self.name.lower(), *(s.lower() for s in self.synonyms)}
        # The name without its parenthetical ("Distress tolerance (DBT)" -> "distress tolerance").
        phrases.add(re.sub(r"\s*\(.*?\)\s*", " ", self.name.lower()).strip())
        return tuple((_phrase_pattern(p), len(p)) for p in sorted(phrases) if p)


class NamedTechnique(Frozen):
    """A therapist naming a technique while offering it ("it's called tapping")."""

    pattern: str
    requires: str

    @cached_property
    def pattern_re(self) -> re.Pattern[str]:
        """Compiled pattern with the name in group 1."""
        return compile_patterns([self.pattern])[0]

    @cached_property
    def requires_re(self) -> re.Pattern[str]:
        """Compiled co-occurrence requirement."""
        return compile_patterns([self.requires])[0]


class InterventionVocabulary(Frozen):
    """``interventions.yaml``."""

    version: str
    merge_window: int = Field(default=12, ge=0)
    episode_window: int = Field(default=1000, ge=0)
    proposal: tuple[str, ...]
    past: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    # A therapist leading an exercise step by step now ("keep going", "close your eyes"): what tells a
    # technique done in the session from one only named or talked about.
    guided: tuple[str, ...] = ()
    named_technique: NamedTechnique
    families: dict[str, tuple[str, ...]]
    interventions: tuple[InterventionType, ...] = Field(min_length=1)
    umbrella_terms: tuple[UmbrellaTerm, ...] = ()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @model_validator(mode="after")
    def _consistent(self) -> InterventionVocabulary:
        names = [i.name for i in self.interventions]
        every_name = [*names, *(u.name for u in self.umbrella_terms)]
        dupes = {n for n in every_name if every_name.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate intervention names: {sorted(dupes)}")
        for item in self.interventions:
            for target in item.merge_into:
                if target not in names:
                    raise ValueError(f"{item.name!r} merges into unknown intervention {target!r}")
            for family in item.families:
                if family not in self.families:
                    raise ValueError(f"{item.name!r} names unknown family {family!r}")
            if item.note_family is not None and item.note_family not in item.families:
                raise ValueError(
                    f"{item.name!r}: note_family {item.note_family!r} is not one of its families"
                )
        for term in self.umbrella_terms:
            if term.note_family is not None and term.note_family not in self.families:
                raise ValueError(f"{term.name!r} names unknown note_family {term.note_family!r}")
        compile_patterns(self.proposal)
        compile_patterns(self.past)
        compile_patterns(self.present)
        compile_patterns(self.guided)
        for patterns in self.families.values():
            compile_patterns(patterns)
        return self

    @cached_property
    def proposal_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled proposal cues."""
        return compile_patterns(self.proposal)

    @cached_property
    def past_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled earlier-session cues."""
        return compile_patterns(self.past)

    @cached_property
    def present_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of work done now, which outweigh an earlier-session cue in the sentence."""
        return compile_patterns(self.present)

    @cached_property
    def guided_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of an exercise being led step by step in the session."""
        return compile_patterns(self.guided)

    @cached_property
    def family_re(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Compiled family aliases."""
        return {name: compile_patterns(p) for name, p in self.families.items()}

    @property
    def note_terms(self) -> tuple[NoteTerm, ...]:
        """Every name notes and plans use: entries with ``note_patterns``, then the umbrella terms."""
        return (*(i for i in self.interventions if i.note_patterns), *self.umbrella_terms)

    def get(self, name: str) -> InterventionType | None:
        """The entry named exactly ``name``."""
        return next((i for i in self.interventions if i.name == name), None)

    def mentions(self, text: str) -> list[InterventionType]:
        """Entries whose name or a synonym occurs in ``text``, longest mention first."""
        low = text.lower()
        scored: list[tuple[int, int, InterventionType]] = []
        for item in self.interventions:
            best = max(
                (
                    (length, -m.start())
                    for pattern, length in item.name_patterns
                    if (m := pattern.search(low))
                ),
                default=None,
            )
            if best is not None:
                scored.append((best[0], best[1], item))
        scored.sort(key=lambda s: (-s[0], -s[1]))
        return [item for _, _, item in scored]

    def resolve(self, name: str) -> InterventionType | None:
        """The entry a name refers to (a plan item, a clinician's wording): the longest mention wins."""
        found = self.mentions(name)
        return found[0] if found else None

    def families_named(self, text: str) -> set[str]:
        """Families whose alias occurs in ``text`` ("Exposure therapy" -> {"exposure"})."""
        low = text.lower()
        return {name for name, patterns in self.family_re.items() if any_match(patterns, low)}


# --------------------------------------------------------------------------- verbs


class VerbEntry(Frozen):
    """A documentation verb and the seed's wording of it."""

    verb: str
    phrase: str


class VerbVocabulary(Frozen):
    """``verbs.yaml``: the seed's assessment, therapy-intervention and descriptive verbs."""

    version: str
    assessment: tuple[VerbEntry, ...]
    therapy_intervention: tuple[VerbEntry, ...]
    descriptive: tuple[VerbEntry, ...]

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @property
    def all_verbs(self) -> frozenset[str]:
        """Every verb of the three lists."""
        return frozenset(v.verb for v in (*self.assessment, *self.therapy_intervention, *self.descriptive))


# --------------------------------------------------------------------------- risk


class InjuryLexicon(Frozen):
    """Self-injury told by its method: an object or a mark, a part of the body, and who did it.

    Matched over a whole turn (a client tells it in pieces: "the blade from a sharpener... on my leg").
    """

    objects: tuple[str, ...]
    marks: tuple[str, ...]
    body_parts: tuple[str, ...]
    self_acts: tuple[str, ...]
    accident: tuple[str, ...] = ()

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Each group compiled once (person slots filled for the client and for a parent)."""
        return {
            "objects": compile_patterns(self.objects),
            "marks": compile_patterns(self.marks),
            "body_parts_first": RiskVocabulary.person_patterns(self.body_parts, "first"),
            "body_parts_third": RiskVocabulary.person_patterns(self.body_parts, "third"),
            "self_acts_first": RiskVocabulary.person_patterns(self.self_acts, "first"),
            "self_acts_third": RiskVocabulary.person_patterns(self.self_acts, "third"),
            "accident": compile_patterns(self.accident),
        }


class RiskVocabulary(Frozen):
    """``risk.yaml``."""

    version: str
    kinds: dict[RiskKind, tuple[str, ...]]
    # Possible risk language: not clear enough to write in a note, too close to ignore. It raises a
    # blocking "review" finding that points the clinician to the lines.
    review: dict[RiskKind, tuple[str, ...]] = Field(default_factory=dict)
    injury: InjuryLexicon | None = None
    denial_guard: tuple[str, ...] = ()
    present_kinds: tuple[RiskKind, ...]
    idioms: tuple[str, ...] = ()
    idiom_sentence_context: tuple[str, ...] = ()
    not_risk: tuple[str, ...] = ()
    intrusive_context: tuple[str, ...] = ()
    no_urge: tuple[str, ...] = ()
    negation_words: frozenset[str] = frozenset()
    negation_window: int = 4
    clause_breaks: frozenset[str] = frozenset()
    screening: tuple[str, ...]
    question_openings: tuple[str, ...] = ()
    denial: tuple[str, ...] = ()
    topics: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # The therapist's follow-up questions on a disclosed risk (how often, since when, with what).
    follow_up: tuple[str, ...] = ()
    # Disclosure threads (service/extract/risk_thread.py): what keeps an answer on the risk topic (method,
    # means, marks, injury), and the therapist's turns that move the session to another topic.
    thread_words: tuple[str, ...] = ()
    topic_change: tuple[str, ...] = ()
    assent: tuple[str, ...] = ()
    # A "yes" to a screening question: the kind the question asked about, the answers that affirm it, and
    # hedged answers (or questions too broad to name a kind) that only go to review.
    asked_kinds: dict[RiskKind, tuple[str, ...]] = Field(default_factory=dict)
    asked_review: tuple[str, ...] = ()
    affirmation: tuple[str, ...] = ()
    hedged: tuple[str, ...] = ()
    # A screening question spread over turns: a short question pointing back to what the therapist just
    # said ("Has that happened for you?"), and the fillers a client may say before answering ("Um.").
    refers_back: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    # Disclosure threads: the therapist asking the client to say more about what they just said ("Tell me
    # about that."), a denial that only narrows the answer ("No, just..."), and subjects that make a
    # statement someone else's ("she swallowed...").
    elaboration: tuple[str, ...] = ()
    partial_denial: tuple[str, ...] = ()
    other_subjects: tuple[str, ...] = ()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @model_validator(mode="after")
    def _valid(self) -> RiskVocabulary:
        for person in ("first", "third"):
            self.kind_patterns(person)
            self.review_patterns(person)
            self.person_patterns(self.not_risk, person)
            self.person_patterns(self.denial, person)
        for group in (self.idioms, self.idiom_sentence_context, self.intrusive_context, self.no_urge):
            compile_patterns(group)
        compile_patterns(self.screening)
        compile_patterns(self.question_openings)
        for group in (
            self.follow_up,
            self.topic_change,
            self.thread_words,
            self.assent,
            self.asked_review,
            self.affirmation,
            self.hedged,
            self.refers_back,
            self.fillers,
            self.elaboration,
            self.partial_denial,
            self.other_subjects,
            *self.asked_kinds.values(),
        ):
            compile_patterns(group)
        for patterns in self.topics.values():
            compile_patterns(patterns)
        return self

    @staticmethod
    def person_patterns(patterns: Iterable[str], person: Person) -> tuple[re.Pattern[str], ...]:
        """Compile patterns with their person slots filled (slot-free ones only in the first person)."""
        expanded = [e for p in patterns if (e := expand_person(p, person)) is not None]
        return compile_patterns(expanded)

    def kind_patterns(self, person: Person) -> dict[RiskKind, tuple[re.Pattern[str], ...]]:
        """Risk-statement patterns by kind for a speaker talking about themself or about the child."""
        return {kind: self.person_patterns(patterns, person) for kind, patterns in self.kinds.items()}

    def review_patterns(self, person: Person) -> dict[RiskKind, tuple[re.Pattern[str], ...]]:
        """Possible-risk patterns by kind (see ``review``)."""
        return {kind: self.person_patterns(patterns, person) for kind, patterns in self.review.items()}

    @cached_property
    def compiled(self) -> dict[str, Any]:
        """Every pattern group compiled once (first and third person where slots apply)."""
        return {
            "kinds_first": self.kind_patterns("first"),
            "kinds_third": self.kind_patterns("third"),
            "review_first": self.review_patterns("first"),
            "review_third": self.review_patterns("third"),
            "denial_guard_first": self.person_patterns(self.denial_guard, "first"),
            "denial_guard_third": self.person_patterns(self.denial_guard, "third"),
            "not_risk_first": self.person_patterns(self.not_risk, "first"),
            "not_risk_third": self.person_patterns(self.not_risk, "third"),
            "denial": self.person_patterns(self.denial, "first"),
            "idioms": compile_patterns(self.idioms),
            "idiom_context": compile_patterns(self.idiom_sentence_context),
            "intrusive": compile_patterns(self.intrusive_context),
            "no_urge": compile_patterns(self.no_urge),
            "screening": compile_patterns(self.screening),
            "openings": compile_patterns(self.question_openings),
            "topics": {k: compile_patterns(v) for k, v in self.topics.items()},
            "follow_up": compile_patterns(self.follow_up),
            "thread_words": compile_patterns(self.thread_words),
            "topic_change": compile_patterns(self.topic_change),
            "assent": compile_patterns(self.assent),
            "asked_kinds": {k: compile_patterns(v) for k, v in self.asked_kinds.items()},
            "asked_review": compile_patterns(self.asked_review),
            "affirmation": compile_patterns(self.affirmation),
            "hedged": compile_patterns(self.hedged),
            "refers_back": compile_patterns(self.refers_back),
            "fillers": compile_patterns(self.fillers),
            "elaboration": compile_patterns(self.elaboration),
            "partial_denial": compile_patterns(self.partial_denial),
            "other_subjects": compile_patterns(self.other_subjects),
        }


# --------------------------------------------------------------------------- homework, goals, response


class Completion(Frozen):
    """Client replies that say an assignment was done, partly done or not done."""

    partial: tuple[str, ...]
    not_done: tuple[str, ...]
    done: tuple[str, ...]
    # Clauses removed before the cues are read: what someone else did or did not do, and negated states
    # of mind ("I didn't think I could"), which say nothing about the assignment.
    not_about_the_task: tuple[str, ...] = ()

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Compiled cues by status."""
        return {
            "partial": compile_patterns(self.partial),
            "no": compile_patterns(self.not_done),
            "yes": compile_patterns(self.done),
            "ignore": compile_patterns(self.not_about_the_task),
        }


class HomeworkVocabulary(Frozen):
    """``homework.yaml``."""

    version: str
    review: tuple[str, ...]
    assign: tuple[str, ...]
    # A sentence matching an assignment cue that still sets nothing for the coming week: it asks about
    # the past week, or does the task here and now.
    assign_not: tuple[str, ...] = ()
    # A sentence matching a review cue that looks ahead instead ("look at the handout when it comes").
    review_not: tuple[str, ...] = ()
    review_object: str
    # The client telling how last time's assignment went without being asked about it (a first-person
    # past-tense report naming the homework's object): a homework review too.
    client_report: tuple[str, ...] = ()
    # The therapist recalling last time's task and asking about it: a review without a named object.
    review_recalled: tuple[str, ...] = ()
    completion: Completion

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @model_validator(mode="after")
    def _valid(self) -> HomeworkVocabulary:
        compile_patterns(
            (
                *self.review,
                *self.assign,
                *self.assign_not,
                *self.review_not,
                *self.client_report,
                *self.review_recalled,
                self.review_object,
            )
        )
        _ = self.completion.compiled
        return self

    @cached_property
    def review_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled review cues."""
        return compile_patterns(self.review)

    @cached_property
    def assign_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled assignment cues."""
        return compile_patterns(self.assign)

    @cached_property
    def assign_not_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of a sentence that sets no homework (the past week, the task done now)."""
        return compile_patterns(self.assign_not)

    @cached_property
    def review_not_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of a sentence that names homework ahead of time rather than reviewing it."""
        return compile_patterns(self.review_not)

    @cached_property
    def review_recalled_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of a therapist recalling last time's task (the match is the item's text)."""
        return compile_patterns(self.review_recalled)

    @cached_property
    def client_report_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled cues of a client reporting on last time's homework unasked."""
        return compile_patterns(self.client_report)

    @cached_property
    def object_re(self) -> re.Pattern[str]:
        """Compiled review-object pattern (group 1 is the object)."""
        return compile_patterns([self.review_object])[0]


class GoalVocabulary(Frozen):
    """``goals.yaml``."""

    version: str
    min_mentions: int = Field(default=3, ge=1)
    min_mentions_linked: int = Field(default=2, ge=1)
    deferred_lookback: int = Field(default=2, ge=0)
    deferral: tuple[str, ...]
    generic_words: frozenset[str] = frozenset()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @cached_property
    def deferral_re(self) -> tuple[re.Pattern[str], ...]:
        """Compiled deferral cues."""
        return compile_patterns(self.deferral)


class ResponseVocabulary(Frozen):
    """``response.yaml``."""

    version: str
    affect: dict[str, tuple[str, ...]]
    affect_frame: str
    engagement: dict[str, tuple[str, ...]]
    insight: tuple[str, ...]
    skill_use: tuple[str, ...]
    quote_min_words: int = 4
    quote_max_chars: int = 160
    max_quotes: int = 4

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    @cached_property
    def compiled(self) -> dict[str, Any]:
        """Every pattern group compiled once."""
        return {
            "affect": {k: compile_patterns(v) for k, v in self.affect.items()},
            "frame": compile_patterns([self.affect_frame])[0],
            "engagement": {k: compile_patterns(v) for k, v in self.engagement.items()},
            "insight": compile_patterns(self.insight),
            "skill_use": compile_patterns(self.skill_use),
        }

    @model_validator(mode="after")
    def _valid(self) -> ResponseVocabulary:
        _ = self.compiled
        return self


class QuestionPatterns(Frozen):
    """Open and closed question openings."""

    open: tuple[str, ...]
    closed: tuple[str, ...]


class MicroSkillVocabulary(Frozen):
    """``micro_skills.yaml``."""

    version: str
    fillers: tuple[str, ...] = ()
    min_words: int = 3
    reflection_min_words: int = 7
    long_statement_words: int = 13
    reflection: tuple[str, ...]
    question: QuestionPatterns
    information: tuple[str, ...]
    advice: tuple[str, ...]
    # MI beyond one utterance's code (Miller and Rollnick): summaries, affirmations, asking permission,
    # and the client's change talk by kind versus sustain talk ("{change}" stands for change_words).
    summary: tuple[str, ...] = ()
    summary_min_words: int = 30
    affirmation: tuple[str, ...] = ()
    permission: tuple[str, ...] = ()
    change_words: str = "(?!)"
    change_talk: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    sustain_talk: tuple[str, ...] = ()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value)

    def _with_change(self, patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
        return compile_patterns(p.replace("{change}", self.change_words) for p in patterns)

    @cached_property
    def compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Every pattern group compiled once."""
        return {
            "reflection": compile_patterns(self.reflection),
            "open": compile_patterns(self.question.open),
            "closed": compile_patterns(self.question.closed),
            "information": compile_patterns(self.information),
            "advice": compile_patterns(self.advice),
            "summary": compile_patterns(self.summary),
            "affirmation": compile_patterns(self.affirmation),
            "permission": compile_patterns(self.permission),
            "sustain_talk": self._with_change(self.sustain_talk),
        }

    @cached_property
    def change_talk_compiled(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Change-talk patterns per kind (desire, ability, reasons, need, commitment, ...), in file order."""
        return {kind: self._with_change(patterns) for kind, patterns in self.change_talk.items()}

    @model_validator(mode="after")
    def _valid(self) -> MicroSkillVocabulary:
        _ = self.compiled, self.change_talk_compiled
        return self


# --------------------------------------------------------------------------- the whole vocabulary


class Vocabulary(Frozen):
    """All vocabulary files; :attr:`version` is stamped into every draft's provenance."""

    interventions: InterventionVocabulary
    verbs: VerbVocabulary
    measures: MeasureVocabulary
    risk: RiskVocabulary
    homework: HomeworkVocabulary
    goals: GoalVocabulary
    response: ResponseVocabulary
    micro_skills: MicroSkillVocabulary
    digest: str = ""

    @model_validator(mode="after")
    def _verbs_known(self) -> Vocabulary:
        known = self.verbs.all_verbs
        for item in self.interventions.interventions:
            if item.verb not in known:
                raise ValueError(
                    f"intervention {item.name!r} uses verb {item.verb!r}, which verbs.yaml does not list"
                )
        return self

    @property
    def version(self) -> str:
        """Each file's version plus a digest of the files' bytes (an edit without a bump still shows)."""
        parts = [f"{name}={getattr(self, name).version}" for name in FILES]
        return ";".join(parts) + (f";sha256={self.digest}" if self.digest else "")


def _read(path: Path) -> tuple[Mapping[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"Cannot read vocabulary file {path}: {exc.strerror or exc}.") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"Vocabulary file {path} is not valid YAML: {exc}.") from None
    if not isinstance(data, dict) or "version" not in data:
        raise ConfigurationError(f"Vocabulary file {path} must be a mapping with a top-level `version`.")
    return data, raw


@lru_cache(maxsize=4)
def load_vocabulary(directory: Path = VOCABULARY_DIR) -> Vocabulary:
    """Load and validate every vocabulary file in ``directory`` (cached per directory)."""
    parts: dict[str, Any] = {}
    digest = hashlib.sha256()
    models: dict[str, type[Frozen]] = {
        "interventions": InterventionVocabulary,
        "verbs": VerbVocabulary,
        "measures": MeasureVocabulary,
        "risk": RiskVocabulary,
        "homework": HomeworkVocabulary,
        "goals": GoalVocabulary,
        "response": ResponseVocabulary,
        "micro_skills": MicroSkillVocabulary,
    }
    for name in FILES:
        path = directory / f"{name}.yaml"
        data, raw = _read(path)
        digest.update(raw)
        try:
            parts[name] = models[name].model_validate(data)
        except ValidationError as exc:
            raise ConfigurationError(f"Vocabulary file {path} is not valid: {describe_error(exc)}.") from None
    try:
        return Vocabulary(**parts, digest=digest.hexdigest()[:12])
    except ValidationError as exc:
        raise ConfigurationError(
            f"Vocabulary in {directory} is inconsistent: {describe_error(exc)}."
        ) from None
