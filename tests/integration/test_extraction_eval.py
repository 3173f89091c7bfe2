"""The extraction evaluation on ../shared/data: the issue's targets on the development cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval import extraction

pytestmark = pytest.mark.needs_shared_data


@pytest.fixture(scope="module")
def results(shared_data: Path) -> dict[str, Any]:
    return extraction.run(shared_data, write=False)


def test_when_cases_are_extracted_then_intervention_f1_meets_the_target(results: dict[str, Any]) -> None:
    assert results["scrubbed"]["overall"]["interventions"]["f1"] >= 0.80


def test_when_cases_are_extracted_then_scores_are_exact_and_none_is_invented(results: dict[str, Any]) -> None:
    measures = results["scrubbed"]["overall"]["measures"]
    assert measures["accuracy"] >= 0.95
    assert measures["invented"] == 0


def test_when_cases_are_extracted_then_every_risk_statement_is_found_and_no_false_risk(
    results: dict[str, Any],
) -> None:
    risk = results["scrubbed"]["overall"]["risk"]
    assert risk["recall"] == 1.0
    assert risk["false_risk"] == 0
    assert risk["denied_without_asking"] == 0


def test_when_proposed_interventions_are_extracted_then_none_is_reported_as_used(
    results: dict[str, Any],
) -> None:
    assert results["scrubbed"]["overall"]["proposed"]["proposed_as_used"] == 0


def test_when_placeholders_replace_names_then_results_do_not_depend_on_them(results: dict[str, Any]) -> None:
    scrubbed, raw = results["scrubbed"]["overall"], results["raw"]["overall"]
    assert raw["interventions"]["f1"] == scrubbed["interventions"]["f1"]
    assert raw["measures"]["matched"] == scrubbed["measures"]["matched"]


def test_when_annomi_is_coded_then_every_code_is_reported(results: dict[str, Any]) -> None:
    codes = results["annomi"]["codes"]
    assert set(codes) == set(extraction.MI_CODES)
    assert codes["question"]["f1"] > 0.5


def test_when_the_evaluation_runs_then_results_are_written(results: dict[str, Any]) -> None:
    assert (extraction.RESULTS_DIR / "extraction.json").is_file()
    assert "## Targets" in (extraction.RESULTS_DIR / "extraction.md").read_text(encoding="utf-8")
