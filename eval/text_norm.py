"""Whisper's English text normaliser, loaded once.

Loading it opens a spelling file that openai-whisper never closes; the ResourceWarning that follows is
not ours to fix, so it is contained here (tests run with warnings as errors).
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable
from functools import cache


@cache
def english_normalizer() -> Callable[[str], str]:
    """A callable that normalises English text for WER (numbers, spellings, punctuation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        from whisper.normalizers import EnglishTextNormalizer

        normalizer = EnglishTextNormalizer()
        gc.collect()

    def normalize(text: str) -> str:
        # Whisper's normaliser deletes text inside parentheses; references sometimes hold a whole clause
        # in them, so keep the words and drop only the brackets.
        return str(normalizer(text.replace("(", " ").replace(")", " ")))

    return normalize
