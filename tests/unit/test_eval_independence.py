"""The case-based scorers in eval/ import nothing from service/ that decides the answer.

They may reach the system under test only as a black box (the container, the pipeline, plan reading)
and use the domain's value objects; any other service import would let the evaluation grade the
service with the service's own logic.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "eval"
SCORERS = [
    "align", "cases", "claims", "drafts", "extraction", "instruments", "interventions", "judgments", "notes",
    "phi_strings", "report", "risk_text", "self_check", "splits", "validator", "words", "baseline",
]  # fmt: skip
ALLOWED = ("service.container", "service.config", "service.domain", "service.plans.io", "service.pipeline",
           "service.protocols", "service.errors", "service.settings")  # fmt: skip
# The AnnoMI micro-skill codes come from the extractor module's public coding function: the system
# under test itself (its output is scored against AnnoMI's human codes in eval/extraction.py).
SYSTEM_UNDER_TEST = {"extraction": {"service.extract.mi_skills"}}


def _service_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("service"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("service")}
    return found


@pytest.mark.parametrize("name", [n for n in SCORERS if (EVAL / f"{n}.py").is_file()])
def test_when_a_scorer_imports_service_code_then_it_is_only_the_black_box_or_value_objects(name: str) -> None:
    imports = _service_imports(EVAL / f"{name}.py") - SYSTEM_UNDER_TEST.get(name, set())
    assert not {m for m in imports if not m.startswith(ALLOWED)}, name
