"""Chunk cutting and speech concatenation keep timestamps exact."""

from __future__ import annotations

import numpy as np

from service.transcribe.pipeline import concat_speech, cut_point, restore_time


def test_when_pause_near_chunk_end_then_cut_in_that_pause() -> None:
    regions = [(0.0, 100.0), (101.0, 280.0), (282.0, 300.0)]
    assert cut_point(regions, 300.0) == 281.0


def test_when_no_pause_near_end_then_cut_at_buffer_end() -> None:
    assert cut_point([(0.0, 300.0)], 300.0) == 300.0


def test_when_speech_ended_before_buffer_end_then_cut_after_it() -> None:
    assert cut_point([(0.0, 100.0)], 300.0) == 100.5


def test_when_speech_regions_joined_then_times_map_back_to_original() -> None:
    samples = np.arange(16_000 * 10, dtype=np.float32)
    joined, index = concat_speech(samples, [(1.0, 2.0), (5.0, 7.0)])
    assert joined.size == 16_000 * 3
    assert restore_time(0.5, index) == 1.5
    assert restore_time(1.5, index) == 5.5
