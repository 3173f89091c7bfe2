"""Word-level helpers of the evaluation: numbers written as digits or words, and content words.

Kept apart from ``service/text`` on purpose: a scorer that parsed numbers with the service's own parser
would share its blind spots and could not catch them.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+", re.I)

# English function words and the note's own boilerplate subject; they carry no claim.
_STOP_TEXT = """a an the and or but if then than so to of in on at by for with from into onto about as is
    are was were be been being am do does did done have has had having it its this that these those
    there here he she
    they them their his her him we our us you your i me my mine not no nor yes very just also only both
    each any all some such same other own too can could will would shall should may might must up down out
    over under again further once more most less least what which who whom whose when where why how
    client client's clients session today"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def numbers_in(text: str) -> list[float]:
    """Every number in ``text``, in order: digits ("12", "3.5") and number words ("twenty-one")."""
    out: list[float] = []
    pending: int | None = None
    for token in _TOKEN.findall(text.replace("-", " ")):
        low = token.lower()
        if token[0].isdigit():
            if pending is not None:
                out.append(float(pending))
                pending = None
            out.append(float(token.replace(",", "")) if "." not in token else float(token))
        elif low in _TENS:
            if pending is not None:
                out.append(float(pending))
            pending = _TENS[low]
        elif low in _UNITS:
            if pending is not None and pending >= 20 and pending % 10 == 0 and _UNITS[low] < 10:
                out.append(float(pending + _UNITS[low]))
                pending = None
                continue
            if pending is not None:
                out.append(float(pending))
            pending = _UNITS[low] if low != "oh" else None
            if low == "oh":
                continue
        elif low == "hundred" and pending is not None:
            pending *= 100
        else:
            if pending is not None:
                out.append(float(pending))
                pending = None
    if pending is not None:
        out.append(float(pending))
    return out


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters, digits, inner apostrophes and hyphens)."""
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", text.lower())


def stem(word: str) -> str:
    """A light suffix strip so "worries", "worried" and "worrying" meet; not a linguistic stemmer."""
    for suffix in ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words of ``text`` that are not function words."""
    return {stem(w) for w in tokens(text) if w not in STOP_WORDS and not w.isdigit()}


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|vs|Dr|Mr|Mrs|Ms|approx|min|etc|St|No)\.$", re.I)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (a full stop after a common abbreviation does not end one)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start : m.start()].strip()
        if _ABBREVIATIONS.search(piece):
            continue
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
