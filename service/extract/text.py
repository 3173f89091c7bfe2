"""A scrubbed transcript prepared for pattern matching: normalised text, sentences, speaker roles.

Patterns in ``prompts/vocabulary/`` are written in lower case against this normal form: curly quotes
straightened, bracketed non-speech (``[laughs]``, ``[pause]``) removed, PHI placeholders kept as
``[client]`` / ``[person_2]`` so a rule can see who is addressed without ever depending on a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from service.domain.transcript import Transcript

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": ", ", "\u2013": "-"}
)
# Non-speech marks are lower case in recogniser output; placeholders are upper case (``[PERSON_2]``).
_NONSPEECH = re.compile(r"\[[a-z][a-z ,'-]*(?:\s+\d\d:\d\d(?::\d\d)?)?\]")
_SPACES = re.compile(r"\s+")
# A full stop after a letter said on its own ("p.h.q. nine", "g. a. d. seven") spells an abbreviation out,
# and one after a title ("mrs.", "dr.", "st.") belongs to the name that follows; neither ends the sentence.
_SENTENCE_END = re.compile(
    r"(?<=[.?!])(?<![\s.][a-z]\.)(?<!^[a-z]\.)"
    r"(?<!\bmr\.)(?<!\bmrs\.)(?<!\bms\.)(?<!\bdr\.)(?<!\bst\.)(?<!\bmx\.)[\"']?\s+(?=\S)"
)
THERAPIST_ROLES = re.compile(r"\b(therapist|clinician|facilitator|counselou?r|psychologist|social worker)\b")
CLIENT_PLACEHOLDER = "[client]"
OTHER_PLACEHOLDER = re.compile(r"\[person_\d+\]")
# Words that address every participant ("has anyone...", "both of you").
GROUP_ADDRESS = re.compile(
    r"\b(anyone|anybody|everyone|everybody|all of you|you all|both of you|you two|each of you|group)\b"
)


def normalize(text: str) -> str:
    """Lower-cased text for matching: straight quotes, no non-speech marks, single spaces."""
    text = _NONSPEECH.sub(" ", text.translate(_QUOTES))
    return _SPACES.sub(" ", text).strip().lower()


def split_sentences(norm: str) -> list[str]:
    """Sentences of a normalised utterance (a recogniser's punctuation is the only boundary we trust)."""
    return [s.strip() for s in _SENTENCE_END.split(norm) if s.strip()]


@dataclass(frozen=True)
class Turn:
    """One utterance with its index in the transcript (the evidence number) and its normal form."""

    index: int
    speaker: str
    text: str
    norm: str

    @cached_property
    def sentences(self) -> list[str]:
        """Normalised sentences."""
        return split_sentences(self.norm)


class Session:
    """The turns of one session plus who is who: therapist, focus client, other clients, a parent."""

    def __init__(self, transcript: Transcript, focus: str = "client") -> None:
        self.focus = focus
        self.turns: tuple[Turn, ...] = tuple(
            Turn(i, u.speaker, u.text, normalize(u.text)) for i, u in enumerate(transcript.utterances)
        )
        roles = transcript.speakers or {}
        self.therapists = frozenset(
            s
            for s in {t.speaker for t in self.turns}
            if s == "therapist" or THERAPIST_ROLES.search(roles.get(s, ""))
        )
        speakers = {t.speaker for t in self.turns}
        self.parents = frozenset(s for s in speakers if s == "parent" or "parent" in roles.get(s, "").lower())
        self.other_clients = frozenset(speakers - self.therapists - self.parents - {focus})

    def is_therapist(self, turn: Turn) -> bool:
        """Whether the turn is the clinician's."""
        return turn.speaker in self.therapists

    def is_focus(self, turn: Turn) -> bool:
        """Whether the turn is the plan's client's."""
        return turn.speaker == self.focus

    @property
    def multi_client(self) -> bool:
        """Couples and group sessions: other clients whose facts must stay out of this note."""
        return bool(self.other_clients)

    @property
    def has_parent(self) -> bool:
        """A parent takes part (a minor client's session)."""
        return bool(self.parents)

    def next_reply(self, index: int) -> Turn | None:
        """The first non-therapist turn after ``index`` before the therapist speaks twice more."""
        therapist_turns = 0
        for turn in self.turns[index + 1 :]:
            if self.is_therapist(turn):
                therapist_turns += 1
                if therapist_turns > 1:
                    return None
                continue
            return turn
        return None

    def addressee_is_focus(self, turn: Turn, sentence: str | None = None) -> bool:
        """Whether a therapist turn is addressed to the focus client (always, in an individual session).

        In couples and group sessions a sentence naming another member's placeholder and not the client's
        is for that member; without a name, the next person to answer is taken as the one addressed.
        """
        if not self.multi_client:
            return True
        text = sentence if sentence is not None else turn.norm
        if CLIENT_PLACEHOLDER in text or GROUP_ADDRESS.search(text):
            return True
        if OTHER_PLACEHOLDER.search(text):
            return False
        if sentence is not None and (CLIENT_PLACEHOLDER in turn.norm or OTHER_PLACEHOLDER.search(turn.norm)):
            return CLIENT_PLACEHOLDER in turn.norm
        reply = self.next_reply(turn.index)
        return reply is None or reply.speaker in {self.focus, *self.parents}
