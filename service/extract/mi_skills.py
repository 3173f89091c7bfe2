"""Therapist micro-skills coded per utterance: reflection, open/closed question, information, advice.

The codes follow the motivational-interviewing behaviour codes of AnnoMI (``therapist_behaviour`` with
its question and input subtypes), so their agreement with human coders can be measured. Rules, in
order: a backchannel is ``other``; an utterance opening like a reflection ("so you...", "it sounds
like...") is a reflection even with a rising "?", unless it opens with a question word; a question
(a "?" or a question opening) is open or closed by how it opens; advice and information are
statements matching ``micro_skills.yaml``; any other second-person statement is a reflection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from service.domain.facts import InterventionFact, MiSkill, MiSkillFact, ResponseFact
from service.domain.plan import TreatmentPlan
from service.extract.text import Session, Turn, normalize, split_sentences
from service.extract.vocabulary import MicroSkillVocabulary, any_match

Behaviour = Literal["reflection", "question", "therapist_input", "other"]
_QUESTION_WORD = re.compile(r"^(what|how|why|when|where|who|which|tell me)\b")
_OWN_VIEW = re.compile(
    r"\b(i (think|know|believe|bet|found|have heard|'ve heard|mean)|we (know|have|can|found|offer)|people|"
    r"there (is|are|'s)|it's (important|helpful|good|normal|common))\b"
)
_SECOND_PERSON = re.compile(
    r"^(you|your|you're|you've|you'd)\b|\byou (feel|felt|want|think|said|mentioned)\b"
)


@dataclass(frozen=True)
class SkillCode:
    """The code of one therapist utterance."""

    behaviour: Behaviour
    question: Literal["open", "closed"] | None = None
    input: Literal["information", "advice"] | None = None


def _strip_fillers(text: str, fillers: tuple[str, ...]) -> str:
    """Remove leading fillers ("okay, um, so you...") that say nothing about the act."""
    pattern = re.compile(
        r"^(?:(?:"
        + "|".join(re.escape(f) for f in sorted(fillers, key=len, reverse=True))
        + r")\b[\s,.!-]*)+"
    )
    return pattern.sub("", text).strip(" ,.-")


def code_utterance(text: str, vocab: MicroSkillVocabulary) -> SkillCode:
    """Code one therapist utterance."""
    compiled = vocab.compiled
    norm = normalize(text).replace("--", " ").replace("—", " ")
    sentences = [_strip_fillers(s, vocab.fillers) for s in split_sentences(norm)]
    sentences = [s for s in sentences if s]
    if not sentences:
        return SkillCode("other")
    words = sum(len(s.split()) for s in sentences)
    has_question = any(s.endswith("?") for s in sentences)
    if words < vocab.min_words and not has_question:
        return SkillCode("other")
    first = sentences[0]
    question = next((s for s in sentences if s.endswith("?")), None)
    if (
        any_match(compiled["reflection"], first)
        and not _QUESTION_WORD.match(first)
        and (question is None or question == first or not _QUESTION_WORD.match(question))
    ):
        return SkillCode("reflection")
    if question is not None:
        kind: Literal["open", "closed"] = "open" if any_match(compiled["open"], question) else "closed"
        return SkillCode("question", question=kind)
    statement = " ".join(sentences)
    if any_match(compiled["advice"], statement):
        return SkillCode("therapist_input", input="advice")
    if any_match(compiled["information"], statement):
        return SkillCode("therapist_input", input="information")
    if any(any_match(compiled["reflection"], s) or _SECOND_PERSON.search(s) for s in sentences):
        return SkillCode("reflection")
    # A longer statement is content, not a backchannel: the therapist's own knowledge is information,
    # anything else (most often the client's words given back) a reflection.
    if words >= vocab.long_statement_words and _OWN_VIEW.search(statement):
        return SkillCode("therapist_input", input="information")
    if words >= vocab.reflection_min_words:
        return SkillCode("reflection")
    return SkillCode("other")


# --------------------------------------------------------------------------- whole sessions


_YOU = re.compile(r"\byou(?:'re|'ve|'d)?\b")  # the client as the subject; "your hands" is an instruction


def _skill_of(code: SkillCode) -> MiSkill | None:
    if code.behaviour == "question":
        return "open question" if code.question == "open" else "closed question"
    if code.behaviour == "reflection":
        return "reflection"
    if code.input == "information":
        return "information"
    if code.input == "advice":
        return "advice"
    return None


def therapist_skills(session: Session, vocab: MicroSkillVocabulary) -> list[MiSkillFact]:
    """Each micro-skill the therapist used, with the lines it was used on (first use first).

    Besides the utterance code: a long reflection that gathers what the client said, or one announced as
    such ("let me see if I've got this"), is a summary; an affirmation recognises the client's effort or
    strength; asking permission precedes information in MI's elicit-provide-elicit.
    """
    compiled = vocab.compiled
    lines: dict[MiSkill, list[int]] = {}
    for turn in session.turns:
        if not session.is_therapist(turn):
            continue
        norm = _strip_fillers(turn.norm, vocab.fillers)
        skills: list[MiSkill] = []
        code = code_utterance(turn.text, vocab)
        skill = _skill_of(code)
        # A reflection gives the client's words back to them ("you ..."): a long instruction the coder
        # took for one ("rest your hands, breathe in ...") is not. A summary is one announced as such:
        # length alone does not make one (a long turn may set up an exercise or give instructions).
        if skill == "reflection" and not _YOU.search(norm):
            skill = None
        if any_match(compiled["summary"], norm):
            skill = "summary"
        if skill is not None:
            skills.append(skill)
        if any_match(compiled["affirmation"], norm):
            skills.append("affirmation")
        if any_match(compiled["permission"], norm):
            skills.append("asked permission")
        for s in skills:
            lines.setdefault(s, []).append(turn.index)
    return [MiSkillFact(skill=s, evidence=tuple(ev)) for s, ev in lines.items()]


def _sentences_as_said(turn: Turn) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", turn.text) if s.strip()]


# Before a change statement: a negation ("I don't think I'm ready to ...") turns it round; someone else's
# words ("you told me that I need to ...", "she says I have to ...") make it theirs, not the client's.
_NEGATED_BEFORE = re.compile(r"(?:\b(?:not|never|no)\b|n't\b)(?:\s+[\w']+){0,4}\s*$")
_REPORTED_BEFORE = re.compile(
    r"\b(?:told me|tells me|says|said|thinks|wants me|want me|forced me|makes me)\b(?:\s+that)?"
    r"(?:\s+[\w']+){0,1}\s*$"
)


def _own_and_meant(norm: str, start: int) -> bool:
    before = norm[:start]
    return not _NEGATED_BEFORE.search(before) and not _REPORTED_BEFORE.search(before)


def client_talk(session: Session, vocab: MicroSkillVocabulary) -> list[ResponseFact]:
    """The focus client's change talk (by kind) and sustain talk, one fact per sentence, in order.

    A sentence is sustain talk when a sustain pattern matches and no change pattern does ("I can't quit"),
    change talk when a change pattern matches; the first kind in the file's order names it.
    """
    sustain = vocab.compiled["sustain_talk"]
    out: list[ResponseFact] = []
    for turn in session.turns:
        if not session.is_focus(turn):
            continue
        for said in _sentences_as_said(turn):
            norm = normalize(said)
            kind = next(
                (
                    k
                    for k, patterns in vocab.change_talk_compiled.items()
                    if any(_own_and_meant(norm, m.start()) for p in patterns for m in p.finditer(norm))
                ),
                None,
            )
            if kind is not None:
                out.append(ResponseFact(kind="change talk", label=kind, text=said, evidence=(turn.index,)))
            elif any_match(sustain, norm):
                out.append(
                    ResponseFact(kind="sustain talk", label="sustain", text=said, evidence=(turn.index,))
                )
    return out


MI = "Motivational interviewing"
_CORE_USES = 3  # open questions and reflections each
_CITED = 2


def mi_by_form(
    plan: TreatmentPlan | None,
    delivered: Sequence[InterventionFact],
    skills: Sequence[MiSkillFact],
    talk: Sequence[ResponseFact],
) -> InterventionFact | None:
    """Motivational interviewing the plan commits to, delivered by its form when no MI phrase named it:
    open questions and reflections throughout (MI's core skills, Miller and Rollnick) that drew change
    talk from the client. None when MI was already found or the plan has no MI."""
    if plan is None or any(f.name == MI for f in delivered):
        return None
    item = next(
        (i for i in plan.interventions if MI.lower() in i.name.lower() or i.modality.strip().upper() == "MI"),
        None,
    )
    lines = {s.skill: s.evidence for s in skills}
    opened, reflected = lines.get("open question", ()), lines.get("reflection", ())
    # MI evokes change talk: sustain talk alone is also heard in any other therapy.
    if item is None or len(opened) < _CORE_USES or len(reflected) < _CORE_USES:
        return None
    if not any(f.kind == "change talk" for f in talk):
        return None
    return InterventionFact(
        name=MI,
        modality="MI",
        verb="Used",
        in_plan=True,
        plan_intervention_id=item.id,
        evidence=tuple(
            sorted({*opened[:_CITED], *reflected[:_CITED], *(f.evidence[0] for f in talk[:_CITED])})
        ),
    )
