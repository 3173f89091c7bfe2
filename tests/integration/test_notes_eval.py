"""Notes drafted through the whole pipeline (template drafter), scored by the evaluation's own reading of
them: issue 10's targets, asserted on the build split only.

Unsupported sentences are counted by reading (eval/judgments/support.jsonl): a sentence whose wording or
citations change has no verdict until someone reads it, so the reading target counts judged-unsupported
sentences against all drafted ones. The check split is never asserted on.
"""

from __future__ import annotations

from typing import Any

import pytest

from eval import notes
from eval.drafts import Drafted
from eval.splits import BUILD
from service.container import Container

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def build(container: Container, template_build_drafts: list[Drafted]) -> dict[str, Any]:
    cases = [d.case for d in template_build_drafts]
    result = notes.summarise_drafter(notes.score_drafter(container, "template", cases, template_build_drafts))
    summary: dict[str, Any] = result["splits"]["build"]
    return summary


def test_when_build_cases_are_drafted_then_every_case_has_a_note(build: dict[str, Any]) -> None:
    assert build["n_cases"] == len(BUILD)
    assert build["sentences"] > len(BUILD)


def test_when_build_cases_are_drafted_then_no_note_denies_risk_falsely(build: dict[str, Any]) -> None:
    assert build["false_denials"] == 0


def test_when_build_cases_are_drafted_then_no_note_makes_a_claim_it_must_not(build: dict[str, Any]) -> None:
    assert build["violations"] == 0


def test_when_build_cases_are_drafted_then_no_identifier_is_left_in_a_note(build: dict[str, Any]) -> None:
    assert build["phi_strings"] == 0


def test_when_build_cases_are_drafted_then_at_most_two_percent_of_sentences_are_judged_unsupported(
    build: dict[str, Any],
) -> None:
    assert build["judged_unsupported"] <= 0.02 * build["sentences"]
