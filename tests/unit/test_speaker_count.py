"""Speaker-count estimation on synthetic embeddings: the bias-free similarity and the count rule."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from service.transcribe.speaker_count import PairStatistics, count_voices, unit_rows

DIM = 256
HOP = 0.25
WINDOW = 1.5
Vector = npt.NDArray[np.float32]


def _direction(rng: np.random.Generator) -> Vector:
    # GE2E embeddings are non-negative (ReLU before the norm); random such directions have a cosine
    # near 0.64, about what two different real voices give.
    v = np.abs(rng.standard_normal(DIM)).astype(np.float32)
    return v / np.linalg.norm(v)


def _blend(a: Vector, b: Vector, cosine: float) -> Vector:
    """A unit vector at ``cosine`` to ``a``, in the plane of ``a`` and ``b``."""
    ortho = b - (b @ a) * a
    ortho /= np.linalg.norm(ortho)
    return np.asarray(cosine * a + np.sqrt(1 - cosine**2) * ortho, dtype=np.float32)


def _session(
    voices: list[Vector], seconds: list[float], rng: np.random.Generator, noise: float = 0.9
) -> tuple[Vector, npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Windows (1.5 s every 0.25 s) of each voice in turn: unit rows, starts, ends, owned seconds.

    Each window is its voice's direction plus isotropic noise; ``noise`` 0.9 gives windows a cosine
    of about 0.74 to their voice, near what the real encoder gives on 1.5 s of speech.
    """
    rows, starts = [], []
    t = 0.0
    for voice, length in zip(voices, seconds, strict=True):
        end = t + length
        while t + HOP <= end:
            rows.append(voice + noise * rng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM))
            starts.append(t)
            t += HOP
    begin = np.array(starts)
    return unit_rows(np.stack(rows)), begin, begin + WINDOW, np.full(begin.size, HOP)


def _count(voices: list[Vector], seconds: list[float], seed: int, max_speakers: int = 8) -> int:
    x, starts, ends, owned = _session(voices, seconds, np.random.default_rng(seed))
    return count_voices(x, starts, ends, owned, max_speakers=max_speakers)


@pytest.mark.parametrize("sizes", [(20.0, 20.0), (4.0, 36.0), (36.0, 4.0)])
def test_when_one_voice_is_split_unevenly_then_the_similarity_of_the_parts_stays_near_one(
    sizes: tuple[float, float],
) -> None:
    rng = np.random.default_rng(10)
    voice = _direction(rng)
    x, starts, ends, _ = _session([voice, voice], list(sizes), rng)
    labels = (starts >= sizes[0]).astype(np.int64)
    similarity, defined = PairStatistics(x, starts, ends).similarity(labels)
    assert defined.all()
    assert similarity[0, 1] == pytest.approx(1.0, abs=0.04)
    # The plain centroid cosine of the same split is pulled down by the smaller part's noise.
    centroids = unit_rows(np.stack([x[labels == c].mean(axis=0) for c in (0, 1)]))
    assert float(centroids[0] @ centroids[1]) < similarity[0, 1]


def test_when_two_voices_are_compared_then_the_similarity_estimates_the_cosine_of_their_means() -> None:
    rng = np.random.default_rng(11)
    a = _direction(rng)
    b = _blend(a, _direction(rng), 0.8)
    x, starts, ends, _ = _session([a, b], [6.0, 30.0], rng)
    labels = (starts >= 6.0).astype(np.int64)
    similarity, _ = PairStatistics(x, starts, ends).similarity(labels)
    assert similarity[0, 1] == pytest.approx(0.8, abs=0.04)


def test_when_one_voice_speaks_then_one_is_counted() -> None:
    voice = _direction(np.random.default_rng(12))
    assert _count([voice] * 4, [15.0] * 4, seed=12) == 1


@pytest.mark.parametrize("k", [2, 3, 4, 6])
def test_when_k_voices_take_equal_turns_then_k_are_counted(k: int) -> None:
    rng = np.random.default_rng(13 + k)
    voices = [_direction(rng) for _ in range(k)]
    assert _count(voices * 3, [6.0] * (3 * k), seed=k) == k


def test_when_four_voices_share_thirty_seconds_unevenly_then_four_are_counted() -> None:
    # Talk time in a group falls off with rank, roughly 1/k: here 14.4, 7.2, 4.8 and 3.6 s.
    rng = np.random.default_rng(20)
    voices = [_direction(rng) for _ in range(4)]
    order = [0, 1, 0, 2, 0, 3, 1, 0, 2, 3]
    seconds = {0: 3.6, 1: 3.6, 2: 2.4, 3: 1.8}
    assert _count([voices[i] for i in order], [seconds[i] for i in order], seed=20) == 4


def test_when_two_voices_are_alike_but_distinct_then_two_are_counted() -> None:
    # Two voices recorded in one room: their means 0.85 apart, less alike than one voice's halves.
    rng = np.random.default_rng(21)
    a = _direction(rng)
    b = _blend(a, _direction(rng), 0.85)
    assert _count([a, b] * 4, [5.0] * 8, seed=21) == 2


def test_when_more_voices_than_allowed_then_the_count_is_capped() -> None:
    rng = np.random.default_rng(22)
    voices = [_direction(rng) for _ in range(5)]
    assert _count(voices * 2, [6.0] * 10, seed=22, max_speakers=3) == 3


def test_when_fewer_than_two_windows_then_one_voice() -> None:
    x = unit_rows(np.ones((1, DIM), dtype=np.float32))
    one = np.zeros(1)
    assert count_voices(x, one, one + WINDOW, one + HOP, max_speakers=4) == 1
