"""faster-whisper (CTranslate2, int8 on CPU) speech recogniser: the default engine."""

from __future__ import annotations

from pathlib import Path

from faster_whisper import WhisperModel

from service.domain.speech import RecognizedSegment, Word
from service.protocols import Samples
from service.transcribe.decoding import DECODING


class FasterWhisperRecognizer:
    """Loads a CT2 Whisper model from a local directory once; never contacts a model hub."""

    engine = "faster-whisper"

    def __init__(
        self, model_dir: Path, model_name: str, model_sha256: str, beam_size: int, cpu_threads: int
    ) -> None:
        self.model_name = model_name
        self.model_sha256 = model_sha256
        self._beam_size = beam_size
        self._english_only = model_name.endswith(".en") or ".en-" in model_name
        # A str path (not Path) is required by ctranslate2's constructor.
        self._model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=cpu_threads)

    def recognize(self, samples: Samples, language: str) -> list[RecognizedSegment]:
        """Decode speech-only audio; VAD was applied by the caller, so ``vad_filter`` stays off."""
        segments, _info = self._model.transcribe(
            samples,
            language="en" if self._english_only else language,
            beam_size=self._beam_size,
            vad_filter=False,
            word_timestamps=True,
            condition_on_previous_text=DECODING.condition_on_previous_text,
            temperature=DECODING.temperatures,
            compression_ratio_threshold=DECODING.compression_ratio_threshold,
            log_prob_threshold=DECODING.log_prob_threshold,
            no_speech_threshold=DECODING.no_speech_threshold,
            hallucination_silence_threshold=DECODING.hallucination_silence_threshold,
        )
        out = []
        for seg in segments:
            words = tuple(
                Word(start=w.start, end=w.end, text=w.word, probability=w.probability)
                for w in (seg.words or [])
                if w.word.strip()
            )
            out.append(
                RecognizedSegment(
                    start=seg.start,
                    end=seg.end,
                    text=seg.text.strip(),
                    words=words,
                    avg_logprob=seg.avg_logprob,
                    no_speech_prob=seg.no_speech_prob,
                    compression_ratio=seg.compression_ratio,
                )
            )
        return out
