"""OpenAI-compatible HTTP backend for a server the clinic runs itself (vLLM, Ollama, llama.cpp server).

Only scrubbed text is ever sent. JSON-schema output is requested either in the OpenAI form
(``json_schema``, vLLM and OpenAI-style servers) or in llama.cpp's form (``schema`` beside
``json_object``); the style is a setting because servers reject fields they do not know.
"""

from __future__ import annotations

import time
from typing import Any, Literal

import httpx

from service.domain.draft import ModelUsage
from service.errors import SessionNoteError

SchemaStyle = Literal["openai", "llama-cpp"]


class LlmServerError(SessionNoteError):
    """The configured LLM server could not be reached or answered with an error."""

    exit_code = 4
    http_status = 502


class OpenAICompatibleChat:
    """Calls ``POST {base_url}/chat/completions``."""

    engine = "openai-compatible"

    def __init__(
        self,
        base_url: str,
        model: str,
        model_sha256: str,
        api_key: str | None = None,
        schema_style: SchemaStyle = "openai",
        timeout_s: float = 300.0,
    ) -> None:
        self.model_name = model
        self.model_sha256: str | None = model_sha256
        self._style = schema_style
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout_s)
        self._usage = ModelUsage()

    def usage(self) -> ModelUsage:
        """Token counts the server reports, and wall seconds per call."""
        return self._usage

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        """One chat completion at temperature 0 with schema-constrained output."""
        if self._style == "openai":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": "note_sentences", "schema": schema, "strict": True},
            }
        else:
            response_format = {"type": "json_object", "schema": schema}
        body = {
            "model": self.model_name,
            "messages": messages,
            "temperature": 0,
            "max_tokens": max_tokens,
            "response_format": response_format,
        }
        began = time.perf_counter()
        try:
            response = self._client.post("/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise LlmServerError(
                f"The LLM server at {self._client.base_url} is unreachable ({type(exc).__name__})."
            ) from None
        if response.status_code != 200:
            raise LlmServerError(
                f"The LLM server at {self._client.base_url} answered HTTP {response.status_code}."
            )
        data: Any = response.json()
        counts: Any = data.get("usage") or {}
        self._usage = self._usage.plus(
            ModelUsage(
                calls=1,
                prompt_tokens=int(counts.get("prompt_tokens") or 0),
                generated_tokens=int(counts.get("completion_tokens") or 0),
                wall_s=time.perf_counter() - began,
            )
        )
        return str(data["choices"][0]["message"]["content"] or "")
