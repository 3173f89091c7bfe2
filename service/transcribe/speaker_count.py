"""How many voices a recording holds, from its speaker-embedding windows (unit vectors).

Two clusters are one voice when the directions their windows scatter around are alike. Comparing the
clusters' centroids says this badly for small clusters: a centroid of n noisy unit vectors has length
about sqrt(a^2 + (1 - a^2)/n), so two halves of one voice look more different the less speech they
hold. The mean dot product of window pairs is free of that bias (no window is paired with itself):
E[x.y] = a_A a_B cos(mu_A, mu_B) across clusters and a_A^2 within one, so

    similarity(A, B) = mean_{x in A, y in B} x.y / sqrt(mean_{x != x' in A} x.x' * mean_{y != y' in B} y.y')

estimates the cosine between the two voices' true mean directions whatever the clusters' sizes.
Windows that overlap in time share audio, so such pairs are left out of every mean.

The count: over-cluster (Ward), absorb clusters too small to judge into their nearest neighbour, then
merge the most similar pair while it is one voice. Small means less speech than two disjoint windows
(the least on which the similarity is defined) or than a share of all speech, since stray sounds
(laughs, coughs, noises) that group together grow with the recording's length. The last merge, to a
single voice, needs stronger evidence (``one_voice``): a therapy recording almost always holds two or
more voices, and a clinician who records alone can pass ``--speakers 1``.

The two thresholds are cosines between voices' mean directions under this encoder (resemblyzer GE2E on
1.5 s windows), calibrated on real read and meeting speech (``eval/diarization.py`` sets): the halves of
one voice measured 0.88 and above, distinct voices 0.60-0.89 (voices recorded in one room at the
top), and every single-voice recording's final merge 0.93 and above against at most 0.90 for any
recording with two or more voices.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import fcluster, linkage

Matrix = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

SAME_VOICE = 0.89  # similarity at or above which two clusters are merged as one voice
ONE_VOICE = 0.915  # similarity at or above which the last two clusters are one voice
MIN_SPEECH_S = 3.0  # two disjoint 1.5 s windows: the least speech whose spread can be measured
MIN_SHARE = 0.02  # a voice holds at least this share of the speech used for counting
OVER_CLUSTERS = 16  # the over-clustering the merging starts from
MAX_LINKAGE = 2000  # Ward linkage is O(n^2) in memory; beyond this, link a subsample


def unit_rows(x: Matrix) -> Matrix:
    """Rows scaled to unit length."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(x / np.maximum(norms, 1e-9), dtype=np.float32)


def compact(labels: Labels) -> Labels:
    """Labels renumbered 0..k-1 in order of their values."""
    return np.asarray(np.unique(labels, return_inverse=True)[1], dtype=np.int64)


class PairStatistics:
    """Mean window-pair dot products within and across clusters, pairs overlapping in time left out."""

    def __init__(self, x: Matrix, starts: Floats, ends: Floats) -> None:
        """``x`` unit rows sorted by ``starts``; a pair overlaps when one starts before the other ends."""
        self.x = x.astype(np.float64)
        first, second = [], []
        for i in range(len(starts)):
            j = i + 1
            while j < len(starts) and starts[j] < ends[i]:
                first.append(i)
                second.append(j)
                j += 1
        self.first = np.array(first, dtype=np.int64)
        self.second = np.array(second, dtype=np.int64)
        self.dots = np.einsum("ij,ij->i", self.x[self.first], self.x[self.second])

    def similarity(self, labels: Labels) -> tuple[Floats, npt.NDArray[np.bool_]]:
        """The bias-free similarity of every pair of clusters, and which clusters it is defined for."""
        k = int(labels.max()) + 1
        members = (labels[None, :] == np.arange(k)[:, None]).astype(np.float64)
        sums = members @ self.x
        sizes = members.sum(axis=1)
        total = sums @ sums.T
        pairs = np.outer(sizes, sizes)
        total[np.diag_indices(k)] -= sizes  # x.x = 1 for every window paired with itself
        pairs[np.diag_indices(k)] -= sizes
        cell = labels[self.first] * k + labels[self.second]
        near = np.bincount(cell, weights=self.dots, minlength=k * k).reshape(k, k)
        near_pairs = np.bincount(cell, minlength=k * k).reshape(k, k).astype(np.float64)
        total -= near + near.T
        pairs -= near_pairs + near_pairs.T
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / pairs
        spread = np.diag(mean).copy()
        defined = (np.diag(pairs) > 0) & (spread > 1e-3)
        scale = np.sqrt(np.where(defined, spread, np.nan))
        with np.errstate(invalid="ignore"):
            similarity = mean / np.outer(scale, scale)
        similarity[pairs <= 0] = np.nan
        return similarity, defined


def ward_tree(x: Matrix) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Ward linkage (Euclidean on unit vectors, i.e. cosine) over at most ``MAX_LINKAGE`` rows."""
    rows = np.arange(x.shape[0])
    if rows.size > MAX_LINKAGE:
        rows = np.linspace(0, x.shape[0] - 1, MAX_LINKAGE).round().astype(np.int64)
    return linkage(x[rows].astype(np.float64), method="ward"), rows


def _over_cluster(x: Matrix, k: int) -> Labels:
    z, rows = ward_tree(x)
    labels = np.asarray(fcluster(z, min(k, rows.size), criterion="maxclust"), dtype=np.int64) - 1
    if rows.size < x.shape[0]:
        centroids = unit_rows(np.stack([x[rows][labels == c].mean(axis=0) for c in np.unique(labels)]))
        labels = np.argmax(x @ centroids.T, axis=1)
    return compact(labels)


def _absorb_small(
    x: Matrix, stats: PairStatistics, labels: Labels, durations: Floats, min_speech: float
) -> Labels:
    """Fold clusters too small to judge, smallest first, into the cluster whose centroid is nearest."""
    labels = labels.copy()
    while labels.max() > 0:
        k = int(labels.max()) + 1
        speech = np.bincount(labels, weights=durations, minlength=k)
        _, defined = stats.similarity(labels)
        small = np.flatnonzero((speech < min_speech) | ~defined)
        if small.size == 0:
            break
        a = int(small[np.argmin(speech[small])])
        centroids = unit_rows(np.stack([x[labels == c].mean(axis=0) for c in range(k)]))
        nearness = centroids @ centroids[a]
        nearness[a] = -np.inf
        labels[labels == a] = int(np.argmax(nearness))
        labels = compact(labels)
    return labels


def count_voices(
    x: Matrix,
    starts: Floats,
    ends: Floats,
    durations: Floats,
    *,
    max_speakers: int,
    same_voice: float = SAME_VOICE,
    one_voice: float = ONE_VOICE,
    min_speech_s: float = MIN_SPEECH_S,
    min_share: float = MIN_SHARE,
) -> int:
    """The number of voices among time-sorted unit rows ``x`` (window spans, speech each stands for)."""
    if x.shape[0] < 2:
        return 1
    stats = PairStatistics(x, starts, ends)
    min_speech = max(min_speech_s, min_share * float(durations.sum()))
    labels = _absorb_small(x, stats, _over_cluster(x, OVER_CLUSTERS), durations, min_speech)
    while labels.max() > 0:
        k = int(labels.max()) + 1
        similarity, _ = stats.similarity(labels)
        s = np.where(np.isnan(similarity), -np.inf, similarity)
        np.fill_diagonal(s, -np.inf)
        a, b = np.unravel_index(int(np.argmax(s)), s.shape)
        if k <= max_speakers and s[a, b] < (one_voice if k == 2 else same_voice):
            return k
        labels[labels == b] = a
        labels = compact(labels)
    return 1
