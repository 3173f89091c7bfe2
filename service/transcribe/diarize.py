"""Speaker diarization: GE2E voice embeddings (resemblyzer) over sliding windows, then clustering.

``embed`` runs per chunk and keeps only one 256-d unit vector per window (1.5 s, every 0.25 s), so
a long session is never held whole; ``cluster`` runs once over the whole recording: Ward linkage on
the unit vectors (Euclidean there is cosine distance) cut into k clusters, refined by spherical
k-means. Without a given count, k is estimated by :mod:`service.transcribe.speaker_count` from the
full-length windows only (a window cut short by a short speech region is too little audio to say
whose voice it is; the encoder's own reference code drops partial windows under 75% coverage).
Turns of one speaker separated by a pause no longer than ``MAX_PAUSE_S`` are one turn: speech the
VAD drops inside a turn (a breath, a soft syllable) is still that speaker's turn.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from scipy.cluster.hierarchy import fcluster

from service.domain.speech import EmbeddedWindow, SpeakerTurn
from service.protocols import Samples
from service.transcribe.audio import SAMPLE_RATE
from service.transcribe.speaker_count import (
    MIN_SHARE,
    MIN_SPEECH_S,
    ONE_VOICE,
    SAME_VOICE,
    count_voices,
    unit_rows,
    ward_tree,
)

Matrix = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]

_FRAME_S = 0.01  # resemblyzer's mel hop (10 ms)
_MIN_REGION_S = 0.2  # shorter speech is too little to say who spoke
_TARGET_DBFS = -30.0  # the level resemblyzer normalises its training audio to
_BATCH = 128

WINDOW_S = 1.5  # about the 1.6 s partial utterances the encoder was trained on
HOP_S = 0.25  # turn boundaries are placed to within about half a hop
MAX_PAUSE_S = 0.5  # a longer silence between two stretches of one voice ends the turn
_FULL = 0.98  # a window at least this share of WINDOW_S long is full-length (region ends clip a few ms)


def _normalise_level(wav: Samples) -> Samples:
    # The encoder sees a linear (not log) mel spectrogram, so loudness changes the input scale;
    # bring every region to the level the model was trained at.
    rms = float(np.sqrt(np.mean(np.square(wav, dtype=np.float64))))
    if rms < 1e-6:
        return wav
    gain = 10 ** ((_TARGET_DBFS - 20 * np.log10(rms)) / 20)
    return np.asarray(wav * gain, dtype=np.float32)


class ResemblyzerDiarizer:
    """The :class:`~service.protocols.Diarizer` built on resemblyzer's GE2E speaker encoder."""

    def __init__(
        self,
        weights: Path,
        max_speakers: int = 6,
        *,
        window_s: float = WINDOW_S,
        hop_s: float = HOP_S,
        same_voice: float = SAME_VOICE,
        one_voice: float = ONE_VOICE,
        min_share: float = MIN_SHARE,
        min_speech_s: float = MIN_SPEECH_S,
        threads: int | None = None,
    ) -> None:
        """Load the encoder from ``weights`` once.

        ``window_s``/``hop_s`` set the embedding windows; ``same_voice``, ``one_voice``,
        ``min_share`` and ``min_speech_s`` steer the speaker-count estimate
        (see :func:`service.transcribe.speaker_count.count_voices`).
        """
        if max_speakers < 1:
            raise ValueError("max_speakers must be at least 1")
        self.max_speakers = max_speakers
        self.window_s = window_s
        self.hop_s = hop_s
        self.same_voice = same_voice
        self.one_voice = one_voice
        self.min_share = min_share
        self.min_speech_s = min_speech_s
        # resemblyzer imports scipy.ndimage.morphology (deprecated) and webrtcvad at import time.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from resemblyzer import VoiceEncoder
            from resemblyzer.audio import wav_to_mel_spectrogram
        self._mel = wav_to_mel_spectrogram
        # The LSTM's per-step matrices are small: past 2 threads nothing is gained, and spinning
        # OpenMP threads on a busy machine cost more than they bring.
        self.threads = threads or max(1, min(2, os.cpu_count() or 1))
        self._encoder: Any = VoiceEncoder(device="cpu", weights_fpath=weights, verbose=False)
        self._encoder.eval()

    # -- embedding ---------------------------------------------------------------------------------

    def embed(
        self, samples: Samples, speech: list[tuple[float, float]], offset: float
    ) -> list[EmbeddedWindow]:
        """Embed sliding windows over each speech region; times are absolute (``offset`` added)."""
        win = round(self.window_s / _FRAME_S)
        hop = round(self.hop_s / _FRAME_S)
        spans: list[tuple[float, float]] = []
        mels: list[Matrix] = []
        for start, end in speech:
            a, b = max(0, int(start * SAMPLE_RATE)), min(samples.size, int(end * SAMPLE_RATE))
            if b - a < _MIN_REGION_S * SAMPLE_RATE:
                continue
            mel: Matrix = self._mel(_normalise_level(samples[a:b]))
            region_start, region_end = a / SAMPLE_RATE, b / SAMPLE_RATE
            n = mel.shape[0]
            if n <= win:
                firsts = [0]
                length = n
            else:
                # Evenly spaced so the last window ends at the region's end (no uncovered tail).
                count = int(np.ceil((n - win) / hop)) + 1
                firsts = [round(x) for x in np.linspace(0, n - win, count)]
                length = win
            for f in firsts:
                mels.append(mel[f : f + length])
                spans.append(
                    (region_start + f * _FRAME_S, min(region_end, region_start + (f + length) * _FRAME_S))
                )
        vectors = self._encode(mels)
        return [
            EmbeddedWindow(start=offset + s, end=offset + e, vector=v)
            for (s, e), v in zip(spans, vectors, strict=True)
            if v is not None
        ]

    def _encode(self, mels: list[Matrix]) -> list[npt.NDArray[np.float32] | None]:
        """Run the encoder on mel windows, batched by length; None where it gives no direction.

        The encoder L2-normalises a ReLU output, which is all zeros (NaN after normalising) for some
        near-silent input; such a window says nothing about the speaker.
        """
        out: list[npt.NDArray[np.float32] | None] = [None] * len(mels)
        by_length: dict[int, list[int]] = {}
        for i, m in enumerate(mels):
            by_length.setdefault(m.shape[0], []).append(i)
        batches = [idx[k : k + _BATCH] for idx in by_length.values() for k in range(0, len(idx), _BATCH)]
        # torch's thread count is process-wide and the openai-whisper engine sets its own; use ours
        # only while encoding.
        previous = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            with torch.inference_mode():
                for part in batches:
                    emb = self._encoder(torch.from_numpy(np.stack([mels[i] for i in part]))).numpy()
                    for i, v in zip(part, emb.astype(np.float32), strict=True):
                        if np.all(np.isfinite(v)) and np.any(v > 0):
                            out[i] = v / np.linalg.norm(v)
        finally:
            torch.set_num_threads(previous)
        return out

    # -- clustering --------------------------------------------------------------------------------

    def cluster(self, windows: list[EmbeddedWindow], n_speakers: int | None) -> list[SpeakerTurn]:
        """Group all windows of a recording into speakers and merge them into sorted, disjoint turns."""
        return cluster_windows(
            windows,
            n_speakers,
            max_speakers=self.max_speakers,
            window_s=self.window_s,
            same_voice=self.same_voice,
            one_voice=self.one_voice,
            min_share=self.min_share,
            min_speech_s=self.min_speech_s,
        )


def cluster_windows(
    windows: list[EmbeddedWindow],
    n_speakers: int | None,
    *,
    max_speakers: int = 6,
    window_s: float = WINDOW_S,
    same_voice: float = SAME_VOICE,
    one_voice: float = ONE_VOICE,
    min_share: float = MIN_SHARE,
    min_speech_s: float = MIN_SPEECH_S,
) -> list[SpeakerTurn]:
    """Speaker turns (sorted, non-overlapping, named S0, S1, ... by first appearance) from windows.

    Each window owns its time up to the midpoints of its overlaps with its neighbours; isolated
    label flips are smoothed, and stretches of one speaker apart by at most ``MAX_PAUSE_S`` merged.
    """
    if not windows:
        return []
    ordered = sorted(windows, key=lambda w: (w.start, w.end))
    spans = _owned_spans([(w.start, w.end) for w in ordered])
    x = unit_rows(np.stack([w.vector for w in ordered]).astype(np.float32))
    if n_speakers is None:
        starts = np.array([w.start for w in ordered])
        ends = np.array([w.end for w in ordered])
        durations = np.array([b - a for a, b in spans])
        full = ends - starts >= _FULL * window_s
        if np.count_nonzero(full) < 2:
            full = np.ones(len(ordered), dtype=bool)
        n_speakers = count_voices(
            x[full],
            starts[full],
            ends[full],
            durations[full],
            max_speakers=max_speakers,
            same_voice=same_voice,
            one_voice=one_voice,
            min_speech_s=min_speech_s,
            min_share=min_share,
        )
    labels = cluster_labels(x, min(n_speakers, max(1, len(ordered))))
    return _turns(spans, _smooth(ordered, labels))


def _owned_spans(windows: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The part of each time-sorted window it owns: overlaps with its neighbours split at the midpoint."""
    spans: list[tuple[float, float]] = []
    previous_end = -np.inf
    for i, (start, end) in enumerate(windows):
        a, b = start, end
        if i > 0 and windows[i - 1][1] > start:
            a = (start + windows[i - 1][1]) / 2
        if i + 1 < len(windows) and windows[i + 1][0] < end:
            b = (windows[i + 1][0] + end) / 2
        a = max(a, previous_end)  # windows of unequal length could otherwise still overlap
        b = max(a, b)
        spans.append((a, b))
        previous_end = b
    return spans


def _smooth(windows: list[EmbeddedWindow], labels: Labels) -> Labels:
    """Relabel a lone window whose two overlapping neighbours agree with each other.

    A single 1.5 s window cannot hold a turn of its own in continuous speech, so such a flip is
    embedding noise; a window alone in its speech region is left as it is.
    """
    out = labels.copy()
    for i in range(1, len(windows) - 1):
        touches = windows[i - 1].end > windows[i].start and windows[i].end > windows[i + 1].start
        if touches and labels[i - 1] == labels[i + 1] != labels[i]:
            out[i] = labels[i - 1]
    return out


def _turns(spans: list[tuple[float, float]], labels: Labels) -> list[SpeakerTurn]:
    """Merge consecutive spans of one label up to ``MAX_PAUSE_S`` apart; speakers named S0, S1, ... by
    first appearance."""
    names: dict[int, str] = {}
    merged: list[list[float | int]] = []
    for (a, b), label in zip(spans, labels.tolist(), strict=True):
        if b - a <= 0:
            continue
        names.setdefault(label, f"S{len(names)}")
        if merged and merged[-1][2] == label and a - merged[-1][1] <= MAX_PAUSE_S:
            merged[-1][1] = b
        else:
            merged.append([a, b, label])
    return [SpeakerTurn(start=float(a), end=float(b), speaker=names[int(lab)]) for a, b, lab in merged]


# -- clustering (pure functions on unit vectors) -------------------------------------------------------


def cluster_labels(x: Matrix, k: int) -> Labels:
    """Cluster unit row vectors into ``k`` groups; labels 0..k-1."""
    n = x.shape[0]
    if n < 2 or k <= 1:
        return np.zeros(n, dtype=np.int64)
    return _cut(x, ward_tree(x), min(k, n))


def _cut(x: Matrix, tree: tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]], k: int) -> Labels:
    """Cut the tree into k clusters, then refine on all rows with spherical k-means.

    The refinement moves windows that the greedy merge order put on the wrong side, and labels the
    rows left out of a subsampled tree.
    """
    z, rows = tree
    initial = np.asarray(fcluster(z, k, criterion="maxclust"), dtype=np.int64) - 1
    centroids = unit_rows(np.stack([x[rows][initial == c].mean(axis=0) for c in np.unique(initial)]))
    labels = np.argmax(x @ centroids.T, axis=1)
    for _ in range(20):
        present = np.unique(labels)
        centroids = unit_rows(np.stack([x[labels == c].mean(axis=0) for c in present]))
        new = np.argmax(x @ centroids.T, axis=1)
        if np.array_equal(new, np.searchsorted(present, labels)):
            break
        labels = new
    return np.asarray(np.searchsorted(np.unique(labels), labels), dtype=np.int64)
