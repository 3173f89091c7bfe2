"""The transcribe stage: decode in chunks -> VAD -> recognise speech only -> guards -> speakers -> roles.

Memory stays bounded on long sessions: audio is decoded block by block, processed in chunks of
``chunk_minutes`` cut at a pause, and only words, small speaker embeddings and per-frame channel
energies are kept between chunks.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from service.domain.speech import EmbeddedWindow, Word
from service.domain.transcript import Transcript
from service.errors import NoSpeechError
from service.log import get_logger
from service.protocols import Diarizer, ProgressCallback, Samples, SpeechRecognizer
from service.transcribe.audio import SAMPLE_RATE, Block, iter_blocks, probe
from service.transcribe.channels import ChannelEnergy
from service.transcribe.guards import clean_segments
from service.transcribe.roles import assign_roles, relabel
from service.transcribe.utterances import build_utterances, speakers_by_overlap
from service.transcribe.vad import Region, speech_regions

log = get_logger("transcribe")
_BLOCK_S = 30.0
# A chunk is cut in a pause found in its last stretch of this length.
_CUT_SEARCH_S = 30.0


def _no_progress(stage: str, fraction: float) -> None:
    return None


def cut_point(regions: list[Region], length_s: float) -> float:
    """Where to end a chunk: the middle of the latest pause in the last ``_CUT_SEARCH_S`` seconds.

    Falls back to the end of the buffer when there is no pause there (one very long utterance).
    """
    if not regions or regions[-1][1] < length_s - 1.0:
        return length_s if not regions else min(length_s, regions[-1][1] + 0.5)
    for (_, prev_end), (next_start, _) in zip(reversed(regions[:-1]), reversed(regions[1:]), strict=True):
        mid = (prev_end + next_start) / 2
        if mid < length_s - _CUT_SEARCH_S:
            break
        if mid < length_s - 1.0:
            return mid
    return length_s


def concat_speech(samples: Samples, regions: list[Region]) -> tuple[Samples, list[tuple[float, float]]]:
    """Speech regions joined end to end, with (position in joined audio, original start) per region."""
    pieces, index, position = [], [], 0.0
    for start, end in regions:
        piece = samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
        pieces.append(piece)
        index.append((position, start))
        position += piece.size / SAMPLE_RATE
    joined = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return joined.astype(np.float32, copy=False), index


def restore_time(t: float, index: list[tuple[float, float]]) -> float:
    """Map a time in the joined speech back to the original chunk's timeline."""
    chosen = index[0]
    for entry in index:
        if entry[0] <= t:
            chosen = entry
        else:
            break
    return chosen[1] + (t - chosen[0])


class RecordingTranscriber:
    """Implements the ``Transcriber`` protocol for any ``SpeechRecognizer``."""

    def __init__(
        self,
        recognizer: SpeechRecognizer,
        diarizer: Diarizer | None,
        language: str,
        max_minutes: float,
        chunk_minutes: float,
    ) -> None:
        self.recognizer = recognizer
        self.diarizer = diarizer
        self.language = language
        self.max_minutes = max_minutes
        self.chunk_s = chunk_minutes * 60

    def _chunks(self, audio: Path) -> Iterator[tuple[float, Block, list[Region]]]:
        """(offset seconds, (channels, n) samples, speech regions relative to the chunk)."""
        buffer: Block | None = None
        start = 0.0
        for block in iter_blocks(audio, _BLOCK_S, self.max_minutes):
            buffer = block if buffer is None else np.concatenate([buffer, block], axis=1)
            if buffer.shape[1] < self.chunk_s * SAMPLE_RATE:
                continue
            regions = speech_regions(buffer.mean(axis=0))
            length = buffer.shape[1] / SAMPLE_RATE
            cut = cut_point(regions, length)
            inside = [(s, min(e, cut)) for s, e in regions if s < cut]
            n = int(cut * SAMPLE_RATE)
            yield start, buffer[:, :n], inside
            buffer, start = buffer[:, n:], start + n / SAMPLE_RATE
        if buffer is not None and buffer.shape[1]:
            yield start, buffer, speech_regions(buffer.mean(axis=0))

    def transcribe(
        self, audio: Path, *, speakers: int | None = None, progress: ProgressCallback | None = None
    ) -> Transcript:
        """Transcribe a recording; raises AudioError/NoSpeechError with a sentence naming the file."""
        began = time.perf_counter()
        notify = progress or _no_progress
        info = probe(audio, self.max_minutes)
        words: list[Word] = []
        windows: list[EmbeddedWindow] = []
        energy = ChannelEnergy() if info.channels == 2 else None
        decoded_s = 0.0
        notify("transcribe", 0.0)
        for offset, block, regions in self._chunks(audio):
            mono = block.mean(axis=0).astype(np.float32, copy=False)
            decoded_s = offset + block.shape[1] / SAMPLE_RATE
            if energy is not None:
                energy.add(block)
            if regions:
                joined, index = concat_speech(mono, regions)
                for seg in clean_segments(self.recognizer.recognize(joined, self.language)):
                    words.extend(
                        w.model_copy(
                            update={
                                "start": offset + restore_time(w.start, index),
                                "end": offset + restore_time(w.end, index),
                            }
                        )
                        for w in seg.words
                    )
                if self.diarizer is not None and speakers != 1:
                    windows.extend(self.diarizer.embed(mono, regions, offset))
            notify("transcribe", min(1.0, decoded_s / info.duration_s) if info.duration_s else 0.5)
        if not words:
            raise NoSpeechError(
                f"{audio}: no speech was detected in the recording (silence or noise only); "
                "there is nothing to transcribe or draft."
            )
        notify("speakers", 0.0)
        if energy is not None and energy.voices_split():
            labels = energy.speakers_of(words)
        elif self.diarizer is not None and windows and speakers != 1:
            labels = speakers_by_overlap(words, self.diarizer.cluster(windows, speakers))
        else:
            labels = ["S0"] * len(words)
        utterances = build_utterances(words, labels)
        roles = assign_roles(utterances)
        notify("speakers", 1.0)
        elapsed = time.perf_counter() - began
        log.info(
            "transcribed %.1f s of audio in %.1f s (%d utterances, %d speakers)",
            decoded_s,
            elapsed,
            len(utterances),
            len(roles),
        )
        return Transcript(
            utterances=tuple(relabel(utterances, roles)),
            speakers={role: "assigned by heuristic; correctable" for role in roles.values()},
            engine=self.recognizer.engine,
            model=self.recognizer.model_name,
            model_sha256=self.recognizer.model_sha256,
            language=self.language,
            duration_s=round(decoded_s, 3),
            processing_s=round(elapsed, 3),
        )
