"""Support of note sentences judged by reading, not by the project's verifier.

``eval/judgments/support.jsonl`` holds one verdict per drafted sentence of a BUILD-split case: ``{case,
section, text, evidence, verdict: supported|unsupported, reason, reader, date}``. A person reads the
sentence against the transcript lines it cites (and the session around them) and decides whether a
clinician could sign it as true of the session. ``sessionnote eval notes`` matches the current drafted
sentences to these verdicts by case + exact text + evidence, so a sentence whose wording or citations
change is unjudged again. ``sessionnote eval notes --sheet FILE.md`` writes the unjudged sentences
with their cited lines to a reading sheet (and ``FILE.jsonl`` with one verdict to fill per sentence);
``sessionnote eval judge FILE.jsonl --reader NAME`` appends the filled verdicts to the file.
Check-split sentences are never judged here: nobody reads those transcripts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eval.splits import split_of

JUDGMENTS = Path(__file__).with_name("judgments") / "support.jsonl"
Verdict = Literal["supported", "unsupported"]
Key = tuple[str, str, tuple[int, ...]]


class Judgment(BaseModel):
    """One reader's verdict on one drafted sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: str = Field(min_length=1)
    section: str
    text: str = Field(min_length=1)
    evidence: tuple[int, ...]
    verdict: Verdict
    reason: str = Field(min_length=3)
    reader: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")

    @property
    def key(self) -> Key:
        return key(self.case, self.text, self.evidence)


def key(case: str, text: str, evidence: Iterable[int]) -> Key:
    """The identity a verdict is matched by: case, exact text, cited lines."""
    return (case, text, tuple(evidence))


def load(path: Path = JUDGMENTS) -> dict[Key, Judgment]:
    """Every verdict in the file (a later line for the same sentence replaces an earlier one)."""
    if not path.is_file():
        return {}
    out: dict[Key, Judgment] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            judgment = Judgment.model_validate_json(line)
        except ValueError as exc:
            raise ValueError(f"{path.name} line {n} is not a valid judgment: {exc}") from None
        out[judgment.key] = judgment
    return out


def sheet_entry(
    case: str, section: str, ref: str, text: str, evidence: Iterable[int], lines: list[str]
) -> dict[str, Any]:
    """An unjudged sentence for the reading sheet, with its cited transcript lines (scrubbed text)."""
    return {
        "case": case,
        "section": section,
        "ref": ref,
        "text": text,
        "evidence": list(evidence),
        "lines": lines,
    }


def write_sheet(entries: list[dict[str, Any]], path: Path) -> tuple[Path, Path]:
    """``path`` (markdown to read) and ``path.with_suffix('.jsonl')`` (one verdict line to fill each)."""
    entries = [e for e in entries if split_of(e["case"]) == "build"]
    seen: set[Key] = set()
    unique = []
    for e in entries:
        k = key(e["case"], e["text"], e["evidence"])
        if k not in seen:
            seen.add(k)
            unique.append(e)
    md = [
        "# Reading sheet: drafted sentences without a verdict (build split)",
        "",
        f"{len(unique)} sentences. For each, read the cited lines (and the session around them when "
        "needed) and decide whether the sentence is true of the session as written. Record the verdicts "
        "in the `.jsonl` beside this file (`verdict`: supported or unsupported, `reason`: one line), "
        "then run `sessionnote eval judge FILE.jsonl --reader NAME`.",
    ]
    stubs = []
    for n, e in enumerate(unique, 1):
        md += ["", f"## {n}. {e['case']} {e['ref']}", "", f"> {e['text']}", "", f"cites {e['evidence']}:", ""]
        md += [f"- {line}" for line in e["lines"]] or ["- (no line cited)"]
        stubs.append(
            {
                "n": n,
                "case": e["case"],
                "section": e["section"],
                "text": e["text"],
                "evidence": e["evidence"],
                "verdict": "",
                "reason": "",
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(md) + "\n", encoding="utf-8")
    stub_path = path.with_suffix(".jsonl")
    stub_path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stubs), encoding="utf-8")
    return path, stub_path


def record(filled: Path, reader: str, path: Path = JUDGMENTS, date: str | None = None) -> tuple[int, int]:
    """Append the filled verdicts of a sheet's ``.jsonl`` to the judgments file; (recorded, left blank)."""
    day = date or time.strftime("%Y-%m-%d")
    new: list[Judgment] = []
    blank = 0
    for n, line in enumerate(filled.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if not raw.get("verdict"):
            blank += 1
            continue
        if split_of(raw["case"]) != "build":
            raise ValueError(f"line {n}: {raw['case']} is not a build-split case; only those are judged")
        new.append(
            Judgment(
                case=raw["case"],
                section=raw["section"],
                text=raw["text"],
                evidence=tuple(raw["evidence"]),
                verdict=raw["verdict"],
                reason=raw.get("reason", ""),
                reader=raw.get("reader") or reader,
                date=raw.get("date") or day,
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for j in new:
            out.write(j.model_dump_json() + "\n")
    return len(new), blank
