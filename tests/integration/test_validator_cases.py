"""The validator on the build split of ../shared/data/cases: with the facts expected.json states and the
case's reference note (the rules in isolation), and end to end on the pipeline's own template notes.
Issue 10's targets are asserted on the build split only; those the current code does not meet yet
(end-to-end recall >= 0.90, precision >= 0.85 on the reference note, no blocking finding on a case with
nothing to flag) are reported by ``sessionnote eval validator``, not asserted, until the work of issue 10
lands. The check split is never asserted on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval.cases import load_cases
from eval.drafts import Drafted
from eval.splits import BUILD
from eval.validator import TARGET_PRECISION, TARGET_RECALL, reference_settings, score_pipeline
from service.container import Container

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def oracle(shared_data: Path, container: Container) -> dict[str, Any]:
    cases = [c for c in load_cases(shared_data) if c.split == "build"]
    oracle = reference_settings(container, cases, ("oracle/reference",))["oracle/reference"]
    summary: dict[str, Any] = oracle["splits"]["build"]
    return summary


@pytest.fixture(scope="module")
def pipeline(container: Container, template_build_drafts: list[Drafted]) -> dict[str, Any]:
    cases = [d.case for d in template_build_drafts]
    result = score_pipeline(container, "template", cases, template_build_drafts)
    summary: dict[str, Any] = result["splits"]["build"]
    return summary


def test_when_the_plan_and_session_call_for_findings_then_the_validator_raises_them(
    oracle: dict[str, Any],
) -> None:
    assert oracle["n_cases"] == len(BUILD)
    assert oracle["recall"] >= TARGET_RECALL


@pytest.mark.parametrize("code", ["RESIDUAL_PHI", "INTERVENTION_NOT_IN_PLAN", "NON_VOCABULARY_INTERVENTION"])
def test_when_a_probe_sentence_is_added_then_the_validator_flags_it(
    oracle: dict[str, Any], code: str
) -> None:
    probes = oracle["per_code"][code]
    assert probes["probes"] > 0
    assert probes["probes_caught"] == probes["probes"]


def test_when_the_pipeline_validates_its_own_note_then_its_findings_are_mostly_right(
    pipeline: dict[str, Any],
) -> None:
    assert pipeline["n_cases"] == len(BUILD)
    assert pipeline["precision"] >= TARGET_PRECISION
