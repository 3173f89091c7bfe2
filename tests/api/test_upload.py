"""Uploads: size limit while streaming (413), content checked by magic bytes and by decoding, clear 4xx
JSON errors, generated names, nothing half-stored, PHI responses not cached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from tests.service_helpers import Clinic, make_container


def _post(
    clinic: Clinic, headers: dict[str, str], content: bytes, name: str = "x.wav", client_id: str = ""
) -> object:
    return clinic.http.post(
        "/api/sessions",
        data={"client_id": [client_id], "session_date": "2026-03-02"},
        files={"audio": (name, content, "audio/wav")},
        headers=headers,
    )


def _count_files(clinic: Clinic) -> int:
    root = clinic.container.settings.data_dir / "audio"
    return len(list(root.iterdir())) if root.exists() else 0


def test_when_upload_is_not_audio_then_415_and_nothing_is_stored(clinic: Clinic) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    before = _count_files(clinic)
    r = _post(clinic, me.headers, b"%PDF-1.7 this is a document, not a recording", client_id=client_id)
    assert r.status_code == 415  # type: ignore[attr-defined]
    assert "recording" in r.json()["detail"]  # type: ignore[attr-defined]
    assert _count_files(clinic) == before
    assert clinic.http.get("/api/sessions", headers=me.headers).json() == []


def test_when_upload_has_audio_magic_but_does_not_decode_then_422_without_stack_trace(clinic: Clinic) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    fake = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 200
    r = _post(clinic, me.headers, fake, client_id=client_id)
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert "Traceback" not in r.text  # type: ignore[attr-defined]
    assert clinic.http.get("/api/sessions", headers=me.headers).json() == []


def test_when_fields_are_missing_or_wrong_then_clear_4xx(clinic: Clinic, jfk_wav: Path) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    audio = jfk_wav.read_bytes()
    no_client = clinic.http.post(
        "/api/sessions",
        data={"session_date": "2026-03-02"},
        files={"audio": ("a.wav", audio)},
        headers=me.headers,
    )
    assert no_client.status_code == 422
    assert "client_id" in no_client.json()["detail"]
    bad_date = clinic.http.post(
        "/api/sessions",
        data={"client_id": client_id, "session_date": "yesterday"},
        files={"audio": ("a.wav", audio)},
        headers=me.headers,
    )
    assert bad_date.status_code == 422
    assert "YYYY-MM-DD" in bad_date.json()["detail"]
    not_form = clinic.http.post(
        "/api/sessions", content=b"{}", headers={**me.headers, "Content-Type": "application/json"}
    )
    assert not_form.status_code == 422
    other = clinic.client(clinic.account("clinician"))
    assert _post(clinic, me.headers, audio, client_id=other).status_code == 404  # type: ignore[attr-defined]


def test_when_recording_is_stored_then_encrypted_under_a_generated_name(
    clinic: Clinic, jfk_wav: Path
) -> None:
    me = clinic.account("clinician")
    client_id = clinic.client(me)
    r = _post(
        clinic, me.headers, jfk_wav.read_bytes(), name="Jordan Avery 2026-03-02.wav", client_id=client_id
    )
    assert r.status_code == 202  # type: ignore[attr-defined]
    assert r.headers["cache-control"] == "no-store"  # type: ignore[attr-defined]
    assert r.headers["x-content-type-options"] == "nosniff"  # type: ignore[attr-defined]
    names = [p.name for p in (clinic.container.settings.data_dir / "audio").iterdir()]
    assert all(n.startswith("rec-") and "Jordan" not in n for n in names)
    riff = jfk_wav.read_bytes()[:64]
    for p in (clinic.container.settings.data_dir / "audio").iterdir():
        assert riff[12:40] not in p.read_bytes()  # the plaintext header is nowhere on disk
    clinic.run_jobs()


@pytest.fixture
def small_limit(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    container = make_container(tmp_path / "data", max_upload_mb=1)
    from service.storage.users import UserRepository

    with container.database.session() as db:
        users = UserRepository(db)
        user = users.add("limit@clinic.test", "correct horse battery staple", ["clinician"])
        token = users.create_token(user)
    with TestClient(create_app(container)) as http:
        headers = {"Authorization": f"Bearer {token}"}
        from tests.service_helpers import PLAN

        client_id = http.post("/api/clients", json=PLAN["client"], headers=headers).json()["id"]
        yield http, headers, client_id


def test_when_upload_exceeds_the_limit_then_413_whether_declared_or_streamed(
    small_limit: tuple[TestClient, dict[str, str], str],
) -> None:
    http, headers, client_id = small_limit
    big = b"RIFF" + b"\x00" * (2 * 1024 * 1024)
    declared = http.post(
        "/api/sessions",
        data={"client_id": client_id, "session_date": "2026-03-02"},
        files={"audio": ("a.wav", big)},
        headers=headers,
    )
    assert declared.status_code == 413
    assert "SESSIONNOTE_MAX_UPLOAD_MB" in declared.json()["detail"]

    boundary = "b0undary"

    def chunks() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n\r\n'
        ).encode()
        for _ in range(40):
            yield b"\x00" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    streamed = http.post(
        "/api/sessions",
        content=chunks(),
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert streamed.status_code == 413
