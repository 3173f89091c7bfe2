"""The scrub stage: transcript (+ chart) -> the same utterances with placeholders, entities and the map.

Per session: spaCy runs once over all utterances (``nlp.pipe``), then Presidio's analyzer with the
predefined and custom recognizers runs per utterance (the chart and the previous utterance are visible
to the recognizers through ``session.py``). Results are typed, post-filtered (``filters.py``) and
merged; then every name, organisation and place found once is looked for in the whole session, since
the small NER model finds a name in one sentence and misses it in the next ("Ines, ..."). Finally each
span is replaced right to left by its placeholder. Only counts are logged, inside a scope that masks
every value found or charted, so a log line cannot carry PHI.
"""

from __future__ import annotations

import re
import time
from typing import Any

from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from service.domain.phi import PhiEntity, PhiType, ScrubbedTranscript
from service.domain.plan import ClientChart
from service.domain.transcript import Transcript, Utterance
from service.errors import InputError
from service.log import get_logger, redact_values
from service.scrub.chart import ChartTerms, build_chart_terms
from service.scrub.config import ScrubConfig
from service.scrub.engine import ScrubEngine
from service.scrub.filters import (
    SOURCE_SESSION,
    Hit,
    clean_ner_hit,
    extend_name,
    extend_organization,
    merge_overlaps,
    strip_edges,
    survives,
)
from service.scrub.placeholders import PlaceholderAllocator
from service.scrub.recognizers.base import WORD, word_alternation
from service.scrub.recognizers.grammar import NameWords
from service.scrub.recognizers.unknown_words import UnknownProperNounRecognizer
from service.scrub.second_opinion import NameJudge, sentence_around
from service.scrub.session import SessionState, session_scope

log = get_logger("scrub")

_PROPAGATED_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
_MIN_PROPAGATION_SCORE = 0.5


class PresidioScrubber:
    """Implements the ``Scrubber`` protocol on a :class:`ScrubEngine` built once per process."""

    def __init__(self, engine: ScrubEngine, max_chars: int, second_opinion: NameJudge | None = None) -> None:
        self.engine = engine
        self.second_opinion = second_opinion
        self.config = engine.config
        self.max_chars = max_chars
        self._words = NameWords(engine.config, engine.lexicon)
        self._holidays = (
            re.compile(rf"\b(?:{word_alternation(self.config.holidays)})(?!\w)", re.IGNORECASE)
            if self.config.holidays
            else None
        )

    # -- public -----------------------------------------------------------------------------------------

    def scrub(self, transcript: Transcript, chart: ClientChart | None = None) -> ScrubbedTranscript:
        """Replace every identifier in ``transcript`` by a placeholder; see the module docstring."""
        texts = [u.text for u in transcript.utterances]
        self._validate(texts)
        started = time.perf_counter()
        terms = build_chart_terms(chart, self.config.org_suffixes)
        with redact_values(terms.values()):
            hits = self.find(texts, terms)
            result = self._replace(transcript, hits, terms)
            with redact_values(result.mapping.originals()):
                log.info(
                    "scrubbed %d utterances (%d chars): %d entities, %d placeholders in %.2f s",
                    len(texts),
                    sum(len(t) for t in texts),
                    len(result.entities),
                    len(result.mapping.entries),
                    time.perf_counter() - started,
                )
        return result

    def find(self, texts: list[str], terms: ChartTerms | None = None) -> list[Hit]:
        """All identifier spans in ``texts`` (one list for the session, offsets per utterance)."""
        terms = terms if terms is not None else ChartTerms()
        state = SessionState(terms)
        hits: list[Hit] = []
        with session_scope(state):
            nlp = self.engine.nlp_engine
            batches = nlp.process_batch(texts, language=self.config.language, batch_size=64)
            for index, (text, artifacts) in enumerate(batches):
                state.previous_text = texts[index - 1] if index > 0 else ""
                if not text.strip():
                    continue
                results = self.engine.analyzer.analyze(
                    text=text,
                    language=self.config.language,
                    nlp_artifacts=artifacts,
                    allow_list=list(self.config.allow_list),
                )
                if self.second_opinion is not None:
                    self._consult(self.second_opinion, text, results)
                hits.extend(self._clean(index, text, results))
        if self.config.enabled("propagation"):
            hits = self._propagate(texts, hits)
        return hits

    # -- steps ------------------------------------------------------------------------------------------

    def _validate(self, texts: list[str]) -> None:
        if not texts:
            raise InputError("The transcript has no utterances to scrub.")
        if not any(t.strip() for t in texts):
            raise InputError("The transcript's utterances are all empty; there is nothing to scrub.")
        total = sum(len(t) for t in texts)
        if total > self.max_chars:
            raise InputError(
                f"The transcript has {total} characters, more than the limit of {self.max_chars} "
                "(setting SESSIONNOTE_MAX_TRANSCRIPT_CHARS)."
            )

    def _consult(self, judge: NameJudge, text: str, results: list[RecognizerResult]) -> None:
        """Raise an uncertain unknown word that no other family reported to a sure one when the LLM says
        it is a name in its sentence (other identifiers already masked); see second_opinion.py."""
        config = self.config
        sure = sorted(
            (
                r
                for r in results
                if r.entity_type in config.entity_map and r.score >= config.threshold(r.entity_type)
            ),
            key=lambda r: r.start,
        )
        for r in results:
            if _source(r) != _UNKNOWN_WORDS or _passes(config, r):
                continue
            if any(o.start < r.end and r.start < o.end for o in sure):
                continue
            masked, start = _mask(text, sure, r.start)
            end = start + (r.end - r.start)
            if judge.is_name(sentence_around(masked, start, end), text[r.start : r.end]):
                r.score = config.unknown_word_score

    def _clean(self, index: int, text: str, results: list[RecognizerResult]) -> list[Hit]:
        out: list[Hit] = []
        for r in results:
            kind = self.config.entity_map.get(r.entity_type)
            if kind is None or r.score < self.config.threshold(r.entity_type):
                continue
            source = _source(r)
            hit: Hit | None = Hit(index, r.start, r.end, kind, float(r.score), source)
            hit = strip_edges(hit, text) if hit is not None else None
            hit = clean_ner_hit(hit, text, self.config, self.engine.lexicon, self._holidays) if hit else None
            if hit is None or survives(hit, text, self.config):
                continue
            hit = extend_organization(hit, text, self.engine.lexicon)
            out.append(extend_name(hit, text, self.config, self.engine.lexicon))
        return merge_overlaps(out)

    def _propagate(self, texts: list[str], hits: list[Hit]) -> list[Hit]:
        """Mark every other mention of a name, organisation or place found once in the session."""
        lexicon = self.engine.lexicon
        words: dict[str, PhiType] = {}
        phrases: dict[str, PhiType] = {}
        for hit in hits:
            if hit.type not in _PROPAGATED_TYPES or hit.score < _MIN_PROPAGATION_SCORE:
                continue
            span = texts[hit.utterance_index][hit.start : hit.end]
            if hit.type == "PERSON":
                found = re.findall(WORD, span)
                for word in found:
                    word = re.sub(r"['’]s$", "", word)
                    low = word.lower()
                    if len(found) > 1 and not word[:1].isupper():
                        continue  # a lower-case word inside a longer span ("Greta coffee") is not a name
                    if len(low) >= 2 and not self._words.excluded(word) and low not in STOP_WORDS:
                        words.setdefault(low, "PERSON")
            elif not all(lexicon.is_common_word(w) for w in span.split()):
                phrases.setdefault(span, hit.type)
                # The distinctive word of a longer place or employer name is said alone later ("the
                # corner of Alder and Quarry" ... "Quarry was closed").
                for word in re.findall(WORD, span) if " " in span.strip() else ():
                    low = word.lower()
                    if (
                        len(word) >= 4
                        and word[:1].isupper()
                        and not lexicon.is_common_word(word)
                        and low not in self.config.not_phi_places
                        and low not in self.config.org_suffixes
                        and low not in self.config.street_suffixes
                        and low not in self.config.feature_suffixes
                    ):
                        phrases.setdefault(word, hit.type)
        if not words and not phrases:
            return hits
        by_utterance: dict[int, list[Hit]] = {}
        for hit in hits:
            by_utterance.setdefault(hit.utterance_index, []).append(hit)
        word_re = (
            re.compile(rf"(?<![\w'’-])(?:{word_alternation(words)})(?![\w-])", re.IGNORECASE)
            if words
            else None
        )
        phrase_re = re.compile(rf"(?<![\w-])(?:{word_alternation(phrases)})(?![\w-])") if phrases else None
        for index, text in enumerate(texts):
            existing = by_utterance.setdefault(index, [])
            for hit in existing:
                # A name already known as a person keeps one type (and so one placeholder) everywhere.
                if hit.type != "PERSON" and words.get(text[hit.start : hit.end].lower()) == "PERSON":
                    hit.type = "PERSON"
            new: list[Hit] = []
            for pattern in (p for p in (word_re, phrase_re) if p is not None):
                for m in pattern.finditer(text):
                    mention = m.group(0)
                    low = mention.lower()
                    kind = words.get(low) if pattern is word_re else phrases.get(mention)
                    if kind is None:
                        continue
                    if pattern is word_re and (
                        (not mention[:1].isupper() and lexicon.is_common_word(low))
                        or (lexicon.is_common_word(low, nouns=False) and _sentence_start(text, m.start()))
                    ):
                        continue  # "will", "salesperson", "Grace" at a sentence start: too ambiguous
                    candidate = Hit(index, m.start(), m.end(), kind, 0.6, SOURCE_SESSION)
                    if any(candidate.overlaps(h) for h in existing + new):
                        continue
                    new.append(candidate)
            if new:
                by_utterance[index] = merge_overlaps(existing + new)
        return [h for index in sorted(by_utterance) for h in by_utterance[index]]

    def _replace(self, transcript: Transcript, hits: list[Hit], terms: ChartTerms) -> ScrubbedTranscript:
        allocator = PlaceholderAllocator(terms)
        by_utterance: dict[int, list[Hit]] = {}
        for hit in hits:
            by_utterance.setdefault(hit.utterance_index, []).append(hit)
        utterances: list[Utterance] = []
        entities: list[PhiEntity] = []
        for index, utterance in enumerate(transcript.utterances):
            text = utterance.text
            spans = sorted(by_utterance.get(index, []), key=lambda h: h.start)
            pieces: list[str] = []
            cursor = 0
            for hit in spans:
                placeholder = allocator.assign(hit.type, text[hit.start : hit.end])
                entities.append(
                    PhiEntity(
                        utterance_index=index,
                        start_char=hit.start,
                        end_char=hit.end,
                        type=hit.type,
                        placeholder=placeholder,
                    )
                )
                pieces.append(text[cursor : hit.start])
                pieces.append(placeholder)
                cursor = hit.end
            pieces.append(text[cursor:])
            utterances.append(utterance.model_copy(update={"text": "".join(pieces)}))
        return ScrubbedTranscript(
            utterances=tuple(utterances), entities=tuple(entities), mapping=allocator.mapping()
        )


_UNKNOWN_WORDS = UnknownProperNounRecognizer.__name__


def _source(result: RecognizerResult) -> str:
    return str((result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _passes(config: ScrubConfig, result: RecognizerResult) -> bool:
    return result.score >= config.threshold(result.entity_type)


def _mask(text: str, spans: list[RecognizerResult], offset: int) -> tuple[str, int]:
    """``text`` with each span (sorted, overlaps skipped) replaced by its type in brackets, and where
    ``offset`` (outside every span) lands in the result."""
    pieces: list[str] = []
    cursor = 0
    moved = offset
    for span in spans:
        if span.start < cursor:
            continue
        label = f"[{span.entity_type.removeprefix('NER_')}]"
        pieces += [text[cursor : span.start], label]
        if span.end <= offset:
            moved += len(label) - (span.end - span.start)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), moved


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!"“'


def scrub_texts(scrubber: PresidioScrubber, texts: list[str], chart: ClientChart | None = None) -> list[Hit]:
    """Hits for bare texts (used by the evaluation, which scores spans rather than placeholders)."""
    return scrubber.find(texts, build_chart_terms(chart, scrubber.config.org_suffixes))


def presidio_results(analyzer: Any, text: str) -> list[RecognizerResult]:
    """Plain analyzer results for one text (the evaluation's baseline)."""
    return list(analyzer.analyze(text=text, language="en"))
