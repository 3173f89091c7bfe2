"""The review path through the API: upload -> job -> drafted note -> edit -> acknowledge -> sign -> addendum
-> export, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.service_helpers import Clinic


def test_when_recording_is_uploaded_then_job_drafts_a_note_with_findings(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    r = clinic.upload(me, jfk_wav, [client_id])
    assert r.status_code == 202, r.text
    session_id = r.json()["id"]
    assert r.json()["job"]["state"] == "queued"
    assert clinic.run_jobs().count("done") >= 1
    body = clinic.http.get(f"/api/sessions/{session_id}", headers=me.headers).json()
    assert body["status"] == "drafted"
    assert body["progress"] == 100.0
    assert set(body) >= {"id", "status", "stage", "progress", "transcript", "note", "findings"}
    assert body["transcript"]
    assert body["transcript"][0]["text"]
    assert set(body["note"]) == {"behavior", "intervention", "response", "plan"}
    for finding in body["findings"]:
        assert {"id", "code", "severity"} <= set(finding)
