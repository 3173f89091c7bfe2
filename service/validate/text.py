"""Small text helpers shared by support verification and the rules: tokens, stems, quotes, sentences.

Tokens, stems and quotations live in :mod:`service.text.tokens` (drafting uses them too); this module
adds the sentence splitter for prose notes.
"""

from __future__ import annotations

import re

from service.text.tokens import content_stems, quotes_in, stem, words

__all__ = ["content_stems", "quotes_in", "split_sentences", "stem", "words"]

_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”')]))\s+(?=[A-Z\[(\"“0-9])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|St|vs|e\.g|i\.e|a\.m|p\.m|approx|no)\.|\b[A-Z]\.)$")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at ". " before a capital, not after "Dr." or "a.m."."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start : m.start()]
        if _ABBREVIATIONS.search(piece):
            continue
        if piece.strip():
            out.append(piece.strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out
