"""Helpers shared by the service tests: a container per backend, users with tokens, clients with plans,
uploads, and running queued jobs in-process (the worker tests run real worker processes instead)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.config import load_settings
from service.container import Container
from service.jobs.runner import run_job
from service.storage.db import upgrade
from service.storage.jobs import JobRepository
from service.storage.records import JobRecord
from service.storage.users import UserRepository
from tests.conftest import FIXTURES

PLAN = json.loads((FIXTURES / "validator" / "plan.json").read_text(encoding="utf-8"))
MODEL_DIR = Path(load_settings().resolved_model_dir)


def service_settings(data_dir: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for a test service: its own data dir, the installed models, template drafting."""
    return {
        "data_dir": data_dir,
        "model_dir": MODEL_DIR,
        "drafter": "template",
        "workers": 0,
        "heartbeat_seconds": 0.5,
        "stale_after_seconds": 3.0,
        **overrides,
    }


def make_container(data_dir: Path, **overrides: Any) -> Container:
    """A migrated container for a test service."""
    container = Container(load_settings(**service_settings(data_dir, **overrides)))
    upgrade(container.settings.resolved_database_url)
    return container


@dataclass
class Account:
    """A test user and its bearer header."""

    id: str
    email: str
    headers: dict[str, str]


@dataclass
class Clinic:
    """A running app (TestClient) over a container, with helpers to populate it."""

    container: Container
    http: TestClient
    accounts: dict[str, Account] = field(default_factory=dict)

    def account(self, *roles: str, supervisor: Account | None = None) -> Account:
        email = f"{'-'.join(roles)}-{secrets.token_hex(4)}@clinic.test"
        with self.container.database.session() as db:
            users = UserRepository(db)
            user = users.add(
                email, "correct horse battery staple", roles, supervisor.id if supervisor else None
            )
            token = users.create_token(user, "test")
        return Account(user.id, email, {"Authorization": f"Bearer {token}"})

    def client(self, who: Account, name: str = "Jordan Avery", plan: dict[str, Any] | None = None) -> str:
        chart = {**PLAN["client"], "name": name}
        r = self.http.post("/api/clients", json=chart, headers=who.headers)
        assert r.status_code == 201, r.text
        client_id = str(r.json()["id"])
        body = {**(plan or PLAN), "client": chart}
        r = self.http.put(f"/api/clients/{client_id}/plan", json=body, headers=who.headers)
        assert r.status_code == 200, r.text
        return client_id

    def upload(
        self,
        who: Account,
        audio: Path,
        clients: list[str],
        speakers: list[str] | None = None,
        day: str = "2026-03-02",
    ) -> Any:
        data: dict[str, Any] = {"client_id": clients, "session_date": day}
        if speakers:
            data["speaker"] = speakers
        with audio.open("rb") as fh:
            return self.http.post(
                "/api/sessions",
                data=data,
                files={"audio": (audio.name, fh, "audio/wav")},
                headers=who.headers,
            )

    def run_jobs(self) -> list[str]:
        """Run every due job in this process (the queue's worker, without the queue)."""
        with self.container.database.session() as db:
            ids = [j.id for j in JobRepository(db, self.container.cipher).due()]
        return [run_job(self.container, j) for j in ids]

    def job(self, session_id: str) -> JobRecord:
        with self.container.database.session() as db:
            job = JobRepository(db, self.container.cipher).for_session(session_id)
            assert job is not None
            return job
