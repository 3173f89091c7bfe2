"""Verdicts by reading: recorded from a filled sheet, matched by case, exact text and cited lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import judgments


def _entry(case: str, text: str, evidence: list[int]) -> dict[str, object]:
    return judgments.sheet_entry(
        case, "behavior", "behavior/0", text, evidence, [f"[{i}] client: ..." for i in evidence]
    )


def test_when_a_sheet_is_filled_then_its_verdicts_are_recorded_and_matched(tmp_path: Path) -> None:
    sheet, stubs = judgments.write_sheet(
        [
            _entry("dev-01-x", "Client reported a score of 12.", [4]),
            _entry("dev-01-x", "Reviewed homework.", [7]),
        ],
        tmp_path / "sheet.md",
    )
    assert "Client reported a score of 12." in sheet.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in stubs.read_text(encoding="utf-8").splitlines()]
    lines[0] |= {"verdict": "unsupported", "reason": "the score was 11"}
    stubs.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    store = tmp_path / "support.jsonl"
    assert judgments.record(stubs, "reader-a", store, date="2026-12-02") == (1, 1)
    known = judgments.load(store)
    assert known[judgments.key("dev-01-x", "Client reported a score of 12.", [4])].verdict == "unsupported"
    assert judgments.key("dev-01-x", "Client reported a score of 12.", [5]) not in known


def test_when_a_check_split_case_is_in_a_sheet_then_it_is_left_out(tmp_path: Path) -> None:
    _, stubs = judgments.write_sheet([_entry("dev-10-y", "Reviewed homework.", [2])], tmp_path / "s.md")
    assert stubs.read_text(encoding="utf-8") == ""


def test_when_a_verdict_names_a_check_split_case_then_it_is_refused(tmp_path: Path) -> None:
    filled = tmp_path / "f.jsonl"
    row = {
        "case": "dev-12-z",
        "section": "plan",
        "text": "t",
        "evidence": [1],
        "verdict": "supported",
        "reason": "ok",
    }
    filled.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a build-split case"):
        judgments.record(filled, "reader-a", tmp_path / "support.jsonl")
