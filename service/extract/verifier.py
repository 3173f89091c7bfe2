"""The local LLM as a verifier of intervention candidates: delivered, only proposed, only discussed, or
not done, read from a short scrubbed excerpt around the candidate's evidence.

Why a constrained label and not free generation: MODELS.md measured the small local models at 5-8 of 14
when labelling therapist lines freely; a single choice among four labels, with the technique's definition
beside the excerpt, is the most a 0.5-1.5B model can be trusted with. The answer is a JSON enum; a model
crash, a refusal or an unparseable answer is "no verdict" and the rules' decision stands.

What a verdict does (applied by :func:`apply_verdicts`): ``proposed`` moves the technique to the Plan
(``proposed``), ``discussed`` and ``not_done`` drop it, ``delivered`` or no verdict keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal, get_args

from pydantic import BaseModel, ValidationError

from service.domain.facts import InterventionFact
from service.errors import ModelCrashedError
from service.extract.meaning import ExemplarSet
from service.extract.text import Session
from service.log import get_logger
from service.protocols import ChatModel

log = get_logger("extract.verifier")
Verdict = Literal["delivered", "proposed", "discussed", "not_done"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
_LINE_CHARS = 320
_EXCERPT_LINES = 6
_SYSTEM = (
    "You check one fact in a psychotherapy progress note against a short excerpt of the session "
    "transcript (names are replaced by placeholders). Decide what the therapist did with the named "
    "technique IN THIS SESSION. Labels: delivered = the therapist actually did the technique with the "
    "client during the session (guided it, practised it, explained it, worked through it together); "
    "proposed = the therapist only suggested it for a later session or as homework; discussed = it was "
    "only mentioned, joked about, remembered from an earlier session, or the client described doing it "
    "at home; not_done = the excerpt shows nothing like this technique. Answer with JSON only."
)
_SCHEMA = {
    "type": "object",
    "properties": {"label": {"type": "string", "enum": list(VERDICTS)}},
    "required": ["label"],
    "additionalProperties": False,
}


class _Answer(BaseModel):
    label: Verdict


class InterventionVerifier:
    """Asks the chat model for one label per candidate; thread-safe as far as the model is."""

    def __init__(self, chat: ChatModel, exemplars: ExemplarSet) -> None:
        self.chat = chat
        self.exemplars = exemplars
        self.calls = 0

    @property
    def version(self) -> str:
        """The verifying model, for provenance."""
        return f"verifier={self.chat.model_name}:{(self.chat.model_sha256 or 'unknown')[:12]}"

    def excerpt(self, session: Session, evidence: Iterable[int]) -> str:
        """The evidence lines in order (therapist lines first when too many), each cut to a length."""
        indices = sorted(set(evidence))
        therapist = [i for i in indices if session.is_therapist(session.turns[i])]
        chosen = sorted((therapist + [i for i in indices if i not in therapist])[:_EXCERPT_LINES])
        lines = []
        for i in chosen:
            turn = session.turns[i]
            who = "Therapist" if session.is_therapist(turn) else "Client"
            lines.append(f"{who}: {turn.text[:_LINE_CHARS]}")
        return "\n".join(lines)

    def verdict(self, session: Session, fact: InterventionFact) -> Verdict | None:
        """The model's label for one candidate, or None when it gave none."""
        entry = self.exemplars.interventions.get(fact.name)
        definition = entry.definition if entry is not None else f"the technique called {fact.name}"
        prompt = (
            f"Technique: {fact.name}\nDefinition: {definition}\n\nExcerpt:\n"
            f"{self.excerpt(session, fact.evidence)}\n\n"
            "Which label fits: delivered, proposed, discussed or not_done?"
        )
        messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": prompt}]
        self.calls += 1
        try:
            raw = self.chat.complete_json(messages, _SCHEMA, max_tokens=16)
            return _Answer.model_validate_json(raw).label
        except ModelCrashedError:
            log.warning("verifier model stopped; the rules' decision stands")
            return None
        except (ValidationError, json.JSONDecodeError):
            return None


def apply_verdicts(
    session: Session,
    delivered: Iterable[InterventionFact],
    proposed: Iterable[InterventionFact],
    verifier: InterventionVerifier,
    only: frozenset[str] | None = None,
) -> tuple[list[InterventionFact], list[InterventionFact]]:
    """(delivered, proposed) after the verifier read each delivered candidate (or those in ``only``)."""
    kept: list[InterventionFact] = []
    plan = list(proposed)
    for fact in delivered:
        label = verifier.verdict(session, fact) if only is None or fact.name in only else None
        if label == "proposed":
            if all(p.name != fact.name for p in plan):
                plan.append(fact)
        elif label in ("discussed", "not_done"):
            log.debug("verifier dropped a candidate as %s", label)
        else:
            kept.append(fact)
    plan.sort(key=lambda f: f.evidence[0])
    return kept, plan
