"""Clinical fact extraction evaluation: the rule-based extractor against the cases' ``expected.json``,
and its utterance-level micro-skill codes against AnnoMI's human therapist-behaviour codes.

Input to the extractor. Each case transcript is first scrubbed the way the pipeline hands it over: every
``phi.json`` span is replaced by a placeholder (``[CLIENT]`` for the plan client's names, otherwise
``[PERSON_1]``, ``[DATE_2]``..., consistent within the session). Gold spans are used, not the scrubber,
so scrubbing errors do not blur the extraction figures. The raw transcript is also run, as a check that
placeholders change nothing.

Matching rules (cases):
- Interventions. An expected item and an extracted item match when they are the same vocabulary entry:
  the expected ``name`` is resolved through ``prompts/vocabulary/interventions.yaml`` (its longest
  name or synonym found, e.g. "Relapse prevention (trigger chain analysis and refusal role-play)" ->
  Relapse prevention) and compared with the extracted canonical name. An expected name the vocabulary
  cannot resolve matches an extracted item with the same non-null ``plan_intervention_id``. Matching is
  one-to-one; evidence overlap is NOT required (the evidence lines are reported separately as the share
  of extracted evidence lines inside the expected evidence). Precision, recall and F1 are micro-averaged
  over cases. ``in_plan``, ``plan_intervention_id`` and ``in_vocabulary`` agreement is reported on the
  matched pairs.
- Proposed vs used. The same rule between the lists gives the confusion: expected used found as used /
  as proposed / missed; expected proposed found as proposed / as used / missed; extracted items in
  neither expected list.
- Measures. Exact match on (instrument, score) as multisets per case. Exact-score accuracy = matched /
  expected; invented scores = extracted scores with no expected counterpart (target 0).
  ``administered_in_session`` agreement is reported on matched pairs.
- Risk. Statement recall = expected ``statements_utterance_indices`` found in the extracted risk
  evidence / all expected statement lines; false risk = cases without risk where risk is extracted as
  present; kind, ``asked`` and "denied only if asked" are reported per case.
- Goals. Accuracy over every plan goal: addressed or not, as ``goals_addressed`` / ``goals_not_addressed``.
- Homework. An expected item is found when an extracted item of the same status shares an evidence line;
  completion agrees when the expected ``completed`` text starts with the extracted value (yes/partial/no).

AnnoMI (``sessions/annomi_dev.jsonl``): every therapist utterance is coded on its own by
``service.extract.mi_skills`` and compared with the human codes: reflection, question and
therapist_input against ``therapist_behaviour``; open and closed question against ``question_subtype``
(when the utterance is coded a question); information and advice against ``input_subtype``. The whole
sessions also go through the extractor without a plan, to list which interventions it reports in real
MI counselling (no gold: a sanity check for spurious techniques).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from eval.common import RESULTS_DIR, shared_data_dir, write_results
from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import SessionNoteError
from service.extract.extractor import RuleBasedExtractor
from service.extract.mi_skills import code_utterance
from service.extract.model_assisted import ModelAssistedExtractor
from service.extract.vocabulary import InterventionVocabulary
from service.protocols import Scrubber

TARGETS = {
    "intervention_f1": 0.80,
    "measure_accuracy": 0.95,
    "invented_scores": 0,
    "risk_recall": 1.0,
    "false_risk": 0,
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


def scrub_with_gold(
    transcript: dict[str, Any], phi: list[dict[str, Any]], plan: dict[str, Any]
) -> Transcript:
    """The transcript with every gold PHI span replaced by a session-consistent placeholder."""
    client = plan.get("client", {})
    client_words = set()
    for value in (client.get("name"), client.get("preferred_name"), *(client.get("nicknames") or [])):
        if value:
            client_words |= set(value.lower().split())
    keys: dict[tuple[str, str], str] = {}
    counters: Counter[str] = Counter()
    by_utterance: dict[int, list[dict[str, Any]]] = {}
    for span in phi:
        by_utterance.setdefault(span["utterance_index"], []).append(span)
    utterances = []
    for i, utterance in enumerate(transcript["utterances"]):
        text = utterance["text"]
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
        utterances.append({**utterance, "text": text})
    return Transcript.model_validate({**transcript, "utterances": utterances})


def load_case(
    case: Path, scrubbed: bool = True, scrubber: Scrubber | None = None
) -> tuple[Transcript, TreatmentPlan, dict[str, Any]]:
    """(transcript, plan, expected) of one case folder; gold-scrubbed, raw, or through ``scrubber``."""
    raw = json.loads((case / "transcript.json").read_text(encoding="utf-8"))
    plan = TreatmentPlan.model_validate(json.loads((case / "plan.json").read_text(encoding="utf-8")))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    transcript = Transcript.model_validate(raw)
    if scrubber is not None:
        result = scrubber.scrub(transcript, plan.client)
        transcript = transcript.model_copy(update={"utterances": result.utterances})
    elif scrubbed:
        phi = json.loads((case / "phi.json").read_text(encoding="utf-8"))
        transcript = scrub_with_gold(raw, phi, plan.model_dump(mode="json"))
    return transcript, plan, expected


# --------------------------------------------------------------------------- matching


def _canonical(name: str, vocab: InterventionVocabulary) -> str | None:
    entry = vocab.resolve(name)
    return entry.name if entry is not None else None


def match_interventions(
    expected: list[dict[str, Any]], got: list[InterventionFact], vocab: InterventionVocabulary
) -> tuple[list[tuple[dict[str, Any], InterventionFact]], list[dict[str, Any]], list[InterventionFact]]:
    """One-to-one pairs by canonical vocabulary entry, then by plan id; (pairs, missed, extra)."""
    left = list(got)
    pairs: list[tuple[dict[str, Any], InterventionFact]] = []
    missed: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    for item in expected:
        canonical = _canonical(item["name"], vocab)
        found = next((g for g in left if canonical is not None and g.name == canonical), None)
        if found is not None:
            pairs.append((item, found))
            left.remove(found)
        else:
            unresolved.append(item)
    for item in unresolved:
        pid = item.get("plan_intervention_id")
        found = next((g for g in left if pid is not None and g.plan_intervention_id == pid), None)
        if found is not None and _canonical(item["name"], vocab) is None:
            pairs.append((item, found))
            left.remove(found)
        else:
            missed.append(item)
    return pairs, missed, left


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score_case(
    facts: ClinicalFacts, plan: TreatmentPlan, expected: dict[str, Any], vocab: InterventionVocabulary
) -> dict[str, Any]:
    """Every per-case figure of the module docstring."""
    used, proposed = list(facts.interventions), list(facts.proposed)
    pairs, missed, extra = match_interventions(expected["interventions_used"], used, vocab)
    exp_evidence = [set(e["evidence_utterance_indices"]) for e, _ in pairs]
    got_evidence = [set(g.evidence) for _, g in pairs]
    inside = sum(len(g & e) for g, e in zip(got_evidence, exp_evidence, strict=True))
    total_lines = sum(len(g) for g in got_evidence)

    # Proposed vs used confusion.
    p_pairs, p_missed, p_extra = match_interventions(expected["interventions_proposed"], proposed, vocab)
    used_as_proposed = match_interventions(missed, proposed, vocab)[0]
    proposed_as_used = match_interventions(p_missed, extra, vocab)[0]

    exp_measures = Counter((m["instrument"], float(m["score"])) for m in expected["measures_reported"])
    got_measures = Counter((m.instrument, float(m.score)) for m in facts.measures)
    matched = exp_measures & got_measures
    admin_ok = admin_n = 0
    pool = list(facts.measures)
    for m in expected["measures_reported"]:
        hit = next(
            (g for g in pool if g.instrument == m["instrument"] and g.score == float(m["score"])), None
        )
        if hit is not None:
            pool.remove(hit)
            admin_n += 1
            admin_ok += hit.administered_in_session == m["administered_in_session"]

    risk_exp = expected["risk"]
    statements = set(risk_exp["statements_utterance_indices"])
    found_statements = statements & set(facts.risk.evidence)
    addressed = {g.goal_id for g in facts.goals_addressed}
    goals_ok = sum((g.id in addressed) == (g.id in expected["goals_addressed"]) for g in plan.goals)

    homework = _homework(facts, expected["homework"])
    return {
        "interventions": {
            "expected": len(expected["interventions_used"]),
            "extracted": len(used),
            "tp": len(pairs),
            "fp": len(extra),
            "fn": len(missed),
            **_prf(len(pairs), len(extra), len(missed)),
            "missed": [m["name"] for m in missed],
            "spurious": [g.name for g in extra],
            "in_plan_agree": sum(g.in_plan == e["in_plan"] for e, g in pairs),
            "plan_id_agree": sum(g.plan_intervention_id == e["plan_intervention_id"] for e, g in pairs),
            "in_vocabulary_agree": sum(g.in_vocabulary == e.get("in_vocabulary", True) for e, g in pairs),
            "evidence_lines_inside_expected": inside,
            "evidence_lines": total_lines,
        },
        "proposed": {
            "expected": len(expected["interventions_proposed"]),
            "extracted": len(proposed),
            "proposed_as_proposed": len(p_pairs),
            "proposed_as_used": len(proposed_as_used),
            "proposed_missed": len(p_missed) - len(proposed_as_used),
            "used_as_proposed": len(used_as_proposed),
            "spurious_proposed": len(p_extra) - len(used_as_proposed),
        },
        "measures": {
            "expected": sum(exp_measures.values()),
            "extracted": sum(got_measures.values()),
            "matched": sum(matched.values()),
            "invented": sum((got_measures - exp_measures).values()),
            "missed_scores": [f"{k[0]} {k[1]:g}" for k in (exp_measures - got_measures).elements()],
            "invented_scores": [f"{k[0]} {k[1]:g}" for k in (got_measures - exp_measures).elements()],
            "administered_agree": admin_ok,
            "administered_pairs": admin_n,
        },
        "risk": {
            "expected_present": risk_exp["present"],
            "extracted_present": facts.risk.present,
            "expected_kind": risk_exp["kind"],
            "extracted_kinds": list(facts.risk.kinds),
            "statements": len(statements),
            "statements_found": len(found_statements),
            "expected_asked": risk_exp["asked"],
            "extracted_asked": facts.risk.asked,
            "denied": facts.risk.denied,
            "denied_without_asking": facts.risk.denied and not risk_exp["asked"],
            "false_risk": facts.risk.present and not risk_exp["present"],
        },
        "goals": {
            "total": len(plan.goals),
            "correct": goals_ok,
            "extracted": sorted(addressed),
            "expected": sorted(expected["goals_addressed"]),
        },
        "homework": homework,
    }


def _homework(facts: ClinicalFacts, expected: dict[str, Any]) -> dict[str, int]:
    out = {"reviewed": 0, "reviewed_found": 0, "completion_agree": 0, "assigned": 0, "assigned_found": 0}
    for status, key in (("reviewed", "reviewed"), ("assigned", "assigned")):
        items = [h for h in facts.homework if h.status == status]
        for exp in expected[key]:
            out[key] += 1
            hit = next((h for h in items if set(h.evidence) & set(exp["evidence_utterance_indices"])), None)
            if hit is None:
                continue
            out[f"{key}_found"] += 1
            if (
                status == "reviewed"
                and hit.completed
                and str(exp.get("completed", "")).startswith(hit.completed)
            ):
                out["completion_agree"] += 1
    return out


# --------------------------------------------------------------------------- AnnoMI


def evaluate_annomi(path: Path, extractor: RuleBasedExtractor) -> dict[str, Any]:
    """Micro-skill agreement with AnnoMI codes, and interventions reported in whole MI sessions."""
    vocab = extractor.vocabulary.micro_skills
    counts = {code: Counter[str]() for code in MI_CODES}
    interventions: Counter[str] = Counter()
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
        interventions.update(f.name for f in facts.interventions)
    per_code = {}
    for name, c in counts.items():
        per_code[name] = {
            "gold": c["tp"] + c["fn"],
            "predicted": c["tp"] + c["fp"],
            **_prf(c["tp"], c["fp"], c["fn"]),
        }
    return {
        "sessions": sessions,
        "therapist_utterances": utterances,
        "codes": per_code,
        "interventions_reported": dict(interventions.most_common()),
        "seconds": round(time.perf_counter() - started, 2),
    }


# --------------------------------------------------------------------------- run


def evaluate_cases(
    data_dir: Path,
    extractor: RuleBasedExtractor | ModelAssistedExtractor,
    scrubbed: bool = True,
    scrubber: Scrubber | None = None,
) -> dict[str, Any]:
    """Per-case and overall figures on ``data_dir/cases``."""
    vocab = extractor.vocabulary.interventions
    cases: dict[str, Any] = {}
    for case in sorted(p for p in (data_dir / "cases").iterdir() if (p / "expected.json").is_file()):
        transcript, plan, expected = load_case(case, scrubbed=scrubbed, scrubber=scrubber)
        started = time.perf_counter()
        facts = extractor.extract(transcript, plan, expected.get("focus_speaker", "client"))
        result = score_case(facts, plan, expected, vocab)
        result["seconds"] = round(time.perf_counter() - started, 3)
        cases[case.name] = result
    return {"cases": cases, "overall": overall(cases)}


def overall(cases: dict[str, Any]) -> dict[str, Any]:
    """Micro-averaged totals over cases."""

    def total(section: str, key: str) -> int:
        return int(sum(c[section][key] for c in cases.values()))

    tp, fp, fn = total("interventions", "tp"), total("interventions", "fp"), total("interventions", "fn")
    expected_measures = total("measures", "expected")
    statements = total("risk", "statements")
    no_risk = [c for c in cases.values() if not c["risk"]["expected_present"]]
    return {
        "interventions": {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            **_prf(tp, fp, fn),
            "pairs": tp,
            "in_plan_agree": total("interventions", "in_plan_agree"),
            "plan_id_agree": total("interventions", "plan_id_agree"),
            "in_vocabulary_agree": total("interventions", "in_vocabulary_agree"),
            "evidence_precision": round(
                total("interventions", "evidence_lines_inside_expected")
                / max(1, total("interventions", "evidence_lines")),
                3,
            ),
        },
        "proposed": {k: total("proposed", k) for k in next(iter(cases.values()))["proposed"]},
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
            "statements": statements,
            "statements_found": total("risk", "statements_found"),
            "recall": round(total("risk", "statements_found") / statements, 3) if statements else 1.0,
            "cases_with_risk": sum(c["risk"]["expected_present"] for c in cases.values()),
            "present_agree": sum(
                c["risk"]["expected_present"] == c["risk"]["extracted_present"] for c in cases.values()
            ),
            "kind_agree": sum(
                c["risk"]["expected_kind"] in c["risk"]["extracted_kinds"]
                for c in cases.values()
                if c["risk"]["expected_present"]
            ),
            "asked_agree": sum(
                c["risk"]["expected_asked"] == c["risk"]["extracted_asked"] for c in cases.values()
            ),
            "denied_without_asking": sum(c["risk"]["denied_without_asking"] for c in cases.values()),
            "cases_without_risk": len(no_risk),
            "false_risk": sum(c["risk"]["false_risk"] for c in no_risk),
        },
        "goals": {
            "total": total("goals", "total"),
            "correct": total("goals", "correct"),
            "accuracy": round(total("goals", "correct") / max(1, total("goals", "total")), 3),
        },
        "homework": {k: total("homework", k) for k in next(iter(cases.values()))["homework"]},
        "seconds_per_case": round(sum(c["seconds"] for c in cases.values()) / max(1, len(cases)), 3),
    }


def _with_pipeline_scrubber(data_dir: Path, extractor: RuleBasedExtractor) -> dict[str, Any]:
    """The cases scrubbed by the real scrub stage (when its model is installed), as the pipeline does."""
    try:
        from service.config import load_settings
        from service.container import Container

        scrubber = Container(load_settings()).scrubber
    except (SessionNoteError, ImportError) as exc:
        return {"skipped": str(exc)}
    return {"overall": evaluate_cases(data_dir, extractor, scrubber=scrubber)["overall"]}


def targets_met(results: dict[str, Any]) -> dict[str, bool]:
    """Each target of the issue, met or not, on the scrubbed cases."""
    o = results["scrubbed"]["overall"]
    return {
        "intervention_f1": o["interventions"]["f1"] >= TARGETS["intervention_f1"],
        "measure_accuracy": o["measures"]["accuracy"] >= TARGETS["measure_accuracy"],
        "invented_scores": o["measures"]["invented"] <= TARGETS["invented_scores"],
        "risk_recall": o["risk"]["recall"] >= TARGETS["risk_recall"],
        "false_risk": o["risk"]["false_risk"] <= TARGETS["false_risk"],
    }


def run(data_dir: Path | None = None, write: bool = True) -> dict[str, Any]:
    """Evaluate on ``data_dir`` (default ``../shared/data``); writes eval/results/extraction.{json,md}
    unless ``write`` is false (tests must not rewrite the committed results)."""
    data_dir = data_dir or shared_data_dir()
    extractor = RuleBasedExtractor()
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "extractor": extractor.engine,
        "vocabulary_version": extractor.version,
        "scrubbed": evaluate_cases(data_dir, extractor, scrubbed=True),
        "raw": {"overall": evaluate_cases(data_dir, extractor, scrubbed=False)["overall"]},
        "pipeline_scrubber": _with_pipeline_scrubber(data_dir, extractor),
    }
    annomi = data_dir / "sessions" / "annomi_dev.jsonl"
    if annomi.is_file():
        results["annomi"] = evaluate_annomi(annomi, extractor)
    results["targets"] = TARGETS
    results["targets_met"] = targets_met(results)
    if write:
        write_results("extraction", results, markdown(results))
    return results


# --------------------------------------------------------------------------- report


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _case_row(name: str, c: dict[str, Any]) -> str:
    i, p, m, r, g = c["interventions"], c["proposed"], c["measures"], c["risk"], c["goals"]
    return _row(
        name,
        f"{i['tp']}/{i['fp']}/{i['fn']}",
        f"{i['precision']:.2f}",
        f"{i['recall']:.2f}",
        f"{i['f1']:.2f}",
        f"{p['proposed_as_proposed']} / {p['expected']}",
        f"{m['matched']} / {m['expected']}",
        m["invented"],
        f"{_yn(r['expected_present'])} / {_yn(r['extracted_present'])}",
        f"{r['statements_found']} / {r['statements']}",
        f"{_yn(r['expected_asked'])} / {_yn(r['extracted_asked'])}",
        f"{g['correct']} / {g['total']}",
        c["seconds"],
    )


def markdown(results: dict[str, Any]) -> str:
    """The tables the README quotes."""
    cases = results["scrubbed"]["cases"]
    o = results["scrubbed"]["overall"]
    raw = results["raw"]["overall"]
    i, m, r, g, p, hw = o["interventions"], o["measures"], o["risk"], o["goals"], o["proposed"], o["homework"]
    met = results["targets_met"]
    n = len(cases)
    scrub_run = results.get("pipeline_scrubber", {})
    pipeline = (
        _summary(scrub_run["overall"]) if "overall" in scrub_run else f"not run ({scrub_run.get('skipped')})"
    )
    lines = [
        f"# Fact extraction ({results['extractor']}), {results['date']}",
        "",
        f"Vocabulary `{results['vocabulary_version']}`. Cases scrubbed with their gold PHI spans "
        "(placeholders as the pipeline hands them over); matching rules in eval/extraction.py.",
        "",
        "## Per case",
        "",
        _row(
            "case", "interventions TP/FP/FN", "P", "R", "F1", "proposed ok / expected",
            "measures matched / expected", "invented", "risk (exp / got)", "risk lines found",
            "asked (exp / got)", "goals correct", "s",
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(_case_row(name, c) for name, c in cases.items()),
        _row(
            "**overall**",
            f"{i['tp']}/{i['fp']}/{i['fn']}",
            f"{i['precision']:.2f}",
            f"{i['recall']:.2f}",
            f"**{i['f1']:.2f}**",
            f"{p['proposed_as_proposed']} / {p['expected']}",
            f"{m['matched']} / {m['expected']}",
            f"**{m['invented']}**",
            f"{r['cases_with_risk']} cases",
            f"{r['statements_found']} / {r['statements']}",
            f"{r['asked_agree']} / {n} agree",
            f"{g['correct']} / {g['total']}",
            o["seconds_per_case"],
        ),
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        _row(
            "intervention F1 >= 0.80",
            f"{i['f1']:.3f} (P {i['precision']:.3f}, R {i['recall']:.3f})",
            _yn(met["intervention_f1"]),
        ),
        _row(
            "measure exact-score accuracy >= 0.95",
            f"{m['accuracy']:.3f} ({m['matched']}/{m['expected']})",
            _yn(met["measure_accuracy"]),
        ),
        _row("invented scores = 0", m["invented"], _yn(met["invented_scores"])),
        _row(
            "risk statement recall = 1.0",
            f"{r['recall']:.3f} ({r['statements_found']}/{r['statements']})",
            _yn(met["risk_recall"]),
        ),
        _row(
            "no false risk in sessions without any",
            f"{r['false_risk']} of {r['cases_without_risk']}",
            _yn(met["false_risk"]),
        ),
        "",
        "## Details",
        "",
        f"- Matched interventions: in_plan agrees {i['in_plan_agree']}/{i['pairs']}, plan id "
        f"{i['plan_id_agree']}/{i['pairs']}, in_vocabulary {i['in_vocabulary_agree']}/{i['pairs']}; "
        f"{i['evidence_precision']:.0%} of extracted evidence lines lie inside the expected evidence.",
        f"- Proposed vs used: expected proposed found as proposed {p['proposed_as_proposed']}, as used "
        f"{p['proposed_as_used']}, missed {p['proposed_missed']}; expected used found only as proposed "
        f"{p['used_as_proposed']}; spurious proposals {p['spurious_proposed']}.",
        f"- Measures: administered_in_session agrees on {m['administered_agree']}/{m['administered_pairs']} "
        "matched scores.",
        f"- Risk: present agrees in {r['present_agree']}/{n} cases, kind in {r['kind_agree']}/"
        f"{r['cases_with_risk']}, asked in {r['asked_agree']}/{n}; 'denied' without being asked: "
        f"{r['denied_without_asking']}.",
        f"- Goals addressed: {g['correct']}/{g['total']} plan goals classified correctly "
        f"({g['accuracy']:.3f}).",
        f"- Homework: reviewed found {hw['reviewed_found']}/{hw['reviewed']} (completion agrees "
        f"{hw['completion_agree']}), assigned found {hw['assigned_found']}/{hw['assigned']}.",
        f"- Raw transcripts (real names, no placeholders): {_summary(raw)}.",
        f"- Scrubbed by the pipeline's own scrub stage: {pipeline}.",
    ]  # fmt: skip
    misses = [
        f"  - {name}: missed {c['interventions']['missed']}, spurious {c['interventions']['spurious']}, "
        f"scores missed {c['measures']['missed_scores']}, invented {c['measures']['invented_scores']}"
        for name, c in cases.items()
        if c["interventions"]["missed"]
        or c["interventions"]["spurious"]
        or c["measures"]["missed_scores"]
        or c["measures"]["invented_scores"]
    ]
    if misses:
        lines += ["- Errors by case:", *misses]
    if "annomi" in results:
        a = results["annomi"]
        lines += [
            "",
            f"## AnnoMI micro-skill codes ({a['sessions']} sessions, {a['therapist_utterances']} "
            "therapist utterances)",
            "",
            "| code | gold | predicted | precision | recall | F1 |",
            "|---|---|---|---|---|---|",
        ]
        for name, c in a["codes"].items():
            lines.append(
                _row(
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
    return "\n".join(lines) + "\n"


def _summary(o: dict[str, Any]) -> str:
    return (
        f"intervention F1 {o['interventions']['f1']:.3f}, measure accuracy {o['measures']['accuracy']:.3f}, "
        f"invented {o['measures']['invented']}, risk recall {o['risk']['recall']:.3f}, false risk "
        f"{o['risk']['false_risk']}, goals {o['goals']['correct']}/{o['goals']['total']}"
    )


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def main() -> None:
    """``python -m eval.extraction``."""
    results = run()
    print(markdown(results))
    print(f"written to {RESULTS_DIR}")


if __name__ == "__main__":
    main()
