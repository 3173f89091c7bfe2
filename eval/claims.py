"""Does a note make a claim that ``expected.json`` says it must not make?

``must_not_claim`` entries are sentences in plain English, so they are checked by category, each
category with a rule that errs towards flagging:

- denial of suicidal ideation ("Client denied suicidal ideation") -> a note sentence with a denial word
  and a suicide/SI word;
- risk present ("Client reported suicidal ideation") -> a sentence with a risk word that is not a
  denial; a claim of a specific kind of risk without ideation (a plan, intent, preparation, an attempt,
  an injury needing care) -> such a sentence that also names that kind;
- safety plan reviewed or created -> a sentence naming a safety plan;
- an instrument administered / scored ("A PSWQ was administered", "any AUDIT score") -> a sentence with
  that instrument and a number;
- wrong scores ("Today's GAD-7 score was 14 or 16", "SUDS ratings of 50, 20 ... belong to the client")
  -> a sentence with the instrument and one of those numbers;
- a proposed technique described as done ("Worry exposure was conducted") -> an Intervention sentence
  naming it;
- anything else -> a sentence containing at least 70% of the claim's content words (parenthetical
  explanations removed). This last check is lexical and can miss paraphrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eval.instruments import scores_in
from eval.words import STOP_WORDS
from service.domain.note import BirpNote

_DENY = re.compile(r"\bden(?:y|ied|ies)\b", re.I)
_SI = re.compile(r"suicid|\bSI\b|self-harm|end (?:his|her|their) life|wish to die", re.I)
_INSTRUMENT = re.compile(
    r"\b(GAD-7|PHQ-9|PHQ-A|PSWQ|PCL-5|PDSS|SPIN|Y-BOCS|CY-BOCS|EPDS|AUDIT|PACS|SUDS|FAS)\b"
)
_SPECIFIC = re.compile(r"\b(?:plan|intent|prepar\w*|attempt\w*|stitch\w*|medical care)\b", re.I)
_DONE = re.compile(r"\b(was|were) (conducted|practiced|started|provided|completed)\b", re.I)
_STOP = STOP_WORDS


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9'-]+", text.lower()) if w not in _STOP}


def claim_violations(note: BirpNote, claims: list[str]) -> list[str]:
    """The claims the note makes, each with the reference of the sentence that makes it."""
    sentences = [(f"{section}/{i}", section, s.text) for section, i, s in note.sentences()]
    found = []
    for claim in claims:
        core = re.sub(r"\([^)]*\)", "", claim)
        hit = _check(core, sentences)
        if hit:
            found.append(f"{hit}: {claim}")
    return found


def _check(claim: str, sentences: Sequence[tuple[str, str, str]]) -> str | None:
    lowered = claim.lower()
    instrument = _INSTRUMENT.search(claim)
    if _DENY.search(claim) and _SI.search(claim) and "plan" not in lowered:
        return next((ref for ref, _, t in sentences if _DENY.search(t) and _SI.search(t)), None)
    if "safety plan" in lowered:
        return next((ref for ref, _, t in sentences if "safety plan" in t.lower()), None)
    if "risk assessment" in lowered:
        return next(
            (ref for ref, _, t in sentences if re.search(r"\bassess", t, re.I) and _SI.search(t)), None
        )
    if _SI.search(claim):
        # A claim of a specific kind of risk (a plan, intent, preparation, an attempt, an injury needing
        # care) is made only by a sentence naming that kind; ideation or thoughts by any risk sentence.
        specific = {m.lower()[:6] for m in _SPECIFIC.findall(claim)}
        for ref, _, t in sentences:
            if not _SI.search(t) or _DENY.search(t):
                continue
            named = {m.lower()[:6] for m in _SPECIFIC.findall(t)}
            if re.search(r"ideation|thought", claim, re.I) or not specific or specific & named:
                return ref
        return None
    if instrument is not None:
        name = instrument.group(1)
        numbers = scores_in(claim)
        for ref, _, t in sentences:
            if name.lower() not in t.lower() or "outside this session" in t.lower():
                continue  # a score from another provider, stated as such, is not this session's score
            got = scores_in(t)
            if numbers and any(n in got for n in numbers):
                return ref
            if not numbers and (got or "administered" in t.lower()):
                return ref
        return None
    done = _DONE.search(claim)
    if done:
        subject = _content(claim[: done.start()])
        where = _content(claim[done.end() :]) - {"session", "this", "today"}
        for ref, section, t in sentences:
            words = _content(t)
            if section == "intervention" and subject and subject <= words and (not where or where & words):
                return ref
        return None
    wanted = _content(claim)
    for ref, _, t in sentences:
        if wanted and len(wanted & _content(t)) / len(wanted) >= 0.7:
            return ref
    return None
