"""What a figure was measured on: machine, package versions, model sha256s, git commit, date.

Every area result of ``sessionnote eval all`` carries one of these, taken when the area ran, so a report
assembled from reused results still says where and when each figure came from.
"""

from __future__ import annotations

import os
import subprocess
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil
import yaml

from eval.common import REPO_ROOT

# The packages whose versions decide the figures (engines, models' runtimes, scoring libraries).
PACKAGES = (
    "faster-whisper",
    "ctranslate2",
    "openai-whisper",
    "torch",
    "resemblyzer",
    "presidio-analyzer",
    "spacy",
    "llama-cpp-python",
    "onnxruntime",
    "jiwer",
    "pyannote.metrics",
    "rouge-score",
    "matplotlib",
)
MANIFEST = REPO_ROOT / "models" / "manifest.yaml"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo ("unknown CPU" elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def machine() -> dict[str, Any]:
    """CPU model, logical cores, RAM and the load while measuring (other work shares this machine)."""
    load = os.getloadavg()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average_1m": round(load[0], 2),
    }


def versions() -> dict[str, str]:
    """Installed versions of :data:`PACKAGES` ("absent" when not installed)."""
    out: dict[str, str] = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def model_sha256s(manifest: Path = MANIFEST) -> dict[str, str]:
    """Each bundle model's primary file sha256, as the manifest pins it (the installer verifies it)."""
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for model in data.get("models", []):
        primary = model.get("primary")
        for f in model.get("files", []):
            if f.get("name") == primary:
                out[str(model["id"])] = str(f["sha256"])
    return out


def git_commit() -> str:
    """Short commit of the working tree, ``+dirty`` when tracked files differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def stamp() -> dict[str, Any]:
    """The full stamp for one area's run."""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "commit": git_commit(),
        "machine": machine(),
        "versions": versions(),
        "model_sha256": model_sha256s(),
    }


def one_line(s: dict[str, Any]) -> str:
    """Date, commit and machine in one line (plot footers, table captions)."""
    m = s.get("machine", {})
    return (
        f"{s.get('date', '?')}, commit {s.get('commit', '?')}, {m.get('cpu', '?')}, "
        f"{m.get('cores', '?')} cores, {m.get('ram_gb', '?')} GB RAM, load {m.get('load_average_1m', '?')}"
    )
