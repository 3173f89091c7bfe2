"""Note quality per drafting backend, side by side in one run, on ../shared/data/cases.

For every case the whole pipeline runs as ``sessionnote draft TRANSCRIPT --plan PLAN`` does (real
scrubber, extractor, drafter, validator). Measured per backend:

- omissions: share of ``expected.json`` items the note fails to mention: interventions used (an
  Intervention sentence naming the same vocabulary entry), measures (a sentence with the instrument and
  the score), risk statements (a sentence about risk citing at least one of the statement's lines);
- faithfulness: share of note sentences that :func:`service.validate.support.verify_sentence` finds supported
  by the lines they cite;
- ``must_not_claim`` violations, found by the claim checks in :mod:`eval.claims` (documented there);
- ROUGE-L F1 (rouge-score, stemming on) of the whole note and of each section against
  ``reference_birp``;
- model sentences rejected by the faithfulness checks and replaced by template sentences;
- latency from transcript to validated draft (model load excluded: it happens once per process).

Extraction metrics come from :mod:`eval.extraction`; they do not depend on the backend.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from eval.claims import claim_violations
from eval.common import shared_data_dir, write_results
from service.config import load_settings
from service.container import Container
from service.domain.note import SECTIONS, BirpNote
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.draft.faithfulness import numbers_in
from service.plans.io import read_plan
from service.settings import DrafterName
from service.validate.support import verify_note

BACKENDS: tuple[DrafterName, ...] = ("template", "llama-cpp")
_RISK_WORDS = re.compile(r"suicid|self-harm|\bSI\b|harm to others|wish to die|better off", re.I)


def load_case(folder: Path) -> tuple[Transcript, TreatmentPlan, dict[str, Any]]:
    """Transcript, plan and expected results of one case folder."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return Transcript.load(folder / "transcript.json"), read_plan(folder / "plan.json"), expected


def _mentions_intervention(c: Container, note: BirpNote, name: str) -> bool:
    vocab = c.extractor.vocabulary.interventions
    target = vocab.resolve(name)
    for s in note.intervention:
        found = vocab.mentions(s.text)
        if target is not None and any(f.name == target.name for f in found):
            return True
        if name.lower().split(" (")[0] in s.text.lower():
            return True
    return False


def _mentions_measure(note: BirpNote, instrument: str, score: float) -> bool:
    for _section, _i, s in note.sentences():
        named = instrument.lower() in s.text.lower() or (
            instrument == "Scaling question" and "scal" in s.text.lower()
        )
        if named and float(score) in numbers_in(s.text):
            return True
    return False


def _mentions_risk(note: BirpNote, lines: list[int]) -> bool:
    return any(_RISK_WORDS.search(s.text) and set(s.evidence) & set(lines) for _, _, s in note.sentences())


def omissions(c: Container, note: BirpNote, expected: dict[str, Any]) -> dict[str, list[str]]:
    """Expected items the note does not mention, by kind."""
    missed: dict[str, list[str]] = {"interventions": [], "measures": [], "risk": []}
    for item in expected["interventions_used"]:
        if not _mentions_intervention(c, note, item["name"]):
            missed["interventions"].append(item["name"])
    for m in expected["measures_reported"]:
        if not _mentions_measure(note, m["instrument"], m["score"]):
            missed["measures"].append(f"{m['instrument']} {m['score']}")
    risk = expected["risk"]
    if risk["present"] and not _mentions_risk(note, risk["statements_utterance_indices"]):
        missed["risk"].append(risk["kind"])
    return missed


def _expected_count(expected: dict[str, Any]) -> int:
    return (
        len(expected["interventions_used"])
        + len(expected["measures_reported"])
        + int(expected["risk"]["present"])
    )


def _rouge(note: BirpNote, reference: dict[str, str]) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    out: dict[str, float] = {}
    for name in SECTIONS:
        text = " ".join(s.text for s in note.section(name))
        out[name] = round(scorer.score(reference[name], text)["rougeL"].fmeasure, 4)
    whole = " ".join(s.text for _, _, s in note.sentences())
    out["note"] = round(scorer.score(" ".join(reference[n] for n in SECTIONS), whole)["rougeL"].fmeasure, 4)
    return out


def run_backend(c: Container, backend: DrafterName, cases: list[Path]) -> dict[str, Any]:
    """Draft every case with one backend and score it."""
    from service.validate.vocabulary import load_vocabulary

    pipeline = c.pipeline(drafter=backend)
    vocabulary = load_vocabulary()
    per_case: list[dict[str, Any]] = []
    for folder in cases:
        transcript, plan, expected = load_case(folder)
        began = time.perf_counter()
        outcome = pipeline.run(transcript, plan)
        seconds = time.perf_counter() - began
        result = outcome.result
        support = verify_note(
            result.note, outcome.transcript.utterances, facts=result.facts, vocabulary=vocabulary, plan=plan
        )
        missed = omissions(c, result.note, expected)
        violations = claim_violations(result.note, expected["must_not_claim"])
        per_case.append(
            {
                "case": folder.name,
                "sentences": len(support),
                "supported": sum(s.result.supported for s in support),
                "unsupported": [f"{s.ref}: {s.result.reason}" for s in support if not s.result.supported],
                "expected_items": _expected_count(expected),
                "missed": missed,
                "must_not_claim": len(expected["must_not_claim"]),
                "violations": violations,
                "rouge_l": _rouge(result.note, expected["reference_birp"]),
                "replaced": len(result.provenance.replaced),
                "model_calls": result.provenance.model_calls,
                "seconds": round(seconds, 2),
                "minutes_recorded": transcript.duration_minutes,
                "words": sum(len(u.text.split()) for u in transcript.utterances),
            }
        )
    sentences = sum(r["sentences"] for r in per_case)
    expected_items = sum(r["expected_items"] for r in per_case)
    missed_items = sum(len(v) for r in per_case for v in r["missed"].values())
    longest = max(per_case, key=lambda r: r["minutes_recorded"] or 0)
    return {
        "backend": backend,
        "cases": per_case,
        "faithfulness": round(sum(r["supported"] for r in per_case) / max(sentences, 1), 4),
        "omission_rate": round(missed_items / max(expected_items, 1), 4),
        "must_not_claim_violations": sum(len(r["violations"]) for r in per_case),
        "rouge_l_note": round(sum(r["rouge_l"]["note"] for r in per_case) / len(per_case), 4),
        "rouge_l_sections": {
            n: round(sum(r["rouge_l"][n] for r in per_case) / len(per_case), 4) for n in SECTIONS
        },
        "replaced_sentences": sum(r["replaced"] for r in per_case),
        "mean_seconds": round(sum(r["seconds"] for r in per_case) / len(per_case), 2),
        "longest_case": {
            "case": longest["case"],
            "minutes": longest["minutes_recorded"],
            "words": longest["words"],
            "seconds": longest["seconds"],
        },
    }


def run(
    data_dir: Path | None = None, backends: tuple[DrafterName, ...] = BACKENDS, with_audio: bool = False
) -> dict[str, Any]:
    """Every backend on every case, plus the extraction scores; writes eval/results/notes.*."""
    from eval import extraction

    data_dir = data_dir or shared_data_dir()
    cases = sorted(p for p in (data_dir / "cases").iterdir() if (p / "expected.json").is_file())
    c = Container(load_settings())
    results = [run_backend(c, b, cases) for b in backends]
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "extraction": extraction.run(data_dir, write=False)["scrubbed"]["overall"],
        "backends": results,
    }
    if "llama-cpp" in backends:
        report["extractors"] = compare_extractors(data_dir, c)
    if with_audio:
        from eval import session_audio

        report["from_audio"] = session_audio.run(drafter=backends[-1])
    write_results("notes", report, markdown(report))
    return report


def compare_extractors(data_dir: Path, c: Container) -> dict[str, Any]:
    """Intervention extraction, rules alone vs rules + the local LLM labelling unexplained lines."""
    from eval.extraction import evaluate_cases
    from service.extract.extractor import RuleBasedExtractor
    from service.extract.model_assisted import ModelAssistedExtractor

    rules = RuleBasedExtractor()
    out = {}
    for name, extractor in (
        ("rules", rules),
        ("rules+llm", ModelAssistedExtractor(rules, c.chat_model("llama-cpp"))),
    ):
        began = time.perf_counter()
        overall = evaluate_cases(data_dir, extractor, scrubbed=True)["overall"]
        out[name] = {
            "interventions": overall["interventions"],
            "seconds": round(time.perf_counter() - began, 1),
        }
    return out


def markdown(report: dict[str, Any]) -> str:
    """Backends side by side."""
    lines = [
        f"# Note quality, {report['date']} (8 dev cases; targets: omissions <= 3%, faithfulness >= 0.95, "
        "0 must_not_claim violations, < 60 s per 30-minute session with the default backend)",
        "",
        "| backend | omissions | faithfulness | must_not_claim violations | ROUGE-L (note) | "
        "B / I / R / P ROUGE-L | model sentences replaced | mean s per case | longest case s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["backends"]:
        sec = r["rouge_l_sections"]
        longest = r["longest_case"]
        lines.append(
            f"| {r['backend']} | {r['omission_rate']:.1%} | {r['faithfulness']:.3f} | "
            f"{r['must_not_claim_violations']} | {r['rouge_l_note']:.3f} | "
            f"{' / '.join(f'{sec[n]:.2f}' for n in SECTIONS)} | "
            f"{r['replaced_sentences']} | {r['mean_seconds']} | {longest['seconds']} "
            f"({longest['minutes']} min, {longest['words']} words) |"
        )
    audio = report.get("from_audio")
    if audio:
        t = audio["timings_s"]
        lines += [
            "",
            f"From a recording ({audio['case']} spoken by espeak-ng, {audio['audio_minutes']} min, "
            f"{audio['drafter']}): total {audio['total_s']} s = transcribe {t.get('transcribe')} s + scrub "
            f"{t.get('scrub')} s + extract {t.get('extract')} s + draft {t.get('draft')} s + validate "
            f"{t.get('validate')} s (models already loaded).",
        ]
    for name, figures in report.get("extractors", {}).items():
        i = figures["interventions"]
        lines.append(
            f"- intervention extraction with {name}: P {i['precision']:.2f} R {i['recall']:.2f} "
            f"F1 {i['f1']:.2f} ({i['tp']}/{i['fp']}/{i['fn']} TP/FP/FN), {figures['seconds']} s for 8 cases"
        )
    lines += ["", "Per case:", ""]
    for r in report["backends"]:
        for case in r["cases"]:
            missed = "; ".join(f"{k}: {', '.join(v)}" for k, v in case["missed"].items() if v) or "-"
            lines.append(
                f"- {r['backend']} {case['case']}: {case['supported']}/{case['sentences']} supported, "
                f"missed {missed}, violations {len(case['violations'])}, {case['seconds']} s"
            )
    lines += [
        "",
        "Extraction (from eval/results/extraction.json):",
        "",
        "```",
        json.dumps(report["extraction"], indent=1),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m eval.notes``."""
    report = run()
    print(markdown(report))


if __name__ == "__main__":
    main()
