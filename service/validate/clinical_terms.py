"""Patterns for risk language and measurement instruments, in notes and in spoken transcripts.

Kept deliberately narrow: idioms ("I wanted to die of embarrassment"), fear of dying in a panic attack
and "safe" in an ordinary sense are not risk language; an instrument is recognised by its name, its
spoken forms or what it measures, as ``prompts/vocabulary/measures.yaml`` describes it.
"""

from __future__ import annotations

import re

from service.extract.measure_vocabulary import load_measure_vocabulary, spoken_instrument_patterns

_I = re.IGNORECASE

# Client (or a parent about a minor) voicing suicidal ideation, self-harm or intent to harm others.
SI_PASSIVE_SPOKEN = re.compile(
    r"better off (?:dead|without me)|better off\b[^.?!]{0,60}\bthan (?:with )?me\b|"
    r"\bif i (?:just )?(?:didn'?t|did not|never) wake up|"
    r"(?:wish|wished|want(?:ed)?) (?:i (?:was|were)|to be) (?:dead|gone)|"
    r"(?:don'?t|do not|didn'?t) want to (?:be here|be alive|live|wake up)|no (?:reason|point) (?:to|"
    r"in) (?:live|living)|"
    r"thoughts? (?:of|about) (?:death|dying|not waking up)|passive (?:si|suicidal)",
    _I,
)
SI_ACTIVE_SPOKEN = re.compile(
    r"kill(?:ing)? myself|end(?:ing)? (?:my life|it all)|take my (?:own )?life|suicid\w*|"
    r"(?:hurt|harm|cut)(?:ing)? myself|self[- ]harm\w*|overdose|"
    r"(?:hurt|kill|harm)(?:ing)? (?:him|her|them|someone|somebody|anyone|anybody)\b(?! (?:feelings|know))",
    _I,
)
# A therapist asking about risk (the line also carries a question mark).
RISK_QUESTION = re.compile(
    r"suicid\w*|kill(?:ing)? yourself|(?:hurt|harm)(?:ing)? yourself|self[- ]harm|"
    r"end(?:ing)? your (?:own )?life|"
    r"better off dead|thoughts? of (?:death|dying)|acting on (?:those|these|them|the) thoughts|"
    r"(?:hurt|harm)(?:ing)? (?:someone|anyone|somebody|anybody|others)|wish(?:ed)? you were dead|"
    r"safe (?:at home|right now|tonight)|(?:plan|intent(?:ion)?) to (?:act|hurt|end|kill)",
    _I,
)
NEGATIVE_ANSWER = re.compile(
    r"^\W*(?:no\b|nope|nah|never|not really|not at all|i wouldn'?t|i would never|i'?m not going to|"
    r"i don'?t (?:think|have|want)|none|definitely not|absolutely not)",
    _I,
)
SAFETY_PLAN_SPOKEN = re.compile(r"safety plan|crisis (?:plan|card)|warning signs.*(?:coping|call)", _I)

# Risk statements in a note.
NOTE_RISK = re.compile(
    r"suicid\w*|\bS\.?I\.?\b|\bH\.?I\.?\b|self[- ]?harm\w*|harm(?:ing)? (?:to )?(?:himself|herself|"
    r"themselves|self|others)|"
    r"end(?:ing)? (?:his|her|their|one's) (?:own )?life|death wish|wish(?:es)? to die|"
    r"thoughts? of (?:death|dying)|"
    r"better off|homicid\w*|item 9|risk assessment|safety plan\w*|passive (?:death|suicid\w*)",
)
NOTE_RISK_CI = re.compile(NOTE_RISK.pattern.replace(r"\bS\.?I\.?\b|\bH\.?I\.?\b|", ""), _I)
NOTE_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|negative for|no (?:current )?(?:SI|suicidal|thoughts of))\b", _I
)
NOTE_ASSESSMENT = re.compile(
    r"\b(?:assess\w*|screen\w*|asked (?:about|client)|evaluat\w*|inquired)\b[^.;]{0,80}"
    r"(?:suicid|\bSI\b|self[- ]?harm|risk|ideation|safety|harm)|risk assessment",
    _I,
)
NOTE_ENDORSEMENT = re.compile(
    r"\b(?:report\w*|endors\w*|express\w*|describ\w*|disclos\w*|stat\w*|voic\w*|acknowledg\w*|admit\w*)\b"
    r"[^.;]{0,80}(?:suicid|\bSI\b|self[- ]?harm|death|die\b|dead|better off|item 9|harm)|"
    r"passive (?:SI|suicidal|death)|death wish|positive (?:PHQ-9 )?item 9",
    _I,
)
# Denial of ideation itself (contradicted by any endorsement), as opposed to denial of plan/intent only.
DENIED_IDEATION = re.compile(
    r"den\w*[^.;]{0,40}(?:\bSI\b|suicidal (?:ideation|thoughts)|ideation|thoughts of (?:death|dying|"
    r"suicide|self-harm or suicide)|"
    r"wish(?:es)? to die|death wish)",
    _I,
)
DENIED_ACTIVE = re.compile(
    r"den\w*[^.;]{0,60}(?:ending (?:his|her|their) life|killing (?:himself|herself)|active)", _I
)
NOTE_SAFETY_PLAN_DONE = re.compile(
    r"(?:review\w*|develop\w*|complet\w*|updat\w*|creat\w*)[^.;]{0,30}safety plan|"
    r"safety plan[^.;]{0,20}(?:review|develop|complet|updat)\w*",
    _I,
)
NEGATED = re.compile(
    r"\b(?:not|never|no)\b[^.;]{0,25}\b(?:assess\w*|ask\w*|screen\w*|review\w*|conduct\w*|obtain\w*|"
    r"complet\w*)",
    _I,
)

# Note spelling -> how the instrument is named aloud or in facts: the measure vocabulary's own data, so
# the validator and the extractor recognise the same names.
INSTRUMENTS: dict[str, re.Pattern[str]] = spoken_instrument_patterns(load_measure_vocabulary())
NOTE_INSTRUMENT = re.compile(
    r"\b(?:CY-BOCS|Y-BOCS|GAD-7|PHQ-9|PHQ-A|PSWQ|PCL-5|PDSS|SPIN|EPDS|AUDIT|PACS|SUDS)\b(?: item 9)?"
)
ADMINISTERED_TODAY = re.compile(
    r"administered (?:today|in (?:this )?session|this session)|(?:today|in-session|"
    r"this session)'?s? (?:score|administration)|"
    r"completed (?:today|in (?:this )?session)|administered\b(?![^.;]*(?:earlier|last|by|another|prior|"
    r"outside))",
    _I,
)


def instrument_key(name: str) -> str:
    """A comparable form of an instrument name ("phq 9" and "PHQ-9" both -> "PHQ9")."""
    return re.sub(r"[^A-Z0-9]", "", name.upper())


def has_risk_language(text: str) -> bool:
    """True when a spoken line voices suicidal ideation, self-harm or harm to others."""
    return bool(SI_PASSIVE_SPOKEN.search(text) or SI_ACTIVE_SPOKEN.search(text))
