"""A service per database backend (SQLite, and PostgreSQL started by the suite), shared by the API tests.

Each test creates its own users and clients, so tests do not see each other's records (per-object
authorisation keeps them apart exactly as it keeps two clinicians apart).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from tests.servers import postgres_server
from tests.service_helpers import Clinic, make_container


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def clinic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:
    """The API over a real database of each kind (the heavy models load once per backend)."""
    data_dir: Path = tmp_path_factory.mktemp(f"service-{request.param}")
    if request.param == "sqlite":
        container = make_container(data_dir)
        with TestClient(create_app(container)) as http:
            yield Clinic(container, http)
        return
    with postgres_server() as url:
        container = make_container(data_dir, database_url=url)
        with TestClient(create_app(container)) as http:
            yield Clinic(container, http)
        container.database.dispose()
