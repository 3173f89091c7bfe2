"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis): whatever the
generated input, no response is a 5xx, and none carries a stack trace. Runs authenticated (a clinician's
bearer token with a drafted session of their own) on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.service_helpers import Clinic

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzz_headers(clinic: Clinic, jfk_wav: Path) -> dict[str, str]:
    me = clinic.account("clinician")
    clinic.upload(me, jfk_wav, [clinic.client(me)])
    clinic.run_jobs()
    return me.headers


@pytest.fixture(scope="module")
def api_schema(clinic: Clinic) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", clinic.http.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_when_any_input_is_sent_then_no_server_error_and_no_stack_trace(
    case: Any, fuzz_headers: dict[str, str]
) -> None:
    response = case.call(headers=fuzz_headers)
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    assert "Traceback" not in response.text
