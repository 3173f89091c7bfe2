"""Scores for the focus client this period: questionnaire totals, PHQ-9 item 9, SUDS and scaling answers.

A number is copied from the transcript, never computed, except the total of a questionnaire read item by
item when every item was answered (:mod:`service.extract.measure_items`). Sources:
- a questionnaire total said with the instrument's name, title, construct ("the depression
  questionnaire") or length ("the seven-item one"), resolved against the plan
  (:mod:`service.extract.measure_mentions`); or said in a scoring frame ("you scored", "the total
  is") within a few turns after the instrument was named;
- PHQ-9 item 9 read back with its answer, or asked by its content and answered;
- ratings (:mod:`service.extract.measure_ratings`).
Left out, as the cases README defines: clauses that quote an earlier score for comparison (this clinic's
chart, or another provider's result for an earlier period), scores of another person (a spouse, another
group member, a parent's own), and numbers without an instrument. A score the client brings from another
provider for this period is kept with ``administered_in_session`` false.
"""

from __future__ import annotations

import re
from datetime import date

from service.domain.facts import MeasureFact
from service.domain.plan import TreatmentPlan
from service.extract.measure_items import ItemReader, reading_facts
from service.extract.measure_mentions import InstrumentResolver, Mention, owner
from service.extract.measure_numbers import clauses, masked_spans, past_spans, score_numbers
from service.extract.measure_ratings import RatingReader
from service.extract.measure_vocabulary import Instrument, MeasureVocabulary, any_match
from service.extract.text import CLIENT_PLACEHOLDER, Session, Turn
from service.text.numbers import SpokenNumber, find_numbers

_QUESTIONNAIRE_WINDOW = 3  # turns after a name in which a scoring frame ("you scored") gives its score
# ... and in which a total said as one ("that adds up to eleven", "your total is nine") gives it: the form
# may be filled in, in silence, and read back some turns after it was handed over.
_TOTAL_WINDOW = 8
# ... and, in a turn that scores it, however long after it was handed over, while no other is named.
_LATE_WINDOW = 90
_TOTAL_GAP = 12  # characters between a total frame ("adds up to") and the total
_LIST = 3  # this many numbers in a sentence, none of them after a total frame, are item answers
_ITEM_WINDOW = 6  # turns after a name in which its item 9 may be read back by position ("the last one")
_REPEAT_WINDOW = 3  # turns after a score in which a repetition of it is added as evidence
_HINT_WINDOW = 4  # turns around "the questionnaire" whose item read-backs say which one it was
_READ_BACK = ("item", "question", "marked", "circled", "answered", "put ", "checked", "chose", "picked")
# "And you?", "What about you?": the question just asked of another member, passed to the client.
_PASSED_ON = re.compile(r"^(?:(?:and|okay|ok|so|now|thanks),? )*(?:what about|how about)? ?you(?:rs)?\?$")
_WAS = re.compile(r"\b(?:was|were)\b")
_ON = re.compile(r"\s+(?:on|for|in)\s+(?:the|your|his|her|their|my)?\s*")
_NAMED = re.compile(r"\[(client|person_\d+)\]")


def _for_another(sentence: str, position: int) -> bool:
    """Whether the last person named before ``position`` is someone other than the client (two partners'
    scores given in one sentence, each after a name)."""
    named = [m.group(1) for m in _NAMED.finditer(sentence[:position])]
    return bool(named) and named[-1] != "client"


def _totals_only(sentence: str, numbers: list[SpokenNumber], vocab: MeasureVocabulary) -> list[SpokenNumber]:
    """The numbers of a sentence that can be totals. Items read back before their sum ("a two, a one, a
    three... so that adds up to six") are not: when a total frame is followed by a number, only such
    numbers are; a list of numbers with no total frame is a list of item answers."""
    if len(numbers) < 2:
        return numbers
    after = [
        n
        for p in vocab.compiled["total"]
        for m in p.finditer(sentence)
        for n in numbers
        if 0 <= n.start - m.end() <= _TOTAL_GAP
    ]
    after += [n for n in numbers if vocab.compiled["total_suffix"][0].match(sentence, n.end)]
    if after:
        return sorted(set(after), key=lambda n: n.start)
    return [] if len(numbers) >= _LIST else numbers


def _subscale(
    inst: Instrument, sentence: str, mention: Mention, n: SpokenNumber, numbers: list[SpokenNumber]
) -> bool:
    """Whether the words leading to ``n`` (since the instrument's name or the number before) name one of
    its subscales ("obsessions at twelve", "the stress scale, fourteen"): a subscale's score is not the
    total."""
    start = max([mention.end, *(m.end for m in numbers if m.end <= n.start)])
    return any_match(inst.subscales_re, sentence[start : n.start])


class _Builder:
    """Collects questionnaire and item facts for one session."""

    def __init__(self, session: Session, vocab: MeasureVocabulary, resolver: InstrumentResolver) -> None:
        self.session = session
        self.vocab = vocab
        self.resolver = resolver
        self.facts: list[MeasureFact] = []
        # Items of another version of a questionnaire (PHQ-A item 9): not measures, but risk reads them.
        self.version_items: list[MeasureFact] = []
        self.items = [i for i in vocab.instruments if i.kind == "item"]
        self.covered: set[int] = set()

    def _role(self, turn: Turn) -> str | None:
        """Who reports a score in this turn, or None when the turn cannot report the client's score."""
        if self.session.is_therapist(turn):
            return "therapist"
        if self.session.is_focus(turn):
            return "client"
        if turn.speaker in self.session.parents:
            return "parent"
        return None

    def _belongs_to_client(self, role: str, whose: str | None) -> bool:
        """Whether a score said by ``role`` with this owner is the focus client's."""
        if role == "client":
            return whose not in ("third", "second")
        if whose == "second":
            return True
        if role == "parent":
            return whose != "first"
        return whose != "third" or self.session.has_parent

    def add(self, fact: MeasureFact) -> None:
        """Add a fact, merging the evidence of a questionnaire score already found."""
        for i, known in enumerate(self.facts):
            if known.instrument == fact.instrument and known.score == fact.score:
                merged = tuple(sorted({*known.evidence, *fact.evidence}))
                self.facts[i] = known.model_copy(update={"evidence": merged})
                return
        self.facts.append(fact)

    # ------------------------------------------------------------------ totals

    def _hint(self, index: int) -> tuple[str, ...]:
        """Instruments whose items the therapist reads back near ``index`` ("the last item, about...")."""
        names: list[str] = []
        for turn in self.session.turns[max(0, index - _HINT_WINDOW) : index + _HINT_WINDOW + 1]:
            if not self.session.is_therapist(turn):
                continue
            for sentence in turn.sentences:
                if not any(w in sentence for w in _READ_BACK):
                    continue
                for inst in self.vocab.questionnaires:
                    if any_match(inst.item_cues_re, sentence) and inst.name not in names:
                        names.append(inst.name)
        return tuple(names)

    def _resolve(self, mention: Mention, index: int) -> Instrument | None:
        name = mention.instrument
        if name is None and mention.generic:
            name = self.resolver.generic(self._hint(index))
        return self.vocab.instrument(name) if name is not None else None

    def _add_total(self, inst: Instrument, value: float, turn: Turn, role: str, sentence: str) -> None:
        if not inst.accepts(value):
            return
        elsewhere = any_match(self.vocab.compiled["other_provider"], sentence) or (
            role != "therapist" and any_match(self.vocab.compiled["other_provider"], turn.norm)
        )
        self.add(
            MeasureFact(
                instrument=inst.name,
                score=value,
                reported_by=role,
                administered_in_session=not elsewhere,
                evidence=(turn.index,),
            )
        )

    def _past(
        self, sentence: str, turn: Turn, role: str, previous: str | None = None
    ) -> list[tuple[int, int]]:
        c = self.vocab.compiled
        other = any_match(c["other_provider"], sentence) or (
            role != "therapist" and any_match(c["other_provider"], turn.norm)
        )
        markers = "earlier" if other else "past"
        spans = past_spans(sentence, self.vocab, markers)
        # "She had me do one back in June. I was a twenty-one.": a sentence in the past tense, without a
        # word for now, goes on about the earlier time the sentence before it named.
        if (
            previous is not None
            and any_match(c[markers], previous)
            and _WAS.search(sentence)
            and not any_match(c["now"], sentence)
        ):
            spans.append((0, len(sentence)))
        return spans

    def _unprompted(self, turn: Turn) -> bool:
        """Whether the client speaks without a question pending: the therapist's last turn (other
        members' turns aside) asked nothing ("Thanks for sharing." in a round of scores)."""
        for previous in reversed(self.session.turns[max(0, turn.index - _QUESTIONNAIRE_WINDOW) : turn.index]):
            if previous.speaker in self.session.other_clients:
                continue
            return self.session.is_therapist(previous) and "?" not in previous.norm
        return False

    def _item_spans(self, sentence: str) -> list[tuple[int, int]]:
        """From an item reference ("question nine", an item's content) to the sentence's end: numbers
        there answer the item, not the total."""
        starts = [m.start() for m in self.vocab.compiled["item_reference"][0].finditer(sentence)]
        for inst in self.items:
            starts += [m.start() for p in inst.name_patterns for m in p.finditer(sentence)]
        if not starts:
            return []
        # The answer may come before the item in its clause ("you marked a zero on the last item").
        first = min(starts)
        opening = max((o for o, _ in clauses(sentence) if o <= first), default=first)
        return [(opening, len(sentence))]

    def _bare(self, sentence: str) -> bool:
        """Whether a sentence says a number and nothing else ("Okay. Twelve.", "So you're at a nine")."""
        words = re.findall(r"[a-z']+", sentence)
        spoken = {
            w for n in find_numbers(sentence) for w in re.findall(r"[a-z']+", sentence[n.start : n.end])
        }
        return bool(words) and all(w in self.vocab.bare_score_words or w in spoken for w in words)

    def _asked_score(self, turn: Turn) -> bool:
        """Whether the therapist's last turn asked for a questionnaire's score, with other members'
        answers in between or passed on to the client ("And you?") after one of them answered."""
        earlier = [t for t in self.session.turns[max(0, turn.index - _QUESTIONNAIRE_WINDOW) : turn.index]]
        for previous in reversed(earlier):
            if previous.speaker in self.session.other_clients:
                continue
            if not self.session.is_therapist(previous):
                return False
            if any_match(self.vocab.compiled["score_question"], previous.norm):
                return not past_spans(previous.norm, self.vocab)
            if not _PASSED_ON.match(previous.norm):
                return False
        return False

    def _narrows(self, mention: Mention, active: tuple[Mention, int, str | None] | None, index: int) -> bool:
        """Whether an unresolved reference ("the seven questions", "the questionnaire") just after a
        resolved one is that same instrument spoken of again: it keeps the instrument named before."""
        if mention.instrument is not None or active is None or index - active[1] > _QUESTIONNAIRE_WINDOW:
            return False
        named = active[0].instrument
        return named is not None and (mention.generic or named in mention.candidates)

    def _to_focus(self, turn: Turn, sentence: str) -> bool:
        """Whether a therapist sentence speaks to the focus client. In a group, a turn answering another
        member's question ("what did I get?") speaks to that member unless it names the client."""
        if not self.session.addressee_is_focus(turn, sentence):
            return False
        previous = self.session.turns[turn.index - 1] if turn.index > 0 else None
        if previous is None or previous.speaker not in self.session.other_clients or "?" not in previous.norm:
            return True
        return CLIENT_PLACEHOLDER in sentence

    def _scored_later(self, turn: Turn, sentence: str, mention: Mention, bare: bool) -> bool:
        """Whether a therapist turn scores the questionnaire handed over earlier ("time to total it...
        you landed on eleven", "The forms are scored now. Yours: twenty."): the turn speaks of
        scoring, the sentence is the score said alone or in a scoring frame, no rating is being asked for,
        and that questionnaire has no score yet (``active`` already ensures none was named since)."""
        c = self.vocab.compiled
        if not any_match(c["late_score"], turn.norm):
            return False
        if any_match(self.vocab.rating_question.cues_re, turn.norm):
            return False
        if not (bare or any_match(c["late_score"], sentence) or any_match(c["total"], sentence)):
            return False
        inst = self._resolve(mention, turn.index)
        return (
            inst is not None
            and inst.kind == "questionnaire"
            and not any(f.instrument == inst.name for f in self.facts)
        )

    def totals(self) -> None:
        """Totals said with an instrument's name, or in a scoring frame a few turns after it."""
        active: tuple[Mention, int, str | None] | None = None
        for turn in self.session.turns:
            role = self._role(turn)
            if role is None:
                # Another member naming a questionnaire ("I did the PHQ-9 too") still opens the talk about
                # it; what that member then says about it is theirs.
                for sentence in turn.sentences:
                    named = self.resolver.mentions(sentence)
                    if named and named[-1].instrument is not None:
                        active = (named[-1], turn.index, "third")
                continue
            for k, sentence in enumerate(turn.sentences):
                mentions = self.resolver.mentions(sentence)
                if mentions:
                    last = mentions[-1]
                    if not self._narrows(last, active, turn.index):
                        active = (last, turn.index, owner(sentence[: last.start], self.vocab))
                if turn.index in self.covered:
                    continue
                if role == "therapist" and not self._to_focus(turn, sentence):
                    continue
                previous = turn.sentences[k - 1] if k else None
                skip = [(m.start, m.end) for m in mentions] + self._past(sentence, turn, role, previous)
                numbers = score_numbers(sentence, self.vocab, skip + self._item_spans(sentence))
                if not numbers:
                    continue
                numbers = [n for n in numbers if not _for_another(sentence, n.start)]
                if len(mentions) <= 1:
                    # Several instruments named in one sentence each take their own number.
                    numbers = _totals_only(sentence, numbers, self.vocab)
                if not numbers:
                    continue
                if mentions:
                    for n in numbers:
                        before = [m for m in mentions if m.end <= n.start]
                        # "Thirteen on the PHQ-9 and ten on the GAD-7": a number said just before "on
                        # the <name>" is that instrument's.
                        after = [
                            m
                            for m in mentions
                            if m.start >= n.end and _ON.fullmatch(sentence[n.end : m.start])
                        ]
                        mention = after[0] if after else before[-1] if before else mentions[0]
                        inst = self._resolve(mention, turn.index)
                        # The words since the number before say whose this one is ("..., and yours was
                        # ten"), else those before the instrument's name.
                        since = max([0, *(m.end for m in numbers if m.end <= n.start)])
                        whose = (
                            owner(sentence[since : n.start], self.vocab)
                            or owner(sentence[: mention.start], self.vocab)
                            or owner(sentence[: n.start], self.vocab)
                        )
                        if inst is None or _subscale(inst, sentence, mention, n, numbers):
                            continue
                        if self._belongs_to_client(role, whose):
                            self._add_total(inst, n.value, turn, role, sentence)
                    continue
                window = (
                    _TOTAL_WINDOW
                    if any_match(self.vocab.compiled["total"], sentence)
                    else _QUESTIONNAIRE_WINDOW
                )
                if active is None:
                    continue
                bare = role == "therapist" and self._bare(sentence)
                if turn.index - active[1] > window:
                    if not (role == "therapist" and self._scored_later(turn, sentence, active[0], bare)):
                        continue
                    if turn.index - active[1] > _LATE_WINDOW:
                        continue
                framed = any_match(self.vocab.compiled["current"], sentence)
                answered = role != "therapist" and k == 0 and self._asked_score(turn)
                # A client sharing the number unasked, as the first thing said ("Forty-six."), while the
                # questionnaire is being talked about (scores handed back in a group round).
                shared = role == "client" and k == 0 and self._bare(sentence) and self._unprompted(turn)
                if framed or bare or answered or shared:
                    inst = self._resolve(active[0], turn.index)
                    whose = owner(sentence[: numbers[0].start], self.vocab) or active[2]
                    # "Obsessions alone were eleven": a subscale's sum is not the total.
                    half = inst is not None and any_match(inst.subscales_re, sentence[: numbers[0].start])
                    if inst is not None and not half and self._belongs_to_client(role, whose):
                        self._add_total(inst, numbers[0].value, turn, role, sentence)
                        # The talk is still about this instrument: its window starts again.
                        active = (active[0], turn.index, active[2])

    # ------------------------------------------------------------------ items read back

    def _named_recently(self, index: int) -> list[str | None]:
        """Questionnaires named in the last few turns (None for "the questionnaire"), latest last."""
        names: list[str | None] = []
        for turn in self.session.turns[max(0, index - _ITEM_WINDOW) : index + 1]:
            for sentence in turn.sentences:
                for m in self.resolver.mentions(sentence):
                    names.append(m.instrument or (self.resolver.generic() if m.generic else None))
        return names

    def items_read_back(self) -> None:
        """An item read back with its answer (the item's content, then the option the client chose), or
        asked by its content with the questionnaire's frame and answered by the client."""
        for turn in self.session.turns:
            if turn.index in self.covered or not self.session.is_therapist(turn):
                continue
            if not self.session.addressee_is_focus(turn):
                continue
            sentences = turn.sentences
            for k in range(len(sentences)):
                for inst in self.items:
                    self._item(inst, turn, sentences, k)

    def _item(self, inst: Instrument, turn: Turn, sentences: list[str], k: int) -> None:
        sentence = sentences[k]
        match = next((m for p in inst.name_patterns if (m := p.search(sentence))), None)
        if match is None or any(f.instrument == inst.name for f in self.facts):
            return
        named = self._named_recently(turn.index)
        target = self.facts
        if inst.parent not in named and any(n is not None for n in named):
            # The item of another questionnaire: a PHQ-A's last item is not PHQ-9 item 9, but the same
            # question in the adolescent version is kept for the risk screen.
            versions = {i.name for i in self.vocab.versions(self.vocab.instrument(inst.parent or ""))}
            if not versions & set(named) or any(f.instrument == inst.name for f in self.version_items):
                return
            target = self.version_items
        by_content = any_match(self.vocab.instrument(inst.parent or "").item_cues_re[-1:], sentence)
        if not by_content and not named:
            return  # "the last question" of no questionnaire in particular
        # The answer may come before the item ("you put a one on question nine") or after it.
        text = " ".join([sentence[: match.start()], "|", sentence[match.end() :], *sentences[k + 1 : k + 2]])
        options = self.vocab.options_re[inst.options] if inst.options else ()
        value = next((float(v) for p, v in options if p.search(text)), None)
        evidence, reporter = turn.index, "therapist"
        if value is None:
            named_spans = [(m.start, m.end) for m in self.resolver.mentions(text)]
            numbers = score_numbers(text, self.vocab, masked_spans(text) + named_spans)
            after = [n for n in numbers if n.start > match.start() + 2]
            near = after[:1] or numbers[-1:]
            value = near[0].value if near and inst.accepts(near[0].value) else None
        if value is None and "?" in sentence and named:
            # The item asked aloud after its questionnaire was named: the answer is the client's.
            reply = self.session.next_reply(turn.index)
            if reply is not None and self.session.is_focus(reply):
                value = next((float(v) for p, v in options if p.search(reply.norm)), None)
                evidence, reporter = reply.index, "client"
        if value is None or not inst.accepts(value):
            return
        target.append(
            MeasureFact(
                instrument=inst.name,
                score=value,
                reported_by=reporter,
                administered_in_session=True,
                evidence=tuple(sorted({turn.index, evidence})),
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
                    for n in score_numbers(s, self.vocab, past_spans(s, self.vocab))
                )
            }
            if extra:
                self.facts[k] = fact.model_copy(update={"evidence": tuple(sorted({*fact.evidence, *extra}))})


def extract_measures(
    session: Session,
    vocab: MeasureVocabulary,
    plan: TreatmentPlan | None = None,
    session_date: date | None = None,
) -> list[MeasureFact]:
    """Every score for the focus client this period, in transcript order.

    ``plan`` resolves a questionnaire called by what it measures or "the questionnaire" (its measures,
    and which are due on ``session_date``) and tells whether the session is exposure work.
    """
    return measures_and_version_items(session, vocab, plan, session_date)[0]


def measures_and_version_items(
    session: Session,
    vocab: MeasureVocabulary,
    plan: TreatmentPlan | None = None,
    session_date: date | None = None,
) -> tuple[list[MeasureFact], list[MeasureFact]]:
    """(measures, version items): the scores of :func:`extract_measures`, and the answers to an item
    reported on its own (PHQ-9 item 9) given in another version of its questionnaire (the PHQ-A's
    identical last item). Those are not measures of the cases' vocabulary, but a risk screen must read
    them: an adolescent who marks that item has endorsed it, whichever version was used."""
    resolver = InstrumentResolver(vocab, plan, session_date)
    builder = _Builder(session, vocab, resolver)
    for reading in ItemReader(session, vocab, resolver).readings():
        builder.covered |= set(range(reading.first_turn, reading.last_turn + 1))
        facts, version_items = reading_facts(reading, vocab)
        for fact in facts:
            builder.add(fact)
        builder.version_items.extend(version_items)
    builder.totals()
    builder.items_read_back()
    builder.add_repetitions()
    ratings = RatingReader(session, vocab, plan, frozenset(builder.covered)).read()
    measures = sorted([*builder.facts, *ratings], key=lambda f: f.evidence[0])
    return measures, builder.version_items
