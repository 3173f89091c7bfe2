"""Per-clinic validator YAML: severities, disabling, thresholds, unknown codes refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import ConfigurationError
from service.validate.config import load_validator_config
from service.validate.validator import PlanValidator
from tests.unit.validator_helpers import facts, note, plan, transcript


def test_default_config_names_every_rule() -> None:
    config = load_validator_config()
    assert set(config.rules) >= {
        "INTERVENTION_NOT_IN_PLAN",
        "NON_VOCABULARY_INTERVENTION",
        "GOAL_NOT_ADDRESSED",
        "MEASURE_DUE_NOT_RECORDED",
        "PLAN_REVIEW_OVERDUE",
        "RISK_NOT_DOCUMENTED",
        "UNSUPPORTED_CLAIM",
        "RESIDUAL_PHI",
        "MEDICAL_NECESSITY",
    }


def test_when_clinic_changes_severity_and_disables_a_rule_then_validator_follows(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text(
        "rules:\n  PLAN_REVIEW_OVERDUE: {severity: warn}\n  MEASURE_DUE_NOT_RECORDED: {enabled: false}\n",
        encoding="utf-8",
    )
    validator = PlanValidator(config=load_validator_config(path))
    late = transcript().model_copy(update={"session_date": None})
    from datetime import date

    findings = validator.validate(note(), late, plan(), facts=facts(), session_date=date(2026, 8, 1))
    assert [(f.code, f.severity) for f in findings] == [("PLAN_REVIEW_OVERDUE", "warn")]


def test_when_config_names_unknown_rule_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    path.write_text("rules:\n  NOT_A_RULE: {enabled: false}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="NOT_A_RULE"):
        load_validator_config(path)
