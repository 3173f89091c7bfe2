"""Fixtures shared by the evaluation tests over ../shared/data/cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.cases import load_cases
from eval.drafts import Drafted, draft_cases
from service.container import Container


@pytest.fixture(scope="session")
def template_build_drafts(shared_data: Path, container: Container) -> list[Drafted]:
    """Every build-split case drafted once through the pipeline with the template drafter: the notes
    scores, the drafter's self-check and the validator's end-to-end scores all read these same drafts, as
    `sessionnote eval` would from one drafting pass."""
    cases = [c for c in load_cases(shared_data) if c.split == "build"]
    return list(draft_cases(container, "template", cases))
