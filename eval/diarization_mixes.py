"""Multi-speaker test recordings built from real turns of distinct real speakers, with exact references.

Group and family sessions have 3-8 voices; the shared data holds no such recording with a reference,
so this module makes them, deterministically and into a directory the caller owns (a temporary one:
audio derived from the data is never committed).

Where the real voices come from (``../shared/data``):
- ``asr/``: read-speech clips, one speaker group per clip (the manifest's ``speaker`` field:
  LibriVox, LJ Speech, CMU, JFK). A clip is one turn, trimmed of leading and trailing near-silence
  (frames more than 35 dB below the clip's loudest 20 ms frame).
- ``diarization/*.rttm``: the meeting clips' reference turns. The part of a labelled turn where no
  other labelled speaker overlaps it holds one voice only; such parts of 1 s or more are turns.

A mix takes turns from each chosen speaker in source order until the speaker has ``budget_s`` seconds,
brings every speaker to one speech level (real rooms differ; level must not be the cue), then deals
the turns out in rounds, each round in a seeded random speaker order with no speaker twice in a row,
separated by 0.3-1.2 s pauses, over a faint noise floor (no digital silence). The reference of a turn
is the whole placed turn, pauses inside it included, as in the meeting RTTMs: speech that a VAD drops
inside a turn is missed speech.
"""

from __future__ import annotations

import itertools
import json
import random
import wave
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.io import wavfile

SR = 16_000
Audio = npt.NDArray[np.float32]
Turn = tuple[float, float, str]

_TRIM_DB = 35.0
_FRAME = SR // 50  # 20 ms
_MIN_PIECE_S = 1.0
_LEVEL_DBFS = -26.0
_NOISE_DBFS = -60.0
_PAUSE_S = (0.3, 1.2)


@dataclass(frozen=True)
class Mix:
    """One built recording: where it was written and its reference turns."""

    name: str
    audio: Path
    reference: list[Turn]
    speakers: tuple[str, ...]


def _read_wav(path: Path) -> Audio:
    """16 kHz mono WAV, 16-bit PCM or 32-bit float (the meeting clips are float)."""
    rate, data = wavfile.read(path)
    samples = np.asarray(data)
    if rate != SR or samples.ndim != 1:
        raise ValueError(f"{path}: expected 16 kHz mono WAV")
    scale = 32768.0 if samples.dtype == np.int16 else 1.0
    out: Audio = (samples.astype(np.float32) / np.float32(scale)).astype(np.float32)
    return out


def _write_wav(path: Path, samples: Audio) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())


def _trim(x: Audio) -> Audio:
    """The clip from its first to its last frame within ``_TRIM_DB`` of its loudest frame."""
    n = x.size // _FRAME
    if n == 0:
        return x
    rms = np.sqrt(np.mean(np.square(x[: n * _FRAME].reshape(n, _FRAME)), axis=1))
    db = 20 * np.log10(rms + 1e-9)
    voiced = np.flatnonzero(db > db.max() - _TRIM_DB)
    return x[voiced[0] * _FRAME : (voiced[-1] + 1) * _FRAME]


def _read_rttm(path: Path) -> dict[str, list[Turn]]:
    out: dict[str, list[Turn]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[0] == "SPEAKER":
            start = float(parts[3])
            out[parts[1]].append((start, start + float(parts[4]), parts[7]))
    return dict(out)


def _alone(turns: list[Turn]) -> list[Turn]:
    """Each turn minus the stretches where any other speaker's turn overlaps it."""
    out: list[Turn] = []
    for start, end, who in sorted(turns):
        pieces = [(start, end)]
        for s, e, other in turns:
            if other == who:
                continue
            pieces = [p for a, b in pieces for p in ((a, min(b, s)), (max(a, e), b)) if p[1] > p[0]]
        out += [(a, b, who) for a, b in pieces]
    return out


def real_voices(data_dir: Path) -> dict[str, list[Audio]]:
    """Every real speaker of the shared data with their single-speaker turns, in source order."""
    voices: dict[str, list[Audio]] = defaultdict(list)
    asr = data_dir / "asr"
    for line in (asr / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        clip = json.loads(line)
        if clip.get("speaker") and not clip.get("synthetic"):
            voices[f"asr:{clip['speaker']}"].append(_trim(_read_wav(asr / clip["audio"])))
    diar = data_dir / "diarization"
    for rttm in sorted(diar.glob("*.rttm")):
        for uri, turns in sorted(_read_rttm(rttm).items()):
            samples = _read_wav(diar / f"{uri}.wav")
            for start, end, who in _alone(turns):
                if end - start >= _MIN_PIECE_S:
                    voices[f"meeting:{who}"].append(samples[int(start * SR) : int(end * SR)])
    return dict(voices)


def seconds(turns: list[Audio]) -> float:
    """Total length of some turns in seconds."""
    return sum(t.size for t in turns) / SR


def _deal(speakers: list[str], counts: dict[str, int], rng: random.Random) -> list[str]:
    """The order of turns: rounds over the speakers with turns left, never one speaker twice running."""
    left = dict(counts)
    order: list[str] = []
    while any(left.values()):
        round_ = [s for s in speakers if left[s]]
        rng.shuffle(round_)
        if order and len(round_) > 1 and round_[0] == order[-1]:
            round_.append(round_.pop(0))
        for s in round_:
            order.append(s)
            left[s] -= 1
    return order


def _quietest_cut(turn: Audio, at_s: float) -> int:
    """A sample index near ``at_s`` seconds at the quietest 20 ms frame within 0.5 s of it."""
    lo = max(_FRAME, int((at_s - 0.5) * SR)) // _FRAME
    hi = min(turn.size - _FRAME, int((at_s + 0.5) * SR)) // _FRAME
    if hi <= lo:
        return min(turn.size, int(at_s * SR))
    frames = turn[lo * _FRAME : hi * _FRAME].reshape(hi - lo, _FRAME)
    return (lo + int(np.argmin(np.mean(np.square(frames), axis=1)))) * _FRAME + _FRAME // 2


def take(turns: list[Audio], budget_s: float) -> list[Audio]:
    """Turns in source order until ``budget_s`` seconds; the last one cut in a quiet frame near the budget."""
    taken: list[Audio] = []
    for turn in turns:
        remaining = budget_s - seconds(taken)
        if remaining < _MIN_PIECE_S:
            break
        if turn.size / SR > remaining + _MIN_PIECE_S:
            turn = turn[: _quietest_cut(turn, remaining)]
        taken.append(turn)
    return taken


def build_mix(
    name: str, voices: dict[str, list[Audio]], budgets: dict[str, float], seed: int, out: Path
) -> Mix:
    """Write ``out/name.wav`` with turns of each speaker up to its budget; return it with its reference."""
    rng = random.Random(seed)
    chosen: dict[str, list[Audio]] = {}
    for who, budget in budgets.items():
        taken = take(voices[who], budget)
        level = float(np.sqrt(np.mean(np.square(np.concatenate(taken)))))
        gain = 10 ** (_LEVEL_DBFS / 20) / max(level, 1e-6)
        chosen[who] = [(t * gain).astype(np.float32) for t in taken]
    speakers = list(budgets)
    order = _deal(speakers, {s: len(t) for s, t in chosen.items()}, rng)
    next_turn = dict.fromkeys(speakers, 0)
    pieces: list[Audio] = []
    reference: list[Turn] = []
    cursor = 0
    for who in order:
        pause = np.zeros(int(rng.uniform(*_PAUSE_S) * SR), dtype=np.float32)
        turn = chosen[who][next_turn[who]]
        next_turn[who] += 1
        pieces += [pause, turn]
        cursor += pause.size
        reference.append((cursor / SR, (cursor + turn.size) / SR, who))
        cursor += turn.size
    pieces.append(np.zeros(int(_PAUSE_S[0] * SR), dtype=np.float32))
    audio = np.concatenate(pieces)
    noise = np.random.default_rng(seed).standard_normal(audio.size).astype(np.float32)
    audio = audio + noise * np.float32(10 ** (_NOISE_DBFS / 20))
    path = out / f"{name}.wav"
    _write_wav(path, audio.astype(np.float32))
    return Mix(name, path, reference, tuple(speakers))


@dataclass(frozen=True)
class MixSet:
    """A family of mixes of ``size`` real speakers and about ``speech_s`` seconds of speech.

    ``shares``: "equal", or "zipf" (the k-th speaker by talk time gets a share proportional to 1/k,
    as talk time is spread in groups: one or two voices lead, the rest speak less). ``voices``: a
    prefix the speakers' names must start with ("" for every real voice, "meeting:" for the
    spontaneous meeting voices only). ``count``: how many combinations, drawn without repetition
    with a fixed seed (None: every combination).
    """

    group: str
    size: int
    speech_s: float
    shares: str = "equal"
    voices: str = ""
    count: int | None = None
    min_voice_s: float = 9.0


def _budgets(speakers: tuple[str, ...], spec: MixSet, rng: random.Random) -> dict[str, float]:
    ranked = list(speakers)
    rng.shuffle(ranked)
    weights = [1.0 / (k + 1) if spec.shares == "zipf" else 1.0 for k in range(len(ranked))]
    return {who: spec.speech_s * w / sum(weights) for who, w in zip(ranked, weights, strict=True)}


def build_set(spec: MixSet, voices: dict[str, list[Audio]], out: Path) -> list[Mix]:
    """The mixes of one set, in a fixed order, each seeded by its position."""
    eligible = sorted(
        v for v, turns in voices.items() if v.startswith(spec.voices) and seconds(turns) >= spec.min_voice_s
    )
    combos = list(itertools.combinations(eligible, spec.size))
    rng = random.Random(f"{spec.group}/{spec.size}/{spec.speech_s}")
    if spec.count is not None and spec.count < len(combos):
        combos = sorted(rng.sample(combos, spec.count))
    mixes = []
    for i, combo in enumerate(combos):
        seed = rng.randrange(1 << 30)
        name = f"{spec.group.replace(' ', '_')}_{i:02d}"
        mixes.append(build_mix(name, voices, _budgets(combo, spec, random.Random(seed)), seed, out))
    return mixes
