"""Interventions the therapist delivered (or only proposed), normalised to the documented vocabulary.

Rules (the vocabulary file documents the data side):
- Each therapist sentence is matched against every entry's ``strong`` (weight 2) and ``cues`` (weight 1)
  patterns; clients' speech adds ``client_cues`` (weight 1) once the therapist has a hit.
- A sentence carrying a proposal cue ("something we could try next time"), and the rest of that
  utterance, only PROPOSES; a sentence about an earlier session's work counts for nothing.
- An entry is delivered when its delivery weight reaches its threshold. ``merge_into`` folds a generic
  entry into a specific one nearby (a refusal role-play inside relapse prevention, a generic exposure
  that is ERP), so one piece of work is one intervention.
- The plan item is the one whose name mentions the entry (the entry it names first wins, then the words
  it shares with the evidence); failing that, one naming the entry's family ("Exposure therapy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from service.domain.facts import InterventionFact
from service.domain.plan import PlannedIntervention, TreatmentPlan
from service.extract.text import Session, Turn
from service.extract.vocabulary import InterventionType, InterventionVocabulary, any_match

Mode = Literal["delivery", "proposal", "past"]
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
# Words too generic to be the name of a technique a therapist introduces ("it's called that").
_NOT_NAMES = frozenset({"that", "this", "it", "something", "what", "the", "a", "an", "one", "thing"})


@dataclass
class _Hits:
    """Hit weights by utterance index, separately for delivery, proposal and earlier-session mentions."""

    delivery: dict[int, int] = field(default_factory=dict)
    client: dict[int, int] = field(default_factory=dict)
    proposal: dict[int, int] = field(default_factory=dict)

    def add(self, mode: Mode, index: int, weight: int) -> None:
        if mode == "past":
            return
        bucket = self.delivery if mode == "delivery" else self.proposal
        bucket[index] = max(bucket.get(index, 0), weight)

    def delivery_weight(self) -> int:
        therapist = sum(self.delivery.values())
        return therapist + (sum(self.client.values()) if therapist else 0)


@dataclass
class _Candidate:
    entry: InterventionType | None
    name: str
    hits: _Hits = field(default_factory=_Hits)

    @property
    def threshold(self) -> int:
        return self.entry.threshold if self.entry is not None else 2


def sentence_modes(turn: Turn, vocab: InterventionVocabulary) -> list[tuple[str, Mode]]:
    """Each sentence of a therapist turn with its mode; a proposal cue covers the rest of the turn."""
    out: list[tuple[str, Mode]] = []
    proposing = False
    for sentence in turn.sentences:
        if any_match(vocab.proposal_re, sentence):
            proposing = True
        if proposing:
            out.append((sentence, "proposal"))
        elif any_match(vocab.past_re, sentence):
            out.append((sentence, "past"))
        else:
            out.append((sentence, "delivery"))
    return out


def _weight(entry: InterventionType, sentence: str) -> int:
    if any_match(entry.exclude_re, sentence):
        return 0
    if any_match(entry.strong_re, sentence):
        return 2
    return 1 if any_match(entry.cues_re, sentence) else 0


def _eligible(entry: InterventionType, session: Session) -> bool:
    if entry.requires_speaker is None:
        return True
    if entry.requires_speaker == "parent":
        return session.has_parent
    return any(t.speaker == entry.requires_speaker for t in session.turns)


def _collect(session: Session, vocab: InterventionVocabulary) -> dict[str, _Candidate]:
    candidates = {e.name: _Candidate(e, e.name) for e in vocab.interventions if _eligible(e, session)}
    named = vocab.named_technique
    for turn in session.turns:
        if not session.is_therapist(turn):
            for cand in candidates.values():
                if cand.entry is not None and any_match(cand.entry.client_cues_re, turn.norm):
                    cand.hits.client[turn.index] = 1
            continue
        modes = sentence_modes(turn, vocab)
        for sentence, mode in modes:
            for cand in candidates.values():
                weight = _weight(cand.entry, sentence) if cand.entry is not None else 0
                if weight:
                    cand.hits.add(mode, turn.index, weight)
            match = named.pattern_re.search(sentence)
            if match and named.requires_re.search(turn.norm):
                _add_named(candidates, vocab, match.group(1).strip(" -"), mode, turn.index)
    return candidates


def _add_named(
    candidates: dict[str, _Candidate], vocab: InterventionVocabulary, name: str, mode: Mode, index: int
) -> None:
    """A technique the therapist names: a known entry gets a strong hit, an unknown name its own candidate."""
    if not name or name in _NOT_NAMES or len(name) > 40:
        return
    entry = vocab.resolve(name)
    if entry is not None:
        if entry.name in candidates:
            candidates[entry.name].hits.add(mode, index, 2)
        return
    key = f"unknown:{name}"
    candidates.setdefault(key, _Candidate(None, name[:1].upper() + name[1:]))
    candidates[key].hits.add(mode, index, 2)


def _delivered(cand: _Candidate) -> bool:
    return bool(cand.hits.delivery) and cand.hits.delivery_weight() >= cand.threshold


def _merge(candidates: dict[str, _Candidate], window: int, bucket: Literal["delivery", "proposal"]) -> None:
    """Fold generic entries into specific ones within ``window`` utterances (to a fixed point).

    For delivery hits both must be delivered; for proposal hits both must have been proposed.
    """

    def active(cand: _Candidate) -> bool:
        return _delivered(cand) if bucket == "delivery" else bool(cand.hits.proposal)

    for _ in range(3):
        changed = False
        for cand in candidates.values():
            if cand.entry is None or not cand.entry.merge_into or not active(cand):
                continue
            hits = getattr(cand.hits, bucket)
            for target_name in cand.entry.merge_into:
                target = candidates.get(target_name)
                if target is None or target is cand or not active(target):
                    continue
                target_hits = getattr(target.hits, bucket)
                near = {i: w for i, w in hits.items() if any(abs(i - j) <= window for j in target_hits)}
                for i, w in near.items():
                    target_hits[i] = max(target_hits.get(i, 0), w)
                    del hits[i]
                changed = changed or bool(near)
                if not hits:
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
    return min(family, key=lambda f: f[:2])[2] if family else None


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
) -> InterventionFact:
    evidence = _evidence(session, indices)
    text = " ".join(session.turns[i].norm for i in evidence)
    planned = match_plan(cand.entry, cand.name, plan, vocab, text)
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


def extract_interventions(
    session: Session, plan: TreatmentPlan | None, vocab: InterventionVocabulary
) -> tuple[list[InterventionFact], list[InterventionFact]]:
    """(delivered, proposed-only) interventions, each in order of its first evidence line."""
    candidates = _collect(session, vocab)
    _merge(candidates, vocab.merge_window, "delivery")
    _merge(candidates, vocab.merge_window, "proposal")
    delivered: list[InterventionFact] = []
    proposed: list[InterventionFact] = []
    for cand in candidates.values():
        hits = cand.hits
        if _delivered(cand):
            indices = set(hits.delivery) | (set(hits.client) if hits.delivery else set())
            delivered.append(_fact(cand, indices, session, plan, vocab))
            last = max(hits.delivery)
            # A proposal well after the work itself is a plan for more of it ("next week, the elevator").
            later = {i for i in hits.proposal if i - last > vocab.merge_window}
            if later:
                proposed.append(_fact(cand, later, session, plan, vocab))
        elif hits.proposal:
            proposed.append(_fact(cand, set(hits.proposal), session, plan, vocab))
    delivered.sort(key=lambda f: f.evidence[0])
    proposed.sort(key=lambda f: f.evidence[0])
    return delivered, proposed
