"""Note sentences from verified facts, one builder per kind, each citing the lines that support it.

Principles (the BIRP guidance of ../shared/seeds/003 and the documentation verbs of 000):
- Behavior says how the client presented and what they reported since the last session: the session's
  frame, how they said they are (their own words), homework done, scores, and any risk disclosed.
- Intervention says what the therapist did, in documentation phrases; never what the client did at home.
- Response says how the client responded, with feelings named only as the client named them.
- Plan gives homework as the instruction the client took home, and what was proposed for later.
- A sentence is written only when its wording can be read off the cited lines; when the transcript does
  not give a readable phrase (a homework lead-in with no task in it), the detail is left out rather than
  written as a fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.domain.facts import ClinicalFacts, HomeworkFact, InterventionFact, MeasureFact, RiskFact
from service.domain.note import Section
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.draft.phrases import Phrases
from service.draft.phrasing import distinct_items, task_phrase
from service.extract.text import Session, Turn, split_sentences

RATINGS = frozenset({"SUDS", "Scaling question"})
ITEM_9 = "PHQ-9 item 9"
_MAX_EVIDENCE = 6
_CHECKIN_TURNS = 16  # the check-in opens a session
_STATE_FRAME = re.compile(
    r"\b(?:i'm|i am|i've been|i have been|i was|i feel|i felt|i'm feeling|i was feeling|i've been feeling"
    r"|makes? me feel|made me feel|feel|felt|feeling)"
    r"(?:\s+(?:so|really|pretty|kind of|kinda|a bit|a little|very|too|just|more|less|still|mostly)){0,2}\s*$"
)
# "don't feel", "not really": the contraction has no word boundary before it.
_NEGATED = re.compile(r"(?:\b(?:not|never|no)\b|n't\b)(?:\s+\w+){0,2}\s*$")
# A state inside someone else's view, a condition or a report ("they'd see I'm nervous", "even if I
# feel tired", "I told her I was fine") is not the client saying how they are.
_EMBEDDED = re.compile(
    r"\b(?:if|unless|whether|when|whenever|that|see|saw|seen|think|thought|know|knew|say|said|says|tell|"
    r"told|notice|noticed|pretend|pretending|act|acting|look|looked|seem|seemed|would|could|might|'d)\b"
    r"(?:\s+[\w']+){0,3}\s*$"
)
_BARE_ANSWER_WORDS = 3
# Words that are as often an acknowledgement as a state ("Okay." = "I heard you"): only in "I'm okay".
_ACKNOWLEDGEMENTS = frozenset({"okay", "fine", "good", "great", "better"})
# "Okay", "good" and the like say how the client is only as the answer to a question about them.
_PERSON_QUESTION = re.compile(
    r"\bhow (?:are|were) you(?: (?:feeling|doing))?\b|\bhow have you been\b|\bhow (?:do|did) you feel\b"
    r"|\bhow (?:does|did|is) (?:that|it|this) feel(?:ing)?\b|\bwhat (?:are|were) you feeling\b"
)
_FEELING_QUESTION = re.compile(
    r"\bhow (?:are|were|was|is|did|do|does) (?:you|things|that|it|the)\b[^?]*\?"
    r"|\bhow (?:does|did) (?:that|it) (?:feel|sit|land)\b|\bwhat (?:are|were) you feeling\b"
)
# Task phrases that can follow "Client to": they open with what to do.
TASK_VERB = re.compile(
    r"^(?:also |then |still |just |try to |keep |continue to )?"
    r"(?:add|approach|ask|attend|avoid|breathe|bring|call|carry|check|label|name|notice|choose|come|complete|continue|delay|do|draw|drink|drive|eat|email|exercise|face|fill|finish|"
    r"follow|get|give|go|hold|invite|join|jot|journal|keep|leave|let|limit|list|listen|log|look|make|"
    r"meditate|message|note|notice|pick|plan|play|postpone|practi[cs]e|prepare|put|rate|read|record|reach|"
    r"reduce|repeat|resist|review|reward|ride|say|schedule|send|set|share|show|sit|sleep|spend|stand|start|"
    r"stay|stop|take|talk|tell|text|touch|track|try|turn|use|visit|wait|wake|walk|wear|work|write)\b"
)
_TASKS_PER_ITEM = 4
_LIST_WORDS = 6  # a homework list without a verb ("the log, three breaths, ...") needs some substance
_WHEN_THEY = re.compile(r"^((?:[\w\[\]']+,? ){0,5}?)they (.+)$")
_GENERIC_LABEL = re.compile(r"(?:the |your |their )?(?:homework|practice|assignment|exercise|task|steps?)")
_CLAUSE = re.compile(r"\b(?:was|were|is|are|did|do|does)\b")
_LEADING_CLAUSE = re.compile(
    r"^((?:when|whenever|after|before|if|each time|every time|(?:every|each) (?:night|day|morning|evening))"
    r"(?: [^,]{1,50})?), (.+)$"
)
# A sentence that opens with a condition and gives no task of its own is a rider on the instruction
# before it ("if it happens, just note it"): alone it reads as a fragment.
_RIDER = re.compile(r"^(?:if|unless|in case|otherwise|and if)\b")
_ADVERBIAL_START = re.compile(r"^(?:once|twice|three times|every|each|daily|nightly|morning|evening)\b")
_DANGLING = re.compile(r"\b(?:and|or|but|so|to|the|a|an|of|with|for|on|in|at|by|like|that|because|if)$")
_FRAGMENT = re.compile(
    r"^(?:so|and|okay|alright|um|uh|don't|do not)\b|\?|\bthey'll\b|\btherapist (?:would|will)\b"
)


@dataclass(frozen=True)
class Planned:
    """A sentence before it enters the note, with what a rephrasing may and may not change."""

    key: str
    section: Section
    kind: str
    text: str
    evidence: tuple[int, ...]
    risk: bool = False
    denial: bool = False
    interventions: tuple[str, ...] = ()
    source: tuple[int, ...] = ()  # lines a model may phrase it from (scrubbed, role labels only)


def cite(evidence: Iterable[int], limit: int = _MAX_EVIDENCE) -> tuple[int, ...]:
    """The first lines of a long stretch are enough to find it; the note stays readable."""
    return tuple(sorted(set(evidence)))[:limit]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("ERP", "EFT tapping")."""
    first = text.split(" ", 1)[0]
    return text if not text or first.isupper() else text[:1].lower() + text[1:]


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number(value: float) -> str:
    """Scores as written in a note: 11, 7.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- behavior


def attendance(transcript: Transcript, phrases: Phrases, first_line: int) -> Planned:
    """The session's frame."""
    modality = phrases.modality.get(transcript.modality or "individual", "a session")
    setting = phrases.setting.get(transcript.setting or "", "")
    where = f" {setting}" if setting else ""
    return Planned(
        "attendance", "behavior", "attendance", f"Client attended {modality}{where}.", (first_line,)
    )


def client_states(
    turn: Turn, phrases: Phrases, asked_how: bool = False, asked_about_them: bool = False
) -> list[str]:
    """The words the client used for how they are, as said ("tired", "worn down"), in order.

    A word counts in a first-person frame ("I've been so tired") that is not negated, conditional or
    inside someone else's view, or as a bare answer ("Tired.") to a question about how they are
    (``asked_how``). "Okay", "good" and the like count only in a frame answering a question about the
    client themselves (``asked_about_them``): otherwise they agree, reassure or play a part.
    """
    found: list[str] = []
    for sentence in turn.sentences:
        bare = asked_how and len(sentence.split()) <= _BARE_ANSWER_WORDS
        for match in phrases.states_re.finditer(sentence):
            before = sentence[: match.start()]
            word = match.group(1).lower()
            frame = _STATE_FRAME.search(before)
            if word in _ACKNOWLEDGEMENTS and not (frame and asked_about_them):
                continue
            if frame is None and not bare:
                continue
            if frame is not None and _EMBEDDED.search(before[: frame.start()]):
                continue
            if not _NEGATED.search(before) and word not in found:
                found.append(word)
    return found[:3]


def asked_how(session: Session, turn: Turn) -> Turn | None:
    """The therapist's question right before ``turn`` when it asks how the client is or how it felt."""
    previous = next((t for t in reversed(session.turns[: turn.index]) if session.is_therapist(t)), None)
    if previous is not None and previous.index >= turn.index - 2 and _FEELING_QUESTION.search(previous.norm):
        return previous
    return None


def checkin(session: Session, phrases: Phrases) -> tuple[Turn, Turn] | None:
    """The therapist's opening question about how the client is, and the client's answer."""
    for turn in session.turns[:_CHECKIN_TURNS]:
        if not session.is_therapist(turn) or "?" not in turn.norm:
            continue
        if any(p.search(turn.norm) for p in phrases.checkin_re):
            reply = session.next_reply(turn.index)
            if reply is not None and session.is_focus(reply):
                return turn, reply
    return None


def presentation(session: Session, phrases: Phrases) -> Planned | None:
    """How the client said they are at check-in, with the words the client chose."""
    found = checkin(session, phrases)
    if found is None:
        return None
    question, reply = found
    states = client_states(
        reply, phrases, asked_how=True, asked_about_them=bool(_PERSON_QUESTION.search(question.norm))
    )
    if not states:
        return None
    return Planned(
        "presentation",
        "behavior",
        "presentation",
        f"At check-in, client described feeling {join_words(states)}.",
        (question.index, reply.index),
        source=(question.index, reply.index),
    )


_DONE = {"yes": "completing", "partial": "partially completing", "no": "not completing"}


def homework_review(index: int, item: HomeworkFact, reviewed: int = 1) -> Planned:
    """What the client reported about last session's homework (Behavior). With more than one task
    reviewed, one without a readable name is "one of the tasks": "the homework" would sum them all with
    this task's completion."""
    task = readable_object(item.text)
    if task:
        what = f"the homework from the last session ({task})"
    elif reviewed > 1:
        what = "one of the tasks from the last session"
    else:
        what = "the homework from the last session"
    done = _DONE.get(item.completed or "")
    text = f"Client reported {done} {what}." if done else f"Client reported on {what}."
    return Planned(f"homework-reviewed:{index}", "behavior", "homework-review", text, cite(item.evidence))


def measure(index: int, m: MeasureFact) -> Planned:
    """A questionnaire score (ratings go to Response, grouped)."""
    if m.instrument == ITEM_9:
        text = f"PHQ-9 item 9 was scored {number(m.score)}."
    elif not m.administered_in_session:
        text = (
            f"Client reported a {m.instrument} score of {number(m.score)} "
            "from an assessment outside this session."
        )
    elif m.reported_by.startswith("parent"):
        text = f"Parent reported the client's {m.instrument} score as {number(m.score)}."
    else:
        text = f"{m.instrument} completed in session: score {number(m.score)}."
    return Planned(f"measure:{index}", "behavior", "measure", text, cite(m.evidence))


def risk_disclosed(risk: RiskFact, phrases: Phrases) -> Planned | None:
    """Risk the client (or a parent about the child) disclosed; nothing when the screen was unsure."""
    if not (risk.present and risk.evidence):
        return None
    kinds = [phrases.risk_kinds.get(k, k) for k in risk.kinds]
    return Planned(
        "risk", "behavior", "risk", f"Client disclosed {join_words(kinds)}.", cite(risk.evidence), risk=True
    )


# --------------------------------------------------------------------------- intervention


def goal_clause(fact: InterventionFact, plan: TreatmentPlan | None, worked_on: frozenset[str]) -> str:
    """The plan goals this intervention serves that the session worked on: the plan links a technique to
    every goal it may serve, and a goal the session put off must not be credited."""
    if plan is None or fact.plan_intervention_id is None:
        return ""
    planned = next((i for i in plan.interventions if i.id == fact.plan_intervention_id), None)
    if planned is None:
        return ""
    goals = [g for g in planned.goal_ids if g in worked_on]
    if not goals:
        return ""
    return f" (goal{'s' if len(goals) > 1 else ''} {join_words(list(goals))})"


def _modality(text: str) -> str:
    return text.replace(" (", ", ").replace(")", "")


def named(fact: InterventionFact) -> str:
    """The intervention's name with its modality, unless the name already says it (or has a gloss)."""
    name, modality = lower_first(fact.name), _modality(fact.modality)
    if "(" in name or modality.lower() in name.lower() or name.lower() in modality.lower():
        return name
    return f"{name} ({modality})"


def intervention(
    index: int,
    fact: InterventionFact,
    plan: TreatmentPlan | None,
    phrases: Phrases,
    worked_on: frozenset[str] = frozenset(),
) -> Planned:
    """What the therapist did, in its documentation phrase, tied to the plan goals the session worked on."""
    phrase = phrases.interventions.get(fact.name) or f"Used {named(fact)}"
    return Planned(
        f"intervention:{index}",
        "intervention",
        "intervention",
        f"{phrase}{goal_clause(fact, plan, worked_on)}.",
        cite(fact.evidence),
        interventions=(fact.name,),
    )


def homework_reviewed_by_therapist(items: Sequence[HomeworkFact]) -> Planned | None:
    """The therapist's review of last session's homework (Intervention)."""
    if not items:
        return None
    evidence = cite(i for item in items for i in item.evidence[:1])
    return Planned(
        "homework-review-done",
        "intervention",
        "review",
        "Reviewed homework from the last session.",
        evidence,
    )


def risk_assessment(risk: RiskFact, phrases: Phrases) -> list[Planned]:
    """The therapist's risk questions, and a denial only for topics asked and denied (never in doubt)."""
    if not (risk.asked and risk.asked_evidence):
        return []
    topics = [phrases.risk_topics.get(t, t) for t in risk.asked_topics] or ["suicide risk"]
    out = [
        Planned(
            "risk-assessment",
            "intervention",
            "risk",
            f"Assessed for {join_words(topics)}.",
            cite(risk.asked_evidence),
            risk=True,
        )
    ]
    if risk.denied_topics and risk.denied_evidence and not risk.review_evidence:
        denied = [phrases.risk_topics.get(t, t) for t in risk.denied_topics]
        out.append(
            Planned(
                "risk-denial",
                "intervention",
                "risk",
                f"Client denied {join_words(denied)} when asked.",
                cite((*risk.asked_evidence, *risk.denied_evidence)),
                risk=True,
                denial=True,
            )
        )
    return out


# --------------------------------------------------------------------------- response


def ratings(measures: Sequence[MeasureFact]) -> list[Planned]:
    """SUDS ratings in one sentence; each scaling answer with what was rated when the question said so."""
    out: list[Planned] = []
    suds = [m for m in measures if m.instrument == "SUDS" and m.administered_in_session]
    # Ratings the client reports from practice or events since the last session are not session data.
    away = [m for m in measures if m.instrument == "SUDS" and not m.administered_in_session]
    if suds:
        out.append(
            Planned(
                "ratings:suds",
                "response",
                "rating",
                f"Client rated distress (SUDS) at {join_words([number(m.score) for m in suds])} "
                "during the session.",
                # Every rating's line: each number must be found where the sentence points.
                cite((i for m in suds for i in m.evidence), limit=len(suds) * 2),
            )
        )
    if away:
        out.append(
            Planned(
                "ratings:suds-away",
                "behavior",
                "rating",
                f"Client reported distress ratings of {join_words([number(m.score) for m in away])} "
                "for situations since the last session.",
                cite((i for m in away for i in m.evidence), limit=len(away) * 2),
            )
        )
    for k, m in enumerate(x for x in measures if x.instrument == "Scaling question"):
        detail = m.reported_by.split(" (", 1)[1].rstrip(")") if " (" in m.reported_by else ""
        what = f" for {detail}" if detail else ""
        out.append(
            Planned(
                f"ratings:scaling:{k}",
                "response",
                "rating",
                f"Client gave a rating of {number(m.score)} on a 0-10 scaling question{what}.",
                cite(m.evidence),
            )
        )
    return out


def responses(session: Session, facts: ClinicalFacts, phrases: Phrases) -> list[Planned]:
    """How the client responded to each intervention: the feelings they named while doing it."""
    out: list[Planned] = []
    for k, fact in enumerate(facts.interventions):
        for i in fact.evidence:
            turn = session.turns[i] if 0 <= i < len(session.turns) else None
            if turn is None or not session.is_focus(turn):
                continue
            question = asked_how(session, turn)
            states = client_states(
                turn,
                phrases,
                asked_how=question is not None,
                asked_about_them=question is not None and bool(_PERSON_QUESTION.search(question.norm)),
            )
            if not states:
                continue
            # The therapist's line and the client's answer: the intervention and the feeling, together.
            prompt = question or next(
                (t for t in reversed(session.turns[: turn.index]) if session.is_therapist(t)), None
            )
            lines = (prompt.index, turn.index) if prompt is not None else (turn.index,)
            out.append(
                Planned(
                    f"response:{k}",
                    "response",
                    "response",
                    f"During {lower_first(fact.name.split(' (', 1)[0])}, "
                    f"client described feeling {join_words(states)}.",
                    cite(lines),
                    interventions=(fact.name,),
                    source=lines,
                )
            )
            break
    return out


def _worked_by_plan(facts: ClinicalFacts, plan: TreatmentPlan) -> set[str]:
    """Goals with work the plan ties to them: a delivered plan intervention linked to the goal, or a
    score reported on one of its objectives' instruments. Talk that only touches a goal's topic (a
    passing mention, a topic put off for later) is not a claim a note should make."""
    delivered = {f.plan_intervention_id for f in facts.interventions if f.plan_intervention_id}
    out = {g for item in plan.interventions if item.id in delivered for g in item.goal_ids}
    scored = {m.instrument.lower() for m in facts.measures}
    for goal in plan.goals:
        if any(o.measure is not None and o.measure.instrument.lower() in scored for o in goal.objectives):
            out.add(goal.id)
    return out


def goals(facts: ClinicalFacts, plan: TreatmentPlan | None) -> list[Planned]:
    """The plan goals the session's work addressed, where the plan ties that work to the goal."""
    out: list[Planned] = []
    if plan is None:
        return out
    tied = _worked_by_plan(facts, plan)
    for k, g in enumerate(facts.goals_addressed):
        goal = plan.goal(g.goal_id) if g.goal_id in tied else None
        if goal is not None:
            text = f"Session work addressed goal {g.goal_id}: {lower_first(goal.text.rstrip('.'))}."
            out.append(Planned(f"goal:{k}", "response", "goal", text, cite(g.evidence)))
    return out


# --------------------------------------------------------------------------- plan


def readable_object(text: str) -> str | None:
    """A homework label fit for a parenthesis ("worry log"), or None when it is not a phrase or says
    nothing more than "homework"."""
    phrase = task_phrase(text).strip()
    words = phrase.split()
    if not words or len(words) > 8 or _DANGLING.search(phrase) or _FRAGMENT.search(phrase):
        return None
    if _GENERIC_LABEL.fullmatch(phrase) or _CLAUSE.search(phrase):
        return None
    return phrase


def readable_task(text: str) -> tuple[str, bool] | None:
    """One homework instruction (a sentence) in note wording and whether it opens with what to do."""
    phrase = task_phrase(text).strip()
    # "after each walk, note the mood" -> "note the mood, after each walk"
    leading = _LEADING_CLAUSE.match(phrase)
    if leading and TASK_VERB.search(leading.group(2)):
        phrase = f"{leading.group(2).rstrip('. ')}, {leading.group(1)}"
    # "sunday, after coffee, they tell ..." -> "tell ..., sunday, after coffee"
    subject = _WHEN_THEY.match(phrase)
    if subject and TASK_VERB.search(subject.group(2)):
        when = subject.group(1).strip(" ,")
        phrase = subject.group(2).rstrip(". ") + (f", {when}" if when else "")
    phrase = phrase.rstrip(".")
    words = phrase.split()
    if len(words) < 3 or len(words) > 45 or _DANGLING.search(phrase) or _FRAGMENT.search(phrase):
        return None
    imperative = bool(TASK_VERB.search(phrase))
    if not imperative and _RIDER.search(phrase):
        return None
    if not imperative and (_ADVERBIAL_START.search(phrase) or len(words) < _LIST_WORDS):
        return None  # "three times a week, if possible": how often, with the task said elsewhere
    return phrase, imperative


def _uncommitted(session: Session | None, item: HomeworkFact, phrases: Phrases | None) -> int | None:
    """The client's answer to the assignment when it left some of it open ("I'll see"), else None."""
    if session is None or phrases is None or not item.evidence:
        return None
    reply = session.next_reply(item.evidence[0])
    if reply is None or not session.is_focus(reply):
        return None
    return reply.index if any(p.search(reply.norm) for p in phrases.uncommitted_re) else None


def homework_assigned(
    items: Sequence[HomeworkFact], session: Session | None = None, phrases: Phrases | None = None
) -> list[Planned]:
    """Each distinct assigned task as an instruction; without a readable task, that homework was set.
    When the client's answer left some of it open, the tasks are written as discussed, and the note says
    the client did not commit to all of it (which part is theirs to say, not a pattern's)."""
    if not items:
        return []
    readable: list[tuple[tuple[str, bool], HomeworkFact]] = []
    for item in items:
        # One instruction per sentence of the therapist's words; remarks that are not tasks drop out.
        # The extractor's splitter: a title ("mrs.") does not end the task.
        for sentence in split_sentences(item.text)[:_TASKS_PER_ITEM]:
            task = readable_task(sentence)
            if task is not None:
                readable.append((task, item))
    keep = distinct_items([t[0] for t, _ in readable])
    out: list[Planned] = []
    for k in keep:
        (phrase, imperative), item = readable[k]
        if _uncommitted(session, item, phrases) is not None:
            text = f"Homework discussed: {phrase}."
        else:
            text = f"Client to {phrase}." if imperative else f"Homework: {phrase}."
        out.append(
            Planned(f"homework:{k}", "plan", "homework", text, cite(item.evidence), source=item.evidence[:1])
        )
    for n, item in enumerate(items):
        reply = _uncommitted(session, item, phrases)
        if reply is not None:
            out.append(
                Planned(
                    f"homework-open:{n}",
                    "plan",
                    "homework",
                    "Client did not commit to all of this homework when asked.",
                    cite((item.evidence[0], reply)),
                )
            )
    if not out:
        out.append(
            Planned(
                "homework",
                "plan",
                "homework",
                "Assigned homework for the coming week.",
                cite(i for h in items for i in h.evidence[:1]),
            )
        )
    return out


def _proposed_name(fact: InterventionFact, plan: TreatmentPlan | None) -> str:
    """The plan's own wording for a proposal that matches a plan item (the clinician's name for the
    work, with its id); otherwise the vocabulary's name."""
    item = next((i for i in plan.interventions if i.id == fact.plan_intervention_id), None) if plan else None
    if item is None:
        return named(fact)
    return f"{lower_first(item.name.split(' (', 1)[0])} (plan intervention {item.id})"


def proposed(facts: ClinicalFacts, plan: TreatmentPlan | None = None) -> list[Planned]:
    """Techniques only proposed for later sessions."""
    return [
        Planned(
            f"proposed:{k}",
            "plan",
            "proposed",
            f"Consider {_proposed_name(p, plan)} in a future session, as discussed.",
            cite(p.evidence),
            interventions=(p.name,),
        )
        for k, p in enumerate(facts.proposed)
    ]
