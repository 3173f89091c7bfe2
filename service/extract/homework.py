"""Homework reviewed from last time (with how much was done) and homework assigned for next time.

Reviewed: a therapist sentence that turns to last time's assignment ("shall we go over the sleep diary from
last week?"); completion comes from the client's next replies ("some of it ... four days" -> partial).
The client telling how the homework went without being asked (a first-person past-tense report naming it,
before the session's midpoint) is a review too.
Assigned: a therapist sentence that sets practice for the coming week ("before next time, ...") and is
neither a question about the past week nor the task done right now.
In couples and group sessions a sentence addressed to another member is not this client's homework.
Beyond the named cues, reviews and assignments are read from what they are (Beck; Kazantzis): a review
points back to what the last session set ("last time we said three") and hears what was done, or early in
the session asks whether a task got done and hears a count of days; the client may open it ("my step was
to ...", "i logged five of the seven days"). An assignment late in the session gives a task a time ahead
("diary every day", "tuesday and thursday next week") and is neither about the past nor the next session's
own plan ("next week we'll ..."); the client taking a task on for a day ahead ("i'll text her tonight") is
one too. Completion compares the number done with the number set when the therapist recalls one.
Item text is the therapist's own words (placeholders and all), trimmed, so it can be checked against
the cited lines. A cue sentence that only announces the homework ("a couple of tasks before next time.") takes
the sentences that follow it in the same turn, where the tasks are. Homework is set in the second part
of a session: a "this week" in the opening check-in (a facilitator's own news) is not an assignment,
and neither is a sentence about the speaker's own doings with no task for anyone else.
"""

from __future__ import annotations

import re

from service.domain.facts import HomeworkFact
from service.extract.text import GROUP_ADDRESS, OTHER_PLACEHOLDER, Session, Turn
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

# --- General review and assignment cues (written from the definition of a CBT homework review and
# assignment, Beck 2011 ch. 4 and 17; Kazantzis et al. 2005): a review refers back to what the previous
# session set and asks, early in the session, whether and how often it got done, and the client answers
# with what was done; an assignment sets work for the time before the next session, usually at its end.
_REVIEW_BEFORE = 0.4  # share of the session in which an unnamed "did you ...?" can open the review
_ASSIGN_AFTER = 0.6  # share of the session after which a task with a time ahead is being set
_NUMBER = r"(?:one|two|three|four|five|six|seven|\d+)"
_TIMES = r"(?:days?|nights?|mornings?|evenings?)"
# The therapist pointing back to the previous session or to what it set.
_BACK_REFERENCE = re.compile(
    r"\b(?:last|previous|prior) (?:time|week|session|visit),? (?:we|you|i)\b|"
    r"\b(?:we|you) (?:said|agreed|planned|decided|set|picked|chose) (?:last|at our last) "
    r"(?:time|week|session)\b|\b(?:from|at) (?:our |the )?(?:last|previous) (?:time|week|session|visit)\b|"
    r"\bwe (?:said|agreed|planned|decided|picked|chose|set|left (?:it )?with|came up with|landed on)\b|"
    r"\bthe plan (?:was|had been)\b|\bsent you (?:home|off|away|out) with\b|"
    r"\byou (?:were going to|were gonna|planned to|agreed to|said you'd|said you would)\b"
)
# "How did choir go?": a question about how a thing went names the task in its own words; a pronoun or
# the week itself names none.
_HOW_IT_WENT = re.compile(r"\bhow(?: did|'d) (?:the |your )?((?:[a-z'-]+ ){0,2}?[a-z'-]+) go\b")
_NAMES_NOTHING = frozenset(
    {
        "it",
        "that",
        "this",
        "those",
        "these",
        "they",
        "things",
        "everything",
        "week",
        "weekend",
        "day",
        "today",
    }
)


def _how_it_went(sentences: list[str]) -> str:
    """The task named by 'how did <task> go?' in the turn's questions, or ''."""
    for sentence in sentences:
        match = _HOW_IT_WENT.search(_plain(sentence))
        if match is not None and match.group(1).split()[-1] not in _NAMES_NOTHING:
            return match.group(1)
    return ""


# A question about how the task went, whether it got done, or how often.
_ASKS_DONE = re.compile(
    r"\bhow(?:'d| did| was| were| has| have|'s) (?:that|those|it|they|this|these|things|the [a-z'-]+"
    r"(?: [a-z'-]+)?) (?:go|went|gone|work|worked|turn out|come along)\b|"
    r"\bdid you (?:get|manage|do|try|make|go|use|keep|fill|finish|practi[cs]e|bring|stick|find|"
    r"remember|listen|read|write|call|ask|talk|walk|take)\b|\b(?:were|was) (?:you|it) able\b|"
    r"\b(?:any|how many) (?:days|nights|mornings|evenings|times|luck)\b|\bhow often\b|"
    r"\bevery (?:day|night|morning|evening)\?"
)
# The client answering with what was done: how often, or a first-person report of doing or not doing.
_COUNT = re.compile(
    r"\b(?:once|twice|(?:zero|no|"
    + _NUMBER
    + ") (?:"
    + _TIMES
    + "|times)|"
    + _NUMBER
    + r" (?:out )?of (?:the )?"
    + _NUMBER
    + r"|every (?:single )?(?:day|night|morning|evening)|"
    r"all (?:seven|five|week|of (?:it|them))|most (?:days|nights|mornings|evenings|of the week)|"
    r"none of (?:it|them)|any of (?:it|them))\b"
)
# The client reporting doing the task (or not): a first-person report with a verb of carrying a task out.
_DID = re.compile(
    r"(?:\b(?:i|we) |^|(?<=[.!?] ))(?:actually |finally |only |mostly |also |even |just )?"
    r"(?:did(?! (?:say|tell|mention|think|feel|want|like|know)\b)|didn't|did not|tried|kept|logged|tracked|"
    r"wrote|filled|practiced|practised|used|listened|stuck|skipped|forgot|missed|managed|finished|completed|"
    r"couldn't|never)\b"
)
# Any first-person past report, as an answer to a question about the task ("i rang her on sunday").
_REPORTED = re.compile(
    r"(?:\b(?:i|we) |^|(?<=[.!?] ))(?:actually |finally |only |mostly |also |even |just )?"
    r"(?:(?!(?:need|want|us|seem|feel|hat|lov|lik|scar|worri|panick|stress|tir|bor)ed\b)[a-z]+ed|did(?! "
    r"(?:say|tell|mention|think|feel|want|like|know)\b)|didn't|did not|went|made|kept|wrote|read|rang|got up|"
    r"spoke|told|sent|took|gave|ran|rode|met|sat|couldn't|never|forgot)\b"
)
# How many of the week's days: what a daily task's record says ("six out of seven", "every night").
_DAYS = re.compile(
    r"\b(?:"
    + _NUMBER
    + " "
    + _TIMES
    + "|"
    + _NUMBER
    + r" (?:days |nights )?(?:out )?of (?:the )?"
    + _NUMBER
    + r"(?: days| nights)?\b(?! times)|every (?:single )?(?:day|night|morning|evening)|"
    r"all (?:seven|five|week)|most (?:days|nights|mornings|evenings))\b"
)
# The client naming the assignment itself ("my step was to ...").
_CLIENT_NAMES_TASK = re.compile(
    r"\bmy (?:step|task|homework|assignment|experiment|challenge|practice|goal for the week) "
    r"(?:was|had been)\b"
)
# A time ahead of the session: when a task is to be done.
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_AHEAD = re.compile(
    r"\b(?:tonight|tomorrow|this (?:coming )?(?:week|weekend)|next week|every (?:day|night|morning|evening)|"
    r"each (?:day|night|morning|evening)|daily|"
    r"before you (?:leave|go|head (?:home|out)|drive)(?= ?[,.:;!?]| home| today)|"
    r"(?:on|this|next|every|each|by) " + _WEEKDAY + "|" + _WEEKDAY + " (?:and|or) " + _WEEKDAY + r")\b"
)
# The client's own ahead: a time before the next meeting, not the meeting itself ("i'll bring it next week").
_CLIENT_AHEAD = re.compile(
    r"\b(?:tonight|tomorrow|this (?:coming )?(?:week|weekend)|every (?:day|night|morning|evening)|"
    r"(?:on|this|every|by) " + _WEEKDAY + "|" + _WEEKDAY + " (?:and|or) " + _WEEKDAY + r")\b"
)
# A session planned rather than a task set ("next week we'll look at ..."), and talk about the past.
_SESSION_PLAN = re.compile(
    r"\b(?:we'll|we will|we can|we could|let's|i'll|i will|we're going to)\b|"
    r"\bi(?:'d| would)? (?:want|like|plan|'m planning|'m going|am going) to\b|\b(?:like|want) us to\b|"
    r"\b(?:see you|talk (?:to you )?(?:next|then|soon)|(?:good|great|nice) (?:work|job)|well done|thank you|"
    r"thanks|take care|have a good|same time)\b|\bwe(?:'re| are)\b|"
    r"\bnext (?:week|time|session)\b.*\b(?:we|us)\b|\b(?:we|us)\b.*\bnext (?:week|time|session)\b"
)
_PAST = re.compile(r"\b(?:did|didn't|was|wasn't|were|weren't|had|went|got|came|said|told)\b|\b[a-z]{3,}ed\b")
# The client taking a task on: "i'll text her tonight".
_COMMITS = re.compile(
    r"\bi(?:'ll| will|'m going to|'m gonna| am going to) (?:just |try to |definitely |actually )?"
    r"(?!(?:be|have|feel|see|probably|need|let|get through|think|know|miss|hate|call it)\b)[a-z]+"
)
_FILLERS = re.compile(r"\b(?:um|uh|er|erm|uh-huh)\b,? ?|\b(\w+),? (?=\1\b)")
# A member called by name opens the sentence ("[person_1], ...") or closes it ("..., [person_1]?").
_VOCATIVE = re.compile(r"^(?:(?:and|so|okay|now|but|also),? )?\[person_\d+\],|, \[person_\d+\][?.!]?$")


def _for_focus(session: Session, turn: Turn, sentence: str) -> bool:
    """Whether a therapist sentence is for the focus client. A sentence naming nobody follows the turn's
    addressee only when the turn opens by calling another member by name; a member named in one sentence
    ("and [person_1], the cue instead of ...") is that sentence's addressee, not the whole turn's, and a
    third party named after a preposition ("walks with [person_2]") addresses nobody."""
    if session.addressee_is_focus(turn, sentence):
        return True
    if OTHER_PLACEHOLDER.search(sentence) or GROUP_ADDRESS.search(sentence):
        return False
    first = turn.sentences[0] if turn.sentences else ""
    if _VOCATIVE.search(first):
        return False
    reply = session.next_reply(turn.index)
    return reply is None or reply.speaker in {session.focus, *session.parents}


def _plain(sentence: str) -> str:
    """The sentence without hesitations ("would you be willing to, um, to actually ...")."""
    return _FILLERS.sub("", sentence)


def _announces(sentence: str) -> bool:
    """A sentence that only announces homework ("a couple of tasks before next time.")."""
    return len(_WORD.findall(sentence)) < _ANNOUNCEMENT_WORDS or bool(_ANNOUNCING.search(sentence))


def _assignment_text(sentences: list[str], at: int, vocab: HomeworkVocabulary) -> str:
    """The cue sentence, or the sentences after it when it only announces the tasks (leaving out those
    that are no task, such as booking the next appointment)."""
    head = sentences[at]
    if not _announces(head):
        return head
    following = [
        s for s in sentences[at + 1 : at + 1 + _FOLLOWING] if not any_match(vocab.assign_not_re, _unquoted(s))
    ]
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
    sentence = _plain(_unquoted(sentence))
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


def _answers(answer: Turn | None, *, counted: bool, done: bool) -> bool:
    """Whether the answer says how often (``counted``) and what was done (``done``)."""
    if answer is None:
        return False
    return (not counted or bool(_COUNT.search(answer.norm))) and (
        not done or bool(_REPORTED.search(answer.norm))
    )


def _answers_for_focus(session: Session, answer: Turn) -> bool:
    """The focus client, a parent, or the one other person in a couple or family session answers for
    the client; in a group another member answers for themselves."""
    return answer.speaker in {session.focus, *session.parents} or len(session.other_clients) == 1


_NUMBER_WORDS = {"zero": 0, "none": 0, "once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4}
_NUMBER_WORDS |= {"five": 5, "six": 6, "seven": 7}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")
_TARGET = re.compile(
    r"\b(two|three|four|five|six|seven)\b(?! (?:of|out of|minutes|hours|weeks|months|years)\b)"
)


def _against_target(recalled: str, answer: Turn | None, completed: str | None) -> str | None:
    """Completion from how many were done against how many were set: the therapist recalls a number ("we
    said three this week") and the answer's first sentence gives a smaller one ("i went to one")."""
    target = _TARGET.search(recalled)
    if target is None or answer is None or not answer.sentences or completed not in {None, "yes"}:
        return completed
    done = _NUMBER_WORD.search(answer.sentences[0])
    if done is None:
        return completed
    if _NUMBER_WORDS[done.group(0)] >= _NUMBER_WORDS[target.group(1)]:
        return "yes"
    return "partial" if _NUMBER_WORDS[done.group(0)] else "no"


def _previous_therapist(session: Session, index: int) -> tuple[int, ...]:
    """The therapist turn just before ``index`` (within two turns), as evidence."""
    for t in reversed(session.turns[max(0, index - 2) : index]):
        if session.is_therapist(t):
            return (t.index,)
    return ()


def _general_reviews(session: Session, vocab: HomeworkVocabulary, covered: set[int]) -> list[HomeworkFact]:
    """Reviews in any wording. A therapist turn that points back to what the last session set, asked about
    or answered with what was done; early in the session, a question whether or how often a task got done
    (or naming its record) that the client answers with a count of what they did; and the client naming
    last time's task or reporting how often they did it."""
    out: list[HomeworkFact] = []
    early = _REVIEW_BEFORE * len(session.turns)
    for turn in session.turns:
        if turn.index in covered:
            continue
        evidence: tuple[int, ...] = ()
        label = ""
        if session.is_therapist(turn):
            sentences = [
                s
                for s in turn.sentences
                if _for_focus(session, turn, s) and not any_match(vocab.review_not_re, s)
            ]
            # A condition ("if you told me you were going to ...") recalls no task.
            back = next((s for s in sentences if _BACK_REFERENCE.search(s) and " if " not in f" {s}"), None)
            asks = next((s for s in sentences if s.endswith("?") and _ASKS_DONE.search(_plain(s))), None)
            found = vocab.object_re.search(" ".join(sentences))
            replies = _replies(session, turn.index)
            # Whoever answers first (in a couple or family session the partner or parent may): a review is
            # a question to the client, so the answer is about the client's task.
            answer = session.next_reply(turn.index)
            if answer is not None and not _answers_for_focus(session, answer):
                answer = None
            if back is not None:
                reviews = _answers(answer, counted=False, done=True) or _answers(
                    answer, counted=True, done=False
                )
            else:
                reviews = (
                    turn.index < early
                    and (asks is not None or found is not None)
                    and _answers(answer, counted=True, done=True)
                )
            if reviews and answer is not None and answer not in replies:
                replies = [answer, *replies]
            if not reviews:
                continue
            label = found.group(1) if found else _how_it_went(sentences) or str(back or asks)
            evidence = (turn.index, *(r.index for r in replies))
            completed = _against_target(back or "", answer, _completion(replies, vocab))
        elif session.is_focus(turn) and turn.index < early:
            named = next((s for s in turn.sentences if _CLIENT_NAMES_TASK.search(s)), None)
            counted = next((s for s in turn.sentences if _DID.search(s) and _DAYS.search(s)), None)
            if named is None and counted is None:
                continue
            replies = [turn, *_replies(session, turn.index)[:1]]
            label = str(named or counted)
            evidence = (*_previous_therapist(session, turn.index), *(r.index for r in replies))
            completed = _completion(replies, vocab)
        else:
            continue
        out.append(HomeworkFact(text=_trim(label), status="reviewed", completed=completed, evidence=evidence))
        covered.update(evidence)
    return out


def _sets_ahead(sentence: str, vocab: HomeworkVocabulary) -> bool:
    """A late therapist sentence giving a task a time ahead ("diary every day", "tuesday and thursday next
    week, the bus stop"): neither about the past, nor a session planned, nor a question other than a
    request ("would you ...")."""
    sentence = _plain(_unquoted(sentence))
    if not _AHEAD.search(sentence) or _PAST.search(sentence) or _SESSION_PLAN.search(sentence):
        return False
    if sentence.endswith("?") and not re.search(r"\b(?:would|could|can|will) you\b", sentence):
        return False
    return not any_match(vocab.assign_not_re, sentence)


def _commitments(session: Session, assigned: list[HomeworkFact]) -> list[HomeworkFact]:
    """The client taking a task on for a time ahead late in the session ("i'll text her tonight"), when no
    assignment already cites the turn."""
    cited = {i for item in assigned for i in item.evidence}
    out: list[HomeworkFact] = []
    late = _ASSIGN_AFTER * len(session.turns)
    for turn in session.turns:
        if turn.index < late or turn.index in cited or not session.is_focus(turn):
            continue
        said = next((s for s in turn.sentences if _COMMITS.search(s) and _CLIENT_AHEAD.search(s)), None)
        if said is not None:
            evidence = (*_previous_therapist(session, turn.index), turn.index)
            out.append(HomeworkFact(text=_trim(said), status="assigned", evidence=evidence))
    return out


def extract_homework(session: Session, vocab: HomeworkVocabulary) -> list[HomeworkFact]:
    """Reviewed and assigned homework items, in transcript order."""
    reviewed: list[HomeworkFact] = []
    assigned: list[HomeworkFact] = []
    seen_objects: dict[str, HomeworkFact] = {}
    for turn in session.turns:
        if not session.is_therapist(turn):
            continue
        sentences = [s for s in turn.sentences if _for_focus(session, turn, s)]
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
        if at is None and turn.index >= _ASSIGN_AFTER * len(session.turns):
            at = next((k for k, s in enumerate(sentences) if _sets_ahead(s, vocab)), None)
        if at is not None:
            reply = session.next_reply(turn.index)
            evidence = (turn.index,) + (
                (reply.index,) if reply is not None and session.is_focus(reply) else ()
            )
            text = _assignment_text(sentences, at, vocab)
            assigned.append(HomeworkFact(text=_trim(text), status="assigned", evidence=evidence))
    covered = {i for item in reviewed for i in item.evidence}
    reviewed += _client_reports(session, vocab, seen_objects, covered)
    covered = {i for item in reviewed for i in item.evidence}
    reviewed += _general_reviews(session, vocab, covered)
    assigned += _commitments(session, assigned)
    return sorted([*reviewed, *assigned], key=lambda h: h.evidence[0])
