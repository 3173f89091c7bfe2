"""Disclosure threads: the exchange that follows a risk disclosure belongs to it.

A risk assessment goes on after a disclosure: the C-SSRS intensity and behaviour items (how often, how
long, since when, with what, how badly, intent, plan), the ISAS questions on method and body site, the
Stanley & Brown questions on means and who knows. The client (or, for a minor, a parent) answers in a
few words ("a few times", "my thighs", "a razor") that repeat none of the disclosure's words, so the
answers are found by their place in the exchange, not by their wording:

- an answer to a therapist turn that stays on the risk topic (a follow-up or screening question, or a
  statement that refers back to it) joins the disclosure, unless it opens with a denial (the thread goes
  on through a denial) or only assents; a "no" that only narrows the answer ("No, only the wish to be gone.")
  is no denial;
- an answer to any other question joins when it speaks of method, means, marks or injury, or voices
  possible risk language (the ``review`` tier);
- a disclosure that answers the therapist's request to say more ("Tell me about that.") was opened by
  the same speaker's turn just before the request;
- a screening or follow-up question the therapist asks in a disclosure line of its own (an item score
  read back and asked about) is answered by the next turn like any other;
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
# How long a therapist's request to say more may be (in words) for the turn before it to open the thread.
_PROMPT_WORDS = 14


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
            if session.is_therapist(turn):
                on_topic = screening(turn) or any_match(compiled["follow_up"], turn.norm)
                state.pending, state.anchor = _kind_of_question(turn, vocab, on_topic), None
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
            if on_topic and state.pending == "reflection":
                state.pending = "topic"
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
    return found | _openings(session, vocab, evidence | found, person)


def _openings(
    session: Session, vocab: RiskVocabulary, lines: set[int], person: Callable[[Turn], bool | None]
) -> set[int]:
    """The turns that opened a disclosure the therapist then asked to hear more about: "Sometimes I do
    the thing." "Tell me about the thing." "(the disclosure)"."""
    compiled = vocab.compiled
    found: set[int] = set()
    for index in sorted(lines):
        if index < 2:
            continue
        turn, prompt, opener = session.turns[index], session.turns[index - 1], session.turns[index - 2]
        # A short prompt only ("Tell me about that."): a long turn that ends asking about something
        # else is not about the line before it.
        if (
            not session.is_therapist(prompt)
            or not prompt.sentences
            or len(prompt.norm.split()) > _PROMPT_WORDS
        ):
            continue
        if opener.speaker != turn.speaker or person(opener) is None or opener.index in lines:
            continue
        if not any(any_match(compiled["elaboration"], sentence) for sentence in prompt.sentences):
            continue
        if not opener.sentences or any_match(compiled["denial"], opener.sentences[0]):
            continue
        if any_match(compiled["assent"], opener.norm) or any_match(compiled["fillers"], opener.norm):
            continue
        found.add(opener.index)
    return found


def _joins(turn: Turn, state: _State, vocab: RiskVocabulary, text: str, third: bool) -> bool:
    """Whether a client or parent turn in a live thread is part of the disclosure."""
    compiled = vocab.compiled
    if not turn.sentences:
        return False
    if any_match(compiled["denial"], turn.sentences[0]):
        # "No, just..." narrows the answer to a question on the topic rather than denying it.
        return state.pending == "topic" and any_match(compiled["partial_denial"], turn.norm)
    # Assent to a summary or a safety-plan step ("Can you do that?" "Yeah.") tells nothing new.
    if any_match(compiled["assent"], turn.norm):
        return False
    if state.pending == "topic":
        return True
    if state.pending == "question":
        person = "third" if third else "first"
        body = vocab.injury.compiled[f"body_parts_{person}"] if vocab.injury else ()
        review = [p for group in compiled[f"review_{person}"].values() for p in group]
        return any(any_match(group, text) for group in (compiled["thread_words"], body, review))
    # A reflection, or the speaker going on without the therapist in between.
    return state.anchor == turn.speaker
