"""Citing transcript lines for a note that cites none (the cases' clinician-written reference notes).

The validator checks each sentence against the lines it cites, so a reference note must cite lines
before it can be validated. This is the evaluation's own aligner (lexical, IDF-weighted): each sentence
cites the few utterances sharing the most informative words with it, the lines holding its numbers,
and the answer after a cited question. A weak alignment shows up as UNSUPPORTED_CLAIM findings on the
reference note, which the validator report counts apart from the must_flag figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from eval.instruments import scores_in
from eval.words import content_words, numbers_in
from service.domain.note import SECTIONS, BirpNote, NoteSentence
from service.domain.transcript import Utterance

TOP = 3
MIN_SHARE = 0.2


def align_note(note: BirpNote, utterances: Sequence[Utterance]) -> BirpNote:
    """``note`` with evidence on every sentence that had none."""
    bags = [content_words(u.text) for u in utterances]
    df = Counter(w for bag in bags for w in bag)
    n = max(1, len(bags))
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    numbers = [set(numbers_in(u.text)) for u in utterances]
    update: dict[str, Any] = {}
    for section in SECTIONS:
        aligned = []
        for s in note.section(section):
            if s.evidence:
                aligned.append(s)
                continue
            aligned.append(NoteSentence(text=s.text, evidence=_cite(s.text, utterances, bags, idf, numbers)))
        update[section] = tuple(aligned)
    return note.model_copy(update=update)


def _cite(
    text: str,
    utterances: Sequence[Utterance],
    bags: list[set[str]],
    idf: dict[str, float],
    numbers: list[set[float]],
) -> tuple[int, ...]:
    words = content_words(text)
    weight = sum(idf.get(w, 0.0) for w in words)
    if not words or weight == 0:
        return ()
    scores = [(sum(idf.get(w, 0.0) for w in words & bag), i) for i, bag in enumerate(bags)]
    ranked = sorted(scores, key=lambda p: (-p[0], p[1]))
    chosen = {i for score, i in ranked[:TOP] if score >= MIN_SHARE * weight}
    if not chosen and ranked and ranked[0][0] > 0:
        chosen = {ranked[0][1]}
    wanted = set(scores_in(text))
    for value in wanted:
        holders = [i for i, got in enumerate(numbers) if value in got]
        if holders:
            # The holder sharing most words with the sentence.
            chosen.add(max(holders, key=lambda i: (scores[i][0], -i)))
    for i in sorted(chosen):
        if utterances[i].text.rstrip().endswith("?") and i + 1 < len(utterances):
            chosen.add(i + 1)
    return tuple(sorted(chosen))
