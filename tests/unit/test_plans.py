"""Versioned plan storage (real SQLite), plan.json and FHIR R4 import/export, malformed plans."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from service.errors import InputError
from service.plans.fhir import from_fhir, to_fhir
from service.plans.io import read_plan, render_plan
from service.storage.crypto import Cipher, new_key, parse_ring
from service.storage.db import Database, upgrade
from service.storage.plans import PlanRepository
from tests.unit.validator_helpers import FIXTURES, plan


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[PlanRepository]:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    upgrade(url)
    with Database(url).session() as db:
        yield PlanRepository(db, Cipher(parse_ring(new_key(), "test")))


def test_plan_versioning_picks_the_plan_active_on_the_session_date(repo: PlanRepository) -> None:
    first = repo.add(plan())
    second = repo.add(plan(plan_id="TP-fixture-v2", effective_date=date(2026, 4, 1)), first.client_id)
    assert repo.active_plan(first.client_id, date(2026, 3, 31)).plan_id == "TP-fixture-v1"  # type: ignore[union-attr]
    assert repo.active_plan(first.client_id, date(2026, 4, 1)).plan_id == "TP-fixture-v2"  # type: ignore[union-attr]
    assert repo.active_plan(first.client_id, date(2025, 12, 31)) is None
    assert second.version == 2


def test_editing_active_plan_creates_new_version_and_supersedes_old(repo: PlanRepository) -> None:
    first = repo.add(plan())
    edited = repo.edit(first.client_id, plan(review_date=date(2026, 9, 30)), effective=date(2026, 5, 1))
    versions = repo.versions(first.client_id)
    assert [(v.version, v.status, v.effective_to) for v in versions] == [
        (1, "superseded", date(2026, 5, 1)),
        (2, "active", None),
    ]
    assert edited.plan.review_date == date(2026, 9, 30)
    assert versions[0].plan.review_date == date(2026, 6, 30)


def test_when_new_version_predates_active_one_then_refused(repo: PlanRepository) -> None:
    first = repo.add(plan())
    with pytest.raises(InputError, match="before the active version"):
        repo.edit(first.client_id, plan(), effective=date(2025, 1, 1))


def test_draft_plans_are_stored_but_never_in_force(repo: PlanRepository) -> None:
    first = repo.add(plan())
    repo.add(plan(plan_id="draft", status="draft", effective_date=date(2026, 5, 1)), first.client_id)
    assert repo.active_plan(first.client_id, date(2026, 5, 2)).plan_id == "TP-fixture-v1"  # type: ignore[union-attr]


def test_same_mrn_is_the_same_client_and_chart_is_stored_apart_encrypted(
    repo: PlanRepository, tmp_path: Path
) -> None:
    first = repo.add(plan())
    again = repo.add(plan(plan_id="TP-fixture-v2", effective_date=date(2026, 4, 1)))
    assert again.client_id == first.client_id
    from sqlalchemy import text

    row = repo._db.execute(text("select plan_json, chart_json from plan_versions")).first()
    assert row is not None
    assert "Jordan" not in row[0]
    assert "Jordan" not in row[1]
    assert row[1].startswith("enc:")
    assert repo.versions(first.client_id)[0].plan.client.name.startswith("Jordan")


def test_fhir_round_trip_keeps_every_field() -> None:
    original = plan()
    bundle = json.loads(json.dumps(to_fhir(original, "c-1")))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "CarePlan", "Goal", "Goal"]
    assert from_fhir(bundle) == original


def test_fhir_file_imports_like_plan_json(tmp_path: Path) -> None:
    path = tmp_path / "plan.fhir.json"
    path.write_text(render_plan(plan(), "fhir"), encoding="utf-8")
    assert read_plan(path) == read_plan(FIXTURES / "plan.json")


def test_malformed_plan_error_names_the_field_not_the_value(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "plan.json").read_text(encoding="utf-8"))
    data["diagnoses"][0]["code"] = "Jordan-1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_plan(path)
    assert "diagnoses.0.code" in str(err.value)
    assert "Jordan" not in str(err.value)


def test_malformed_fhir_bundle_error_names_the_field() -> None:
    bundle = to_fhir(plan())
    bundle["entry"][1]["resource"]["intent"] = 5
    with pytest.raises(InputError, match="intent"):
        from_fhir(bundle)
