"""Per-clinic configuration beyond plain settings: the intervention vocabulary extended by the clinic.

A clinic adds interventions (or umbrella terms) in its own YAML (``SESSIONNOTE_VOCABULARY_EXTENSIONS``)
with the same fields as ``prompts/vocabulary/interventions.yaml``, and a ``version``. The merged
vocabulary is written to ``<data_dir>/vocabulary/<digest>/`` and loaded from there by the extractor
and the validator alike, so every path (CLI, workers) sees the same terms and every draft stamps the
merged version. A malformed extension (an unknown verb, a duplicate name, a bad pattern) is refused at
start-up with the file named.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import yaml

from service.errors import ConfigurationError
from service.extract.vocabulary import FILES, VOCABULARY_DIR, load_vocabulary


def extended_vocabulary_dir(extensions: Path, data_dir: Path) -> Path:
    """The directory of the base vocabulary with the clinic's extensions merged in (built once)."""
    raw = extensions.read_bytes()
    try:
        extra = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        raise ConfigurationError(f"Vocabulary extensions {extensions} are not valid YAML.") from None
    if not isinstance(extra, dict) or "version" not in extra:
        raise ConfigurationError(f"Vocabulary extensions {extensions} need a mapping with a `version`.")
    unknown = sorted(set(extra) - {"version", "interventions", "umbrella_terms", "families"})
    if unknown:
        raise ConfigurationError(f"Vocabulary extensions {extensions} have an unknown key {unknown[0]}.")
    base_raw = (VOCABULARY_DIR / "interventions.yaml").read_bytes()
    digest = hashlib.sha256(base_raw + raw).hexdigest()[:12]
    target = data_dir / "vocabulary" / digest
    if not (target / "interventions.yaml").is_file():
        base: dict[str, Any] = yaml.safe_load(base_raw.decode("utf-8"))
        base["version"] = f"{base['version']}+clinic.{extra['version']}"
        for key in ("interventions", "umbrella_terms"):
            base[key] = [*(base.get(key) or []), *(extra.get(key) or [])]
        base["families"] = {**(base.get("families") or {}), **(extra.get("families") or {})}
        staging = target.with_name(digest + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name in FILES:
            if name != "interventions":
                shutil.copy(VOCABULARY_DIR / f"{name}.yaml", staging / f"{name}.yaml")
        (staging / "interventions.yaml").write_text(yaml.safe_dump(base, sort_keys=False), encoding="utf-8")
        try:
            load_vocabulary(staging)
        except ConfigurationError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise ConfigurationError(
                f"Vocabulary extensions {extensions} do not fit the vocabulary: {exc.message}"
            ) from None
        if target.exists():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.rename(target)
    return target
