"""Interventions the therapist delivered (or only proposed), normalised to the documented vocabulary.

Rules (the vocabulary file documents the data side):
- Each therapist sentence is matched against every entry's ``strong`` (weight 2) and ``cues`` (weight 1)
  patterns; clients' speech adds ``client_cues`` (weight 1) once the therapist has a hit.
- A sentence carrying a proposal cue (a technique offered for a later session), and the rest of that
  utterance, only PROPOSES; a sentence about an earlier session's work or the client's own practice
  at home (a homework review) counts for nothing.
- An entry is delivered when the weight of its hits inside one episode (``episode_window``
  utterances) reaches its threshold: 2 per strong turn, 1 per DIFFERENT cue (a phrase said again is
  no new evidence, and a cue inside a strong phrase is not counted twice), and client and context cues
  beside a therapist hit. Cues scattered over a whole session are talk about a topic, not a piece of
  work. ``requires_strong`` entries need a strong hit (their cues are shared with a neighbour).
- A sentence with a present-tense cue ("let's check the plan we made last month") is work done now
  even when it names an earlier session.
- In a couple or a group, work the focus client never answers (within a few turns of a hit) belongs
  to another member's note.
- With a meaning layer (:mod:`service.extract.meaning`), the similarity of the hit utterances to the
  entry's exemplars decides the borderline cases: a cue-only entry whose lines read nothing like the
  technique is dropped, and an entry one cue short is kept when its lines read like it.
- ``merge_into`` folds a generic entry into a specific one nearby (a refusal role-play inside
  relapse prevention, a generic exposure that is ERP), so one piece of work is one intervention; when
  only the generic one was explicit (a strong hit) the fold goes the other way, unless the generic
  one is ``always_fold`` (a vehicle such as role-play serves the technique it is used in).
- The plan item is the one whose name mentions the entry (the entry it names first wins, then the words
  it shares with the evidence); failing that, one naming the entry's family ("Exposure therapy").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Literal

from service.domain.facts import InterventionFact
from service.domain.plan import PlannedIntervention, TreatmentPlan
from service.extract.text import Session, Turn
from service.extract.vocabulary import InterventionType, InterventionVocabulary, any_match

Mode = Literal["delivery", "proposal", "past"]
_PLAN_WORDS = 2  # distinct words of a plan item's name in a proposal's lines that identify the item
_STRONG_WEIGHT = 2  # a strong pattern, or two different cues in one turn (``_TurnMatch.weight``)
_LED_MAX = 2  # an exercise led step by step weighs as much as a second naming of the technique
_LED_REACH = 8  # utterances after the naming in which the steps are led
_BESIDE = 2  # utterances between a therapist hit and the client or context line that supports it
# support(entry name, utterance indices) -> how much those therapist lines read like the entry (a cosine),
# or None when the meaning layer knows nothing of the entry (a clinic's own technique).
Support = Callable[[str, Collection[int]], float | None]
UNKNOWN_MODALITY = "Unspecified (not in vocabulary)"
UNKNOWN_VERB = "Introduced"
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    {
        "a", "an", "and", "the", "of", "on", "in", "for", "to", "with", "by", "or", "as", "at", "from",
        "into", "via", "therapy", "training", "technique", "techniques", "skills", "skill", "intervention",
        "interventions",
    }
)  # fmt: skip
# A sentence that is nothing but a later time ("Next session." "For next week, then."): English drops the
# rest of "we will do that next session", so it refers back to what the turn just offered.
_LATER_TAG = re.compile(
    r"^(?:and |so |okay,? |maybe |then,? )*(?:for |at |in )?(?:the |our )?"
    r"(?:next (?:time|week|session|appointment|visit)"
    r"|another (?:time|day|session)|some other time|another week)"
    r"(?:,? (?:then|okay|maybe|i think|together))?[.!?]?$"
)
_CLAUSE = re.compile(r"[a-z][a-z -]{2,60}?(?=[,.;:!?]|$)")
# Words too generic to be the name of a technique a therapist introduces ("it's called that").
_NOT_NAMES = frozenset({"that", "this", "it", "something", "what", "the", "a", "an", "one", "thing"})


@dataclass(frozen=True)
class MeaningRule:
    """How the meaning layer's similarities decide borderline candidates (thresholds are cosines)."""

    veto_below: float
    upgrade_at: float


@dataclass
class _Hits:
    """Hit weights by utterance index, separately for delivery, proposal and the client's replies."""

    delivery: dict[int, int] = field(default_factory=dict)
    client: dict[int, int] = field(default_factory=dict)
    context: dict[int, int] = field(default_factory=dict)
    proposal: dict[int, int] = field(default_factory=dict)
    guided: set[int] = field(default_factory=set)  # therapist turns leading an exercise (session-wide)
    strong: set[int] = field(default_factory=set)
    cues: dict[int, frozenset[str]] = field(default_factory=dict)  # which cue patterns hit each turn

    def add(
        self, mode: Mode, index: int, weight: int, strong: bool, cues: frozenset[str] = frozenset()
    ) -> None:
        if mode == "past":
            return
        bucket = self.delivery if mode == "delivery" else self.proposal
        bucket[index] = max(bucket.get(index, 0), weight)
        if mode == "delivery":
            if strong:
                self.strong.add(index)
            self.cues[index] = self.cues.get(index, frozenset()) | cues

    def episode_weight(self, window: int) -> int:
        """The largest weight inside ``window`` consecutive utterances: 2 per strong turn, 1 per
        DIFFERENT cue (one phrase repeated turn after turn is one piece of evidence), and client and
        context cues beside a therapist hit."""
        best = 0
        for start in self.delivery:
            end = start + window
            inside = [i for i in self.delivery if start <= i <= end]
            strong = sum(2 for i in inside if i in self.strong)
            cues: set[str] = set()
            for i in inside:
                known = self.cues.get(i)
                if known:
                    cues |= known
                elif i not in self.strong:
                    cues |= {f"turn:{i}:{n}" for n in range(self.delivery[i])}
            # A client's or a context line supports the work it sits beside, not any line of the episode.
            extra = sum(
                w
                for bucket in (self.client, self.context)
                for i, w in bucket.items()
                if start <= i <= end and any(abs(i - j) <= _BESIDE for j in inside)
            )
            best = max(best, strong + len(cues) + extra + self._led(start, end))
        return best

    def _led(self, start: int, end: int) -> int:
        """Up to 2 for an exercise led step by step right after a strong (naming) hit in the episode: the
        named technique was done, not only talked about. Cue-only candidates get nothing from it."""
        named = [i for i in self.strong if start <= i <= end]
        if not named:
            return 0
        first = min(named)
        return min(_LED_MAX, sum(1 for i in self.guided if first < i <= first + _LED_REACH))


@dataclass
class _Candidate:
    entry: InterventionType | None
    name: str
    hits: _Hits = field(default_factory=_Hits)
    support: float | None = None  # best meaning similarity over the delivery lines, when measured

    @property
    def threshold(self) -> int:
        return self.entry.threshold if self.entry is not None else 2

    @property
    def strong(self) -> bool:
        return bool(self.hits.strong)


@dataclass(frozen=True)
class InterventionFindings:
    """Delivered and proposed interventions, and which delivered ones rest on cues alone (no strong
    hit): those a verifier should read first."""

    delivered: tuple[InterventionFact, ...]
    proposed: tuple[InterventionFact, ...]
    cue_only: frozenset[str] = frozenset()


def sentence_modes(turn: Turn, vocab: InterventionVocabulary) -> list[tuple[str, Mode]]:
    """Each sentence of a therapist turn with its mode; a proposal cue covers the rest of the turn, and a
    turn that ends its offer with a bare time tag ("... a set worry time. Next session.") proposes all of
    it: the tag is the elliptical end of the sentences before it."""
    if any(_LATER_TAG.match(s) for s in turn.sentences[1:]):
        return [(s, "proposal") for s in turn.sentences]
    out: list[tuple[str, Mode]] = []
    proposing = False
    for sentence in turn.sentences:
        if any_match(vocab.proposal_re, sentence):
            proposing = True
        if proposing:
            out.append((sentence, "proposal"))
        elif any_match(vocab.past_re, sentence) and not any_match(vocab.present_re, sentence):
            out.append((sentence, "past"))
        else:
            out.append((sentence, "delivery"))
    return out


@dataclass
class _TurnMatch:
    """What one entry matched in one therapist turn, per mode."""

    strong: bool = False
    cues: set[int] = field(default_factory=set)
    context: bool = False

    @property
    def weight(self) -> int:
        # Two different cues in one turn weigh as much as a strong pattern: an explanation or an
        # exercise is usually told in one turn, in several ways.
        return 2 if self.strong else min(2, len(self.cues))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two matches share at least half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared * 2 >= min(a[1] - a[0], b[1] - b[0])


def _match(entry: InterventionType, sentence: str, into: _TurnMatch) -> None:
    if any_match(entry.exclude_re, sentence):
        return
    taken = [m.span() for p in entry.strong_re if (m := p.search(sentence))]
    if taken:
        into.strong = True
    for n, pattern in enumerate(entry.cues_re):
        found = pattern.search(sentence)
        # A cue counts only in words of its own: not a second reading of a phrase already counted.
        if found and not any(_overlap(found.span(), span) for span in taken):
            taken.append(found.span())
            into.cues.add(n)
    if any_match(entry.context_cues_re, sentence):
        into.context = True


def _eligible(entry: InterventionType, session: Session) -> bool:
    if entry.requires_speaker is None:
        return True
    if entry.requires_speaker == "parent":
        return session.has_parent
    if entry.requires_speaker == "other_client":
        return session.multi_client
    if entry.requires_speaker == "family":
        return session.multi_client or session.has_parent
    return any(t.speaker == entry.requires_speaker for t in session.turns)


def _collect(session: Session, vocab: InterventionVocabulary) -> dict[str, _Candidate]:
    candidates = {e.name: _Candidate(e, e.name) for e in vocab.interventions if _eligible(e, session)}
    named = vocab.named_technique
    guided: set[int] = set()
    for turn in session.turns:
        if not session.is_therapist(turn):
            for cand in candidates.values():
                if cand.entry is not None and any_match(cand.entry.client_cues_re, turn.norm):
                    cand.hits.client[turn.index] = 1
            continue
        matches: dict[tuple[str, Mode], _TurnMatch] = {}
        for sentence, mode in sentence_modes(turn, vocab):
            if mode == "past":
                continue
            if mode == "delivery" and any_match(vocab.guided_re, sentence):
                guided.add(turn.index)
            for key, cand in candidates.items():
                if cand.entry is not None:
                    _match(cand.entry, sentence, matches.setdefault((key, mode), _TurnMatch()))
            match = named.pattern_re.search(sentence)
            if match and named.requires_re.search(turn.norm):
                clause = _CLAUSE.match(sentence, match.start(1))
                full = clause.group(0).strip(" -") if clause else ""
                _add_named(candidates, vocab, match.group(1).strip(" -"), mode, turn.index, full)
        for (key, mode), found in matches.items():
            hits = candidates[key].hits
            if found.weight:
                ids = frozenset(f"{key}:{n}" for n in found.cues)
                hits.add(mode, turn.index, found.weight, found.strong, ids)
            elif found.context and mode == "delivery":
                hits.context[turn.index] = 1
    for cand in candidates.values():
        cand.hits.guided = guided
    return candidates


def _add_named(
    candidates: dict[str, _Candidate],
    vocab: InterventionVocabulary,
    name: str,
    mode: Mode,
    index: int,
    full: str = "",
) -> None:
    """A technique the therapist names: a known entry gets a strong hit, an unknown name its own candidate.

    ``full`` is the whole phrase up to the end of the clause: a name with "and" in it ("tension and
    trauma releasing exercises") is cut short at the "and" by the pattern, and the vocabulary knows the
    whole name, not its first word.
    """
    if not name or name in _NOT_NAMES or len(name) > 40:
        return
    entry = vocab.resolve(full) if full else None
    entry = entry or vocab.resolve(name)
    if entry is not None:
        if entry.name in candidates:
            candidates[entry.name].hits.add(mode, index, 2, True)
        return
    key = f"unknown:{name}"
    candidates.setdefault(key, _Candidate(None, name[:1].upper() + name[1:]))
    candidates[key].hits.add(mode, index, 2, True)


def _rules_delivered(cand: _Candidate, window: int) -> bool:
    if not cand.hits.delivery:
        return False
    if cand.entry is not None and cand.entry.requires_strong and not cand.strong:
        return False
    return cand.hits.episode_weight(window) >= cand.threshold


def _decide(
    candidates: dict[str, _Candidate],
    vocab: InterventionVocabulary,
    support: Support | None,
    rule: MeaningRule | None,
) -> set[str]:
    """Names of the candidates delivered, by the rules and, when given, the meaning layer."""
    delivered: set[str] = set()
    for key, cand in candidates.items():
        by_rules = _rules_delivered(cand, vocab.episode_window)
        entry = cand.entry
        # Only the borderline candidates are read for meaning: cue-only deliveries (keep or drop) and
        # entries with therapist hits that fell short (add or not). Strong hits stand on their own.
        borderline = (by_rules and not cand.strong) or (
            not by_rules
            and not (entry is not None and entry.requires_strong and not cand.strong)
            and cand.hits.episode_weight(vocab.episode_window) >= cand.threshold - 1
        )
        if (
            support is not None
            and rule is not None
            and entry is not None
            and cand.hits.delivery
            and borderline
        ):
            cand.support = support(cand.name, tuple(cand.hits.delivery))
            if cand.support is not None:
                by_rules = cand.support >= (rule.veto_below if by_rules else rule.upgrade_at)
        if by_rules:
            delivered.add(key)
    return delivered


def _engaged(session: Session, indices: Collection[int], reach: int = 3) -> bool:
    """Whether the focus client (or a parent) is among the next ``reach`` members to speak after a hit.

    Members' turns are counted, not the therapist's: in a three-way exchange the therapist answers the
    other member between, and the client's reply comes a turn or two later than in a pair.
    """
    turns = session.turns
    for i in indices:
        members = [t for t in turns[i + 1 :] if not session.is_therapist(t)][:reach]
        if any(session.is_focus(t) or t.speaker in session.parents for t in members):
            return True
    return False


def _fold(
    source: _Candidate, target: _Candidate, bucket: Literal["delivery", "proposal"], window: int
) -> bool:
    """Move ``source``'s hits within ``window`` utterances of ``target``'s into ``target``."""
    hits, target_hits = getattr(source.hits, bucket), getattr(target.hits, bucket)
    near = {i: w for i, w in hits.items() if any(abs(i - j) <= window for j in target_hits)}
    for i, w in near.items():
        target_hits[i] = max(target_hits.get(i, 0), w)
        del hits[i]
        if bucket == "delivery":
            if i in source.hits.strong:
                source.hits.strong.discard(i)
                target.hits.strong.add(i)
            moved = source.hits.cues.pop(i, frozenset())
            target.hits.cues[i] = target.hits.cues.get(i, frozenset()) | moved
    return bool(near)


def _merge(
    candidates: dict[str, _Candidate],
    vocab: InterventionVocabulary,
    bucket: Literal["delivery", "proposal"],
    active_keys: set[str],
) -> None:
    """Fold generic entries into specific ones within ``merge_window`` utterances (to a fixed point).

    For delivery hits both must be delivered; for proposal hits both must have been proposed. When the
    generic entry was named or shown outright (a strong hit) and the specific one rests on cues alone,
    the fold goes the other way: the cues were part of the technique the therapist made explicit.
    """
    window = vocab.merge_window

    def active(key: str, cand: _Candidate) -> bool:
        return key in active_keys if bucket == "delivery" else bool(cand.hits.proposal)

    def recheck(key: str, cand: _Candidate) -> None:
        # What is left after a fold must stand as work of its own.
        if bucket == "delivery" and not _rules_delivered(cand, vocab.episode_window):
            active_keys.discard(key)

    for _ in range(3):
        changed = False
        for key, cand in candidates.items():
            if cand.entry is None or not cand.entry.merge_into or not active(key, cand):
                continue
            for target_name in cand.entry.merge_into:
                target = candidates.get(target_name)
                if target is None or target is cand or not active(target_name, target):
                    continue
                if bucket == "delivery" and cand.strong and not target.strong and not cand.entry.always_fold:
                    if _fold(target, cand, bucket, window):
                        changed = True
                        recheck(target_name, target)
                    continue
                if _fold(cand, target, bucket, window):
                    changed = True
                    recheck(key, cand)
                if not getattr(cand.hits, bucket) or not active(key, cand):
                    break
        if not changed:
            return


def _tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def match_plan(
    entry: InterventionType | None,
    name: str,
    plan: TreatmentPlan | None,
    vocab: InterventionVocabulary,
    evidence_text: str,
    by_words: bool = False,
) -> PlannedIntervention | None:
    """The plan item this intervention delivers, or None when the plan does not list it."""
    if plan is None or not plan.interventions:
        return None
    context = _tokens(evidence_text)

    def overlap(item: PlannedIntervention) -> int:
        return len(_tokens(item.name) & context)

    if entry is None:
        # An unknown technique is in the plan only if the plan names it in so many words.
        low = name.lower()
        return next((i for i in plan.interventions if low in i.name.lower()), None)
    direct: list[tuple[int, int, int, PlannedIntervention]] = []
    for order, item in enumerate(plan.interventions):
        mentioned = vocab.mentions(item.name)
        if entry in mentioned:
            direct.append((mentioned.index(entry), -overlap(item), order, item))
    if direct:
        return min(direct, key=lambda d: d[:3])[3]
    family: list[tuple[int, int, PlannedIntervention]] = [
        (-overlap(item), order, item)
        for order, item in enumerate(plan.interventions)
        if vocab.families_named(item.name) & set(entry.families)
    ]
    if family:
        return min(family, key=lambda f: f[:2])[2]
    if by_words:
        # A plan item whose own words the therapist used in the proposal ("a regular wake time") is
        # what was proposed, whatever the vocabulary calls it.
        worded = [(-overlap(item), order, item) for order, item in enumerate(plan.interventions)]
        best = min(worded, key=lambda w: w[:2])
        if -best[0] >= _PLAN_WORDS:
            return best[2]
    return None


def _evidence(session: Session, indices: set[int]) -> tuple[int, ...]:
    """Hit utterances plus the client's reply to each therapist hit (how the client engaged)."""
    out = set(indices)
    for i in indices:
        if not session.is_therapist(session.turns[i]):
            continue
        reply = session.next_reply(i)
        if reply is not None and (session.is_focus(reply) or reply.speaker in session.parents):
            out.add(reply.index)
    return tuple(sorted(out))


def _fact(
    cand: _Candidate,
    indices: set[int],
    session: Session,
    plan: TreatmentPlan | None,
    vocab: InterventionVocabulary,
    proposal: bool = False,
) -> InterventionFact:
    evidence = _evidence(session, indices)
    text = " ".join(session.turns[i].norm for i in evidence)
    planned = match_plan(cand.entry, cand.name, plan, vocab, text, by_words=proposal)
    entry = cand.entry
    return InterventionFact(
        name=entry.name if entry else cand.name,
        modality=entry.modality if entry else UNKNOWN_MODALITY,
        verb=entry.verb if entry else UNKNOWN_VERB,
        in_plan=planned is not None,
        plan_intervention_id=planned.id if planned else None,
        in_vocabulary=entry.in_vocabulary if entry else False,
        evidence=evidence,
    )


def _firm(hits: dict[int, int]) -> set[int]:
    """Proposal lines that name the technique or describe it twice in the turn: one cue word in talk
    about next time is too little to say which technique was proposed."""
    return {i for i, weight in hits.items() if weight >= _STRONG_WEIGHT}


def find_interventions(
    session: Session,
    plan: TreatmentPlan | None,
    vocab: InterventionVocabulary,
    support: Support | None = None,
    rule: MeaningRule | None = None,
) -> InterventionFindings:
    """Delivered and proposed-only interventions, each in order of its first evidence line."""
    candidates = _collect(session, vocab)
    active = _decide(candidates, vocab, support, rule)
    if session.multi_client:
        # In a couple or a group, work the focus client never answered belongs to another member's note.
        active = {k for k in active if _engaged(session, candidates[k].hits.delivery)}
    _merge(candidates, vocab, "delivery", active)
    _merge(candidates, vocab, "proposal", active)
    delivered: list[InterventionFact] = []
    proposed: list[InterventionFact] = []
    cue_only: set[str] = set()
    for key, cand in candidates.items():
        hits = cand.hits
        if key in active and hits.delivery:
            indices = set(hits.delivery) | set(hits.client)
            fact = _fact(cand, indices, session, plan, vocab)
            delivered.append(fact)
            if not cand.strong:
                cue_only.add(fact.name)
            last = max(hits.delivery)
            # A proposal well after the work itself is a plan for more of it (the next step, next week).
            later = {i for i in _firm(hits.proposal) if i - last > vocab.merge_window}
            if later:
                proposed.append(_fact(cand, later, session, plan, vocab, proposal=True))
        elif _firm(hits.proposal):
            proposed.append(_fact(cand, _firm(hits.proposal), session, plan, vocab, proposal=True))
    delivered.sort(key=lambda f: f.evidence[0])
    proposed.sort(key=lambda f: f.evidence[0])
    return InterventionFindings(tuple(delivered), tuple(proposed), frozenset(cue_only))


def extract_interventions(
    session: Session, plan: TreatmentPlan | None, vocab: InterventionVocabulary
) -> tuple[list[InterventionFact], list[InterventionFact]]:
    """(delivered, proposed-only) interventions by the rules alone."""
    found = find_interventions(session, plan, vocab)
    return list(found.delivered), list(found.proposed)
