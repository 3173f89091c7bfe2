"""Where a sentence names a questionnaire, and which one it means.

A questionnaire is named by its abbreviation or title (exact), by what it measures ("the depression
questionnaire", "your worry measure"), by its length ("the seven-item one"), or generically ("the
questionnaire"). The last three are resolved against the client's treatment plan: among the
instruments that measure that construct (or have that many items), the one the plan lists, preferring
the one the plan measures it with first and then the one due this session; with no plan match, the one
for the general adult population. A reference that stays ambiguous names nothing, so no score is ever
filed under a guessed instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.domain.plan import TreatmentPlan
from service.extract.measure_vocabulary import Instrument, MeasureVocabulary
from service.text.numbers import to_number

# Days between administrations by plan frequency (a measure is due once this many days have passed).
_INTERVAL_DAYS = {"every session": 0, "weekly": 7, "biweekly": 14, "monthly": 28, "quarterly": 84}
_EXPLICIT, _STEM, _CONSTRUCT, _COUNT, _GENERIC = 4, 3, 2, 1, 0


@dataclass(frozen=True)
class Mention:
    """A questionnaire named in a sentence; ``instrument`` is None when it could not be resolved."""

    start: int
    end: int
    instrument: str | None
    candidates: tuple[str, ...]
    rank: int

    @property
    def generic(self) -> bool:
        """Whether the sentence only said "the questionnaire"."""
        return self.rank == _GENERIC

    @property
    def explicit(self) -> bool:
        """Whether the instrument was named by abbreviation or title."""
        return self.rank >= _STEM


class InstrumentResolver:
    """Resolves a construct, an item count or "the questionnaire" to one instrument, using the plan."""

    def __init__(
        self, vocab: MeasureVocabulary, plan: TreatmentPlan | None = None, session_date: date | None = None
    ) -> None:
        self.vocab = vocab
        planned: list[str] = []
        due: list[str] = []
        if plan is not None:
            history = plan.history.measures_last_recorded if plan.history is not None else {}
            for measure in plan.measures:
                inst = vocab.find(measure.instrument)
                if inst is None or inst.kind != "questionnaire" or inst.name in planned:
                    continue
                planned.append(inst.name)
                last = history.get(measure.instrument)
                interval = _INTERVAL_DAYS.get(measure.frequency, 0)
                if (
                    interval == 0
                    or last is None
                    or (session_date is not None and (session_date - last).days >= interval)
                ):
                    due.append(inst.name)
            for goal in plan.goals:
                for objective in goal.objectives:
                    if objective.measure is None:
                        continue
                    inst = vocab.find(objective.measure.instrument)
                    if inst is not None and inst.kind == "questionnaire" and inst.name not in planned:
                        planned.append(inst.name)
        self.planned = tuple(planned)
        self.due = tuple(due)
        self._mentions: dict[str, tuple[Mention, ...]] = {}

    def mentions(self, sentence: str) -> tuple[Mention, ...]:
        """:func:`find_mentions` for a sentence, computed once per session."""
        found = self._mentions.get(sentence)
        if found is None:
            found = self._mentions[sentence] = tuple(find_mentions(sentence, self.vocab, self))
        return found

    def choose(self, primary: tuple[Instrument, ...], secondary: tuple[Instrument, ...] = ()) -> str | None:
        """The one instrument meant, or None when the plan and the population leave it ambiguous."""
        for group in (primary, secondary):
            in_plan = [i.name for i in group if i.name in self.planned]
            if len(in_plan) == 1:
                return in_plan[0]
            due = [n for n in in_plan if n in self.due]
            if len(due) == 1:
                return due[0]
            if in_plan:
                return None
        if len(primary) == 1:
            return primary[0].name
        general = [i.name for i in primary if i.population == "general"]
        return general[0] if len(general) == 1 else None

    def version(self, versions: tuple[Instrument, ...], named: str) -> str:
        """``named``, unless the plan lists another version of it and not ``named`` itself."""
        planned = [i.name for i in versions if i.name in self.planned]
        return planned[0] if len(planned) == 1 and named not in self.planned else named

    def generic(self, hint: tuple[str, ...] = ()) -> str | None:
        """What "the questionnaire" means: the one among ``hint`` (instruments whose items were read
        nearby) the plan lists, else the one questionnaire due this session, else the plan's only one."""
        if hint:
            planned = [n for n in hint if n in self.planned]
            if len(planned) == 1:
                return planned[0]
            general = [n for n in hint if self.vocab.instrument(n).population == "general"]
            if not planned and len(general) == 1:
                return general[0]
            return None
        if len(self.due) == 1:
            return self.due[0]
        if len(self.planned) == 1:
            return self.planned[0]
        return None


def find_mentions(sentence: str, vocab: MeasureVocabulary, resolver: InstrumentResolver) -> list[Mention]:
    """Questionnaires named in a sentence, left to right; overlapping references are one mention, named
    by the most exact of them (abbreviation or title, then construct, then length, then generic)."""
    found: list[Mention] = []
    for inst in vocab.questionnaires:
        # Naming a version the plan does not use means the version it uses (PHQ-9 said for a PHQ-A).
        name = resolver.version(vocab.versions(inst), inst.name)
        for pattern in inst.exact_patterns:
            found.extend(
                Mention(m.start(), m.end(), name, (name,), _EXPLICIT) for m in pattern.finditer(sentence)
            )
        if inst.stem_pattern is not None:
            # "The PHQ" is whichever PHQ the plan uses.
            family = vocab.sharing_letters(inst)
            names = tuple(i.name for i in family)
            found.extend(
                Mention(m.start(), m.end(), resolver.choose(family), names, _STEM)
                for m in inst.stem_pattern.finditer(sentence)
            )
    for pattern, construct in vocab.construct_patterns:
        for m in pattern.finditer(sentence):
            primary, secondary = vocab.measuring(construct)
            names = tuple(i.name for i in (*primary, *secondary))
            found.append(Mention(m.start(), m.end(), resolver.choose(primary, secondary), names, _CONSTRUCT))
    for m in vocab.compiled["item_count"][0].finditer(sentence):
        count = to_number(m.group(1))
        with_count = vocab.with_items(int(count)) if count is not None else ()
        if with_count:
            names = tuple(i.name for i in with_count)
            found.append(Mention(m.start(), m.end(), resolver.choose(with_count), names, _COUNT))
    for m in vocab.compiled["generic"][0].finditer(sentence):
        names = tuple(i.name for i in vocab.questionnaires)
        found.append(Mention(m.start(), m.end(), None, names, _GENERIC))
    return _merge(found)


def _merge(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda f: (f.start, -f.rank, -(f.end - f.start)))
    merged: list[Mention] = []
    for mention in found:
        if merged and mention.start < merged[-1].end:
            last = merged[-1]
            best = max((last, mention), key=lambda m: (m.rank, m.end - m.start))
            start, end = last.start, max(last.end, mention.end)
            # Two references side by side ("the depression one, the nine-question one") narrow each other.
            candidates = tuple(c for c in best.candidates if c in mention.candidates or c in last.candidates)
            merged[-1] = Mention(start, end, best.instrument, candidates, best.rank)
        else:
            merged.append(mention)
    return merged


def owner(before: str, vocab: MeasureVocabulary) -> str | None:
    """Whose score the words just before a mention or number name: "third" (his, her, a spouse's),
    "first" (my, I got), "second" (yours, you got) or None when they name no one."""
    tail = re.sub(r"\s+", " ", before[-60:])
    if any(p.search(tail) for p in vocab.compiled["third_person"]):
        return "third"
    if any(p.search(tail) for p in vocab.compiled["first_person"]):
        return "first"
    if any(p.search(tail) for p in vocab.compiled["second_person"]):
        return "second"
    return None
