"""Hashing, joining and stamping of model files."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from service.modelbundle.manifest import ModelSpec

STAMP_NAME = ".sessionnote-verified.json"
_BLOCK = 1 << 20


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def join_verified(parts: Iterable[Path], out: Path, expected_sha256: str) -> Path:
    """Concatenate ``parts`` into ``out`` atomically, hashing while writing; a mismatch leaves nothing."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as sink:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_BLOCK):
                        digest.update(block)
                        sink.write(block)
        if digest.hexdigest() != expected_sha256:
            raise ValueError(f"sha256 mismatch for {out.name}: got {digest.hexdigest()}")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def write_stamp(spec: ModelSpec, model_dir: Path) -> None:
    """Record size and mtime of each verified file so later look-ups need not re-hash."""
    entries = {}
    for f in spec.files:
        st = (model_dir / f.name).stat()
        entries[f.name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": f.sha256}
    (model_dir / STAMP_NAME).write_text(json.dumps(entries, indent=1), encoding="utf-8")


def stamp_valid(spec: ModelSpec, model_dir: Path) -> bool:
    """True when every file is present and unchanged since it was last verified against the manifest."""
    try:
        entries = json.loads((model_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    for f in spec.files:
        entry = entries.get(f.name)
        path = model_dir / f.name
        if entry is None or not path.is_file() or entry.get("sha256") != f.sha256:
            return False
        st = path.stat()
        if st.st_size != f.size or st.st_mtime_ns != entry.get("mtime_ns"):
            return False
    return True


def copy_verified(src: Path, out: Path, expected_sha256: str) -> Path:
    """Copy one file atomically with verification (a join of one part)."""
    return join_verified([src], out, expected_sha256)


def remove_tree(path: Path) -> None:
    """Delete a model directory (used before a clean reinstall)."""
    shutil.rmtree(path, ignore_errors=True)
