"""``sessionnote keys rotate``: a new encryption key; every sealed value and recording re-encrypted.

Steps, each safe to interrupt: the new key is added at the head of the key ring (old keys stay, so
everything still decrypts); every chart, stage result, note, acknowledgement, addendum, private note and
recording is re-encrypted with it; only then are the old keys removed from the ring (unless
``--keep-old``). Run it again after an interruption and it finishes the job.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service import audit
from service.cli.options import container
from service.errors import ConfigurationError
from service.storage.clients import ClientRepository
from service.storage.crypto import Cipher, new_key, parse_ring, write_ring
from service.storage.jobs import JobRepository
from service.storage.notes import NoteRepository
from service.storage.plans import PlanRepository
from service.storage.sessions import SessionRepository

keys_app = typer.Typer(help="Encryption keys for PHI at rest.")
console = Console(stderr=True)


@keys_app.command("rotate")
def rotate(
    keep_old: Annotated[bool, typer.Option(help="Keep the old keys in the ring afterwards.")] = False,
) -> None:
    """Add a new key, re-encrypt everything with it, then drop the old keys."""
    c = container()
    s = c.settings
    if s.encryption_key is not None:
        raise ConfigurationError(
            "Rotation rewrites the key ring file; SESSIONNOTE_ENCRYPTION_KEY is set, so put the ring "
            "in a file (SESSIONNOTE_ENCRYPTION_KEY_FILE) first."
        )
    ring_file = s.encryption_key_file or s.data_dir / "keys" / "sessionnote.key"
    c.cipher  # noqa: B018 - creates the ring on first use and checks its permissions
    old = [
        line
        for line in ring_file.read_text(encoding="ascii").splitlines()
        if line and not line.startswith("#")
    ]
    fresh = new_key()
    write_ring(ring_file, [fresh, *old])
    cipher = Cipher(parse_ring("\n".join([fresh, *old]), str(ring_file)))
    counts: dict[str, int] = {}
    with c.database.session() as db:
        counts["plan charts"] = PlanRepository(db, cipher).reseal(cipher)
        counts["client charts"] = ClientRepository(db, cipher).reseal(cipher)
        counts["stage results"] = JobRepository(db, cipher).reseal(cipher)
        counts["note values"] = NoteRepository(db, cipher).reseal(cipher)
        names = [r.stored_name for r in SessionRepository(db).all_recordings() if r.deleted_at is None]
    store = c.audio_store
    counts["recordings"] = sum(store.reseal(n, cipher) for n in names if store.exists(n))
    if not keep_old:
        write_ring(ring_file, [fresh])
    with c.database.session() as db:
        audit.record(
            db,
            None,
            "keys.rotate",
            "keyring",
            cipher.primary_id,
            ", ".join(f"{k}={v}" for k, v in counts.items()),
        )
    console.print(
        f"New key {cipher.primary_id} in {ring_file}; re-encrypted "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + ("; old keys kept." if keep_old else "; old keys removed."),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the ``keys`` group."""
    app.add_typer(keys_app, name="keys")
