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


@pytest.fixture(scope="session")
def couple_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A couples session in three espeak-ng voices: therapist, Jordan (client) and Daniel (client_2),
    each partner naming the other (fictional wording written for these tests)."""
    import numpy as np

    from tests.conftest import espeak, silence, write_wav

    therapist, jordan, daniel = "en-us+m3", "en-us+f3", "en-gb+m7"
    lines = (
        (therapist, "Welcome, both of you. Tell me about the last seven days."),
        (jordan, "Better, I think. Daniel reminded me to use the breathing exercise when I got tense."),
        (daniel, "Jordan slept through the night four times, which is new for us."),
        (therapist, "That is real progress. Let us practice the listening skill with each other now."),
        (jordan, "I felt heard when Daniel repeated back what I said about work."),
        (daniel, "Awkward to begin with, yet Jordan kept making an effort."),
    )
    parts = []
    for voice, line in lines:
        parts += [espeak(line, voice=voice), silence(0.7)]
    return write_wav(tmp_path_factory.mktemp("couple") / "couple.wav", np.concatenate(parts))
