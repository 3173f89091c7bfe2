"""Small rewrites that turn transcript wording into note wording (used by the template sentences).

Homework is extracted as the therapist's own words ("for homework, please keep a sleep diary"); a
note states it in the third person without the conversational lead-in.
"""

from __future__ import annotations

import re

_LEAD_INS = re.compile(
    r"^(?:(?:so|and|okay|ok|alright|all right|now|then|also|um|uh|well|to sum up|to recap|for homework|"
    r"(?:for |over )?(?:this|the next|the coming) week|this time|between now and next (?:time|week)|"
    r"i'd like you to|i would like you to|i want you to|i'm going to (?:ask|have) you to|i'll ask you to|"
    r"your homework (?:is|will be)(?: to)?|the homework (?:is|will be)(?: to)?|can you|could you|"
    r"let's have you|you're going to|you'll|try to|see if you can)\s*[,:;]?\s*)+",
    re.IGNORECASE,
)
_PRONOUNS = (
    (r"\byou're\b", "they're"),
    (r"\byou've\b", "they've"),
    (r"\byou'll\b", "they'll"),
    (r"\byou'd\b", "they'd"),
    (r"\byourself\b", "themselves"),
    (r"\byours\b", "theirs"),
    (r"\byour\b", "their"),
    (r"\byou\b", "they"),
    (r"\bi'd\b", "therapist would"),
    (r"\bi'll\b", "therapist will"),
    (r"\bme\b", "therapist"),
)


def restore_placeholders(text: str) -> str:
    """Upper-case placeholders that a lower-cased source turned into ``[date_1]``."""
    return re.sub(r"\[([a-z][a-z0-9_]*)\]", lambda m: f"[{m.group(1).upper()}]", text)


def third_person(text: str) -> str:
    """Second-person task wording as a third-person note phrase (``your log`` -> ``their log``)."""
    out = text
    for pattern, repl in _PRONOUNS:
        out = re.sub(pattern, repl, out, flags=re.IGNORECASE)
    return out


def task_phrase(text: str) -> str:
    """A homework item without conversational lead-ins, in the third person, no final period."""
    stripped = _LEAD_INS.sub("", text.strip()).strip(" ,.;:")
    return restore_placeholders(third_person(stripped or text.strip(" .")).rstrip("."))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def distinct_items(items: list[str], overlap: float = 0.7) -> list[int]:
    """Indices of items not mostly contained in a longer item (a recap repeats what came before)."""
    keep = []
    for i, item in enumerate(items):
        mine = _words(item)
        covered = any(
            j != i and len(other) > len(item) and mine and len(mine & _words(other)) / len(mine) >= overlap
            for j, other in enumerate(items)
        )
        if not covered:
            keep.append(i)
    return keep
