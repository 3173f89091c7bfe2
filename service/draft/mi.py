"""Motivational-interviewing sentences: what the therapist did (OARS, information with permission) and
how the client responded (change talk versus sustain talk), from Miller and Rollnick's definitions.

Written only when motivational interviewing was delivered (the extractor found it): a note then names
the skills the therapist used instead of "used motivational interviewing", and summarises the client's
talk about change by kind instead of quoting lines at random. A quote is kept only for a commitment or a
step already taken, the statements MI treats as the strongest sign of change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.facts import ClinicalFacts, InterventionFact, MiSkillFact, ResponseFact
from service.domain.plan import TreatmentPlan
from service.draft.sentences import Planned, cite, join_words
from service.extract.text import Session

MI = "Motivational interviewing"
_OARS: tuple[tuple[str, str, str], ...] = (
    ("open question", "an open question", "open questions"),
    ("reflection", "a reflection", "reflections"),
    ("summary", "a summary", "summaries"),
    ("affirmation", "an affirmation", "affirmations"),
)
_PER_SKILL = 2  # lines cited per skill: enough to find each one, the note stays readable
_PERMISSION_REACH = 3  # information offered within this many turns of asking counts as asked first
# DARN-CAT kinds in the note's words, "... to change".
_KIND_WORDS = {
    "desire": "desire",
    "ability": "ability",
    "reasons": "reasons",
    "need": "need",
    "commitment": "commitment",
    "activation": "readiness",
    "taking steps": "steps already taken",
}
_QUOTE_WORDS = (4, 30)
# Leading fillers and forms of address say nothing ("Yeah, well, doc, ..."); the rest stays verbatim.
_FILLERS = re.compile(r"^(?:(?:yeah|yes|well|um|uh|so|okay|oh|doc|and|but)\b[,.]?\s*)+", re.IGNORECASE)
_REFUSAL = re.compile(r"^(no|nope|not really|not now|i'd rather not|i don't)\b")
_STEM = 5  # "smoking" and "smoke", "gambling" and "gamble" share their first letters
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "my", "me"})
# Goal words that name the change, not its subject ("reduce", "increase", "improve" ...).
_NOT_SUBJECT = frozenset(
    {
        "reduc",
        "incre",
        "impro",
        "decre",
        "manag",
        "becom",
        "maint",
        "compl",
        "follo",
        "takin",
        "chang",
        "bette",
        "lower",
        "stopp",
        "quitt",
        "cessa",
        "consu",
        "using",
        "times",
        "weeks",
        "per w",
        "least",
        "clien",
        "will",
        "other",
        "daily",
        "engag",
        "avoid",
        "provi",
        "being",
        "about",
        "more",
    }
)


def delivered(facts: ClinicalFacts) -> InterventionFact | None:
    """The motivational-interviewing fact, when the extractor found MI delivered."""
    return next((f for f in facts.interventions if f.name == MI), None)


def concern(session: Session, plan: TreatmentPlan | None) -> Planned | None:
    """Behavior: the client's first own account of the behaviour the plan's goals are about, quoted (a
    first-person sentence naming a goal's subject). Nothing when the client never says it in so many words."""
    if plan is None:
        return None
    stems = {w[:_STEM] for g in plan.goals for w in re.findall(r"[a-z]{4,}", g.text.lower())} - _NOT_SUBJECT
    for turn in session.turns:
        if not session.is_focus(turn):
            continue
        for said in re.split(r"(?<=[.?!])\s+", turn.text):
            words = re.findall(r"[a-z']+", said.lower())
            if not _QUOTE_WORDS[0] + 2 <= len(words) <= _QUOTE_WORDS[1] or not _FIRST_PERSON & set(words):
                continue
            if said.rstrip().endswith("?"):
                continue  # a question to the therapist is not the client's account
            if any(w[:_STEM] in stems for w in words if len(w) >= 4):
                return Planned(
                    "behavior:concern",
                    "behavior",
                    "presentation",
                    f'Client reported: "{_FILLERS.sub("", said.strip())}"',
                    (turn.index,),
                )
    return None


def _lines(skills: Sequence[MiSkillFact], name: str) -> tuple[int, ...]:
    return next((s.evidence for s in skills if s.skill == name), ())


def skills_sentence(fact: InterventionFact, facts: ClinicalFacts, goal_clause: str = "") -> Planned | None:
    """ "Used motivational interviewing: open questions, reflections and a summary, to evoke the client's
    own reasons for change." Each named skill cites its first lines; the purpose is written only when
    the client voiced change talk."""
    named: list[str] = []
    # The fact's own first lines anchor the sentence where MI was found; then each skill's first lines.
    evidence: list[int] = list(fact.evidence[:_PER_SKILL])
    for skill, one, many in _OARS:
        lines = _lines(facts.mi_skills, skill)
        if lines:
            named.append(one if len(lines) == 1 else many)
            evidence += lines[:_PER_SKILL]
    if not any(_lines(facts.mi_skills, s) for s in ("open question", "reflection")):
        return None
    change = [f for f in facts.response if f.kind == "change talk"]
    purpose = ", to evoke the client's own reasons for change" if change else ""
    return Planned(
        "intervention:mi",
        "intervention",
        "intervention",
        f"Used motivational interviewing: {join_words(named)}{purpose}{goal_clause}.",
        cite(evidence, limit=(len(_OARS) + 1) * _PER_SKILL),
        interventions=(fact.name,),
    )


def information_sentence(session: Session, facts: ClinicalFacts) -> Planned | None:
    """MI's elicit-provide-elicit: the therapist asked permission and, once the client agreed, offered
    information (cites the question, the client's answer and what the therapist said next). Nothing is
    written about information offered without asking: any statement of the therapist's can be that."""
    for p in _lines(facts.mi_skills, "asked permission"):
        reply = session.next_reply(p)
        if reply is None or not session.is_focus(reply) or _REFUSAL.search(reply.norm):
            continue
        offered = next((t for t in session.turns[reply.index + 1 :] if session.is_therapist(t)), None)
        if offered is None or offered.index - p > _PERMISSION_REACH:
            continue
        return Planned(
            "intervention:mi-information",
            "intervention",
            "intervention",
            "Asked permission before offering information, and offered it once the client agreed.",
            (p, reply.index, offered.index),
        )
    return None


def _first_per_kind(talk: Sequence[ResponseFact]) -> tuple[list[str], list[int]]:
    kinds: list[str] = []
    lines: list[int] = []
    for f in talk:
        if f.label in _KIND_WORDS and f.label not in kinds:
            kinds.append(f.label)
            lines.append(f.evidence[0])
    return kinds, lines


def talk_sentences(facts: ClinicalFacts) -> list[Planned]:
    """Change talk by kind, sustain talk, and one quote of a commitment or a step already taken."""
    change = [f for f in facts.response if f.kind == "change talk"]
    sustain = [f for f in facts.response if f.kind == "sustain talk"]
    # A commitment is the strongest change talk; a step already taken comes next.
    quotable = [f for f in change if _QUOTE_WORDS[0] <= len(f.text.split()) <= _QUOTE_WORDS[1]]
    strongest = next((f for f in quotable if f.label == "commitment"), None) or next(
        (f for f in quotable if f.label == "taking steps"), None
    )
    out: list[Planned] = []
    # When the quoted statement is all the change talk there was, the summary would only repeat it.
    if change and not (strongest is not None and {f.evidence[0] for f in change} == set(strongest.evidence)):
        kinds, lines = _first_per_kind(change)
        more = [f.evidence[0] for f in change if f.evidence[0] not in lines]
        words = join_words([_KIND_WORDS[k] for k in kinds])
        out.append(
            Planned(
                "response:change-talk",
                "response",
                "response",
                f"Client voiced change talk ({words} to change).",
                cite([*lines, *more]),
            )
        )
    if sustain:
        also = "also " if change else ""
        out.append(
            Planned(
                "response:sustain-talk",
                "response",
                "response",
                f"Client {also}voiced sustain talk (statements in favour of not changing).",
                cite(f.evidence[0] for f in sustain),
            )
        )
    if strongest is not None:
        lead = (
            "stated a commitment to change"
            if strongest.label == "commitment"
            else "reported a step already taken"
        )
        out.append(
            Planned(
                "response:commitment",
                "response",
                "response",
                f'Client {lead}: "{strongest.text.strip()}"',
                strongest.evidence,
            )
        )
    return out
