"""The model-assisted :class:`~service.protocols.Extractor`: the rules, plus a local LLM that labels the
therapist lines the rules left unexplained with an intervention type from the vocabulary.

Why only that: MODELS.md measured the available models at 5-8 of 14 correct when classifying therapist
lines, so a model alone cannot be trusted with clinical facts. Here the rules keep the final word on
scores, risk and homework, and a model label becomes an intervention only when the model assigns the
same in-vocabulary type to at least ``min_lines`` lines that do not read as a proposal. The answer is
constrained to the vocabulary's names (an enum), and everything is validated after generation.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ValidationError

from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import ModelCrashedError
from service.extract.extractor import RuleBasedExtractor
from service.extract.interventions import match_plan
from service.extract.vocabulary import Vocabulary, any_match
from service.log import get_logger
from service.protocols import ChatModel

log = get_logger("extract.model")
NONE = "none"
_SYSTEM = (
    "You label what a psychotherapist is doing in each line of a session transcript. For each line "
    "id, answer with the one intervention type from the allowed list that the therapist is delivering "
    "in that line, or 'none' when the line is small talk, a question about the week, scheduling, or "
    "anything else. Answer with JSON only."
)


class _Label(BaseModel):
    id: str
    intervention: str


class _Labels(BaseModel):
    labels: list[_Label]


class ModelAssistedExtractor:
    """Rules first; the model may add interventions the rules missed, never remove or change facts."""

    engine = "rules+llm"

    def __init__(
        self,
        rules: RuleBasedExtractor,
        chat: ChatModel,
        batch_size: int = 8,
        min_lines: int = 2,
        min_words: int = 8,
    ) -> None:
        self.rules = rules
        self.chat = chat
        self.batch_size = batch_size
        self.min_lines = min_lines
        self.min_words = min_words
        vocab = rules.vocabulary.interventions
        self._types = {i.name: i for i in vocab.interventions if i.in_vocabulary}

    @property
    def vocabulary(self) -> Vocabulary:
        """The rules' vocabulary."""
        return self.rules.vocabulary

    @property
    def version(self) -> str:
        """Vocabulary version plus the labelling model, for provenance."""
        return f"{self.rules.version};labeller={self.chat.model_name}"

    def intervention_names(self) -> tuple[str, ...]:
        """Same names as the rules know."""
        return self.rules.intervention_names()

    def _label(self, lines: Sequence[tuple[int, str]]) -> dict[int, str]:
        ids = [f"U{i}" for i, _ in lines]
        schema = {
            "type": "object",
            "properties": {
                "labels": {
                    "type": "array",
                    "minItems": len(ids),
                    "maxItems": len(ids),
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string", "enum": ids},
                            "intervention": {"type": "string", "enum": [NONE, *self._types]},
                        },
                        "required": ["id", "intervention"],
                        "additionalProperties": False,
                    },
                }
            },
            "required": ["labels"],
            "additionalProperties": False,
        }
        body = "\n".join(f"U{i}: {text[:300]}" for i, text in lines)
        messages = [
            {"role": "system", "content": _SYSTEM},
            {"role": "user", "content": f"Allowed types: {', '.join(self._types)}, {NONE}.\n\n{body}"},
        ]
        try:
            raw = self.chat.complete_json(messages, schema, max_tokens=24 * len(ids) + 40)
        except ModelCrashedError:
            return {}  # the rules' facts stand on their own
        try:
            parsed = _Labels.model_validate_json(raw)
        except (ValidationError, json.JSONDecodeError):
            return {}
        return {
            int(item.id[1:]): item.intervention
            for item in parsed.labels
            if item.id in ids and item.intervention in self._types
        }

    def extract(
        self, transcript: Transcript, plan: TreatmentPlan | None, focus_speaker: str = "client"
    ) -> ClinicalFacts:
        """Rule facts, plus interventions the model found on at least ``min_lines`` unexplained lines."""
        started = time.perf_counter()
        facts = self.rules.extract(transcript, plan, focus_speaker)
        vocab = self.rules.vocabulary.interventions
        explained = {i for f in (*facts.interventions, *facts.proposed) for i in f.evidence}
        known = {f.name for f in (*facts.interventions, *facts.proposed)}
        candidates = [
            (i, u.text)
            for i, u in enumerate(transcript.utterances)
            if u.speaker == "therapist"
            and i not in explained
            and len(u.text.split()) >= self.min_words
            and not any_match(vocab.proposal_re, u.text.lower())
        ]
        found: dict[str, list[int]] = defaultdict(list)
        for start in range(0, len(candidates), self.batch_size):
            for index, name in self._label(candidates[start : start + self.batch_size]).items():
                found[name].append(index)
        added = []
        for name, lines in found.items():
            if name in known or len(lines) < self.min_lines:
                continue
            entry = self._types[name]
            text = " ".join(transcript.utterances[i].text for i in lines)
            planned = match_plan(entry, name, plan, vocab, text)
            added.append(
                InterventionFact(
                    name=entry.name,
                    modality=entry.modality,
                    verb=entry.verb,
                    in_plan=planned is not None,
                    plan_intervention_id=planned.id if planned else None,
                    in_vocabulary=True,
                    evidence=tuple(sorted(lines)),
                )
            )
        log.debug(
            "model-assisted extraction added %d interventions in %.1fs",
            len(added),
            time.perf_counter() - started,
        )
        return facts.model_copy(update={"interventions": facts.interventions + tuple(added)})
