"""Locations of the repository's data directories (model manifest, prompts, vocabulary).

The project is installed in editable mode (``make run`` / the Dockerfile), so these live beside the
``service`` package rather than inside it; that keeps them plain files a clinic can read and extend.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
PROMPTS_DIR = PROJECT_ROOT / "prompts"
MANIFEST_PATH = MODELS_DIR / "manifest.yaml"
