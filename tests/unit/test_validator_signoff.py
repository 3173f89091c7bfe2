"""Signing is blocked while a blocking finding is open; acknowledging one records the reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.domain.findings import Finding
from service.errors import SessionNoteError
from service.validate.signoff import SigningBlocked, acknowledge, blocking, can_sign, require_signable

BLOCK = Finding(code="PLAN_REVIEW_OVERDUE", severity="block", detail="Review date passed.", ref="review_date")
WARN = Finding(code="MEDICAL_NECESSITY", severity="warn", detail="No link.", ref="medical_necessity")


def test_when_blocking_finding_is_open_then_signing_is_refused() -> None:
    assert not can_sign([BLOCK, WARN])
    with pytest.raises(SigningBlocked, match="PLAN_REVIEW_OVERDUE"):
        require_signable([BLOCK, WARN])


def test_when_blocking_finding_is_acknowledged_then_signing_is_allowed_and_reason_kept() -> None:
    ack = acknowledge(
        BLOCK, "Plan review booked for Friday.", by="clinician-7", at=datetime(2026, 5, 12, tzinfo=UTC)
    )
    assert ack.reason == "Plan review booked for Friday."
    assert ack.finding_key == BLOCK.key
    assert blocking([BLOCK, WARN], [ack]) == []
    require_signable([BLOCK, WARN], [ack])


def test_when_acknowledgement_has_no_reason_then_refused() -> None:
    with pytest.raises(SessionNoteError, match="reason"):
        acknowledge(BLOCK, " ", by="clinician-7")
