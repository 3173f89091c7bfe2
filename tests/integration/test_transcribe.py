"""The transcribe stage with real models on real and synthesised speech."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import av
import jiwer
import numpy as np
import numpy.typing as npt
import pytest
from av.audio.stream import AudioStream

from eval.text_norm import english_normalizer
from service.config import load_settings
from service.container import Container
from service.errors import NoSpeechError
from service.transcribe.audio import decode_all
from tests.conftest import JFK_WORDS, SR, espeak, silence, write_wav

pytestmark = pytest.mark.slow


def _words(text: str) -> str:
    return english_normalizer()(text)


def test_when_default_model_transcribes_real_clip_then_words_of_its_content(
    container: Container, jfk_wav: Path
) -> None:
    transcript = container.transcriber().transcribe(jfk_wav)
    text = _words(transcript.text)
    assert "fellow americans" in text
    assert "what you can do for your country" in text
    assert transcript.engine == "faster-whisper"
    assert transcript.model == "whisper-tiny.en-ct2"
    assert transcript.model_sha256 == container.model_store.sha256("whisper-tiny.en-ct2")
    assert transcript.duration_s == pytest.approx(11.0, abs=0.05)
    assert transcript.processing_s is not None
    assert transcript.processing_s > 0


def test_when_openai_whisper_engine_transcribes_real_clip_then_same_words(
    container: Container, jfk_wav: Path
) -> None:
    transcript = container.transcriber("openai-whisper", "tiny.en").transcribe(jfk_wav)
    assert transcript.engine == "openai-whisper"
    assert jiwer.wer(JFK_WORDS, _words(transcript.text)) <= 0.1


def _encode(src: Path, dest: Path, codec: str, rate: int = SR) -> Path:
    """Re-encode a mono wav with PyAV (the formats browsers and phones produce)."""
    samples = decode_all(src)
    with av.open(str(dest), "w") as out:
        stream = out.add_stream(codec, rate=rate)
        assert isinstance(stream, AudioStream)  # every codec passed in is an audio codec
        stream.layout = "mono"
        frame_len = 960 if codec in ("libopus", "opus") else 1024
        pcm = (samples * 32767).astype(np.int16)
        if rate != SR:
            pcm = np.interp(np.arange(0, pcm.size, SR / rate), np.arange(pcm.size), pcm).astype(np.int16)
        for i in range(0, pcm.size, frame_len):
            frame = av.AudioFrame.from_ndarray(pcm[None, i : i + frame_len], format="s16", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return dest


@pytest.mark.parametrize(
    ("suffix", "codec", "rate"),
    [
        ("mp3", "libmp3lame", 16000),
        ("m4a", "aac", 16000),
        ("ogg", "libopus", 48000),
        ("webm", "libopus", 48000),
        ("flac", "flac", 16000),
        ("wav", "pcm_s16le", 16000),
    ],
)
def test_when_recording_is_in_common_format_then_transcribed(
    container: Container, jfk_wav: Path, tmp_path: Path, suffix: str, codec: str, rate: int
) -> None:
    path = _encode(jfk_wav, tmp_path / f"clip.{suffix}", codec, rate)
    transcript = container.transcriber("faster-whisper", "tiny.en").transcribe(path)
    assert "fellow americans" in _words(transcript.text)


def test_when_clip_padded_with_long_silence_and_room_noise_then_only_its_words(
    container: Container, jfk_wav: Path, tmp_path: Path
) -> None:
    rng = np.random.default_rng(7)
    clip = decode_all(jfk_wav)

    def room(seconds: float) -> npt.NDArray[np.float32]:
        # Brown-ish noise (HVAC rumble) plus faint hiss, well below speech level.
        white = rng.normal(0, 1, int(seconds * SR)).astype(np.float32)
        brown = np.cumsum(white)
        brown = brown - np.convolve(brown, np.ones(4000) / 4000, mode="same")
        peak = float(np.abs(brown).max())
        return (0.004 * brown / (peak + 1e-9) + 0.002 * white).astype(np.float32)

    padded = np.concatenate([room(40), clip, room(60), silence(30), room(20)])
    path = write_wav(tmp_path / "padded.wav", padded)
    transcript = container.transcriber().transcribe(path)
    measures = jiwer.process_words(JFK_WORDS, _words(transcript.text))
    assert measures.insertions == 0, transcript.text
    assert measures.wer <= 0.1, transcript.text
    assert transcript.utterances[0].start >= 39.0
    assert transcript.utterances[-1].end <= 40 + clip.size / SR + 1.0  # nothing in the padding


def test_when_recording_is_silent_or_noise_only_then_no_speech_error(
    container: Container, tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    path = write_wav(tmp_path / "noise.wav", (0.003 * rng.normal(0, 1, 20 * SR)).astype(np.float32))
    with pytest.raises(NoSpeechError, match="no speech was detected"):
        container.transcriber().transcribe(path)


def _dialogue() -> list[tuple[str, str]]:
    return [
        ("therapist", "How has your week been since we last met?"),
        ("client", "It was hard. I missed two days of work because I could not sleep."),
        ("therapist", "What was going through your mind at night?"),
        ("client", "Mostly worry about money and whether I will lose the apartment."),
        ("therapist", "When you notice that worry, what do you usually do?"),
        ("client", "I check my bank account again and again, and then I feel worse."),
    ]


def test_when_stereo_has_one_voice_per_channel_then_split_by_channel_and_roles_assigned(
    container: Container, tmp_path: Path
) -> None:
    left: list[npt.NDArray[np.float32]] = []
    right: list[npt.NDArray[np.float32]] = []
    for role, text in _dialogue():
        voice = espeak(text, "en-us+m3" if role == "therapist" else "en-us+f2")
        gap = silence(0.6)
        mine, other = (left, right) if role == "therapist" else (right, left)
        mine.extend([voice, gap])
        other.extend([silence(voice.size / SR), gap])
    stereo = np.stack([np.concatenate(left), np.concatenate(right)])
    path = write_wav(tmp_path / "stereo.wav", stereo)
    transcript = container.transcriber().transcribe(path)
    speakers = [u.speaker for u in transcript.utterances]
    assert set(speakers) == {"therapist", "client"}
    assert speakers == [role for role, _ in _dialogue()]
    assert "bank account" in _words(transcript.utterances[-1].text)


def test_when_mono_dialogue_then_diarized_into_therapist_and_client(
    container: Container, tmp_path: Path
) -> None:
    parts = []
    for role, text in _dialogue():
        parts += [espeak(text, "en-us+m3" if role == "therapist" else "en-us+f2"), silence(0.6)]
    path = write_wav(tmp_path / "mono.wav", np.concatenate(parts))
    transcript = container.transcriber().transcribe(path, speakers=2)
    assert [u.speaker for u in transcript.utterances] == [role for role, _ in _dialogue()]


def test_when_transcribing_then_progress_reported_in_order_up_to_done(
    container: Container, jfk_wav: Path
) -> None:
    seen: list[tuple[str, float]] = []
    container.transcriber().transcribe(jfk_wav, progress=lambda stage, f: seen.append((stage, f)))
    fractions = [f for stage, f in seen if stage == "transcribe"]
    assert fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0)
    assert seen[-1] == ("speakers", 1.0)


def test_when_session_is_long_then_decoded_audio_is_not_held_whole(tmp_path: Path, jfk_wav: Path) -> None:
    """A 55-minute recording: peak traced allocation stays far below the 211 MB of its decoded audio."""
    minutes = 55
    clip = decode_all(jfk_wav)
    rng = np.random.default_rng(1)
    path = tmp_path / "long.flac"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=SR)
        stream.layout = "mono"
        for minute in range(minutes):
            block = (0.001 * rng.normal(0, 1, 60 * SR)).astype(np.float32)
            if minute in (0, minutes - 1):
                block[5 * SR : 5 * SR + clip.size] += clip
            frame = av.AudioFrame.from_ndarray(
                (block * 32767).astype(np.int16)[None], format="s16", layout="mono"
            )
            frame.sample_rate = SR
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    c = Container(load_settings(whisper_model="tiny.en", diarization=False))
    stage = c.transcriber()
    tracemalloc.start()
    transcript = stage.transcribe(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    whole = minutes * 60 * SR * 4
    assert peak < whole / 3, f"peak {peak / 1e6:.0f} MB vs {whole / 1e6:.0f} MB decoded"
    assert transcript.duration_s == pytest.approx(minutes * 60, abs=1)
    text = _words(transcript.text)
    assert text.count("fellow americans") == 2
    assert transcript.utterances[-1].start > (minutes - 1) * 60
