"""Validator evaluation on ../shared/data/cases: must_flag recall, precision, probes, the clean case.

For each case the validator runs on two notes, each a base note plus, one at a time, every
``validator_probes`` sentence:

- ``reference``: the case's clinician-written ``reference_birp``, split into sentences. It cites no
  utterances, so evidence is attached first with ``service.validate.support.align_evidence`` (lexical
  overlap weighted by IDF, the answer after a selected question, the line holding each number or
  quotation, and the evidence of facts the sentence names). Probe sentences keep their own evidence.
- ``drafted``: the note of the ``template`` drafter (the deterministic backend) from the same facts.

And on two sources of facts (the session-level rules take facts as input):

- ``oracle``: facts transcribed from ``expected.json`` (interventions used and proposed, measures,
  risk, homework, goals addressed): measures the rules' logic in isolation;
- ``extracted``: facts from the rule-based extractor (``service.extract``), when it is installed:
  the end-to-end figure.

Scoring. A raised finding is correct when it matches a ``must_flag`` item one to one: same code and
same ref (goal id, instrument, ``review_date``, ``risk``, ``*`` for "no goal addressed"); for the two
intervention codes the ref is a name, matched by shared words or by the expected intervention's
evidence overlapping the finding's. Precision counts every finding raised on the base note (of any
code and severity: reference notes are faithful and de-identified, so an UNSUPPORTED_CLAIM or
RESIDUAL_PHI there is a false alarm); recall is over all must_flag items. A probe is caught when a
finding of its ``expect_code`` cites the probe sentence in ``note_refs``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.common import shared_data_dir, write_results
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
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.plans.io import read_plan
from service.protocols import Extractor, Scrubber
from service.validate.clinical_terms import instrument_key
from service.validate.registry import registered
from service.validate.support import align_evidence
from service.validate.text import split_sentences, words
from service.validate.validator import PlanValidator

TARGET_RECALL = 0.90
TARGET_PRECISION = 0.85


@dataclass
class Case:
    """One case folder, loaded."""

    name: str
    transcript: Transcript
    plan: TreatmentPlan
    expected: dict[str, Any]

    @property
    def must_flag(self) -> list[dict[str, Any]]:
        flags: list[dict[str, Any]] = self.expected["must_flag"]
        return flags


def load_cases(root: Path | None = None) -> list[Case]:
    """Every case under ``cases/`` (sorted by name)."""
    root = root or shared_data_dir() / "cases"
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        out.append(
            Case(
                folder.name,
                Transcript.load(folder / "transcript.json"),
                read_plan(folder / "plan.json"),
                expected,
            )
        )
    return out


def oracle_facts(case: Case) -> ClinicalFacts:
    """The facts ``expected.json`` states, in the extractor's shapes."""
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
        HomeworkFact(text=h["text"], status=status, completed=h.get("completed"), evidence=ev(h))
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


# --- matching findings to must_flag ---------------------------------------------------------------


def _name_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) > 3}


def _matches(finding: Finding, flag: dict[str, Any], case: Case) -> bool:
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


def score_findings(
    findings: list[Finding], case: Case
) -> tuple[list[tuple[Finding, bool]], list[dict[str, Any]]]:
    """Each finding with whether it matched a must_flag item; the must_flag items left unmatched."""
    left = list(case.must_flag)
    judged = []
    for f in findings:
        hit = next((flag for flag in left if _matches(f, flag, case)), None)
        if hit is not None:
            left.remove(hit)
        judged.append((f, hit is not None))
    return judged, left


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts per rule code for one (facts, note) setting."""

    expected: Counter[str] = field(default_factory=Counter)
    raised: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    blocking_raised: Counter[str] = field(default_factory=Counter)
    probes: Counter[str] = field(default_factory=Counter)
    probes_caught: Counter[str] = field(default_factory=Counter)
    clean_blocking: int = 0
    clean_findings: int = 0
    cases: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        tp, raised, expected = (
            sum(self.correct.values()),
            sum(self.raised.values()),
            sum(self.expected.values()),
        )
        probes, caught = sum(self.probes.values()), sum(self.probes_caught.values())
        codes = sorted(set(self.expected) | set(self.raised) | set(self.probes) | set(registered()))
        per_rule = {
            code: {
                "must_flag": self.expected[code],
                "raised": self.raised[code],
                "correct": self.correct[code],
                "recall": _ratio(self.correct[code], self.expected[code]),
                "precision": _ratio(self.correct[code], self.raised[code]),
                "blocking_raised": self.blocking_raised[code],
                "probes": self.probes[code],
                "probes_caught": self.probes_caught[code],
            }
            for code in codes
        }
        return {
            "recall": _ratio(tp, expected),
            "precision": _ratio(tp, raised),
            "must_flag": expected,
            "raised": raised,
            "correct": tp,
            "probes": probes,
            "probes_caught": caught,
            "probe_rate": _ratio(caught, probes),
            "clean_case_findings": self.clean_findings,
            "clean_case_blocking": self.clean_blocking,
            "per_rule": per_rule,
            "cases": self.cases,
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _extractor() -> Extractor | None:
    try:
        from service.extract.extractor import RuleBasedExtractor
    except ImportError:
        return None
    extractor: Extractor = RuleBasedExtractor()
    return extractor


def _drafted(transcript: Transcript, facts: ClinicalFacts, plan: TreatmentPlan) -> BirpNote | None:
    try:
        from service.draft.template import TemplateDrafter
    except ImportError:
        return None
    return (
        TemplateDrafter(prompt_version="eval", vocabulary_version="eval").draft(transcript, facts, plan).note
    )


def evaluate_setting(
    validator: PlanValidator,
    cases: list[Case],
    scrubbed: dict[str, ScrubbedTranscript | None],
    facts_by_case: dict[str, ClinicalFacts],
    note_kind: str,
) -> Tally | None:
    """One (facts source, note kind) setting over every case."""
    tally = Tally()
    for case in cases:
        facts = facts_by_case[case.name]
        sc = scrubbed[case.name]
        view = (
            case.transcript
            if sc is None
            else case.transcript.model_copy(update={"utterances": sc.utterances})
        )
        if note_kind == "reference":
            note = align_evidence(
                reference_note(case), view.utterances, facts=facts, vocabulary=validator.vocabulary
            )
        else:
            drafted = _drafted(view, facts, case.plan)
            if drafted is None:
                return None
            note = drafted
        findings = validator.validate(note, case.transcript, case.plan, facts=facts, scrubbed=sc)
        judged, missed = score_findings(findings, case)
        for flag in case.must_flag:
            tally.expected[flag["code"]] += 1
        for f, ok in judged:
            tally.raised[f.code] += 1
            tally.correct[f.code] += ok
            tally.blocking_raised[f.code] += f.severity == "block"
        if not case.must_flag:
            tally.clean_findings += len(findings)
            tally.clean_blocking += sum(f.severity == "block" for f in findings)
        probes = []
        for probe in case.expected.get("validator_probes", []):
            probed, ref = with_probe(note, probe)
            got = validator.validate(probed, case.transcript, case.plan, facts=facts, scrubbed=sc)
            caught = any(f.code == probe["expect_code"] and ref in f.note_refs for f in got)
            tally.probes[probe["expect_code"]] += 1
            tally.probes_caught[probe["expect_code"]] += caught
            probes.append({"expect_code": probe["expect_code"], "ref": ref, "caught": caught})
        tally.cases.append(
            {
                "case": case.name,
                "must_flag": [f"{m['code']}:{m.get('ref')}" for m in case.must_flag],
                "missed": [f"{m['code']}:{m.get('ref')}" for m in missed],
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
                "probes": probes,
            }
        )
    return tally


def run(scrubber: Scrubber | None = None) -> dict[str, Any]:
    """Every setting that can run here; returns the results dict (also written by :func:`main`)."""
    began = time.perf_counter()
    cases = load_cases()
    validator = PlanValidator(scrubber=scrubber)
    scrubbed = {c.name: scrubber.scrub(c.transcript, c.plan.client) if scrubber else None for c in cases}
    sources: dict[str, dict[str, ClinicalFacts]] = {"oracle": {c.name: oracle_facts(c) for c in cases}}
    extractor = _extractor()
    if extractor is not None:
        sources["extracted"] = {
            c.name: extractor.extract(
                c.transcript.model_copy(update={"utterances": s.utterances})
                if (s := scrubbed[c.name])
                else c.transcript,
                c.plan,
            )
            for c in cases
        }
    settings: dict[str, Any] = {}
    for source, facts in sources.items():
        for kind in ("reference", "drafted"):
            tally = evaluate_setting(validator, cases, scrubbed, facts, kind)
            if tally is not None:
                settings[f"{source}/{kind}"] = tally.summary()
    return {
        "cases": len(cases),
        "scrubber": scrubber is not None,
        "extractor": extractor is not None,
        "targets": {"recall": TARGET_RECALL, "precision": TARGET_PRECISION, "clean_case_blocking": 0},
        "settings": settings,
        "seconds": round(time.perf_counter() - began, 1),
    }


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:160]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def markdown(results: dict[str, Any]) -> str:
    """The results as the tables README quotes."""
    lines = [
        "# Validator on ../shared/data/cases",
        "",
        f"{results['cases']} cases; scrubber {'on' if results['scrubber'] else 'off'}; "
        f"extractor {'available' if results['extractor'] else 'not installed (oracle facts only)'}. "
        f"Targets: must_flag recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION}, "
        "no blocking finding on the case with nothing wrong; every probe caught.",
        "",
        "| facts / note | recall | precision | raised | probes caught | clean case: findings (blocking) |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results["settings"].items():
        lines.append(
            f"| {name} | {_fmt(s['recall'])} ({s['correct']}/{s['must_flag']}) | {_fmt(s['precision'])} "
            f"| {s['raised']} | {s['probes_caught']}/{s['probes']} | {s['clean_case_findings']} "
            f"({s['clean_case_blocking']}) |"
        )
    for name, s in results["settings"].items():
        lines += [
            "",
            f"## Per rule: {name}",
            "",
            "| rule | must_flag | raised | correct | recall | precision | probes caught |",
            "|---|---|---|---|---|---|---|",
        ]
        for code, r in s["per_rule"].items():
            probes = f"{r['probes_caught']}/{r['probes']}" if r["probes"] else "-"
            lines.append(
                f"| {code} | {r['must_flag']} | {r['raised']} | {r['correct']} | {_fmt(r['recall'])} "
                f"| {_fmt(r['precision'])} | {probes} |"
            )
        alarms = [(c["case"], a) for c in s["cases"] for a in c["false_alarms"]]
        missed = [(c["case"], m) for c in s["cases"] for m in c["missed"]]
        if alarms or missed:
            lines += ["", "Misses and false alarms:", ""]
            lines += [f"- {case}: missed {m}" for case, m in missed]
            lines += [
                f"- {case}: raised {a['code']} ({a['severity']}) {a['ref'] or ''} "
                f"{','.join(a['note_refs'])}: "
                f"{_one_line(a['detail'])}"
                for case, a in alarms
            ]
    return "\n".join(lines) + "\n"


def main(scrubber: Scrubber | None = None) -> tuple[dict[str, Any], Path]:
    """Run, write ``eval/results/validator.json`` and ``.md``."""
    results = run(scrubber)
    path = write_results("validator", results, markdown(results))
    return results, path
