"""The evaluation areas available under ``sessionnote eval`` (one CLI module per area)."""

from __future__ import annotations

from types import ModuleType

from service.cli import (
    eval_all,
    eval_annomi_notes,
    eval_diarization,
    eval_extraction,
    eval_notes,
    eval_phi,
    eval_validator,
)

MODULES: list[ModuleType] = [
    eval_diarization,
    eval_extraction,
    eval_phi,
    eval_validator,
    eval_notes,
    eval_annomi_notes,
    eval_all,
]
