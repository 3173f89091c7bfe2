"""Authorisation matrix: every endpoint x role x owner/non-owner, on SQLite and PostgreSQL.

Roles: the treating clinician (owner), another clinician, the owner's supervisor, another supervisor,
an admin who is not a clinician, and no credentials. Others' ids answer 404 (indistinguishable from a
missing id); a supervisor reads the team's records but changes none (403); an admin manages accounts
but reads no clinical record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.service_helpers import PLAN, Account, Clinic

ROLES = ("owner", "other", "supervisor", "other_supervisor", "admin", "anonymous")


@dataclass
class World:
    clinic: Clinic
    who: dict[str, Account]
    client_id: str
    session_id: str
    finding_id: str
    note: dict[str, Any]
    audio: Path


@pytest.fixture(scope="module")
def world(clinic: Clinic, jfk_wav: Path) -> World:
    boss = clinic.account("supervisor")
    owner = clinic.account("clinician", supervisor=boss)
    who = {
        "owner": owner,
        "other": clinic.account("clinician"),
        "supervisor": boss,
        "other_supervisor": clinic.account("supervisor"),
        "admin": clinic.account("admin"),
        "anonymous": Account("-", "-", {}),
    }
    client_id = clinic.client(owner)
    session_id = clinic.upload(owner, jfk_wav, [client_id]).json()["id"]
    clinic.run_jobs()
    body = clinic.http.get(f"/api/sessions/{session_id}", headers=owner.headers).json()
    return World(clinic, who, client_id, session_id, body["findings"][0]["id"], body["note"], jfk_wav)


Call = Callable[[World, dict[str, str]], httpx2.Response]


def _upload(w: World, h: dict[str, str]) -> httpx2.Response:
    with w.audio.open("rb") as fh:
        return w.clinic.http.post(
            "/api/sessions",
            data={"client_id": [w.client_id], "session_date": "2026-03-02"},
            files={"audio": ("a.wav", fh, "audio/wav")},
            headers=h,
        )


S = "/api/sessions/{sid}"
# endpoint name -> (call, expected status per role in ROLES order)
MATRIX: dict[str, tuple[Call, tuple[int, ...]]] = {
    "GET client": (
        lambda w, h: w.clinic.http.get(f"/api/clients/{w.client_id}", headers=h),
        (200, 404, 200, 404, 404, 401),
    ),
    "PUT plan": (
        lambda w, h: w.clinic.http.put(
            f"/api/clients/{w.client_id}/plan", json={**PLAN, "status": "draft"}, headers=h
        ),
        (200, 404, 403, 404, 404, 401),
    ),
    "POST client": (
        lambda w, h: w.clinic.http.post("/api/clients", json=PLAN["client"], headers=h),
        (201, 201, 403, 403, 403, 401),
    ),
    "POST session": (_upload, (202, 404, 403, 403, 403, 401)),
    "GET session": (
        lambda w, h: w.clinic.http.get(S.format(sid=w.session_id), headers=h),
        (200, 404, 200, 404, 404, 401),
    ),
    "PUT note": (
        lambda w, h: w.clinic.http.put(
            S.format(sid=w.session_id) + "/note", json={"note": w.note}, headers=h
        ),
        (200, 404, 403, 404, 404, 401),
    ),
    "POST acknowledge": (
        lambda w, h: w.clinic.http.post(
            S.format(sid=w.session_id) + f"/findings/{w.finding_id}/acknowledge",
            json={"reason": "Reviewed in session."},
            headers=h,
        ),
        (200, 404, 403, 404, 404, 401),
    ),
    "POST addenda": (
        lambda w, h: w.clinic.http.post(
            S.format(sid=w.session_id) + "/addenda", json={"text": "Late entry."}, headers=h
        ),
        (409, 404, 403, 404, 404, 401),
    ),
    "PUT private-notes": (
        lambda w, h: w.clinic.http.put(
            S.format(sid=w.session_id) + "/private-notes", json={"text": "mine"}, headers=h
        ),
        (200, 404, 403, 404, 404, 401),
    ),
    "GET private-notes": (
        lambda w, h: w.clinic.http.get(S.format(sid=w.session_id) + "/private-notes", headers=h),
        (200, 404, 404, 404, 404, 401),
    ),
    "GET export text": (
        lambda w, h: w.clinic.http.get(S.format(sid=w.session_id) + "/export?format=text", headers=h),
        (200, 404, 200, 404, 404, 401),
    ),
    "GET export fhir": (
        lambda w, h: w.clinic.http.get(S.format(sid=w.session_id) + "/export?format=fhir", headers=h),
        (200, 404, 200, 404, 404, 401),
    ),
    "PUT participants": (
        lambda w, h: w.clinic.http.put(
            S.format(sid=w.session_id) + "/participants",
            json={"participants": [{"client_id": w.client_id, "speaker": "client"}]},
            headers=h,
        ),
        (200, 404, 403, 404, 404, 401),
    ),
    "POST sign": (
        lambda w, h: w.clinic.http.post(S.format(sid=w.session_id) + "/sign", json={}, headers=h),
        (409, 404, 403, 404, 404, 401),
    ),
    "GET users": (lambda w, h: w.clinic.http.get("/api/users", headers=h), (403, 403, 403, 403, 200, 401)),
    "POST users": (
        lambda w, h: w.clinic.http.post(
            "/api/users",
            json={
                "email": f"new-{id(h)}-{len(h)}@clinic.test",
                "password": "a long enough password",
                "roles": ["clinician"],
            },
            headers=h,
        ),
        (403, 403, 403, 403, 201, 401),
    ),
    "GET summary": (
        lambda w, h: w.clinic.http.get("/api/summary", headers=h),
        (200, 200, 200, 200, 200, 401),
    ),
    "GET sessions": (
        lambda w, h: w.clinic.http.get("/api/sessions", headers=h),
        (200, 200, 200, 200, 200, 401),
    ),
    "GET clients": (
        lambda w, h: w.clinic.http.get("/api/clients", headers=h),
        (200, 200, 200, 200, 200, 401),
    ),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(world: World, endpoint: str, role: str) -> None:
    call, expected = MATRIX[endpoint]
    world.clinic.run_jobs()  # a relabel earlier in the matrix queued a redraft; finish it first
    world.clinic.http.cookies.clear()  # bearer tokens only: no browser session may ride along
    r = call(world, world.who[role].headers)
    assert r.status_code == expected[ROLES.index(role)], (endpoint, role, r.status_code, r.text[:200])
    assert "Traceback" not in r.text
    if r.status_code == 404:
        assert "detail" in r.json()


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_may_see(world: World, role: str) -> None:
    h = world.who[role].headers
    if role == "anonymous":
        return
    sessions = {s["id"] for s in world.clinic.http.get("/api/sessions", headers=h).json()}
    clients = {c["id"] for c in world.clinic.http.get("/api/clients", headers=h).json()}
    summary = world.clinic.http.get("/api/summary", headers=h).json()
    listed = {d["session_id"] for d in summary["drafted"]}
    sees = role in ("owner", "supervisor")
    assert (world.session_id in sessions) is sees
    assert (world.client_id in clients) is sees
    assert (world.session_id in listed) is sees
