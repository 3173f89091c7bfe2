"""Clinical fact extraction against the cases' ``expected.json``, per split, and micro-skill codes against
AnnoMI's human codes. The extractor is the system under test, reached through the container; every
matching rule here is the evaluation's own (eval/README.md, "Extraction").

Input. Each case transcript is scrubbed with its gold ``phi.json`` spans (``[CLIENT]`` for the plan
client's names, otherwise ``[PERSON_1]``, ``[DATE_2]``..., consistent within the session), so scrubbing
errors do not blur the extraction figures. The raw transcripts and the pipeline's own scrubber are run
too, as checks that placeholders change nothing.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eval import interventions as iv
from eval.cases import Case, load_authored_cases, load_cases
from eval.common import RESULTS_DIR, shared_data_dir, write_results
from eval.instruments import key as instrument_key
from eval.report import baseline_splits, ratio, row, split_table, yn
from eval.splits import AUTHORED, SPLITS, Split, by_split, split_of
from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.transcript import Transcript
from service.protocols import Extractor, Scrubber

# Issue 10's targets; tests assert them on the build split only.
TARGETS = {
    "intervention_f1": 0.85,
    "measure_accuracy": 0.95,
    "invented_scores": 0,
    "risk_recall": 1.0,
    "denied_without_asking": 0,
}
_LABELS = {"AGE_OVER_89": "AGE", "HEALTH_PLAN_ID": "MEMBER_ID", "OTHER_ID": "ID"}
MI_CODES = (
    "reflection",
    "question",
    "open question",
    "closed question",
    "therapist_input",
    "information",
    "advice",
)


# --------------------------------------------------------------------------- input


def scrub_with_gold(case: Case) -> Transcript:
    """The transcript with every gold PHI span replaced by a session-consistent placeholder."""
    client = case.raw_plan.get("client", {})
    client_words: set[str] = set()
    for value in (client.get("name"), client.get("preferred_name"), *(client.get("nicknames") or [])):
        if value:
            client_words |= set(value.lower().split())
    keys: dict[tuple[str, str], str] = {}
    counters: Counter[str] = Counter()
    by_utterance: dict[int, list[dict[str, Any]]] = {}
    for span in case.phi:
        by_utterance.setdefault(span["utterance_index"], []).append(span)
    utterances = []
    for i, utterance in enumerate(case.transcript.utterances):
        text = utterance.text
        for span in sorted(by_utterance.get(i, []), key=lambda s: -int(s["start_char"])):
            value = span["text"].lower()
            if span["type"] == "PERSON" and set(value.split()) <= client_words:
                placeholder = "[CLIENT]"
            else:
                label = _LABELS.get(span["type"], span["type"])
                if (label, value) not in keys:
                    counters[label] += 1
                    keys[(label, value)] = f"[{label}_{counters[label]}]"
                placeholder = keys[(label, value)]
            text = text[: span["start_char"]] + placeholder + text[span["end_char"] :]
        utterances.append(utterance.model_copy(update={"text": text}))
    return case.transcript.model_copy(update={"utterances": tuple(utterances)})


def case_input(case: Case, mode: str, scrubber: Scrubber | None = None) -> Transcript:
    """The transcript the extractor gets: ``gold`` placeholders, ``raw`` text, or ``pipeline`` scrubbed."""
    if mode == "raw":
        return case.transcript
    if mode == "pipeline" and scrubber is not None:
        scrubbed = scrubber.scrub(case.transcript, case.plan.client)
        return case.transcript.model_copy(update={"utterances": scrubbed.utterances})
    return scrub_with_gold(case)


# --------------------------------------------------------------------------- scoring


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _name(item: dict[str, Any]) -> str:
    return str(item["name"])


def _fact_name(fact: InterventionFact) -> str:
    return fact.name


def score_interventions(
    expected: list[dict[str, Any]], got: list[InterventionFact], rule: iv.Rule
) -> dict[str, Any]:
    """TP/FP/FN of used interventions under one naming rule, with agreement on matched pairs."""
    pairs, missed, extra = iv.match(expected, got, _name, _fact_name, rule)
    inside = sum(len(set(g.evidence) & set(e["evidence_utterance_indices"])) for e, g in pairs)
    return {
        "expected": len(expected),
        "extracted": len(got),
        "tp": len(pairs),
        "fp": len(extra),
        "fn": len(missed),
        "missed": [m["name"] for m in missed],
        "spurious": [g.name for g in extra],
        "in_plan_agree": sum(g.in_plan == e["in_plan"] for e, g in pairs),
        "plan_id_agree": sum(g.plan_intervention_id == e["plan_intervention_id"] for e, g in pairs),
        "in_vocabulary_agree": sum(g.in_vocabulary == e.get("in_vocabulary", True) for e, g in pairs),
        "evidence_lines_inside_expected": inside,
        "evidence_lines": sum(len(g.evidence) for _, g in pairs),
    }


def score_proposed(expected: dict[str, Any], facts: ClinicalFacts) -> dict[str, int]:
    """Proposed vs used confusion (near rule): a proposal reported as used is the error that matters."""
    used, proposed = list(facts.interventions), list(facts.proposed)
    exp_used, exp_prop = expected["interventions_used"], expected["interventions_proposed"]
    p_pairs, p_missed, p_extra = iv.match(exp_prop, proposed, _name, _fact_name, "near")
    _, u_missed, u_extra = iv.match(exp_used, used, _name, _fact_name, "near")
    proposed_as_used = iv.match(p_missed, u_extra, _name, _fact_name, "near")[0]
    used_as_proposed = iv.match(u_missed, p_extra, _name, _fact_name, "near")[0]
    return {
        "expected": len(exp_prop),
        "extracted": len(proposed),
        "proposed_as_proposed": len(p_pairs),
        "proposed_as_used": len(proposed_as_used),
        "proposed_missed": len(p_missed) - len(proposed_as_used),
        "used_as_proposed": len(used_as_proposed),
        "spurious_proposed": len(p_extra) - len(used_as_proposed),
    }


def score_measures(expected: dict[str, Any], facts: ClinicalFacts) -> dict[str, Any]:
    """Exact (instrument, score) multiset match; administered_in_session agreement on matched scores."""
    exp = Counter((instrument_key(m["instrument"]), float(m["score"])) for m in expected["measures_reported"])
    got = Counter((instrument_key(m.instrument), float(m.score)) for m in facts.measures)
    matched = exp & got
    pool = list(facts.measures)
    admin_ok = admin_n = 0
    for m in expected["measures_reported"]:
        k = (instrument_key(m["instrument"]), float(m["score"]))
        hit = next((g for g in pool if (instrument_key(g.instrument), float(g.score)) == k), None)
        if hit is not None:
            pool.remove(hit)
            admin_n += 1
            admin_ok += hit.administered_in_session == m["administered_in_session"]
    names = {instrument_key(m["instrument"]): m["instrument"] for m in expected["measures_reported"]}
    names |= {instrument_key(m.instrument): m.instrument for m in facts.measures}
    return {
        "expected": sum(exp.values()),
        "extracted": sum(got.values()),
        "matched": sum(matched.values()),
        "invented": sum((got - exp).values()),
        "missed_scores": [f"{names[k]} {s:g}" for k, s in (exp - got).elements()],
        "invented_scores": [f"{names[k]} {s:g}" for k, s in (got - exp).elements()],
        "administered_agree": admin_ok,
        "administered_pairs": admin_n,
    }


def score_risk(expected: dict[str, Any], facts: ClinicalFacts) -> dict[str, Any]:
    r = expected["risk"]
    statements = set(r["statements_utterance_indices"])
    return {
        "expected_present": r["present"],
        "extracted_present": facts.risk.present,
        "expected_kind": r["kind"],
        "extracted_kinds": list(facts.risk.kinds),
        "statements": len(statements),
        "statements_found": len(statements & set(facts.risk.evidence)),
        "expected_asked": r["asked"],
        "extracted_asked": facts.risk.asked,
        "denied": facts.risk.denied,
        "denied_without_asking": facts.risk.denied and not r["asked"],
        "denied_despite_risk": facts.risk.denied and r["present"],
        "false_risk": facts.risk.present and not r["present"],
        # Stated in the note, or held for the clinician's review before signing (a blocking finding).
        "alerted": facts.risk.present or bool(facts.risk.review_evidence),
    }


def _completion(flag: Any) -> str:
    """An expected ``completed`` as yes / no / partial: a bool, or free text that opens with its answer
    ("partly (three of seven days)", "partial: ...", "yes (all seven nights)")."""
    if isinstance(flag, bool):
        return "yes" if flag else "no"
    word = str(flag).strip().lower().split(" ", 1)[0].strip("(:,;.")
    return "partial" if word.startswith("part") else word


def score_homework(expected: dict[str, Any], facts: ClinicalFacts) -> dict[str, int]:
    """An expected item is found when an extracted item of the same status shares an evidence line."""
    out = {"reviewed": 0, "reviewed_found": 0, "completion_agree": 0, "assigned": 0, "assigned_found": 0}
    for status in ("reviewed", "assigned"):
        items = [h for h in facts.homework if h.status == status]
        for exp in expected["homework"][status]:
            out[status] += 1
            hit = next((h for h in items if set(h.evidence) & set(exp["evidence_utterance_indices"])), None)
            if hit is None:
                continue
            out[f"{status}_found"] += 1
            expected_done = _completion(exp.get("completed", ""))
            if status == "reviewed" and hit.completed and expected_done == hit.completed:
                out["completion_agree"] += 1
    return out


def score_case(facts: ClinicalFacts, case: Case) -> dict[str, Any]:
    """Every per-case figure (eval/README.md, "Extraction")."""
    expected = case.expected
    used = list(facts.interventions)
    addressed = {g.goal_id for g in facts.goals_addressed}
    return {
        "interventions": {r: score_interventions(expected["interventions_used"], used, r) for r in iv.RULES},
        "proposed": score_proposed(expected, facts),
        "measures": score_measures(expected, facts),
        "risk": score_risk(expected, facts),
        "goals": {
            "total": len(case.plan.goals),
            "correct": sum(
                (g.id in addressed) == (g.id in expected["goals_addressed"]) for g in case.plan.goals
            ),
        },
        "homework": score_homework(expected, facts),
    }


# --------------------------------------------------------------------------- aggregation

# Per-case fields that describe the errors themselves; kept for the build split only.
_DETAIL_FIELDS = {
    "missed",
    "spurious",
    "missed_scores",
    "invented_scores",
    "extracted_kinds",
    "expected_kind",
}


def strip_details(case_result: dict[str, Any]) -> dict[str, Any]:
    """Numbers only: what a check-split case may show."""
    if isinstance(case_result, dict):
        return {k: strip_details(v) for k, v in case_result.items() if k not in _DETAIL_FIELDS}
    return case_result


def summarise(cases: dict[str, Any]) -> dict[str, Any]:
    """Micro-averaged figures over the given cases."""
    values = list(cases.values())

    def total(*path: str) -> int:
        out = 0
        for c in values:
            node: Any = c
            for p in path:
                node = node[p]
            out += int(node)
        return out

    inter = {}
    for rule in iv.RULES:
        tp, fp, fn = (total("interventions", rule, k) for k in ("tp", "fp", "fn"))
        inter[rule] = {"tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)}
    pairs = inter["near"]["tp"]
    with_risk = [c for c in values if c["risk"]["expected_present"]]
    without = [c for c in values if not c["risk"]["expected_present"]]
    statements = total("risk", "statements")
    expected_measures = total("measures", "expected")
    seconds = [c["seconds"] for c in values]
    return {
        "n_cases": len(values),
        "interventions": {
            **inter,
            "in_plan_agree": total("interventions", "near", "in_plan_agree"),
            "plan_id_agree": total("interventions", "near", "plan_id_agree"),
            "in_vocabulary_agree": total("interventions", "near", "in_vocabulary_agree"),
            "pairs": pairs,
            "evidence_precision": round(
                total("interventions", "near", "evidence_lines_inside_expected")
                / max(1, total("interventions", "near", "evidence_lines")),
                3,
            ),
        },
        "proposed": {k: total("proposed", k) for k in values[0]["proposed"]} if values else {},
        "measures": {
            "expected": expected_measures,
            "extracted": total("measures", "extracted"),
            "matched": total("measures", "matched"),
            "accuracy": round(total("measures", "matched") / max(1, expected_measures), 3),
            "invented": total("measures", "invented"),
            "administered_agree": total("measures", "administered_agree"),
            "administered_pairs": total("measures", "administered_pairs"),
        },
        "risk": {
            "cases_with_risk": len(with_risk),
            "cases_detected": sum(c["risk"]["extracted_present"] for c in with_risk),
            "cases_alerted": sum(c["risk"].get("alerted", False) for c in with_risk),
            "review_without_risk": sum(c["risk"].get("alerted", False) for c in without),
            "recall": round(sum(c["risk"]["extracted_present"] for c in with_risk) / len(with_risk), 3)
            if with_risk
            else 1.0,
            "kind_agree": sum(c["risk"]["expected_kind"] in c["risk"]["extracted_kinds"] for c in with_risk),
            "statements": statements,
            "statements_found": total("risk", "statements_found"),
            "statement_recall": round(total("risk", "statements_found") / statements, 3)
            if statements
            else 1.0,
            "cases_without_risk": len(without),
            "false_risk": sum(c["risk"]["false_risk"] for c in without),
            "asked_agree": sum(c["risk"]["expected_asked"] == c["risk"]["extracted_asked"] for c in values),
            "denied_without_asking": sum(c["risk"]["denied_without_asking"] for c in values),
            "denied_despite_risk": sum(c["risk"]["denied_despite_risk"] for c in values),
        },
        "goals": {
            "total": total("goals", "total"),
            "correct": total("goals", "correct"),
            "accuracy": round(total("goals", "correct") / max(1, total("goals", "total")), 3),
        },
        "homework": {k: total("homework", k) for k in values[0]["homework"]} if values else {},
        "seconds_per_case": round(statistics.mean(seconds), 3) if seconds else 0.0,
    }


def evaluate_cases(
    cases: Iterable[Case], extractor: Extractor, mode: str = "gold", scrubber: Scrubber | None = None
) -> dict[str, Any]:
    """Per-case results and a summary per split (build, check, and authored when there are authored
    cases). Error details are kept for the build and authored splits only."""
    per_case: dict[str, Any] = {}
    for case in cases:
        transcript = case_input(case, mode, scrubber)
        started = time.perf_counter()
        facts = extractor.extract(transcript, case.plan, case.focus_speaker)
        result = score_case(facts, case)
        result["seconds"] = round(time.perf_counter() - started, 3)
        per_case[case.name] = result
    present = present_splits(per_case)
    splits = by_split(per_case, present)
    return {
        "splits": {s: summarise(splits[s]) for s in present},
        "cases": {name: (r if readable(name) else strip_details(r)) for name, r in per_case.items()},
    }


def present_splits(per_case: Iterable[str]) -> tuple[Split, ...]:
    """Build and check, plus ``authored`` when any authored case was scored."""
    return (*SPLITS, AUTHORED) if any(split_of(n) == AUTHORED for n in per_case) else SPLITS


def readable(case: str) -> bool:
    """Whether a case's per-case error details may be shown: build split and our own authored cases."""
    return split_of(case) in ("build", AUTHORED)


def targets_met(summary: dict[str, Any]) -> dict[str, bool]:
    """Each of issue 10's extraction targets, met or not, on one split's summary."""
    return {
        "intervention_f1": summary["interventions"]["strict"]["f1"] >= TARGETS["intervention_f1"],
        "measure_accuracy": summary["measures"]["accuracy"] >= TARGETS["measure_accuracy"],
        "invented_scores": summary["measures"]["invented"] <= TARGETS["invented_scores"],
        "risk_recall": summary["risk"]["recall"] >= TARGETS["risk_recall"],
        "denied_without_asking": summary["risk"]["denied_without_asking"] <= TARGETS["denied_without_asking"],
    }


# --------------------------------------------------------------------------- AnnoMI


def evaluate_annomi(path: Path, extractor: Extractor) -> dict[str, Any]:
    """Micro-skill agreement with AnnoMI's codes, and interventions reported in whole MI sessions.

    The coding function is the extractor module's public one (the system under test); the scoring is
    here. Skipped, with the reason, when the extractor no longer exposes it.
    """
    try:
        from service.extract.mi_skills import code_utterance

        vocab = extractor.vocabulary.micro_skills  # type: ignore[attr-defined]
    except (ImportError, AttributeError) as exc:
        return {"skipped": f"micro-skill coding not available ({type(exc).__name__})"}
    counts = {code: Counter[str]() for code in MI_CODES}
    reported: Counter[str] = Counter()
    sessions = utterances = 0
    started = time.perf_counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        session = json.loads(line)
        sessions += 1
        turns = []
        for u in session["utterances"]:
            turns.append({"speaker": u["speaker"], "start": 0.0, "end": 0.0, "text": u["text"]})
            if u["speaker"] != "therapist":
                continue
            utterances += 1
            code = code_utterance(u["text"], vocab)
            gold = {
                "reflection": u["therapist_behaviour"] == "reflection",
                "question": u["therapist_behaviour"] == "question",
                "open question": u["question_subtype"] == "open",
                "closed question": u["question_subtype"] == "closed",
                "therapist_input": u["therapist_behaviour"] == "therapist_input",
                "information": u["input_subtype"] == "information",
                "advice": u["input_subtype"] == "advice",
            }
            pred = {
                "reflection": code.behaviour == "reflection",
                "question": code.behaviour == "question",
                "open question": code.question == "open",
                "closed question": code.question == "closed",
                "therapist_input": code.behaviour == "therapist_input",
                "information": code.input == "information",
                "advice": code.input == "advice",
            }
            for name in MI_CODES:
                if pred[name]:
                    counts[name]["tp" if gold[name] else "fp"] += 1
                elif gold[name]:
                    counts[name]["fn"] += 1
        facts = extractor.extract(Transcript.model_validate({"utterances": turns}), None)
        reported.update(f.name for f in facts.interventions)
    return {
        "sessions": sessions,
        "therapist_utterances": utterances,
        "codes": {
            name: {
                "gold": c["tp"] + c["fn"],
                "predicted": c["tp"] + c["fp"],
                **_prf(c["tp"], c["fp"], c["fn"]),
            }
            for name, c in counts.items()
        },
        "interventions_reported": dict(reported.most_common()),
        "seconds": round(time.perf_counter() - started, 2),
    }


# --------------------------------------------------------------------------- run


def run(
    data_dir: Path | None = None, write: bool = True, container: Any = None, with_scrubber: bool = True
) -> dict[str, Any]:
    """Evaluate the container's extractor on every case; writes eval/results/extraction.{json,md} unless
    ``write`` is false (tests must not rewrite the committed results). ``with_scrubber``: also extract
    from the pipeline scrubber's output (a Presidio pass over every case; the report's last table)."""
    from service.config import load_settings
    from service.container import Container

    data_dir = data_dir or shared_data_dir()
    c = container or Container(load_settings())
    extractor = c.extractor
    cases = [*load_cases(data_dir), *load_authored_cases()]
    gold = evaluate_cases(cases, extractor, "gold")
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "extractor": getattr(extractor, "engine", type(extractor).__name__),
        "vocabulary_version": getattr(extractor, "version", None),
        "equivalences_version": iv.load_table().version,
        "splits": gold["splits"],
        "cases": gold["cases"],
        "raw": {"splits": evaluate_cases(cases, extractor, "raw")["splits"]},
        "targets": TARGETS,
        "targets_met": {s: targets_met(summary) for s, summary in gold["splits"].items()},
    }
    if with_scrubber:
        scrubbed = evaluate_cases(cases, extractor, "pipeline", c.scrubber)
        results["pipeline_scrubber"] = {"splits": scrubbed["splits"]}
    annomi = data_dir / "sessions" / "annomi_dev.jsonl"
    if annomi.is_file():
        results["annomi"] = evaluate_annomi(annomi, extractor)
    if write:
        write_results("extraction", results, markdown(results))
    return results


# --------------------------------------------------------------------------- report

METRICS: list[tuple[str, Any]] = [
    ("interventions F1, strict (P / R)", lambda s: _f1(s["interventions"]["strict"])),
    ("interventions F1, near-synonyms (P / R)", lambda s: _f1(s["interventions"]["near"])),
    ("interventions TP / FP / FN (near)", lambda s: _tpfpfn(s["interventions"]["near"])),
    (
        "proposed reported as used",
        lambda s: f"{s['proposed']['proposed_as_used']} of {s['proposed']['expected']}",
    ),
    ("used reported only as proposed", lambda s: str(s["proposed"]["used_as_proposed"])),
    ("measure scores exact", lambda s: ratio(s["measures"]["matched"], s["measures"]["expected"])),
    ("measure scores invented", lambda s: str(s["measures"]["invented"])),
    ("risk recall (cases)", lambda s: ratio(s["risk"]["cases_detected"], s["risk"]["cases_with_risk"])),
    (
        "risk cases stated or held for review",
        lambda s: (
            ratio(s["risk"]["cases_alerted"], s["risk"]["cases_with_risk"])
            if "cases_alerted" in s["risk"]
            else "n/a"
        ),
    ),
    (
        "cases without risk held for review",
        lambda s: (
            f"{s['risk']['review_without_risk']} of {s['risk']['cases_without_risk']}"
            if "review_without_risk" in s["risk"]
            else "n/a"
        ),
    ),
    ("risk statement lines found", lambda s: ratio(s["risk"]["statements_found"], s["risk"]["statements"])),
    (
        "false risk (cases without risk)",
        lambda s: f"{s['risk']['false_risk']} of {s['risk']['cases_without_risk']}",
    ),
    ("risk 'asked' agrees", lambda s: f"{s['risk']['asked_agree']} of {s['n_cases']}"),
    ("'denied' without being asked", lambda s: str(s["risk"]["denied_without_asking"])),
    ("'denied' in a case with risk", lambda s: str(s["risk"]["denied_despite_risk"])),
    ("goals classified", lambda s: ratio(s["goals"]["correct"], s["goals"]["total"])),
    ("homework reviewed found", lambda s: ratio(s["homework"]["reviewed_found"], s["homework"]["reviewed"])),
    ("homework assigned found", lambda s: ratio(s["homework"]["assigned_found"], s["homework"]["assigned"])),
    ("seconds per case", lambda s: f"{s['seconds_per_case']:.2f}"),
]


def _f1(p: dict[str, Any]) -> str:
    return f"{p['f1']:.2f} ({p['precision']:.2f} / {p['recall']:.2f})"


def _tpfpfn(p: dict[str, Any]) -> str:
    return f"{p['tp']} / {p['fp']} / {p['fn']}"


def _case_row(name: str, c: dict[str, Any]) -> str:
    strict, near = c["interventions"]["strict"], c["interventions"]["near"]
    m, r, g = c["measures"], c["risk"], c["goals"]
    return row(
        name,
        f"{strict['tp']}/{strict['fp']}/{strict['fn']}",
        f"{near['tp']}/{near['fp']}/{near['fn']}",
        f"{c['proposed']['proposed_as_used']}",
        f"{m['matched']} / {m['expected']}",
        m["invented"],
        f"{yn(r['expected_present'])} / {yn(r['extracted_present'])}",
        f"{r['statements_found']} / {r['statements']}",
        f"{yn(r['expected_asked'])} / {yn(r['extracted_asked'])}",
        f"{g['correct']} / {g['total']}",
    )


def markdown(results: dict[str, Any]) -> str:
    """Build and check split side by side, before beside now; per-case rows for the build split only."""
    before = baseline_splits("extraction")
    splits = results["splits"]
    shown: tuple[Split, ...] = tuple(s for s in (*SPLITS, AUTHORED) if s in splits)
    lines = [
        f"# Fact extraction ({results['extractor']}), {results['date']}",
        "",
        f"Vocabulary `{results['vocabulary_version']}`; "
        f"equivalence table `{results['equivalences_version']}` "
        "(eval/equivalences.yaml). Cases scrubbed with their gold PHI spans. Matching rules: eval/README.md. "
        "Check-split cases are reported in aggregate only; authored cases (eval/authored/cases, the "
        "project's own, written from the seeds) per case.",
        "",
        "## Build and check split" + (", authored cases" if AUTHORED in shown else ""),
        "",
        *split_table(METRICS, splits, before, splits=shown),
        "",
        "## Targets (issue 10; asserted on the build split only)",
        "",
        row("target", *(f"{s} met" for s in shown)),
        row("---", *("---" for _ in shown)),
    ]
    labels = {
        "intervention_f1": f"intervention F1 (strict) >= {TARGETS['intervention_f1']}",
        "measure_accuracy": f"measure scores exact >= {TARGETS['measure_accuracy']}",
        "invented_scores": "0 invented scores",
        "risk_recall": "risk recall (cases) = 1.0",
        "denied_without_asking": "0 'denied' without being asked",
    }
    for key, label in labels.items():
        lines.append(row(label, *(yn(results["targets_met"][s][key]) for s in shown)))
    for split in (s for s in ("build", AUTHORED) if s in shown):
        lines += _per_case_lines(split, by_split(results["cases"], shown)[split])
    inputs = [("raw", "raw", "raw transcripts"), ("pipeline_scrubber", "pipeline", "pipeline scrubber")]
    inputs = [i for i in inputs if i[0] in results]
    other: dict[str, Any] = {
        split: {
            "n_cases": splits[split]["n_cases"],
            **{src: results[key]["splits"][split] for key, src, _ in inputs},
        }
        for split in shown
    }
    before_other: dict[str, Any] | None = (
        {
            split: {"raw": b["raw"]["splits"][split], "pipeline": b["pipeline_scrubber"]["splits"][split]}
            for split in SPLITS
        }
        if (b := _baseline_extraction()) and "raw" in b and "pipeline_scrubber" in b
        else None
    )
    lines += [
        "",
        "## Other inputs (checks that placeholders and the real scrubber change nothing)",
        "",
        *split_table(
            [
                (f"{label}: {what}", _from(src, fn))
                for _, src, label in inputs
                for what, fn in (
                    ("interventions F1 strict", lambda s: f"{s['interventions']['strict']['f1']:.2f}"),
                    ("scores exact", lambda s: ratio(s["measures"]["matched"], s["measures"]["expected"])),
                )
            ],
            other,
            before_other,
            splits=shown,
        ),
    ]
    if "annomi" in results:
        lines += _annomi_lines(results["annomi"])
    return "\n".join(lines) + "\n"


def _per_case_lines(split: str, cases: dict[str, Any]) -> list[str]:
    """Per-case rows and the errors by case, for a split whose cases may be read (build, authored)."""
    lines = [
        "",
        f"## {split.capitalize()} split, per case",
        "",
        row(
            "case", "interventions TP/FP/FN strict", "near", "proposed as used", "scores exact",
            "invented", "risk (exp / got)", "risk lines found", "asked (exp / got)", "goals correct",
        ),
        row(*(["---"] * 10)),
        *(_case_row(name, c) for name, c in cases.items()),
        "",
        f"Errors by case ({split} split; near-synonym rule):",
        "",
    ]  # fmt: skip
    for name, c in cases.items():
        near, m = c["interventions"]["near"], c["measures"]
        if near["missed"] or near["spurious"] or m["missed_scores"] or m["invented_scores"]:
            lines.append(
                f"- {name}: interventions missed {near['missed']}, spurious {near['spurious']}; "
                f"scores missed {m['missed_scores']}, invented {m['invented_scores']}"
            )
    return lines


def _from(source: str, cell: Any) -> Any:
    def pick(summary: dict[str, Any]) -> str:
        return str(cell(summary[source]))

    return pick


def _baseline_extraction() -> dict[str, Any] | None:
    from eval.report import load_baseline

    data = load_baseline()
    found = data.get("extraction") if data else None
    return found if isinstance(found, dict) else None


def _annomi_lines(a: dict[str, Any]) -> list[str]:
    if "skipped" in a:
        return ["", f"AnnoMI micro-skill codes: not run ({a['skipped']})."]
    lines = [
        "",
        f"## AnnoMI micro-skill codes ({a['sessions']} sessions, "
        f"{a['therapist_utterances']} therapist utterances)",
        "",
        "| code | gold | predicted | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for name, c in a["codes"].items():
        lines.append(
            row(
                name,
                c["gold"],
                c["predicted"],
                f"{c['precision']:.2f}",
                f"{c['recall']:.2f}",
                f"{c['f1']:.2f}",
            )
        )
    top = ", ".join(f"{k} {v}" for k, v in list(a["interventions_reported"].items())[:12]) or "none"
    lines += [
        "",
        f"Interventions the extractor reports across the {a['sessions']} MI sessions (no gold): {top}.",
    ]
    return lines


def main() -> None:
    """``python -m eval.extraction``."""
    results = run()
    print(markdown(results))
    print(f"written to {RESULTS_DIR}")


if __name__ == "__main__":
    main()
