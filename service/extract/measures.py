"""Scores for the focus client this period: questionnaires, PHQ-9 item 9, SUDS and scaling answers.

Three sources, each only ever copying a number that is in the transcript (a score is never computed):
- a questionnaire total stated with its name ("your GAD-7 came out at eleven"), or in a scoring frame
  ("it came out at forty-one") right after the name was mentioned; sentences that compare with an
  earlier score ("last week it was fourteen") are skipped, so chart history is never reported;
- PHQ-9 item 9 read back with its answer ("you marked 'several days'");
- the focus client's answer to a therapist's rating question ("What's your SUDS?" "Like a forty."),
  or a rating the client volunteers ("like a four out of ten"). In a labelled answer ("intensity eight,
  anxiety six") only the anxiety/distress number counts; belief questions are never measures.
In couples and group sessions another member's answer or score is left out; a parent may report a
minor client's questionnaire score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.domain.facts import MeasureFact
from service.extract.text import Session, Turn
from service.extract.vocabulary import Instrument, MeasureVocabulary, any_match
from service.text.numbers import SpokenNumber, find_numbers

SUDS = "SUDS"
SCALING = "Scaling question"
_PLACEHOLDER = re.compile(r"\[[a-z_]+(?:_\d+)?\]")
_RANGE = re.compile(
    r"\b(zero|0|one|1)[- ]to[- ](ten|10|a hundred|one hundred|100)\b"
    r"|\bout of (ten|10|a hundred|one hundred|100)\b"
)
_NUM = r"(?:\d+|[a-z]+(?:-[a-z]+)?)"
_BAND = re.compile(
    rf"\bbetween {_NUM} and {_NUM}\b|\b{_NUM} (?:to|through) {_NUM} (?:range|is|are|means|would be)\b"
)
_FROM_TO = re.compile(rf"\bfrom ({_NUM}) (?:down |up |all the way )?to\b")
_DENOMINATOR = re.compile(rf"\bout of ({_NUM})\b")
_NEXT_WORD = re.compile(r"\s*([a-z0-9'-]+)")
_PAST_VERB = re.compile(r"\b(was|were)\b")
_QUESTIONNAIRE_WINDOW = 3  # utterances an instrument name stays "active" for "it came out at ..."
_REPEAT_WINDOW = 3  # utterances after a score in which a repetition of it is added as evidence
# "And you?", "What about you, [CLIENT]?": the same rating question passed to the next member.
_FOLLOW_UP = re.compile(
    r"^(?:(?:and|okay|ok|so|now),? )*(?:what about|how about)? ?"
    r"(?:you|\[[a-z_0-9]+\])(?:,? (?:\[[a-z_0-9]+\]|too))?\?$"
)
_ANSWER_WORDS = 15  # a rating answer is short: numbers later in a long reply are part of a story


@dataclass
class _Pending:
    """A rating question waiting for its answer."""

    instrument: str
    index: int
    out_of_session: bool


def _mask(sentence: str) -> list[tuple[int, int]]:
    """Spans whose numbers are not scores: placeholders, "zero to ten" scales, score bands ("ten to
    fourteen is moderate", "between ten and fourteen"), denominators ("out of 27"), and the starting
    point of a change ("from fourteen to eleven": eleven stays)."""
    spans = [m.span() for m in _PLACEHOLDER.finditer(sentence)]
    spans += [m.span() for m in _RANGE.finditer(sentence)]
    spans += [m.span() for m in _BAND.finditer(sentence)]
    spans += [m.span(1) for m in _FROM_TO.finditer(sentence)]
    spans += [m.span(1) for m in _DENOMINATOR.finditer(sentence)]
    return spans


def _numbers(sentence: str, skip: list[tuple[int, int]], vocab: MeasureVocabulary) -> list[SpokenNumber]:
    """Numbers in a sentence that could be scores: not inside ``skip``, not followed by a unit."""
    out = []
    for n in find_numbers(sentence):
        if any(s <= n.start < e for s, e in skip):
            continue
        follower = _NEXT_WORD.match(sentence, n.end)
        if follower and follower.group(1) in vocab.units:
            continue
        out.append(n)
    return out


def _opening(sentences: list[str]) -> list[str]:
    """The sentences that start within the first ``_ANSWER_WORDS`` words of a reply."""
    out, words = [], 0
    for sentence in sentences:
        if words >= _ANSWER_WORDS:
            break
        out.append(sentence)
        words += len(sentence.split())
    return out


def _alias_spans(sentence: str, instruments: list[Instrument]) -> list[tuple[int, int, Instrument]]:
    """Instrument names in a sentence, longest first where two overlap."""
    found: list[tuple[int, int, Instrument]] = []
    for inst in instruments:
        for pattern in inst.aliases_re:
            found.extend((m.start(), m.end(), inst) for m in pattern.finditer(sentence))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    # Overlapping names ("the phq" inside "the phq-9") are one mention: the union of their spans, named
    # by the longest.
    merged: list[tuple[int, int, Instrument, int]] = []
    for start, end, inst in found:
        if merged and start < merged[-1][1]:
            m_start, m_end, m_inst, m_len = merged[-1]
            best = (inst, end - start) if end - start > m_len else (m_inst, m_len)
            merged[-1] = (m_start, max(m_end, end), best[0], best[1])
        else:
            merged.append((start, end, inst, end - start))
    return [(s, e, i) for s, e, i, _ in merged]


_CLAUSE = re.compile(r"[,;]\s*|\s+(?=(?:and|but|whereas|while)\b)")
_NOW = re.compile(r"\b(today|this (time|week|morning|session)|now|came out at)\b")


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a sentence, split at commas and coordinating conjunctions."""
    out, start = [], 0
    for m in _CLAUSE.finditer(sentence):
        out.append((start, sentence[start : m.start()]))
        start = m.end()
    out.append((start, sentence[start:]))
    return [(o, c) for o, c in out if c.strip()]


def past_spans(sentence: str, vocab: MeasureVocabulary) -> list[tuple[int, int]]:
    """Clauses that quote an earlier score for comparison ("down from twenty-eight at intake").

    A clause is past when it holds a past marker, or a past verb ("was") together with a comparison word
    or after a past clause in the same sentence ("last month, a little higher, it was eleven"), unless
    it says now ("today", "came out at").
    """
    spans: list[tuple[int, int]] = []
    after_past = False
    for offset, clause in _clauses(sentence):
        marked = any_match(vocab.past_re, clause)
        verb = bool(_PAST_VERB.search(clause))
        past = marked or (verb and (after_past or any_match(vocab.comparison_re, clause)))
        if past and not (marked is False and _NOW.search(clause)):
            spans.append((offset, offset + len(clause)))
            after_past = True
    return spans


class _Builder:
    """Collects measure facts for one session."""

    def __init__(self, session: Session, vocab: MeasureVocabulary) -> None:
        self.session = session
        self.vocab = vocab
        self.facts: list[MeasureFact] = []
        self.questionnaires = [i for i in vocab.instruments if i.kind == "questionnaire"]
        self.items = [i for i in vocab.instruments if i.kind == "item"]

    # ------------------------------------------------------------------ questionnaires and items

    def _role(self, turn: Turn) -> str | None:
        """Who reports a score in this turn, or None when the turn cannot report the client's score."""
        if self.session.is_therapist(turn):
            return "therapist"
        if self.session.is_focus(turn):
            return "client"
        if turn.speaker in self.session.parents:
            return "parent"
        return None

    def _add_questionnaire(
        self, inst: Instrument, value: float, turn: Turn, role: str, sentence: str
    ) -> None:
        if not inst.accepts(value):
            return
        elsewhere = any_match(self.vocab.other_provider_re, sentence) or (
            role != "therapist" and any_match(self.vocab.other_provider_re, turn.norm)
        )
        for i, fact in enumerate(self.facts):
            if fact.instrument == inst.name and fact.score == value:
                merged = tuple(sorted({*fact.evidence, turn.index}))
                self.facts[i] = fact.model_copy(update={"evidence": merged})
                return
        self.facts.append(
            MeasureFact(
                instrument=inst.name,
                score=value,
                reported_by=role,
                administered_in_session=not elsewhere,
                evidence=(turn.index,),
            )
        )

    def questionnaires_and_items(self) -> None:
        """Totals said with (or right after) an instrument's name, and PHQ-9 item 9 answers."""
        active: tuple[Instrument, int] | None = None
        for turn in self.session.turns:
            role = self._role(turn)
            if role is None:
                continue
            sentences = turn.sentences
            for k, sentence in enumerate(sentences):
                if role == "therapist" and not self.session.addressee_is_focus(turn, sentence):
                    continue
                self._item(turn, role, sentences, k)
                spans = _alias_spans(sentence, self.questionnaires)
                if spans:
                    active = (spans[-1][2], turn.index)
                skip = _mask(sentence) + [(s, e) for s, e, _ in spans] + past_spans(sentence, self.vocab)
                numbers = _numbers(sentence, skip, self.vocab)
                if not numbers:
                    continue
                if spans:
                    for n in numbers:
                        before = [sp for sp in spans if sp[1] <= n.start]
                        inst = before[-1][2] if before else spans[0][2]
                        self._add_questionnaire(inst, n.value, turn, role, sentence)
                elif (
                    active is not None
                    and turn.index - active[1] <= _QUESTIONNAIRE_WINDOW
                    and any_match(self.vocab.current_re, sentence)
                ):
                    for n in numbers[:1]:
                        self._add_questionnaire(active[0], n.value, turn, role, sentence)

    def _item(self, turn: Turn, role: str, sentences: list[str], k: int) -> None:
        """An item score read back with its answer phrase (or number), or the client's spoken answer."""
        sentence = sentences[k]
        for inst in self.items:
            match = next((m for p in inst.aliases_re if (m := p.search(sentence))), None)
            if match is None:
                continue
            rest = " ".join([sentence[match.end() :], *sentences[k + 1 : k + 2]])
            value = next((v for p, v in inst.answers_re if p.search(rest)), None)
            if value is None:
                numbers = _numbers(sentence[match.end() :], _mask(sentence[match.end() :]), self.vocab)
                value = int(numbers[0].value) if numbers and inst.accepts(numbers[0].value) else None
            evidence = turn.index
            reporter = role
            if value is None and role == "therapist" and "?" in sentence:
                # The item asked aloud ("how often have you been bothered by thoughts...?"): the answer
                # is the client's.
                reply = self.session.next_reply(turn.index)
                if reply is not None and self.session.is_focus(reply):
                    value = next((v for p, v in inst.answers_re if p.search(reply.norm)), None)
                    evidence, reporter = reply.index, "client"
            if value is None or any(f.instrument == inst.name for f in self.facts):
                continue
            self.facts.append(
                MeasureFact(
                    instrument=inst.name,
                    score=value,
                    reported_by=reporter,
                    administered_in_session=True,
                    evidence=tuple(sorted({turn.index, evidence})),
                )
            )

    # ------------------------------------------------------------------ ratings

    def _rating_instrument(self, text: str, last: tuple[str, int] | None, index: int) -> str:
        """SUDS or Scaling question for a rating question (see measures.yaml, rating_question)."""
        suds = self.vocab.instrument(SUDS)
        scaling = self.vocab.instrument(SCALING)
        if any_match(suds.aliases_re, text):
            return SUDS
        if scaling.qualifiers_re and scaling.qualifiers_re[0].search(text):
            return SCALING
        if any_match(suds.qualifiers_re, text):
            return SUDS
        if any_match(scaling.qualifiers_re[1:], text):
            return SCALING
        if re.search(r"\b(hundred|100)\b", text):
            return SUDS
        if last is not None and index - last[1] <= self.vocab.rating_question.inherit_window:
            return last[0]
        return SCALING

    def _question_text(self, turn: Turn) -> str | None:
        """The part of a therapist turn that asks for a rating, or None when it asks for none."""
        rq = self.vocab.rating_question
        sentences = turn.sentences
        first = next((k for k, s in enumerate(sentences) if any_match(rq.cues_re, s)), None)
        if first is None:
            return None
        text = " ".join(sentences[first:])
        if "?" not in text and "?" not in turn.norm:
            return None
        if any_match(rq.excluded_re, text):
            return None
        # A scale defined in an earlier sentence ("ten being ...") qualifies the question that follows.
        return " ".join(sentences)

    def _answer_scores(self, answer: Turn, instrument: str) -> list[tuple[str, float]]:
        rq = self.vocab.rating_question
        label_words = {w: name for name, words in rq.labels.items() for w in words}
        excluded = set(rq.labels_excluded)
        scores: list[tuple[str, float]] = []
        for sentence in _opening(answer.sentences):
            words = re.findall(r"[a-z]+", sentence)
            labelled = any(w in label_words or w in excluded for w in words)
            for n in _numbers(sentence, _mask(sentence), self.vocab):
                follower = _NEXT_WORD.match(sentence, n.end)
                if follower and follower.group(1) not in self.vocab.answer_followers:
                    continue
                name = instrument
                if labelled:
                    before = re.findall(r"[a-z]+", sentence[: n.start])
                    label = next((w for w in reversed(before) if w in label_words or w in excluded), None)
                    if label is None or label in excluded:
                        continue
                    name = label_words[label]
                inst = self.vocab.instrument(name)
                if inst.accepts(n.value) and (name, n.value) not in scores:
                    scores.append((name, n.value))
        return scores

    def ratings(self) -> None:
        """Answers to rating questions, and ratings the client volunteers."""
        pending: _Pending | None = None
        asked_at: _Pending | None = None
        last: tuple[str, int] | None = None
        for turn in self.session.turns:
            if self.session.is_therapist(turn):
                question = self._question_text(turn)
                if question is not None:
                    name = self._rating_instrument(question, last, turn.index)
                    asked = [s for s in turn.sentences if "?" in s] or turn.sentences
                    away = any_match(self.vocab.out_of_session_re, asked[-1])
                    pending = _Pending(name, turn.index, away)
                    last = (name, turn.index)
                    asked_at = pending
                elif (
                    asked_at is not None and _FOLLOW_UP.match(turn.norm) and turn.index - asked_at.index <= 4
                ):
                    # "And you?" passes the same rating question to the next group member.
                    pending = _Pending(asked_at.instrument, turn.index, asked_at.out_of_session)
                elif "?" in turn.norm:
                    pending = None
                elif any_match(self.vocab.rating_question.cues_re, turn.norm):
                    # A scale announced without a question ("your distress number, zero to a hundred").
                    last = (self._rating_instrument(turn.norm, last, turn.index), turn.index)
                continue
            if pending is not None:
                answered, pending = pending, None
                if self.session.is_focus(turn):
                    self._add_answers(turn, answered)
                    continue
            if self.session.is_focus(turn):
                self._volunteered(turn)

    def _add_answers(self, answer: Turn, question: _Pending) -> None:
        # Only the question decides: an answer naming a weekday ("after Saturday, ten") is still today's.
        away = question.out_of_session
        for name, value in self._answer_scores(answer, question.instrument):
            self.facts.append(
                MeasureFact(
                    instrument=name,
                    score=value,
                    reported_by="client",
                    # A scaling question is asked and answered now, even about the past week.
                    administered_in_session=name == SCALING or not away,
                    evidence=(question.index, answer.index),
                )
            )

    def _volunteered(self, turn: Turn) -> None:
        """ "Like a four out of ten", "anxiety maybe a five": ratings given without a question.

        The therapist's turn just before gives context ("How was your mood before and after?").
        """
        previous = next(
            (
                t
                for t in reversed(self.session.turns[max(0, turn.index - 2) : turn.index])
                if self.session.is_therapist(t)
            ),
            None,
        )
        context = previous.norm if previous is not None else ""
        rq = self.vocab.rating_question
        cr = self.vocab.client_rating
        suds_labels = rq.labels.get(SUDS, ())
        scaling = self.vocab.instrument(SCALING)
        suds = self.vocab.instrument(SUDS)
        found: list[tuple[str, float]] = []
        for sentence in turn.sentences:
            words = set(re.findall(r"[a-z]+", sentence))
            if words & set(rq.labels_excluded) or any_match(rq.excluded_re, sentence):
                continue
            numbers = find_numbers(sentence)
            for m in cr.out_of_re.finditer(sentence):
                before = [n for n in numbers if n.end <= m.start() and m.start() - n.end <= 2]
                if before:
                    # Distress words make it SUDS, scaling words (importance, mood...) a scaling answer;
                    # a bare "four out of ten" about an episode is a distress rating.
                    text = f"{sentence} {context}"
                    distress = any_match(suds.aliases_re, text) or any_match(suds.qualifiers_re, text)
                    is_scale = not distress and any_match(scaling.qualifiers_re, text)
                    found.append((SCALING if is_scale else SUDS, before[-1].value))
            for label in suds_labels:
                for m in re.finditer(rf"\b{re.escape(label)}\b", sentence):
                    after = [
                        n
                        for n in _numbers(sentence, _mask(sentence), self.vocab)
                        if m.end() <= n.start <= m.end() + cr.label_window
                    ]
                    if after:
                        found.append((SUDS, after[0].value))
        away = any_match(self.vocab.out_of_session_re, f"{turn.norm} {context}")
        seen: set[tuple[str, float]] = set()
        for name, value in found:
            if (name, value) in seen or not self.vocab.instrument(name).accepts(value):
                continue
            seen.add((name, value))
            self.facts.append(
                MeasureFact(
                    instrument=name,
                    score=value,
                    reported_by="client",
                    administered_in_session=not away,
                    evidence=(turn.index,),
                )
            )

    # ------------------------------------------------------------------ evidence

    def add_repetitions(self) -> None:
        """A questionnaire score repeated in the next few lines ("Seventeen. Okay...") joins its evidence."""
        kinds = {i.name: i.kind for i in self.vocab.instruments}
        for k, fact in enumerate(self.facts):
            if kinds.get(fact.instrument) != "questionnaire":
                continue
            first = fact.evidence[0]
            extra = {
                turn.index
                for turn in self.session.turns[first + 1 : first + 1 + _REPEAT_WINDOW]
                if (self.session.is_therapist(turn) or self.session.is_focus(turn))
                and any(
                    n.value == fact.score
                    for s in turn.sentences
                    for n in _numbers(s, _mask(s) + past_spans(s, self.vocab), self.vocab)
                )
            }
            if extra:
                self.facts[k] = fact.model_copy(update={"evidence": tuple(sorted({*fact.evidence, *extra}))})


def extract_measures(session: Session, vocab: MeasureVocabulary) -> list[MeasureFact]:
    """Every score for the focus client this period, in transcript order."""
    builder = _Builder(session, vocab)
    builder.questionnaires_and_items()
    builder.add_repetitions()
    builder.ratings()
    return sorted(builder.facts, key=lambda f: f.evidence[0])
