"""Streaming multipart parsing for recording uploads, with the size limit enforced while reading.

A declared Content-Length over the limit is refused (413) before a byte of the body is read; a body
without one is counted as it streams and refused the moment it passes the limit. The ``audio`` part
goes straight to a 0600 file in the data dir's tmp/ (never into memory); other fields are small text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header

from service.errors import InputError
from service.storage.errors import TooLarge

MB = 1024 * 1024
_FIELD_LIMIT = 4096
_MAX_FIELDS = 64


@dataclass
class Upload:
    """The parsed form: the audio's first bytes and size, and the text fields (repeatable)."""

    head: bytes = b""
    size: int = 0
    fields: dict[str, list[str]] = field(default_factory=dict)
    has_audio: bool = False


@dataclass
class _Part:
    """The multipart part being read."""

    header: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    buf: bytearray = field(default_factory=bytearray)
    sink: BinaryIO | None = None

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()
            self.sink = None


def _name(disposition: bytes) -> tuple[str, bool]:
    _kind, params = parse_options_header(disposition)
    name = params.get(b"name", b"").decode("utf-8", "replace")
    return name, b"filename" in params


async def read_upload(
    stream: AsyncIterator[bytes],
    content_type: str,
    content_length: str | None,
    audio_path: Path,
    limit_mb: int,
) -> Upload:
    """Parse the form from ``stream`` into ``audio_path`` and an :class:`Upload`."""
    limit = limit_mb * MB
    if content_length is not None and content_length.isdigit() and int(content_length) > limit:
        raise TooLarge(f"The upload is larger than the limit of {limit_mb} MB (SESSIONNOTE_MAX_UPLOAD_MB).")
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InputError(
            "Send the recording as multipart/form-data with fields audio, client_id and session_date."
        )
    result = Upload()
    part = _Part()
    problems: list[str] = []

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part.header += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        key = part.header.lower()
        part.headers[key] = part.headers.get(key, b"") + data[start:end]

    def on_header_end() -> None:
        part.header = b""

    def on_headers_finished() -> None:
        part.name, _is_file = _name(part.headers.get(b"content-disposition", b""))
        part.buf = bytearray()
        if part.name == "audio":
            if result.has_audio:
                problems.append("Send one audio file per session.")
                return
            result.has_audio = True
            part.sink = audio_path.open("wb")
        elif len(result.fields) > _MAX_FIELDS:
            problems.append("The form has too many fields.")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if part.name == "audio" and part.sink is not None:
            if len(result.head) < 64:
                result.head += chunk[: 64 - len(result.head)]
            result.size += len(chunk)
            part.sink.write(chunk)
            return
        if len(part.buf) + len(chunk) > _FIELD_LIMIT:
            problems.append(f"Form field {part.name[:40]!r} is too long.")
            return
        part.buf.extend(chunk)

    def on_part_end() -> None:
        if part.name == "audio":
            part.close()
        elif part.name:
            result.fields.setdefault(part.name, []).append(bytes(part.buf).decode("utf-8", "replace"))
        part.headers, part.name, part.buf = {}, "", bytearray()

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > limit:
                raise TooLarge(
                    f"The upload is larger than the limit of {limit_mb} MB (SESSIONNOTE_MAX_UPLOAD_MB)."
                )
            parser.write(chunk)
            if problems:
                raise InputError(problems[0])
        parser.finalize()
    except (TooLarge, InputError):
        raise
    except Exception:
        raise InputError("The upload is not a well-formed multipart form.") from None
    finally:
        part.close()
    if problems:
        raise InputError(problems[0])
    return result
