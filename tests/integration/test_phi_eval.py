"""The PHI evaluation on ../shared/data meets the issue's targets (real Presidio and spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.phi import TARGETS, evaluate_cases, evaluate_synth, measure_throughput
from service.scrub.engine import build_default_analyzer
from service.scrub.scrubber import PresidioScrubber

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared_data]


def test_when_cases_scrubbed_with_chart_then_recall_and_precision_meet_targets(
    scrubber: PresidioScrubber, shared_data: Path
) -> None:
    overall = evaluate_cases(scrubber, shared_data)["overall"]
    assert overall["per_type"]["PERSON"]["recall"] >= TARGETS["cases_person_recall"]
    assert overall["recall"] >= TARGETS["cases_recall"]
    assert overall["precision"] >= TARGETS["cases_precision"]


def test_when_synthetic_set_scored_then_ours_beats_presidio_defaults_and_meets_f2(
    scrubber: PresidioScrubber, shared_data: Path
) -> None:
    synth = evaluate_synth(scrubber, build_default_analyzer(scrubber.engine.model_dir), shared_data)
    assert synth["ours"]["f2"] > synth["presidio_defaults"]["f2"]
    assert synth["ours"]["f2"] >= TARGETS["synth_f2"]


def test_when_5000_word_session_scrubbed_then_under_five_seconds(
    scrubber: PresidioScrubber, shared_data: Path
) -> None:
    result = measure_throughput(scrubber, shared_data)
    assert result["words"] >= 5000
    assert result["seconds"] < TARGETS["session_seconds"]
