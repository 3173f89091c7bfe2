"""Shared fixtures: real models from the installed bundle, espeak-ng speech, shared data location."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pytest

from service.config import load_settings
from service.container import Container

if TYPE_CHECKING:  # Presidio is slow to import; only the fixture below loads it
    from service.scrub.scrubber import PresidioScrubber

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SR = 16_000
JFK_WORDS = (
    "and so my fellow americans ask not what your country can do for you ask what you can do for your country"
)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip with the reason where it is absent (a user's clone)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs ../shared/data (evaluation data beside the repo), absent at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def container() -> Container:
    """One container for the whole run, so every real model loads once."""
    return Container(load_settings())


@pytest.fixture(scope="session")
def jfk_wav() -> Path:
    """A real public-domain speech clip (see tests/fixtures/README.md)."""
    return FIXTURES / "jfk.wav"


def espeak(text: str, voice: str = "en-us+m3", speed: int = 160) -> npt.NDArray[np.float32]:
    """Synthesise ``text`` with espeak-ng and return 16 kHz mono float32 samples."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.fail("espeak-ng is not installed; `make test` installs it (apt package espeak-ng)")
    raw = subprocess.run(
        [exe, "-v", voice, "-s", str(speed), "--stdout", text], capture_output=True, check=True
    ).stdout
    import io

    with wave.open(io.BytesIO(raw)) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
        audio = pcm.astype(np.float32) / np.float32(32768)
    if rate != SR:
        idx = np.arange(0, audio.size, rate / SR)
        audio = np.interp(idx, np.arange(audio.size), audio).astype(np.float32)
    return audio


def write_wav(path: Path, samples: npt.NDArray[np.float32], rate: int = SR) -> Path:
    """Write mono (n,) or multi-channel (channels, n) float samples as 16-bit PCM WAV."""
    data = np.atleast_2d(samples)
    pcm = (np.clip(data, -1, 1) * 32767).astype(np.int16).T.copy()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(data.shape[0])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def silence(seconds: float) -> npt.NDArray[np.float32]:
    """Digital silence."""
    return np.zeros(int(seconds * SR), dtype=np.float32)


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty temporary directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def scrubber(container: Container) -> PresidioScrubber:
    """The PHI scrub stage (real Presidio and the bundle's spaCy model), loaded once per run."""
    return container.scrubber


# Files that share an expensive session fixture run on one xdist worker, so it is built once.
_SHARED_GROUPS = {
    "test_notes_eval.py": "template_build_drafts",
    "test_drafted_notes_validate.py": "template_build_drafts",
    "test_validator_cases.py": "template_build_drafts",
}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook turns the groups into node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``pytest -n`` with ``--dist loadgroup`` (tried, not yet in ``make test``: README "Test
    suite"), keep each file on one worker (its module fixtures are built once), the browser tests together
    (one server, one browser), and the files named above together; a plain ``pytest`` ignores the groups."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        path = item.path
        if path.parent.name == "e2e":
            group = "e2e"
        else:
            group = _SHARED_GROUPS.get(path.name, f"{path.parent.name}/{path.name}")
        item.add_marker(pytest.mark.xdist_group(group))
