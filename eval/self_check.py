"""The drafter must never emit a sentence its own validator flags: UNSUPPORTED_CLAIM findings that the
pipeline's validator raises against the pipeline's own drafted (unedited) sentences, build split, and
drafted sentences the pipeline withheld from the note because its validator flagged them (recorded in
the draft's provenance as replaced, "withheld")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eval.cases import Case
from eval.drafts import Drafted, draft_cases


def withheld(replaced: Any) -> list[Any]:
    """Replacements that withheld a drafted sentence because the validator flagged it (as opposed to a
    model rephrasing rejected in favour of the template sentence)."""
    return [r for r in replaced if "withheld" in r.reason.lower()]


def unsupported_in_drafts(
    container: Any, drafter: str, cases: list[Case], drafted: Iterable[Drafted] | None = None
) -> dict[str, Any]:
    """``{"drafter", "cases": {case: ["ref: detail", ...]}}`` over the build split's cases (``drafted``:
    those cases already drafted by that drafter)."""
    out: dict[str, list[str]] = {}
    build = [c for c in cases if c.split == "build"]
    for d in drafted if drafted is not None else draft_cases(container, drafter, build):
        result = d.outcome.result
        out[d.case.name] = [
            f"{','.join(f.note_refs)}: {f.detail}"
            for f in result.findings
            if f.code == "UNSUPPORTED_CLAIM" and f.note_refs
        ] + [f"{r.section}/{r.index} (withheld): {r.reason}" for r in withheld(result.provenance.replaced)]
    return {"drafter": drafter, "cases": out}
