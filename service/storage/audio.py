"""Recordings on disk: encrypted under generated names in ``<data_dir>/audio``.

An upload is first written to ``<data_dir>/tmp`` (0700), checked (magic bytes, then decoded by PyAV),
encrypted to ``audio/<name>.part`` and renamed into place only once complete; the database row is added
after that. A process killed at any point leaves at most a temporary file or an unreferenced encrypted
file, which :meth:`AudioStore.sweep` removes at start-up: no half-stored recording is ever visible.
Plaintext audio exists only in ``tmp/`` while it is checked or transcribed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from service.errors import AudioError
from service.storage.crypto import Cipher

# Container signatures of the formats the transcriber decodes (wav, mp3, ogg/opus, flac, m4a/aac, webm).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"RIFF", "wav"),
    (0, b"ID3", "mp3"),
    (0, b"OggS", "ogg"),
    (0, b"fLaC", "flac"),
    (4, b"ftyp", "m4a"),
    (0, b"\x1a\x45\xdf\xa3", "webm"),
)


def sniff(head: bytes) -> str | None:
    """The audio container a file's first bytes announce, or None."""
    for offset, magic, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if name == "wav" and head[8:12] != b"WAVE":
                return None
            return name
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        return "mp3"  # an MPEG audio frame sync without an ID3 tag
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0:
        return "aac"  # ADTS
    return None


def _owner() -> str:
    # Temporary files carry host and pid, so a sweep removes only what a dead process on this host left
    # (several hosts may share the data volume, and another's upload must survive our start-up).
    return f"{socket.gethostname()}-{os.getpid()}"


def _left_by_dead_process(name: str) -> bool:
    match = _TEMP.match(name)
    if match is None or match.group("host") != socket.gethostname():
        return False
    try:
        os.kill(int(match.group("pid")), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


_TEMP = re.compile(
    r"^(?:up|dec)-(?P<host>.+)-(?P<pid>\d+)-[0-9a-f]+$|^rec-[0-9a-f]+\.enc\.(?P<host2>.+)-(?P<pid2>\d+)\.part$"
)
ORPHAN_AGE_S = 3600.0


class AudioStore:
    """Encrypted recordings and the temporary plaintext the checks and the transcriber need."""

    def __init__(self, data_dir: Path, cipher: Cipher) -> None:
        self.root = data_dir / "audio"
        self.tmp = data_dir / "tmp"
        self._cipher = cipher

    def _dirs(self) -> None:
        for d in (self.root, self.tmp):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh temporary path for incoming plaintext; removed when the block ends."""
        self._dirs()
        path = self.tmp / f"up-{_owner()}-{secrets.token_hex(12)}"
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)

    def store(self, plaintext: Path) -> tuple[str, str, int]:
        """Encrypt a checked file under a generated name; returns (name, sha256 of plaintext, size)."""
        self._dirs()
        name = f"rec-{secrets.token_hex(16)}.enc"
        part = self.root / f"{name}.{_owner()}.part"
        digest = hashlib.sha256()
        with plaintext.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with plaintext.open("rb") as src, os.fdopen(fd, "wb") as dst:
            size = self._cipher.encrypt_stream(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(part, self.root / name)
        return name, digest.hexdigest(), size

    @contextlib.contextmanager
    def plaintext(self, name: str) -> Iterator[Path]:
        """The decrypted recording in ``tmp/`` for the length of the block (the transcriber reads a path)."""
        self._dirs()
        source = self.root / name
        if not source.is_file():
            raise AudioError("The recording is no longer stored (deleted by the retention setting).")
        path = self.tmp / f"dec-{_owner()}-{secrets.token_hex(12)}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
                for frame in self._cipher.decrypt_stream(src):
                    dst.write(frame)
            yield path
        finally:
            path.unlink(missing_ok=True)

    def delete(self, name: str) -> None:
        """Remove a stored recording (idempotent)."""
        (self.root / name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        """Is the encrypted recording still on disk."""
        return (self.root / name).is_file()

    def reseal(self, name: str, cipher: Cipher) -> bool:
        """Re-encrypt one recording with ``cipher``'s primary key; False when it already was."""
        source = self.root / name
        if not source.is_file() or cipher.file_key_id(source) == cipher.primary_id:
            return False
        part = self.root / f"{name}.{_owner()}.part"
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
            cipher.encrypt_stream(_FrameReader(cipher.decrypt_stream(src)), dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(part, source)
        return True

    def sweep(self, referenced: set[str], orphan_age_s: float = ORPHAN_AGE_S) -> int:
        """Delete what a crash left: temporary files of dead processes on this host, and encrypted
        recordings no row refers to once older than ``orphan_age_s`` (an upload in flight on another
        host stores its file seconds before its row). Returns files removed."""
        self._dirs()
        now, removed = time.time(), 0
        for path in [*self.tmp.iterdir(), *self.root.iterdir()]:
            if path.parent == self.root and path.name in referenced:
                continue
            temporary = path.parent == self.tmp or path.name.endswith(".part")
            if temporary:
                stale = _left_by_dead_process(self._tag(path.name)) or now - path.stat().st_mtime > 86400
            else:
                stale = now - path.stat().st_mtime > orphan_age_s
            if stale:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    @staticmethod
    def _tag(name: str) -> str:
        # "rec-<hex>.enc.<host>-<pid>.part" -> "up-<host>-<pid>-0" so one pattern reads both kinds.
        match = _TEMP.match(name)
        if match is not None and match.group("host2"):
            return f"up-{match.group('host2')}-{match.group('pid2')}-0"
        return name


class _FrameReader:
    """A file-like ``read`` over decrypted frames (for re-encryption without a plaintext file)."""

    def __init__(self, frames: Iterator[bytes]) -> None:
        self._frames = frames
        self._buffer = b""

    def read(self, size: int = -1, /) -> bytes:
        while size < 0 or len(self._buffer) < size:
            frame = next(self._frames, None)
            if frame is None:
                break
            self._buffer += frame
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out
