"""Run-time look-up of installed model files: never downloads, fails with the command that fixes it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from service.errors import ModelMissingError
from service.modelbundle.files import sha256_of, stamp_valid
from service.modelbundle.manifest import Manifest, ModelSpec

FileState = Literal["ok", "missing", "corrupt"]


@dataclass(frozen=True)
class FileStatus:
    """The state of one model file on disk."""

    model_id: str
    name: str
    state: FileState
    detail: str


class ModelStore:
    """The model directory, checked against the manifest."""

    def __init__(self, model_dir: Path, manifest: Manifest) -> None:
        self.model_dir = model_dir
        self.manifest = manifest

    def dir_of(self, model_id: str) -> Path:
        """Where ``model_id``'s files live (whether or not installed)."""
        return self.model_dir / model_id

    def fix_command(self, model_id: str) -> str:
        """The exact shell command that (re)installs ``model_id`` into this store."""
        env = os.environ.get("SESSIONNOTE_MODEL_DIR")
        prefix = f"SESSIONNOTE_MODEL_DIR={self.model_dir} " if env else ""
        return f"{prefix}sessionnote models install {model_id}"

    def require(self, model_id: str) -> Path:
        """The directory of an installed, verified model; otherwise a one-line :class:`ModelMissingError`."""
        spec = self.manifest.get(model_id)
        directory = self.dir_of(model_id)
        if not stamp_valid(spec, directory):
            problem = "is not installed" if not directory.exists() else "is incomplete or changed"
            raise ModelMissingError(
                f"Model {model_id} {problem} in {self.model_dir}; run: {self.fix_command(model_id)}"
            )
        return directory

    def sha256(self, model_id: str) -> str:
        """The manifest sha256 of the model's primary file (the provenance stamp)."""
        return self.manifest.get(model_id).primary_file.sha256

    def check(self, spec: ModelSpec, deep: bool) -> list[FileStatus]:
        """State of each file; ``deep`` re-hashes every byte instead of trusting the install stamp."""
        directory = self.dir_of(spec.id)
        shallow_ok = stamp_valid(spec, directory)
        out = []
        for f in spec.files:
            path = directory / f.name
            if not path.is_file():
                out.append(FileStatus(spec.id, f.name, "missing", "file not found"))
            elif path.stat().st_size != f.size:
                out.append(FileStatus(spec.id, f.name, "corrupt", f"size {path.stat().st_size} != {f.size}"))
            elif deep and sha256_of(path) != f.sha256:
                out.append(FileStatus(spec.id, f.name, "corrupt", "sha256 differs from the manifest"))
            elif not deep and not shallow_ok:
                out.append(FileStatus(spec.id, f.name, "corrupt", "changed since it was verified"))
            else:
                out.append(FileStatus(spec.id, f.name, "ok", f.sha256[:12]))
        return out
