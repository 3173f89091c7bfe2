"""Assigning clinical roles to anonymous speakers.

Heuristic (documented in the README, correctable by the clinician later): the therapist is the speaker
with the highest share of questions among their utterances (therapists ask; clients answer), ties
broken by who spoke first. Remaining speakers become ``client``, ``client_2``, ... by speaking time,
most first. A recording with one voice is labelled ``client`` unless it is mostly questions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from service.domain.transcript import Utterance

_QUESTION_START = re.compile(
    r"^(how|what|when|where|why|who|which|do|does|did|is|are|was|were|can|could|would|will|have|has|"
    r"tell me|say more)\b",
    re.IGNORECASE,
)


def _is_question(text: str) -> bool:
    text = text.strip()
    return text.endswith("?") or bool(_QUESTION_START.match(text))


def assign_roles(utterances: Sequence[Utterance]) -> dict[str, str]:
    """Map anonymous labels (``S0``, ``ch1``...) to ``therapist``, ``client``, ``client_2``..."""
    questions: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    talk: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for i, u in enumerate(utterances):
        first.setdefault(u.speaker, i)
        count[u.speaker] += 1
        talk[u.speaker] += u.end - u.start
        questions[u.speaker] += _is_question(u.text)
    labels = sorted(count, key=lambda s: first[s])
    if not labels:
        return {}
    if len(labels) == 1:
        only = labels[0]
        return {only: "therapist" if questions[only] / count[only] > 0.5 else "client"}
    therapist = max(labels, key=lambda s: (questions[s] / count[s], -first[s]))
    roles = {therapist: "therapist"}
    others = sorted((s for s in labels if s != therapist), key=lambda s: -talk[s])
    for n, label in enumerate(others):
        roles[label] = "client" if n == 0 else f"client_{n + 1}"
    return roles


def relabel(utterances: Sequence[Utterance], roles: dict[str, str]) -> list[Utterance]:
    """Utterances with anonymous labels replaced by roles."""
    return [u.model_copy(update={"speaker": roles.get(u.speaker, u.speaker)}) for u in utterances]
