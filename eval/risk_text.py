"""Risk statements in note text, read the evaluation's own way: mentions of risk and denials of it.

A denial sentence is FALSE when nobody asked about risk in the session (``expected.risk.asked`` is
false), or when it denies a kind of risk the client disclosed (passive or active SI -> any denial of
suicidal thoughts; active SI -> also of plan or intent; self-harm -> of self-harm; harm to others -> of
thoughts of harming someone). Lexical, from the clinical terms for each kind.
"""

from __future__ import annotations

import re
from typing import Any

_KIND = r"(?:plans?|attempts?|intent\w*|prepar\w*)"
TOPICS: dict[str, re.Pattern[str]] = {
    "suicidal ideation": re.compile(
        # "suicide plan" and "suicide attempt" are the plan and attempt topics, not ideation.
        r"suicid\w*+(?! " + _KIND + r"\b)|\bSI\b|\b(?:kill|killing) (?:him|her|your|my|them)sel(?:f|ves)\b|"
        r"end (?:his|her|their|my) (?:own )?life|"
        r"\bwish(?:es|ed)? (?:to|they were|she was|he was) (?:die|dead)|better off dead|overdos|"
        r"\bthoughts? of (?:death|dying)\b|wish(?:es|ed)? to be dead|not (?:to )?wake up",
        re.I,
    ),
    "self-harm": re.compile(
        r"self[- ]?harm|self[- ]?injur|non-?suicidal|\bNSSI\b|\bcutting\b|\bhurt(?:ing)? "
        r"(?:him|her|your|my|them)sel(?:f|ves)\b",
        re.I,
    ),
    "harm to others": re.compile(
        r"homicid|harm(?:ing)? (?:to )?others|\bhurt(?:ing)? (?:someone|anyone|others|another)|violen|"
        r"harm(?:ing)? (?:someone|anyone|another)",
        re.I,
    ),
    "plan or intent": re.compile(r"(?<!safety )\bplans?\b|\bintent\w*|\bprepar\w*", re.I),
    "attempt": re.compile(r"\battempt\w*", re.I),
}
# Words that name risk only next to another risk topic ("plan" alone is the note's Plan section).
_WEAK = {"plan or intent", "attempt"}
_SUICIDE_KIND = re.compile(r"suicid\w* " + _KIND + r"\b", re.I)
_DENIAL = re.compile(
    r"\bden(?:y|ied|ies|ying)\b|\bnegative for\b|"
    r"\bno (?:current |active |passive )?(?:SI|suicid|self|thought|intent|plan|risk|homicid)|"
    r"\b(?:did|does) not (?:endorse|report)|\bwithout (?:SI|suicid|self)|"
    r"\bnot (?:suicidal|at risk)\b",
    re.I,
)
_ASSESSED = re.compile(r"\b(?:assess|screen|ask|evaluat|inquir|explor)\w* (?:for|about|whether)\b", re.I)
_VOICED = re.compile(r"\b(?:report|endors|disclos|describ|acknowledg|admit|voic|express|stat|shar)\w*", re.I)
CONTRADICTED: dict[str, set[str]] = {
    "passive SI": {"suicidal ideation"},
    "active SI": {"suicidal ideation", "plan or intent"},
    "self-harm": {"self-harm"},
    "harm to others": {"harm to others"},
}


def all_topics(text: str) -> set[str]:
    """Every risk topic word in ``text``, weak ones ("plan", "attempt") included."""
    return {name for name, pattern in TOPICS.items() if pattern.search(text)}


def topics(text: str) -> set[str]:
    """The risk topics a sentence speaks of ("plan" or "attempt" only next to another topic or as
    "suicide plan", "suicide attempt")."""
    found = all_topics(text)
    return found if found - _WEAK or _SUICIDE_KIND.search(text) else set()


def mentions_risk(text: str) -> bool:
    """Does the sentence speak of suicidal ideation, self-harm or harm to others?"""
    return bool(topics(text))


_CLAUSE_END = re.compile(r"[;.]|\b(?:but|while|although|though|however|yet)\b", re.I)


def denied_topics(text: str) -> set[str]:
    """The risk topics a sentence denies: those named after a denial word, within its clause."""
    if not mentions_risk(text):
        return set()
    out: set[str] = set()
    for cue in _DENIAL.finditer(text):
        rest = text[cue.start() :]
        end = _CLAUSE_END.search(rest, 1)
        span = rest[: end.start()] if end else rest
        named = all_topics(span)
        # "denied both", "denied any": the denial points back at the topics the sentence named.
        out |= named or topics(text)
    return out


def present_topics(text: str) -> set[str]:
    """The risk topics a sentence says are present: named, not denied, and not only assessed ("Assessed
    for suicidal ideation" claims nothing unless it also reports what the client voiced)."""
    if _ASSESSED.search(text) and not _VOICED.search(text):
        return set()
    return topics(text) - denied_topics(text)


def is_denial(text: str) -> bool:
    """A sentence that says risk was denied or absent."""
    return bool(denied_topics(text))


def false_denial(text: str, risk: dict[str, Any]) -> str | None:
    """Why a denial sentence is false for the session's expected ``risk``, or None."""
    denied = denied_topics(text)
    if not denied:
        return None
    if not risk["asked"]:
        return "nobody asked about risk in the session"
    clash = denied & CONTRADICTED.get(risk["kind"], set()) if risk["present"] else set()
    if clash:
        return f"denies {', '.join(sorted(clash))} while the client disclosed {risk['kind']}"
    return None
