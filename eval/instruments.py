"""Instrument names of the cases README (``measures_reported``), matched the evaluation's own way."""

from __future__ import annotations

import re

from eval.words import numbers_in

# As ``../shared/data/cases/README.md`` names them; longer names first so CY-BOCS is not read as Y-BOCS.
INSTRUMENTS = (
    "PHQ-9 item 9", "CY-BOCS", "Y-BOCS", "GAD-7", "PHQ-9", "PHQ-A", "PSWQ", "PCL-5", "PDSS", "SPIN",
    "EPDS", "AUDIT", "PACS", "SUDS", "Scaling question",
)  # fmt: skip


def key(name: str) -> str:
    """Spelling-insensitive key: "GAD 7", "gad-7" and "GAD7" meet; "scaling questions" meets too."""
    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    return "scalingquestion" if flat.startswith("scaling") else flat


def _pattern(name: str) -> re.Pattern[str]:
    if name == "Scaling question":
        return re.compile(r"\bscal(?:e|ing)\b", re.I)
    parts = [re.escape(p) for p in re.split(r"[-\s]+", name)]
    return re.compile(r"(?<![A-Za-z0-9-])" + r"[-\s]?".join(parts) + r"(?![A-Za-z0-9])", re.I)


_PATTERNS = {name: _pattern(name) for name in INSTRUMENTS}


def mentions(text: str, instrument: str) -> bool:
    """Does ``text`` name ``instrument`` (one of README's names, any spelling)?"""
    pattern = _PATTERNS.get(instrument) or _pattern(instrument)
    if instrument == "PHQ-9 item 9":
        return bool(pattern.search(text)) or (
            bool(_PATTERNS["PHQ-9"].search(text)) and bool(re.search(r"\bitem (?:9|nine)\b", text, re.I))
        )
    return bool(pattern.search(text))


def scores_in(text: str) -> list[float]:
    """The numbers of ``text`` once instrument names (GAD-7, "item 9") are taken out."""
    for name in INSTRUMENTS:
        text = _PATTERNS[name].sub(" ", text)
    text = re.sub(r"\bitem (?:9|nine)\b", " ", text, flags=re.I)
    return numbers_in(text)
