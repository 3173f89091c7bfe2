"""Small rewrites that turn transcript wording into note wording (used by the template sentences).

Homework is extracted as the therapist's own words ("so this week, I'd like you to add a column to the
log"); a note states it in the third person without the conversational lead-in.
"""

from __future__ import annotations

import re

from service.domain.facts import ResponseFact

_LEAD_INS = re.compile(
    r"^(?:(?:so|and|okay|ok|alright|all right|now|then|also|um|uh|well|to sum up|to recap|for homework|"
    r"(?:for |over )?(?:this|the next|the coming) week|this time|between now and next (?:time|week)|"
    r"i'd like you to|i would like you to|i want you to|i'm going to ask you to|i'll ask you to|"
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
# How each documentation verb takes the intervention ("Guided client through ...").
_VERB_FRAMES = {
    "guided": "Guided client through {x}",
    "introduced": "Introduced {x} to client",
    "explored": "Explored {x} with client",
    "practiced": "Practiced {x} with client",
    "facilitated": "Facilitated {x}",
    "instructed": "Instructed client in {x}",
    "processed": "Processed {x} with client",
    "identified": "Identified {x} with client",
    "encouraged": "Encouraged client in {x}",
    "educated": "Educated client on {x}",
    "developed": "Developed {x} with client",
    "challenged": "Challenged client's thinking using {x}",
    "role-played": "Role-played {x} with client",
    "reviewed": "Reviewed {x} with client",
    "reinforced": "Reinforced {x}",
    "problem solved": "Problem-solved with client using {x}",
    "planned": "Planned {x} with client",
    "elicited": "Elicited {x} from client",
    "discussed": "Discussed {x} with client",
    "assessed": "Assessed client using {x}",
    "modeled": "Modeled {x} for client",
    "validated": "Validated client using {x}",
    "reframed": "Reframed client's thoughts using {x}",
}
_AFFECT = {"improved": "Client reported feeling better.", "tearful": "Client was tearful."}
_ENGAGEMENT = {
    "agreed": "Client agreed to the plan and expressed willingness to practice.",
    "hesitant": "Client expressed hesitation.",
    "laughed": "Client used humor and laughed during the session.",
}


def intervention_phrase(verb: str, name: str) -> str:
    """``verb`` applied to ``name`` in note grammar: "Guided client through diaphragmatic breathing"."""
    frame = _VERB_FRAMES.get(verb.strip().lower(), verb.strip() + " {x} with client")
    return frame.format(x=name)


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


def response_sentence(fact: ResponseFact) -> str:
    """One Response-section sentence for a response fact."""
    quote = fact.text.strip().strip('"')
    if fact.kind == "affect":
        return _AFFECT.get(quote, f"Client described feeling {quote}.")
    if fact.kind == "engagement":
        return _ENGAGEMENT.get(quote, f"Client engagement: {quote}.")
    if fact.kind == "insight":
        return f'Client verbalized insight: "{quote}"'
    if fact.kind == "skill use":
        return f'Client reported using the skill: "{quote}"'
    return f'Client stated: "{quote}"'
