"""Homework reviewed from last time (with how much was done) and homework assigned for next time.

Reviewed: a therapist sentence that turns to last time's assignment ("shall we go over the sleep diary from
last week?"); completion comes from the client's next replies ("some of it ... four days" -> partial).
The client telling how the homework went without being asked (a first-person past-tense report naming it,
before the session's midpoint) is a review too.
Assigned: a therapist sentence that sets practice for the coming week ("before next time, ...") and is
neither a question about the past week nor the task done right now.
In couples and group sessions a sentence addressed to another member is not this client's homework.
Item text is the therapist's own words (placeholders and all), trimmed, so it can be checked against
the cited lines. A cue sentence that only announces the homework ("a couple of tasks before next time.") takes
the sentences that follow it in the same turn, where the tasks are. Homework is set in the second part
of a session: a "this week" in the opening check-in (a facilitator's own news) is not an assignment,
and neither is a sentence about the speaker's own doings with no task for anyone else.
"""

from __future__ import annotations

import re

from service.domain.facts import HomeworkFact
from service.extract.text import Session, Turn
from service.extract.vocabulary import HomeworkVocabulary, any_match

_MAX_TEXT = 320
_REPLIES = 3  # client turns after a review question that may say how it went
_EARLIEST = 0.3  # share of the session before which a "this week" is check-in talk, not homework
_FOLLOWING = 3  # sentences after an announcing cue that may hold the tasks
_ANNOUNCING = re.compile(
    r"\b(?:let's|let us|we'll|we will|we should|time to) (?:set|plan|pick|choose|figure out|decide on|"
    r"go over|write down|talk about|agree on) (?:this|the|next|your|a few|some)\b"
)
_ANNOUNCEMENT_WORDS = 8  # fewer words than this, and a cue sentence announces tasks rather than states them
_WORD = re.compile(r"[a-z']+")
# The speaker's own doings ("I repainted my kitchen") set nobody a task.
_OWN_NEWS = re.compile(r"\bi (?:\w+ )?\w+ed\b")
_ADDRESS = re.compile(r"\b(you|your|yourself|each of you|everybody|everyone|\[client\])\b")
_REPORT_BEFORE = 0.5  # share of the session in which a client's unasked report reviews last time's homework
_MY = re.compile(r"\bmy\b")
# A quotation: opened after a space (or at the start) before a word, closed by punctuation and a quote
# mark before a space (or at the end); apostrophes inside ("can't") stay inside.
_QUOTED = re.compile(r"(?:^|(?<=\s))(['\"\u2018\u201c])(?=\w).*?[.!?,](?:['\"\u2019\u201d])(?=\s|$)")


def _announces(sentence: str) -> bool:
    """A sentence that only announces homework ("a couple of tasks before next time.")."""
    return len(_WORD.findall(sentence)) < _ANNOUNCEMENT_WORDS or bool(_ANNOUNCING.search(sentence))


def _assignment_text(sentences: list[str], at: int) -> str:
    """The cue sentence, or the sentences after it when it only announces the tasks."""
    head = sentences[at]
    if not _announces(head):
        return head
    following = sentences[at + 1 : at + 1 + _FOLLOWING]
    return " ".join(following) if following else head


def _trim(text: str) -> str:
    text = text.strip(" ,.;:")
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3].rsplit(" ", 1)[0] + "..."


def _replies(session: Session, index: int, label: str = "") -> list[Turn]:
    """The focus client's next turns, up to the therapist's next mention of the same homework (which
    opens the review proper)."""
    out: list[Turn] = []
    for turn in session.turns[index + 1 : index + 8]:
        if label and session.is_therapist(turn) and label in turn.norm:
            break
        if session.is_focus(turn):
            out.append(turn)
            if len(out) >= _REPLIES:
                break
    return out


def _without(sentence: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    for pattern in patterns:
        sentence = pattern.sub(" ", sentence)
    return sentence


def _completion(replies: list[Turn], vocab: HomeworkVocabulary) -> str | None:
    """Completion from the first reply that says anything about it."""
    cues = vocab.completion.compiled
    for reply in replies:
        sentences = [_without(s, cues["ignore"]) for s in reply.sentences]
        done = any(any_match(cues["yes"], s) for s in sentences)
        not_done = any(any_match(cues["no"], s) for s in sentences)
        if any(any_match(cues["partial"], s) for s in sentences) or (done and not_done):
            return "partial"
        if not_done:
            return "no"
        if done:
            return "yes"
    return None


def _recalled(sentences: list[str], vocab: HomeworkVocabulary) -> str | None:
    """What the therapist recalls was set last time (the task it names, with a question about it), if a
    sentence recalls it; the words up to the sentence's end are the item's text."""
    for sentence in sentences:
        for pattern in vocab.review_recalled_re:
            match = pattern.search(sentence)
            if match is not None:
                return _trim(match.group(0))
    return None


def _unquoted(sentence: str) -> str:
    """The sentence without quoted speech: in a role-play the therapist speaks another person's words."""
    return _QUOTED.sub(" ", sentence)


def _assigns(sentence: str, vocab: HomeworkVocabulary) -> bool:
    """Whether a therapist sentence sets homework for the coming week."""
    sentence = _unquoted(sentence)
    if not any_match(vocab.assign_re, sentence) or any_match(vocab.assign_not_re, sentence):
        return False
    return not (_OWN_NEWS.search(sentence) and not _ADDRESS.search(sentence))


def _singular(label: str) -> str:
    """'the meetings' and 'the meeting' name one homework item."""
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


def _client_reports(
    session: Session, vocab: HomeworkVocabulary, seen: dict[str, HomeworkFact], covered: set[int]
) -> list[HomeworkFact]:
    """Reviews the client opens: a first-person past-tense report naming homework not yet reviewed
    (neither by that name nor in a turn a therapist's review already cites)."""
    out: list[HomeworkFact] = []
    limit = _REPORT_BEFORE * len(session.turns)
    for turn in session.turns:
        if turn.index >= limit or not session.is_focus(turn) or turn.index in covered:
            continue
        for sentence in turn.sentences:
            # The client's "my log" is the therapist's "your log".
            found = vocab.object_re.search(_MY.sub("the", sentence))
            if found is None or not any_match(vocab.client_report_re, sentence):
                continue
            label = found.group(1)
            if _singular(label) in {_singular(k) for k in seen}:
                break
            previous = next(
                (
                    t
                    for t in reversed(session.turns[max(0, turn.index - 2) : turn.index])
                    if session.is_therapist(t)
                ),
                None,
            )
            evidence = (*((previous.index,) if previous is not None else ()), turn.index)
            item = HomeworkFact(
                text=_trim(label), status="reviewed", completed=_completion([turn], vocab), evidence=evidence
            )
            seen[label] = item
            out.append(item)
            break
    return out


def _follows_up(reviewed: list[HomeworkFact], index: int, label: str) -> bool:
    """Whether a review question at ``index`` asks about one part of the homework reviewed just before
    (the therapist turning to the walks after hearing how the week's schedule went): the same review,
    whose completion the client already told."""
    if not reviewed:
        return False
    last = reviewed[-1]
    return last.text != _trim(label) and last.completed is not None and index <= last.evidence[-1] + 1


def extract_homework(session: Session, vocab: HomeworkVocabulary) -> list[HomeworkFact]:
    """Reviewed and assigned homework items, in transcript order."""
    reviewed: list[HomeworkFact] = []
    assigned: list[HomeworkFact] = []
    seen_objects: dict[str, HomeworkFact] = {}
    for turn in session.turns:
        if not session.is_therapist(turn):
            continue
        sentences = [s for s in turn.sentences if session.addressee_is_focus(turn, s)]
        found = vocab.object_re.search(turn.norm)
        recalled = _recalled(sentences, vocab) if "?" in turn.norm else None
        reviews = any(
            any_match(vocab.review_re, s) and not any_match(vocab.review_not_re, s) for s in sentences
        )
        if (found or recalled) and (recalled or reviews):
            label = found.group(1) if found else str(recalled)
            if _follows_up(reviewed, turn.index, label):
                continue
            earlier = seen_objects.get(label)
            # Naming the homework on the agenda ("then we'll look at your log") and going over it later
            # are one review: the later mention, where the client says how it went, is the review.
            if earlier is None or earlier.completed is None:
                replies = _replies(session, turn.index, label)
                item = HomeworkFact(
                    text=_trim(label),
                    status="reviewed",
                    completed=_completion(replies, vocab),
                    evidence=(turn.index, *(r.index for r in replies)),
                )
                if earlier is not None:
                    reviewed.remove(earlier)
                seen_objects[label] = item
                reviewed.append(item)
            continue
        if turn.index < _EARLIEST * len(session.turns):
            continue
        at = next((k for k, s in enumerate(sentences) if _assigns(s, vocab)), None)
        if at is not None:
            reply = session.next_reply(turn.index)
            evidence = (turn.index,) + (
                (reply.index,) if reply is not None and session.is_focus(reply) else ()
            )
            text = _assignment_text(sentences, at)
            assigned.append(HomeworkFact(text=_trim(text), status="assigned", evidence=evidence))
    covered = {i for item in reviewed for i in item.evidence}
    reviewed += _client_reports(session, vocab, seen_objects, covered)
    return sorted([*reviewed, *assigned], key=lambda h: h.evidence[0])
