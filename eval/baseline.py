"""The figures before issue 10's logic changes: this evaluation run against commit 2009a6f's service.

The evaluation code is today's; only the system under test is old. To reproduce::

    git worktree add /tmp/baseline 2009a6f5
    mkdir -p /tmp/neweval && cp -r eval /tmp/neweval/
    cd /tmp/neweval && PYTHONPATH=/tmp/neweval:/tmp/baseline python -m eval.baseline OUT.json \
        [--part extraction|notes|validator ...] [--drafter template|llama-cpp ...]

(``eval`` then comes from the copy, ``service`` and ``prompts/`` from the old commit). The reports of
``sessionnote eval extraction|notes|validator`` read ``eval/results/baseline_2009a6f.json`` and show
its figures as "before" beside "now", per split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from eval import extraction, notes, validator
from eval.report import BASELINE_COMMIT, split_table

PARTS = ("extraction", "notes", "validator")


def run(
    out: Path,
    data_dir: Path | None = None,
    parts: tuple[str, ...] = PARTS,
    drafters: tuple[str, ...] = notes.DRAFTERS,
    not_run: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Extraction, notes and validator figures (a drafter that crashes is reported as not run). Only
    ``parts`` are measured; the others are kept from ``out`` when it exists."""
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    data |= {"commit": BASELINE_COMMIT, "date": time.strftime("%Y-%m-%d")}
    if "extraction" in parts:
        ext = extraction.run(data_dir, write=False)
        data["extraction"] = {k: ext[k] for k in ("splits", "raw", "pipeline_scrubber", "cases")}
    if "notes" in parts:
        drafted = notes.run(data_dir, drafters=drafters, write=False)
        data["judgments_at_run"] = drafted["judgments"]
        data["notes"] = {
            name: {k: r[k] for k in ("splits", "cases", "not_run") if k in r}
            for name, r in notes.without_texts(drafted)["drafters"].items()
        }
    if "validator" in parts:
        checked = validator.run(data_dir, drafters=drafters, write=False)
        data["validator"] = {
            name: {k: s[k] for k in ("splits", "not_run") if k in s}
            for name, s in checked["settings"].items()
        }
    for drafter, reason in (not_run or {}).items():
        data.setdefault("notes", {})[drafter] = {"not_run": reason}
        data.setdefault("validator", {})[f"pipeline/{drafter}"] = {"not_run": reason}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(data), encoding="utf-8")
    return data


def markdown(data: dict[str, Any]) -> str:
    """The baseline's figures, per split (check split in aggregate only)."""
    lines = [
        f"# Figures before issue 10's logic changes (service at commit {data['commit']}, run {data['date']})",
        "",
        "Today's evaluation code against the old service; template drafter unless stated. Check-split "
        "cases in aggregate only. Verdicts by reading known at the time of the run: "
        f"{data['judgments_at_run']['verdicts']}.",
        "",
        "## Extraction",
        "",
        *split_table(extraction.METRICS, data["extraction"]["splits"], compare=False),
    ]
    for name, r in data["notes"].items():
        lines += ["", f"## Notes: {name}", ""]
        lines += (
            [f"Not run: {r['not_run']}."]
            if "not_run" in r
            else split_table(notes.METRICS, r["splits"], compare=False)
        )
    for name, s in data["validator"].items():
        lines += ["", f"## Validator: {name}", ""]
        lines += (
            [f"Not run: {s['not_run']}."]
            if "not_run" in s
            else split_table(validator.METRICS, s["splits"], compare=False)
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    """``python -m eval.baseline OUT.json [--part P ...] [--drafter D ...]``."""
    parser = argparse.ArgumentParser(prog="python -m eval.baseline")
    parser.add_argument("out", type=Path)
    parser.add_argument("--part", action="append", choices=PARTS)
    parser.add_argument("--drafter", action="append")
    parser.add_argument("--not-run", action="append", default=[], metavar="DRAFTER=REASON")
    args = parser.parse_args(argv)
    skipped = dict(item.split("=", 1) for item in args.not_run)
    run(
        args.out,
        parts=tuple(args.part or PARTS),
        drafters=tuple(args.drafter or notes.DRAFTERS),
        not_run=skipped,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
