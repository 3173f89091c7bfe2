"""Recordings drafted per hour in batch mode, with 1 and 2 workers, and with two worker hosts sharing
PostgreSQL and Redis on loopback.

Each setting gets a fresh data directory and goes through the commands a clinic uses: ``sessionnote
user add`` and ``token create``, ``serve`` (no workers) to create the client and import its plan
through the API, then ``sessionnote worker`` (one host with N workers, or two hosts of one worker each)
and ``sessionnote batch DIR --client-map map.csv --wait``. Two short clips per worker are drafted first,
so that every worker has most likely loaded its models (workers are long-running; a batch night pays the
load once); then the timed batch queues the same recordings in every setting and the wall time runs
until the last is drafted. The worker process trees are sampled for peak memory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from eval import loopback
from eval.common import REPO_ROOT, shared_data_dir
from eval.latency import PLAN_CASE
from eval.memory import TreeSampler

RECORDINGS = (
    "asr/synth_session_dev_01.wav",
    "asr/synth_session_dev_02.wav",
    "diarization/dev00.wav",
    "diarization/dev01.wav",
)
WARM = "asr/jfk.wav"
BATCH_TIMEOUT_MIN = 60.0


@dataclass(frozen=True)
class Setting:
    """Worker hosts (workers per host) and the backends they share."""

    name: str
    hosts: tuple[int, ...]
    backend: str  # "sqlite" (SQLite + Huey-SQLite) or "postgresql+redis"


SETTINGS = (
    Setting("1 worker, SQLite + Huey-SQLite", (1,), "sqlite"),
    Setting("2 workers, SQLite + Huey-SQLite", (2,), "sqlite"),
    Setting("2 hosts x 1 worker, PostgreSQL + Redis (loopback)", (1, 1), "postgresql+redis"),
)


def _cli(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"sessionnote {args[0]} failed (exit {done.returncode}): {last[:300]}")
    return done


def _wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"sessionnote serve did not start (exit {proc.poll()})")
        time.sleep(0.3)


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def create_client(env: dict[str, str], work: Path, plan: dict[str, Any]) -> str:
    """A clinician, their token, and a client with the plan, through the CLI and the API."""
    secret = work / "password.txt"
    secret.write_text("throughput measurement passphrase\n", encoding="utf-8")
    secret.chmod(0o600)
    email = "throughput@clinic.test"
    _cli(env, "user", "add", "--email", email, "--role", "clinician", "--password-file", str(secret))
    token = _cli(env, "token", "create", "--email", email).stdout.strip().splitlines()[-1]
    port = loopback.free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        _wait_healthy(base, serve)
        r = httpx.post(f"{base}/api/clients", json=plan["client"], headers=headers, timeout=60)
        r.raise_for_status()
        client_id = str(r.json()["id"])
        httpx.put(
            f"{base}/api/clients/{client_id}/plan", json=plan, headers=headers, timeout=60
        ).raise_for_status()
    finally:
        _stop(serve, signal.SIGINT)
    return client_id


def _batch(env: dict[str, str], folder: Path, files: list[Path], client_id: str) -> float:
    """Queue ``files`` with ``sessionnote batch --wait``; the wall seconds until all are done."""
    folder.mkdir(parents=True)
    rows = ["file,client_id,session_date"]
    for n, f in enumerate(files):
        name = f"{n:02d}_{f.name}"
        shutil.copyfile(f, folder / name)
        rows.append(f"{name},{client_id},{date.today().isoformat()}")
    (folder / "map.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    began = time.perf_counter()
    args = ("batch", str(folder), "--client-map", str(folder / "map.csv"), "--wait")
    _cli(env, *args, "--timeout-minutes", str(BATCH_TIMEOUT_MIN), timeout=BATCH_TIMEOUT_MIN * 60 + 120)
    return time.perf_counter() - began


@contextmanager
def _backends(setting: Setting, work: Path) -> Iterator[dict[str, str]]:
    if setting.backend == "sqlite":
        yield {}
        return
    with loopback.postgres() as db_url, loopback.redis(work / "redis") as redis_url:
        yield {
            "SESSIONNOTE_DATABASE_URL": db_url,
            "SESSIONNOTE_QUEUE": "redis",
            "SESSIONNOTE_REDIS_URL": redis_url,
        }


def _base_env(data_dir: Path, drafter: str | None) -> dict[str, str]:
    from service.config import load_settings
    from service.storage.crypto import new_key

    model_dir = str(load_settings().resolved_model_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONNOTE_")}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "SESSIONNOTE_DATA_DIR": str(data_dir),
            "SESSIONNOTE_MODEL_DIR": model_dir,
            "SESSIONNOTE_BATCH_WINDOW": "immediate",
            "SESSIONNOTE_ENCRYPTION_KEY": new_key(),
            "SESSIONNOTE_LOG_LEVEL": "WARNING",
        }
    )
    if drafter:
        env["SESSIONNOTE_DRAFTER"] = drafter
    return env


def _audio_s(files: list[Path]) -> float:
    from service.transcribe.audio import SAMPLE_RATE, decode_all

    return float(sum(decode_all(f).size for f in files)) / SAMPLE_RATE


def measure(setting: Setting, data_dir: Path, drafter: str | None) -> dict[str, Any]:
    """One setting from an empty data directory to the last recording drafted."""
    plan = json.loads((data_dir / "cases" / PLAN_CASE / "plan.json").read_text(encoding="utf-8"))
    files = [data_dir / r for r in RECORDINGS]
    row: dict[str, Any] = {
        "setting": setting.name,
        "hosts": list(setting.hosts),
        "workers": sum(setting.hosts),
        "backend": setting.backend,
        "recordings": len(files),
        "audio_min": round(_audio_s(files) / 60, 2),
    }
    with tempfile.TemporaryDirectory(prefix="sessionnote-throughput-") as tmp:
        work = Path(tmp)
        env = _base_env(work / "data", drafter)
        with _backends(setting, work) as extra:
            env.update(extra)
            client_id = create_client(env, work, plan)
            hosts = [
                subprocess.Popen(
                    [sys.executable, "-m", "service.cli", "worker", "--workers", str(n)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for n in setting.hosts
            ]
            try:
                warm = [data_dir / WARM] * (2 * sum(setting.hosts))
                row["warm_s"] = round(_batch(env, work / "warm", warm, client_id), 1)
                with TreeSampler([h.pid for h in hosts], interval=0.5) as sampler:
                    wall = _batch(env, work / "timed", files, client_id)
                summary = json.loads(_cli(env, "summary", "--json").stdout)
            finally:
                for h in hosts:
                    _stop(h)
    drafted = len(summary.get("drafted", [])) - len(warm)
    row.update(
        {
            "wall_s": round(wall, 1),
            "drafted": drafted,
            "failed": len(summary.get("failed", [])),
            "recordings_per_hour": round(drafted / wall * 3600, 1) if wall else None,
            "audio_hours_per_hour": round(row["audio_min"] / 60 / (wall / 3600), 2) if wall else None,
            "workers_peak_rss_mb": round(sampler.peak_mb),
        }
    )
    return row


def run(
    data_dir: Path | None = None, settings: tuple[Setting, ...] = SETTINGS, drafter: str | None = None
) -> dict[str, Any]:
    """Every setting, one after the other; a setting that fails records why and the rest still run."""
    data_dir = data_dir or shared_data_dir()
    rows = []
    for s in settings:
        try:
            rows.append(measure(s, data_dir, drafter))
        except (RuntimeError, OSError, httpx.HTTPError, subprocess.SubprocessError) as exc:
            rows.append({"setting": s.name, "not_run": str(exc)[:300]})
        print(f"throughput: {s.name} done", file=sys.stderr, flush=True)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "drafter": drafter or "default",
        "recordings": list(RECORDINGS),
        "warm_clip": WARM,
        "settings": rows,
    }


def markdown(report: dict[str, Any]) -> str:
    """One row per setting."""
    lines = [
        f"# Batch throughput, {report['date']}",
        "",
        f"Drafter: {report['drafter']}. Recordings: {', '.join(report['recordings'])}; "
        f"{report['warm_clip']} twice per worker first, so that every worker has most likely loaded "
        "its models.",
        "",
        "| setting | recordings | audio min | wall s | drafted | failed | recordings per hour | "
        "audio hours per hour | workers' peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["settings"]:
        if "not_run" in r:
            lines.append(f"| {r['setting']} | not run: {r['not_run']} |")
            continue
        lines.append(
            f"| {r['setting']} | {r['recordings']} | {r['audio_min']} | {r['wall_s']} | {r['drafted']} | "
            f"{r['failed']} | {r['recordings_per_hour']} | {r['audio_hours_per_hour']} | "
            f"{r['workers_peak_rss_mb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m eval.throughput`` prints the figures as JSON."""
    print(json.dumps(run(), indent=1))


if __name__ == "__main__":
    main()
