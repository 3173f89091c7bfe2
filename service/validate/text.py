"""Small text helpers shared by support verification and the rules: tokens, stems, numbers.

No PHI handling happens here; these functions only compare strings the caller already holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just like me
    more most my myself no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself um uh yeah okay ok oh mm hmm kind sort really actually maybe thing
    things get got going go gonna know think said says say client clients therapist session today week
    this that's it's i'm don't didn't
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SPOKEN_DIGIT = {"oh": 0, "o": 0}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_NUMBER_WORDS = set(UNITS) | set(TENS) | {"hundred", "thousand"}
_NUM_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+", re.IGNORECASE)


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


def _parse_run(tokens: list[str]) -> list[float]:
    """Values of one run of number words: the compound value, and for digit-by-digit runs the digits too.

    "a hundred and fifty" -> [150]; "twenty five" -> [25]; "nine eight eight" -> [9, 8, 8, 988].
    """
    values: list[float] = []
    # Compound reading: sum of groups split at words that cannot continue a compound.
    current = 0
    seen = False
    pieces: list[int] = []
    last_kind = ""
    for tok in tokens:
        if tok in ("and", "a"):
            continue
        if tok == "hundred":
            current = max(current, 1) * 100
            last_kind = "hundred"
        elif tok == "thousand":
            current = max(current, 1) * 1000
            last_kind = "thousand"
        elif tok in TENS:
            if seen and last_kind in ("unit", "tens"):
                pieces.append(current)
                current = 0
            current += TENS[tok]
            last_kind = "tens"
        else:
            value = UNITS.get(tok, _SPOKEN_DIGIT.get(tok, 0))
            if seen and (last_kind == "unit" or (last_kind == "tens" and value >= 10)):
                pieces.append(current)
                current = 0
            current += value
            last_kind = "unit"
        seen = True
    if seen:
        pieces.append(current)
    values.extend(float(p) for p in pieces)
    singles = [tok for tok in tokens if (tok in UNITS and UNITS[tok] < 10) or tok in _SPOKEN_DIGIT]
    if len(pieces) > 1 and len(singles) == len([t for t in tokens if t not in ("and", "a")]):
        values.append(float("".join(str(UNITS.get(t, 0)) for t in singles)))
    return values


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text``, as digits ("11", "4-count", "10/10") or spoken ("eleven").

    Spoken runs give their compound value ("a hundred and fifty" -> 150) and, when read digit by
    digit, the joined digits ("nine eight eight" -> 988).
    """
    out: set[float] = set()
    run: list[str] = []
    toks = _NUM_TOKEN.findall(text.lower().replace("-", " "))
    for tok in [*toks, ""]:
        if tok and tok[0].isdigit():
            if run:
                out.update(_parse_run(run))
                run = []
            out.add(float(tok))
            continue
        if tok in _TIMES:
            out.add(float(_TIMES[tok]))
        is_word = tok in _NUMBER_WORDS or (tok in _SPOKEN_DIGIT and bool(run))
        joiner = (tok in ("and", "a") and bool(run)) or (tok == "a" and not run)
        if is_word or joiner:
            run.append(tok)
            continue
        if run:
            while run and run[-1] in ("and", "a"):
                run.pop()
            if run:
                out.update(_parse_run(run))
            run = []
    return out


def quotes_in(text: str) -> list[str]:
    """Text inside double quotes (straight or curly) in ``text``."""
    return [m.group(1) or m.group(2) for m in re.finditer(r"\"([^\"]+)\"|“([^”]+)”", text)]


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
