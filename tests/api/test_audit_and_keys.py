"""The audit log is append-only and hash-chained (tampering is detected); key rotation re-encrypts
every sealed value and recording and the data still reads afterwards."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from service import audit
from service.api.app import create_app
from service.storage.crypto import parse_ring
from service.storage.records import AuditRecord, JobStageRecord, NoteRecord, RecordingRecord
from tests.conftest import run_cli
from tests.service_helpers import Clinic, make_container


def test_when_records_are_viewed_edited_or_exported_then_audit_rows_chain_and_verify(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    sid = clinic.upload(me, jfk_wav, [client_id]).json()["id"]
    clinic.run_jobs()
    clinic.http.get(f"/api/sessions/{sid}", headers=me.headers)
    clinic.http.get(f"/api/sessions/{sid}/export?format=text", headers=me.headers)
    with clinic.container.database.session() as db:
        actions = [e.action for e in audit.events(db, 500, object_id=sid)]
        assert {"session.create", "session.view"} <= set(actions)
        assert any(e.action == "note.export.text" and e.actor_id == me.id for e in audit.events(db, 50))
        result = audit.verify(db)
        assert result.ok, result
        assert result.rows >= 5
        for e in audit.events(db, 500):
            assert "Jordan" not in e.detail
            assert "Avery" not in e.detail


def test_when_the_application_tries_to_change_an_audit_row_then_the_database_refuses(clinic: Clinic) -> None:
    import pytest
    from sqlalchemy.exc import DatabaseError

    with clinic.container.database.session() as db:
        audit.record(db, None, "test.event", "test", "1")
    with pytest.raises(DatabaseError, match="append-only"), clinic.container.database.session() as db:
        db.execute(text("UPDATE audit_log SET detail = 'x'"))
    with pytest.raises(DatabaseError, match="append-only"), clinic.container.database.session() as db:
        db.execute(text("DELETE FROM audit_log"))


def test_when_someone_with_database_access_rewrites_a_row_then_audit_verify_names_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    container = make_container(data)
    with container.database.session() as db:
        for n in range(5):
            audit.record(db, "u-1", "session.view", "session", f"s-{n}")
    env = {"SESSIONNOTE_DATA_DIR": str(data)}
    ok = run_cli("audit", "verify", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stdout
    with container.database.session() as db:  # an attacker drops the guard first
        db.execute(text("DROP TRIGGER audit_log_no_update"))
        target = db.scalars(select(AuditRecord).order_by(AuditRecord.id).offset(2).limit(1)).one()
        db.execute(text("UPDATE audit_log SET object_id = 's-99' WHERE id = :i"), {"i": target.id})
    bad = run_cli("audit", "verify", env=env)
    assert bad.returncode == 1
    assert f"row {target.id}" in bad.stdout


def test_when_keys_rotate_then_every_value_and_recording_is_resealed_and_still_reads(
    tmp_path: Path, jfk_wav: Path
) -> None:
    data = tmp_path / "data"
    container = make_container(data, audio_retention="signed")
    from tests.service_helpers import Clinic as _Clinic

    with TestClient(create_app(container)) as http:
        clinic = _Clinic(container, http)
        me = clinic.account("clinician")
        client_id = clinic.client(me)
        sid = clinic.upload(me, jfk_wav, [client_id]).json()["id"]
        clinic.run_jobs()
        before = http.get(f"/api/sessions/{sid}", headers=me.headers).json()
        old_id = container.cipher.primary_id
    ring_file = data / "keys" / "sessionnote.key"
    rotated = run_cli("keys", "rotate", env={"SESSIONNOTE_DATA_DIR": str(data)})
    assert rotated.returncode == 0, rotated.stderr
    keys = parse_ring(ring_file.read_text(), "test")
    assert len(keys) == 1
    fresh = make_container(data, audio_retention="signed")
    assert fresh.cipher.primary_id != old_id
    with fresh.database.session() as db:
        for row in db.scalars(select(NoteRecord)):
            assert fresh.cipher.key_id(row.content_enc) == fresh.cipher.primary_id
        for stage in db.scalars(select(JobStageRecord)):
            assert stage.result_enc is not None
            assert fresh.cipher.key_id(stage.result_enc) == fresh.cipher.primary_id
        recording = db.scalars(select(RecordingRecord)).one()
        assert fresh.cipher.file_key_id(data / "audio" / recording.stored_name) == fresh.cipher.primary_id
    with TestClient(create_app(fresh)) as http:
        after = http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    assert after["note"] == before["note"]
    assert after["transcript"] == before["transcript"]
    with fresh.audio_store.plaintext(recording.stored_name) as plain:
        assert plain.read_bytes() == jfk_wav.read_bytes()
