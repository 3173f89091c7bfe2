"""The evaluation areas available under ``sessionnote eval`` (one CLI module per area)."""

from __future__ import annotations

from types import ModuleType

MODULES: list[ModuleType] = []
