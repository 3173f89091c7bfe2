"""Homework reviewed from last time (with how much was done) and homework assigned for next time.

Reviewed: a therapist sentence that turns to last time's assignment ("can we look at the worry log from
last week?"); completion comes from the client's next replies ("some of it ... four days" -> partial).
Assigned: a therapist sentence that sets practice for the coming week ("so for this week, ...").
In couples and group sessions a sentence addressed to another member is not this client's homework.
Item text is the therapist's own words (placeholders and all), trimmed, so it can be checked against
the cited lines.
"""

from __future__ import annotations

from service.domain.facts import HomeworkFact
from service.extract.text import Session, Turn
from service.extract.vocabulary import HomeworkVocabulary, any_match

_MAX_TEXT = 200
_REPLIES = 3  # client turns after a review question that may say how it went


def _trim(text: str) -> str:
    text = text.strip(" ,.;:")
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3].rsplit(" ", 1)[0] + "..."


def _replies(session: Session, index: int) -> list[Turn]:
    """The focus client's next turns, up to the therapist's next review of something else."""
    out: list[Turn] = []
    for turn in session.turns[index + 1 : index + 8]:
        if session.is_focus(turn):
            out.append(turn)
            if len(out) >= _REPLIES:
                break
    return out


def _completion(replies: list[Turn], vocab: HomeworkVocabulary) -> str | None:
    """Completion from the first reply that says anything about it."""
    cues = vocab.completion.compiled
    for reply in replies:
        sentences = reply.sentences
        done = any(any_match(cues["yes"], s) for s in sentences)
        not_done = any(any_match(cues["no"], s) for s in sentences)
        if any(any_match(cues["partial"], s) for s in sentences) or (done and not_done):
            return "partial"
        if not_done:
            return "no"
        if done:
            return "yes"
    return None


def extract_homework(session: Session, vocab: HomeworkVocabulary) -> list[HomeworkFact]:
    """Reviewed and assigned homework items, in transcript order."""
    reviewed: list[HomeworkFact] = []
    assigned: list[HomeworkFact] = []
    seen_objects: set[str] = set()
    for turn in session.turns:
        if not session.is_therapist(turn):
            continue
        sentences = [s for s in turn.sentences if session.addressee_is_focus(turn, s)]
        found = vocab.object_re.search(turn.norm)
        if found and any(any_match(vocab.review_re, s) for s in sentences):
            label = found.group(1)
            if label not in seen_objects:
                seen_objects.add(label)
                replies = _replies(session, turn.index)
                reviewed.append(
                    HomeworkFact(
                        text=_trim(label),
                        status="reviewed",
                        completed=_completion(replies, vocab),
                        evidence=(turn.index, *(r.index for r in replies)),
                    )
                )
            continue
        assignment = next((s for s in sentences if any_match(vocab.assign_re, s)), None)
        if assignment is not None:
            reply = session.next_reply(turn.index)
            evidence = (turn.index,) + (
                (reply.index,) if reply is not None and session.is_focus(reply) else ()
            )
            assigned.append(HomeworkFact(text=_trim(assignment), status="assigned", evidence=evidence))
    return sorted([*reviewed, *assigned], key=lambda h: h.evidence[0])
