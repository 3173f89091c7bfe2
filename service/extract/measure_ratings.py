"""In-session ratings: SUDS (subjective units of distress, 0-100 or 0-10, during or about exposures) and
0-10 scaling, importance and confidence questions.

- A rating question opens a series: the instrument is decided by the question's words (a distress
  scale or distress words make it SUDS, a ruler of importance, confidence, mood or progress a scaling
  question, a 0-100 range SUDS); short prompts that follow ("And now?", "Number?", "Same scale?") ask the
  same question again while the series is open. "Which one?" after a two-number answer replaces it.
- The answer is the focus client's next turn: its first valid number, and a later number only when
  words other than hedges introduce it ("after the exercise, a three"), so "forty, maybe forty-five" is one
  rating. In a labelled answer ("intensity eight, anxiety six") only the distress label gives a score.
- Ratings the client gives unasked: "N out of ten", a distress label with a number, and in exposure
  work (the plan lists exposure or the session uses a distress scale) a number said as a rating in a
  turn about practice, even without the word SUDS.
Belief, prediction and probability ratings are never measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.domain.facts import MeasureFact
from service.domain.plan import TreatmentPlan
from service.extract.measure_numbers import next_word, past_spans, score_numbers
from service.extract.measure_vocabulary import MeasureVocabulary, any_match
from service.extract.text import Session, Turn
from service.text.numbers import find_numbers

SUDS = "SUDS"
SCALING = "Scaling question"
# Words that open a condition: a later number after one rates another case ("if the bus is late, a three").
_CONDITIONAL = frozenset({"if", "unless", "otherwise"})
_ANSWER_WORDS = 15  # a rating answer is short: numbers later in a long reply are part of a story
_HOW_DISTRESSED = re.compile(
    r"\bhow (?:anxious|nervous|scared|afraid|upset|uncomfortable|distressed|panicky|tense|stressed)\b"
    r"|\bhow (?:high|bad) (?:is|'s) (?:it|that|the (?:anxiety|fear|distress|discomfort)"
    r"|your (?:anxiety|fear|distress|discomfort))\b"
)
_CLOCK = re.compile(r"\b(?:at|by|until|till|around|after|before|past)\s+(?:like\s+|about\s+|maybe\s+)?$")
# The client placing themself on the session's scale ("I'm at like a seventy"): a rating in exposure work
# even when the turn says nothing else about the practice.
_SELF_PLACED = re.compile(
    r"(?:\b(?:i'm|i am|i'd say i'm|i'd put (?:it|myself)|it's|it is)\s+(?:at|sitting at|around|about)"
    r"|\b(?:down|up|dropped|dropping|risen|rose|fallen|fell|climbed|settled)(?:\s+to|\s+at|,)"
    r")\s+(?:(?:like|maybe|about|around|a|an)\s+)*$"
)
# "I believe it.", "Oh, I believe you.": the therapist affirming, not asking how strongly a thought is held.
_AFFIRMS = re.compile(
    r"^(?:(?:oh|well|yes|yeah|and|i mean|okay|ok),? )*i (?:do |really |totally |completely |fully )?"
    r"believe (?:it|you|that|so|him|her|them)\b[^?]*$"
)
# A ruler asked again asks how much ("And how important?", "What about confidence?"); a request naming
# willingness ("would you be willing to phone her?") wants a yes or no.
_RULER_ASK = re.compile(
    r"\bhow\b|\b(?:what|how) about\b|^(?:(?:and|so|okay|ok),? )*(?:importance|confidence|readiness)\b"
)
_HUNDRED = re.compile(r"\b(?:hundred|100)\b")
_RANGE_TOP = re.compile(
    r"\b(?:zero|0|one|1)\s*(?:-|to|through)\s*(?:ten|10|a hundred|one hundred|100)\b"
    r"|\bout of (?:ten|10|a hundred|one hundred|100)\b"
)
_TEN_SCALE = re.compile(r"\b(?:zero|0|one|1)[- ]to[- ](?:ten|10)\b|\bout of (?:ten|10)\b")
# A rating asked for without a question mark ("Give me your number.", "Tell me your SUDS.").
_REQUEST = re.compile(
    r"\b(?:give me|tell me|let me (?:get|have)|let's (?:get|take|check|hear|go around)|i need|start us off"
    r"|go around|you first)\b"
)
# A question put to every member in turn: the client's answer may come after the others'.
_ROUND = re.compile(
    r"\b(?:each of you|every(?:one|body)|all of you|both of you|you both|you all|you two"
    r"|go(?:ing)? around|round the|start us off|you first)\b"
)
# A question a recogniser closed with a full stop ("... where would you put yourself.").
_ASKS = re.compile(
    r"(?:^|,\s*)(?:(?:so|and|okay|ok|um|uh|now|well),?\s+)*(?:how|what|where|which)\b[^.]*\byou\b"
    r"|\bwhat number\b"
)
# "And you?", "What about you, [CLIENT]?": the same rating question passed to the next member.
_PASS_ON = re.compile(
    r"^(?:(?:and|okay|ok|so|now),? )*(?:\[[a-z_0-9]+\],? )?"
    r"(?:what about|how about|same (?:question|thing) for)? ?"
    r"(?:you|\[[a-z_0-9]+\])(?:,? (?:\[[a-z_0-9]+\]|too))?\?$"
)


@dataclass
class _Question:
    """A rating question waiting for its answer."""

    instrument: str
    index: int
    out_of_session: bool
    clarify: bool = False
    labelled: bool = False  # it asked for several labelled ratings ("intensity, anxiety, similarity")
    top: int | None = None  # the scale's highest point as the question gave it (10 or 100)


class RatingReader:
    """Collects the focus client's ratings in a session."""

    def __init__(
        self,
        session: Session,
        vocab: MeasureVocabulary,
        plan: TreatmentPlan | None,
        covered: frozenset[int] = frozenset(),
    ) -> None:
        self.session = session
        # Turns of a questionnaire read item by item: their numbers answer its items ("distress, three").
        self.covered = covered
        self.vocab = vocab
        self.rq = vocab.rating_question
        self.facts: list[MeasureFact] = []
        self.exposure = self._exposure_work(plan)
        self.scale_top = self._session_scale()

    # ------------------------------------------------------------------ session context

    def _exposure_work(self, plan: TreatmentPlan | None) -> bool:
        """Whether the session is exposure work: the plan lists exposure or SUDS, or the therapist uses a
        distress scale."""
        cr = self.vocab.client_rating
        if plan is not None:
            names = [f"{i.name} {i.modality}" for i in plan.interventions] + [
                m.instrument for m in plan.measures
            ]
            if any(any_match(cr.exposure_plan_re, n.lower()) for n in names):
                return True
        # The therapist naming a distress scale or exposure work itself ("let's start the exposure").
        suds = self.vocab.instrument(SUDS)
        return any(
            self.session.is_therapist(t)
            and (any_match(suds.name_patterns, t.norm) or any_match(cr.exposure_plan_re, t.norm))
            for t in self.session.turns
        )

    def _session_scale(self) -> int | None:
        """100 or 10: the distress scale the therapist uses in this session, if one is said."""
        suds = self.vocab.instrument(SUDS)
        for turn in self.session.turns:
            if not self.session.is_therapist(turn):
                continue
            text = turn.norm
            distress = any_match(suds.name_patterns, text) or any_match(suds.qualifiers_re, text)
            if _HUNDRED.search(text) and (distress or any_match(self.rq.cues_re, text)):
                return 100
            if distress and _TEN_SCALE.search(text):
                return 10
        return None

    # ------------------------------------------------------------------ questions

    def _instrument(self, text: str, last: tuple[str, int] | None, index: int) -> str:
        """SUDS or Scaling question for a rating question (see measures.yaml, rating_question)."""
        suds = self.vocab.instrument(SUDS)
        scaling = self.vocab.instrument(SCALING)
        if any_match(suds.name_patterns, text):
            return SUDS
        if scaling.qualifiers_re and scaling.qualifiers_re[0].search(text):
            return SCALING
        if any_match(suds.qualifiers_re, text):
            return SUDS
        if any_match(scaling.qualifiers_re[1:], text):
            return SCALING
        if _HUNDRED.search(text):
            return SUDS
        if last is not None and index - last[1] <= self.rq.inherit_window:
            return last[0]
        # In exposure work a rating question that names no scaling ruler asks for distress, however it
        # is worded ("if ten is the worst, where are you?"); elsewhere it is a scaling question.
        return SUDS if self.exposure else SCALING

    def _question_text(self, turn: Turn) -> str | None:
        """The therapist turn's text when it asks for a rating, else None."""
        sentences = turn.sentences
        first = next((k for k, s in enumerate(sentences) if any_match(self.rq.cues_re, s)), None)
        if first is None and any_match(self.rq.cues_re, turn.norm):
            first = 0  # a cue spread over two sentences: an earlier rating, then the question
        if first is None and self.exposure:
            # In exposure work "How nervous are you now?" asks for the distress number.
            first = next((k for k, s in enumerate(sentences) if "?" in s and _HOW_DISTRESSED.search(s)), None)
        if first is None:
            return None
        asked = " ".join(sentences[first:])
        closing = sentences[-1]
        if "?" not in turn.norm and not _REQUEST.search(asked) and not _ASKS.search(closing):
            return None
        # A scale defined in an earlier sentence ("ten being ...") qualifies the question that follows.
        return " ".join(sentences)

    def _not_a_measure(self, turn: Turn) -> bool:
        """Whether the turn asks for ratings that are not measures: beliefs, predictions (a fear ladder's
        guesses), probabilities. A remark that affirms what the client said ("I believe it.") asks
        for no belief rating."""
        text = " ".join(s for s in turn.sentences if not _AFFIRMS.match(s))
        return any_match(self.rq.cues_re, turn.norm) and any_match(self.rq.excluded_re, text)

    def _same_ruler(self, turn: Turn, series: _Question) -> bool:
        """Whether a therapist question names a scaling ruler (importance, confidence...) while a scaling
        series is open, without giving the scale again."""
        if series.instrument != SCALING:
            return False
        asked = [s for s in turn.sentences if "?" in s]
        scaling = self.vocab.instrument(SCALING)
        return (
            bool(asked)
            and bool(scaling.qualifiers_re)
            and bool(scaling.qualifiers_re[0].search(asked[-1]))
            and bool(_RULER_ASK.search(asked[-1]))
        )

    def _follow_up(self, turn: Turn) -> bool:
        """Whether a therapist turn is a short prompt repeating the open series' question."""
        questions = [s for s in turn.sentences if "?" in s or any_match(self.rq.follow_ups_re, s)]
        if not questions:
            return False
        last = questions[-1]
        return len(last.split()) <= self.rq.follow_up_words and any_match(self.rq.follow_ups_re, last)

    # ------------------------------------------------------------------ answers

    def _labelled(self, text: str) -> bool:
        """Whether a question asks for several labelled ratings, or for one that is not a measure."""
        words = set(re.findall(r"[a-z]+", text))
        labels = {w for ws in self.rq.labels.values() for w in ws}
        return bool(words & set(self.rq.labels_excluded)) or len(words & labels) >= 2

    @staticmethod
    def _top(text: str) -> int | None:
        """The highest point of the scale a question gives, if it gives one."""
        ranged = _RANGE_TOP.search(text)
        if ranged is not None:
            return 100 if _HUNDRED.search(ranged.group(0)) else 10
        if _HUNDRED.search(text):
            return 100
        return 10 if re.search(r"\b(?:ten|10)\b", text) else None

    def _limit(self, name: str, top: int | None) -> float:
        """The highest score an answer may give: the scale's top, else the instrument's usual one."""
        if top is not None:
            return top
        return self.vocab.instrument(name).max if name == SUDS else 10

    def _answer_scores(self, answer: Turn, question: _Question) -> list[tuple[str, float]]:
        rq = self.rq
        label_words = {w: name for name, words in rq.labels.items() for w in words}
        excluded = set(rq.labels_excluded)
        scores: list[tuple[str, float]] = []
        words_seen = 0
        for sentence in answer.sentences:
            if words_seen >= _ANSWER_WORDS:
                break
            words_seen += len(sentence.split())
            words = re.findall(r"[a-z]+", sentence)
            labelled = question.labelled and any(w in label_words or w in excluded for w in words)
            # About now, "last week it was a four" is a comparison; about practice it is the rating.
            skip = past_spans(sentence, self.vocab, "earlier" if question.out_of_session else "past")
            previous_end = 0
            for n in score_numbers(sentence, self.vocab, skip):
                follower = next_word(sentence, n.end)
                if follower is not None and follower not in self.vocab.answer_followers:
                    continue
                lead = re.findall(r"[a-z']+", sentence[previous_end : n.start])
                previous_end = n.end
                name = question.instrument
                if labelled:
                    before = re.findall(r"[a-z]+", sentence[: n.start])
                    label = next((w for w in reversed(before) if w in label_words or w in excluded), None)
                    if label is None or label in excluded:
                        continue
                    name = label_words[label]
                elif scores and set(lead) & rq.corrections:
                    # "Four. No, actually three.": the client corrects the number just given.
                    scores.pop()
                elif scores and set(lead) & _CONDITIONAL:
                    # "A six. If the bus is late, a three.": a rating under another condition, not the answer.
                    continue
                elif scores and all(w in rq.hedges for w in lead):
                    # "Thirty-five. Maybe thirty." is one rating, said twice.
                    continue
                inst = self.vocab.instrument(name)
                if not inst.accepts(n.value) or n.value > self._limit(name, question.top):
                    continue
                if (name, n.value) in scores:
                    continue
                scores.append((name, n.value))
        return scores

    @staticmethod
    def _no_answer_yet(turn: Turn) -> bool:
        """A reply that defers the rating: a question back, or a short remark without a number."""
        return not find_numbers(turn.norm) and ("?" in turn.norm or len(turn.norm.split()) <= 8)

    def _add(self, name: str, value: float, away: bool, evidence: tuple[int, ...]) -> None:
        self.facts.append(
            MeasureFact(
                instrument=name,
                score=value,
                reported_by="client",
                # A scaling question is asked and answered now, even about the past week.
                administered_in_session=name == SCALING or not away,
                evidence=evidence,
            )
        )

    def _answer(self, answer: Turn, question: _Question) -> bool:
        """Record the answer's ratings; False when the turn gave none."""
        scores = self._answer_scores(answer, question)
        if question.clarify and scores:
            # "Which one?": the answer settles the previous answer's number.
            previous = next((f for f in reversed(self.facts) if f.instrument == scores[0][0]), None)
            if previous is not None:
                self.facts.remove(previous)
                merged = tuple(sorted({*previous.evidence, question.index, answer.index}))
                self._add(scores[0][0], scores[0][1], not previous.administered_in_session, merged)
                return True
        for name, value in scores:
            self._add(name, value, question.out_of_session, (question.index, answer.index))
        return bool(scores)

    # ------------------------------------------------------------------ volunteered ratings

    def _context(self, turn: Turn) -> str:
        previous = next(
            (
                t
                for t in reversed(self.session.turns[max(0, turn.index - 2) : turn.index])
                if self.session.is_therapist(t)
            ),
            None,
        )
        return previous.norm if previous is not None else ""

    def _rating_form(self, sentence: str, start: int, value: float) -> bool:
        """A number said as a rating on the session's distress scale ("like a sixty", "it started at
        seventy"), not a count or a time."""
        if not self.vocab.client_rating.rating_form_re.search(sentence[:start]):
            return False
        if _CLOCK.search(sentence[:start]) and value <= 12:
            return False  # "left at nine": a time
        if self.scale_top == 10:
            return float(value).is_integer() and 0 <= value <= 10
        return 10 <= value <= 100 and value % 5 == 0

    def _hedged_again(self, sentence: str) -> bool:
        """Whether a sentence is only a hedge and a number ("Maybe nine.", "Or seventy, I guess."): after a
        rating in the same turn it restates that rating, as in an answer to a question."""
        numbers = find_numbers(sentence)
        if len(numbers) != 1:
            return False
        rest = sentence[: numbers[0].start] + " " + sentence[numbers[0].end :]
        words = re.findall(r"[a-z']+", rest)
        return bool(words) and all(w in self.rq.hedges for w in words)

    def volunteered(self, turn: Turn, recent_rating: bool) -> bool:
        """Ratings the client gives without a question; True when the turn gave one."""
        context = self._context(turn)
        rq = self.rq
        cr = self.vocab.client_rating
        suds_labels = rq.labels.get(SUDS, ())
        scaling = self.vocab.instrument(SCALING)
        suds = self.vocab.instrument(SUDS)
        talk = f"{turn.norm} {context}"
        practice = self.exposure and (
            recent_rating or any_match(cr.exposure_talk_re, talk) or any_match(suds.qualifiers_re, talk)
        )
        found: list[tuple[str, float]] = []
        for sentence in turn.sentences:
            words = set(re.findall(r"[a-z]+", sentence))
            if words & set(rq.labels_excluded) or any_match(rq.excluded_re, sentence):
                continue
            if found and self._hedged_again(sentence):
                continue  # "It's about a six. Possibly seven.": the rating just given, hedged
            skip = past_spans(sentence, self.vocab, "earlier")
            numbers = [n for n in find_numbers(sentence) if not any(s <= n.start < e for s, e in skip)]
            used: set[int] = set()
            for m in cr.out_of_re.finditer(sentence):
                before = [n for n in numbers if n.end <= m.start() and m.start() - n.end <= 2]
                if before:
                    # Distress words make it SUDS, scaling words (importance, mood...) a scaling answer;
                    # otherwise a rating in exposure work is a distress rating, elsewhere a scaling one.
                    text = f"{sentence} {context}"
                    distress = any_match(suds.name_patterns, text) or any_match(suds.qualifiers_re, text)
                    ruler = any_match(scaling.qualifiers_re, text)
                    if not distress and not ruler and not self.exposure:
                        # Outside exposure work, "N out of ten" with no ruler's words and no question (a
                        # grade remembered, a review of a film) rates nothing of the client's.
                        continue
                    is_scale = not distress and (ruler or not self.exposure)
                    found.append((SCALING if is_scale else SUDS, before[-1].value))
                    used.add(before[-1].start)
            candidates = score_numbers(sentence, self.vocab, skip)
            for label in suds_labels:
                for m in re.finditer(rf"\b{re.escape(label)}\b", sentence):
                    after = [n for n in candidates if m.end() <= n.start <= m.end() + cr.label_window]
                    if after and after[0].start not in used:
                        found.append((SUDS, after[0].value))
                        used.add(after[0].start)
            if not self.exposure:
                continue
            for n in candidates:
                follower = next_word(sentence, n.end)
                if n.start in used or (follower is not None and follower not in self.vocab.answer_followers):
                    continue
                if not practice and not _SELF_PLACED.search(sentence[: n.start]):
                    continue
                if self._rating_form(sentence, n.start, n.value):
                    found.append((SUDS, n.value))
                    used.add(n.start)
        away = any_match(self.vocab.compiled["out_of_session"], f"{turn.norm} {context}")
        seen: set[tuple[str, float]] = set()
        for name, value in found:
            if (name, value) in seen or not self.vocab.instrument(name).accepts(value):
                continue
            seen.add((name, value))
            self._add(name, value, away, (turn.index,))
        return bool(seen)

    # ------------------------------------------------------------------ the session

    def read(self) -> list[MeasureFact]:
        """Answers to rating questions, and ratings the client volunteers, in transcript order."""
        pending: _Question | None = None
        series: _Question | None = None
        last: tuple[str, int] | None = None
        last_volunteered = -100
        quiet_until = -1  # client numbers up to here answer a belief or prediction question
        held: _Question | None = None  # a question the client answered with a question of their own
        for turn in self.session.turns:
            if turn.index in self.covered:
                pending = held = None
                continue
            if self.session.is_therapist(turn):
                question = self._question_text(turn)
                if held is not None and question is None and "?" not in turn.norm:
                    # The therapist explains the scale; the client's next turn still answers it.
                    pending, held = held, None
                    continue
                held = None
                open_series = series is not None and turn.index - series.index <= self.rq.series_window
                if self._not_a_measure(turn):
                    pending = series = None
                    quiet_until = turn.index + self.rq.series_window
                elif question is not None:
                    name = self._instrument(question, last, turn.index)
                    asked = [s for s in turn.sentences if "?" in s] or turn.sentences
                    away = any_match(self.vocab.compiled["out_of_session"], asked[-1])
                    # A short repeat ("Stop. Numbers?") asks for the same labelled ratings as before.
                    labelled = self._labelled(question) or (
                        series is not None
                        and open_series
                        and series.labelled
                        and len(question.split()) <= self.rq.follow_up_words
                    )
                    top = self._top(question) or (series.top if series is not None and open_series else None)
                    pending = series = _Question(name, turn.index, away, labelled=labelled, top=top)
                    if not self.session.addressee_is_focus(turn, asked[-1]) and not _ROUND.search(turn.norm):
                        pending = None  # asked of another member; "And you?" may pass it on
                    elif name == SUDS and away and not self.exposure:
                        # A recalled distress rating is a measure only from a homework exposure.
                        pending = series = None
                    last = (name, turn.index)
                    quiet_until = -1
                elif series is not None and open_series and any_match(self.rq.clarify_re, turn.norm):
                    pending = _Question(
                        series.instrument,
                        turn.index,
                        series.out_of_session,
                        True,
                        series.labelled,
                        series.top,
                    )
                elif series is not None and open_series and self._same_ruler(turn, series):
                    # "And how important is it to you?" right after a ruler: the same scale, asked again.
                    pending = series = _Question(SCALING, turn.index, False, False, False, series.top)
                elif series is not None and open_series and self._follow_up(turn):
                    pending = series = _Question(
                        series.instrument,
                        turn.index,
                        series.out_of_session,
                        False,
                        series.labelled,
                        series.top,
                    )
                    if not self.session.addressee_is_focus(turn):
                        pending = None
                    quiet_until = -1
                elif series is not None and _PASS_ON.match(turn.norm) and turn.index - series.index <= 4:
                    # "And you?" passes the same rating question to the next group member.
                    pending = _Question(
                        series.instrument,
                        turn.index,
                        series.out_of_session,
                        False,
                        series.labelled,
                        series.top,
                    )
                elif "?" in turn.norm:
                    pending = None
                elif any_match(self.rq.cues_re, turn.norm):
                    # A scale announced without a question ("your distress number, zero to a hundred").
                    last = (self._instrument(turn.norm, last, turn.index), turn.index)
                continue
            if pending is not None and turn.speaker in self.session.other_clients:
                continue  # another member answers first; the question stays open for the client
            if pending is not None:
                answered, pending = pending, None
                if self.session.is_focus(turn):
                    if not self._answer(turn, answered) and self._no_answer_yet(turn):
                        held = answered
                    continue
            if self.session.is_focus(turn) and turn.index > quiet_until:
                recent = turn.index - last_volunteered <= self.vocab.client_rating.continuation_window
                if self.volunteered(turn, recent):
                    last_volunteered = turn.index
        return self.facts
