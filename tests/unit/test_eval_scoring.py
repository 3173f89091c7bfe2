"""The evaluation's own scorers: name equivalences, numbers, instruments, risk denials, claims, splits."""

from __future__ import annotations

import pytest

from eval.claims import claim_violations
from eval.instruments import mentions, scores_in
from eval.interventions import match, names_concept, resolve_strict, same
from eval.risk_text import false_denial, is_denial
from eval.splits import BUILD, CHECK, by_split, split_of
from eval.words import numbers_in, split_sentences
from service.domain.note import BirpNote, NoteSentence


@pytest.mark.parametrize(
    ("expected", "extracted"),
    [
        ("Behavioural activation", "Behavioral activation"),
        ("Distress tolerance skills (DBT)", "DBT distress tolerance"),
        ("Exposure and response prevention", "ERP"),
        ("Cognitive defusion (ACT)", "Cognitive defusion"),
    ],
)
def test_when_names_are_the_same_concept_then_they_match_strictly(expected: str, extracted: str) -> None:
    assert same(expected, extracted, "strict")


@pytest.mark.parametrize(
    ("expected", "extracted"),
    [
        ("Activity scheduling", "Behavioral activation"),
        ("Thought record review", "Cognitive restructuring"),
        ("Psychoeducation about the anxiety cycle", "Psychoeducation"),
        ("Exposure (graded)", "In vivo exposure"),
    ],
)
def test_when_names_are_near_synonyms_then_they_match_only_by_the_near_rule(
    expected: str, extracted: str
) -> None:
    assert not same(expected, extracted, "strict")
    assert same(expected, extracted, "near")


def test_when_two_narrower_techniques_share_a_family_then_they_do_not_match() -> None:
    assert not same("Imaginal exposure", "Interoceptive exposure", "near")
    assert not same("Safety plan review", "Miracle question", "near")


def test_when_a_name_is_not_in_the_table_then_it_matches_only_itself() -> None:
    assert resolve_strict("Habit reversal training") == frozenset({"raw:habit reversal training"})
    assert same("Habit reversal training", "habit reversal training", "strict")
    assert not same("Habit reversal training", "Behavioral activation", "near")


def test_when_matching_then_each_extracted_item_is_used_once() -> None:
    pairs, missed, extra = match(
        ["Psychoeducation", "Psychoeducation (sleep)"], ["Psychoeducation"], str, str, "strict"
    )
    assert len(pairs) == 1
    assert len(missed) == 1
    assert extra == []


def test_when_a_note_sentence_names_a_technique_in_other_words_then_it_counts() -> None:
    assert names_concept(
        "Reviewed the client's thought record and examined the evidence.", "Cognitive restructuring"
    )
    assert not names_concept("Reviewed homework.", "Cognitive restructuring")


def test_when_numbers_are_spoken_or_written_then_both_are_read() -> None:
    assert numbers_in("a fifty-five, then 30 and twenty one") == [55.0, 30.0, 21.0]
    assert scores_in("PHQ-9 item 9 scored 1; GAD-7 of twelve") == [1.0, 12.0]


def test_when_an_instrument_is_named_then_longer_names_are_not_confused() -> None:
    assert mentions("CY-BOCS total 20", "CY-BOCS")
    assert not mentions("CY-BOCS total 20", "Y-BOCS")
    assert mentions("phq 9 was 14", "PHQ-9")


def test_when_risk_is_denied_after_a_disclosure_then_the_denial_is_false() -> None:
    disclosed = {"present": True, "kind": "self-harm", "asked": True}
    text = "Assessed for suicidal ideation and self-harm; client denied both when asked."
    assert false_denial(text, disclosed) is not None


def test_when_nobody_asked_then_any_denial_is_false() -> None:
    assert false_denial("Client denied SI.", {"present": False, "kind": "none", "asked": False})


def test_when_plan_and_intent_are_denied_alongside_passive_ideation_then_it_is_not_a_false_denial() -> None:
    passive = {"present": True, "kind": "passive SI", "asked": True}
    assert false_denial("Client endorsed passive SI; denied plan or intent.", passive) is None
    assert not is_denial("Client disclosed passive SI.")


def test_when_a_note_states_a_forbidden_score_then_the_claim_is_violated() -> None:
    note = BirpNote(behavior=(NoteSentence(text="GAD-7 administered: score 14.", evidence=(3,)),))
    assert claim_violations(note, ["Today's GAD-7 score was 14 or 16."])
    assert not claim_violations(note, ["A PCL-5 was administered this session."])


def test_when_a_claim_names_a_suicide_plan_then_passive_ideation_does_not_violate_it() -> None:
    note = BirpNote(behavior=(NoteSentence(text="Client disclosed passive SI.", evidence=(3,)),))
    assert not claim_violations(note, ["Client reported a suicide plan, intent, or preparatory behavior."])
    assert claim_violations(note, ["Client endorsed suicidal ideation."])


def test_when_cases_are_split_then_every_case_is_in_exactly_one_split() -> None:
    assert len(BUILD) == 16
    assert len(CHECK) == 8
    assert not BUILD & CHECK
    assert split_of("dev-07-panic-interoceptive") == "build"
    assert split_of("dev-24-anything") == "check"
    assert split_of("dev-99") is None
    assert by_split({"dev-01-a": 1, "dev-10-b": 2}) == {"build": {"dev-01-a": 1}, "check": {"dev-10-b": 2}}


def test_when_a_paragraph_is_split_then_abbreviations_do_not_end_sentences() -> None:
    assert split_sentences("Reviewed the log (e.g. Monday). Dr. [PERSON_1] agreed. Plan: continue.") == [
        "Reviewed the log (e.g. Monday).",
        "Dr. [PERSON_1] agreed.",
        "Plan: continue.",
    ]


def _note(*texts: str) -> BirpNote:
    return BirpNote(intervention=tuple(NoteSentence(text=t, evidence=(1,)) for t in texts))


def test_when_a_note_only_says_risk_was_assessed_then_it_claims_no_risk() -> None:
    note = _note("Assessed for suicidal ideation, self-harm and a suicide plan.")
    assert not claim_violations(
        note, ["Client reported suicidal ideation.", "Client has a plan or intent to die."]
    )


def test_when_a_suicide_plan_is_denied_then_ideation_is_not_denied() -> None:
    passive = {"present": True, "kind": "passive SI", "asked": True}
    text = "Client denied a suicide plan, self-harm and intent when asked."
    assert false_denial(text, passive) is None
    assert not claim_violations(_note(text), ["Client denied suicidal ideation."])


def test_when_a_new_safety_plan_is_written_then_no_review_of_a_prior_one_is_claimed() -> None:
    note = _note("Developed a written safety plan with client.")
    assert not claim_violations(note, ["The note describes reviewing a prior safety plan."])
    assert claim_violations(note, ["A safety plan was created."])


def test_when_a_claim_names_a_quantity_then_a_sentence_without_it_does_not_make_it() -> None:
    note = _note("Client walked the dog without skipping, weekends included.")
    assert not claim_violations(note, ["Client walked the dog without skipping on all five days."])
    assert claim_violations(note, ["Client walked the dog without skipping on weekends."])
