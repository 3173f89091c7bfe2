"""A drafted note must pass its own validator: no UNSUPPORTED_CLAIM against a drafted, unedited sentence.

Every build-split case goes through the pipeline (scrub, extract, draft, validate) with the template
drafter and with the default drafter (a drafter with a native model runs in a child process, so a crash
is reported as a failure instead of killing the test run). A sentence the pipeline withheld from the note
because its validator flagged it counts too: the drafter emitted it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.drafts import Drafted, run_scored
from eval.self_check import unsupported_in_drafts
from eval.splits import BUILD
from service.config import load_settings
from service.container import Container

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.slow]


def _flagged(result: dict[str, list[str]]) -> dict[str, list[str]]:
    return {case: found for case, found in result.items() if found}


def test_when_build_cases_are_drafted_by_the_template_then_the_validator_flags_no_drafted_sentence(
    container: Container, template_build_drafts: list[Drafted]
) -> None:
    cases = [d.case for d in template_build_drafts]
    result = unsupported_in_drafts(container, "template", cases, template_build_drafts)
    assert len(result["cases"]) == len(BUILD)
    assert not _flagged(result["cases"]), f"template: drafted sentences flagged: {_flagged(result['cases'])}"


def test_when_build_cases_are_drafted_by_the_default_drafter_then_the_validator_flags_no_drafted_sentence(
    shared_data: Path,
) -> None:
    drafter = load_settings().drafter
    result = run_scored("eval.self_check:unsupported_in_drafts", drafter, shared_data)
    assert "not_run" not in result, f"the {drafter} drafter did not run: {result.get('not_run')}"
    assert len(result["cases"]) == len(BUILD)
    assert not _flagged(result["cases"]), f"{drafter}: drafted sentences flagged: {_flagged(result['cases'])}"
