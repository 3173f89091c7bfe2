"""Encryption at rest of PHI (audio, transcripts, scrub maps, charts, notes) with AES-256-GCM.

The key ring is one base64 key per line, newest first; it lives in a file (0600) or an environment
variable, never in the database. Every ciphertext starts with a header naming its key (the first 8
bytes of the key's sha256), so after `sessionnote keys rotate` adds a key, old rows still decrypt
until they are re-encrypted. Values are sealed whole; files are sealed in 1 MiB frames so a 500 MB
recording never sits in memory, and each frame's associated data binds its position and the last
frame, so frames cannot be reordered, dropped or truncated unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from service.errors import ConfigurationError, SessionNoteError

_MAGIC = b"SN1"
_FILE_MAGIC = b"SNF1"
_NONCE = 12
FRAME = 1 << 20


class Readable(Protocol):
    """Anything with ``read(size)`` returning bytes (a file, or decrypted frames being re-sealed)."""

    def read(self, size: int = -1, /) -> bytes: ...


class DecryptionError(SessionNoteError):
    """Stored data cannot be decrypted: wrong key ring or tampered data."""

    http_status = 500


def _kid(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:8]


def new_key() -> str:
    """A fresh 256-bit key as base64 text (one key-ring line)."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def parse_ring(text: str, where: str) -> list[bytes]:
    """Keys from key-ring text; a malformed line names the source, never the key."""
    keys = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = base64.b64decode(line, validate=True)
        except ValueError:
            raise ConfigurationError(f"Key ring {where}, line {n}: not base64.") from None
        if len(key) != 32:
            raise ConfigurationError(f"Key ring {where}, line {n}: a key must be 32 bytes.")
        keys.append(key)
    if not keys:
        raise ConfigurationError(f"Key ring {where} holds no key.")
    return keys


def write_ring(path: Path, keys: list[str]) -> None:
    """Write key-ring lines atomically with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write("# SessionNote key ring: newest key first. Back it up apart from the database.\n")
        fh.write("\n".join(keys) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Cipher:
    """Seals and opens values and files with the key ring (the first key encrypts)."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ConfigurationError("The key ring is empty.")
        self._keys = {_kid(k): AESGCM(k) for k in keys}
        self._primary = _kid(keys[0])

    @property
    def primary_id(self) -> str:
        """The id (hex) of the key that encrypts new data."""
        return self._primary.hex()

    def key_id(self, blob: bytes) -> str:
        """The id (hex) of the key a value or file header was sealed with."""
        return blob[len(_MAGIC) : len(_MAGIC) + 8].hex()

    def _aead(self, kid: bytes) -> AESGCM:
        aead = self._keys.get(kid)
        if aead is None:
            raise DecryptionError("Stored data was encrypted with a key that is not in the key ring.")
        return aead

    # -- values ------------------------------------------------------------------------------------

    def seal(self, plaintext: bytes, context: bytes = b"") -> bytes:
        """Encrypt a value; ``context`` (e.g. the table and row) must be given again to open it."""
        nonce = secrets.token_bytes(_NONCE)
        header = _MAGIC + self._primary
        return header + nonce + self._keys[self._primary].encrypt(nonce, plaintext, header + context)

    def open(self, blob: bytes, context: bytes = b"") -> bytes:
        """Decrypt a value sealed by :meth:`seal`."""
        if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 8 + _NONCE + 16:
            raise DecryptionError("Stored data is not an encrypted SessionNote value.")
        header, rest = blob[: len(_MAGIC) + 8], blob[len(_MAGIC) + 8 :]
        try:
            return self._aead(header[len(_MAGIC) :]).decrypt(rest[:_NONCE], rest[_NONCE:], header + context)
        except InvalidTag:
            raise DecryptionError("Stored data failed its integrity check (wrong key or tampered).") from None

    def seal_text(self, text: str, context: str = "") -> bytes:
        """:meth:`seal` for text."""
        return self.seal(text.encode("utf-8"), context.encode())

    def open_text(self, blob: bytes, context: str = "") -> str:
        """:meth:`open` for text."""
        return self.open(blob, context.encode()).decode("utf-8")

    def reseal(self, blob: bytes, context: bytes = b"") -> bytes:
        """The value re-encrypted with the primary key (unchanged when it already is)."""
        if self.key_id(blob) == self.primary_id:
            return blob
        return self.seal(self.open(blob, context), context)

    # -- files -------------------------------------------------------------------------------------

    def encrypt_stream(self, source: Readable, target: BinaryIO) -> int:
        """Encrypt ``source`` into ``target`` frame by frame; returns the plaintext size."""
        header = _FILE_MAGIC + self._primary
        target.write(header)
        aead, total, index = self._keys[self._primary], 0, 0
        chunk = source.read(FRAME)
        while True:
            following = source.read(FRAME) if chunk else b""
            last = not following
            nonce = secrets.token_bytes(_NONCE)
            sealed = aead.encrypt(nonce, chunk, header + struct.pack(">Q?", index, last))
            target.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            total += len(chunk)
            if last:
                return total
            chunk, index = following, index + 1

    def decrypt_stream(self, source: BinaryIO) -> Iterator[bytes]:
        """Plaintext frames of a file written by :meth:`encrypt_stream`."""
        header = source.read(len(_FILE_MAGIC) + 8)
        if not header.startswith(_FILE_MAGIC):
            raise DecryptionError("Stored file is not an encrypted SessionNote file.")
        aead, index = self._aead(header[len(_FILE_MAGIC) :]), 0
        while True:
            size_raw = source.read(4)
            if len(size_raw) != 4:
                raise DecryptionError("Stored file is truncated.")
            nonce = source.read(_NONCE)
            sealed = source.read(struct.unpack(">I", size_raw)[0])
            plain, last = None, False
            for flag in (False, True):
                try:
                    plain = aead.decrypt(nonce, sealed, header + struct.pack(">Q?", index, flag))
                    last = flag
                    break
                except InvalidTag:
                    continue
            if plain is None:
                raise DecryptionError("Stored file failed its integrity check (wrong key or tampered).")
            yield plain
            if last:
                return
            index += 1

    def file_key_id(self, path: Path) -> str:
        """The id (hex) of the key an encrypted file was sealed with."""
        with path.open("rb") as fh:
            return fh.read(len(_FILE_MAGIC) + 8)[len(_FILE_MAGIC) :].hex()


def load_ring(key_text: str | None, key_file: Path) -> Cipher:
    """The cipher from the key text (env) or the key file; creates the file (0600) on first use."""
    if key_text:
        return Cipher(parse_ring(key_text, "SESSIONNOTE_ENCRYPTION_KEY"))
    if not key_file.exists():
        write_ring(key_file, [new_key()])
    mode = key_file.stat().st_mode & 0o077
    if mode:
        raise ConfigurationError(f"Key ring {key_file} is readable by other users; run: chmod 600 {key_file}")
    return Cipher(parse_ring(key_file.read_text(encoding="ascii"), str(key_file)))
