"""The LLM verifier of interventions: what a verdict does to a candidate, the excerpt the model reads,
and a real call to the bundle's small model (the label is constrained to the four verdicts)."""

from __future__ import annotations

import pytest

from service.config import load_settings
from service.container import Container
from service.domain.facts import InterventionFact
from service.draft.backends.isolated import IsolatedChat
from service.extract.meaning import load_exemplars
from service.extract.text import Session
from service.extract.verifier import VERDICTS, InterventionVerifier, Verdict, apply_verdicts
from tests.unit.extract_helpers import dialogue

SMALL_LLM = "qwen2.5-coder-0.5b-q4km"
TEXT = """
T: Let's practise slow breathing together now: in for four, and a long breath out for six.
C: In... and out. My shoulders dropped.
T: Next week, if you like, we might also try a body scan.
C: Sure.
"""


def fact(name: str, *evidence: int) -> InterventionFact:
    return InterventionFact(name=name, modality="CBT", verb="Guided", in_plan=False, evidence=evidence)


class _Scripted(InterventionVerifier):
    """The verifier's bookkeeping with the verdicts given here (what the model said is tested below)."""

    def __init__(self, verdicts: dict[str, Verdict | None]) -> None:
        self.verdicts = verdicts
        self.calls = 0

    def verdict(self, session: Session, fact: InterventionFact) -> Verdict | None:
        self.calls += 1
        return self.verdicts.get(fact.name)


def test_when_the_verifier_says_proposed_then_the_technique_moves_to_the_plan() -> None:
    session = Session(dialogue(TEXT))
    kept, plan = apply_verdicts(session, [fact("Body scan", 2)], [], _Scripted({"Body scan": "proposed"}))
    assert kept == []
    assert [f.name for f in plan] == ["Body scan"]


def test_when_the_verifier_says_discussed_or_not_done_then_the_technique_is_dropped() -> None:
    session = Session(dialogue(TEXT))
    verifier = _Scripted({"Body scan": "discussed", "Grounding": "not_done"})
    kept, plan = apply_verdicts(session, [fact("Body scan", 2), fact("Grounding", 0)], [], verifier)
    assert kept == []
    assert plan == []


def test_when_the_verifier_gives_no_verdict_then_the_rules_decision_stands() -> None:
    session = Session(dialogue(TEXT))
    kept, _ = apply_verdicts(session, [fact("Diaphragmatic breathing", 0, 1)], [], _Scripted({}))
    assert [f.name for f in kept] == ["Diaphragmatic breathing"]


def test_when_only_cue_only_candidates_are_verified_then_the_others_are_not_asked() -> None:
    session = Session(dialogue(TEXT))
    verifier = _Scripted({"Body scan": "discussed", "Diaphragmatic breathing": "discussed"})
    kept, _ = apply_verdicts(
        session,
        [fact("Diaphragmatic breathing", 0), fact("Body scan", 2)],
        [],
        verifier,
        only=frozenset({"Body scan"}),
    )
    assert [f.name for f in kept] == ["Diaphragmatic breathing"]
    assert verifier.calls == 1


def test_when_an_excerpt_is_built_then_it_holds_the_evidence_lines_with_roles_only() -> None:
    session = Session(dialogue(TEXT))
    verifier = InterventionVerifier.__new__(InterventionVerifier)
    text = verifier.excerpt(session, (0, 1))
    assert text.splitlines()[0].startswith("Therapist: Let's practise slow breathing")
    assert text.splitlines()[1].startswith("Client: In... and out.")


@pytest.mark.slow
def test_when_the_small_model_verifies_a_candidate_then_it_answers_one_of_the_four_labels() -> None:
    container = Container(load_settings(llm_model=SMALL_LLM, llm_context_tokens=2048))
    chat = container.chat_model("llama-cpp")
    assert isinstance(chat, IsolatedChat)
    try:
        verifier = InterventionVerifier(chat, load_exemplars())
        label = verifier.verdict(Session(dialogue(TEXT)), fact("Diaphragmatic breathing", 0, 1))
        assert label in VERDICTS
        assert verifier.calls == 1
    finally:
        chat.close()
