"""Browser sessions (cookie + CSRF, timeouts), login rate limit, first-run account, CLI users and tokens."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from service.api.app import create_app
from service.cli.user import FIRST_ADMIN, ensure_first_admin
from service.storage.records import WebSessionRecord
from service.storage.users import now
from tests.conftest import run_cli
from tests.service_helpers import PLAN, Clinic, make_container

PASSWORD = "correct horse battery staple"


def _login(http: TestClient, email: str, password: str = PASSWORD) -> tuple[int, dict[str, object]]:
    r = http.post("/api/auth/login", json={"email": email, "password": password})
    return r.status_code, r.json()


def test_when_browser_logs_in_then_cookie_is_httponly_strict_and_writes_need_the_csrf_token(
    clinic: Clinic,
) -> None:
    me = clinic.account("clinician")
    with TestClient(clinic.http.app) as browser:
        r = browser.post("/api/auth/login", json={"email": me.email, "password": PASSWORD})
        assert r.status_code == 200
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        assert "Secure" not in cookie  # plain http on loopback
        csrf = r.json()["csrf_token"]
        assert browser.get("/api/auth/me").json()["user"]["email"] == me.email
        refused = browser.post("/api/clients", json=PLAN["client"])
        assert refused.status_code == 403
        assert "CSRF" in refused.json()["detail"]
        wrong = browser.post("/api/clients", json=PLAN["client"], headers={"X-CSRF-Token": "guess"})
        assert wrong.status_code == 403
        ok = browser.post("/api/clients", json=PLAN["client"], headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201
        assert browser.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
        assert browser.get("/api/auth/me").status_code == 401


def test_when_served_over_https_then_cookie_is_secure(clinic: Clinic) -> None:
    me = clinic.account("clinician")
    with TestClient(clinic.http.app, base_url="https://testserver") as browser:
        r = browser.post("/api/auth/login", json={"email": me.email, "password": PASSWORD})
        assert "Secure" in r.headers["set-cookie"]


def test_when_idle_30_minutes_or_open_12_hours_then_session_ends(clinic: Clinic) -> None:
    me = clinic.account("clinician")
    for field, age in (
        ("last_seen_at", timedelta(minutes=31)),
        ("created_at", timedelta(hours=12, minutes=1)),
    ):
        with TestClient(clinic.http.app) as browser:
            assert (
                browser.post("/api/auth/login", json={"email": me.email, "password": PASSWORD}).status_code
                == 200
            )
            assert browser.get("/api/auth/me").status_code == 200
            with clinic.container.database.session() as db:
                for row in db.query(WebSessionRecord).filter(WebSessionRecord.user_id == me.id):
                    setattr(row, field, now() - age)
            r = browser.get("/api/auth/me")
            assert r.status_code == 401
            assert "log in again" in r.json()["detail"]


def test_when_password_is_guessed_repeatedly_then_login_is_rate_limited_even_with_the_right_one(
    clinic: Clinic,
) -> None:
    me = clinic.account("clinician")
    with TestClient(clinic.http.app) as browser:  # its own cookie jar: the shared client stays anonymous
        for _ in range(5):
            assert _login(browser, me.email, "wrong password here")[0] == 401
        status, body = _login(browser, me.email)
        assert status == 429
        assert "15 minutes" in str(body["detail"])
        assert _login(browser, clinic.account("clinician").email)[0] == 200  # other accounts unaffected


def test_when_no_user_exists_then_first_run_creates_one_admin_clinician_with_a_random_password_file(
    tmp_path: Path,
) -> None:
    container = make_container(tmp_path / "data")
    path = ensure_first_admin(container)
    assert path is not None
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    password = path.read_text().split("password: ")[1].strip()
    assert len(password) >= 20
    assert ensure_first_admin(container) is None  # never twice, never a default
    with TestClient(create_app(container)) as http:
        status, body = _login(http, FIRST_ADMIN, password)
        assert status == 200
        assert set(body["user"]["roles"]) == {"admin", "clinician"}  # type: ignore[index]


def test_cli_adds_users_from_a_password_file_and_token_create_prints_only_the_token(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"SESSIONNOTE_DATA_DIR": str(data), "SESSIONNOTE_DRAFTER": "template"}
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n")
    added = run_cli(
        "user",
        "add",
        "--email",
        "Dr.Who@Clinic.test",
        "--role",
        "clinician",
        "--password-file",
        str(secret),
        env=env,
    )
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    token = run_cli("token", "create", "--email", "dr.who@clinic.test", env=env)
    assert token.returncode == 0, token.stderr
    assert token.stdout.count("\n") == 1
    assert token.stdout.startswith("snt_")
    short = tmp_path / "short"
    short.write_text("tooshort")
    refused = run_cli(
        "user",
        "add",
        "--email",
        "x@clinic.test",
        "--role",
        "clinician",
        "--password-file",
        str(short),
        env=env,
    )
    assert refused.returncode == 2
    assert "12 characters" in refused.stderr
    container = make_container(data)
    with TestClient(create_app(container)) as http:
        r = http.get("/api/auth/me", headers={"Authorization": f"Bearer {token.stdout.strip()}"})
        assert r.status_code == 200
        assert r.json()["user"]["email"] == "dr.who@clinic.test"
        assert http.get("/api/auth/me", headers={"Authorization": "Bearer snt_forged"}).status_code == 401
