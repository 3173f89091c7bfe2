"""The drafter must never emit a sentence its own validator flags: UNSUPPORTED_CLAIM findings that the
pipeline's validator raises against the pipeline's own drafted (unedited) sentences, build split."""

from __future__ import annotations

from typing import Any

from eval.cases import Case
from eval.drafts import draft_cases


def unsupported_in_drafts(container: Any, drafter: str, cases: list[Case]) -> dict[str, Any]:
    """``{"drafter", "cases": {case: ["ref: detail", ...]}}`` over the build split's cases."""
    out: dict[str, list[str]] = {}
    build = [c for c in cases if c.split == "build"]
    for d in draft_cases(container, drafter, build):
        out[d.case.name] = [
            f"{','.join(f.note_refs)}: {f.detail}"
            for f in d.outcome.result.findings
            if f.code == "UNSUPPORTED_CLAIM" and f.note_refs
        ]
    return {"drafter": drafter, "cases": out}
