"""The morning summary: what the overnight batch drafted, what failed (with the reason) and what needs
the clinician's attention (open blocking findings, or any risk finding), for the sessions one may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.container import Container
from service.storage.jobs import JobRepository
from service.storage.notes import NoteRepository, finding_id
from service.storage.records import SessionRecord
from service.storage.sessions import SessionRepository
from service.storage.users import Principal, aware


def morning_summary(
    container: Container, db: Session, since: datetime, viewer: Principal | None
) -> dict[str, Any]:
    """Sessions updated since ``since`` (all of them for ``viewer=None``, the CLI run by the operator)."""
    sessions, jobs = SessionRepository(db), JobRepository(db, container.cipher)
    notes = NoteRepository(db, container.cipher)
    drafted, failed, attention = [], [], []
    counts = {"queued": 0, "running": 0, "signed": 0}
    rows: list[SessionRecord] = [
        s for s in sessions.since(since) if viewer is None or s.owner_id in viewer.visible_owners
    ]
    for s in rows:
        job = jobs.for_session(s.id)
        people = sessions.participants(s.id)
        base = {
            "session_id": s.id,
            "session_date": s.session_date.isoformat(),
            "client_ids": [p.client_id for p in people],
        }
        if s.status in counts:
            counts[s.status] += 1
        if s.status == "failed":
            failed.append({**base, "reason": (job.error if job else None) or "unknown"})
            continue
        if s.status != "drafted":
            continue
        reasons: set[str] = set()
        findings = 0
        for p in people:
            version = notes.latest(p.id)
            if version is None:
                continue
            acked = {a.finding_id for a in notes.acknowledgements(version.id)}
            findings += len(version.findings)
            for f in version.findings:
                if finding_id(f) in acked:
                    continue
                if f.severity == "block" or f.code.startswith("RISK"):
                    reasons.add(f.code)
        entry = {**base, "findings": findings, "drafter": job.drafter if job else None}
        drafted.append(entry)
        if reasons:
            attention.append({**base, "reasons": sorted(reasons)})
    return {
        "since": aware(since).isoformat(),
        "drafted": drafted,
        "failed": failed,
        "needs_attention": attention,
        **counts,
    }
