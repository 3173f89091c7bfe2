"""Clients: who treats them and their chart (encrypted), alongside their versioned plans."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.plan import ClientChart
from service.storage.crypto import Cipher
from service.storage.errors import NotFound
from service.storage.records import ClientOwnerRecord, ClientRecord
from service.storage.users import Principal, now


@dataclass(frozen=True)
class StoredClient:
    """A client as its owner (or their supervisor) sees it."""

    id: str
    owner_id: str
    chart: ClientChart


class ClientRepository:
    """Clients with per-object visibility: ids outside the caller's view are simply not found."""

    def __init__(self, db: Session, cipher: Cipher) -> None:
        self._db = db
        self._cipher = cipher

    def add(self, owner_id: str, chart: ClientChart) -> StoredClient:
        """A new client treated by ``owner_id``."""
        client_id = f"c-{secrets.token_hex(6)}"
        self._db.add(ClientRecord(id=client_id))
        self._db.flush()
        self._db.add(
            ClientOwnerRecord(
                client_id=client_id,
                owner_id=owner_id,
                chart_enc=self._cipher.seal_text(chart.model_dump_json(), f"client:{client_id}"),
                created_at=now(),
            )
        )
        self._db.flush()
        return StoredClient(client_id, owner_id, chart)

    def get(self, client_id: str, viewer: Principal | None) -> StoredClient | None:
        """The client if ``viewer`` may see it (None viewer: the system itself, e.g. a worker)."""
        record = self._db.get(ClientOwnerRecord, client_id)
        if record is None or (viewer is not None and record.owner_id not in viewer.visible_owners):
            return None
        return self._load(record)

    def require(self, client_id: str, viewer: Principal | None) -> StoredClient:
        """:meth:`get` or a not-found error that does not reveal whether the id exists."""
        client = self.get(client_id, viewer)
        if client is None:
            raise NotFound(f"Client {client_id} was not found.")
        return client

    def visible(self, viewer: Principal) -> list[StoredClient]:
        """Every client the viewer may see."""
        rows = self._db.scalars(
            select(ClientOwnerRecord)
            .where(ClientOwnerRecord.owner_id.in_(viewer.visible_owners))
            .order_by(ClientOwnerRecord.created_at)
        )
        return [self._load(r) for r in rows]

    def reseal(self, cipher: Cipher) -> int:
        """Re-encrypt every chart with the primary key; returns rows changed."""
        changed = 0
        for r in self._db.scalars(select(ClientOwnerRecord)):
            sealed = cipher.reseal(r.chart_enc, f"client:{r.client_id}".encode())
            if sealed is not r.chart_enc:
                r.chart_enc, changed = sealed, changed + 1
        self._db.flush()
        return changed

    def _load(self, record: ClientOwnerRecord) -> StoredClient:
        chart = ClientChart.model_validate_json(
            self._cipher.open_text(record.chart_enc, f"client:{record.client_id}")
        )
        return StoredClient(record.client_id, record.owner_id, chart)
