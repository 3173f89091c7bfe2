"""The extraction evaluation on ../shared/data: issue 10's targets, asserted on the build split only.

The check split is scored and reported by ``sessionnote eval extraction`` but never asserted on (its
errors must not steer the rules). Targets the current extractor does not meet on the build split yet
(intervention F1 >= 0.85, risk recall 1.0) are reported, not asserted, until the extraction work of
issue 10 lands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval import extraction
from eval.splits import BUILD, CHECK
from service.container import Container

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def results(shared_data: Path, container: Container) -> dict[str, Any]:
    # The pipeline-scrubber pass (the report's last table) asserts nothing here; `sessionnote eval
    # extraction` runs it.
    return extraction.run(shared_data, write=False, container=container, with_scrubber=False)


@pytest.fixture(scope="module")
def build(results: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = results["splits"]["build"]
    return summary


def test_when_cases_are_extracted_then_each_split_is_scored_on_its_own_cases(results: dict[str, Any]) -> None:
    assert results["splits"]["build"]["n_cases"] == len(BUILD)
    assert results["splits"]["check"]["n_cases"] == len(CHECK)


def test_when_build_cases_are_extracted_then_risk_is_never_denied_without_being_asked(
    build: dict[str, Any],
) -> None:
    assert build["risk"]["denied_without_asking"] == 0
    assert build["risk"]["denied_despite_risk"] == 0


def test_when_build_cases_are_extracted_then_scores_are_exact_and_none_is_invented(
    build: dict[str, Any],
) -> None:
    assert build["measures"]["accuracy"] >= extraction.TARGETS["measure_accuracy"]
    assert build["measures"]["invented"] == 0


def test_when_build_cases_are_extracted_then_no_false_risk_is_reported(build: dict[str, Any]) -> None:
    assert build["risk"]["false_risk"] == 0


def test_when_build_cases_are_extracted_then_no_proposed_intervention_is_reported_as_used(
    build: dict[str, Any],
) -> None:
    assert build["proposed"]["proposed_as_used"] == 0


def test_when_placeholders_replace_names_then_build_results_do_not_depend_on_them(
    results: dict[str, Any],
) -> None:
    gold, raw = results["splits"]["build"], results["raw"]["splits"]["build"]
    assert raw["interventions"]["strict"] == gold["interventions"]["strict"]
    assert raw["measures"]["matched"] == gold["measures"]["matched"]


def test_when_annomi_is_coded_then_every_code_is_reported(results: dict[str, Any]) -> None:
    codes = results["annomi"]["codes"]
    assert set(codes) == set(extraction.MI_CODES)
    assert codes["question"]["f1"] > 0.5


def test_when_the_report_is_written_then_no_check_split_case_is_named(results: dict[str, Any]) -> None:
    text = extraction.markdown(results)
    assert not [case for case in results["cases"] if case[:6] in CHECK and case in text]
    assert "check now (8 cases)" in text
