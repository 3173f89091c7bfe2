"""Intermediate results inside the transcribe stage: timed words and speaker turns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.domain.base import Frozen


class Word(Frozen):
    """One recognised word with absolute times in seconds (leading space stripped)."""

    start: float
    end: float
    text: str
    probability: float = 1.0


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
