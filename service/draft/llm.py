"""The LLM drafter: a chat model phrases the template sentences, one section at a time; every sentence
is verified and falls back to its template sentence when it is not faithful.

Why this shape: the small local models available invent facts when asked for a whole note, so the
facts (and their evidence) come from extraction, the model only words them, and the verifier decides.
Prompts carry only the facts of one section and one short excerpt per fact, in batches, so no session
length can overflow a context window.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.domain.draft import Draft, ModelCrash, Provenance, Replacement
from service.domain.facts import ClinicalFacts
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.draft.faithfulness import problems
from service.draft.prompts import PromptSet
from service.draft.template import PlannedSentence, plan_note
from service.errors import ModelCrashedError
from service.log import get_logger
from service.protocols import ChatModel

log = get_logger("draft")

SECTION_INFO: dict[Section, tuple[str, str]] = {
    "behavior": ("Behavior", "what the client presented, reported and scored"),
    "intervention": ("Intervention", "what the therapist did, in documentation verbs"),
    "response": ("Response", "how the client responded to the interventions"),
    "plan": ("Plan", "homework, next steps and interventions planned for later sessions"),
}
# What the model may reword: the narrative sentences, each from the lines it cites. Scores, interventions,
# risk and goals stay as templated: their exact vocabulary is what auditors read, a rewording can only
# lose precision, and goal text comes from the plan, which the model never sees.
PHRASED_KINDS = frozenset({"presentation", "homework-review", "homework"})
DOCUMENTATION_VERBS = (
    "Assessed",
    "Reviewed",
    "Challenged",
    "Reframed",
    "Validated",
    "Guided",
    "Practiced",
    "Role-played",
    "Educated",
    "Modeled",
    "Explored",
    "Assigned",
)
_EXCERPT_LINES = 3
_EXCERPT_CHARS = 400


@dataclass
class _Stats:
    calls: int = 0
    retries: int = 0
    crash: ModelCrash | None = None


class _Sentence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: str = Field(min_length=1)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sentences: list[_Sentence]


def answer_schema(ids: Sequence[str]) -> dict[str, Any]:
    """JSON schema for one batch: exactly one sentence per fact id, ids from an enum."""
    return {
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "minItems": len(ids),
                "maxItems": len(ids),
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": list(ids)},
                        "text": {"type": "string", "minLength": 10, "maxLength": 300},
                    },
                    "required": ["id", "text"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["sentences"],
        "additionalProperties": False,
    }


def role_label(speaker: str, focus_speaker: str) -> str:
    """What the model is told about a speaker: a role, never the label a clinic typed (it may be a name)."""
    if speaker == focus_speaker:
        return "Client"
    if speaker == "therapist" or speaker.startswith("therapist"):
        return "Therapist"
    if speaker == "parent" or speaker.startswith("parent"):
        return "Parent"
    return "Other participant"


def excerpt(transcript: Transcript, evidence: Sequence[int], focus_speaker: str = "client") -> str:
    """The first cited lines, shortened, as ``Role: text`` (placeholders only, never names)."""
    lines = []
    for i in list(evidence)[:_EXCERPT_LINES]:
        if 0 <= i < len(transcript.utterances):
            u = transcript.utterances[i]
            text = (
                u.text
                if len(u.text) <= _EXCERPT_CHARS
                else u.text[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " ..."
            )
            lines.append(f"{role_label(u.speaker, focus_speaker)}: {text}")
    return " / ".join(lines)


def _lines(p: PlannedSentence) -> tuple[int, ...]:
    """The lines a sentence is phrased from: its source lines when it has them, else its evidence."""
    return p.source or p.evidence


class LlmDrafter:
    """Implements ``Drafter`` for any ``ChatModel`` (llama-cpp, transformers, openai-compatible)."""

    def __init__(
        self,
        chat: ChatModel,
        prompts: PromptSet,
        vocabulary_version: str,
        known_interventions: Sequence[str],
        sections: Sequence[Section] = SECTIONS,
        batch_size: int = 6,
        retries: int = 1,
    ) -> None:
        self.chat = chat
        self.name = chat.engine
        self.prompts = prompts
        self.vocabulary_version = vocabulary_version
        self.known_interventions = tuple(known_interventions)
        self.sections = tuple(sections)
        self.batch_size = batch_size
        self.retries = retries

    def _ask(
        self,
        section: Section,
        batch: list[PlannedSentence],
        transcript: Transcript,
        stats: _Stats,
        focus_speaker: str,
    ) -> dict[str, str] | None:
        """One model call (plus retries) for a batch; None when no valid answer came back."""
        title, purpose = SECTION_INFO[section]
        facts = [
            {"id": f"F{i + 1}", "text": p.text, "excerpt": excerpt(transcript, _lines(p), focus_speaker)}
            for i, p in enumerate(batch)
        ]
        messages = [
            # The same system prompt for every call lets llama.cpp reuse its cached prefix.
            {"role": "system", "content": self.prompts.render("system", verbs=DOCUMENTATION_VERBS)},
            {
                "role": "user",
                "content": self.prompts.render(
                    "section", section_title=title, section_purpose=purpose, facts=facts
                ),
            },
        ]
        ids = [f["id"] for f in facts]
        for attempt in range(self.retries + 1):
            if stats.crash is not None:
                return None
            stats.calls += 1
            stats.retries += attempt > 0
            try:
                raw = self.chat.complete_json(messages, answer_schema(ids), max_tokens=90 * len(batch) + 40)
            except ModelCrashedError as exc:
                # The model process is gone: the rest of this note keeps its template sentences.
                log.warning(
                    "drafting model crashed (%s); using template sentences", exc.signal or "no signal"
                )
                stats.crash = ModelCrash(
                    signal=exc.signal,
                    exit_code=exc.process_exit_code,
                    reason=exc.message,
                    calls_before=stats.calls - 1,
                )
                return None
            try:
                parsed = _Answer.model_validate_json(raw)
            except (ValidationError, json.JSONDecodeError):
                continue
            by_id: dict[str, str] = {}
            for s in parsed.sentences:
                if s.id in ids:
                    by_id.setdefault(s.id, s.text.strip())
            if by_id:
                return {batch[ids.index(k)].key: v for k, v in by_id.items()}
        return None

    def draft(
        self,
        transcript: Transcript,
        facts: ClinicalFacts,
        plan: TreatmentPlan | None,
        focus_speaker: str = "client",
    ) -> Draft:
        """Template sentences phrased by the model where they verify; the template where not."""
        began = time.perf_counter()
        stats = _Stats()
        usage_before = self.chat.usage()
        planned = plan_note(transcript, facts, plan, focus_speaker)
        replaced: list[Replacement] = []
        sections: dict[Section, tuple[NoteSentence, ...]] = {}
        for section in SECTIONS:
            items = planned.sections[section]
            words: dict[str, str] = {}
            phrased = [p for p in items if p.kind in PHRASED_KINDS] if section in self.sections else []
            for start in range(0, len(phrased), self.batch_size):
                batch = phrased[start : start + self.batch_size]
                words.update(self._ask(section, batch, transcript, stats, focus_speaker) or {})
            out = []
            for index, p in enumerate(items):
                text = p.text
                candidate = words.get(p.key)
                if p in phrased:
                    reasons = (
                        ["no valid sentence from the model"]
                        if candidate is None
                        else problems(
                            candidate,
                            p,
                            excerpt(transcript, _lines(p), focus_speaker),
                            self.known_interventions,
                        )
                    )
                    if reasons:
                        replaced.append(
                            Replacement(
                                section=section,
                                index=index,
                                reason="; ".join(reasons),
                                rejected_text=candidate or "",
                            )
                        )
                    else:
                        text = candidate or p.text
                out.append(NoteSentence(text=text, evidence=p.evidence))
            sections[section] = tuple(out)
        elapsed = time.perf_counter() - began
        log.info(
            "drafted with %s: %d model calls, %d sentences replaced", self.name, stats.calls, len(replaced)
        )
        return Draft(
            note=BirpNote(**sections),
            provenance=Provenance(
                drafter=self.name,
                model=self.chat.model_name,
                model_sha256=self.chat.model_sha256,
                prompt_version=self.prompts.version,
                vocabulary_version=self.vocabulary_version,
                timings_s={"draft": round(elapsed, 3)},
                replaced=tuple(replaced),
                model_calls=stats.calls,
                retries=stats.retries,
                model_usage=self.chat.usage().minus(usage_before),
                model_crashed=stats.crash,
                created_at=datetime.now(UTC),
            ),
        )
