"""Signing against findings: a note cannot be signed while a block-severity finding is open; a
clinician may acknowledge a finding with a reason, and the acknowledgement is kept for audit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from service.domain.findings import Acknowledgement, Finding
from service.errors import SessionNoteError


class SigningBlocked(SessionNoteError):
    """The note still has open blocking findings."""

    exit_code = 4
    http_status = 409


def acknowledge(finding: Finding, reason: str, by: str, at: datetime | None = None) -> Acknowledgement:
    """Record that ``by`` accepts ``finding`` for ``reason`` (a reason is required)."""
    if len(reason.strip()) < 3:
        raise SessionNoteError("An acknowledgement needs a reason.")
    return Acknowledgement(
        finding_key=finding.key,
        code=finding.code,
        reason=reason.strip(),
        acknowledged_by=by,
        acknowledged_at=at or datetime.now(UTC),
    )


def open_findings(findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement]) -> list[Finding]:
    """Findings no acknowledgement covers."""
    done = {a.finding_key for a in acknowledgements}
    return [f for f in findings if f.key not in done]


def blocking(findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement] = ()) -> list[Finding]:
    """Open findings of block severity."""
    return [f for f in open_findings(findings, acknowledgements) if f.severity == "block"]


def can_sign(findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement] = ()) -> bool:
    """True when no blocking finding is open."""
    return not blocking(findings, acknowledgements)


def require_signable(findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement] = ()) -> None:
    """Raise :class:`SigningBlocked` naming the open blocking codes."""
    still = blocking(findings, acknowledgements)
    if still:
        codes = ", ".join(sorted({f.code for f in still}))
        raise SigningBlocked(
            f"Cannot sign: {len(still)} blocking finding(s) open ({codes}); fix or acknowledge them."
        )
