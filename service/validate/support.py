"""Support verification: do the utterances a note sentence cites actually support it?

Used twice: by the drafter, on every sentence a model writes (a failing sentence is replaced by its
template sentence), and by the validator's UNSUPPORTED_CLAIM rule, on every sentence of a note,
including sentences a clinician added or edited. Checks, each conservative (a sentence fails only on
positive grounds, so a clinician-quality note is not flagged for style):

- evidence: a sentence must cite at least one utterance, and only utterances that exist;
- numbers: every number in the sentence (digits or words) appears in the cited utterances (digits or
  spoken words), in a fact grounded there, or, for a "target"/"baseline" remark, in the plan;
  instrument names and ids ("PHQ-9", "G1.O2", "10/10" scales) are not numbers;
- measures: an instrument with a score must be named in the cited lines or by a fact grounded there,
  and "administered today" is refused when the facts say the score came from elsewhere;
- interventions: a sentence that says an intervention was done must match an intervention delivered
  in the cited lines; one that was only proposed there is unsupported, whatever the verb;
- risk: "denied SI" needs the question and the denial in the cited lines (and no endorsement of
  ideation); "reported passive SI" needs the ideation there; "assessed risk" needs the question;
- quotes: quoted words must be in the cited lines (a light paraphrase passes: 80% of the quote's
  word stems, all of them for a short quote).

:func:`align_evidence` attaches evidence to sentences that have none (a reference note, a pasted
note), by lexical overlap plus the evidence of the facts the sentence names; see its docstring.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from service.domain.base import Frozen
from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Utterance
from service.text.numbers import number_set
from service.text.stopwords import STOPWORDS
from service.validate import clinical_terms as ct
from service.validate.text import content_stems, quotes_in, stem, words
from service.validate.vocabulary import Mention, Vocabulary

ProblemKind = Literal[
    "no_evidence", "bad_evidence", "number", "measure", "intervention", "proposed_only", "risk", "quote"
]


class SupportProblem(Frozen):
    """One reason a sentence is not supported; ``detail`` names the problem, never transcript text."""

    kind: ProblemKind
    detail: str


class SupportResult(Frozen):
    """The verdict on one sentence: supported unless ``problems`` is non-empty."""

    problems: tuple[SupportProblem, ...] = ()
    checks: tuple[str, ...] = ()

    @property
    def supported(self) -> bool:
        """True when no check failed."""
        return not self.problems

    @property
    def reason(self) -> str:
        """All problems as one sentence (for provenance and findings)."""
        return "; ".join(p.detail for p in self.problems)


@dataclass(frozen=True)
class SentenceSupport:
    """A note sentence's position, the sentence, and its verdict."""

    section: Section
    index: int
    sentence: NoteSentence
    result: SupportResult

    @property
    def ref(self) -> str:
        """``section/index`` as findings cite it."""
        return f"{self.section}/{self.index}"


# --- sentence classification -------------------------------------------------------------------

_FUTURE = re.compile(
    r"\b(?:next (?:session|time|week|visit|meeting)|will\b|plan(?:s|ned)? to|to be (?:conducted|done|"
    r"introduced)|"
    r"as an option|option for|consider\w*|future|for planning|not (?:yet )?(?:conducted|done|completed|"
    r"practiced|started)|"
    r"defer\w*|propos\w*|may (?:try|add|begin)|if indicated|to (?:begin|start|introduce|try|add|complete|"
    r"continue|practice|attend|use)\b|"
    r"collaboratively planned|planned (?:graded|a |an |the )|agreed to (?:try|consider)|due (?:next|in))",
    re.IGNORECASE,
)
_DELIVERY_VERB = re.compile(
    r"^\W*(?:(?:then|also|briefly|collaboratively|together)\s+)?(?:conducted|practi[cs]ed|guided|used|"
    r"applied|led|"
    r"facilitated|implemented|utili[sz]ed|performed|began|begun|started|initiated|completed|challenged|"
    r"reframed|"
    r"provided|educated|taught|trained|role-?played|coached|modeled|delivered|introduced|continued|processed|"
    r"rehearsed|demonstrated|engaged (?:client|the client|the couple|the group|the family)|worked|reviewed|"
    r"explored|elicited|helped)\b",
    re.IGNORECASE,
)
_HOMEWORK = re.compile(r"\bhomework\b|\bbetween sessions\b|\bat home\b", re.IGNORECASE)
_DROP_FROM_MENTION = {"train", "techniqu", "exercis", "practic", "skill", "therapy", "pause", "brief"}
_PROPOSAL_SPOKEN = re.compile(
    r"next time|next week|next session|for next|we could|we might|we'?ll (?:try|do|get there|work)|not today|"
    r"think about|maybe (?:next|later)|work toward|down the road|in the future|someday|at some point",
    re.IGNORECASE,
)
_TARGET_WORDS = re.compile(r"\b(?:target|baseline|goal|objective|G\d+(?:\.O\d+)?)\b", re.IGNORECASE)
# Tokens whose digits are names, not quantities.
_NOT_NUMBERS = re.compile(
    r"\[[A-Z_0-9]+\]|\b(?:CY-BOCS|Y-BOCS|GAD-7|PHQ-9|PHQ-A|PCL-5|F\d{2}(?:\.\d+)?|Z\d{2}(?:\.\d+)?)\b|"
    r"\b(?:trial|step|round|session|week|day|phase|part)\s+\d+(?:\s+of\s+\d+)?\b|\bitem 9\b|"
    r"\bG\d+(?:\.O\d+)?\b|\bI\d+\b|(?:/|out of |of )(?:10|100|ten|a hundred)\b|\(?\b0\s*-\s*(?:10|"
    r"100)\b\)?|"
    r"\b(?:one|once|first|a)\b|\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)\b|\b(?:9|nine)[- ]?8[- ]?8\b|"
    r"\b988\b",
    re.IGNORECASE,
)


_OBSERVATION = re.compile(
    r"^\W*(?:(?:individual|family|conjoint|couples?|group|telehealth|in-person|"
    r"video)\b[^.;]{0,40}\bsession\b|"
    r"(?:the )?(?:client|\[CLIENT\]|spouse|parent|mother|father|partner|both(?: partners)?|the couple|"
    r"members?|he|she|they)"
    r"\s+(?:(?:attended|presented|appeared|arrived|was|were|remained|seemed)\b))",
    re.IGNORECASE,
)
_OBSERVED = re.compile(
    r"\b(?:affect|mood|alert|engaged|cooperative|on time|oriented|humorous|tearful|calm|euthymic|anxious|"
    r"dysphoric|constricted|bright\w*|groomed|attentive|participat\w*|pleasant|guarded|restless|fidgety|"
    r"irritable|relaxed|motivated|open|forthcoming|present|session)\b",
    re.IGNORECASE,
)


def is_observation(text: str) -> bool:
    """A mental-status or attendance remark about the whole session ("Client attended on time, alert and
    engaged"); the clinician witnessed it, so it needs no citation. Numbers, quotes, risk and
    interventions make a sentence a claim again."""
    bare = re.sub(r"\(?\bage \d{1,2}\)?", " ", text)
    if (
        quotes_in(bare)
        or _sentence_numbers(bare)
        or ct.NOTE_RISK.search(bare)
        or ct.NOTE_RISK_CI.search(bare)
    ):
        return False
    if re.search(
        r"\b(?:report\w*|stat\w*|describ\w*|said|disclos\w*|denied|endorsed|completed)\b", bare, re.I
    ):
        return False
    return bool(_OBSERVATION.search(bare) and _OBSERVED.search(bare))


def claims_delivery(text: str, section: Section | None) -> bool:
    """True when a sentence says an intervention was done (not proposed, not homework)."""
    if _FUTURE.search(text) or _HOMEWORK.search(text):
        return False
    return section == "intervention" or bool(_DELIVERY_VERB.search(text))


def _sentence_numbers(text: str) -> set[float]:
    return number_set(_NOT_NUMBERS.sub(" ", text))


# --- the checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """What one sentence may draw on: the cited lines and the facts grounded in them."""

    cited: tuple[int, ...]
    lines: tuple[Utterance, ...]
    facts: ClinicalFacts | None
    vocabulary: Vocabulary | None
    plan: TreatmentPlan | None
    utterances: Sequence[Utterance]
    focus_speaker: str

    @property
    def text(self) -> str:
        return " ".join(u.text for u in self.lines)

    def overlaps(self, evidence: Sequence[int]) -> bool:
        return bool(set(evidence) & set(self.cited))


def _check_numbers(sentence: str, scope: _Scope) -> list[SupportProblem]:
    wanted = _sentence_numbers(sentence)
    if not wanted:
        return []
    have = number_set(scope.text)
    if scope.facts is not None:
        for m in scope.facts.measures:
            if scope.overlaps(m.evidence):
                have.add(float(m.score))
    if scope.plan is not None and _TARGET_WORDS.search(sentence):
        have |= _plan_numbers(scope.plan)
    dob = scope.plan.client.dob if scope.plan is not None else None
    if dob is not None and re.search(r"\bage \d|\d+-year-old", sentence):
        # The client's age comes from the chart, not the conversation.
        years = scope.plan.effective_date.year - dob.year if scope.plan is not None else 0
        have |= {float(years - 1), float(years), float(years + 1)}
    if re.search(r"\bpoints?\b", sentence):
        # "reduced by 7 points": a difference of two scores the evidence gives.
        have |= {abs(a - b) for a in have for b in have}
    missing = sorted(n for n in wanted if n not in have)
    if not missing:
        return []
    shown = ", ".join(f"{n:g}" for n in missing)
    return [SupportProblem(kind="number", detail=f"number {shown} does not appear in the cited utterances")]


def _plan_numbers(plan: TreatmentPlan) -> set[float]:
    out: set[float] = set()
    for goal in plan.goals:
        for o in goal.objectives:
            out |= number_set(re.sub(r"\bG\d+(?:\.O\d+)?\b", " ", o.text))
            if o.measure is not None:
                out |= {float(v) for v in (o.measure.baseline, o.measure.target) if v is not None}
    return out


def _check_measures(sentence: str, scope: _Scope) -> list[SupportProblem]:
    problems: list[SupportProblem] = []
    named = {m.group(0).split(" item")[0] for m in ct.NOTE_INSTRUMENT.finditer(sentence)}
    if not named or not _sentence_numbers(sentence):
        return problems
    for instrument in sorted(named):
        key = ct.instrument_key(instrument)
        grounded = [
            m
            for m in (scope.facts.measures if scope.facts is not None else ())
            if ct.instrument_key(m.instrument).startswith(key) and scope.overlaps(m.evidence)
        ]
        spoken = ct.INSTRUMENTS.get(instrument)
        if not grounded and not (spoken is not None and spoken.search(scope.text)):
            problems.append(
                SupportProblem(
                    kind="measure", detail=f"the cited utterances do not give a {instrument} score"
                )
            )
            continue
        if (
            grounded
            and all(not m.administered_in_session for m in grounded)
            and ct.ADMINISTERED_TODAY.search(sentence)
            and not re.search(r"not administered|client report|outside|another provider", sentence, re.I)
        ):
            problems.append(
                SupportProblem(
                    kind="measure",
                    detail=f"the {instrument} score came from elsewhere, not administered in this session",
                )
            )
    return problems


def _fact_keys(fact: InterventionFact, vocabulary: Vocabulary) -> frozenset[str]:
    return vocabulary.keys_in(f"{fact.name} ({fact.modality})")


def _matches(vocabulary: Vocabulary, fact_keys: frozenset[str], mention: frozenset[str]) -> bool:
    return bool(fact_keys) and (
        vocabulary.covers(fact_keys, mention) or vocabulary.covers(mention, fact_keys)
    )


def _mention_stems(sentence: str, mention: Mention) -> set[str]:
    return {s for s in content_stems(sentence[mention.start : mention.end]) if s not in _DROP_FROM_MENTION}


def _check_interventions(sentence: str, section: Section | None, scope: _Scope) -> list[SupportProblem]:
    vocabulary = scope.vocabulary
    if vocabulary is None or not claims_delivery(sentence, section):
        return []
    problems: list[SupportProblem] = []
    for mention in vocabulary.mentions(sentence):
        name = vocabulary.display(mention.keys)
        if scope.facts is not None:
            delivered = [
                f
                for f in scope.facts.interventions
                if _matches(vocabulary, _fact_keys(f, vocabulary), mention.keys)
            ]
            proposed = [
                f
                for f in scope.facts.proposed
                if _matches(vocabulary, _fact_keys(f, vocabulary), mention.keys)
            ]
            if any(scope.overlaps(f.evidence) for f in delivered):
                continue
            if proposed and not delivered:
                problems.append(
                    SupportProblem(kind="proposed_only", detail=f"{name} was only proposed, not delivered")
                )
                continue
            if delivered:
                problems.append(
                    SupportProblem(
                        kind="intervention", detail=f"the cited utterances are not where {name} was delivered"
                    )
                )
                continue
        # Facts do not know it (or there are none): the cited lines must speak of it, and not only as a
        # proposal. Without facts a line that never names the technique proves nothing either way.
        stems = _mention_stems(sentence, mention)
        naming = [u for u in scope.lines if stems & {stem(w) for w in words(u.text)}]
        if naming and all(_PROPOSAL_SPOKEN.search(u.text) for u in naming):
            problems.append(
                SupportProblem(
                    kind="proposed_only", detail=f"{name} is only proposed in the cited utterances"
                )
            )
        elif not naming and scope.facts is not None:
            problems.append(
                SupportProblem(kind="intervention", detail=f"{name} is not among the interventions delivered")
            )
    unique = {p.detail: p for p in problems}
    return list(unique.values())


def _endorses(u: Utterance, focus_speaker: str) -> bool:
    """Does this line voice (or report the client's) suicidal ideation or self-harm?"""
    text = u.text
    hits = [m for rx in (ct.SI_PASSIVE_SPOKEN, ct.SI_ACTIVE_SPOKEN) for m in rx.finditer(text)]
    if not hits:
        return False
    if u.speaker == "therapist":
        # A therapist reports an endorsement (reading back the answer the client marked) but asks
        # about risk otherwise.
        return bool(_REPORTED_ENDORSEMENT.search(text))
    for m in hits:
        before = text[max(0, m.start() - 30) : m.start()].lower()
        if not re.search(r"\b(?:never|not|wouldn'?t|won'?t|don'?t|no)\b", before):
            return True
    return False


def _asked_and_denied(scope: _Scope) -> tuple[bool, bool]:
    """(a risk question is among the cited lines, a denial answers it)."""
    asked = denied = False
    for idx in scope.cited:
        if not 0 <= idx < len(scope.utterances):
            continue
        u = scope.utterances[idx]
        if u.speaker == "therapist" and "?" in u.text and ct.RISK_QUESTION.search(u.text):
            asked = True
            for nxt in scope.utterances[idx + 1 : idx + 3]:
                if nxt.speaker != "therapist" and ct.NEGATIVE_ANSWER.search(nxt.text):
                    denied = True
                    break
    risk = scope.facts.risk if scope.facts is not None else None
    if risk is not None and risk.asked and scope.overlaps(risk.asked_evidence + risk.denied_evidence):
        asked = True
        denied = denied or risk.denied or bool(risk.denied_topics)
    return asked, denied


def _check_risk(sentence: str, scope: _Scope) -> list[SupportProblem]:
    if not (ct.NOTE_RISK.search(sentence) or ct.NOTE_RISK_CI.search(sentence)):
        return []
    if _FUTURE.search(sentence) and not ct.NOTE_ENDORSEMENT.search(sentence):
        return []
    problems: list[SupportProblem] = []
    risk = scope.facts.risk if scope.facts is not None else None
    endorsed_here = any(_endorses(u, scope.focus_speaker) for u in scope.lines) or (
        risk is not None and risk.present and scope.overlaps(risk.evidence)
    )
    endorsed_anywhere = risk is not None and risk.present
    negated = ct.NEGATED.search(sentence) is not None
    if ct.NOTE_DENIAL.search(sentence):
        asked, denied = _asked_and_denied(scope)
        if not asked:
            problems.append(
                SupportProblem(
                    kind="risk", detail="a denial of risk, but the cited utterances hold no risk question"
                )
            )
        elif not denied:
            problems.append(
                SupportProblem(
                    kind="risk",
                    detail="a denial of risk, but no denial answers the question in the cited utterances",
                )
            )
        if ct.DENIED_IDEATION.search(sentence) and (endorsed_here or endorsed_anywhere):
            problems.append(
                SupportProblem(kind="risk", detail="denies ideation the client endorsed in the session")
            )
        elif ct.DENIED_ACTIVE.search(sentence) and risk is not None and "active SI" in risk.kinds:
            problems.append(SupportProblem(kind="risk", detail="denies active ideation the client endorsed"))
        return problems
    if ct.NOTE_ENDORSEMENT.search(sentence) and not negated and not endorsed_here:
        problems.append(SupportProblem(kind="risk", detail="risk the cited utterances do not voice"))
    if ct.NOTE_ASSESSMENT.search(sentence) and not negated:
        asked, _ = _asked_and_denied(scope)
        if not asked:
            problems.append(
                SupportProblem(kind="risk", detail="a risk assessment the cited utterances do not show")
            )
    if ct.NOTE_SAFETY_PLAN_DONE.search(sentence) and not negated and not _FUTURE.search(sentence):
        safety_work = [
            f for f in (scope.facts.interventions if scope.facts else ()) if f.name in _SAFETY_PLAN_WORK
        ]
        reviewed = (
            bool(ct.SAFETY_PLAN_SPOKEN.search(scope.text))
            or (
                risk is not None
                and risk.safety_plan_reviewed
                and scope.overlaps(risk.evidence + risk.asked_evidence)
            )
            # The extracted safety-planning work itself, grounded in the cited lines.
            or any(scope.overlaps(f.evidence) for f in safety_work)
        )
        if not reviewed:
            problems.append(
                SupportProblem(kind="risk", detail="safety-plan work the cited utterances do not show")
            )
    return problems


_FILLERS = {"um", "uh", "like", "you", "know", "mm", "hmm"}
# The PHQ frequency answers, each its own alternative.
_PHQ_ANSWERS = ("nearly every day", "more than half", "several days")
_REPORTED_ENDORSEMENT = re.compile(
    "|".join((r"you (?:marked|said|mentioned|wrote|endorsed)", *_PHQ_ANSWERS)), re.IGNORECASE
)
_SAFETY_PLAN_WORK = frozenset({"Safety planning", "Safety plan review"})


def _quote_stems(text: str) -> list[str]:
    text = re.sub(r"\[[A-Z_0-9]+\]", " ", text)
    return [stem(w) for w in words(text) if w not in _FILLERS]


def _check_quotes(sentence: str, scope: _Scope) -> list[SupportProblem]:
    problems: list[SupportProblem] = []
    cited = set(_quote_stems(scope.text))
    for quote in quotes_in(sentence):
        stems = _quote_stems(quote)
        if not stems:
            continue
        found = sum(1 for s in stems if s in cited)
        need = len(stems) if len(stems) <= 3 else math.ceil(0.8 * len(stems))
        if found < need:
            problems.append(
                SupportProblem(
                    kind="quote", detail=f"a quotation ({len(stems)} words) not found in the cited utterances"
                )
            )
    return problems


def verify_sentence(
    sentence: NoteSentence,
    utterances: Sequence[Utterance],
    *,
    facts: ClinicalFacts | None = None,
    vocabulary: Vocabulary | None = None,
    plan: TreatmentPlan | None = None,
    section: Section | None = None,
    focus_speaker: str = "client",
) -> SupportResult:
    """Decide whether the utterances ``sentence.evidence`` cites support ``sentence.text``.

    ``utterances`` are the session's (placeholder) utterances, indexed as the evidence is. ``facts`` (the
    extracted facts) and ``vocabulary`` sharpen the number, measure and intervention checks; without a
    vocabulary interventions are not checked. ``section`` tells the intervention check that a sentence
    in Intervention describes work done.
    """
    text = sentence.text
    checks = ["evidence"]
    if not sentence.evidence and is_observation(text):
        return SupportResult(checks=("observation",))
    if not sentence.evidence:
        return SupportResult(
            problems=(SupportProblem(kind="no_evidence", detail="the sentence cites no utterance"),),
            checks=tuple(checks),
        )
    bad = [i for i in sentence.evidence if not 0 <= i < len(utterances)]
    if bad:
        return SupportResult(
            problems=(
                SupportProblem(kind="bad_evidence", detail=f"cites utterance {bad[0]}, which does not exist"),
            ),
            checks=tuple(checks),
        )
    cited = tuple(sorted(set(sentence.evidence)))
    scope = _Scope(
        cited=cited,
        lines=tuple(utterances[i] for i in cited),
        facts=facts,
        vocabulary=vocabulary,
        plan=plan,
        utterances=utterances,
        focus_speaker=focus_speaker,
    )
    problems = [
        *_check_numbers(text, scope),
        *_check_measures(text, scope),
        *_check_interventions(text, section, scope),
        *_check_risk(text, scope),
        *_check_quotes(text, scope),
    ]
    checks += ["numbers", "measures", "interventions" if vocabulary is not None else "", "risk", "quotes"]
    return SupportResult(problems=tuple(problems), checks=tuple(c for c in checks if c))


def verify_note(
    note: BirpNote,
    utterances: Sequence[Utterance],
    *,
    facts: ClinicalFacts | None = None,
    vocabulary: Vocabulary | None = None,
    plan: TreatmentPlan | None = None,
    focus_speaker: str = "client",
) -> list[SentenceSupport]:
    """:func:`verify_sentence` for every sentence of ``note``, in note order."""
    return [
        SentenceSupport(
            section,
            index,
            s,
            verify_sentence(
                s,
                utterances,
                facts=facts,
                vocabulary=vocabulary,
                plan=plan,
                section=section,
                focus_speaker=focus_speaker,
            ),
        )
        for section, index, s in note.sentences()
    ]


# --- alignment of sentences that carry no evidence -----------------------------------------------


def align_evidence(
    note: BirpNote,
    utterances: Sequence[Utterance],
    *,
    facts: ClinicalFacts | None = None,
    vocabulary: Vocabulary | None = None,
    max_lines: int = 6,
) -> BirpNote:
    """The note with evidence attached to every sentence that has none; cited sentences are unchanged.

    For a note written without utterance ids (a clinician's reference note, a pasted note). Each
    sentence gets: the utterances sharing the most content (word stems weighted by inverse document
    frequency over the session; at most ``max_lines``, each scoring at least 40% of the best), the
    answer after any selected therapist question, for each number and quotation the best-overlapping
    utterance that contains it, and the evidence of the facts it names (a delivered intervention, a
    measure, the risk facts). The result is what a careful reader would cite; verification then
    checks it like any other evidence.
    """
    docs = [set(content_stems(u.text)) for u in utterances]
    df = Counter(s for d in docs for s in d)
    n = max(len(docs), 1)
    idf = {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items()}
    line_numbers = [number_set(u.text) for u in utterances]
    sections: dict[str, tuple[NoteSentence, ...]] = {}
    for name in SECTIONS:
        out = []
        for s in note.section(name):
            if s.evidence:
                out.append(s)
                continue
            evidence = _align_one(s.text, utterances, docs, idf, line_numbers, facts, vocabulary, max_lines)
            out.append(NoteSentence(text=s.text, evidence=evidence))
        sections[name] = tuple(out)
    return BirpNote(**sections)


def _align_one(
    text: str,
    utterances: Sequence[Utterance],
    docs: list[set[str]],
    idf: dict[str, float],
    line_numbers: list[set[float]],
    facts: ClinicalFacts | None,
    vocabulary: Vocabulary | None,
    max_lines: int,
) -> tuple[int, ...]:
    stems = set(content_stems(text)) - {stem(w) for w in STOPWORDS}
    scores = [sum(idf.get(s, 0.0) for s in stems & d) for d in docs]
    chosen: set[int] = set()
    if scores and max(scores) > 0:
        best = max(scores)
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        chosen.update(i for i in ranked[:max_lines] if scores[i] >= 0.4 * best and scores[i] > 1.0)
        if not chosen:
            chosen.update(i for i in ranked[:3] if scores[i] > 0)
    for i in sorted(chosen):
        u = utterances[i]
        if u.speaker == "therapist" and "?" in u.text:
            chosen.update(
                j for j in range(i + 1, min(i + 3, len(utterances))) if utterances[j].speaker != "therapist"
            )
    for number in _sentence_numbers(text):
        holders = [i for i, nums in enumerate(line_numbers) if number in nums]
        if holders:
            chosen.add(max(holders, key=lambda i: scores[i]))
    for quote in quotes_in(text):
        q = set(_quote_stems(quote))
        if q:
            chosen.add(
                max(range(len(utterances)), key=lambda i: len(q & set(_quote_stems(utterances[i].text))))
            )
    if ct.NOTE_RISK.search(text) or ct.NOTE_RISK_CI.search(text):
        chosen.update(_risk_lines(utterances))
    if facts is not None:
        chosen.update(_fact_evidence(text, facts, vocabulary))
    return tuple(sorted(chosen))


def _fact_evidence(text: str, facts: ClinicalFacts, vocabulary: Vocabulary | None) -> set[int]:
    out: set[int] = set()
    if vocabulary is not None:
        for mention in vocabulary.mentions(text):
            for f in (*facts.interventions, *facts.proposed):
                if _matches(vocabulary, _fact_keys(f, vocabulary), mention.keys):
                    out.update(f.evidence)
    named = {ct.instrument_key(m.group(0).split(" item")[0]) for m in ct.NOTE_INSTRUMENT.finditer(text)}
    wanted = _sentence_numbers(text)
    for m in facts.measures:
        key = ct.instrument_key(m.instrument)
        if any(key.startswith(k) for k in named) and (not wanted or float(m.score) in wanted):
            out.update(m.evidence)
    if ct.NOTE_RISK.search(text) or ct.NOTE_RISK_CI.search(text):
        out.update(facts.risk.evidence)
        out.update(facts.risk.asked_evidence)
    if re.search(r"\bhomework\b|\bassigned\b", text, re.I):
        for h in facts.homework:
            if h.status == ("reviewed" if re.search(r"\breview", text, re.I) else "assigned"):
                out.update(h.evidence)
    return out


def _risk_lines(utterances: Sequence[Utterance]) -> set[int]:
    """Where risk was asked about or voiced: questions, their answers, endorsements."""
    out: set[int] = set()
    for i, u in enumerate(utterances):
        if u.speaker == "therapist" and "?" in u.text and ct.RISK_QUESTION.search(u.text):
            out.update(range(i, min(i + 3, len(utterances))))
        elif _endorses(u, "client"):
            out.add(i)
    return out
