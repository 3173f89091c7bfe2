"""The web service: health and OpenAPI docs, on loopback, with a migrated database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.config import load_settings
from service.container import Container
from service.storage.db import upgrade


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_when_database_is_migrated_then_health_is_ok(data_dir: Path) -> None:
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    settings = load_settings(data_dir=data_dir, model_dir=Container(load_settings()).model_store.model_dir)
    assert upgrade(settings.resolved_database_url) == upgrade(settings.resolved_database_url)  # idempotent
    with TestClient(create_app(Container(settings))) as client:
        body = client.get("/healthz").json()
        assert body["status"] == "ok", body
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/docs").status_code == 200


def test_when_database_not_migrated_then_health_is_503_with_fix(data_dir: Path) -> None:
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    settings = load_settings(data_dir=data_dir)
    with TestClient(create_app(Container(settings))) as client:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert "sessionnote db upgrade" in response.json()["database"]


def test_when_serve_runs_then_listens_on_loopback_and_answers_health(data_dir: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "SESSIONNOTE_DATA_DIR": str(data_dir),
        "SESSIONNOTE_MODEL_DIR": str(Container(load_settings()).model_store.model_dir),
    }
    subprocess.run(
        [sys.executable, "-m", "service.cli", "db", "upgrade"], env=env, check=True, capture_output=True
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        assert response.status_code == 200
        assert response.json()["database"] == "ok"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
