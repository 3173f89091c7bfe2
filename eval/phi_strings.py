"""Identifiers left in a drafted note: any ``phi.json`` string or chart value found in the note text.

Case-insensitive, whole words. Chart values are the ``client`` object of plan.json (names are also
tried word by word), minus what README says is not PHI (states, payers, relationship words). The hits
name the type and the sentence, never the string.
"""

from __future__ import annotations

import re
from typing import Any

from service.domain.note import BirpNote

_NOT_PHI_KEYS = {"relation", "payer", "state"}
_NAME_KEYS = {"name", "preferred_name", "nicknames"}


def _chart_values(node: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [v for k, child in node.items() if k not in _NOT_PHI_KEYS for v in _chart_values(child, k)]
    if isinstance(node, list):
        return [v for child in node for v in _chart_values(child, key)]
    if isinstance(node, str | int) and not isinstance(node, bool):
        text = str(node).strip()
        values = [(f"chart {key}", text)]
        if key in _NAME_KEYS:
            values += [(f"chart {key} part", part) for part in re.split(r"[\s,()]+", text)]
        return values
    return []


def phi_strings(phi: list[dict[str, Any]], plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(type, string) for every gold span and chart value worth looking for (3+ characters)."""
    found = [(str(s["type"]), str(s["text"])) for s in phi]
    found += _chart_values(plan.get("client", {}))
    seen: set[str] = set()
    out = []
    for kind, text in found:
        low = text.lower().strip(" .,'\"")
        if len(low) < 3 or low in seen:
            continue
        seen.add(low)
        out.append((kind, low))
    return out


def phi_in_note(note: BirpNote, strings: list[tuple[str, str]]) -> list[dict[str, str]]:
    """One hit per (sentence, type): ``{"ref": "plan/2", "type": "PERSON"}``; the string is not shown."""
    hits = []
    for section, i, sentence in note.sentences():
        text = sentence.text.lower()
        kinds = sorted(
            {
                kind
                for kind, value in strings
                if re.search(r"(?<![a-z0-9])" + re.escape(value) + r"(?![a-z0-9])", text)
            }
        )
        hits += [{"ref": f"{section}/{i}", "type": kind} for kind in kinds]
    return hits
