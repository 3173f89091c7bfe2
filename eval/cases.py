"""One case folder of ``../shared/data/cases``, loaded the way every evaluation needs it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from eval.common import shared_data_dir
from eval.splits import Split, split_of
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.plans.io import read_plan


@dataclass
class Case:
    """A case: transcript, plan and expected results (phi.json and the raw plan read on demand)."""

    name: str
    folder: Path
    split: Split | None
    transcript: Transcript
    plan: TreatmentPlan
    expected: dict[str, Any] = field(repr=False)

    @property
    def focus_speaker(self) -> str:
        return str(self.expected.get("focus_speaker", "client"))

    @cached_property
    def phi(self) -> list[dict[str, Any]]:
        """The gold PHI spans (PHI: never print them)."""
        spans: list[dict[str, Any]] = json.loads((self.folder / "phi.json").read_text(encoding="utf-8"))
        return spans

    @cached_property
    def raw_plan(self) -> dict[str, Any]:
        """plan.json as written (the chart's values as the chart holds them)."""
        raw: dict[str, Any] = json.loads((self.folder / "plan.json").read_text(encoding="utf-8"))
        return raw

    @cached_property
    def raw_transcript(self) -> dict[str, Any]:
        raw: dict[str, Any] = json.loads((self.folder / "transcript.json").read_text(encoding="utf-8"))
        return raw


def case_folders(data_dir: Path | None = None) -> list[Path]:
    """Every case folder (one holding ``expected.json``), sorted by name."""
    root = (data_dir or shared_data_dir()) / "cases"
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "expected.json").is_file())


def load_case(folder: Path) -> Case:
    """A case folder, loaded."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return Case(
        name=folder.name,
        folder=folder,
        split=split_of(folder.name),
        transcript=Transcript.load(folder / "transcript.json"),
        plan=read_plan(folder / "plan.json"),
        expected=expected,
    )


def load_cases(data_dir: Path | None = None) -> list[Case]:
    """Every case, sorted by name."""
    return [load_case(f) for f in case_folders(data_dir)]
