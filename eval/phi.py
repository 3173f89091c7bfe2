"""PHI scrubbing evaluation: recall per type, precision and F2 on the cases and on Presidio's synthetic set.

Data (``../shared/data``):
- ``cases/*``: spoken therapy transcripts with ``phi.json`` labels; each case is scrubbed as a session
  with its chart (``plan.json`` ``client``), exactly as ``sessionnote scrub --chart`` does.
- ``phi/presidio_synth_dev.json``: presidio-research synthetic sentences, each scrubbed on its own with
  no chart, by our scrubber and by plain Presidio (default recognizers and NER settings, same spaCy model).

Span-matching rule (character overlap per entity, type-agnostic, because a redaction of the wrong type
still protects the person):
- A gold entity is *found* when predicted spans of the same utterance (any type, their union) cover at
  least half of its non-space characters. Recall = found / gold, per type and overall.
- A predicted span is *correct* when at least half of its non-space characters lie inside gold spans
  (or ignored spans, below). Precision = correct / predicted, over predictions not wholly inside ignored
  spans. F2 = 5PR / (4P + R) weighs recall four times as much as precision, as missing PHI is worse.
- Also reported: characters of gold PHI covered (the leak view) and type agreement (found entities
  whose largest covering prediction has the gold's type).

Synthetic set label mapping (to HIPAA Safe Harbor, the rules of ``cases/README.md``):
PERSON -> PERSON; STREET_ADDRESS, ZIP_CODE -> LOCATION; GPE -> LOCATION except states and countries
(ignored); ORGANIZATION -> ORGANIZATION; PHONE_NUMBER -> PHONE; EMAIL_ADDRESS -> EMAIL; DOMAIN_NAME ->
URL; IP_ADDRESS -> IP; US_SSN -> SSN; CREDIT_CARD, IBAN_CODE -> ACCOUNT; US_DRIVER_LICENSE -> LICENSE;
DATE_TIME -> DATE when it has a day or month (a numeric date or a month name), ignored otherwise (years,
weekdays, times alone); AGE -> AGE_OVER_89 when 90 or more, ignored otherwise; TITLE and NRP ignored
(not identifiers). Ignored spans count neither as misses nor, when predicted, as false positives.
The raw label set (every span counted, nothing ignored) is reported too, for comparison with published
figures.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.common import shared_data_dir, write_results
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript, Utterance
from service.plans.io import read_plan

MIN_COVER = 0.5
TARGETS = {
    "cases_person_recall": 0.98,
    "cases_recall": 0.95,
    "cases_precision": 0.85,
    "synth_f2": 0.90,
    "session_seconds": 5.0,
}
SYNTH_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "GPE": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "DOMAIN_NAME": "URL",
    "IP_ADDRESS": "IP",
    "US_SSN": "SSN",
    "CREDIT_CARD": "ACCOUNT",
    "IBAN_CODE": "ACCOUNT",
    "US_DRIVER_LICENSE": "LICENSE",
    "DATE_TIME": "DATE",
    "AGE": "AGE_OVER_89",
}
_MONTH_OR_NUMERIC = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,4}[/.-]\d{1,2}", re.IGNORECASE
)


@dataclass(frozen=True)
class Span:
    """A labelled or predicted span in one unit of text (utterance or sentence)."""

    unit: int
    start: int
    end: int
    type: str


@dataclass
class Score:
    """Counts for one system on one data set."""

    gold: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    typed: int = 0
    predicted: int = 0
    correct: int = 0
    gold_chars: int = 0
    covered_chars: int = 0

    def summary(self) -> dict[str, Any]:
        """Recall per type and overall, precision, F2, character coverage, type agreement."""
        total_gold = sum(self.gold.values())
        total_found = sum(self.found.values())
        recall = total_found / total_gold if total_gold else 1.0
        precision = self.correct / self.predicted if self.predicted else 1.0
        f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
        return {
            "recall": round(recall, 4),
            "precision": round(precision, 4),
            "f2": round(f2, 4),
            "gold": total_gold,
            "found": total_found,
            "predicted": self.predicted,
            "correct": self.correct,
            "char_recall": round(self.covered_chars / self.gold_chars, 4) if self.gold_chars else 1.0,
            "type_agreement": round(self.typed / total_found, 4) if total_found else 1.0,
            "per_type": {
                t: {"gold": n, "found": self.found.get(t, 0), "recall": round(self.found.get(t, 0) / n, 4)}
                for t, n in sorted(self.gold.items())
            },
        }


def _nonspace(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def score_unit(
    score: Score,
    text: str,
    gold: list[Span],
    ignored: list[Span],
    predicted: list[Span],
    misses: list[Any] | None = None,
) -> None:
    """Add one unit's comparison to ``score`` by the rule in the module docstring."""
    pred_chars: set[int] = set()
    for p in predicted:
        pred_chars |= _nonspace(text, p.start, p.end)
    gold_chars: set[int] = set()
    for g in gold:
        gold_chars |= _nonspace(text, g.start, g.end)
    ignored_chars: set[int] = set()
    for g in ignored:
        ignored_chars |= _nonspace(text, g.start, g.end)
    for g in gold:
        chars = _nonspace(text, g.start, g.end)
        score.gold[g.type] = score.gold.get(g.type, 0) + 1
        score.gold_chars += len(chars)
        covered = len(chars & pred_chars)
        score.covered_chars += covered
        if chars and covered / len(chars) >= MIN_COVER:
            score.found[g.type] = score.found.get(g.type, 0) + 1
            best = max(
                (p for p in predicted if p.start < g.end and g.start < p.end),
                key=lambda p: len(_nonspace(text, p.start, p.end) & chars),
            )
            score.typed += best.type == g.type
        elif misses is not None:
            misses.append(("miss", g.type, text[g.start : g.end], text))
    for p in predicted:
        chars = _nonspace(text, p.start, p.end)
        if not chars:
            continue
        if chars <= ignored_chars:
            continue
        score.predicted += 1
        if len(chars & (gold_chars | ignored_chars)) / len(chars) >= MIN_COVER:
            score.correct += 1
        elif misses is not None:
            misses.append(("false", p.type, text[p.start : p.end], text))


# -- data -------------------------------------------------------------------------------------------------


def load_cases(data_dir: Path) -> list[tuple[str, Transcript, TreatmentPlan, list[dict[str, Any]]]]:
    """(case id, transcript, plan, phi labels) for each case folder."""
    out = []
    for case in sorted(p for p in (data_dir / "cases").iterdir() if (p / "phi.json").is_file()):
        transcript = Transcript.load(case / "transcript.json")
        plan = read_plan(case / "plan.json")
        labels = json.loads((case / "phi.json").read_text(encoding="utf-8"))
        out.append((case.name, transcript, plan, labels))
    return out


def _not_phi(label: str, value: str, not_phi_places: frozenset[str]) -> bool:
    """Synthetic spans that Safe Harbor does not count: states/countries, years or weekdays, ages < 90."""
    if label == "GPE":
        return value.lower().strip() in not_phi_places
    if label == "DATE_TIME":
        return not _MONTH_OR_NUMERIC.search(value)
    if label == "AGE":
        return not (value.strip().isdigit() and int(value.strip()) >= 90)
    return False


def synth_gold(
    record: dict[str, Any], not_phi_places: frozenset[str]
) -> tuple[list[Span], list[Span], list[Span]]:
    """(mapped gold, ignored, raw gold) spans of one synthetic record, by the mapping above."""
    gold: list[Span] = []
    ignored: list[Span] = []
    raw: list[Span] = []
    for s in record["spans"]:
        label, start, end = s["entity_type"], s["start_position"], s["end_position"]
        value = str(s["entity_value"])
        raw.append(Span(0, start, end, label))
        mapped = SYNTH_MAP.get(label)
        if mapped is None or _not_phi(label, value, not_phi_places):
            ignored.append(Span(0, start, end, label))
        else:
            gold.append(Span(0, start, end, mapped))
    return gold, ignored, raw


# -- runners ----------------------------------------------------------------------------------------------


def evaluate_cases(scrubber: Any, data_dir: Path, misses: list[Any] | None = None) -> dict[str, Any]:
    """Scrub each case with its chart and score against ``phi.json``."""
    score = Score()
    per_case = {}
    for case_id, transcript, plan, labels in load_cases(data_dir):
        result = scrubber.scrub(transcript, plan.client)
        case_score = Score()
        for index, utterance in enumerate(transcript.utterances):
            gold = [
                Span(index, g["start_char"], g["end_char"], g["type"])
                for g in labels
                if g["utterance_index"] == index
            ]
            pred = [
                Span(index, e.start_char, e.end_char, e.type)
                for e in result.entities
                if e.utterance_index == index
            ]
            for target in (score, case_score):
                score_unit(target, utterance.text, gold, [], pred, misses if target is score else None)
        summary = case_score.summary()
        per_case[case_id] = {k: summary[k] for k in ("recall", "precision", "f2", "gold", "predicted")}
    return {"overall": score.summary(), "per_case": per_case}


def evaluate_synth(
    scrubber: Any, default_analyzer: Any, data_dir: Path, misses: list[Any] | None = None
) -> dict[str, Any]:
    """Ours and plain Presidio on the synthetic sentences, with mapped and raw labels."""
    records = json.loads((data_dir / "phi" / "presidio_synth_dev.json").read_text(encoding="utf-8"))
    places = scrubber.config.not_phi_places
    ours, ours_raw, plain, plain_raw = Score(), Score(), Score(), Score()
    started = time.perf_counter()
    for record in records:
        text = record["full_text"]
        gold, ignored, raw = synth_gold(record, places)
        transcript = Transcript(utterances=(Utterance(speaker="client", start=0.0, end=1.0, text=text),))
        result = scrubber.scrub(transcript, None) if text.strip() else None
        pred = [Span(0, e.start_char, e.end_char, e.type) for e in (result.entities if result else ())]
        score_unit(ours, text, gold, ignored, pred, misses)
        score_unit(ours_raw, text, raw, [], pred)
        base = [
            Span(0, r.start, r.end, r.entity_type) for r in default_analyzer.analyze(text=text, language="en")
        ]
        score_unit(plain, text, gold, ignored, base)
        score_unit(plain_raw, text, raw, [], base)
    return {
        "records": len(records),
        "seconds": round(time.perf_counter() - started, 2),
        "ours": ours.summary(),
        "presidio_defaults": plain.summary(),
        "raw_labels": {"ours": ours_raw.summary(), "presidio_defaults": plain_raw.summary()},
    }


def long_session(data_dir: Path, words: int = 5000) -> Transcript:
    """A session of at least ``words`` words made by concatenating the case transcripts."""
    utterances: list[Utterance] = []
    count = 0
    offset = 0.0
    cases = load_cases(data_dir)
    while count < words:
        for _case_id, transcript, _plan, _labels in cases:
            for u in transcript.utterances:
                utterances.append(u.model_copy(update={"start": u.start + offset, "end": u.end + offset}))
                count += len(u.text.split())
                if count >= words:
                    break
            offset = utterances[-1].end + 1.0
            if count >= words:
                break
    return Transcript(utterances=tuple(utterances))


def measure_throughput(scrubber: Any, data_dir: Path) -> dict[str, Any]:
    """Wall time and characters per second for a 5,000-word session (engine already loaded)."""
    session = long_session(data_dir)
    chars = sum(len(u.text) for u in session.utterances)
    scrubber.scrub(session, None)  # warm-up: first-call allocations in spaCy and regex caches
    started = time.perf_counter()
    scrubber.scrub(session, None)
    seconds = time.perf_counter() - started
    return {
        "words": sum(len(u.text.split()) for u in session.utterances),
        "utterances": len(session.utterances),
        "chars": chars,
        "seconds": round(seconds, 3),
        "chars_per_second": round(chars / seconds),
    }


def run(repo_root: Path | None = None) -> dict[str, Any]:
    """The whole PHI evaluation; writes ``eval/results/phi.json`` and ``phi.md``."""
    from service.config import load_settings
    from service.container import Container
    from service.scrub.engine import build_default_analyzer

    data_dir = shared_data_dir() if repo_root is None else _data_dir(repo_root)
    container = Container(load_settings())
    started = time.perf_counter()
    scrubber = container.scrubber
    load_seconds = time.perf_counter() - started
    default_analyzer = build_default_analyzer(scrubber.engine.model_dir)
    results: dict[str, Any] = {
        "rule": "type-agnostic character overlap: gold found when predictions cover >= 50% of its "
        "non-space characters; prediction correct when >= 50% of it lies in gold (or ignored) spans",
        "model": str(container.manifest.get("spacy-en-core-web-sm").id),
        "engine_load_seconds": round(load_seconds, 2),
        "cases": evaluate_cases(scrubber, data_dir),
        "synth": evaluate_synth(scrubber, default_analyzer, data_dir),
        "throughput": measure_throughput(scrubber, data_dir),
        "targets": TARGETS,
    }
    results["targets_met"] = targets_met(results)
    write_results("phi", results, markdown(results))
    return results


def _data_dir(repo_root: Path) -> Path:
    from eval.common import SharedDataMissing

    path = repo_root.parent / "shared" / "data"
    if not path.is_dir():
        raise SharedDataMissing(f"evaluation data not found at {path} (it ships beside the repository)")
    return path


def targets_met(results: dict[str, Any]) -> dict[str, bool]:
    """Each target of the issue, met or not."""
    cases = results["cases"]["overall"]
    person = cases["per_type"].get("PERSON", {"recall": 1.0})["recall"]
    return {
        "cases_person_recall>=0.98": person >= TARGETS["cases_person_recall"],
        "cases_recall>=0.95": cases["recall"] >= TARGETS["cases_recall"],
        "cases_precision>=0.85": cases["precision"] >= TARGETS["cases_precision"],
        "synth_f2>=0.90": results["synth"]["ours"]["f2"] >= TARGETS["synth_f2"],
        "5000_word_session<5s": results["throughput"]["seconds"] < TARGETS["session_seconds"],
    }


def markdown(results: dict[str, Any]) -> str:
    """The results as markdown tables (quoted by the README)."""
    cases = results["cases"]["overall"]
    lines = [
        "# PHI scrubbing evaluation",
        "",
        f"Matching rule: {results['rule']}. See eval/README.md, section PHI.",
        "",
        "## Cases (spoken therapy transcripts, with chart)",
        "",
        "| type | gold | found | recall |",
        "|---|---:|---:|---:|",
    ]
    for t, row in cases["per_type"].items():
        lines.append(f"| {t} | {row['gold']} | {row['found']} | {row['recall']:.3f} |")
    lines += [
        f"| **all** | {cases['gold']} | {cases['found']} | **{cases['recall']:.3f}** |",
        "",
        f"Precision {cases['precision']:.3f} ({cases['correct']}/{cases['predicted']} predicted spans), "
        f"F2 {cases['f2']:.3f}, characters of PHI covered {cases['char_recall']:.3f}, "
        f"type agreement {cases['type_agreement']:.3f}.",
        "",
        "## Presidio synthetic sentences (dev split), Safe Harbor label mapping",
        "",
        "| system | recall | precision | F2 | raw labels: recall | precision | F2 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    synth = results["synth"]
    for name, key in (
        ("Presidio defaults (same spaCy model)", "presidio_defaults"),
        ("SessionNote scrubber", "ours"),
    ):
        s, r = synth[key], synth["raw_labels"][key]
        lines.append(
            f"| {name} | {s['recall']:.3f} | {s['precision']:.3f} | {s['f2']:.3f} | "
            f"{r['recall']:.3f} | {r['precision']:.3f} | {r['f2']:.3f} |"
        )
    lines += [
        "",
        "Recall per type (mapped labels):",
        "",
        "| type | gold | defaults | ours |",
        "|---|---:|---:|---:|",
    ]
    for t, row in synth["ours"]["per_type"].items():
        base = synth["presidio_defaults"]["per_type"].get(t, {"recall": 0.0})
        lines.append(f"| {t} | {row['gold']} | {base['recall']:.3f} | {row['recall']:.3f} |")
    tp = results["throughput"]
    lines += [
        "",
        "## Throughput (2-core machine, engine loaded once)",
        "",
        f"{tp['words']}-word session ({tp['utterances']} utterances, {tp['chars']} characters): "
        f"{tp['seconds']:.2f} s, {tp['chars_per_second']} characters/s. Engine load "
        f"{results['engine_load_seconds']:.2f} s.",
        "",
        "## Targets",
        "",
    ]
    for name, ok in results["targets_met"].items():
        lines.append(f"- {name}: {'met' if ok else 'NOT met'}")
    return "\n".join(lines) + "\n"
