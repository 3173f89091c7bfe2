"""Hugging Face transformers backend (torch): any local causal-LM directory, or a GGUF file.

Meant for a clinic with a GPU and a model directory of its own; on CPU it is tested by loading the
bundle's 0.5B GGUF (transformers de-quantises it). There is no grammar-constrained decoding here, so
the schema goes into the prompt and the answer is cut to its first JSON object; the drafter validates
it and falls back to template sentences when it does not parse.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from service.domain.draft import ModelUsage
from service.errors import ModelMissingError


class TransformersChat:
    """A causal LM loaded once from local files only (``local_files_only``; the hub is never asked)."""

    engine = "transformers"

    def __init__(self, source: Path, model_name: str, model_sha256: str, threads: int) -> None:
        # Belt and braces: local_files_only below already prevents downloads.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if not source.exists():
            raise ModelMissingError(f"Model {source} is missing; run: sessionnote models install")
        torch.set_num_threads(threads)
        self.model_name = model_name
        self.model_sha256: str | None = model_sha256
        if source.is_file():  # a GGUF file
            kwargs: dict[str, Any] = {"gguf_file": source.name, "local_files_only": True}
            directory = str(source.parent)
        else:
            kwargs, directory = {"local_files_only": True}, str(source)
        self._tokenizer: Any = AutoTokenizer.from_pretrained(directory, **kwargs)
        self._model: Any = AutoModelForCausalLM.from_pretrained(directory, **kwargs)
        self._model.eval()  # type: ignore[no-untyped-call]
        self._lock = threading.Lock()
        self._usage = ModelUsage()

    def close(self) -> None:
        """Drop the weights; torch frees them once no generation still holds a reference."""
        with self._lock:
            self._model = None

    def usage(self) -> ModelUsage:
        """Tokens and seconds so far (prompt and generation are one ``generate`` call: wall time only)."""
        return self._usage

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        """Greedy generation with the schema stated in the prompt; returns the first JSON object found."""
        import torch

        instructed = [
            *messages[:-1],
            {
                "role": messages[-1]["role"],
                "content": messages[-1]["content"]
                + "\nReply with one JSON object that matches this JSON schema:\n"
                + json.dumps(schema, separators=(",", ":")),
            },
        ]
        prompt = self._tokenizer.apply_chat_template(instructed, add_generation_prompt=True, tokenize=False)
        inputs = self._tokenizer(prompt, return_tensors="pt")
        with self._lock, torch.inference_mode():
            if self._model is None:
                raise ModelMissingError("The drafting model was closed; load it again to draft.")
            began = time.perf_counter()
            output = self._model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False)
            prompt_tokens = int(inputs["input_ids"].shape[1])
            self._usage = self._usage.plus(
                ModelUsage(
                    calls=1,
                    prompt_tokens=prompt_tokens,
                    generated_tokens=int(output.shape[1]) - prompt_tokens,
                    wall_s=time.perf_counter() - began,
                )
            )
        text = str(
            self._tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)
        )
        return first_json_object(text)


def first_json_object(text: str) -> str:
    """The first complete JSON object in ``text`` (models wrap JSON in prose or code fences)."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            obj, _end = decoder.raw_decode(text, start)
            return json.dumps(obj)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
    return text
