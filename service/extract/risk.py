"""Risk: statements of suicidal ideation, self-harm, harm to others or abuse, and whether it was assessed.

- Statements come only from the focus client (first person) or a parent speaking about the minor
  client (third person, or the child quoted in the first person). Other participants never count.
- Idioms ("my mom would kill me", "die of embarrassment") and fear of dying in panic are removed first;
  a negated phrase ("I'm not going to kill myself") is a denial, not a statement; harm thoughts in an
  OCD/intrusive-thought context with a stated lack of urge are ego-dystonic and not risk.
- PHQ-9 item 9 above 0 is passive suicidal ideation.
- Self-injury told by its method ("the blade... on my leg"): an injuring object or a mark, a part of
  the client's body and the client as the one acting, in one turn, not an accident.
- Possible risk language (``review`` patterns) that is not a clear statement goes to ``review_*``:
  the note stays silent about risk on its strength and the validator asks the clinician to review.
- ``asked`` only when the therapist asked (a screening phrase in a turn holding a question);
  ``denied`` only when the client was asked, answered no, and voiced no risk; a topic the client
  endorsed anywhere is never among the denied topics ("no plan or intent" may stand beside passive
  ideation), and possible risk language anywhere removes every denial: a denial in a note is a legal
  claim, so doubt removes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.facts import MeasureFact, RiskFact, RiskKind
from service.extract.risk_thread import thread_lines
from service.extract.text import Session, Turn
from service.extract.vocabulary import RiskVocabulary, any_match

ITEM_9 = "PHQ-9 item 9"
_QUOTED = re.compile(r'"([^"]+)"')
_CLAUSE_WORD = re.compile(r"[a-z']+|[,;:]")
_INTRUSIVE_WINDOW = 3
# The generic "you" telling one's own way of doing something: "you" acting, and "your" body.
_GENERIC_ACT = re.compile(r"(?:^|[.?!,]\s*|\b(?:then|and|just)\s+)you\s+(?:\w+\s+)?[a-z]+\b")
_GENERIC_BODY = re.compile(r"\b(?:on|into|across|up|down|along)\s+your\s+[a-z]+\b")
_FIRST_PERSON: frozenset[str] = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"})
# Words that may stand between a negation and the act it denies ("not that I...", "it's not like I...",
# "I'm not saying I...", "I don't think I...").
_NEGATION_BRIDGE: frozenset[str] = frozenset(
    {"like", "that", "as", "if", "even", "ever", "once", "really", "actually", "saying", "say", "said"}
    | {"mean", "think", "remember", "know", "believe", "i", "i'm", "it's", "is", "was", "do", "did"}
    | {"have", "had"}
)
_SI_KINDS: frozenset[str] = frozenset({"passive SI", "active SI"})
# A short question pointing back to a screening statement ("Has that been true for you?") may come this
# many turns after it, and be this long.
_BACK_TURNS = 3
_BACK_WORDS = 16


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


def _someone_else(sentence: str, match: re.Match[str], vocab: RiskVocabulary) -> bool:
    """Whether a risk phrase that names nobody ("swallowed the pills") has another person as its
    subject ("she took...", "my brother tried"): the nearest subject word before it in the clause is not
    the speaker's "I". A phrase that names the speaker ("without me", "my life") is the speaker's."""
    if any(w in _FIRST_PERSON for w in _CLAUSE_WORD.findall(match.group(0))):
        return False
    others = vocab.compiled["other_subjects"]
    for word in reversed(_CLAUSE_WORD.findall(sentence[: match.start()])):
        if word in ",;:" or word in vocab.clause_breaks:
            return False
        if word in _FIRST_PERSON or word in {"we", "you"}:
            return False
        if any_match(others, word):
            return True
    return False


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
            if not third_person and _someone_else(text, match, vocab):
                continue
            kinds.append(kind)
            break
    return kinds, negated


def _injury(turn: Turn, vocab: RiskVocabulary, third_person: bool) -> bool:
    """Self-injury told by its method within one turn (object or mark + body part + the person acting)."""
    if _injury_told(turn.norm, turn.sentences, vocab, third_person):
        return True
    return not third_person and _injury_told_generic(turn, vocab)


def _injury_told_generic(turn: Turn, vocab: RiskVocabulary) -> bool:
    """The client telling their own method with the generic "you" ("you rub it on your arm till it
    burns"): both the one acting and the body are "you", so the words are read in the first person."""
    if not _GENERIC_ACT.search(turn.norm) or not _GENERIC_BODY.search(turn.norm):
        return False
    text = _as_first_person(turn.norm)
    sentences = [_as_first_person(s) for s in turn.sentences]
    return _injury_told(text, sentences, vocab, third_person=False)


def _as_first_person(text: str) -> str:
    return re.sub(r"\byou\b", "i", re.sub(r"\byour\b", "my", re.sub(r"\byourself\b", "myself", text)))


def _injury_told(text: str, sentences: Sequence[str], vocab: RiskVocabulary, third_person: bool) -> bool:
    lexicon = vocab.injury
    if lexicon is None:
        return False
    c = lexicon.compiled
    person = "third" if third_person else "first"
    text = _clean(text, vocab, third_person)
    if any_match(c["accident"], text):
        return False
    means = any_match(c["objects"], text) or any_match(c["marks"], text)
    body = any_match(c[f"body_parts_{person}"], text)
    acting = any_match(c[f"self_acts_{person}"], text) or third_person
    if not (means and body and acting):
        return False
    # "It's not like I cut my arm": a negated act is a denial, not a disclosure.
    for sentence in sentences:
        for pattern in c[f"self_acts_{person}"]:
            match = pattern.search(sentence)
            if match is not None and _act_negated(sentence, match.start(), vocab):
                return False
    return True


def _act_negated(sentence: str, start: int, vocab: RiskVocabulary) -> bool:
    """A negation that governs the act starting at ``start``: in its clause, with only linking words
    between them ("not that I...", "it's not like I...", "I don't think I..."). A negation of another
    verb before it ("when I can't sleep I rub...") leaves the act told."""
    before = list(reversed(_CLAUSE_WORD.findall(sentence[:start])))
    for word in before[: vocab.negation_window + 1]:
        if word in ",;:" or word in vocab.clause_breaks:
            return False
        if word in vocab.negation_words or word.endswith("n't"):
            return True
        if word not in _NEGATION_BRIDGE:
            return False
    return False


def _injury_exchanges(session: Session, vocab: RiskVocabulary, evidence: set[int]) -> set[int]:
    """Self-injury told over one exchange: the method in one turn, and, after the therapist's question
    ("Where on your body?"), the body site in the answer (or the other way round). Both lines are told."""
    found: set[int] = set()
    for turn in session.turns:
        third = _speaker_person(turn, session)
        if third is None or turn.index in evidence or not turn.sentences:
            continue
        between = session.turns[turn.index + 1 : turn.index + 2]
        if len(between) != 1 or not session.is_therapist(between[0]) or "?" not in between[0].norm:
            continue
        reply = session.next_reply(between[0].index)
        if reply is None or reply.speaker != turn.speaker or reply.index in evidence or not reply.sentences:
            continue
        if any_match(vocab.compiled["denial"], reply.sentences[0]):
            continue
        if _injury(turn, vocab, third) or _injury(reply, vocab, third):
            continue
        text = f"{turn.norm} {reply.norm}"
        told = _injury_told(text, [*turn.sentences, *reply.sentences], vocab, third)
        if told and not _ego_dystonic(turn, session, vocab):
            found |= {turn.index, reply.index}
    return found


def _speaker_person(turn: Turn, session: Session) -> bool | None:
    """Whether to read the turn in the third person (a parent about the child); None: not this client's."""
    if session.is_focus(turn):
        return False
    if turn.speaker in session.parents:
        return True
    return None


def _turn_statements(turn: Turn, session: Session, vocab: RiskVocabulary) -> list[RiskKind]:
    """Risk kinds in one turn of the client (about themself) or a parent (about the child)."""
    third = _speaker_person(turn, session)
    if third is None:
        return []
    found: list[RiskKind] = []
    for sentence in turn.sentences:
        found.extend(_statements(sentence, vocab, third_person=third)[0])
    if third:
        for quoted in _QUOTED.findall(turn.norm):
            found.extend(_statements(quoted, vocab, third_person=False)[0])
    if "self-harm" not in found and _injury(turn, vocab, third):
        found.append("self-harm")
    return found


def _turn_reviews(turn: Turn, session: Session, vocab: RiskVocabulary) -> list[RiskKind]:
    """Possible risk language in a turn of the client or a parent (``review`` patterns, not negated)."""
    third = _speaker_person(turn, session)
    if third is None:
        return []
    patterns = vocab.compiled["review_third" if third else "review_first"]
    found: list[RiskKind] = []
    for sentence in turn.sentences:
        text = _clean(sentence, vocab, third)
        for kind, group in patterns.items():
            match = next((m for p in group if (m := p.search(text)) is not None), None)
            if match is not None and not _negated(text, match.start(), vocab) and kind not in found:
                found.append(kind)
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


def _risk_words(session: Session, vocab: RiskVocabulary) -> bool:
    """Whether the client or a parent used risk words anywhere (idioms removed), denial replies aside."""
    for turn in session.turns:
        third = _speaker_person(turn, session)
        if third is None:
            continue
        guard = vocab.compiled["denial_guard_third" if third else "denial_guard_first"]
        if _is_denial_reply(turn, session, vocab):
            continue
        if any(any_match(guard, _clean(sentence, vocab, third)) for sentence in turn.sentences):
            return True
    return False


def _is_denial_reply(turn: Turn, session: Session, vocab: RiskVocabulary) -> bool:
    """A short answer to a screening question that opens with a denial ("No, I'd never hurt myself.")."""
    previous = next((t for t in reversed(session.turns[: turn.index]) if session.is_therapist(t)), None)
    if previous is None or not _asks(previous, vocab, session) or not turn.sentences:
        return False
    return any_match(vocab.compiled["denial"], turn.sentences[0]) and len(turn.norm.split()) <= 25


def _screening_text(turn: Turn, session: Session, vocab: RiskVocabulary) -> str | None:
    """The text of the screening question a therapist turn asks: the turn itself when it names the topic,
    or, for a short question pointing back ("Has that happened for you?"), the therapist's statement of
    the topic a few turns before together with it."""
    compiled = vocab.compiled
    if any_match(compiled["screening"], turn.norm):
        return turn.norm
    asked = [s for s in turn.sentences if "?" in s]
    if not asked or len(asked[-1].split()) > _BACK_WORDS or not any_match(compiled["refers_back"], asked[-1]):
        return None
    for previous in reversed(session.turns[max(0, turn.index - _BACK_TURNS) : turn.index]):
        if not session.is_therapist(previous):
            continue
        if any_match(compiled["screening"], previous.norm):
            return f"{previous.norm} {asked[-1]}"
        return None
    return None


def _answer_turn(session: Session, index: int, vocab: RiskVocabulary) -> Turn | None:
    """The reply to the therapist's turn at ``index``, past any fillers the client says first ("Um.")."""
    reply = session.next_reply(index)
    while reply is not None and all(any_match(vocab.compiled["fillers"], s) for s in reply.sentences):
        following = session.next_reply(reply.index)
        if following is None or following.speaker != reply.speaker:
            return reply
        reply = following
    return reply


def _asks(turn: Turn, vocab: RiskVocabulary, session: Session) -> bool:
    """Whether a therapist turn asks a screening question (in itself, or pointing back to one)."""
    compiled = vocab.compiled
    if _screening_text(turn, session, vocab) is None:
        return False
    return "?" in turn.norm or any(any_match(compiled["openings"], s) for s in turn.sentences)


def _answered(turn: Turn, session: Session, vocab: RiskVocabulary) -> tuple[int, list[RiskKind], bool] | None:
    """A "yes" to a screening question: the reply, the kinds asked about, and whether it is sure.

    Sure only for a plain yes to a question about one kind, asked in the positive; a hedged answer, a
    question naming several kinds or only "thoughts of death", one framed in the negative ("you're
    not..., are you?") or a reflection of risk that the client agrees with leaves the clinician to
    decide.
    """
    compiled = vocab.compiled
    if not session.is_therapist(turn) or not session.addressee_is_focus(turn):
        return None
    question = _screening_text(turn, session, vocab)
    if question is None:
        return None
    reflected = not _asks(turn, vocab, session)
    reply = _answer_turn(session, turn.index, vocab)
    if reply is None or _speaker_person(reply, session) is None or not reply.sentences:
        return None
    # A question of another kind in between ("Does that make sense?") is the one the reply answers.
    between = session.turns[turn.index + 1 : reply.index]
    if any(
        session.is_therapist(t) and "?" in t.norm and _screening_text(t, session, vocab) is None
        for t in between
    ):
        return None
    opening = reply.sentences[0]
    if any_match(compiled["denial"], opening):
        return None
    affirmed = any_match(compiled["affirmation"], opening)
    if not affirmed and not any_match(compiled["hedged"], opening):
        return None
    kinds: list[RiskKind] = [k for k, group in compiled["asked_kinds"].items() if any_match(group, question)]
    broad = any_match(compiled["asked_review"], question)
    if not kinds and not broad:
        return None
    if {"harm to others", "self-harm"} >= set(kinds) and _ego_dystonic(reply, session, vocab):
        return None
    words = _CLAUSE_WORD.findall(question)
    negative = any(w in vocab.negation_words or w.endswith("n't") for w in words)
    sure = affirmed and len(kinds) == 1 and not broad and not negative and not reflected
    return reply.index, kinds or ["passive SI"], sure


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
    review_kinds: list[RiskKind] = []
    review_evidence: set[int] = set()
    for turn in session.turns:
        found = _turn_statements(turn, session, vocab)
        unsure = [] if found else _turn_reviews(turn, session, vocab)
        if set(found or unsure) <= {"harm to others", "self-harm"} and _ego_dystonic(turn, session, vocab):
            continue
        if found:
            evidence.add(turn.index)
            kinds.extend(k for k in found if k not in kinds)
        elif unsure:
            review_evidence.add(turn.index)
            review_kinds.extend(k for k in unsure if k not in review_kinds)
    exchanged = _injury_exchanges(session, vocab, evidence)
    if exchanged:
        evidence |= exchanged
        kinds.extend(k for k in ("self-harm",) if k not in kinds)
    for turn in session.turns:
        answer = _answered(turn, session, vocab)
        if answer is None or answer[0] in evidence:
            continue
        index, asked_kinds, sure = answer
        if sure:
            evidence.add(index)
            kinds.extend(k for k in asked_kinds if k not in kinds)
        else:
            review_evidence.add(index)
            review_kinds.extend(k for k in asked_kinds if k not in review_kinds)
    for fact in measures:
        if fact.instrument == ITEM_9 and fact.score > 0:
            evidence.update(fact.evidence)
            # The item asks about death OR self-injury: with self-injury disclosed, it is not read as
            # suicidal ideation (the note must not claim what the client did not say).
            if not _SI_KINDS & set(kinds) and "self-harm" not in kinds:
                kinds.append("passive SI")
    if any(k in vocab.present_kinds for k in kinds):
        evidence |= thread_lines(
            session,
            vocab,
            evidence,
            person=lambda t: _speaker_person(t, session),
            screening=lambda t: session.is_therapist(t) and _asks(t, vocab, session),
            clean=lambda text, third: _clean(text, vocab, third),
        )

    asked_evidence: list[int] = []
    asked_topics: list[str] = []
    denied_topics: list[str] = []
    denial_evidence: list[int] = []
    for turn in session.turns:
        if not session.is_therapist(turn) or not _asks(turn, vocab, session):
            continue
        if not session.addressee_is_focus(turn):
            continue
        question = _screening_text(turn, session, vocab) or turn.norm
        asked_evidence.append(turn.index)
        asked_topics.extend(t for t in _topics(question, vocab) if t not in asked_topics)
        reply = _answer_turn(session, turn.index, vocab)
        if reply is None or not session.is_focus(reply) or _turn_statements(reply, session, vocab):
            continue
        # The answer opens the reply (a bare "No."); later sentences may tell a story.
        if reply.sentences and any_match(vocab.compiled["denial"], reply.sentences[0]):
            denial_evidence.append(reply.index)
            denied_topics.extend(t for t in _topics(question, vocab) if t not in denied_topics)

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
    # Possible risk language, or risk words anywhere in what the client (or a parent) said, leave no
    # denial standing: the screen cannot be sure what was disclosed, so nothing is reported as denied.
    doubt = bool(review_kinds) or _risk_words(session, vocab)
    return RiskFact(
        present=present,
        kinds=tuple(kinds),
        evidence=tuple(sorted(evidence)),
        asked=asked,
        asked_evidence=tuple(asked_evidence),
        asked_topics=tuple(asked_topics),
        denied=asked and not present and not doubt and bool(denial_evidence) and bool(denied_topics),
        denied_topics=tuple(denied_topics) if asked and not doubt else (),
        denied_evidence=tuple(denial_evidence) if asked and not doubt else (),
        safety_plan_reviewed=safety_plan_reviewed,
        review_kinds=tuple(k for k in review_kinds if k not in kinds),
        review_evidence=tuple(sorted(review_evidence - evidence)),
    )
