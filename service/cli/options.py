"""Shared CLI plumbing: settings and the container for one command invocation."""

from __future__ import annotations

from typing import Any

from service.config import load_settings
from service.container import Container


def container(**overrides: Any) -> Container:
    """A container from environment settings plus command-line overrides (``None`` means not given)."""
    return Container(load_settings(**overrides))
