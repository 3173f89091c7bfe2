"""Idle sign-out in the browser: a warning before the limit, then the session is closed and the sign-in
page says why; a session the server already ended sends the next page request to sign-in, with the same
notice. The page's clock is Playwright's fake clock, so no test waits half an hour."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Screens, Server

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared_data]


def test_idle_page_warns_then_signs_out_with_a_notice(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    screens = Screens(context, server.base)
    try:
        screens.login(server.accounts["second"])
        screens.page.clock.install()
        screens.goto("/clients")
        expect(screens.page.locator("#idle-notice")).to_be_hidden()
        screens.page.clock.fast_forward("28:30")
        expect(screens.page.locator("#idle-notice")).to_be_visible()
        expect(screens.page.locator("#idle-notice")).to_contain_text("signed out")
        screens.page.clock.fast_forward("02:00")
        expect(
            screens.page.get_by_text("You were signed out after a period without activity")
        ).to_be_visible()
        response = screens.goto("/clients")
        assert response is not None
        assert response.url.startswith(f"{server.base}/login")
        assert screens.errors == []
    finally:
        context.close()


def test_request_after_the_server_ended_the_session_goes_to_sign_in(browser: Any, server: Server) -> None:
    context = browser.new_context()
    screens = Screens(context, server.base)
    try:
        context.add_cookies([{"name": "sessionnote_session", "value": "ended-long-ago", "url": server.base}])
        screens.goto("/upload")
        expect(screens.page.get_by_text("Your session ended after a period without activity")).to_be_visible()
        assert "next=/upload" in screens.page.url
        screens.page.get_by_label("Email").fill(server.accounts["second"])
        screens.page.get_by_label("Password").fill("correct horse battery staple")
        screens.page.get_by_role("button", name="Sign in").click()
        expect(screens.page.get_by_role("heading", name="Upload a session recording")).to_be_visible()
    finally:
        context.close()
