"""The model process: loads one local chat model and answers requests from its parent, one per line.

Why a process of its own: a native crash inside llama.cpp (seen as SIGSEGV on CPUs with AMX) or torch
kills only this process; the user's command or the service's worker sees a closed pipe, falls back to
template sentences, and can start a fresh model process for the next draft.

Protocol (JSON lines over the child's stdin/stdout):
- parent -> child, first line: the :class:`ModelSpec` as JSON; the child answers
  ``{"ready": true, "engine", "model_name", "model_sha256", "extra_buffers", "build"}`` or
  ``{"error": kind, "message"}`` when the model cannot be loaded;
- then per call: ``{"messages", "schema", "max_tokens"}`` -> ``{"text", "usage"}``, or
  ``{"error", "message"}``.

Everything the libraries print goes to stderr: stdout carries the protocol only.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict

from service.domain.draft import ModelUsage
from service.errors import SessionNoteError

Engine = Literal["llama-cpp", "transformers"]


class ModelSpec(BaseModel):
    """How to build the chat model inside the model process (JSON-serialisable)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: Engine
    model_path: Path
    model_name: str
    model_sha256: str
    threads: int
    n_ctx: int = 4096
    extra_buffers: Literal["auto", "on", "off"] = "auto"


def _build(spec: ModelSpec) -> Any:
    if spec.engine == "llama-cpp":
        from service.draft.backends.llama_cpp import LlamaCppChat

        return LlamaCppChat(
            spec.model_path,
            spec.model_name,
            spec.model_sha256,
            threads=spec.threads,
            n_ctx=spec.n_ctx,
            extra_buffers=spec.extra_buffers,
        )
    from service.draft.backends.transformers import TransformersChat

    return TransformersChat(spec.model_path, spec.model_name, spec.model_sha256, threads=spec.threads)


def _ready(chat: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "ready": True,
        "engine": chat.engine,
        "model_name": chat.model_name,
        "model_sha256": chat.model_sha256,
    }
    if chat.engine == "llama-cpp":
        from service.draft.backends.llama_cpp import build_features

        info["extra_buffers"] = chat.extra_buffers
        info["build"] = build_features()
    return info


def _usage(chat: Any) -> dict[str, Any]:
    usage: ModelUsage = chat.usage() if hasattr(chat, "usage") else ModelUsage()
    return usage.model_dump()


def serve(requests: TextIO, replies: TextIO) -> None:
    """Load the model named by the first request line, then answer calls until stdin closes."""

    def send(payload: dict[str, Any]) -> None:
        replies.write(json.dumps(payload) + "\n")
        replies.flush()

    first = requests.readline()
    if not first:
        return
    try:
        chat = _build(ModelSpec.model_validate_json(first))
    except SessionNoteError as exc:
        send({"error": type(exc).__name__, "message": exc.message})
        return
    send(_ready(chat))
    for line in requests:
        request = json.loads(line)
        try:
            text = chat.complete_json(request["messages"], request["schema"], int(request["max_tokens"]))
        except SessionNoteError as exc:
            send({"error": type(exc).__name__, "message": exc.message})
            continue
        send({"text": text, "usage": _usage(chat)})


def main() -> None:
    """``python -m service.draft.backends.model_process``: stdout becomes the protocol channel only."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin, protocol)


if __name__ == "__main__":
    main()
