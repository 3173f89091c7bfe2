"""One case folder of ``../shared/data/cases`` (or of the project's own ``eval/authored/cases``), loaded the
way every evaluation needs it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from eval.common import REPO_ROOT, shared_data_dir
from eval.splits import AUTHORED_PREFIX, Split, split_of
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.plans.io import read_plan

# Fresh cases written by the project from the seeds, after the rules (the third, "authored", column).
AUTHORED_DIR = REPO_ROOT / "eval" / "authored" / "cases"


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
        """The gold PHI spans (PHI: never print them); none when the case has no phi.json."""
        path = self.folder / "phi.json"
        if not path.is_file():
            return []
        spans: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
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


def load_case(folder: Path, prefix: str = "") -> Case:
    """A case folder, loaded; ``prefix`` keys it into a split other than its folder name says."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    name = prefix + folder.name
    return Case(
        name=name,
        folder=folder,
        split=split_of(name),
        transcript=Transcript.load(folder / "transcript.json"),
        plan=read_plan(folder / "plan.json"),
        expected=expected,
    )


def load_cases(data_dir: Path | None = None) -> list[Case]:
    """Every case, sorted by name."""
    return [load_case(f) for f in case_folders(data_dir)]


def authored_folders(root: Path = AUTHORED_DIR) -> list[Path]:
    """Every complete authored case folder (expected.json, plan.json and transcript.json), sorted; none
    when the folder does not exist (a case still being written is skipped until its files are all there)."""
    if not root.is_dir():
        return []
    needed = ("expected.json", "plan.json", "transcript.json")
    return sorted(p for p in root.iterdir() if p.is_dir() and all((p / f).is_file() for f in needed))


def load_authored_cases(root: Path = AUTHORED_DIR) -> list[Case]:
    """Every authored case, keyed ``authored/<folder>`` (split ``authored``)."""
    return [load_case(f, AUTHORED_PREFIX) for f in authored_folders(root)]
