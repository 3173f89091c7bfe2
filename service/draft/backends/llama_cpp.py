"""llama-cpp-python backend: any local GGUF, JSON-schema-constrained decoding (compiled to a grammar)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from service.errors import ModelMissingError


class LlamaCppChat:
    """A GGUF model loaded once; calls are serialised (a llama context is not thread-safe)."""

    engine = "llama-cpp"

    def __init__(
        self,
        model_path: Path,
        model_name: str,
        model_sha256: str,
        threads: int,
        n_ctx: int = 4096,
        seed: int = 0,
    ) -> None:
        from llama_cpp import Llama

        if not model_path.is_file():
            raise ModelMissingError(f"Model file {model_path} is missing; run: sessionnote models install")
        self.model_name = model_name
        self.model_sha256: str | None = model_sha256
        # use_mmap=False: the CPU build repacks weights, so mmap would hold the file twice in memory.
        self._llm = Llama(
            model_path=str(model_path),
            n_ctx=n_ctx,
            n_threads=threads,
            seed=seed,
            use_mmap=False,
            verbose=False,
        )
        self._lock = threading.Lock()

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        """Greedy decoding constrained to ``schema``."""
        with self._lock:
            result: Any = self._llm.create_chat_completion(
                messages=messages,  # type: ignore[arg-type]
                temperature=0.0,
                max_tokens=max_tokens,
                response_format={"type": "json_object", "schema": schema},
            )
        return str(result["choices"][0]["message"]["content"] or "")
