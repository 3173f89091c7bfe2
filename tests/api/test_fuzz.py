"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis strategies driven by
Hypothesis): whatever the generated input, no response is a 5xx and none carries a stack trace. Runs
authenticated (a clinician's bearer token with a drafted session of their own) on SQLite and on
PostgreSQL. (Schemathesis's own pytest plugin does not run under this pytest; its strategies do.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from tests.service_helpers import Clinic

pytestmark = pytest.mark.slow
EXAMPLES = 10


def test_when_any_input_is_sent_then_no_server_error_and_no_stack_trace(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me = clinic.account("clinician")
    clinic.upload(me, jfk_wav, [clinic.client(me)])
    clinic.run_jobs()
    schema = schemathesis.openapi.from_asgi("/openapi.json", clinic.http.app)
    problems: list[str] = []
    statuses: list[int] = []
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # an operation the schema could not describe
        operations.append(result.ok())
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            response = case.call(headers=me.headers)
            statuses.append(response.status_code)
            if response.status_code >= 500 or "Traceback" in response.text:
                problems.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}"
                )

        fuzz()
    assert problems == []
    assert len(statuses) >= 4 * len(operations)  # the generator really exercised the operations
    assert any(200 <= s < 300 for s in statuses)
    assert any(400 <= s < 500 for s in statuses)
