"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) for meaning-based extraction.

Why embeddings: a therapist explains "what happens in your body when you panic" without the word
psychoeducation, and a client tells self-harm by its method without the word. Each utterance is
compared with short descriptions and exemplars written from clinical definitions
(``prompts/vocabulary/exemplars/``), so wording never seen in development still lands near its meaning.

onnxruntime with 2 threads embeds about 60-80 sentences a second on 2 cores (../shared/MODELS.md
section 8) and loads in well under a second; vectors are mean-pooled over the attention mask and
L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from service.errors import ModelMissingError

Vectors = npt.NDArray[np.float32]
_MAX_TOKENS = 128  # utterances are cut; the opening of a long turn carries what it is about
_BATCH = 32
_CACHE = 4096


class OnnxSentenceEmbedder:
    """Implements ``SentenceEmbedder``; thread-safe, with a small cache for repeated texts."""

    dimension = 384

    def __init__(self, model_dir: Path, model_sha256: str, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        onnx, tokenizer = model_dir / "model.onnx", model_dir / "tokenizer.json"
        if not onnx.is_file() or not tokenizer.is_file():
            raise ModelMissingError(
                f"Embedding model in {model_dir} is missing; run: sessionnote models install"
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.enable_padding()
        self.model_sha256 = model_sha256
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Vectors] = OrderedDict()

    def _encode(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (np.asarray(hidden, dtype=np.float32) * weights).sum(axis=1) / np.maximum(
            weights.sum(axis=1), 1e-9
        )
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: Vectors = (pooled / np.maximum(norms, 1e-9)).astype(np.float32)
        return out

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text (rows in input order)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with self._lock:
            known = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
            missing = [t for t in dict.fromkeys(texts) if t not in known]
            for start in range(0, len(missing), _BATCH):
                batch = missing[start : start + _BATCH]
                known.update(zip(batch, self._encode(batch), strict=True))
            for text, vector in known.items():
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        for row, text in enumerate(texts):
            out[row] = known[text]
        return out
