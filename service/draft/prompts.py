"""Versioned Jinja2 prompt templates (``prompts/draft/``), rendered with StrictUndefined."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from service.errors import ConfigurationError
from service.resources import PROMPTS_DIR


@dataclass(frozen=True)
class PromptSet:
    """The drafting prompts and their version."""

    version: str
    env: Environment
    names: dict[str, str]

    def render(self, name: str, **context: Any) -> str:
        """Render template ``name``; an undefined variable raises instead of rendering blank."""
        return self.env.get_template(self.names[name]).render(**context).strip()


def load_prompts(directory: Path = PROMPTS_DIR / "draft") -> PromptSet:
    """Load the prompt manifest and templates."""
    try:
        manifest = yaml.safe_load((directory / "manifest.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"Cannot read the prompt manifest in {directory}: {exc}.") from None
    env = Environment(  # noqa: S701 - plain-text prompts, not HTML
        loader=FileSystemLoader(str(directory)),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=False,
    )
    return PromptSet(version=str(manifest["version"]), env=env, names=dict(manifest["templates"]))
