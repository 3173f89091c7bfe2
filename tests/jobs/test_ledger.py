"""The job ledger in-process: resuming at the stage that stopped, the template fallback on the last
attempt, giving up after the last attempt (with the reason, audio deleted), the batch window, and one
job through the default (model) drafter on a short real recording."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from service.api.app import create_app
from service.jobs import window
from service.jobs.reconcile import reconcile_once
from service.jobs.runner import run_job
from service.jobs.summary import morning_summary
from service.storage.jobs import JobRepository
from service.storage.notes import NoteRepository
from service.storage.records import JobRecord, JobStageRecord, NoteRecord, ParticipantRecord, RecordingRecord
from service.storage.users import now
from tests.service_helpers import Clinic, make_container


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:
    container = make_container(tmp_path_factory.mktemp("ledger"), audio_retention="signed")
    with TestClient(create_app(container)) as http:
        yield Clinic(container, http)


def _queued(clinic: Clinic, audio: Path) -> tuple[str, str]:
    me = clinic.account("clinician")
    sid = clinic.upload(me, audio, [clinic.client(me)]).json()["id"]
    return sid, clinic.job(sid).id


def test_when_a_job_is_retried_then_it_resumes_at_the_stage_that_had_not_finished(
    clinic: Clinic, jfk_wav: Path
) -> None:
    sid, job_id = _queued(clinic, jfk_wav)
    assert run_job(clinic.container, job_id) == "done"
    with clinic.container.database.session() as db:  # as if the worker died during validation
        db.execute(
            update(JobStageRecord)
            .where(JobStageRecord.job_id == job_id, JobStageRecord.stage == "validate")
            .values(state="running")
        )
        for note in db.scalars(
            select(NoteRecord).join(ParticipantRecord).where(ParticipantRecord.session_id == sid)
        ):
            db.delete(note)
        db.execute(update(JobRecord).where(JobRecord.id == job_id).values(state="queued", lease=None))
    assert run_job(clinic.container, job_id) == "done"
    with clinic.container.database.session() as db:
        stages = {
            (s.stage, s.scope): s.attempts for s in JobRepository(db, clinic.container.cipher).stages(job_id)
        }
        assert stages == {
            ("transcribe", "session"): 1,
            ("scrub", "p1"): 1,
            ("extract", "p1"): 1,
            ("draft", "p1"): 1,
            ("validate", "p1"): 2,
        }
        participant = db.scalars(select(ParticipantRecord).where(ParticipantRecord.session_id == sid)).one()
        assert NoteRepository(db, clinic.container.cipher).count_versions(participant.id) == 1


def test_when_the_last_attempt_runs_then_the_draft_falls_back_to_template_sentences(
    tmp_path: Path, jfk_wav: Path
) -> None:
    container = make_container(tmp_path / "data", drafter="llama-cpp")
    with TestClient(create_app(container)) as http:
        clinic = Clinic(container, http)
        sid, job_id = _queued(clinic, jfk_wav)
        with container.database.session() as db:  # two workers already died on this job
            db.execute(
                update(JobRecord).where(JobRecord.id == job_id).values(attempts=JobRecord.max_attempts - 1)
            )
        assert run_job(container, job_id) == "done"
        job = clinic.job(sid)
        assert job.drafter == "template"
        with container.database.session() as db:
            participant = db.scalars(
                select(ParticipantRecord).where(ParticipantRecord.session_id == sid)
            ).one()
            version = NoteRepository(db, container.cipher).latest(participant.id)
            assert version is not None
            assert version.provenance is not None
            assert version.provenance.drafter == "template"


def test_when_a_worker_dies_on_the_last_attempt_then_the_job_fails_with_its_reason_and_audio_is_deleted(
    clinic: Clinic, jfk_wav: Path
) -> None:
    sid, job_id = _queued(clinic, jfk_wav)
    with clinic.container.database.session() as db:
        job = db.get(JobRecord, job_id)
        assert job is not None
        job.state, job.stage, job.attempts = "running", "transcribe", job.max_attempts
        job.heartbeat_at = now() - timedelta(minutes=5)
        recording = db.scalars(select(RecordingRecord).where(RecordingRecord.session_id == sid)).one()
    assert clinic.container.audio_store.exists(recording.stored_name)
    assert reconcile_once(clinic.container).failed >= 1
    job = clinic.job(sid)
    assert job.state == "failed"
    assert "worker stopped during transcribe" in (job.error or "")
    assert not clinic.container.audio_store.exists(recording.stored_name)
    with clinic.container.database.session() as db:
        report = morning_summary(clinic.container, db, now() - timedelta(hours=1), None)
    assert any(f["session_id"] == sid and "worker stopped" in f["reason"] for f in report["failed"])


def test_when_the_batch_window_is_closed_then_queued_jobs_wait_for_it(tmp_path: Path, jfk_wav: Path) -> None:
    closed = _closed_window()
    container = make_container(tmp_path / "data", batch_window=closed)
    with TestClient(create_app(container)) as http:
        clinic = Clinic(container, http)
        sid, job_id = _queued(clinic, jfk_wav)
        job = clinic.job(sid)
        opening = window.next_opening(closed, now())
        assert (
            job.not_before.replace(tzinfo=UTC) == opening
            or abs((job.not_before.replace(tzinfo=UTC) - opening).total_seconds()) < 1
        )
        assert run_job(container, job_id) == "skipped"  # not due yet
        assert clinic.job(sid).state == "queued"
        assert job_id in container.queue.pending_job_ids()  # scheduled for the window's opening


def _closed_window() -> str:
    local = datetime.now().astimezone()
    start = (local + timedelta(hours=2)).strftime("%H:00")
    end = (local + timedelta(hours=3)).strftime("%H:00")
    return f"{start}-{end}"


def test_batch_window_arithmetic_handles_windows_across_midnight() -> None:
    at = datetime(2026, 3, 2, 23, 30).astimezone()
    assert window.is_open("22:00-05:00", at)
    assert not window.is_open("01:00-06:00", at)
    opening = window.next_opening("01:00-06:00", at).astimezone()
    assert (opening.hour, opening.minute) == (1, 0)
    assert opening > at
    assert window.next_opening("immediate", at) == at.astimezone(UTC)


@pytest.mark.slow
def test_when_drafting_with_the_default_model_then_a_job_completes_on_a_real_recording(
    tmp_path: Path, session_wav: Path
) -> None:
    container = make_container(tmp_path / "data", drafter="llama-cpp")
    with TestClient(create_app(container)) as http:
        clinic = Clinic(container, http)
        me = clinic.account("clinician")
        sid = clinic.upload(me, session_wav, [clinic.client(me)]).json()["id"]
        try:
            assert clinic.run_jobs() == ["done"]
        finally:
            chat = container.chat_model("llama-cpp")
            close = getattr(chat, "close", None)  # the model runs in a child process; stop it
            if close is not None:
                close()
        body = http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    assert body["status"] == "drafted"
    assert body["participants"][0]["provenance"]["drafter"] != "template"
    assert body["participants"][0]["provenance"]["model_sha256"]
    assert any(s["text"] for section in body["note"].values() for s in section)


def _recording(clinic: Clinic, sid: str) -> RecordingRecord:
    with clinic.container.database.session() as db:
        return db.scalars(select(RecordingRecord).where(RecordingRecord.session_id == sid)).one()


def test_when_retention_is_signed_then_audio_stays_until_every_note_is_signed(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me = clinic.account("clinician")
    sid = clinic.upload(me, jfk_wav, [clinic.client(me)]).json()["id"]
    clinic.run_jobs()
    name = _recording(clinic, sid).stored_name
    assert clinic.container.audio_store.exists(name)
    body = clinic.http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    for f in body["findings"]:
        if f["severity"] == "block":
            clinic.http.post(
                f"/api/sessions/{sid}/findings/{f['id']}/acknowledge",
                json={"reason": "Reviewed."},
                headers=me.headers,
            )
    assert clinic.http.post(f"/api/sessions/{sid}/sign", json={}, headers=me.headers).status_code == 200
    assert not clinic.container.audio_store.exists(name)
    assert _recording(clinic, sid).deleted_at is not None


def test_when_retention_is_days_then_older_recordings_are_deleted_by_the_reconciler(
    tmp_path: Path, jfk_wav: Path
) -> None:
    container = make_container(tmp_path / "data", audio_retention="days", audio_retention_days=1)
    with TestClient(create_app(container)) as http:
        clinic = Clinic(container, http)
        me = clinic.account("clinician")
        old = clinic.upload(me, jfk_wav, [clinic.client(me)]).json()["id"]
        new = clinic.upload(me, jfk_wav, [clinic.client(me)]).json()["id"]
        with container.database.session() as db:
            db.execute(
                update(RecordingRecord)
                .where(RecordingRecord.session_id == old)
                .values(created_at=now() - timedelta(days=2))
            )
        assert reconcile_once(container).audio_deleted == 1
        assert not container.audio_store.exists(_recording(clinic, old).stored_name)
        assert container.audio_store.exists(_recording(clinic, new).stored_name)
