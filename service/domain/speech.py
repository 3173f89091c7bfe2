"""Intermediate results inside the transcribe stage: timed words and speaker turns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.domain.base import Frozen


class Word(Frozen):
    """One recognised word with absolute times in seconds.

    ``text`` keeps the tokenizer's leading space: a word without one continues the previous word
    ("cold" + "-hearted"), so utterance text is the plain concatenation.
    """

    start: float
    end: float
    text: str
    probability: float = 1.0


class RecognizedSegment(Frozen):
    """A decoded segment with the decoder's confidence signals (used by the hallucination guards)."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...]
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float


class SpeakerTurn(Frozen):
    """A stretch of audio attributed to one (anonymous) speaker label such as ``S0``."""

    start: float
    end: float
    speaker: str


@dataclass(frozen=True)
class EmbeddedWindow:
    """A short window of speech (absolute seconds) and its speaker embedding (unit vector)."""

    start: float
    end: float
    vector: npt.NDArray[np.float32]
