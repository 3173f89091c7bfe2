"""Runs the workers beside the API (``sessionnote serve``) or alone (``sessionnote worker``).

The supervisor starts the Huey consumer as a child process, restarts it if it ever exits, and runs the
reconciler every few seconds. Only ids travel through the queue; the ledger decides everything else.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading

from service.container import Container
from service.jobs.reconcile import reconcile_once, sweep_orphans
from service.log import get_logger

log = get_logger("supervisor")


def _die_with_parent() -> None:
    # Linux: the consumer gets SIGTERM when the supervisor dies (even by SIGKILL), so no orphaned
    # workers keep running beside a restarted service.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Supervisor:
    """The consumer child process plus the reconciler thread."""

    def __init__(self, container: Container, env: dict[str, str] | None = None) -> None:
        self._container = container
        self._env = {**os.environ, **(env or {})}
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._threads: list[threading.Thread] = []

    @property
    def consumer_pid(self) -> int | None:
        """The consumer's process id (tests send it signals)."""
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        """Sweep leftovers of a crash, start the consumer and the reconciler."""
        removed = sweep_orphans(self._container)
        if removed:
            log.info("removed %d temporary or unreferenced audio files", removed)
        if self._container.settings.workers > 0:
            self._spawn()
            self._threads.append(threading.Thread(target=self._watch, name="consumer-watch", daemon=True))
        self._threads.append(threading.Thread(target=self._reconcile, name="reconciler", daemon=True))
        for t in self._threads:
            t.start()

    def _spawn(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "service.jobs.consumer"], env=self._env, preexec_fn=_die_with_parent
        )

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            if self._proc is not None and self._proc.poll() is not None:
                log.warning("the queue consumer exited (code %s); restarting it", self._proc.returncode)
                self._spawn()

    def _reconcile(self) -> None:
        interval = min(5.0, max(0.5, self._container.settings.stale_after_seconds / 3))
        while not self._stop.wait(interval):
            try:
                reconcile_once(self._container)
            except Exception as exc:  # a database hiccup must not stop the reconciler
                log.error("reconcile pass failed: %s", type(exc).__name__)

    def stop(self) -> None:
        """Stop the reconciler and the consumer (its running tasks are retried after a restart)."""
        self._stop.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)
        for t in self._threads:
            t.join(timeout=5)
