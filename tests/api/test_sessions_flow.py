"""The review path through the API: upload -> job -> drafted note -> edit -> acknowledge -> sign -> addendum
-> export, on SQLite and on PostgreSQL."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from tests.service_helpers import Account, Clinic


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
    from sqlalchemy import select

    from service.storage.records import RecordingRecord

    with clinic.container.database.session() as db:  # default retention: deleted once transcribed
        recording = db.scalars(select(RecordingRecord).where(RecordingRecord.session_id == session_id)).one()
    assert recording.deleted_at is not None
    assert not clinic.container.audio_store.exists(recording.stored_name)


def _drafted(clinic: Clinic, audio: Path) -> tuple[Account, str, dict[str, Any]]:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    session_id = clinic.upload(me, audio, [client_id]).json()["id"]
    clinic.run_jobs()
    return me, session_id, clinic.http.get(f"/api/sessions/{session_id}", headers=me.headers).json()


def test_when_note_is_edited_then_revalidated_versioned_and_acknowledgements_belong_to_one_version(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me, sid, body = _drafted(clinic, jfk_wav)
    note = body["note"]
    note["plan"] = [*note["plan"], {"text": "Client will continue weekly sessions.", "evidence": []}]
    r = clinic.http.put(f"/api/sessions/{sid}/note", json={"note": note}, headers=me.headers)
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    block = [f for f in r.json()["findings"] if f["severity"] == "block"]
    assert block, "the edited note keeps at least one blocking finding to acknowledge"
    ack = clinic.http.post(
        f"/api/sessions/{sid}/findings/{block[0]['id']}/acknowledge",
        json={"reason": "no"},
        headers=me.headers,
    )
    assert ack.status_code == 422  # a reason of fewer than 3 characters is no reason
    ack = clinic.http.post(
        f"/api/sessions/{sid}/findings/{block[0]['id']}/acknowledge",
        json={"reason": "Assessed verbally; documented in the chart."},
        headers=me.headers,
    )
    assert ack.status_code == 200, ack.text
    after = clinic.http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    assert after["note_version"] == 2
    acknowledged = [f for f in after["findings"] if f["acknowledged"]]
    assert [f["id"] for f in acknowledged] == [block[0]["id"]]
    assert acknowledged[0]["acknowledged"]["reason"].startswith("Assessed verbally")
    note["plan"] = note["plan"][:-1]
    third = clinic.http.put(f"/api/sessions/{sid}/note", json={"note": note}, headers=me.headers).json()
    assert third["version"] == 3
    again = clinic.http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    assert not any(f["acknowledged"] for f in again["findings"])  # a new version needs its own decisions


def test_when_blocking_findings_are_open_then_sign_is_409_and_after_acknowledging_signed_note_is_immutable(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me, sid, body = _drafted(clinic, jfk_wav)
    blocking = [f for f in body["findings"] if f["severity"] == "block"]
    assert blocking
    assert body["can_sign"] is False
    r = clinic.http.post(f"/api/sessions/{sid}/sign", json={}, headers=me.headers)
    assert r.status_code == 409
    assert "blocking" in r.json()["detail"]
    for f in blocking:
        clinic.http.post(
            f"/api/sessions/{sid}/findings/{f['id']}/acknowledge",
            json={"reason": "Reviewed with the client; see the chart."},
            headers=me.headers,
        )
    r = clinic.http.post(f"/api/sessions/{sid}/sign", json={"meaning": "Author"}, headers=me.headers)
    assert r.status_code == 200, r.text
    assert r.json()["statement"].startswith(f"Electronically signed by {me.email} on ")
    signed = clinic.http.get(f"/api/sessions/{sid}", headers=me.headers).json()
    assert signed["status"] == "signed"
    assert (
        clinic.http.put(
            f"/api/sessions/{sid}/note", json={"note": body["note"]}, headers=me.headers
        ).status_code
        == 409
    )
    assert clinic.http.post(f"/api/sessions/{sid}/sign", json={}, headers=me.headers).status_code == 409
    added = clinic.http.post(
        f"/api/sessions/{sid}/addenda", json={"text": "Late entry: phone call."}, headers=me.headers
    )
    assert added.status_code == 201
    text = clinic.http.get(f"/api/sessions/{sid}/export?format=text", headers=me.headers)
    assert text.status_code == 200
    assert text.headers["cache-control"] == "no-store"
    assert "Addendum: Late entry: phone call." in text.text
    signed_part = text.text.split("\n\nElectronically signed by")[0] + "\n"
    assert hashlib.sha256(signed_part.encode()).hexdigest() == signed["signature"]["sha256"]
    fhir = clinic.http.get(f"/api/sessions/{sid}/export?format=fhir", headers=me.headers).json()
    kinds = [e["resource"]["resourceType"] for e in fhir["entry"]]
    assert kinds == ["Composition", "DocumentReference"]
    assert fhir["entry"][0]["resource"]["status"] == "final"
    data = base64.b64decode(fhir["entry"][1]["resource"]["content"][0]["attachment"]["data"]).decode()
    assert data == text.text


def test_private_notes_are_author_only_and_never_in_exports_or_the_session(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me, sid, _ = _drafted(clinic, jfk_wav)
    secret = "Process note: countertransference worth raising in supervision."
    assert (
        clinic.http.put(
            f"/api/sessions/{sid}/private-notes", json={"text": secret}, headers=me.headers
        ).status_code
        == 200
    )
    assert clinic.http.get(f"/api/sessions/{sid}/private-notes", headers=me.headers).json() == {
        "text": secret
    }
    boss = clinic.account("supervisor")
    with clinic.container.database.session() as db:
        from service.storage.records import UserRecord

        user = db.get(UserRecord, me.id)
        assert user is not None
        user.supervisor_id = boss.id
    # The supervisor sees the session but not the author's private notes.
    assert clinic.http.get(f"/api/sessions/{sid}", headers=boss.headers).status_code == 200
    assert clinic.http.get(f"/api/sessions/{sid}/private-notes", headers=boss.headers).status_code == 404
    view = clinic.http.get(f"/api/sessions/{sid}", headers=me.headers).text
    exported = clinic.http.get(f"/api/sessions/{sid}/export?format=text", headers=me.headers).text
    fhir = clinic.http.get(f"/api/sessions/{sid}/export?format=fhir", headers=me.headers).text
    for shown in (
        view,
        exported,
        fhir,
        base64.b64decode(
            json.loads(fhir)["entry"][1]["resource"]["content"][0]["attachment"]["data"]
        ).decode(),
    ):
        assert "countertransference" not in shown


def test_when_clinic_template_is_soap_then_note_text_has_soap_headings_with_same_sentences(
    jfk_wav: Path, tmp_path: Path
) -> None:
    from service.domain.note import BirpNote
    from service.draft.formats import as_text, render

    note = BirpNote.model_validate(
        {
            "behavior": [
                {"text": "Client reported a GAD-7 score of 9.", "evidence": [1]},
                {"text": "Client described worry.", "evidence": [3]},
            ],
            "intervention": [{"text": "Therapist taught diaphragmatic breathing.", "evidence": [2]}],
            "response": [{"text": "Client practiced the skill.", "evidence": [4]}],
            "plan": [{"text": "Continue weekly sessions.", "evidence": []}],
        }
    )
    from service.domain.facts import ClinicalFacts, MeasureFact

    facts = ClinicalFacts(
        measures=(MeasureFact(instrument="GAD-7", score=9, reported_by="client", evidence=(1,)),)
    )
    soap = render(note, facts, "SOAP")
    assert [s.title for s in soap.sections] == ["Subjective", "Objective", "Assessment", "Plan"]
    assert next(x.text for x in soap.sections[1].sentences) == "Client reported a GAD-7 score of 9."
    assert [x.text for x in soap.sections[0].sentences] == ["Client described worry."]
    dap = render(note, facts, "DAP")
    assert [s.title for s in dap.sections] == ["Data", "Assessment", "Plan"]
    every = sorted(x.text for s in soap.sections for x in s.sentences)
    assert (
        every
        == sorted(x.text for s in dap.sections for x in s.sentences)
        == sorted(s.text for _n, _i, s in note.sentences())
    )
    assert as_text(soap).startswith("Subjective: Client described worry.")


def test_when_a_couple_is_recorded_then_each_client_gets_a_note_naming_only_themself(
    clinic: Clinic, couple_wav: Path
) -> None:
    me = clinic.account("clinician")
    jordan = clinic.client(me, "Jordan Avery")
    daniel = clinic.client(me, "Daniel Avery")
    r = clinic.upload(me, couple_wav, [jordan, daniel], speakers=["client", "client_2"])
    assert r.status_code == 202, r.text
    assert clinic.run_jobs() == ["done"]
    body = clinic.http.get(f"/api/sessions/{r.json()['id']}", headers=me.headers).json()
    people = {p["client_id"]: p for p in body["participants"]}
    assert set(people) == {jordan, daniel}
    assert people[jordan]["speaker"] == "client"
    assert people[daniel]["speaker"] == "client_2"
    for own, other in ((jordan, "Daniel"), (daniel, "Jordan")):
        view = people[own]
        assert view["note"] is not None
        heard = " ".join(u["text"] for u in view["transcript"])
        assert other not in heard  # the other partner stays a placeholder in this client's record
        assert other not in json.dumps(view["note"])
        assert other not in view["note_text"]
    assert "Jordan" in " ".join(u["text"] for u in people[jordan]["transcript"])
    measures = clinic.http.get(f"/api/clients/{jordan}/measures", headers=me.headers)
    assert measures.status_code == 200


def test_when_a_session_is_processed_then_logs_carry_no_phi(
    clinic: Clinic, jfk_wav: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="sessionnote")
    me, sid, _ = _drafted(clinic, jfk_wav)
    clinic.http.get(f"/api/sessions/{sid}/export?format=text", headers=me.headers)
    logged = caplog.text.lower()
    assert "job" in logged  # the service did log its work
    for phi in ("jordan", "avery", "555", "fellow americans", "country"):
        assert phi not in logged
