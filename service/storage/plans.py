"""Versioned treatment plans over SQLAlchemy: a client has many plan versions, at most one in force on
any date, and editing the active plan adds a version that supersedes it.

A version is in force on ``day`` when ``effective_from <= day < effective_to`` (open-ended while
``effective_to`` is None) and its status is active or superseded (a superseded version was in force
until it was replaced, so a note for a past session is checked against the plan of that day).
Drafts and closed plans are stored but never in force.

The repository works inside the caller's unit of work (a SQLAlchemy ``Session``: one API request, one
CLI command); the caller commits. With a :class:`~service.storage.crypto.Cipher` the client chart (PHI)
is stored encrypted; rows written before encryption existed are still read, and
``sessionnote keys rotate`` encrypts them.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.base import Frozen, describe_error
from service.domain.plan import ClientChart, TreatmentPlan
from service.errors import InputError
from service.log import get_logger
from service.storage.crypto import Cipher
from service.storage.tables import ClientRecord, PlanVersionRecord

log = get_logger("plans")
_IN_FORCE = ("active", "superseded")
_ENC = "enc:"


class PlanVersion(Frozen):
    """One stored version of a client's plan."""

    client_id: str
    version: int
    plan: TreatmentPlan
    effective_from: date
    effective_to: date | None = None

    @property
    def status(self) -> str:
        """The version's status (active, superseded, draft, closed)."""
        return self.plan.status


class PlanRepository:
    """Plans of every client in one database."""

    def __init__(self, db: Session, cipher: Cipher | None = None) -> None:
        self._db = db
        self._cipher = cipher

    # -- writing ------------------------------------------------------------------------------------

    def add(self, plan: TreatmentPlan, client_id: str | None = None) -> PlanVersion:
        """Store ``plan`` as the client's newest version (a new client when ``client_id`` is None and no
        client has the chart's MRN). An active plan supersedes the version in force until now."""
        db = self._db
        client_id = client_id or self._client_by_mrn(db, plan.client.mrn) or _new_client_id()
        if db.get(ClientRecord, client_id) is None:
            db.add(ClientRecord(id=client_id))
            db.flush()
        record = self._insert(db, client_id, plan)
        log.info("stored plan version %d for client %s", record.version, client_id)
        return self._to_version(record)

    def edit(self, client_id: str, plan: TreatmentPlan, effective: date | None = None) -> PlanVersion:
        """Change the client's active plan: a new active version from ``effective`` (default: the
        edited plan's own effective date); the old version is superseded from that day."""
        if effective is not None:
            plan = plan.model_copy(update={"effective_date": effective})
        if self._open_active(self._db, client_id) is None:
            raise InputError(f"Client {client_id} has no active plan to edit; import one first.")
        return self._to_version(
            self._insert(self._db, client_id, plan.model_copy(update={"status": "active"}))
        )

    def _insert(self, db: Session, client_id: str, plan: TreatmentPlan) -> PlanVersionRecord:
        if plan.status == "superseded":
            raise InputError(
                "A plan cannot be stored as superseded; store the plan that replaces it instead."
            )
        if plan.status == "active":
            current = self._open_active(db, client_id)
            if current is not None:
                if plan.effective_date < current.effective_from:
                    raise InputError(
                        f"The new plan takes effect before the active version {current.version} "
                        f"({current.effective_from}); give it a later effective date."
                    )
                current.effective_to = plan.effective_date
                current.status = "superseded"
        latest = db.scalar(
            select(PlanVersionRecord.version)
            .where(PlanVersionRecord.client_id == client_id)
            .order_by(PlanVersionRecord.version.desc())
            .limit(1)
        )
        record = PlanVersionRecord(
            client_id=client_id,
            version=(latest or 0) + 1,
            plan_id=plan.plan_id,
            status=plan.status,
            effective_from=plan.effective_date,
            effective_to=None,
            plan_json=plan.model_dump_json(exclude={"client"}),
            chart_json=self._seal_chart(plan.client.model_dump_json(), client_id),
        )
        db.add(record)
        db.flush()
        return record

    # -- reading ------------------------------------------------------------------------------------

    def active_version(self, client_id: str, on: date) -> PlanVersion | None:
        """The version in force on ``on``, or None."""
        record = self._db.scalar(
            select(PlanVersionRecord)
            .where(
                PlanVersionRecord.client_id == client_id,
                PlanVersionRecord.status.in_(_IN_FORCE),
                PlanVersionRecord.effective_from <= on,
                (PlanVersionRecord.effective_to.is_(None)) | (PlanVersionRecord.effective_to > on),
            )
            .order_by(PlanVersionRecord.version.desc())
            .limit(1)
        )
        return self._to_version(record) if record is not None else None

    def active_plan(self, client_id: str, on: date) -> TreatmentPlan | None:
        """The plan in force for the client on ``on`` (the plan a session of that day is checked against)."""
        version = self.active_version(client_id, on)
        return version.plan if version is not None else None

    def versions(self, client_id: str) -> list[PlanVersion]:
        """Every version of the client's plan, oldest first."""
        rows = self._db.scalars(
            select(PlanVersionRecord)
            .where(PlanVersionRecord.client_id == client_id)
            .order_by(PlanVersionRecord.version)
        )
        return [self._to_version(r) for r in rows]

    def latest(self, client_id: str) -> PlanVersion | None:
        """The newest version, whatever its status."""
        versions = self.versions(client_id)
        return versions[-1] if versions else None

    def clients(self) -> list[str]:
        """Every client id."""
        return list(self._db.scalars(select(ClientRecord.id).order_by(ClientRecord.id)))

    @staticmethod
    def _open_active(db: Session, client_id: str) -> PlanVersionRecord | None:
        return db.scalar(
            select(PlanVersionRecord).where(
                PlanVersionRecord.client_id == client_id,
                PlanVersionRecord.status == "active",
                PlanVersionRecord.effective_to.is_(None),
            )
        )

    def _client_by_mrn(self, db: Session, mrn: str | None) -> str | None:
        # Charts are stored per version; a linear scan is fine for one clinic and survives encryption
        # (it will decrypt each chart) without an index on a PHI value.
        if not mrn:
            return None
        for client_id, chart_json in db.execute(
            select(PlanVersionRecord.client_id, PlanVersionRecord.chart_json)
        ):
            if ClientChart.model_validate_json(self._open_chart(chart_json, client_id)).mrn == mrn:
                return str(client_id)
        return None

    # -- the chart at rest ------------------------------------------------------------------------

    def _seal_chart(self, chart_json: str, client_id: str) -> str:
        if self._cipher is None:
            return chart_json
        return _ENC + base64.b64encode(self._cipher.seal_text(chart_json, f"chart:{client_id}")).decode()

    def _open_chart(self, stored: str, client_id: str) -> str:
        if not stored.startswith(_ENC):
            return stored  # written before encryption at rest; `sessionnote keys rotate` seals it
        if self._cipher is None:
            raise InputError("The stored chart is encrypted and no key ring was given.")
        return self._cipher.open_text(base64.b64decode(stored[len(_ENC) :]), f"chart:{client_id}")

    def reseal(self, cipher: Cipher) -> int:
        """Re-encrypt every chart with the primary key (legacy plaintext too); returns rows changed."""
        changed = 0
        for record in self._db.scalars(select(PlanVersionRecord)):
            plain = self._open_chart(record.chart_json, record.client_id)
            sealed = record.chart_json
            if (
                not sealed.startswith(_ENC)
                or cipher.key_id(base64.b64decode(sealed[len(_ENC) :])) != cipher.primary_id
            ):
                record.chart_json = (
                    _ENC + base64.b64encode(cipher.seal_text(plain, f"chart:{record.client_id}")).decode()
                )
                changed += 1
        self._db.flush()
        return changed

    def _to_version(self, record: PlanVersionRecord) -> PlanVersion:
        try:
            data = json.loads(record.plan_json)
            data["client"] = json.loads(self._open_chart(record.chart_json, record.client_id))
            data["status"] = record.status
            plan = TreatmentPlan.model_validate(data)
        except (ValidationError, ValueError) as exc:
            where = describe_error(exc) if isinstance(exc, ValidationError) else "not JSON"
            raise InputError(f"Stored plan version {record.version} is not valid: {where}.") from None
        return PlanVersion(
            client_id=record.client_id,
            version=record.version,
            plan=plan,
            effective_from=record.effective_from,
            effective_to=record.effective_to,
        )


def _new_client_id() -> str:
    return f"c-{secrets.token_hex(6)}"
