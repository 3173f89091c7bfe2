"""The typed model manifest (``models/manifest.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from service.domain.base import Frozen
from service.errors import ConfigurationError
from service.resources import MANIFEST_PATH


class ModelFile(Frozen):
    """One final file in a model's directory and how to assemble it."""

    name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(gt=0)
    source: str | None = Field(default=None, alias="from")
    join: tuple[str, ...] = ()


class Conversion(Frozen):
    """A file produced by converting another model of the bundle."""

    source: str
    converter: Literal["ct2-to-openai-whisper"]


class ModelSpec(Frozen):
    """One model of the bundle."""

    id: str
    role: Literal["asr", "diarization", "ner", "embedding", "llm"]
    engine: str
    description: str
    licence: str
    packages: tuple[str, ...] = ()
    pip_no_deps: bool = False
    prunable: bool = False
    primary: str
    files: tuple[ModelFile, ...]
    convert: Conversion | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ModelSpec:
        names = [f.name for f in self.files]
        if self.primary not in names:
            raise ValueError(f"model {self.id}: primary file {self.primary} is not listed")
        for f in self.files:
            if self.convert is None and not (f.source or f.join):
                raise ValueError(f"model {self.id}: file {f.name} has no source")
        return self

    @property
    def primary_file(self) -> ModelFile:
        """The file whose sha256 identifies the model in provenance stamps."""
        return next(f for f in self.files if f.name == self.primary)


class Manifest(Frozen):
    """All models and the named bundles that group them."""

    manifest_version: int
    models: tuple[ModelSpec, ...]
    bundles: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _bundles_known(self) -> Manifest:
        ids = {m.id for m in self.models}
        for bundle, members in self.bundles.items():
            unknown = set(members) - ids
            if unknown:
                raise ValueError(f"bundle {bundle} lists unknown models {sorted(unknown)}")
        return self

    def get(self, model_id: str) -> ModelSpec:
        """The spec of ``model_id``; unknown ids raise :class:`ConfigurationError`."""
        for spec in self.models:
            if spec.id == model_id:
                return spec
        raise ConfigurationError(f"Model {model_id!r} is not in the model manifest.")

    def bundle(self, name: str) -> list[ModelSpec]:
        """Models of bundle ``name`` (or the single model of that id), in dependency order."""
        if name in self.bundles:
            return [self.get(m) for m in self.bundles[name]]
        return [self.get(name)]


def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    """Parse and validate the manifest."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"Cannot read the model manifest {path}: {exc}.") from None
    return Manifest.model_validate(data)
