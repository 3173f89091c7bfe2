"""Speaker diarization: turn building and speaker counting (fast, synthetic vectors) and the real
GE2E encoder on espeak-ng voices (slow)."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from service.container import Container
from service.domain.speech import EmbeddedWindow, SpeakerTurn
from service.protocols import Diarizer
from service.transcribe.diarize import cluster_windows
from service.transcribe.vad import speech_regions
from tests.conftest import SR, espeak, silence

Vector = npt.NDArray[np.float32]
DIM = 256


def _voice(rng: np.random.Generator) -> Vector:
    # GE2E embeddings are non-negative (ReLU before the norm); two such random directions have a
    # cosine near 0.64, about what two different real voices give.
    return np.abs(rng.standard_normal(DIM)).astype(np.float32)


def _windows(
    voices: list[Vector], seconds: list[float], rng: np.random.Generator, start: float = 0.0
) -> list[EmbeddedWindow]:
    """Contiguous 1.5 s windows every 0.25 s; voices[i] speaks for seconds[i] in turn."""
    out: list[EmbeddedWindow] = []
    t = start
    for voice, length in zip(voices, seconds, strict=True):
        end = t + length
        while t + 0.25 <= end:
            noisy = voice + 0.75 * np.linalg.norm(voice) / np.sqrt(DIM) * rng.standard_normal(DIM)
            out.append(EmbeddedWindow(t, t + 1.5, (noisy / np.linalg.norm(noisy)).astype(np.float32)))
            t += 0.25
    return out


def _assert_sorted_disjoint(turns: list[SpeakerTurn]) -> None:
    for a, b in itertools.pairwise(turns):
        assert a.start < a.end <= b.start


def test_when_no_windows_then_no_turns() -> None:
    assert cluster_windows([], None) == []


def test_when_windows_overlap_then_turns_split_at_midpoint_and_never_overlap() -> None:
    rng = np.random.default_rng(0)
    a, b = _voice(rng), _voice(rng)
    windows = _windows([a, b], [10.0, 10.0], rng)
    turns = cluster_windows(windows, 2)
    _assert_sorted_disjoint(turns)
    assert [t.speaker for t in turns] == ["S0", "S1"]
    # The last window of the first voice starts at 9.75 and the first of the second at 10.0:
    # the boundary lies between their starts, at a midpoint of an overlap.
    assert 9.7 < turns[0].end < 11.3
    assert turns[0].start == pytest.approx(0.0)
    assert turns[-1].end == pytest.approx(windows[-1].end)


def test_when_two_distinct_voices_alternate_then_two_speakers_estimated_and_named_by_first_appearance() -> (
    None
):
    rng = np.random.default_rng(1)
    a, b = _voice(rng), _voice(rng)
    turns = cluster_windows(_windows([b, a, b, a, b, a], [8.0, 6.0, 9.0, 7.0, 5.0, 8.0], rng), None)
    _assert_sorted_disjoint(turns)
    assert [t.speaker for t in turns] == ["S0", "S1", "S0", "S1", "S0", "S1"]


def test_when_one_voice_then_one_speaker_estimated() -> None:
    rng = np.random.default_rng(2)
    a = _voice(rng)
    turns = cluster_windows(_windows([a] * 6, [8.0] * 6, rng), None)
    assert {t.speaker for t in turns} == {"S0"}


def test_when_three_voices_then_three_speakers_estimated() -> None:
    rng = np.random.default_rng(3)
    a, b, c = _voice(rng), _voice(rng), _voice(rng)
    turns = cluster_windows(_windows([a, b, c, a, b, c], [7.0] * 6, rng), None)
    assert len({t.speaker for t in turns}) == 3


def test_when_a_voice_speaks_under_the_minimum_then_it_is_not_counted_but_a_given_count_splits_it() -> None:
    rng = np.random.default_rng(4)
    a, b = _voice(rng), _voice(rng)
    windows = _windows([a, b, a], [20.0, 2.0, 20.0], rng)
    assert len({t.speaker for t in cluster_windows(windows, None)}) == 1
    assert len({t.speaker for t in cluster_windows(windows, 2)}) == 2


def test_when_the_recording_is_longer_then_a_voice_needs_more_speech_to_be_counted() -> None:
    rng = np.random.default_rng(9)
    a, b = _voice(rng), _voice(rng)
    short = _windows([a, b, a], [20.0, 5.0, 20.0], rng)
    long = _windows([a, b, a], [200.0, 5.0, 200.0], rng)
    assert len({t.speaker for t in cluster_windows(short, None)}) == 2
    assert len({t.speaker for t in cluster_windows(long, None)}) == 1


def test_when_count_estimated_then_never_more_than_max_speakers() -> None:
    rng = np.random.default_rng(5)
    voices = [_voice(rng) for _ in range(4)]
    turns = cluster_windows(_windows(voices * 2, [7.0] * 8, rng), None, max_speakers=2)
    assert len({t.speaker for t in turns}) == 2


def test_when_a_lone_window_flips_inside_continuous_speech_then_it_is_smoothed_away() -> None:
    rng = np.random.default_rng(6)
    a, b = _voice(rng), _voice(rng)
    windows = _windows([a, b], [15.0, 15.0], rng)
    odd = EmbeddedWindow(windows[20].start, windows[20].end, windows[-1].vector)
    windows[20] = odd
    turns = cluster_windows(windows, 2)
    assert len(turns) == 2


def test_when_speech_regions_are_apart_then_turns_keep_the_silence_between_them() -> None:
    rng = np.random.default_rng(7)
    a, b = _voice(rng), _voice(rng)
    windows = _windows([a], [6.0], rng) + _windows([b], [6.0], rng, start=9.0)
    turns = cluster_windows(windows, 2)
    assert len(turns) == 2
    assert turns[0].end <= 7.6
    assert turns[1].start == pytest.approx(9.0)


def test_when_windows_exceed_the_linkage_cap_then_every_window_is_still_labelled() -> None:
    rng = np.random.default_rng(8)
    a, b = _voice(rng), _voice(rng)
    windows = _windows([a, b] * 3, [110.0] * 6, rng)  # 2640 windows, above the 2000 subsample
    turns = cluster_windows(windows, None)
    _assert_sorted_disjoint(turns)
    assert [t.speaker for t in turns] == ["S0", "S1"] * 3
    assert turns[-1].end == pytest.approx(windows[-1].end)


# -- the real encoder on synthetic voices ------------------------------------------------------------

DIALOGUE = (
    ("en-us+m3", "How have things been since we last met two weeks ago?"),
    ("en-us+f2", "Honestly it has been a rough couple of weeks, mostly because of work."),
    ("en-us+m3", "Which part of those weeks felt hardest, and when did it start?"),
    ("en-us+f2", "My sleep has been short, and my mind keeps replaying small mistakes from the office."),
    ("en-us+m3", "That sounds exhausting. What did you try when you could not sleep?"),
    ("en-us+f2", "I tried the breathing exercise, and it helped on two of the nights."),
    ("en-us+m3", "Good. Let us look at what was different on those two nights."),
    ("en-us+f2", "On both nights I had stopped working by eight and went for a walk."),
)
GAP_S = 0.6


@pytest.fixture(scope="module")
def dialogue() -> tuple[npt.NDArray[np.float32], list[tuple[float, float, str]]]:
    """Two espeak-ng voices alternating, with the exact sample span of every utterance."""
    parts = [silence(0.3)]
    reference: list[tuple[float, float, str]] = []
    t = 0.3
    for voice, text in DIALOGUE:
        audio = espeak(text, voice)
        parts += [audio, silence(GAP_S)]
        reference.append((t, t + audio.size / SR, voice))
        t += audio.size / SR + GAP_S
    return np.concatenate(parts), reference


@pytest.fixture(scope="module")
def diarizer(container: Container) -> Diarizer:
    return container.diarizer


def _attributed_fraction(reference: list[tuple[float, float, str]], turns: list[SpeakerTurn]) -> float:
    """Share of reference speech time whose hypothesis speaker matches, under the best label mapping."""
    step = 0.01
    times = np.concatenate([np.arange(s, e, step) for s, e, _ in reference])
    truth = np.concatenate([[who] * len(np.arange(s, e, step)) for s, e, who in reference])
    hyp = np.array(["-"] * times.size, dtype=object)
    for turn in turns:
        hyp[(times >= turn.start) & (times < turn.end)] = turn.speaker
    voices = sorted(set(truth))
    best = 0.0
    for labels in itertools.permutations(sorted({t.speaker for t in turns} | {"?"}), len(voices)):
        mapping = dict(zip(labels, voices, strict=True))
        best = max(best, float(np.mean([mapping.get(h) == v for h, v in zip(hyp, truth, strict=True)])))
    return best


@pytest.mark.slow
def test_when_two_voices_alternate_then_two_speakers_found(
    diarizer: Diarizer, dialogue: tuple[npt.NDArray[np.float32], list[tuple[float, float, str]]]
) -> None:
    samples, _ = dialogue
    turns = diarizer.cluster(diarizer.embed(samples, speech_regions(samples), 0.0), None)
    assert {t.speaker for t in turns} == {"S0", "S1"}


@pytest.mark.slow
@pytest.mark.parametrize("n_speakers", [2, None])
def test_when_two_voices_alternate_then_turns_follow_the_synthesized_boundaries(
    diarizer: Diarizer,
    dialogue: tuple[npt.NDArray[np.float32], list[tuple[float, float, str]]],
    n_speakers: int | None,
) -> None:
    samples, reference = dialogue
    turns = diarizer.cluster(diarizer.embed(samples, speech_regions(samples), 0.0), n_speakers)
    _assert_sorted_disjoint(turns)
    assert len(turns) == len(DIALOGUE)
    assert _attributed_fraction(reference, turns) > 0.9


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["en-us+m3", "en-us+f2"])
def test_when_one_voice_speaks_then_one_speaker_found(diarizer: Diarizer, voice: str) -> None:
    parts = []
    for _, text in DIALOGUE:
        parts += [espeak(text, voice), silence(GAP_S)]
    samples = np.concatenate(parts)
    turns = diarizer.cluster(diarizer.embed(samples, speech_regions(samples), 0.0), None)
    assert {t.speaker for t in turns} == {"S0"}


@pytest.mark.slow
def test_when_embedding_a_later_chunk_then_window_times_are_absolute_unit_vectors(
    diarizer: Diarizer, dialogue: tuple[npt.NDArray[np.float32], list[tuple[float, float, str]]]
) -> None:
    samples, _ = dialogue
    regions = speech_regions(samples)
    windows = diarizer.embed(samples, regions, 300.0)
    assert windows
    assert min(w.start for w in windows) >= 300.0 + regions[0][0] - 1e-6
    assert max(w.end for w in windows) <= 300.0 + regions[-1][1] + 1e-6
    norms = np.linalg.norm(np.stack([w.vector for w in windows]), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)


@pytest.mark.slow
def test_when_no_speech_regions_then_no_windows(diarizer: Diarizer) -> None:
    assert diarizer.embed(silence(2.0), [], 0.0) == []
