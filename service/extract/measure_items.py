"""A questionnaire read aloud item by item: each item's answer, and the total.

A reading starts where the therapist reads an item of an instrument (its published content, ``item_cues``
in measures.yaml) while that instrument was just named, or its response options were just listed, or a
second item of it follows within a few turns. Each answer is the last valid item score said between one
item and the next (a number in the item range, or a response option such as "several days"), by the
client, a parent, or the therapist scoring it ("that's a two"). The reading ends with a total statement,
another instrument's name, or a pause in item talk.

The total is copied from what is said once the items are done (the number right after "total" or "adds up
to"); the sum of the items is used only when every item was answered, and then only if no different
total is said. A subscale's sum (the Y-BOCS obsessions half) is never the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.domain.facts import MeasureFact
from service.extract.measure_mentions import InstrumentResolver, Mention
from service.extract.measure_numbers import past_spans, score_numbers
from service.extract.measure_vocabulary import Instrument, MeasureVocabulary, any_match
from service.extract.text import Session, Turn

_CONTEXT_TURNS = 4  # a reading starts this close after the instrument is named or its options listed
_LOOKAHEAD_TURNS = 4  # ... or when a second item of it is read this soon
_QUIET_TURNS = 3  # turns without item talk that end a reading
_ANSWER_SENTENCES = 3  # an answer is in the first sentences of a turn
_TOTAL_TURNS = 3  # turns after the last item in which the total is said
_DENIED = re.compile(r"\b(?:not|never|isn't|wasn't)\s+(?:a\s+|an\s+)?$")


@dataclass
class Reading:
    """One instrument read item by item."""

    instrument: Instrument
    first_turn: int
    last_turn: int = 0
    scores: dict[int, tuple[float, int]] = field(default_factory=dict)  # item index -> (score, turn)
    cue_turns: dict[int, int] = field(default_factory=dict)  # item index -> turn the item was read
    total: float | None = None
    evidence: set[int] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        """Whether every item was answered."""
        return self.instrument.items is not None and len(self.scores) == self.instrument.items

    @property
    def item_sum(self) -> float:
        """The sum of the answered items."""
        return sum(score for score, _ in self.scores.values())


class ItemReader:
    """Finds item-by-item readings in a session."""

    def __init__(self, session: Session, vocab: MeasureVocabulary, resolver: InstrumentResolver) -> None:
        self.session = session
        self.vocab = vocab
        self.resolver = resolver
        self.instruments = [i for i in vocab.questionnaires if i.item_cues]
        self.mentions: dict[int, list[Mention]] = {
            t.index: [m for s in t.sentences for m in resolver.mentions(s)] for t in session.turns
        }

    # ------------------------------------------------------------------ start

    def _speaks_for_client(self, turn: Turn) -> bool:
        if self.session.is_therapist(turn):
            return self.session.addressee_is_focus(turn)
        return self.session.is_focus(turn) or turn.speaker in self.session.parents

    def _named_recently(self, index: int) -> set[str]:
        names: set[str] = set()
        for turn in self.session.turns[max(0, index - _CONTEXT_TURNS) : index + 1]:
            for mention in self.mentions[turn.index]:
                names |= {mention.instrument} if mention.instrument else set(mention.candidates)
        return names

    def _options_listed(self, index: int, inst: Instrument) -> bool:
        if inst.options is None:
            return False
        options = self.vocab.options_re[inst.options]
        for turn in self.session.turns[max(0, index - _CONTEXT_TURNS) : index + 1]:
            if self.session.is_therapist(turn) and sum(1 for p, _ in options if p.search(turn.norm)) >= 2:
                return True
        return False

    def _second_item_follows(self, index: int, inst: Instrument, item: int) -> bool:
        for turn in self.session.turns[index + 1 : index + 1 + _LOOKAHEAD_TURNS]:
            if not self.session.is_therapist(turn):
                continue
            if any(k != item and p.search(turn.norm) for k, p in enumerate(inst.item_cues_re)):
                return True
        return False

    def _start(self, turn: Turn, sentence: str) -> tuple[Instrument, int] | None:
        """The instrument and item a therapist sentence starts reading, if it starts a reading."""
        matches = [
            (inst, k)
            for inst in self.instruments
            for k, p in enumerate(inst.item_cues_re)
            if p.search(sentence)
        ]
        if not matches:
            return None
        named = self._named_recently(turn.index)
        plausible = [
            (inst, k)
            for inst, k in matches
            if inst.name in named
            or self._options_listed(turn.index, inst)
            or self._second_item_follows(turn.index, inst, k)
        ]
        if not plausible:
            return None
        names = {inst.name for inst, _ in plausible}
        if len(names) > 1:
            chosen = [n for n in names if n in named]
            pick = chosen[0] if len(chosen) == 1 else None
            if pick is None:
                pick = self.resolver.generic(tuple(sorted(names)))
            if pick is None:
                return None
            plausible = [(i, k) for i, k in plausible if i.name == pick]
        inst, item = min(plausible, key=lambda p: p[1])
        return inst, item

    # ------------------------------------------------------------------ reading

    def _cue(self, reading: Reading, sentence: str, current: int | None) -> tuple[int, int] | None:
        """(item, position) of the item a sentence reads: none while the sentence still speaks of the
        current item, else the first unanswered item whose cue matches, after the current one when
        several do (the obsessions and compulsions halves of a scale share their cues)."""
        cues = reading.instrument.item_cues_re
        if current is not None and cues[current].search(sentence):
            return None
        hits = [
            (k, m.start())
            for k, p in enumerate(cues)
            if k not in reading.scores and k != current and (m := p.search(sentence)) is not None
        ]
        if not hits:
            return None
        later = [h for h in hits if current is None or h[0] > current]
        return (later or hits)[0]

    def _item_value(self, text: str, inst: Instrument, item: int | None = None) -> float | None:
        """The last item score said in ``text``: a number in the item range, else a response option (the
        item's own options when the instrument words them item by item). A number denied ("not zero")
        is no answer."""
        if not text.strip() or any_match(inst.subscales_re, text):
            return None
        skip = past_spans(text, self.vocab)
        values = [
            n.value
            for n in score_numbers(text, self.vocab, skip)
            if inst.accepts_item(n.value) and not _DENIED.search(text[: n.start])
        ]
        if values:
            return values[-1]
        options = inst.item_options[item] if inst.item_options and item is not None else inst.options
        if options is not None:
            for pattern, value in self.vocab.options_re[options]:
                m = pattern.search(text)
                if m is not None and not any(s <= m.start() < e for s, e in skip):
                    return float(value)
        return None

    def _ends(self, sentence: str, inst: Instrument) -> bool:
        """Whether a therapist sentence ends a reading: a total, another instrument named, or a number
        only a total can be."""
        if any_match(inst.subscales_re, sentence):
            return False
        if any_match(self.vocab.compiled["total"], sentence):
            return True
        if any(m.instrument not in (None, inst.name) for m in self.mentions_in(sentence)):
            return True
        top = inst.item_max if inst.item_max is not None else inst.max
        return any(n.value > top and inst.accepts(n.value) for n in score_numbers(sentence, self.vocab))

    def read(self, turn_index: int, sentence_index: int, inst: Instrument, first_item: int) -> Reading:
        """Follow a reading from the sentence that reads its first item."""
        reading = Reading(inst, turn_index)
        current: int | None = first_item
        reading.cue_turns[first_item] = turn_index
        quiet = 0
        end_turn, end_sentence = turn_index, len(self.session.turns[turn_index].sentences)
        finished = False

        def record(text: str, turn: Turn) -> bool:
            value = self._item_value(text, inst, current)
            if value is None or current is None:
                return False
            reading.scores[current] = (value, turn.index)
            return True

        for turn in self.session.turns[turn_index:]:
            if finished:
                break
            therapist = self.session.is_therapist(turn)
            if turn.index > turn_index and therapist and reading.complete:
                end_turn, end_sentence = turn.index, 0
                break
            if not self._speaks_for_client(turn):
                continue
            talked = False
            start = sentence_index + 1 if turn.index == turn_index else 0
            for k, sentence in enumerate(turn.sentences[start:], start=start):
                if therapist and self._ends(sentence, inst):
                    end_turn, end_sentence, finished = turn.index, k, True
                    break
                if not therapist and k >= _ANSWER_SENTENCES:
                    break
                cue = self._cue(reading, sentence, current)
                if cue is None:
                    talked = record(sentence, turn) or talked
                    continue
                record(sentence[: cue[1]], turn)
                current = cue[0]
                reading.cue_turns.setdefault(current, turn.index)
                record(sentence[cue[1] :], turn)
                talked = True
            quiet = 0 if talked else quiet + 1
            if not finished:
                end_turn, end_sentence = turn.index, len(turn.sentences)
            if quiet >= _QUIET_TURNS:
                break
        reading.last_turn = max([turn_index, *(t for _, t in reading.scores.values())])
        self._total(reading, end_turn, end_sentence)
        reading.evidence |= {
            turn_index,
            *reading.cue_turns.values(),
            *(t for _, t in reading.scores.values()),
        }
        return reading

    def mentions_in(self, sentence: str) -> tuple[Mention, ...]:
        """Questionnaires named in a sentence."""
        return self.resolver.mentions(sentence)

    def _total(self, reading: Reading, end_turn: int, end_sentence: int) -> None:
        """The total said after the items, checked against the items' sum when every item was answered."""
        inst = reading.instrument
        stated: list[tuple[float, int]] = []
        after_total: list[tuple[float, int]] = []
        for turn in self.session.turns[end_turn : end_turn + _TOTAL_TURNS]:
            if not self._speaks_for_client(turn):
                continue
            start = end_sentence if turn.index == end_turn else 0
            for sentence in turn.sentences[start:]:
                if any_match(inst.subscales_re, sentence):
                    continue
                skip = past_spans(sentence, self.vocab)
                numbers = [n for n in score_numbers(sentence, self.vocab, skip) if inst.accepts(n.value)]
                stated.extend((n.value, turn.index) for n in numbers)
                for m in self.vocab.compiled["total"]:
                    for hit in m.finditer(sentence):
                        after = [n for n in numbers if 0 <= n.start - hit.end() <= 12]
                        after_total.extend((n.value, turn.index) for n in after[:1])
                # "So twenty-five total.": the total said before the word.
                suffix = self.vocab.compiled["total_suffix"][0]
                after_total.extend((n.value, turn.index) for n in numbers if suffix.match(sentence, n.end))
        match = next((t for v, t in stated if v == reading.item_sum), None)
        if reading.complete and (match is not None or not after_total):
            reading.total = reading.item_sum
            if match is not None:
                reading.evidence.add(match)
                reading.last_turn = max(reading.last_turn, match)
            return
        answered_half = inst.items is not None and 2 * len(reading.scores) >= inst.items
        if not (after_total and answered_half):
            return
        reading.total, turn_index = after_total[-1]
        reading.last_turn = max(reading.last_turn, turn_index)
        reading.evidence.add(turn_index)

    # ------------------------------------------------------------------ all readings

    def readings(self) -> list[Reading]:
        """Every item-by-item reading in the session, in order."""
        out: list[Reading] = []
        after = -1
        for turn in self.session.turns:
            if turn.index <= after or not self.session.is_therapist(turn):
                continue
            if not self.session.addressee_is_focus(turn):
                continue
            for k, sentence in enumerate(turn.sentences):
                started = self._start(turn, sentence)
                if started is None:
                    continue
                reading = self.read(turn.index, k, *started)
                if len(reading.scores) >= 2 or reading.total is not None:
                    out.append(reading)
                    after = reading.last_turn
                break
        return out


def reading_facts(reading: Reading, vocab: MeasureVocabulary) -> tuple[list[MeasureFact], list[MeasureFact]]:
    """(facts, version items): the total of a reading and, for a questionnaire whose single item is
    reported on its own (PHQ-9 item 9), that item's answer; the same item answered in another version of
    the questionnaire (the PHQ-A) goes to the version items."""
    facts: list[MeasureFact] = []
    version_items: list[MeasureFact] = []
    inst = reading.instrument
    if reading.total is not None and inst.accepts(reading.total):
        facts.append(
            MeasureFact(
                instrument=inst.name,
                score=reading.total,
                reported_by="client",
                administered_in_session=True,
                evidence=tuple(sorted(reading.evidence)),
            )
        )
    versions = {i.name for i in vocab.versions(inst)}
    for item in vocab.instruments:
        if item.kind != "item" or item.parent not in versions or item.item is None:
            continue
        answered = reading.scores.get(item.item - 1)
        if answered is None or not item.accepts(answered[0]):
            continue
        asked = reading.cue_turns.get(item.item - 1, answered[1])
        (facts if item.parent == inst.name else version_items).append(
            MeasureFact(
                instrument=item.name,
                score=answered[0],
                reported_by="client",
                administered_in_session=True,
                evidence=tuple(sorted({asked, answered[1]})),
            )
        )
    return facts, version_items
