"""Disclosure threads: the exchange that follows a risk disclosure belongs to it.

A risk assessment goes on after a disclosure: the C-SSRS intensity and behaviour items (how often, how
long, since when, with what, how badly, intent, plan), the ISAS questions on method and body site, the
Stanley & Brown questions on means and who knows. The client (or, for a minor, a parent) answers in a
few words ("a few times", "my thighs", "a razor") that repeat none of the disclosure's words, so the
answers are found by their place in the exchange, not by their wording:

- an answer to a therapist question that stays on the risk topic (a follow-up or screening question)
  joins the disclosure, unless it opens with a denial (the thread goes on through a denial) or only
  assents;
- an answer to any other question joins when it speaks of method, means, marks or injury;
- right after a disclosure line, when the therapist only acknowledges or reflects, the same speaker's
  next turn goes on telling it (one step only: the story moves on after that);
- a therapist turn that changes the topic, or a long stretch with nothing on the topic, ends the thread;
  a screening question later in the session opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.extract.text import Session, Turn
from service.extract.vocabulary import RiskVocabulary, any_match

# How far (in turns) the thread reaches past its last line before it is taken to have ended.
WINDOW = 6


@dataclass
class _State:
    last: int | None = None  # the thread's last line (a disclosure, an answer or an on-topic question)
    pending: str | None = None  # what the therapist's last turn was: "topic", "question", "reflection"
    anchor: str | None = None  # speaker of a disclosure line just before, for a continuation


def _kind_of_question(turn: Turn, vocab: RiskVocabulary, on_topic: bool) -> str:
    compiled = vocab.compiled
    asks = "?" in turn.norm or any(any_match(compiled["openings"], s) for s in turn.sentences)
    if on_topic and asks:
        return "topic"
    return "question" if asks else "reflection"


def thread_lines(
    session: Session,
    vocab: RiskVocabulary,
    evidence: set[int],
    person: Callable[[Turn], bool | None],
    screening: Callable[[Turn], bool],
    clean: Callable[[str, bool], str],
) -> set[int]:
    """Client or parent lines that continue a disclosure in ``evidence`` (see the module docstring)."""
    compiled = vocab.compiled
    found: set[int] = set()
    state = _State()
    first = min(evidence, default=None)
    for turn in session.turns:
        if turn.index in evidence:
            state = _State(last=turn.index, anchor=turn.speaker)
            continue
        if first is None or turn.index < first:
            continue
        if session.is_therapist(turn):
            asks_risk = screening(turn)
            if any_match(compiled["topic_change"], turn.norm) and not asks_risk:
                state = _State()
                continue
            if (state.last is None or turn.index - state.last > WINDOW) and not asks_risk:
                state = _State()
                continue
            on_topic = asks_risk or any_match(compiled["follow_up"], turn.norm)
            state.pending = _kind_of_question(turn, vocab, on_topic)
            if on_topic:
                state.last = turn.index
            continue
        third = person(turn)
        if third is None or state.last is None:
            continue
        if _joins(turn, state, vocab, clean(turn.norm, third), third):
            found.add(turn.index)
            state.last = turn.index
        elif state.pending == "topic":
            state.last = turn.index
        state.pending, state.anchor = None, None
    return found


def _joins(turn: Turn, state: _State, vocab: RiskVocabulary, text: str, third: bool) -> bool:
    """Whether a client or parent turn in a live thread is part of the disclosure."""
    compiled = vocab.compiled
    if not turn.sentences or any_match(compiled["denial"], turn.sentences[0]):
        return False
    # Assent to a summary or a safety-plan step ("Can you do that?" "Yeah.") tells nothing new.
    if any_match(compiled["assent"], turn.norm):
        return False
    if state.pending == "topic":
        return True
    if state.pending == "question":
        body = vocab.injury.compiled[f"body_parts_{'third' if third else 'first'}"] if vocab.injury else ()
        return any_match(compiled["thread_words"], text) or any_match(body, text)
    # A reflection, or the speaker going on without the therapist in between.
    return state.anchor == turn.speaker
