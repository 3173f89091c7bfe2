"""Note quality per drafter, on every case, build and check split side by side.

Each case runs through the pipeline (``Container.pipeline(drafter=...)``: scrub, extract, draft,
validate) exactly as ``sessionnote draft TRANSCRIPT --plan PLAN`` does. Scored by the evaluation's own
code (eval/README.md, "Notes"):

- unsupported sentences counted by READING: drafted sentences are matched to the verdicts in
  eval/judgments/support.jsonl (build split only); judged-unsupported / judged / unjudged;
- omissions: expected interventions used (an Intervention sentence naming the concept), measures (a
  sentence naming the instrument with the score) and risk (a sentence about the risk, not a denial,
  citing one of the statement lines) that the note does not carry;
- ``must_not_claim`` violations (eval/claims.py, lexical);
- false denials of risk (eval/risk_text.py), counted separately;
- PHI strings in the note: any phi.json string or chart value (eval/phi_strings.py);
- ROUGE-L F1 (rouge-score, stemming) against ``reference_birp``;
- UNSUPPORTED_CLAIM findings the pipeline's own validator raised against its drafted sentences, and
  drafted sentences the pipeline withheld because its validator flagged them;
- seconds per case (transcript to validated draft, models already loaded), model sentences rejected.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eval import judgments
from eval.cases import Case
from eval.claims import claim_violations
from eval.common import shared_data_dir, write_results
from eval.drafts import Drafted, draft_cases, run_scored
from eval.instruments import mentions as names_instrument
from eval.instruments import scores_in
from eval.interventions import names_concept
from eval.phi_strings import phi_in_note, phi_strings
from eval.report import BASELINE_COMMIT, baseline_splits, ratio, row, split_table
from eval.risk_text import false_denial, is_denial, mentions_risk
from eval.self_check import withheld
from eval.splits import SPLITS, by_split
from service.domain.note import SECTIONS, BirpNote

DRAFTERS: tuple[str, ...] = ("template", "llama-cpp")
TARGET_UNSUPPORTED = 0.02


# --------------------------------------------------------------------------- per case


def omissions(note: BirpNote, expected: dict[str, Any]) -> dict[str, list[str]]:
    """Expected items the note does not carry, by kind."""
    missed: dict[str, list[str]] = {"interventions": [], "measures": [], "risk": []}
    sentences = [s for _, _, s in note.sentences()]
    for item in expected["interventions_used"]:
        if not any(names_concept(s.text, item["name"]) for s in note.intervention):
            missed["interventions"].append(item["name"])
    for m in expected["measures_reported"]:
        score = float(m["score"])
        if not any(
            names_instrument(s.text, m["instrument"]) and score in scores_in(s.text) for s in sentences
        ):
            missed["measures"].append(f"{m['instrument']} {m['score']}")
    risk = expected["risk"]
    lines = set(risk["statements_utterance_indices"])
    if risk["present"] and not any(
        mentions_risk(s.text) and not is_denial(s.text) and set(s.evidence) & lines for s in sentences
    ):
        missed["risk"].append(risk["kind"])
    return missed


def expected_items(expected: dict[str, Any]) -> int:
    return (
        len(expected["interventions_used"])
        + len(expected["measures_reported"])
        + int(expected["risk"]["present"])
    )


def rouge_l(note: BirpNote, reference: dict[str, str]) -> dict[str, float]:
    """ROUGE-L F1 per section and for the whole note."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    out: dict[str, float] = {}
    for name in SECTIONS:
        text = " ".join(s.text for s in note.section(name))
        out[name] = round(scorer.score(reference[name], text)["rougeL"].fmeasure, 4)
    whole = " ".join(s.text for _, _, s in note.sentences())
    out["note"] = round(scorer.score(" ".join(reference[n] for n in SECTIONS), whole)["rougeL"].fmeasure, 4)
    return out


def score_case(
    case: Case,
    note: BirpNote,
    findings: list[Any],
    lines: list[str],
    known: dict[judgments.Key, judgments.Judgment],
) -> dict[str, Any]:
    """Every per-case figure; error details (sentences, claims) only for the build split."""
    build = case.split == "build"
    sentences: list[dict[str, Any]] = []
    for section, i, s in note.sentences():
        verdict = known.get(judgments.key(case.name, s.text, s.evidence)) if build else None
        sentences.append(
            {
                "ref": f"{section}/{i}",
                "section": section,
                "text": s.text,
                "evidence": list(s.evidence),
                "verdict": verdict.verdict if verdict else None,
                "reason": verdict.reason if verdict else None,
            }
        )
    missed = omissions(note, case.expected)
    violations = [
        {"ref": v.split(": ", 1)[0], "claim": i, "text": v.split(": ", 1)[1]}
        for i, claim in enumerate(case.expected["must_not_claim"])
        for v in claim_violations(note, [claim])
    ]
    denials = [
        {"ref": f"{section}/{i}", "text": s.text, "why": why}
        for section, i, s in note.sentences()
        if (why := false_denial(s.text, case.expected["risk"]))
    ]
    phi = phi_in_note(note, phi_strings(case.phi, case.raw_plan))
    unsupported_findings = [
        {"ref": ",".join(f.note_refs), "detail": f.detail}
        for f in findings
        if f.code == "UNSUPPORTED_CLAIM" and f.note_refs
    ]
    result: dict[str, Any] = {
        "sentences": len(sentences),
        "judged": sum(s["verdict"] is not None for s in sentences),
        "judged_unsupported": sum(s["verdict"] == "unsupported" for s in sentences),
        "expected_items": expected_items(case.expected),
        "missed_items": sum(len(v) for v in missed.values()),
        "missed_by_kind": {k: len(v) for k, v in missed.items()},
        "must_not_claim": len(case.expected["must_not_claim"]),
        "violations": len(violations),
        "false_denials": len(denials),
        "phi_strings": len(phi),
        "validator_unsupported": len(unsupported_findings),
        "blocking_findings": sum(f.severity == "block" for f in findings),
        "rouge_l": rouge_l(note, case.expected["reference_birp"]),
    }
    if build:
        result["details"] = {
            "sentences": sentences,
            "missed": missed,
            "violations": violations,
            "false_denials": denials,
            "phi": phi,
            "validator_unsupported": unsupported_findings,
        }
        result["sheet"] = [
            judgments.sheet_entry(
                case.name,
                s["section"],
                s["ref"],
                s["text"],
                s["evidence"],
                [f"[{i}] {lines[i]}" for i in s["evidence"] if 0 <= i < len(lines)],
            )
            for s in sentences
            if s["verdict"] is None
        ]
    return result


def score_drafter(
    container: Any, drafter: str, cases: list[Case], drafted: Iterable[Drafted] | None = None
) -> dict[str, Any]:
    """Draft every case with ``drafter`` through the pipeline and score each note (``drafted``: the
    same cases already drafted by that drafter, so that several scorers share one drafting pass)."""
    known = judgments.load()
    per_case: dict[str, Any] = {}
    model: dict[str, Any] = {}
    for d in drafted if drafted is not None else draft_cases(container, drafter, cases):
        result = d.outcome.result
        model = {"model": result.provenance.model, "model_sha256": result.provenance.model_sha256}
        lines = [f"{u.speaker}: {u.text}" for u in d.outcome.transcript.utterances]
        scored = score_case(d.case, result.note, list(result.findings), lines, known)
        scored["seconds"] = round(d.seconds, 2)
        scored["withheld"] = len(withheld(result.provenance.replaced))
        scored["replaced"] = len(result.provenance.replaced) - scored["withheld"]
        scored["model_calls"] = result.provenance.model_calls
        usage = result.provenance.model_usage
        scored["model_tokens"] = {
            "prompt": usage.prompt_tokens if usage else 0,
            "prompt_s": usage.prompt_s if usage else 0.0,
            "generated": usage.generated_tokens if usage else 0,
            "generated_s": usage.generated_s if usage else 0.0,
        }
        per_case[d.case.name] = scored
    return {"drafter": drafter, **model, "cases": per_case}


# --------------------------------------------------------------------------- aggregation


def _tokens_per_s(values: list[dict[str, Any]]) -> dict[str, float | None]:
    """Prompt and generation speed over every model call of the split (llama.cpp's own counters)."""
    out: dict[str, float | None] = {}
    for phase, seconds in (("prompt", "prompt_s"), ("generated", "generated_s")):
        tokens = sum(c.get("model_tokens", {}).get(phase, 0) for c in values)
        spent = sum(c.get("model_tokens", {}).get(seconds, 0.0) for c in values)
        out[phase] = round(tokens / spent, 1) if spent > 0 else None
    return out


def summarise(cases: dict[str, Any]) -> dict[str, Any]:
    """Totals over the given cases."""
    values = list(cases.values())
    if not values:
        return {"n_cases": 0}

    def total(name: str) -> int:
        return int(sum(c[name] for c in values))

    seconds = [c["seconds"] for c in values]
    longest = max(cases, key=lambda n: cases[n]["seconds"])
    judged = total("judged")
    return {
        "n_cases": len(values),
        "sentences": total("sentences"),
        "judged": judged,
        "judged_unsupported": total("judged_unsupported"),
        "unjudged": total("sentences") - judged,
        "unsupported_rate": round(total("judged_unsupported") / judged, 4) if judged else None,
        "expected_items": total("expected_items"),
        "missed_items": total("missed_items"),
        "omission_rate": round(total("missed_items") / max(1, total("expected_items")), 4),
        "missed_by_kind": {
            k: sum(c["missed_by_kind"][k] for c in values) for k in values[0]["missed_by_kind"]
        },
        "must_not_claim": total("must_not_claim"),
        "violations": total("violations"),
        "cases_with_violations": sum(c["violations"] > 0 for c in values),
        "false_denials": total("false_denials"),
        "phi_strings": total("phi_strings"),
        "validator_unsupported": total("validator_unsupported"),
        "rouge_l_note": round(statistics.mean(c["rouge_l"]["note"] for c in values), 4),
        "rouge_l_sections": {n: round(statistics.mean(c["rouge_l"][n] for c in values), 4) for n in SECTIONS},
        "replaced": total("replaced"),
        "withheld": sum(c.get("withheld", 0) for c in values),
        "model_calls": total("model_calls"),
        "tokens_per_s": _tokens_per_s(values),
        "seconds_mean": round(statistics.mean(seconds), 2),
        "seconds_median": round(statistics.median(seconds), 2),
        "seconds_max": round(max(seconds), 2),
        "longest_case": longest,
    }


def summarise_drafter(result: dict[str, Any]) -> dict[str, Any]:
    """Split summaries of one drafter's results (or why it did not run)."""
    if "not_run" in result:
        return result
    splits = by_split(result["cases"])
    out = dict(result)
    out["splits"] = {s: summarise(splits[s]) for s in SPLITS}
    for s in out["splits"].values():
        if s.get("longest_case") and s["longest_case"] not in splits["build"]:
            s["longest_case"] = None  # a check-split case is not named
    # Check-split cases keep numbers only.
    out["cases"] = {
        name: c if name in splits["build"] else {k: v for k, v in c.items() if k not in ("details", "sheet")}
        for name, c in result["cases"].items()
    }
    return out


# --------------------------------------------------------------------------- run


def run(
    data_dir: Path | None = None,
    drafters: tuple[str, ...] = DRAFTERS,
    write: bool = True,
    sheet: Path | None = None,
) -> dict[str, Any]:
    """Every drafter on every case; writes eval/results/notes.* (and the reading sheet when asked)."""
    data_dir = data_dir or shared_data_dir()
    results = {d: summarise_drafter(run_scored("eval.notes:score_drafter", d, data_dir)) for d in drafters}
    if sheet is not None:
        entries = [
            e for r in results.values() for c in r.get("cases", {}).values() for e in c.get("sheet", [])
        ]
        judgments.write_sheet(entries, sheet)
    for r in results.values():
        for c in r.get("cases", {}).values():
            c.pop("sheet", None)  # transcript lines stay out of the committed results
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "judgments": {"file": "eval/judgments/support.jsonl", "verdicts": len(judgments.load())},
        "drafters": results,
    }
    if write:
        text = markdown(report)
        write_results("notes", without_texts(report), text)
    return report


def without_texts(report: dict[str, Any]) -> dict[str, Any]:
    """The report with note sentence and claim texts left out (they quote the sessions; the markdown
    lists the unsupported sentences and the claims made, eval/judgments/support.jsonl holds every judged
    sentence with its reason): refs, evidence, verdicts, the index of each must_not_claim made."""
    out: dict[str, Any] = json.loads(json.dumps(report))
    for r in out.get("drafters", {}).values():
        for c in r.get("cases", {}).values():
            details = c.get("details", {})
            for item in (
                *details.get("sentences", []),
                *details.get("false_denials", []),
                *details.get("violations", []),
            ):
                item.pop("text", None)
                item.pop("reason", None)
    return out


# --------------------------------------------------------------------------- report

METRICS: list[tuple[str, Any]] = [
    (
        "unsupported by reading (judged unsupported / judged; unjudged)",
        lambda s: f"{ratio(s['judged_unsupported'], s['judged'])}; {s['unjudged']} unjudged",
    ),
    ("omissions (missed / expected items)", lambda s: ratio(s["missed_items"], s["expected_items"])),
    (
        "  of which interventions / measures / risk",
        lambda s: " / ".join(str(s["missed_by_kind"][k]) for k in ("interventions", "measures", "risk")),
    ),
    ("must_not_claim violations (of claims)", lambda s: f"{s['violations']} (of {s['must_not_claim']})"),
    ("false denials of risk", lambda s: str(s["false_denials"])),
    ("PHI strings in the note", lambda s: str(s["phi_strings"])),
    ("validator UNSUPPORTED_CLAIM on drafted sentences", lambda s: str(s["validator_unsupported"])),
    ("drafted sentences withheld by the pipeline's validator", lambda s: str(s.get("withheld", 0))),
    ("ROUGE-L vs reference (note)", lambda s: f"{s['rouge_l_note']:.3f}"),
    ("ROUGE-L B / I / R / P", lambda s: " / ".join(f"{s['rouge_l_sections'][n]:.2f}" for n in SECTIONS)),
    ("model sentences rejected (model calls)", lambda s: f"{s['replaced']} ({s['model_calls']})"),
    (
        "model tokens per second: prompt / generation",
        lambda s: " / ".join("-" if v is None else f"{v}" for v in s.get("tokens_per_s", {}).values()) or "-",
    ),
    (
        "seconds per case: mean / median / longest",
        lambda s: f"{s['seconds_mean']} / {s['seconds_median']} / {s['seconds_max']}",
    ),
    ("sentences", lambda s: str(s["sentences"])),
]


def markdown(report: dict[str, Any]) -> str:
    """Per drafter: build and check split side by side, before beside now; build-split details listed."""
    lines = [
        f"# Note quality, {report['date']}",
        "",
        "Every case through the pipeline (scrub, extract, draft, validate). Targets (issue 10): unsupported "
        f"sentences by reading <= {TARGET_UNSUPPORTED:.0%} (build split), 0 false denials, 0 must_not_claim "
        "violations, 0 PHI strings, under 60 s per case with the default drafter. 'before' is commit "
        f"{BASELINE_COMMIT} (template drafter). Check-split cases are reported in aggregate only. "
        f"Verdicts by reading: {report['judgments']['verdicts']} in {report['judgments']['file']}.",
    ]
    for drafter, r in report["drafters"].items():
        lines += ["", f"## {drafter}", ""]
        if "not_run" in r:
            lines.append(f"Not run: {r['not_run']}.")
            continue
        before = baseline_splits("notes", drafter)
        lines += split_table(METRICS, r["splits"], before)
        lines += _build_details(r)
    return "\n".join(lines) + "\n"


def _build_details(r: dict[str, Any]) -> list[str]:
    build = by_split(r["cases"])["build"]
    lines = ["", "Build split, per case:", ""]
    lines.append(
        row(
            "case",
            "sentences",
            "judged unsupported / judged",
            "missed / expected",
            "violations",
            "false denials",
            "PHI",
            "s",
        )
    )
    lines.append(row(*(["---"] * 8)))
    for name, c in build.items():
        lines.append(
            row(
                name,
                c["sentences"],
                f"{c['judged_unsupported']} / {c['judged']}",
                f"{c['missed_items']} / {c['expected_items']}",
                c["violations"],
                c["false_denials"],
                c["phi_strings"],
                c["seconds"],
            )
        )
    unsupported = [
        (name, s)
        for name, c in build.items()
        for s in c["details"]["sentences"]
        if s["verdict"] == "unsupported"
    ]
    lines += ["", f"Sentences judged unsupported by reading (build split, {len(unsupported)}):", ""]
    lines += [f'- {name} {s["ref"]}: "{s["text"]}" ({s["reason"]})' for name, s in unsupported] or ["- none"]
    lines += ["", "must_not_claim violations (build split):", ""]
    viol = [(name, v) for name, c in build.items() for v in c["details"]["violations"]]
    lines += [f"- {name} {v['ref']}: {v['text']}" for name, v in viol] or ["- none"]
    lines += ["", "False denials of risk (build split):", ""]
    den = [(name, d) for name, c in build.items() for d in c["details"]["false_denials"]]
    lines += [f'- {name} {d["ref"]}: "{d["text"]}" ({d["why"]})' for name, d in den] or ["- none"]
    lines += ["", "PHI strings in notes (build split; type only):", ""]
    phi = [(name, p) for name, c in build.items() for p in c["details"]["phi"]]
    lines += [f"- {name} {p['ref']}: {p['type']}" for name, p in phi] or ["- none"]
    lines += ["", "Omissions (build split):", ""]
    om = [(name, c["details"]["missed"]) for name, c in build.items() if c["missed_items"]]
    lines += [
        f"- {name}: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in missed.items() if v)
        for name, missed in om
    ] or ["- none"]
    lines += ["", "Validator UNSUPPORTED_CLAIM raised against drafted sentences (build split):", ""]
    uc = [(name, u) for name, c in build.items() for u in c["details"]["validator_unsupported"]]
    lines += [f"- {name} {u['ref']}: {u['detail'][:160]}" for name, u in uc] or ["- none"]
    return lines


def main() -> None:
    """``python -m eval.notes``."""
    print(markdown(run()))


if __name__ == "__main__":
    main()
