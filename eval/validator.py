"""Validator evaluation on ../shared/data/cases, build and check split side by side.

Settings (facts / note):

- ``oracle/reference``: the facts ``expected.json`` states (in the domain's value objects) and the
  case's clinician-written ``reference_birp``, which cites no lines, so eval/align.py cites them first:
  the validator's rules in isolation;
- ``extracted/reference``: the extractor's facts (the system's) with the same reference note;
- ``pipeline/<drafter>``: the whole pipeline (scrub, extract, draft, validate) as ``sessionnote draft``
  runs it; its own findings on its own note. The end-to-end figure.

The validator is reached through the container (``Container.validator``, ``.pipeline``). Scoring is
the evaluation's own (eval/README.md, "Validator"):

- a finding is correct when it matches a ``must_flag`` item one to one: same code and same ref (goal
  id, instrument, ``review_date``, ``risk``, ``*``); intervention codes match by a shared name word or
  by the expected intervention's evidence overlapping the finding's;
- recall = correct / must_flag items;
- precision = correct / raised, over every finding except the sentence-level codes (UNSUPPORTED_CLAIM,
  RESIDUAL_PHI: properties of a note, never in ``must_flag``; reported on their own) and except a
  finding about ``risk`` of a code outside the must_flag rules on a case where risk is present
  (asking the clinician to review a true risk is fine); ``precision_all`` counts every finding;
- blocked anyway: a case whose ``must_flag`` is empty that got any blocking finding (same risk
  exception; on a reference note, whose citations are the evaluation's own alignment, UNSUPPORTED_CLAIM
  is left out of this count and reported with the sentence findings);
- probes: the probe sentence appended to the note; caught when a finding of its ``expect_code``
  cites it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eval.align import align_note
from eval.cases import Case, load_cases
from eval.common import shared_data_dir, write_results
from eval.drafts import Drafted, draft_cases, new_container, run_scored
from eval.instruments import key as instrument_key
from eval.report import BASELINE_COMMIT, baseline_splits, ratio, row, split_table
from eval.splits import SPLITS, by_split
from eval.words import content_words, split_sentences
from service.domain.facts import (
    ClinicalFacts,
    GoalFact,
    HomeworkFact,
    InterventionFact,
    MeasureFact,
    RiskFact,
)
from service.domain.findings import Finding
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.domain.phi import ScrubbedTranscript
from service.domain.transcript import Transcript

TARGET_RECALL = 0.90
TARGET_PRECISION = 0.85
SENTENCE_CODES = frozenset({"UNSUPPORTED_CLAIM", "RESIDUAL_PHI"})
# The codes README's session-level rules put in must_flag; these are judged against must_flag only.
MUST_FLAG_CODES = frozenset(
    {
        "PLAN_REVIEW_OVERDUE",
        "MEASURE_DUE_NOT_RECORDED",
        "GOAL_NOT_ADDRESSED",
        "INTERVENTION_NOT_IN_PLAN",
        "NON_VOCABULARY_INTERVENTION",
        "RISK_NOT_DOCUMENTED",
    }
)
DRAFTERS: tuple[str, ...] = ("template", "llama-cpp")


# --------------------------------------------------------------------------- inputs


def oracle_facts(case: Case) -> ClinicalFacts:
    """The facts ``expected.json`` states, in the domain's value objects."""
    exp = case.expected

    def ev(item: dict[str, Any]) -> tuple[int, ...]:
        return tuple(item.get("evidence_utterance_indices") or ())

    used = tuple(
        InterventionFact(
            name=i["name"],
            modality=i.get("modality", ""),
            verb="Engaged",
            in_plan=i["in_plan"],
            plan_intervention_id=i.get("plan_intervention_id"),
            in_vocabulary=i["in_vocabulary"],
            evidence=ev(i),
        )
        for i in exp["interventions_used"]
    )
    proposed = tuple(
        InterventionFact(
            name=i["name"],
            modality=i.get("modality", ""),
            verb="Proposed",
            in_plan=i.get("plan_intervention_id") is not None,
            plan_intervention_id=i.get("plan_intervention_id"),
            evidence=ev(i),
        )
        for i in exp.get("interventions_proposed", [])
        if ev(i)
    )
    measures = tuple(
        MeasureFact(
            instrument=m["instrument"],
            score=m["score"],
            reported_by=m["reported_by"],
            administered_in_session=m["administered_in_session"],
            evidence=ev(m),
        )
        for m in exp["measures_reported"]
    )
    r = exp["risk"]
    risk = RiskFact(
        present=r["present"],
        kinds=() if r["kind"] == "none" else (r["kind"],),
        evidence=tuple(r["statements_utterance_indices"]),
        asked=r["asked"],
        safety_plan_reviewed=r["safety_plan_reviewed"],
    )
    homework = tuple(
        HomeworkFact(text=h["text"], status=status, completed=_completed(h.get("completed")), evidence=ev(h))
        for status in ("reviewed", "assigned")
        for h in (exp.get("homework") or {}).get(status, [])
        if ev(h)
    )
    by_goal: dict[str, set[int]] = defaultdict(set)
    plan_goals = {i.id: i.goal_ids for i in case.plan.interventions}
    for fact in used:
        for g in plan_goals.get(fact.plan_intervention_id or "", ()):
            by_goal[g].update(fact.evidence)
    goals = tuple(
        GoalFact(goal_id=g, evidence=tuple(sorted(by_goal[g]))[:6] or (0,)) for g in exp["goals_addressed"]
    )
    return ClinicalFacts(
        interventions=used,
        proposed=proposed,
        measures=measures,
        risk=risk,
        homework=homework,
        goals_addressed=goals,
    )


def _completed(value: Any) -> str | None:
    # Cases write completion as text ("partial: ...") or as a yes/no flag.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None if value is None else str(value)


def reference_note(case: Case) -> BirpNote:
    """``reference_birp`` split into sentences (no evidence yet)."""
    birp = case.expected["reference_birp"]
    return BirpNote(**{s: tuple(NoteSentence(text=t) for t in split_sentences(birp[s])) for s in SECTIONS})


def with_probe(note: BirpNote, probe: dict[str, Any]) -> tuple[BirpNote, str]:
    """``note`` with the probe sentence appended to its section, and the probe's note ref."""
    section: Section = probe["section"]
    existing = note.section(section)
    added = NoteSentence(text=probe["text"], evidence=tuple(probe["evidence"]))
    return note.model_copy(update={section: (*existing, added)}), f"{section}/{len(existing)}"


# --------------------------------------------------------------------------- matching


def _name_words(text: str) -> set[str]:
    return {w for w in content_words(text) if len(w) > 3}


def matches(finding: Finding, flag: dict[str, Any], case: Case) -> bool:
    """Does ``finding`` raise the ``must_flag`` item ``flag``?"""
    if finding.code != flag["code"]:
        return False
    ref, want = finding.ref or "", str(flag.get("ref", ""))
    if finding.code in ("INTERVENTION_NOT_IN_PLAN", "NON_VOCABULARY_INTERVENTION"):
        if _name_words(ref) & _name_words(want):
            return True
        used = next((i for i in case.expected["interventions_used"] if i["name"] == want), None)
        return used is not None and bool(set(used["evidence_utterance_indices"]) & set(finding.evidence))
    if finding.code == "MEASURE_DUE_NOT_RECORDED":
        return instrument_key(ref) == instrument_key(want)
    return ref == want


def _acceptable(finding: Finding, case: Case) -> bool:
    """A finding asking the clinician to review a true risk (any code outside must_flag's, ref ``risk``)."""
    return (
        finding.ref == "risk"
        and finding.code not in MUST_FLAG_CODES
        and bool(case.expected["risk"]["present"])
    )


def score_case(
    case: Case,
    findings: list[Finding],
    probe: Any,
    aligned: bool = False,
) -> dict[str, Any]:
    """Findings on the base note against ``must_flag``, plus every probe (``probe(note_with_probe)``).

    ``aligned``: the note's citations come from eval/align.py, so an UNSUPPORTED_CLAIM on it says as much
    about the aligner as about the validator; it is then left out of "blocked anyway" (and still
    counted among the sentence findings)."""
    left = list(case.expected["must_flag"])
    judged: list[tuple[Finding, bool]] = []
    for f in findings:
        hit = next((flag for flag in left if matches(f, flag, case)), None)
        if hit is not None:
            left.remove(hit)
        judged.append((f, hit is not None))
    counted = [
        (f, ok) for f, ok in judged if f.code not in SENTENCE_CODES and (ok or not _acceptable(f, case))
    ]
    probes = []
    for p in case.expected.get("validator_probes", []):
        got, ref = probe(p)
        probes.append(
            {
                "expect_code": p["expect_code"],
                "ref": ref,
                "caught": any(f.code == p["expect_code"] and ref in f.note_refs for f in got),
            }
        )
    blocking = [
        f
        for f in findings
        if f.severity == "block"
        and not _acceptable(f, case)
        and not (aligned and f.code == "UNSUPPORTED_CLAIM")
    ]
    return {
        "must_flag": len(case.expected["must_flag"]),
        "must_flag_by_code": dict(Counter(m["code"] for m in case.expected["must_flag"])),
        "raised": len(counted),
        "raised_all": len(findings),
        "correct": sum(ok for _, ok in judged),
        "correct_by_code": dict(Counter(f.code for f, ok in judged if ok)),
        "raised_by_code": dict(Counter(f.code for f, _ in counted)),
        "sentence_findings": dict(Counter(f.code for f in findings if f.code in SENTENCE_CODES)),
        "clean": not case.expected["must_flag"],
        "blocked": bool(blocking),
        "probes": len(probes),
        "probes_caught": sum(p["caught"] for p in probes),
        "probes_by_code": dict(Counter(p["expect_code"] for p in probes)),
        "caught_by_code": dict(Counter(p["expect_code"] for p in probes if p["caught"])),
        "details": {
            "missed": [f"{m['code']}:{m.get('ref')}" for m in left],
            "false_alarms": [
                {
                    "code": f.code,
                    "ref": f.ref,
                    "severity": f.severity,
                    "note_refs": list(f.note_refs),
                    "detail": f.detail,
                }
                for f, ok in judged
                if not ok
            ],
            "blocking": [f"{f.code}:{f.ref or ','.join(f.note_refs)}" for f in blocking],
            "probes_missed": [f"{p['expect_code']} {p['ref']}" for p in probes if not p["caught"]],
        },
    }


def summarise(cases: dict[str, Any]) -> dict[str, Any]:
    values = list(cases.values())

    def total(name: str) -> int:
        return int(sum(c[name] for c in values))

    def merged(name: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for c in values:
            out.update(c[name])
        return out

    correct, raised, must_flag = total("correct"), total("raised"), total("must_flag")
    expected_by, correct_by, raised_by = (
        merged("must_flag_by_code"),
        merged("correct_by_code"),
        merged("raised_by_code"),
    )
    probes_by, caught_by = merged("probes_by_code"), merged("caught_by_code")
    codes = sorted(set(expected_by) | set(raised_by) | set(probes_by))
    return {
        "n_cases": len(values),
        "must_flag": must_flag,
        "correct": correct,
        "raised": raised,
        "raised_all": total("raised_all"),
        "recall": round(correct / must_flag, 3) if must_flag else None,
        "precision": round(correct / raised, 3) if raised else None,
        "precision_all": round(correct / total("raised_all"), 3) if total("raised_all") else None,
        "sentence_findings": dict(merged("sentence_findings")),
        "clean_cases": sum(c["clean"] for c in values),
        "blocked_anyway": sum(c["clean"] and c["blocked"] for c in values),
        "probes": total("probes"),
        "probes_caught": total("probes_caught"),
        "per_code": {
            code: {
                "must_flag": expected_by[code],
                "raised": raised_by[code],
                "correct": correct_by[code],
                "probes": probes_by[code],
                "probes_caught": caught_by[code],
            }
            for code in codes
        },
    }


def _split_result(per_case: dict[str, Any]) -> dict[str, Any]:
    splits = by_split(per_case)
    return {
        "splits": {s: summarise(splits[s]) for s in SPLITS},
        "cases": {
            n: c if n in splits["build"] else {k: v for k, v in c.items() if k != "details"}
            for n, c in per_case.items()
        },
    }


# --------------------------------------------------------------------------- settings


def _prober(
    validator: Any,
    note: BirpNote,
    transcript: Transcript,
    case: Case,
    facts: ClinicalFacts,
    scrubbed: ScrubbedTranscript,
) -> Any:
    def probe(p: dict[str, Any]) -> tuple[list[Finding], str]:
        probed, ref = with_probe(note, p)
        got = validator.validate(
            probed, transcript, case.plan, facts, scrubbed, focus_speaker=case.focus_speaker
        )
        return list(got), ref

    return probe


REFERENCE_SETTINGS = ("oracle/reference", "extracted/reference")


def reference_settings(
    container: Any, cases: list[Case], settings: tuple[str, ...] = REFERENCE_SETTINGS
) -> dict[str, Any]:
    """``oracle/reference`` and ``extracted/reference`` (or only those of ``settings``) over every case."""
    validator, scrubber, extractor = container.validator, container.scrubber, container.extractor
    out: dict[str, dict[str, Any]] = {name: {} for name in settings}
    for case in cases:
        scrubbed = scrubber.scrub(case.transcript, case.plan.client)
        safe = case.transcript.model_copy(update={"utterances": scrubbed.utterances})
        note = align_note(reference_note(case), safe.utterances)
        sources = {}
        if "oracle/reference" in settings:
            sources["oracle/reference"] = oracle_facts(case)
        if "extracted/reference" in settings:
            sources["extracted/reference"] = extractor.extract(safe, case.plan, case.focus_speaker)
        for name, facts in sources.items():
            findings = validator.validate(
                note, case.transcript, case.plan, facts, scrubbed, focus_speaker=case.focus_speaker
            )
            prober = _prober(validator, note, case.transcript, case, facts, scrubbed)
            out[name][case.name] = score_case(case, list(findings), prober, aligned=True)
    return {name: _split_result(per_case) for name, per_case in out.items()}


def score_pipeline(
    container: Any, drafter: str, cases: list[Case], drafted: Iterable[Drafted] | None = None
) -> dict[str, Any]:
    """The pipeline's findings on its own drafted note, and the probes on that note (``drafted``: the
    cases already drafted by that drafter)."""
    validator = container.validator
    per_case: dict[str, Any] = {}
    for d in drafted if drafted is not None else draft_cases(container, drafter, cases):
        o = d.outcome
        prober = _prober(validator, o.result.note, o.transcript, d.case, o.result.facts, o.scrubbed)
        per_case[d.case.name] = score_case(d.case, list(o.result.findings), prober)
    return {"drafter": drafter, **_split_result(per_case)}


def run(
    data_dir: Path | None = None, drafters: tuple[str, ...] = DRAFTERS, write: bool = True
) -> dict[str, Any]:
    """Every setting; writes eval/results/validator.{json,md} unless ``write`` is false."""
    began = time.perf_counter()
    data_dir = data_dir or shared_data_dir()
    cases = load_cases(data_dir)
    settings = reference_settings(new_container(), cases)
    for drafter in drafters:
        settings[f"pipeline/{drafter}"] = run_scored("eval.validator:score_pipeline", drafter, data_dir)
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "targets": {"recall": TARGET_RECALL, "precision": TARGET_PRECISION, "blocked_anyway": 0},
        "settings": settings,
        "seconds": round(time.perf_counter() - began, 1),
    }
    if write:
        write_results("validator", results, markdown(results))
    return results


# --------------------------------------------------------------------------- report


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


METRICS: list[tuple[str, Any]] = [
    ("must_flag recall", lambda s: f"{_fmt(s['recall'])} ({s['correct']}/{s['must_flag']})"),
    ("must_flag precision", lambda s: f"{_fmt(s['precision'])} ({s['correct']}/{s['raised']})"),
    (
        "precision over every finding",
        lambda s: f"{_fmt(s['precision_all'])} ({s['correct']}/{s['raised_all']})",
    ),
    (
        "blocked anyway (empty must_flag, blocking finding)",
        lambda s: f"{s['blocked_anyway']} of {s['clean_cases']}",
    ),
    ("probes caught", lambda s: ratio(s["probes_caught"], s["probes"])),
    (
        "sentence findings on the base note (UNSUPPORTED_CLAIM / RESIDUAL_PHI)",
        lambda s: " / ".join(
            str(s["sentence_findings"].get(c, 0)) for c in ("UNSUPPORTED_CLAIM", "RESIDUAL_PHI")
        ),
    ),
]


def markdown(results: dict[str, Any]) -> str:
    """Settings, each with build and check split side by side (before beside now); build details."""
    lines = [
        f"# Validator, {results['date']}",
        "",
        f"Targets (issue 10): must_flag recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION}, "
        "no blocking finding on a case whose must_flag is empty. Scoring rules: eval/README.md. "
        f"'before' is commit {BASELINE_COMMIT}. Check-split cases are reported in aggregate only.",
    ]
    for name, setting in results["settings"].items():
        lines += ["", f"## {name}", ""]
        if "not_run" in setting:
            lines.append(f"Not run: {setting['not_run']}.")
            continue
        lines += split_table(METRICS, setting["splits"], baseline_splits("validator", name))
        lines += ["", "Per code (build split | check split): must_flag / raised / correct, probes caught", ""]
        lines += [row("code", "build", "check"), row("---", "---", "---")]
        build, check = setting["splits"]["build"], setting["splits"]["check"]
        for code in sorted(set(build.get("per_code", {})) | set(check.get("per_code", {}))):
            lines.append(row(code, _code_cell(build, code), _code_cell(check, code)))
        issues = []
        for case, c in by_split(setting["cases"])["build"].items():
            d = c["details"]
            issues += [f"- {case}: missed {m}" for m in d["missed"]]
            issues += [
                f"- {case}: raised {a['code']} ({a['severity']}) {a['ref'] or ''} "
                f"{','.join(a['note_refs'])}: "
                f"{' '.join(a['detail'].split())[:160]}"
                for a in d["false_alarms"]
            ]
            issues += [f"- {case}: probe not caught {p}" for p in d["probes_missed"]]
        lines += ["", "Build split: misses, findings that match no must_flag item, probes not caught:", ""]
        lines += issues or ["- none"]
    return "\n".join(lines) + "\n"


def _code_cell(summary: dict[str, Any], code: str) -> str:
    c = summary.get("per_code", {}).get(code)
    if not c:
        return "-"
    probes = f", probes {c['probes_caught']}/{c['probes']}" if c["probes"] else ""
    return f"{c['must_flag']} / {c['raised']} / {c['correct']}{probes}"


def main(drafters: tuple[str, ...] = DRAFTERS) -> tuple[dict[str, Any], Path]:
    """Run, write ``eval/results/validator.json`` and ``.md``."""
    from eval.common import RESULTS_DIR

    return run(drafters=drafters), RESULTS_DIR / "validator.json"
