"""Plan goals (and objectives) the session worked on, by the plan's own words and links.

A goal is addressed when (see ``prompts/vocabulary/goals.yaml``):
- a delivered plan intervention is linked to it and to no other goal;
- a current score was reported for one of its objectives' instruments (progress reviewed); or
- the session talked about it: its distinctive words (those no other goal of the plan uses) in enough
  utterances that were not deferred, one of them the therapist's; fewer suffice when a delivered plan
  intervention links this goal among others, or a homework item mentions it.
A topic the therapist explicitly defers ("let's save that one for another day") or proposes as a later
session's work, and the client turns that raised it, do not count, so "let's do sleep next week" never
addresses the sleep goal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.facts import GoalFact, HomeworkFact, InterventionFact, MeasureFact
from service.domain.plan import Goal, TreatmentPlan
from service.extract.text import Session
from service.extract.vocabulary import GoalVocabulary, any_match

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def stem(word: str) -> str:
    """A light suffix strip so "meetings"/"meeting" and "avoided"/"avoid" meet."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _words(text: str, generic: frozenset[str]) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text.lower()) if w not in generic and len(w) > 2}


def _goal_text(goal: Goal) -> str:
    parts = [goal.text]
    for objective in goal.objectives:
        parts.append(objective.text)
        if objective.measure is not None:
            parts.append(objective.measure.instrument)
    return " ".join(parts)


def deferred_turns(
    session: Session, vocab: GoalVocabulary, future_re: tuple[re.Pattern[str], ...] = ()
) -> set[int]:
    """Therapist deferrals and the client turns just before them that raised the deferred topic.

    ``future_re`` are the cues of work proposed for a later session (the intervention vocabulary's):
    a goal talked about only as next time's work was not worked on in this session.
    """
    out: set[int] = set()
    for turn in session.turns:
        if not session.is_therapist(turn):
            continue
        later = any(any_match(future_re, sentence) for sentence in turn.sentences)
        if later or any_match(vocab.deferral_re, turn.norm):
            out.add(turn.index)
            for prev in session.turns[max(0, turn.index - vocab.deferred_lookback) : turn.index]:
                if not session.is_therapist(prev):
                    out.add(prev.index)
    return out


def extract_goals(
    session: Session,
    plan: TreatmentPlan | None,
    vocab: GoalVocabulary,
    interventions: Sequence[InterventionFact],
    measures: Sequence[MeasureFact],
    homework: Sequence[HomeworkFact],
    future_re: tuple[re.Pattern[str], ...] = (),
) -> list[GoalFact]:
    """The plan's goals worked on in this session, with the objectives touched and the evidence."""
    if plan is None or not plan.goals:
        return []
    generic = vocab.generic_words
    goal_words = {g.id: _words(_goal_text(g), generic) for g in plan.goals}
    distinct = {
        gid: words - set().union(*(w for other, w in goal_words.items() if other != gid))
        for gid, words in goal_words.items()
    }
    deferred = deferred_turns(session, vocab, future_re)
    turn_words = {t.index: _words(t.norm, generic) for t in session.turns if t.index not in deferred}
    links = {p.id: p.goal_ids for p in plan.interventions}
    delivered_links = [(f, links.get(f.plan_intervention_id or "", ())) for f in interventions if f.in_plan]

    out: list[GoalFact] = []
    for goal in plan.goals:
        evidence: set[int] = set()
        objectives: set[str] = set()
        addressed = False
        for fact, goal_ids in delivered_links:
            if tuple(goal_ids) == (goal.id,):
                addressed = True
                evidence.update(fact.evidence)
        instruments = {o.measure.instrument.lower(): o.id for o in goal.objectives if o.measure is not None}
        for m in measures:
            if m.instrument.lower() in instruments:
                addressed = True
                objectives.add(instruments[m.instrument.lower()])
                evidence.update(m.evidence)
        hits = [i for i, words in turn_words.items() if words & distinct[goal.id]]
        linked = any(goal.id in ids and len(ids) > 1 for _, ids in delivered_links) or any(
            _words(h.text, generic) & distinct[goal.id] for h in homework
        )
        needed = vocab.min_mentions_linked if linked else vocab.min_mentions
        therapist_hit = any(session.is_therapist(session.turns[i]) for i in hits)
        if len(hits) >= needed and (therapist_hit or linked):
            addressed = True
            evidence.update(hits)
        if not addressed:
            continue
        for objective in goal.objectives:
            own = _words(objective.text, generic) & distinct[goal.id]
            if own and any(turn_words.get(i, set()) & own for i in evidence):
                objectives.add(objective.id)
        out.append(
            GoalFact(
                goal_id=goal.id,
                objective_ids=tuple(o.id for o in goal.objectives if o.id in objectives),
                evidence=tuple(sorted(evidence)),
            )
        )
    return out
