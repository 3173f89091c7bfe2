"""`sessionnote eval all`'s report: its structure (sections, figures, build and check columns, the stamp)
from the committed area results, and that its figures come from data: a changed label or result moves
the figure. No model is loaded; the data-dependent tests use one build-split case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from eval import readme_results
from eval.all_areas import AREAS, RUNS_FILE, chosen_areas
from eval.asr import wer_of
from eval.cases import load_case
from eval.common import RESULTS_DIR
from eval.extraction import evaluate_cases
from eval.report_all import FIGURES, KEY_END, KEY_START, key_case_table, write_report
from eval.stamp import stamp

BUILD_CASE = "dev-01-gad-worry-log"
SECTIONS = (
    "## Key results",
    "## Transcription",
    "## Diarization",
    "## PHI",
    "## Extraction, notes and validator",
    "## Time per stage and memory",
    "## Throughput and adding worker machines",
    "## Machine, versions and models",
)


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """Committed area results, copied: eval/results itself is never rewritten by a test."""
    out = tmp_path / "results"
    out.mkdir()
    for name in (*AREAS, RUNS_FILE.removesuffix(".json")):
        shutil.copyfile(RESULTS_DIR / f"{name}.json", out / f"{name}.json")
    return out


def _key_table(report: str) -> str:
    return report.split(KEY_START, 1)[1].split(KEY_END, 1)[0]


def test_report_has_every_section_figure_split_column_and_stamp(results: Path) -> None:
    report = write_report(results).read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in report
    for name in FIGURES:
        png = results / f"{name}.png"
        assert png.read_bytes()[:4] == b"\x89PNG", name
        assert f"]({name}.png)" in report
    key = _key_table(report)
    assert (
        "| measure | build (16 cases) | check (8 cases) | plain baseline (same run) | baseline build |" in key
    )
    assert "plain Presidio" in key
    assert "plain faster-whisper" in key
    assert "template drafter" in key
    runs = json.loads((results / RUNS_FILE).read_text(encoding="utf-8"))
    # The report names the machine its figures were measured on, not the one that writes it.
    latest = max((r["stamp"] for r in runs.values() if "stamp" in r), key=lambda st: str(st["date"]))
    assert f"Machine: {latest['machine']['cpu']}," in report
    assert "GB RAM" in report
    for area in AREAS:
        assert runs[area]["stamp"]["commit"] in report
    assert "whisper-tiny.en-ct2" in report
    assert "sha256" in report


def test_when_a_phi_result_changes_then_the_key_table_moves(results: Path) -> None:
    before = _key_table(write_report(results).read_text(encoding="utf-8"))
    phi: dict[str, Any] = json.loads((results / "phi.json").read_text(encoding="utf-8"))
    phi["cases"]["check"]["recall"] = 0.1234
    (results / "phi.json").write_text(json.dumps(phi), encoding="utf-8")
    after = _key_table(write_report(results).read_text(encoding="utf-8"))
    assert before != after
    assert "| PHI recall, all types |" in after
    assert "0.123" in after.split("| PHI recall, all types |")[1].split("\n")[0]


def test_when_an_area_has_no_results_then_the_report_says_so_instead_of_a_number(results: Path) -> None:
    (results / "throughput.json").unlink()
    report = write_report(results).read_text(encoding="utf-8")
    assert "recordings drafted per hour" not in _key_table(report)
    rows = key_case_table({})
    assert all("n/a" in r for r in rows[2:])


@pytest.mark.needs_shared_data
def test_when_an_expected_measure_changes_then_the_extraction_figure_moves(
    shared_data: Path, tmp_path: Path
) -> None:
    from service.config import load_settings
    from service.container import Container

    folder = tmp_path / "cases" / BUILD_CASE
    shutil.copytree(shared_data / "cases" / BUILD_CASE, folder)
    extractor = Container(load_settings()).extractor
    before = evaluate_cases([load_case(folder)], extractor)["splits"]["build"]["measures"]
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    expected["measures_reported"][0]["score"] += 1
    (folder / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    after = evaluate_cases([load_case(folder)], extractor)["splits"]["build"]["measures"]
    assert after["matched"] == before["matched"] - 1
    assert after["invented"] == before["invented"] + 1


def test_when_a_reference_word_changes_then_the_clip_wer_moves() -> None:
    same = wer_of(["the cat sat on the mat"], ["the cat sat on the mat"])
    changed = wer_of(["the cat sat on the hat"], ["the cat sat on the mat"])
    assert same["wer"] == 0.0
    assert changed["errors"] == 1


def test_readme_block_is_replaced_between_the_markers_only(results: Path, tmp_path: Path) -> None:
    write_report(results)
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{readme_results.START}\nold\n{readme_results.END}\n\nafter\n")
    assert readme_results.update(readme, results)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n\n")
    assert text.endswith("\n\nafter\n")
    assert "old" not in text
    assert "| PHI recall, all types |" in text
    assert "results/phi_recall_per_type.png" in text
    assert "results/e2e_vs_length.png" in text
    assert not readme_results.update(readme, results)  # a second run changes nothing


def test_areas_to_run_honour_only_and_reuse(results: Path) -> None:
    assert chosen_areas([], False, results) == list(AREAS)
    assert chosen_areas(["asr"], False, results) == ["asr"]
    (results / "asr.json").unlink()
    assert chosen_areas([], True, results) == ["asr"]
    with pytest.raises(ValueError, match="unknown area"):
        chosen_areas(["nonsense"], False, results)


def test_stamp_names_machine_versions_models_and_commit() -> None:
    s = stamp()
    assert s["machine"]["cores"] >= 1
    assert s["machine"]["ram_gb"] > 0
    assert s["versions"]["faster-whisper"] != "absent"
    assert len(s["model_sha256"]["whisper-tiny.en-ct2"]) == 64
    assert s["commit"] != "unknown"
