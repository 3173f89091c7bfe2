"""E-mail addresses, web addresses, social handles, gamer tags and IP addresses said aloud.

Written forms (``a@b.com``, ``https://...``, ``10.0.0.1``) are Presidio's own recognizers; this one
reads the spoken forms: "jo dot vance forty at example dot com", "example dot org slash about slash
jo dash vance", "at jo dot paints dot daily" (a handle: the "at" is part of it), "the username is
jo r underscore fox nine", and IP addresses read number by number with "dot" between them.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.lexicon import NUMBER_WORD
from service.scrub.recognizers.base import PhiRecognizer

_W = r"[a-z][a-z0-9'’]*"
_SEP = r"(?:dot|underscore|dash|hyphen|period)"
# Top-level domains: the common generic ones, the reserved ones of examples and tests (RFC 2606), and a
# country code spelled letter by letter ("dot t x", "dot c o").
_TLD = (
    r"(?:com|org|net|edu|gov|mil|int|io|co|us|me|info|biz|uk|ca|ai|app|dev|tv|ly|xyz|online|site|shop|store|"
    r"blog|email|mail|health|care|art|page|live|life|world|club|tech|test|example|invalid|local|"
    r"(?-i:[a-z])\s(?-i:[a-z]))"
)
_PART = rf"(?:{_W}(?:\s+{NUMBER_WORD})*)"
_LOCAL = rf"{_PART}(?:\s+{_SEP}\s+{_PART})*"
# A domain said as words ("proton mail dot me" for protonmail.me): one space may join two words.
_DOMAIN = rf"{_W}(?:\s+(?!at\b){_W})?(?:\s+(?:dot|dash)\s+{_W})*\s+dot\s+{_TLD}\b"

# A pronoun before "at" is the person reached, not a mailbox: "follow him at jo dot runs dot t x".
_NOT_LOCAL = r"(?!(?:him|her|me|you|us|them|it|me|one|someone|everyone)\b)"
EMAIL = re.compile(rf"\b{_NOT_LOCAL}{_LOCAL}\s+at\s+{_DOMAIN}", re.IGNORECASE)
URL = re.compile(
    rf"\b(?:(?:h\s*t\s*t\s*p\s*s?\s+colon\s+slash\s+slash\s+)?(?:w\s*w\s*w|dub\s+dub\s+dub)\s+dot\s+)?{_DOMAIN}"
    rf"(?:\s+slash\s+{_W}(?:\s+(?:{_SEP})\s+{_W})*)*",
    re.IGNORECASE,
)
_SPELLED = r"(?-i:[a-z])(?:\s+(?-i:[a-z])\b(?!['’]))+"  # letters said one by one ("t x")
HANDLE = re.compile(
    rf"\bat\s+{_W}(?:\s+{_SEP}\s+{_W}|\s+{NUMBER_WORD})*\s+{_SEP}\s+(?:{_SPELLED}|{_W})(?:\s+{NUMBER_WORD})*",
    re.IGNORECASE,
)
WRITTEN_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_HANDLE_TOKEN = rf"(?:\s+{_SEP}\s+{_W}|\s+[a-z]\b|\s+{NUMBER_WORD}|\s+\d+)"
NAMED_HANDLE = re.compile(
    rf"\b(?P<kind>gamertag|gamer\s+tag|username|user\s+name|screen\s+name|discord|handle|instagram|insta|tiktok|"
    rf"twitter|snapchat|snap|xbox|psn|steam)(?:\s+(?:name|id|account))?\s+(?:is|'s|name\s+is)\s+(?P<h>{_W}{_HANDLE_TOKEN}*)",
    re.IGNORECASE,
)
IP = re.compile(
    rf"\b(?:{NUMBER_WORD}|\d+)(?:\s+(?:{NUMBER_WORD}|\d+))*(?:\s+dot\s+(?:{NUMBER_WORD}|\d+)(?:\s+(?:{NUMBER_WORD}|\d+))*){{3}}\b",
    re.IGNORECASE,
)
_GAME_KINDS = {
    "gamertag",
    "gamer tag",
    "username",
    "user name",
    "screen name",
    "discord",
    "xbox",
    "psn",
    "steam",
}


class SpokenContactRecognizer(PhiRecognizer):
    """Spoken e-mail, URL, handle and IP forms (see the module docstring)."""

    ENTITIES = ("EMAIL", "URL", "IP", "OTHER_ID")
    FAMILY = "contacts"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Contact spans."""
        out: list[RecognizerResult] = []
        ips = [(m.start(), m.end()) for m in IP.finditer(text)]
        emails = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
        for start, end in emails:
            out.append(self.result("EMAIL", start, end, 0.85))
        for m in URL.finditer(text):
            if not any(s <= m.start() < e for s, e in emails):
                out.append(self.result("URL", m.start(), m.end(), 0.8))
        for m in HANDLE.finditer(text):
            if not any(s <= m.start() + 3 < e for s, e in emails + ips):
                out.append(self.result("URL", m.start(), m.end(), 0.7))
        for m in WRITTEN_HANDLE.finditer(text):
            out.append(self.result("URL", m.start(), m.end(), 0.6))
        for m in NAMED_HANDLE.finditer(text):
            kind = re.sub(r"\s+", " ", m.group("kind").lower())
            entity = "OTHER_ID" if kind in _GAME_KINDS else "URL"
            out.append(self.result(entity, m.start("h"), m.end("h"), 0.75))
        for start, end in ips:
            out.append(self.result("IP", start, end, 0.85))
        return out
