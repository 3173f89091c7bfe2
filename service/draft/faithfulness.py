"""Is a model's rephrasing of a template sentence faithful to it?

A small model asked to rephrase facts invents details, reverses scores and pastes chat filler (see
MODELS.md). A rephrased sentence is accepted only if: every number is one of the template's numbers, in
the same order (catches "improved from 14 to 17"); every placeholder and quoted phrase exists in the
template or its excerpt; no intervention is named that the fact does not name; risk language and denials
appear only where the fact is about risk; the direction words agree with the numbers; most of the
template's key words survive (a rewording must not drop a homework item); and the text looks like a
clinical sentence (length, no chat talk, no loops, an instruction that opens with what to do, and only
where the template gave one; the template's parenthesised detail kept). Quoted client words are exempt
from the wording checks but must appear in the excerpt. Every content word must come from the fact, its
transcript lines or a short list of documentation words: a rephrasing may reorder and condense, never
add.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.draft.sentences import TASK_VERB
from service.draft.template import PlannedSentence
from service.text.numbers import find_numbers
from service.text.stopwords import FUNCTION_WORDS, SESSION_WORDS
from service.text.tokens import content_stems

# Digits that are part of a name, not a quantity (GAD-7, PHQ-9, PCL-5, goal G1, objective G1.O2,
# placeholder [DATE_1]).
_NAME_WITH_DIGITS = re.compile(r"\b(?:[A-Z]{2,}(?:-[A-Z])?-\d+|G\d+(?:\.O\d+)?|I\d+)|\[[A-Z_]+\d*\]", re.I)
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\d*\]")
_QUOTE = re.compile(r'"([^"]{3,})"|(?<!\w)\'([^\']{3,}?)\'(?!\w)')
_STOP = FUNCTION_WORDS | SESSION_WORDS
_MIN_COVERAGE = 0.6
# Documentation words a note may use without finding them in the transcript.
_NOTE_WORDS = frozenset(
    content_stems(
        "client therapist parent reported report described describe stated feeling feel felt session "
        "homework assigned assignment complete completed completing partially partial previous last week "
        "weekly daily each every time times day days plan planned practice practiced agreed continue "
        "task tasks check-in also including instructed encouraged"
    )
)
_RISK = re.compile(
    r"suicid|self-harm|self harm|harm (?:him|her|them)self|\bkill|overdose|safety plan|\bSI\b|"
    r"\bHI\b|homicid|hurt (?:him|her|them)sel|end (?:my|his|her|their) life",
    re.I,
)
_DENIAL = re.compile(r"\bden(?:y|ied|ies)\b|\bnegative for\b|\bno (?:current )?(?:suicidal|thoughts)", re.I)
_CHAT = re.compile(r"\b(?:I'm|I am|I'll|you|your|sorry|as an ai|let me|here is|here's)\b", re.I)
_DOWN = re.compile(r"\b(?:decreas\w*|reduc\w*|lower\w*|dropp\w*|fell|improv\w*|declin\w*)\b", re.I)
# The template writes homework as "Client to <what to do>"; a rewording must keep that shape.
_INSTRUCTION = re.compile(r"^client to\s+(.+)$", re.I)
# A parenthesis in the template names what the sentence is about ("(thought record)"): it must stay.
_PARENTHESIS = re.compile(r"\(([^()]{2,60})\)")
_UP = re.compile(r"\b(?:increas\w*|rose|risen|higher|worsen\w*|elevat\w*)\b", re.I)


def numbers_in(text: str) -> list[float]:
    """Quantities in ``text`` in order (digits or number words), ignoring digits inside names.

    Every "one" counts, pronoun or not: a rewording must not turn "one exposure" into "two".
    """
    return [n.value for n in find_numbers(_NAME_WITH_DIGITS.sub(" ", text), every_one=True)]


def _is_subsequence(needle: list[float], haystack: list[float]) -> bool:
    it = iter(haystack)
    return all(any(x == y for y in it) for x in needle)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\[\]' ]+", " ", text.lower())).strip()


def problems(
    candidate: str, planned: PlannedSentence, excerpt: str, known_interventions: Iterable[str]
) -> list[str]:
    """Reasons ``candidate`` may not replace ``planned.text`` (empty when it is acceptable)."""
    found: list[str] = []
    text = candidate.strip()
    quotes = [q for pair in _QUOTE.findall(text) for q in pair if q]
    # The client's own words may say "you" or "kill"; judge only the note's wording.
    own_words = _QUOTE.sub(" ", text)
    if not 10 <= len(text) <= 400:
        found.append("length outside 10-400 characters")
    if _CHAT.search(own_words):
        found.append("conversational, not clinical, wording")
    instruction = _INSTRUCTION.match(text)
    if instruction and not TASK_VERB.search(instruction.group(1).lower()):
        found.append("an instruction ('Client to ...') that does not open with what to do")
    if instruction and not _INSTRUCTION.match(planned.text):
        found.append("turns a task only discussed into one the client agreed to")
    for detail in _PARENTHESIS.findall(planned.text):
        if not set(_norm(detail).split()) <= set(_norm(text).split()):
            found.append(f"drops what the sentence is about ({detail})")
    words = _norm(text).split()
    if words and len(set(words)) < len(words) / 2.5:
        found.append("repetitive text")
    allowed = numbers_in(planned.text)
    got = numbers_in(text)
    if not _is_subsequence(got, allowed):
        found.append(f"numbers {got} are not the fact's numbers {allowed} in order")
    if len(got) >= 2 and got[0] != got[-1]:
        falling = got[-1] < got[0]
        if (_DOWN.search(text) and not falling) or (_UP.search(text) and falling):
            found.append("direction word contradicts the numbers")
    source = _norm(planned.text + " " + excerpt)
    for placeholder in _PLACEHOLDER.findall(text):
        if placeholder.lower() not in source:
            found.append(f"placeholder {placeholder} not in the fact")
    for quote in quotes:
        if _norm(quote) not in source:
            found.append("quotation not found in the transcript excerpt")
    if _RISK.search(own_words) and not planned.risk:
        found.append("risk language in a sentence that is not about risk")
    if _DENIAL.search(own_words) and not planned.denial:
        found.append("states a denial the fact does not contain")
    wanted = {w for w in _norm(planned.text).split() if w not in _STOP and not w.startswith("[")}
    kept = wanted & set(_norm(text).split())
    if wanted and len(kept) / len(wanted) < _MIN_COVERAGE:
        found.append(f"drops content of the fact ({len(kept)} of {len(wanted)} key words kept)")
    grounded = set(content_stems(planned.text + " " + excerpt)) | _NOTE_WORDS
    added = [w for w in dict.fromkeys(content_stems(own_words)) if w not in grounded]
    if added:
        found.append(f"adds words the fact and its lines do not hold ({', '.join(added[:4])})")
    lowered = own_words.lower()
    for name in known_interventions:
        key = name.lower().split(" (")[0]
        if key and key in lowered and not any(key in n.lower() for n in planned.interventions):
            found.append(f"names intervention '{name}' that this fact is not about")
    return found
