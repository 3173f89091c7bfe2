"""Nothing unscrubbed reaches a model: every prompt of a full draft is captured and searched for PHI.

A full draft of each case goes through the real pipeline (real Presidio scrub of transcript and plan,
real extraction) with the LLM drafter whose chat model records every message it is sent. The recorder
answers with an empty JSON object, so the drafter keeps its template sentences: what is under test is
what leaves the process, which the prompts fix before any answer comes back.

Asserted: no value of the client's chart appears in any prompt of any case (the chart is ground truth
and is always removed); no phi.json string appears in any prompt of a build-split case (the check split
is reported by `sessionnote eval phi`, never tuned to); speaker labels in prompts are roles only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from service.container import Container
from service.domain.draft import ModelUsage
from service.domain.transcript import Transcript
from service.draft.llm import LlmDrafter
from service.pipeline import NotePipeline
from service.plans.io import read_plan

BUILD = {f"dev-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15, 17, 19, 21, 23)}
_ROLE_LINE = re.compile(r"(?:^|/ )([A-Za-z][\w ]{0,30}): ")
_ROLES = {"Client", "Therapist", "Parent", "Other participant"}
_NOT_PHI_KEYS = {"relation", "payer", "state", "dob"}


class RecordingChat:
    """A chat model that records what it is sent and answers nothing useful."""

    engine = "recorder"
    model_name = "recorder"
    model_sha256: str | None = None

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def usage(self) -> ModelUsage:
        return ModelUsage(calls=len(self.prompts))

    def close(self) -> None:
        pass

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        self.prompts.append("\n".join(m["content"] for m in messages))
        return "{}"


def _chart_values(node: Any, key: str = "") -> list[str]:
    if isinstance(node, dict):
        return [v for k, child in node.items() if k not in _NOT_PHI_KEYS for v in _chart_values(child, k)]
    if isinstance(node, list):
        return [v for child in node for v in _chart_values(child, key)]
    if isinstance(node, str):
        parts = re.split(r"[\s,()]+", node) if key in {"name", "preferred_name", "nicknames"} else []
        return [node, *parts]
    return []


def _found(values: list[str], text: str) -> list[str]:
    low = text.lower()
    return sorted(
        {
            v
            for v in (x.lower().strip(" .,'\"") for x in values)
            if len(v) >= 3 and re.search(r"(?<![a-z0-9])" + re.escape(v) + r"(?![a-z0-9])", low)
        }
    )


@pytest.mark.slow
@pytest.mark.needs_shared_data
def test_when_each_case_is_drafted_then_no_prompt_holds_chart_or_phi_strings(
    container: Container, shared_data: Path
) -> None:
    recorder = RecordingChat()
    drafter = LlmDrafter(recorder, container.prompts, "test", container.extractor.intervention_names())
    pipeline = NotePipeline(container.scrubber, container.extractor, drafter, validator=None)
    leaks: list[str] = []
    prompted = 0
    cases = sorted(p for p in (shared_data / "cases").iterdir() if (p / "plan.json").is_file())
    for case in cases:
        before = len(recorder.prompts)
        plan_raw = json.loads((case / "plan.json").read_text(encoding="utf-8"))
        pipeline.run(Transcript.load(case / "transcript.json"), read_plan(case / "plan.json"))
        prompts = recorder.prompts[before:]
        prompted += bool(prompts)  # a note without narrative sentences sends nothing
        chart = _chart_values(plan_raw["client"])
        phi = [s["text"] for s in json.loads((case / "phi.json").read_text(encoding="utf-8"))]
        for k, prompt in enumerate(prompts):
            labels = set(_ROLE_LINE.findall(prompt.split("Facts:", 1)[-1]))
            assert labels <= _ROLES | {"Section"}, f"{case.name} prompt {k}: speaker labels {labels - _ROLES}"
            if _found(chart, prompt):
                leaks.append(f"{case.name} prompt {k}: chart value")
            if case.name[:6] in BUILD and _found(phi, prompt):
                leaks.append(f"{case.name} prompt {k}: phi.json string")
    # The messages name the case and the prompt, never the value.
    assert leaks == []
    assert prompted >= len(cases) // 2, (
        f"only {prompted} of {len(cases)} cases sent a prompt: too little tested"
    )
