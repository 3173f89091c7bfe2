"""Each validator rule: one test that makes it fire and one that keeps it quiet (fixture session)."""

from __future__ import annotations

from datetime import date

from service.domain.facts import InterventionFact, MeasureFact, RiskFact
from service.domain.findings import Finding
from service.validate.config import RuleConfig
from tests.unit.validator_helpers import context, facts, note, plan, run, with_sentence


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# INTERVENTION_NOT_IN_PLAN


def test_when_plan_lacks_intervention_then_flagged() -> None:
    off_plan = InterventionFact(
        name="Mindful breathing (de-escalation)",
        modality="Mindfulness",
        verb="Led",
        in_plan=False,
        evidence=(8,),
    )
    found = run("INTERVENTION_NOT_IN_PLAN", context(the_facts=facts(interventions=(off_plan,))))
    assert codes(found) == ["INTERVENTION_NOT_IN_PLAN"]
    assert found[0].ref == "Mindful breathing (de-escalation)"
    assert found[0].severity == "block"


def test_when_note_documents_unplanned_technique_then_flagged_at_that_sentence() -> None:
    edited = with_sentence(note(), "intervention", "Used EMDR on the panic memory.", (2, 3))
    found = run("INTERVENTION_NOT_IN_PLAN", context(the_note=edited))
    assert len(found) == 1
    assert found[0].note_refs == ("intervention/2",)


def test_when_only_planned_interventions_then_no_intervention_finding() -> None:
    proposal = with_sentence(
        note(), "intervention", "Introduced worry exposure as an option for next session."
    )
    assert run("INTERVENTION_NOT_IN_PLAN", context(the_note=proposal)) == []


def test_when_plan_item_names_a_component_in_its_own_words_then_that_component_is_covered() -> None:
    base = plan()
    first = base.interventions[0].model_copy(
        update={"name": "Exposure and response prevention (imaginal scripts and in vivo exposures)"}
    )
    erp_plan = base.model_copy(update={"interventions": (first, *base.interventions[1:])})
    sentence = "Guided client through imaginal exposure to the feared scene."
    edited = with_sentence(note(), "intervention", sentence, (2, 3))
    assert run("INTERVENTION_NOT_IN_PLAN", context(the_note=edited, the_plan=erp_plan)) == []
    found = run("INTERVENTION_NOT_IN_PLAN", context(the_note=edited))
    assert [f.ref for f in found] == ["Imaginal exposure"]


# NON_VOCABULARY_INTERVENTION


def test_when_intervention_is_outside_vocabulary_then_flagged() -> None:
    edited = with_sentence(
        note(), "intervention", "Applied tapping on acupressure points to release energy.", (8,)
    )
    found = run("NON_VOCABULARY_INTERVENTION", context(the_note=edited))
    assert codes(found) == ["NON_VOCABULARY_INTERVENTION"]
    assert found[0].note_refs == ("intervention/2",)
    assert found[0].severity == "warn"


def test_when_extractor_marks_fact_off_vocabulary_then_flagged() -> None:
    tapping = InterventionFact(
        name="EFT tapping",
        modality="Energy psychology",
        verb="Led",
        in_plan=False,
        in_vocabulary=False,
        evidence=(8,),
    )
    found = run("NON_VOCABULARY_INTERVENTION", context(the_facts=facts(interventions=(tapping,))))
    assert [f.ref for f in found] == ["EFT tapping"]


def test_when_note_uses_vocabulary_then_no_vocabulary_finding() -> None:
    assert run("NON_VOCABULARY_INTERVENTION", context()) == []


# GOAL_NOT_ADDRESSED


def test_when_session_addresses_no_goal_then_blocked() -> None:
    found = run("GOAL_NOT_ADDRESSED", context(the_facts=facts(goals_addressed=())))
    assert [(f.ref, f.severity) for f in found] == [("*", "block")]


def test_when_goal_untouched_for_n_sessions_then_warned() -> None:
    history = plan().history
    assert history is not None
    stale = plan(history=history.model_copy(update={"goal_sessions_without": {"G1": 0, "G2": 2}}))
    found = run("GOAL_NOT_ADDRESSED", context(the_plan=stale))
    assert [(f.ref, f.severity) for f in found] == [("G2", "warn")]


def test_when_goal_threshold_is_configured_then_it_is_used() -> None:
    found = run("GOAL_NOT_ADDRESSED", context(), RuleConfig(thresholds={"untouched_sessions": 1}))
    assert [f.ref for f in found] == ["G2"]


def test_when_note_names_no_goal_then_blocked() -> None:
    bare = note().model_copy(
        update={
            "intervention": tuple(
                s.model_copy(update={"text": "Reviewed the week with the client."})
                for s in note().intervention
            )
        }
    )
    found = run("GOAL_NOT_ADDRESSED", context(the_note=bare))
    assert codes(found) == ["GOAL_NOT_ADDRESSED"]


def test_when_goals_are_addressed_recently_then_no_goal_finding() -> None:
    assert run("GOAL_NOT_ADDRESSED", context()) == []


# MEASURE_DUE_NOT_RECORDED


def test_when_monthly_measure_is_due_and_missing_then_flagged() -> None:
    found = run("MEASURE_DUE_NOT_RECORDED", context(session_date=date(2026, 5, 27)))
    assert [f.ref for f in found] == ["PHQ-9"]


def test_when_score_came_from_another_provider_then_measure_still_due() -> None:
    outside = MeasureFact(
        instrument="GAD-7", score=9, reported_by="client", administered_in_session=False, evidence=(0,)
    )
    found = run("MEASURE_DUE_NOT_RECORDED", context(the_facts=facts(measures=(outside,))))
    assert [f.ref for f in found] == ["GAD-7"]


def test_when_measures_are_recorded_or_not_due_then_no_measure_finding() -> None:
    assert run("MEASURE_DUE_NOT_RECORDED", context()) == []


# PLAN_REVIEW_OVERDUE


def test_when_session_is_after_review_date_then_flagged() -> None:
    found = run("PLAN_REVIEW_OVERDUE", context(session_date=date(2026, 7, 1)))
    assert [(f.ref, f.severity) for f in found] == [("review_date", "block")]


def test_when_session_is_on_review_date_then_no_review_finding() -> None:
    assert run("PLAN_REVIEW_OVERDUE", context(session_date=date(2026, 6, 30))) == []


# RISK_NOT_DOCUMENTED


def test_when_risk_voiced_but_not_assessed_then_flagged() -> None:
    risk = RiskFact(present=True, kinds=("passive SI",), evidence=(11,), asked=False)
    found = run("RISK_NOT_DOCUMENTED", context(the_facts=facts(risk=risk)))
    assert [f.ref for f in found] == ["risk"]
    assert "not assessed" in found[0].detail


def test_when_phq9_item9_positive_and_note_silent_then_flagged() -> None:
    item9 = MeasureFact(instrument="PHQ-9 item 9", score=1, reported_by="client", evidence=(0,))
    found = run("RISK_NOT_DOCUMENTED", context(the_facts=facts(measures=(item9,))))
    assert "does not document" in found[0].detail


def test_when_high_risk_client_without_safety_plan_review_then_flagged() -> None:
    high = plan(risk=plan().risk.model_copy(update={"level": "high", "safety_plan": True}))
    found = run("RISK_NOT_DOCUMENTED", context(the_plan=high))
    assert "safety plan" in found[0].detail


def test_when_no_risk_in_session_then_no_risk_finding() -> None:
    assert run("RISK_NOT_DOCUMENTED", context()) == []


# RISK_REVIEW


def test_when_possible_risk_language_then_blocking_review_finding_points_at_the_lines_with_times() -> None:
    risk = RiskFact(present=False, review_kinds=("passive SI",), review_evidence=(3,))
    ctx = context(the_facts=facts(risk=risk))
    found = run("RISK_REVIEW", ctx)
    assert [(f.ref, f.severity, f.evidence) for f in found] == [("risk", "block", (3,))]
    start = ctx.utterances[3].start
    assert f"{int(start) // 60}:{int(start) % 60:02d}" in found[0].detail


def test_when_no_possible_risk_language_then_no_review_finding() -> None:
    assert run("RISK_REVIEW", context()) == []


# UNSUPPORTED_CLAIM


def test_when_sentence_invents_a_number_then_flagged() -> None:
    edited = with_sentence(note(), "behavior", "GAD-7 administered this session: score 15.", (0, 1))
    found = run("UNSUPPORTED_CLAIM", context(the_note=edited))
    assert [f.note_refs for f in found] == [("behavior/2",)]


def test_when_clinician_adds_sentence_without_evidence_then_flagged() -> None:
    edited = with_sentence(note(), "behavior", "Client reported a wish to die.")
    found = run("UNSUPPORTED_CLAIM", context(the_note=edited))
    assert [f.note_refs for f in found] == [("behavior/2",)]


def test_when_note_is_faithful_then_no_unsupported_claim() -> None:
    assert run("UNSUPPORTED_CLAIM", context()) == []


# RESIDUAL_PHI


def test_when_chart_name_left_in_note_then_flagged() -> None:
    edited = with_sentence(note(), "plan", "Call Robin Avery about the schedule.", (12,))
    found = run("RESIDUAL_PHI", context(the_note=edited))
    assert [f.note_refs for f in found] == [("plan/2",)]
    assert "Robin" not in found[0].detail
    assert "Avery" not in found[0].detail


def test_when_note_uses_placeholders_then_no_residual_phi() -> None:
    edited = with_sentence(note(), "plan", "Call [PERSON_1] about the schedule.", (12,))
    assert run("RESIDUAL_PHI", context(the_note=edited)) == []


# MEDICAL_NECESSITY


def test_when_nothing_links_session_to_diagnosis_then_warned() -> None:
    unlinked = facts(goals_addressed=(), interventions=())
    bare = note().model_copy(update={"intervention": (), "response": ()})
    found = run("MEDICAL_NECESSITY", context(the_note=bare, the_facts=unlinked))
    assert [(f.code, f.severity) for f in found] == [("MEDICAL_NECESSITY", "warn")]


def test_when_work_serves_a_goal_then_no_medical_necessity_warning() -> None:
    assert run("MEDICAL_NECESSITY", context()) == []
