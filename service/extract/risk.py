"""Risk: statements of suicidal ideation, self-harm, harm to others or abuse, and whether it was assessed.

- Statements come only from the focus client (first person) or a parent speaking about the minor
  client (third person, or the child quoted in the first person). Other participants never count.
- Idioms ("my mom would kill me", "die of embarrassment") and fear of dying in panic are removed first;
  a negated phrase ("I'm not going to kill myself") is a denial, not a statement; harm thoughts in an
  OCD/intrusive-thought context with a stated lack of urge are ego-dystonic and not risk.
- PHQ-9 item 9 above 0 is passive suicidal ideation.
- ``asked`` only when the therapist asked (a screening phrase in a turn holding a question);
  ``denied`` only when the client was asked, answered no, and voiced no risk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.facts import MeasureFact, RiskFact, RiskKind
from service.extract.text import Session, Turn
from service.extract.vocabulary import RiskVocabulary, any_match

ITEM_9 = "PHQ-9 item 9"
_QUOTED = re.compile(r'"([^"]+)"')
_CLAUSE_WORD = re.compile(r"[a-z']+|[,;:]")
_INTRUSIVE_WINDOW = 3
_SI_KINDS: frozenset[str] = frozenset({"passive SI", "active SI"})


def _negated(sentence: str, start: int, vocab: RiskVocabulary) -> bool:
    """A negation among the few words before ``start`` in the same clause."""
    window: list[str] = []
    for word in reversed(_CLAUSE_WORD.findall(sentence[:start])):
        if word in ",;:" or word in vocab.clause_breaks:
            break
        window.append(word)
        if len(window) >= vocab.negation_window:
            break
    return any(w in vocab.negation_words or w.endswith("n't") for w in window)


def _clean(sentence: str, vocab: RiskVocabulary, third_person: bool) -> str:
    """The sentence with idioms and fear-of-dying phrases blanked out."""
    compiled = vocab.compiled
    for pattern in (*compiled["idioms"], *compiled["not_risk_third" if third_person else "not_risk_first"]):
        sentence = pattern.sub(lambda m: " " * len(m.group(0)), sentence)
    if any_match(compiled["idiom_context"], sentence):
        sentence = re.sub(r"\b(die|died|dying|dead|death)\b", lambda m: " " * len(m.group(0)), sentence)
    return sentence


def _statements(sentence: str, vocab: RiskVocabulary, third_person: bool) -> tuple[list[RiskKind], bool]:
    """Risk kinds voiced in a sentence, and whether a risk phrase in it was negated."""
    kinds: list[RiskKind] = []
    negated = False
    patterns = vocab.compiled["kinds_third" if third_person else "kinds_first"]
    text = _clean(sentence, vocab, third_person)
    for kind, group in patterns.items():
        for pattern in group:
            match = pattern.search(text)
            if match is None:
                continue
            if _negated(text, match.start(), vocab):
                negated = True
                continue
            kinds.append(kind)
            break
    return kinds, negated


def _turn_statements(turn: Turn, session: Session, vocab: RiskVocabulary) -> list[RiskKind]:
    """Risk kinds in one turn of the client (about themself) or a parent (about the child)."""
    found: list[RiskKind] = []
    if session.is_focus(turn):
        for sentence in turn.sentences:
            found.extend(_statements(sentence, vocab, third_person=False)[0])
    elif turn.speaker in session.parents:
        for sentence in turn.sentences:
            found.extend(_statements(sentence, vocab, third_person=True)[0])
        for quoted in _QUOTED.findall(turn.norm):
            found.extend(_statements(quoted, vocab, third_person=False)[0])
    return found


def _ego_dystonic(turn: Turn, session: Session, vocab: RiskVocabulary) -> bool:
    """An intrusive-thought context around the turn and a denial of urge in or right after it."""
    compiled = vocab.compiled
    lo, hi = max(0, turn.index - _INTRUSIVE_WINDOW), turn.index + _INTRUSIVE_WINDOW + 1
    near = session.turns[lo:hi]
    if not any(any_match(compiled["intrusive"], t.norm) for t in near):
        return False
    after = [t for t in session.turns[turn.index : turn.index + 3] if t.speaker == turn.speaker]
    return any(any_match(compiled["no_urge"], t.norm) for t in after)


def _asks(turn: Turn, vocab: RiskVocabulary) -> bool:
    compiled = vocab.compiled
    if not any_match(compiled["screening"], turn.norm):
        return False
    return "?" in turn.norm or any(any_match(compiled["openings"], s) for s in turn.sentences)


def _topics(text: str, vocab: RiskVocabulary) -> list[str]:
    return [name for name, patterns in vocab.compiled["topics"].items() if any_match(patterns, text)]


def extract_risk(
    session: Session,
    vocab: RiskVocabulary,
    measures: Sequence[MeasureFact] = (),
    safety_plan_reviewed: bool = False,
) -> RiskFact:
    """Risk as voiced and assessed in the session, about the focus client only."""
    kinds: list[RiskKind] = []
    evidence: set[int] = set()
    for turn in session.turns:
        found = _turn_statements(turn, session, vocab)
        if not found:
            continue
        if set(found) <= {"harm to others", "self-harm"} and _ego_dystonic(turn, session, vocab):
            continue
        evidence.add(turn.index)
        kinds.extend(k for k in found if k not in kinds)
    for fact in measures:
        if fact.instrument == ITEM_9 and fact.score > 0:
            evidence.update(fact.evidence)
            if not _SI_KINDS & set(kinds):
                kinds.append("passive SI")

    asked_evidence: list[int] = []
    denied_topics: list[str] = []
    denial_evidence: list[int] = []
    for turn in session.turns:
        if not session.is_therapist(turn) or not _asks(turn, vocab):
            continue
        if not session.addressee_is_focus(turn):
            continue
        asked_evidence.append(turn.index)
        reply = session.next_reply(turn.index)
        if reply is None or not session.is_focus(reply) or _turn_statements(reply, session, vocab):
            continue
        # The answer opens the reply ("No. None of that."); later sentences tell a story.
        if reply.sentences and any_match(vocab.compiled["denial"], reply.sentences[0]):
            denial_evidence.append(reply.index)
            denied_topics.extend(t for t in _topics(turn.norm, vocab) if t not in denied_topics)

    present = any(k in vocab.present_kinds for k in kinds)
    # A topic the client endorsed elsewhere was not denied ("no plan or intent" still stands).
    endorsed = set()
    if _SI_KINDS & set(kinds):
        endorsed.add("suicidal ideation")
    if "self-harm" in kinds:
        endorsed.add("self-harm")
    if "harm to others" in kinds:
        endorsed.add("harm to others")
    denied_topics = [t for t in denied_topics if t not in endorsed]
    asked = bool(asked_evidence)
    return RiskFact(
        present=present,
        kinds=tuple(kinds),
        evidence=tuple(sorted(evidence)),
        asked=asked,
        asked_evidence=tuple(asked_evidence),
        denied=asked and not present and bool(denial_evidence) and bool(denied_topics),
        denied_topics=tuple(denied_topics) if asked else (),
        denied_evidence=tuple(denial_evidence) if asked else (),
        safety_plan_reviewed=safety_plan_reviewed,
    )
