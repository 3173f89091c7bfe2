"""What a word that is not a name usually is: common English (by frequency) or the clinic's own vocabulary.

- Common English: the ``top`` most frequent English words of ``wordfreq`` (Robyn Speer; code Apache-2.0,
  word lists CC BY-SA 4.0, built from subtitles, books, web text, Wikipedia, Reddit and more). Frequency
  is a better test of "an ordinary word" than a dictionary for transcripts: it knows spoken forms,
  brands and slang, and a rare proper noun (an unusual given name, a small town, a local employer)
  stays outside the top list. Frequent names ("sarah", "dallas") are inside it; the name lists and the
  grammar recognisers handle those.
- Clinical vocabulary: every word of ``prompts/vocabulary/*.yaml`` (instrument names and titles,
  intervention names, therapy words) and the medication names of ``prompts/phi/recognizers.yaml``, so
  that "the Beck inventory" or "Lexapro" is never taken for an unknown name, and words a clinic adds to
  its vocabulary survive scrubbing without a change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from service.resources import PROMPTS_DIR

VOCABULARY_DIR = PROMPTS_DIR / "vocabulary"
_LETTERS = re.compile(r"[a-z]{3,}")


def load_common_english(top: int) -> frozenset[str]:
    """The ``top`` most frequent English words of wordfreq's best list, lower-cased."""
    from wordfreq import top_n_list

    return frozenset(w.lower() for w in top_n_list("en", top))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _strings(item)


def vocabulary_words(texts: Iterable[str]) -> frozenset[str]:
    """Runs of three or more letters in ``texts`` (regular expressions included: their literal words)."""
    return frozenset(w for text in texts for w in _LETTERS.findall(text.lower()))


def load_clinical_words(directory: Path = VOCABULARY_DIR) -> frozenset[str]:
    """Every word of the clinical vocabulary files in ``directory`` (unreadable files are skipped)."""
    texts: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            texts.extend(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (OSError, yaml.YAMLError):
            continue  # the extractor reports a broken vocabulary file; scrubbing must not stop for it
    return vocabulary_words(texts)
