"""Peak memory of a child process and everything it starts, sampled while it runs.

A worker whose drafting model runs in its own process needs the sum over the tree, so the tree is sampled
with psutil (every ``interval`` seconds: a spike shorter than that can be missed, so the measured process
also reports its own peak, :func:`own_peak_rss_mb`, beside it).

``ru_maxrss`` is not that peak for a process started by a large one: Linux carries the parent's high-water
mark across fork and exec (Python starts children with vfork, so it is the parent's whole peak), and a
child of an evaluation that had loaded Presidio reported the parent's 990 MB whatever it did itself.
``VmHWM`` in /proc/self/status belongs to the process's own address space, so it starts afresh at exec.
"""

from __future__ import annotations

import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Measured:
    """A finished child: exit code, output, wall seconds and the tree's peak RSS in MB."""

    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    peak_tree_mb: float


def own_peak_rss_mb() -> float:
    """This process's peak RSS since it started (exec), in MB; ru_maxrss where /proc is absent."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and its descendants now, in MB (0 when it has gone)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


class TreeSampler:
    """Samples the RSS of a set of process trees in a thread; ``peak_mb`` is the largest sum seen."""

    def __init__(self, pids: list[int], interval: float = 0.25) -> None:
        self.pids = pids
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, sum(tree_rss_mb(p) for p in self.pids))
            self._stop.wait(self.interval)


def run_measured(command: list[str], env: dict[str, str], timeout_s: float) -> Measured:
    """Run ``command`` to the end, sampling its process tree's memory."""
    began = time.perf_counter()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        with TreeSampler([child.pid]) as sampler:
            try:
                out, err = child.communicate(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                child.kill()
                out, err = child.communicate()
                err += f"\nstopped after {timeout_s:.0f} s"
        return Measured(child.returncode, out, err, time.perf_counter() - began, sampler.peak_mb)
