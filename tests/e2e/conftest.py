"""One live ``sessionnote serve`` on loopback (template drafting, batch window ``immediate``, one worker)
and one headless Debian Chromium driven by Playwright, shared by the browser tests.

Chromium is ``/usr/bin/chromium`` (``make test`` installs the apt package when missing; no browser is
downloaded). Playwright starts it with a fresh temporary profile of its own. Every page the tests open
is checked with the vendored axe-core and collects console errors; full-page screenshots go to a
temporary folder, or to ``$SESSIONNOTE_SCREENS_DIR`` when set: ``make screens`` refreshes the committed
set in ``eval/results/screens/`` (a plain test run leaves the repository as it was).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from service.config import load_settings
from service.container import Container
from service.storage.users import UserRepository
from tests.conftest import REPO_ROOT
from tests.servers import free_port, wait_healthy
from tests.service_helpers import service_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO_ROOT / "service" / "web" / "static" / "vendor" / "axe.min.js"
SCREENS = Path(
    os.environ.get("SESSIONNOTE_SCREENS_DIR") or tempfile.mkdtemp(prefix="sessionnote-screens-")
).resolve()
PASSWORD = "correct horse battery staple"


@dataclass
class Server:
    """The running service and its accounts."""

    base: str
    proc: subprocess.Popen[bytes]
    accounts: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def server(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``sessionnote serve`` with its own data directory and two clinicians."""
    data_dir = tmp_path_factory.mktemp("web")
    settings = service_settings(data_dir, workers=1, batch_window="immediate", heartbeat_seconds=1.0)
    env = {f"SESSIONNOTE_{k.upper()}": str(v) for k, v in settings.items()}
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    container: Container | None = None
    try:
        wait_healthy(base, proc)
        container = Container(load_settings(**settings))
        live = Server(base, proc)
        with container.database.session() as db:
            users = UserRepository(db)
            for who in ("first", "second"):
                email = f"{who}.clinician@clinic.test"
                users.add(email, PASSWORD, ["clinician"])
                live.accounts[who] = email
        yield live
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if container is not None:
            container.database.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is not installed at /usr/bin/chromium; `make test` installs it (apt package chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Screens:
    """A signed-in browser tab with console-error collection, axe checks and screenshots."""

    def __init__(self, context: Any, base: str) -> None:
        self.context = context
        self.base = base
        self.page = context.new_page()
        self.errors: list[str] = []
        self.axe_results: dict[str, list[dict[str, Any]]] = {}
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def login(self, email: str) -> None:
        self.goto("/login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(self.base + "/")

    def axe(self, name: str) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations on the current page (recorded under ``name``)."""
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.add_script_tag(url=f"{self.base}/static/vendor/{AXE.name}")
        result = self.page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
            " target: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
        )
        self.axe_results[name] = result
        return [v for v in result if v["impact"] in ("serious", "critical")]

    def shot(self, name: str) -> None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def axe_report() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Every axe run of the session, written beside the screenshots at the end."""
    report: dict[str, list[dict[str, Any]]] = {}
    yield report
    if report:
        SCREENS.mkdir(parents=True, exist_ok=True)
        (SCREENS / "axe.json").write_text(
            json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


@pytest.fixture(scope="session")
def first(browser: Any, server: Server, axe_report: dict[str, Any]) -> Iterator[Screens]:
    """The first clinician, signed in once for the whole run (laptop width)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.base)
    screens = Screens(context, server.base)
    screens.axe_results = axe_report
    screens.login(server.accounts["first"])
    yield screens
    context.close()


@pytest.fixture(scope="session")
def second(browser: Any, server: Server, axe_report: dict[str, Any]) -> Iterator[Screens]:
    """Another clinician of the same clinic, in a separate browser context (tablet width)."""
    context = browser.new_context(viewport={"width": 820, "height": 1180}, base_url=server.base)
    screens = Screens(context, server.base)
    screens.axe_results = axe_report
    screens.login(server.accounts["second"])
    yield screens
    context.close()


def espeak_available() -> bool:
    """espeak-ng makes the couples/risk recording (installed by `make test`)."""
    return shutil.which("espeak-ng") is not None
