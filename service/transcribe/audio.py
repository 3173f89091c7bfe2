"""Audio input: validation and streaming decode to 16 kHz float32 with PyAV.

Accepts whatever FFmpeg (bundled in PyAV) reads: wav, mp3, m4a/aac, ogg/opus, webm, flac, ...
Decoding streams block by block so a 50-minute session is never held in memory whole.
Every failure is an :class:`AudioError` naming the file and the problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from service.errors import AudioError

SAMPLE_RATE = 16_000
Block = npt.NDArray[np.float32]  # shape (channels, samples)


@dataclass(frozen=True)
class AudioInfo:
    """What a recording holds, read from its container before decoding."""

    path: Path
    duration_s: float
    channels: int
    codec: str


def _open(path: Path) -> av.container.InputContainer:
    if not path.exists():
        raise AudioError(f"{path}: file not found.")
    if path.is_dir():
        raise AudioError(f"{path} is a directory, not a recording.")
    if path.stat().st_size == 0:
        raise AudioError(f"{path} is empty (0 bytes).")
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        raise AudioError(f"{path} is not a recording SessionNote can read (not audio, or corrupt).") from None


def _scan_duration(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float:
    """Sum packet durations when the header has none (e.g. browser-made webm)."""
    total = 0.0
    tb = float(stream.time_base) if stream.time_base else 0.0
    for packet in container.demux(stream):
        if packet.duration and tb:
            total += packet.duration * tb
    return total


def probe(path: Path, max_minutes: float) -> AudioInfo:
    """Check that ``path`` is a readable recording within the length limit."""
    container = _open(path)
    try:
        if not container.streams.audio:
            raise AudioError(f"{path} is not a recording SessionNote can read: it has no audio track.")
        stream = container.streams.audio[0]
        duration = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / av.time_base
        if duration <= 0:
            try:
                duration = _scan_duration(container, stream)
            except av.error.FFmpegError:
                raise AudioError(f"{path} is corrupt: its audio packets cannot be read.") from None
        channels = stream.codec_context.channels or 1
        codec = stream.codec_context.name
    finally:
        container.close()
    if duration > max_minutes * 60:
        raise AudioError(
            f"{path} is {duration / 60:.0f} minutes long; the limit is {max_minutes:g} minutes "
            "(SESSIONNOTE_MAX_AUDIO_MINUTES)."
        )
    return AudioInfo(path=path, duration_s=duration, channels=channels, codec=codec)


def iter_blocks(path: Path, block_s: float, max_minutes: float, keep_stereo: bool = True) -> Iterator[Block]:
    """Yield consecutive blocks of about ``block_s`` seconds, shape (1 or 2, n), 16 kHz float32.

    Stereo is kept as two channels (one voice per channel is a speaker cue); more channels are mixed
    to mono. Raises :class:`AudioError` if decoding fails part-way or the decoded audio exceeds the
    length limit (headers can lie).
    """
    container = _open(path)
    try:
        if not container.streams.audio:
            raise AudioError(f"{path} is not a recording SessionNote can read: it has no audio track.")
        stream = container.streams.audio[0]
        stereo = keep_stereo and (stream.codec_context.channels or 1) == 2
        resampler = av.AudioResampler(format="fltp", layout="stereo" if stereo else "mono", rate=SAMPLE_RATE)
        block_len = int(block_s * SAMPLE_RATE)
        limit = int(max_minutes * 60 * SAMPLE_RATE)
        pending: list[Block] = []
        pending_len = decoded = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    arr = out.to_ndarray().astype(np.float32, copy=False)
                    pending.append(arr)
                    pending_len += arr.shape[1]
                    decoded += arr.shape[1]
                    if decoded > limit:
                        raise AudioError(
                            f"{path} runs past the limit of {max_minutes:g} minutes "
                            "(SESSIONNOTE_MAX_AUDIO_MINUTES)."
                        )
                    while pending_len >= block_len:
                        joined = np.concatenate(pending, axis=1)
                        yield joined[:, :block_len]
                        rest = joined[:, block_len:]
                        pending, pending_len = ([rest] if rest.shape[1] else []), rest.shape[1]
            for out in resampler.resample(None):
                pending.append(out.to_ndarray().astype(np.float32, copy=False))
                decoded += pending[-1].shape[1]
        except av.error.FFmpegError:
            raise AudioError(
                f"{path} is corrupt: decoding failed at {decoded / SAMPLE_RATE:.1f} s into the audio."
            ) from None
        if decoded == 0:
            raise AudioError(f"{path} contains no audio samples.")
        if pending:
            tail = np.concatenate(pending, axis=1)
            if tail.shape[1]:
                yield tail
    finally:
        container.close()


def decode_all(path: Path, max_minutes: float = 600.0) -> Block:
    """Decode a whole (short) file to mono; for tests and evaluation, not for sessions."""
    blocks = [b.mean(axis=0, keepdims=True) for b in iter_blocks(path, 60.0, max_minutes, keep_stereo=False)]
    return np.asarray(np.concatenate(blocks, axis=1)[0], dtype=np.float32)
