"""openai-whisper (PyTorch) speech recogniser, fed by the checkpoint converted from the CT2 weights.

Slower than faster-whisper on CPU (see the README's benchmark) but a useful reference engine and the
path for clinics that already run PyTorch. Loaded from a file path only: ``whisper.load_model`` with a
bare model name would download, so the path is checked to be a file first.
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path
from typing import Any

import numpy as np

from service.domain.speech import RecognizedSegment, Word
from service.errors import ModelMissingError
from service.protocols import Samples
from service.transcribe.decoding import DECODING


def _heads_dump(heads: list[list[int]], n_layers: int, n_heads: int) -> bytes:
    mask = np.zeros((n_layers, n_heads), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


class OpenAIWhisperRecognizer:
    """Whisper on torch (CPU, float32 inference)."""

    engine = "openai-whisper"

    def __init__(
        self,
        checkpoint: Path,
        model_name: str,
        model_sha256: str,
        beam_size: int,
        cpu_threads: int,
        alignment_heads: list[list[int]] | None = None,
    ) -> None:
        import torch
        import whisper

        if not checkpoint.is_file():
            raise ModelMissingError(
                f"Model {model_name} checkpoint {checkpoint} is missing; run: "
                f"sessionnote models install {model_name}"
            )
        torch.set_num_threads(cpu_threads)
        self.model_name = model_name
        self.model_sha256 = model_sha256
        self._beam_size = beam_size
        self._model = whisper.load_model(str(checkpoint), device="cpu")
        if alignment_heads:
            # The CT2 config names the heads that align text to audio; better word times than the default.
            dims = self._model.dims
            self._model.set_alignment_heads(_heads_dump(alignment_heads, dims.n_text_layer, dims.n_text_head))
        self._english_only = not self._model.is_multilingual
        self._warm_tokenizer("en" if self._english_only else None)

    def _warm_tokenizer(self, language: str | None) -> None:
        """Build whisper's (cached) tokenizer now: it leaves its vocabulary file open, and the warning
        that raises at garbage collection belongs to the library, not to a request."""
        import gc
        import warnings

        from whisper.tokenizer import get_tokenizer

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            for lang in {language or "en", "en"}:
                get_tokenizer(
                    self._model.is_multilingual,
                    num_languages=self._model.num_languages,
                    language=lang,
                    task="transcribe",
                )
            gc.collect()

    def recognize(self, samples: Samples, language: str) -> list[RecognizedSegment]:
        """Decode speech-only audio with the same thresholds as the default engine."""
        options: dict[str, Any] = {"beam_size": self._beam_size} if self._beam_size > 1 else {}
        result = self._model.transcribe(
            samples,
            language="en" if self._english_only else language,
            fp16=False,
            verbose=None,
            word_timestamps=True,
            condition_on_previous_text=DECODING.condition_on_previous_text,
            temperature=DECODING.temperatures,
            compression_ratio_threshold=DECODING.compression_ratio_threshold,
            logprob_threshold=DECODING.log_prob_threshold,
            no_speech_threshold=DECODING.no_speech_threshold,
            hallucination_silence_threshold=DECODING.hallucination_silence_threshold,
            **options,
        )
        out = []
        for seg in result["segments"]:
            words = tuple(
                Word(
                    start=float(w["start"]),
                    end=float(w["end"]),
                    text=str(w["word"]),
                    probability=float(w["probability"]),
                )
                for w in seg.get("words", [])
                if str(w["word"]).strip()
            )
            out.append(
                RecognizedSegment(
                    start=float(seg["start"]),
                    end=float(seg["end"]),
                    text=str(seg["text"]).strip(),
                    words=words,
                    avg_logprob=float(seg["avg_logprob"]),
                    no_speech_prob=float(seg["no_speech_prob"]),
                    compression_ratio=float(seg["compression_ratio"]),
                )
            )
        return out
