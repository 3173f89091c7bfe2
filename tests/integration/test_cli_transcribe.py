"""``sessionnote transcribe`` from a user's point of view: JSON shape, bad input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SR, run_cli, silence, write_wav

CASE_KEYS = {"speaker", "start", "end", "text"}


@pytest.mark.slow
def test_when_transcribing_to_json_then_format_matches_cases_plus_provenance(
    jfk_wav: Path, tmp_path: Path
) -> None:
    out = tmp_path / "t.json"
    done = run_cli("transcribe", str(jfk_wav), "--json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert {"utterances", "engine", "model", "language", "duration_s", "processing_s"} <= set(data)
    assert all(set(u) == CASE_KEYS for u in data["utterances"])
    assert "country" in data["utterances"][0]["text"].lower()


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    (tmp / "empty.wav").write_bytes(b"")
    (tmp / "notes.txt").write_text("this is not audio at all\n" * 50)
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    good = write_wav(tmp / "good.wav", np.sin(np.arange(SR * 3) / 10).astype(np.float32) * 0.1)
    (tmp / "truncated.wav").write_bytes(good.read_bytes()[:30])
    rng = np.random.default_rng(0)
    (tmp / "garbage.mp3").write_bytes(rng.integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    write_wav(tmp / "silent.wav", silence(15))
    write_wav(tmp / "long.wav", silence(90))
    return {
        "missing": (tmp / "nope.wav", "file not found"),
        "empty": (tmp / "empty.wav", "is empty"),
        "text": (tmp / "notes.txt", "not a recording"),
        "image": (tmp / "image.png", "not a recording"),
        "truncated": (tmp / "truncated.wav", "not a recording"),
        "garbage": (tmp / "garbage.mp3", "not a recording"),
        "silent": (tmp / "silent.wav", "no speech was detected"),
        "too long": (tmp / "long.wav", "limit is 1 minutes"),
    }


@pytest.mark.parametrize(
    "kind", ["missing", "empty", "text", "image", "truncated", "garbage", "silent", "too long"]
)
def test_when_input_is_bad_then_clear_error_exit_2_and_nothing_written(tmp_path: Path, kind: str) -> None:
    path, expected = _bad_inputs(tmp_path)[kind]
    out = tmp_path / "out.json"
    done = run_cli("transcribe", str(path), "-o", str(out), env={"SESSIONNOTE_MAX_AUDIO_MINUTES": "1"})
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert path.name in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert not list(tmp_path.glob("out.json*"))


def test_when_setting_is_invalid_then_cli_exits_2_with_sentence(jfk_wav: Path) -> None:
    done = run_cli("transcribe", str(jfk_wav), env={"SESSIONNOTE_CPU_THREADS": "0"})
    assert done.returncode == 2
    assert "SESSIONNOTE_CPU_THREADS" in done.stderr
    assert "Traceback" not in done.stderr
