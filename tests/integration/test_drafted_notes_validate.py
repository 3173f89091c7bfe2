"""A drafted note must pass its own validator: no UNSUPPORTED_CLAIM against a drafted, unedited sentence.

Every build-split case goes through the pipeline (scrub, extract, draft, validate) with the template
drafter and with the default drafter (a drafter with a native model runs in a child process, so a crash
is reported as a failure instead of killing the test run). A sentence the pipeline withheld from the note
because its validator flagged it counts too: the drafter emitted it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.drafts import run_scored
from eval.splits import BUILD
from service.config import load_settings

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.slow]


@pytest.mark.parametrize("which", ["template", "default"])
def test_when_build_cases_are_drafted_then_the_validator_flags_no_drafted_sentence_as_unsupported(
    which: str, shared_data: Path
) -> None:
    drafter = load_settings().drafter if which == "default" else which
    result = run_scored("eval.self_check:unsupported_in_drafts", drafter, shared_data)
    assert "not_run" not in result, f"the {drafter} drafter did not run: {result.get('not_run')}"
    assert len(result["cases"]) == len(BUILD)
    flagged = {case: found for case, found in result["cases"].items() if found}
    assert not flagged, f"{drafter}: drafted sentences its validator flags as unsupported: {flagged}"
