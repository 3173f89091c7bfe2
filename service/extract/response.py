"""How the client responded: affect words, engagement, insight, skill use and short verbatim quotes.

Only the focus client's own speech is used. Every ``text`` is either a label from
``prompts/vocabulary/response.yaml`` (affect, engagement) or a verbatim stretch of the cited utterance
(insight, skill use, quotes), so a drafted sentence can be checked against its evidence.
"""

from __future__ import annotations

import re

from service.domain.facts import ResponseFact
from service.extract.text import Session, Turn, normalize
from service.extract.vocabulary import ResponseVocabulary, any_match

_SPLIT = re.compile(r"(?<=[.?!])\s+")
_BRACKETS = re.compile(r"\[[a-z][a-z ,'-]*\]")


def _original_sentences(turn: Turn) -> list[str]:
    """Sentences of the utterance as spoken (original case), without non-speech marks."""
    text = _BRACKETS.sub("", turn.text)
    return [s.strip() for s in _SPLIT.split(text) if s.strip()]


def _quote(sentence: str, vocab: ResponseVocabulary) -> str | None:
    words = sentence.split()
    if len(words) < vocab.quote_min_words or len(sentence) > vocab.quote_max_chars:
        return None
    return sentence


def extract_response(session: Session, vocab: ResponseVocabulary) -> list[ResponseFact]:
    """Response facts in transcript order (affect and engagement labels once per label)."""
    compiled = vocab.compiled
    facts: list[ResponseFact] = []
    labels_seen: set[tuple[str, str]] = set()
    quotes = 0
    for turn in session.turns:
        if not session.is_focus(turn):
            continue
        for kind in ("engagement",):
            for label, patterns in compiled[kind].items():
                if (kind, label) not in labels_seen and any_match(patterns, turn.norm):
                    labels_seen.add((kind, label))
                    facts.append(ResponseFact(kind="engagement", text=label, evidence=(turn.index,)))
        for sentence in _original_sentences(turn):
            norm = normalize(sentence)
            if compiled["frame"].search(norm):
                for label, patterns in compiled["affect"].items():
                    if ("affect", label) not in labels_seen and any_match(patterns, norm):
                        labels_seen.add(("affect", label))
                        facts.append(ResponseFact(kind="affect", text=label, evidence=(turn.index,)))
            quoted = _quote(sentence, vocab)
            if quoted is None or quotes >= vocab.max_quotes * 2:
                continue
            if any_match(compiled["insight"], norm):
                facts.append(ResponseFact(kind="insight", text=quoted, evidence=(turn.index,)))
                quotes += 1
            elif any_match(compiled["skill_use"], norm):
                facts.append(ResponseFact(kind="skill use", text=quoted, evidence=(turn.index,)))
                quotes += 1
    return _with_quotes(facts, vocab)


def _with_quotes(facts: list[ResponseFact], vocab: ResponseVocabulary) -> list[ResponseFact]:
    """The first few insight statements double as quotes for the Response section."""
    insight = [f for f in facts if f.kind == "insight"][: vocab.max_quotes]
    quotes = [ResponseFact(kind="quote", text=f.text, evidence=f.evidence) for f in insight]
    return sorted([*facts, *quotes], key=lambda f: f.evidence[0])
