"""Throwaway PostgreSQL and Redis on 127.0.0.1 for the throughput measurement (stopped on exit).

PostgreSQL refuses to run as root, so as root the cluster is made and started as the ``postgres``
user; trust authentication on loopback only, fsync off (a scratch cluster, never data to keep).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    exe = found[-1] if found else shutil.which(name)
    if exe is None:
        raise FileNotFoundError(f"PostgreSQL's {name} is not installed (apt package postgresql)")
    return exe


@contextmanager
def postgres() -> Iterator[str]:
    """A running scratch PostgreSQL; yields its SQLAlchemy URL."""
    import psycopg

    root = Path(tempfile.mkdtemp(prefix="sessionnote-eval-pg-"))
    root.chmod(0o755)
    data, sock = root / "pgdata", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    initdb = [_pg_bin("initdb"), "-D", str(data), "-U", "sessionnote", "--auth=trust", "-E", "UTF8"]
    subprocess.run([*as_user, *initdb], check=True, capture_output=True)
    options = f"-h 127.0.0.1 -p {port} -k {sock} -F -c fsync=off -c full_page_writes=off"
    ctl = [_pg_bin("pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*as_user, *ctl, "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={port} user=sessionnote dbname=postgres", autocommit=True
        ) as c:
            c.execute("CREATE DATABASE sessionnote")
        yield f"postgresql+psycopg://sessionnote@127.0.0.1:{port}/sessionnote"
    finally:
        subprocess.run([*as_user, *ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def redis(root: Path) -> Iterator[str]:
    """A running scratch Redis (no persistence); yields its URL."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise FileNotFoundError("redis-server is not installed (apt package redis-server)")
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([*args, "--dir", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
