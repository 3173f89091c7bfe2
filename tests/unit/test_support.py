"""Support verification (service/validate/support.py) on the fictional fixture session."""

from __future__ import annotations

from service.domain.note import BirpNote, NoteSentence
from service.validate.support import align_evidence, verify_sentence
from service.validate.vocabulary import load_vocabulary
from tests.unit.validator_helpers import facts, plan, transcript

UTTERANCES = transcript().utterances
VOCAB = load_vocabulary()


def check(
    text: str, evidence: tuple[int, ...], *, with_facts: bool = True, section: str | None = None
) -> list[str]:
    result = verify_sentence(
        NoteSentence(text=text, evidence=evidence),
        UTTERANCES,
        facts=facts() if with_facts else None,
        vocabulary=VOCAB,
        plan=plan(),
        section=section,  # type: ignore[arg-type]
    )
    return [p.kind for p in result.problems]


def test_when_number_is_spoken_in_cited_lines_then_supported() -> None:
    assert check("GAD-7 administered this session: 9, down from 12.", (0, 1), with_facts=False) == []


def test_when_number_is_missing_from_cited_lines_then_unsupported() -> None:
    assert check("GAD-7 administered this session: 11.", (0, 1)) == ["number"]


def test_when_plan_target_is_quoted_then_supported() -> None:
    assert check("Progress toward G1.O1 (GAD-7 9; target 7).", (0, 1)) == []


def test_when_proposed_intervention_is_described_as_done_then_unsupported() -> None:
    assert "proposed_only" in check("Conducted imaginal worry exposure.", (10, 11), section="intervention")
    assert "proposed_only" in check(
        "Conducted worry exposure.", (10, 11), with_facts=False, section="intervention"
    )


def test_when_proposal_is_documented_as_proposal_then_supported() -> None:
    assert (
        check("Introduced worry exposure as an option for next session.", (10, 11), section="intervention")
        == []
    )


def test_when_intervention_differs_from_cited_delivery_then_unsupported() -> None:
    assert check("Practiced grounding with the client.", (8, 9), section="intervention") == ["intervention"]


def test_when_denial_of_si_has_no_question_then_unsupported() -> None:
    assert check("Client denied suicidal ideation.", (0, 1)) == ["risk"]


def test_when_panic_fear_is_reported_as_wish_to_die_then_unsupported() -> None:
    assert check("Client reported thoughts of death.", (3,)) == ["risk"]


def test_when_quote_is_paraphrased_lightly_then_supported() -> None:
    assert check('Client said "I feel the panic more than people see it."', (7,)) == []


def test_when_quote_is_invented_then_unsupported() -> None:
    assert check('Client said "my boss thinks I am useless."', (7,)) == ["quote"]


def test_when_sentence_cites_nothing_then_unsupported_unless_an_observation() -> None:
    assert check("Client reported better sleep.", ()) == ["no_evidence"]
    assert check("Client attended on time, alert and engaged.", ()) == []


def test_when_evidence_index_does_not_exist_then_unsupported() -> None:
    assert check("Client reported better sleep.", (99,)) == ["bad_evidence"]


def test_align_evidence_cites_the_lines_a_sentence_draws_on() -> None:
    bare = BirpNote(
        behavior=(NoteSentence(text="GAD-7 came out at 9 today, down from 12."),),
        intervention=(NoteSentence(text="Guided client through diaphragmatic breathing."),),
    )
    aligned = align_evidence(bare, UTTERANCES, facts=facts(), vocabulary=VOCAB)
    assert {0, 1} <= set(aligned.behavior[0].evidence)
    assert {8, 9} <= set(aligned.intervention[0].evidence)
    assert check(aligned.behavior[0].text, aligned.behavior[0].evidence) == []
