"""Per-clinic validator configuration: which rules run, their severity and thresholds (YAML).

The default file is ``prompts/validator/clinic.yaml``. A rule missing from the file runs with its
defaults; a code the registry does not know is refused, so a typo cannot silently disable a check.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from service.domain.base import Frozen, describe_error
from service.domain.findings import Severity
from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR

DEFAULT_CONFIG_PATH = PROMPTS_DIR / "validator" / "clinic.yaml"

Threshold = int | float | str | bool


class RuleConfig(Frozen):
    """One rule's settings; ``severity`` None keeps the rule's default."""

    enabled: bool = True
    severity: Severity | None = None
    thresholds: dict[str, Threshold] = Field(default_factory=dict)

    def number(self, name: str, default: float) -> float:
        """A numeric threshold, or ``default``."""
        value = self.thresholds.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigurationError(f"Validator threshold {name} must be a number.")
        return float(value)

    def flag(self, name: str, default: bool) -> bool:
        """A yes/no threshold, or ``default``."""
        value = self.thresholds.get(name, default)
        if not isinstance(value, bool):
            raise ConfigurationError(f"Validator threshold {name} must be true or false.")
        return value

    def choice(self, name: str, default: str) -> str:
        """A text threshold, or ``default``."""
        return str(self.thresholds.get(name, default))


class ValidatorConfig(Frozen):
    """The whole file."""

    version: int = 1
    rules: dict[str, RuleConfig] = Field(default_factory=dict)

    def rule(self, code: str) -> RuleConfig:
        """Settings for ``code`` (defaults when the file does not mention it)."""
        return self.rules.get(code, RuleConfig())


def load_validator_config(path: Path | None = None) -> ValidatorConfig:
    """Read a clinic's YAML (default: the repository's); errors name the file and the field."""
    path = path or DEFAULT_CONFIG_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigurationError(f"Cannot read validator config {path}: {exc.strerror or exc}.") from None
    except yaml.YAMLError:
        raise ConfigurationError(f"Validator config {path} is not valid YAML.") from None
    try:
        config = ValidatorConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigurationError(f"Validator config {path} is not valid: {describe_error(exc)}.") from None
    from service.validate.registry import known_codes

    unknown = sorted(set(config.rules) - known_codes())
    if unknown:
        raise ConfigurationError(f"Validator config {path} names unknown rule {unknown[0]}.")
    return config
