"""``sessionnote validate`` and ``sessionnote plan`` from a user's point of view (fixture session)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validator"


def validate(note: Path, *extra: str) -> list[dict[str, Any]]:
    done = run_cli(
        "validate",
        str(note),
        "--plan",
        str(FIXTURES / "plan.json"),
        "--transcript",
        str(FIXTURES / "transcript.json"),
        "--json",
        *extra,
    )
    assert done.returncode == 0, done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


def test_validate_faithful_draft_prints_no_findings() -> None:
    assert validate(FIXTURES / "draft.json", "--no-scrub") == []


@pytest.mark.slow
def test_clinician_edit_adding_unsupported_sentence_and_a_name_is_caught(tmp_path: Path) -> None:
    draft = json.loads((FIXTURES / "draft.json").read_text(encoding="utf-8"))
    # A clinician edits the note by hand: plain-string sentences, no evidence ids.
    draft["note"]["behavior"].append("Client denied suicidal ideation.")
    draft["note"]["plan"].append({"text": "Jordan to practice breathing daily.", "evidence": [12]})
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(draft), encoding="utf-8")
    findings = validate(edited)
    found = {(f["code"], tuple(f["note_refs"])) for f in findings}
    assert ("UNSUPPORTED_CLAIM", ("behavior/2",)) in found
    assert ("RESIDUAL_PHI", ("plan/2",)) in found
    assert all(set(f) <= {"code", "severity", "detail", "evidence", "note_refs", "ref"} for f in findings)
    assert "Jordan" not in json.dumps(findings)


def test_validate_reads_a_bare_note_object_with_prose_sections(tmp_path: Path) -> None:
    draft = json.loads((FIXTURES / "draft.json").read_text(encoding="utf-8"))
    note = draft["note"]
    note["response"] = "Client reported the breathing helped. Client said the GAD-7 was 20."
    path = tmp_path / "note.json"
    path.write_text(json.dumps(note), encoding="utf-8")
    done = run_cli(
        "validate", str(path), "--plan", str(FIXTURES / "plan.json"), "--transcript",
        str(FIXTURES / "transcript.json"), "--json", "--no-scrub",
    )  # fmt: skip
    # A bare note carries no facts; without the extract stage installed the command says what it needs.
    if done.returncode != 0:
        assert "facts" in done.stderr
        return
    codes = [f["code"] for f in json.loads(done.stdout)["findings"]]
    assert "UNSUPPORTED_CLAIM" in codes


def test_plan_import_export_show_round_trip(tmp_path: Path) -> None:
    env = {"SESSIONNOTE_DATABASE_URL": f"sqlite:///{tmp_path / 'sn.db'}"}
    done = run_cli("plan", "import", str(FIXTURES / "plan.json"), "--client", "c-test", env=env)
    assert done.returncode == 0, done.stderr
    assert "version 1 for client c-test" in done.stdout
    fhir = run_cli("plan", "export", "c-test", "--format", "fhir", "--on", "2026-05-12", env=env)
    assert fhir.returncode == 0, fhir.stderr
    assert json.loads(fhir.stdout)["resourceType"] == "Bundle"
    back = tmp_path / "back.json"
    back.write_text(fhir.stdout, encoding="utf-8")
    again = run_cli("plan", "import", str(back), "--client", "c-test", env=env)
    assert again.returncode == 0, again.stderr
    shown = run_cli("plan", "show", "c-test", "--on", "2026-05-12", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "v1 TP-fixture-v1: superseded" in shown.stdout
    assert "v2 TP-fixture-v1: active" in shown.stdout
    assert "Jordan" not in shown.stdout


def test_plan_import_of_malformed_plan_exits_2_naming_the_field(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "plan.json").read_text(encoding="utf-8"))
    del data["risk"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli(
        "plan", "import", str(bad), env={"SESSIONNOTE_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    )
    assert done.returncode == 2
    assert "risk" in done.stderr
