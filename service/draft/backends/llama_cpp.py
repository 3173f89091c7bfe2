"""llama-cpp-python backend: any local GGUF, JSON-schema-constrained decoding (compiled to a grammar).

Extra buffer types. llama.cpp can load weights into "extra" buffers: repacked layouts that speed up
the quantised kernels, and on CPUs with AMX an AMX buffer. llama-cpp-python 0.3.36 built with AMX
crashes (SIGSEGV) on the AMX buffer, so ``extra_buffers="auto"`` turns extra buffers off exactly when
the loaded llama.cpp library was built with AMX, and keeps them (repacking) everywhere else. The
portable build that ``make`` produces has no AMX (README "Drafting model"), so auto means on there.
The library has no constructor argument for this; the model parameters are set through
``llama_model_default_params``, which ``Llama`` calls while loading.

This class runs inside the model process (``service.draft.backends.model_process``), never in the
user's command or the service's worker, so a native crash cannot take them down.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Literal

from service.domain.draft import ModelUsage
from service.errors import ModelMissingError

ExtraBuffers = Literal["auto", "on", "off"]


@cache
def build_features() -> str:
    """The CPU features the loaded llama.cpp library was compiled with (its system-info line)."""
    import llama_cpp.llama_cpp as raw

    return bytes(raw.llama_print_system_info()).decode("utf-8", "replace").strip()


def build_uses_amx() -> bool:
    """Whether the loaded llama.cpp build has AMX kernels (and so an AMX extra buffer type)."""
    return any(f"{name} = 1" in build_features() for name in ("AMX_INT8", "AMX_BF16"))


def use_extra_buffers(mode: ExtraBuffers) -> bool:
    """The extra-buffer decision for ``mode``."""
    if mode == "auto":
        return not build_uses_amx()
    return mode == "on"


@contextmanager
def _model_params(extra_buffers: bool) -> Iterator[None]:
    import llama_cpp.llama_cpp as raw

    original = raw.llama_model_default_params

    def patched() -> Any:
        params = original()
        params.use_extra_bufts = extra_buffers
        return params

    raw.llama_model_default_params = patched
    try:
        yield
    finally:
        raw.llama_model_default_params = original


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
        extra_buffers: ExtraBuffers = "auto",
        n_batch: int = 512,
    ) -> None:
        from llama_cpp import Llama

        if not model_path.is_file():
            raise ModelMissingError(f"Model file {model_path} is missing; run: sessionnote models install")
        self.model_name = model_name
        self.model_sha256: str | None = model_sha256
        self.extra_buffers = use_extra_buffers(extra_buffers)
        # use_mmap=False: the CPU build repacks weights, so mmap would hold the file twice in memory.
        with _model_params(self.extra_buffers):
            self._llm = Llama(
                model_path=str(model_path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_batch=n_batch,
                seed=seed,
                use_mmap=False,
                verbose=False,
            )
        self._lock = threading.Lock()
        self._usage = ModelUsage()

    def close(self) -> None:
        """Free the llama.cpp context and weights."""
        self._llm.close()

    def usage(self) -> ModelUsage:
        """Tokens and seconds spent so far, prompt and generation apart (llama.cpp's own counters)."""
        return self._usage

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        """Greedy decoding constrained to ``schema``."""
        import llama_cpp.llama_cpp as raw

        with self._lock:
            began = time.perf_counter()
            result: Any = self._llm.create_chat_completion(
                messages=messages,  # type: ignore[arg-type]
                temperature=0.0,
                max_tokens=max_tokens,
                response_format={"type": "json_object", "schema": schema},
            )
            perf = raw.llama_perf_context(self._llm.ctx)
            self._usage = self._usage.plus(
                ModelUsage(
                    calls=1,
                    prompt_tokens=int(perf.n_p_eval),
                    prompt_s=perf.t_p_eval_ms / 1000,
                    generated_tokens=int(perf.n_eval),
                    generated_s=perf.t_eval_ms / 1000,
                    wall_s=time.perf_counter() - began,
                )
            )
            raw.llama_perf_context_reset(self._llm.ctx)
        return str(result["choices"][0]["message"]["content"] or "")
