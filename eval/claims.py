"""Does a note make a claim that ``expected.json`` says it must not make?

``must_not_claim`` entries are sentences in plain English, so they are checked by category, each
category with a rule that errs towards flagging:

- a denial of risk ("Client denied suicidal ideation") -> a note sentence denying that kind of risk
  (eval/risk_text.py: suicidal ideation, self-harm, harm to others, plan or intent, attempt);
- risk present ("Client reported suicidal ideation") -> a sentence saying that kind is present (not
  denied, and not only "Assessed for ..."); a claim of a specific kind of risk without ideation (a
  plan, intent, an attempt, an injury needing care) -> a sentence saying that kind is present;
- safety plan reviewed -> a sentence about reviewing a safety plan; created -> about writing one;
- an instrument administered / scored ("A PSWQ was administered", "any AUDIT score") -> a sentence with
  that instrument and a number;
- wrong scores ("Today's GAD-7 score was 14 or 16", "SUDS ratings of 50, 20 ... belong to the client")
  -> a sentence with the instrument and one of those numbers;
- a proposed technique described as done ("Worry exposure was conducted") -> an Intervention sentence
  naming it;
- anything else -> a sentence containing at least 70% of the claim's content words (parenthetical
  explanations removed) and, when the claim names a quantity, that quantity. This last check is
  lexical and can miss paraphrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eval.instruments import scores_in
from eval.risk_text import all_topics, denied_topics, is_denial, present_topics
from eval.words import STOP_WORDS
from service.domain.note import BirpNote

_DENY = re.compile(r"\bden(?:y|ied|ies)\b", re.I)
_SI = re.compile(r"suicid|\bSI\b|self-harm|end (?:his|her|their) life|wish to die", re.I)
_INSTRUMENT = re.compile(
    r"\b(GAD-7|PHQ-9|PHQ-A|PSWQ|PCL-5|PDSS|SPIN|Y-BOCS|CY-BOCS|EPDS|AUDIT|PACS|SUDS|FAS)\b"
)
_INJURY = re.compile(r"\bstitch\w*|\bmedical (?:care|attention)", re.I)
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


def _risk_claim(claim: str, sentences: Sequence[tuple[str, str, str]]) -> str | None:
    """A claim about risk: a denial is made by a sentence denying the same kind of risk; a disclosure by a
    sentence saying that kind is present (not denied, not only assessed). A claim of a specific kind
    without ideation (a plan, intent, an attempt, an injury needing care) is made only by a sentence
    naming that kind."""
    named = all_topics(claim) | ({"injury"} if _INJURY.search(claim) else set())
    if _DENY.search(claim):
        wanted = named - {"plan or intent", "attempt", "injury"} or named
        return next((ref for ref, _, t in sentences if denied_topics(t) & wanted), None)
    specific = named & {"plan or intent", "attempt", "injury"}
    ideation = re.search(r"ideation|thought|death|\bdie\b|dead", claim, re.I)
    wanted = named if ideation or not specific else specific
    for ref, _, t in sentences:
        present = present_topics(t) | ({"injury"} if _INJURY.search(t) and not is_denial(t) else set())
        if present & wanted:
            return ref
    return None


def _check(claim: str, sentences: Sequence[tuple[str, str, str]]) -> str | None:
    lowered = claim.lower()
    instrument = _INSTRUMENT.search(claim)
    if "safety plan" in lowered:
        # Reviewing a plan and writing a new one are different claims.
        verb = re.compile(
            r"\breview" if "review" in lowered else r"\b(?:creat|develop|writ|complet)|safety plan", re.I
        )
        return next((ref for ref, _, t in sentences if "safety plan" in t.lower() and verb.search(t)), None)
    if "risk assessment" in lowered:
        return next(
            (ref for ref, _, t in sentences if re.search(r"\bassess", t, re.I) and _SI.search(t)), None
        )
    if _SI.search(claim):
        return _risk_claim(claim, sentences)
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
    quantities = set(scores_in(claim))
    for ref, _, t in sentences:
        if quantities and not quantities & set(scores_in(t)):
            continue  # a claim that names a quantity is made only by a sentence with that quantity
        if wanted and len(wanted & _content(t)) / len(wanted) >= 0.7:
            return ref
    return None
