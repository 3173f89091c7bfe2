"""Progress-note versions, acknowledgements, signatures, addenda and private (psychotherapy) notes.

A note version's content and findings are sealed; a signature stores the sha256 of exactly the text
that was signed. Private notes live in their own table and are returned only to their author; nothing
that renders, exports or drafts a note reads that table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.draft import Provenance
from service.domain.findings import Finding
from service.domain.note import BirpNote
from service.storage.crypto import Cipher
from service.storage.records import (
    AcknowledgementRecord,
    AddendumRecord,
    NoteRecord,
    PrivateNoteRecord,
    SignatureRecord,
    UserRecord,
)
from service.storage.users import now

_FINDINGS = TypeAdapter(tuple[Finding, ...])


def finding_id(finding: Finding) -> str:
    """A short stable id for a finding (the same problem keeps its id across note versions)."""
    return hashlib.sha256(finding.key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class NoteVersion:
    """One decrypted version of a note."""

    id: int
    participant_id: int
    version: int
    note: BirpNote
    findings: tuple[Finding, ...]
    provenance: Provenance | None
    author_id: str | None
    created_at: datetime
    sha256: str


@dataclass(frozen=True)
class Ack:
    """An acknowledgement of one finding of one note version."""

    finding_id: str
    code: str
    reason: str
    user_id: str
    at: datetime


class NoteRepository:
    """Versions of participants' notes and everything attached to them."""

    def __init__(self, db: Session, cipher: Cipher) -> None:
        self._db = db
        self._cipher = cipher

    def add_version(
        self,
        participant_id: int,
        note: BirpNote,
        findings: tuple[Finding, ...],
        provenance: Provenance | None,
        author_id: str | None,
    ) -> NoteVersion:
        """Store the next version (the drafted note is version 1)."""
        latest = self._db.scalar(
            select(NoteRecord.version)
            .where(NoteRecord.participant_id == participant_id)
            .order_by(NoteRecord.version.desc())
            .limit(1)
        )
        version = (latest or 0) + 1
        content = note.model_dump_json()
        record = NoteRecord(
            participant_id=participant_id,
            version=version,
            content_enc=self._cipher.seal_text(content, f"note:{participant_id}:{version}"),
            findings_enc=self._cipher.seal_text(
                _FINDINGS.dump_json(findings).decode(), f"findings:{participant_id}:{version}"
            ),
            provenance_json=provenance.model_dump_json() if provenance is not None else "null",
            author_id=author_id,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
            created_at=now(),
        )
        self._db.add(record)
        self._db.flush()
        return self._load(record)

    def latest(self, participant_id: int) -> NoteVersion | None:
        """The newest version of a participant's note."""
        record = self._db.scalar(
            select(NoteRecord)
            .where(NoteRecord.participant_id == participant_id)
            .order_by(NoteRecord.version.desc())
            .limit(1)
        )
        return self._load(record) if record is not None else None

    def versions(self, participant_id: int) -> list[NoteVersion]:
        """Every version, oldest first."""
        rows = self._db.scalars(
            select(NoteRecord).where(NoteRecord.participant_id == participant_id).order_by(NoteRecord.version)
        )
        return [self._load(r) for r in rows]

    def count_versions(self, participant_id: int) -> int:
        """How many versions exist (a duplicate draft would show here)."""
        return len(
            list(self._db.scalars(select(NoteRecord.id).where(NoteRecord.participant_id == participant_id)))
        )

    def _load(self, r: NoteRecord) -> NoteVersion:
        note = BirpNote.model_validate_json(
            self._cipher.open_text(r.content_enc, f"note:{r.participant_id}:{r.version}")
        )
        findings = _FINDINGS.validate_json(
            self._cipher.open_text(r.findings_enc, f"findings:{r.participant_id}:{r.version}")
        )
        raw = json.loads(r.provenance_json)
        provenance = Provenance.model_validate(raw) if raw is not None else None
        return NoteVersion(
            r.id, r.participant_id, r.version, note, findings, provenance, r.author_id, r.created_at, r.sha256
        )

    def discard_unsigned(self, note_id: int) -> None:
        """Remove an unsigned version and its acknowledgements (its speakers were mislabelled)."""
        if self.signature(note_id) is not None:
            return
        for a in self._db.scalars(
            select(AcknowledgementRecord).where(AcknowledgementRecord.note_id == note_id)
        ):
            self._db.delete(a)
        record = self._db.get(NoteRecord, note_id)
        if record is not None:
            self._db.delete(record)
        self._db.flush()

    # -- acknowledgements --------------------------------------------------------------------------

    def acknowledge(self, note_id: int, finding: Finding, reason: str, user_id: str) -> Ack:
        """Store (or replace) the acknowledgement of one finding of one version."""
        fid = finding_id(finding)
        existing = self._db.scalar(
            select(AcknowledgementRecord).where(
                AcknowledgementRecord.note_id == note_id, AcknowledgementRecord.finding_id == fid
            )
        )
        if existing is not None:
            self._db.delete(existing)
            self._db.flush()
        record = AcknowledgementRecord(
            note_id=note_id,
            finding_id=fid,
            code=finding.code,
            reason_enc=self._cipher.seal_text(reason, f"ack:{note_id}:{fid}"),
            user_id=user_id,
            at=now(),
        )
        self._db.add(record)
        self._db.flush()
        return Ack(fid, finding.code, reason, user_id, record.at)

    def acknowledgements(self, note_id: int) -> list[Ack]:
        """Acknowledgements of one version."""
        rows = self._db.scalars(select(AcknowledgementRecord).where(AcknowledgementRecord.note_id == note_id))
        return [
            Ack(
                r.finding_id,
                r.code,
                self._cipher.open_text(r.reason_enc, f"ack:{note_id}:{r.finding_id}"),
                r.user_id,
                r.at,
            )
            for r in rows
        ]

    # -- signatures and addenda --------------------------------------------------------------------

    def signature(self, note_id: int) -> SignatureRecord | None:
        """The signature of a version, if signed."""
        return self._db.scalar(select(SignatureRecord).where(SignatureRecord.note_id == note_id))

    def sign(self, note_id: int, signer: UserRecord, meaning: str, signed_text: str) -> SignatureRecord:
        """Sign a version: signer, time, meaning and the sha256 of the signed text."""
        t = now()
        record = SignatureRecord(
            note_id=note_id,
            signer_id=signer.id,
            signed_at=t,
            meaning=meaning,
            sha256=hashlib.sha256(signed_text.encode()).hexdigest(),
            statement=(
                f"Electronically signed by {signer.email} on {t.isoformat(timespec='seconds')} ({meaning})"
            ),
        )
        self._db.add(record)
        self._db.flush()
        record.text_enc = self._cipher.seal_text(signed_text, f"signed:{note_id}")
        self._db.flush()
        return record

    def signed_text(self, signature: SignatureRecord) -> str | None:
        """The exact text a signature covers (None for signatures made before it was kept)."""
        if signature.text_enc is None:
            return None
        return self._cipher.open_text(signature.text_enc, f"signed:{signature.note_id}")

    def add_addendum(
        self, participant_id: int, author: UserRecord, text: str, meaning: str
    ) -> AddendumRecord:
        """A signed addendum."""
        record = AddendumRecord(
            participant_id=participant_id,
            author_id=author.id,
            text_enc=b"",
            meaning=meaning,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            signed_at=now(),
        )
        self._db.add(record)
        self._db.flush()
        record.text_enc = self._cipher.seal_text(text, f"addendum:{record.id}")
        self._db.flush()
        return record

    def addenda(self, participant_id: int) -> list[tuple[AddendumRecord, str]]:
        """Addenda with their decrypted text, oldest first."""
        rows = self._db.scalars(
            select(AddendumRecord)
            .where(AddendumRecord.participant_id == participant_id)
            .order_by(AddendumRecord.id)
        )
        return [(r, self._cipher.open_text(r.text_enc, f"addendum:{r.id}")) for r in rows]

    # -- private notes -----------------------------------------------------------------------------

    def put_private(self, session_id: str, author_id: str, text: str) -> PrivateNoteRecord:
        """Create or replace the author's psychotherapy notes for a session."""
        record = self.private_record(session_id, author_id)
        if record is None:
            record = PrivateNoteRecord(
                session_id=session_id, author_id=author_id, content_enc=b"", updated_at=now()
            )
            self._db.add(record)
        record.content_enc = self._cipher.seal_text(text, f"private:{session_id}:{author_id}")
        record.updated_at = now()
        self._db.flush()
        return record

    def private_record(self, session_id: str, author_id: str) -> PrivateNoteRecord | None:
        """The author's own private-note row."""
        return self._db.scalar(
            select(PrivateNoteRecord).where(
                PrivateNoteRecord.session_id == session_id, PrivateNoteRecord.author_id == author_id
            )
        )

    def private_text(self, record: PrivateNoteRecord) -> str:
        """Decrypt a private note (callers have checked authorship)."""
        return self._cipher.open_text(record.content_enc, f"private:{record.session_id}:{record.author_id}")

    # -- key rotation ------------------------------------------------------------------------------

    def reseal(self, cipher: Cipher) -> int:
        """Re-encrypt every sealed column with the primary key; returns values changed."""
        changed = 0

        def swap(obj: object, attr: str, context: str) -> None:
            nonlocal changed
            old: bytes = getattr(obj, attr)
            new = cipher.reseal(old, context.encode())
            if new is not old:
                setattr(obj, attr, new)
                changed += 1

        for n in self._db.scalars(select(NoteRecord)):
            swap(n, "content_enc", f"note:{n.participant_id}:{n.version}")
            swap(n, "findings_enc", f"findings:{n.participant_id}:{n.version}")
        for a in self._db.scalars(select(AcknowledgementRecord)):
            swap(a, "reason_enc", f"ack:{a.note_id}:{a.finding_id}")
        for d in self._db.scalars(select(AddendumRecord)):
            swap(d, "text_enc", f"addendum:{d.id}")
        for sig in self._db.scalars(select(SignatureRecord).where(SignatureRecord.text_enc.is_not(None))):
            swap(sig, "text_enc", f"signed:{sig.note_id}")
        for p in self._db.scalars(select(PrivateNoteRecord)):
            swap(p, "content_enc", f"private:{p.session_id}:{p.author_id}")
        self._db.flush()
        return changed
