"""A ``ChatModel`` whose model lives in a child process, so a native crash cannot take the caller down.

The child (:mod:`service.draft.backends.model_process`) is started on first use and kept for later
calls. When it dies mid-call (SIGSEGV in llama.cpp, SIGKILL, out of memory) or does not answer within
the call timeout, the call raises :class:`~service.errors.ModelCrashedError` naming the signal; the
drafter then keeps its template sentences. The next call starts a fresh child.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from typing import IO, Any

from service.domain.draft import ModelUsage
from service.draft.backends.model_process import ModelSpec
from service.errors import ConfigurationError, ModelCrashedError, ModelMissingError, SessionNoteError
from service.log import get_logger

log = get_logger("draft.model")
_KNOWN_ERRORS: dict[str, type[SessionNoteError]] = {
    "ModelMissingError": ModelMissingError,
    "ConfigurationError": ConfigurationError,
}


def signal_name(returncode: int | None) -> str | None:
    """``SIGSEGV`` for a child killed by signal 11 (return code -11); None for a normal exit."""
    if returncode is None or returncode >= 0:
        return None
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


class IsolatedChat:
    """Implements ``ChatModel`` by forwarding each call to the model process."""

    def __init__(
        self, spec: ModelSpec, call_timeout_s: float = 300.0, start_timeout_s: float = 300.0
    ) -> None:
        self.spec = spec
        self.engine: str = spec.engine
        self.model_name = spec.model_name
        self.model_sha256: str | None = spec.model_sha256
        self.call_timeout_s = call_timeout_s
        self.start_timeout_s = start_timeout_s
        self.info: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._usage = ModelUsage()
        self._child_usage = ModelUsage()
        self.busy = threading.Event()

    @property
    def pid(self) -> int | None:
        """The model process's pid while it runs (tests use it to kill the process)."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def usage(self) -> ModelUsage:
        """Everything spent in model processes of this object, across restarts."""
        return self._usage

    def _read(self, proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
        out: IO[str] | None = proc.stdout
        assert out is not None
        ready, _, _ = select.select([out], [], [], timeout)
        line = out.readline() if ready else ""
        if line:
            reply: dict[str, Any] = json.loads(line)
            return reply
        if not ready:
            self._stop(proc)
            self._proc = None
            raise ModelCrashedError(
                f"The drafting model did not answer within {timeout:g} s and was stopped.",
                signal=signal_name(proc.returncode),
                exit_code=proc.returncode,
            )
        self._stop(proc)
        code = proc.returncode
        self._proc = None
        name = signal_name(code)
        raise ModelCrashedError(
            f"The drafting model process ended unexpectedly ({name or f'exit code {code}'}).",
            signal=name,
            exit_code=code,
        )

    @staticmethod
    def _stop(proc: subprocess.Popen[str]) -> None:
        """End the process (if it still runs) and close its pipes."""
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(BrokenPipeError):  # buffered bytes for a dead reader
                    stream.close()

    def _start(self) -> subprocess.Popen[str]:
        debug = os.environ.get("SESSIONNOTE_LOG_LEVEL", "").upper() == "DEBUG"
        env = dict(os.environ)
        # llama.cpp's OpenMP threads spin while waiting by default; when anything else runs on the machine
        # (transcription in another worker, a second job) spinning threads starve each other: measured 7x
        # slower drafting under load (README "Drafting model"). Passive waiting costs little when idle.
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.draft.backends.model_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert proc.stdin is not None
        proc.stdin.write(self.spec.model_dump_json() + "\n")
        proc.stdin.flush()
        began = time.perf_counter()
        reply = self._read(proc, self.start_timeout_s)
        if "error" in reply:
            self._stop(proc)
            raise _KNOWN_ERRORS.get(reply["error"], ModelMissingError)(str(reply["message"]))
        self.info = reply
        self._child_usage = ModelUsage()
        log.info("model process %s ready in %.1fs", self.spec.model_name, time.perf_counter() - began)
        return proc

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        """One constrained completion in the model process."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None
            self.busy.set()
            try:
                try:
                    request = {"messages": messages, "schema": schema, "max_tokens": max_tokens}
                    proc.stdin.write(json.dumps(request) + "\n")
                    proc.stdin.flush()
                except BrokenPipeError:
                    pass  # the child is gone; reading says how it ended
                reply = self._read(proc, self.call_timeout_s)
            finally:
                self.busy.clear()
            if "error" in reply:
                raise _KNOWN_ERRORS.get(reply["error"], ModelCrashedError)(str(reply["message"]))
            child = ModelUsage.model_validate(reply["usage"])
            self._usage = self._usage.plus(child.minus(self._child_usage))
            self._child_usage = child
            return str(reply["text"])

    def __del__(self) -> None:
        # An object dropped without close() (a test's container, an abandoned drafter) must not leave
        # a model process holding gigabytes; no lock here, the collector may run inside a locked call.
        proc = getattr(self, "_proc", None)
        if proc is not None:
            with contextlib.suppress(Exception):
                self._stop(proc)

    def close(self) -> None:
        """Stop the model process (it also ends by itself when this process exits and stdin closes)."""
        with self._lock:
            if self._proc is not None:
                if self._proc.stdin is not None and self._proc.poll() is None:
                    self._proc.stdin.close()  # the model process ends when its input does
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self._proc.wait(timeout=10)
                self._stop(self._proc)
            self._proc = None
