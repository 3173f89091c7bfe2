"""Stereo recordings with one voice per channel (common for telehealth and two-mic set-ups).

Per 100 ms frame we keep the energy of each channel (a few floats, even for a long session). At the
end we decide whether the channels carry different voices; if so each word goes to the channel that
dominates during it, which is more reliable than voice clustering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from service.domain.speech import Word
from service.transcribe.audio import SAMPLE_RATE

FRAME_S = 0.1
_FRAME = int(FRAME_S * SAMPLE_RATE)
_DOMINANCE_DB = 6.0


@dataclass
class ChannelEnergy:
    """Accumulates per-frame energy of the two channels of a stereo recording."""

    frames: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def add(self, block: npt.NDArray[np.float32]) -> None:
        """Add a (2, n) block; blocks must be contiguous in time."""
        usable = block.shape[1] - block.shape[1] % _FRAME
        if usable == 0:
            return
        power = (block[:, :usable].astype(np.float64) ** 2).reshape(2, -1, _FRAME).mean(axis=2)
        self.frames.append(power.T)

    def _ratios(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        energy = np.concatenate(self.frames) if self.frames else np.zeros((0, 2))
        ratio = 10 * np.log10((energy[:, 0] + 1e-10) / (energy[:, 1] + 1e-10))
        loudest = energy.max(axis=1)
        active = loudest > max(1e-7, float(np.percentile(loudest, 60)) if loudest.size else 0.0)
        return ratio, active

    def voices_split(self) -> bool:
        """True when each channel carries its own voice (not the same signal twice, not one silent side)."""
        ratio, active = self._ratios()
        if active.sum() < 20:
            return False
        r = ratio[active]
        dominated = np.abs(r) > _DOMINANCE_DB
        left, right = (r > _DOMINANCE_DB).mean(), (r < -_DOMINANCE_DB).mean()
        return bool(dominated.mean() > 0.6 and min(left, right) > 0.05)

    def speakers_of(self, words: list[Word]) -> list[str]:
        """``ch0`` or ``ch1`` per word: the channel with more energy during it."""
        ratio, _active = self._ratios()
        labels = []
        for word in words:
            lo = int(word.start / FRAME_S)
            hi = max(lo + 1, int(np.ceil(word.end / FRAME_S)))
            span = ratio[lo:hi]
            labels.append("ch0" if span.size == 0 or float(span.mean()) >= 0 else "ch1")
        return labels
