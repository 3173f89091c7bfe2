"""A live service (``sessionnote serve`` on loopback with 2 worker processes) per backend pair:
SQLite + Huey-SQLite, and PostgreSQL + Redis (both started by the suite), plus a short two-voice
session synthesised with espeak-ng (fictional wording written for these tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from service.config import load_settings
from service.container import Container
from service.storage.crypto import new_key
from service.storage.users import UserRepository
from tests.conftest import espeak, silence, write_wav
from tests.servers import free_port, postgres_server, redis_server, wait_healthy
from tests.service_helpers import PLAN, service_settings

THERAPIST, CLIENT = "en-us+m3", "en-us+f3"
EXCHANGE = (
    (THERAPIST, "Welcome back. Before we begin, what was your GAD-7 score this week?"),
    (CLIENT, "It was nine this week, a little lower than last time."),
    (THERAPIST, "Good. Next, let us rehearse slow diaphragmatic breathing, in for four and out for six."),
    (CLIENT, "Slow breathing helped me fall asleep on three nights."),
    (THERAPIST, "Between sessions, rehearse it each morning and evening, and note worries in your log."),
)


@pytest.fixture(scope="session")
def session_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 25 seconds of a therapist and a client, two espeak-ng voices taking turns."""
    parts = []
    for voice, line in EXCHANGE:
        parts += [espeak(line, voice=voice), silence(0.6)]
    path = tmp_path_factory.mktemp("audio") / "session.wav"
    return write_wav(path, np.concatenate(parts))


@dataclass
class Live:
    """A running service and the means to talk to it and to its database."""

    base: str
    env: dict[str, str]
    container: Container
    proc: subprocess.Popen[bytes]
    headers: dict[str, str] = field(default_factory=dict)
    client_id: str = ""

    def start(self) -> None:
        self.proc = _spawn(self.env)
        wait_healthy(self.base, self.proc, 90)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def upload(self, audio: Path, client: httpx.Client | None = None) -> httpx.Response:
        if client is None:
            with httpx.Client(timeout=60) as own:
                return self.upload(audio, own)
        with audio.open("rb") as fh:
            return client.post(
                f"{self.base}/api/sessions",
                data={"client_id": [self.client_id], "session_date": "2026-03-02"},
                files={"audio": (audio.name, fh, "audio/wav")},
                headers=self.headers,
            )

    def session(self, sid: str) -> dict[str, Any]:
        r = httpx.get(f"{self.base}/api/sessions/{sid}", headers=self.headers, timeout=30)
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return body

    def wait_all(self, ids: list[str], timeout: float = 240) -> dict[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            views = {sid: self.session(sid) for sid in ids}
            if all(v["status"] in ("drafted", "failed") for v in views.values()):
                return views
            if time.monotonic() > deadline:
                states = sorted((v["status"], v["stage"]) for v in views.values())
                raise AssertionError(f"jobs did not finish in {timeout} s: {states}")
            time.sleep(0.5)


def _spawn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", env["SESSIONNOTE_PORT"]],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    # Diarization off: these tests are about the queue, and speaker clustering only adds CPU time.
    base = service_settings(data_dir, workers=2, diarization=False)
    env = {f"SESSIONNOTE_{k.upper()}": str(v) for k, v in base.items()}
    return {**env, "SESSIONNOTE_PORT": str(free_port()), **extra}


@pytest.fixture(scope="module", params=["sqlite+huey-sqlite", "postgresql+redis"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """``sessionnote serve`` on loopback with 2 workers in all, per backend pair."""
    data_dir = tmp_path_factory.mktemp(f"live-{request.param.split('+')[0]}")
    if request.param.startswith("sqlite"):
        yield from _live(_env(data_dir))
        return
    with postgres_server() as db_url, redis_server(data_dir / "redis") as redis_url:
        # Two worker hosts: serve with one worker, and `sessionnote worker` with one more, sharing
        # PostgreSQL, Redis and the data volume (recordings live there); the key ring comes by env.
        env = _env(
            data_dir,
            SESSIONNOTE_DATABASE_URL=db_url,
            SESSIONNOTE_QUEUE="redis",
            SESSIONNOTE_REDIS_URL=redis_url,
            SESSIONNOTE_WORKERS="1",
            SESSIONNOTE_ENCRYPTION_KEY=new_key(),
        )
        yield from _live(env, extra_worker=True)


def _live(env: dict[str, str], extra_worker: bool = False) -> Iterator[Live]:
    settings = {k.removeprefix("SESSIONNOTE_").lower(): v for k, v in env.items() if k != "SESSIONNOTE_PORT"}
    container = Container(load_settings(**settings))
    base = f"http://127.0.0.1:{env['SESSIONNOTE_PORT']}"
    live = Live(base, env, container, _spawn(env))
    worker: subprocess.Popen[bytes] | None = None
    try:
        wait_healthy(base, live.proc, 90)  # migrated: the second host starts on the same schema
        if extra_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "worker"],
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        with container.database.session() as db:
            users = UserRepository(db)
            user = users.add(f"live-{os.getpid()}@clinic.test", "correct horse battery staple", ["clinician"])
            live.headers = {"Authorization": f"Bearer {users.create_token(user)}"}
        r = httpx.post(f"{base}/api/clients", json=PLAN["client"], headers=live.headers, timeout=30)
        live.client_id = r.json()["id"]
        httpx.put(
            f"{base}/api/clients/{live.client_id}/plan", json=PLAN, headers=live.headers, timeout=30
        ).raise_for_status()
        yield live
    finally:
        live.stop()
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        container.database.dispose()
    if worker is not None:
        assert worker.returncode == 0


@pytest.fixture(scope="session")
def short_wav(jfk_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 4.5 seconds of the public-domain clip: real speech, quick to transcribe (load tests)."""
    import wave

    with wave.open(str(jfk_wav)) as src:
        params = src.getparams()
        frames = src.readframes(int(src.getframerate() * 4.5))
    path = tmp_path_factory.mktemp("short") / "short.wav"
    with wave.open(str(path), "wb") as dst:
        dst.setparams(params)
        dst.writeframes(frames)
    return path
