"""Word tokens, crude stems and quotations: the string comparisons drafting and validation share.

No PHI handling happens here; these functions only compare strings the caller already holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.text.stopwords import STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes kept inside words)."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to match "finds"/"find", "challenged"/"challenge"."""
    w = word.lower()
    if len(w) <= 3:
        return w
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # "stopp" -> "stop"
    return w.rstrip("e") if len(w) > 4 else w


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that carry content (stop words and bare numbers dropped)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def quotes_in(text: str) -> list[str]:
    """Text inside double quotes (straight or curly) in ``text``."""
    return [m.group(1) or m.group(2) for m in re.finditer(r"\"([^\"]+)\"|“([^”]+)”", text)]
