"""From sign-in to a signed note with an addendum, in a real browser against a live service.

The tests run in file order and share one signed-in tab (a clinician's working session): create a
client with a build-split case's plan, upload a real recording, wait for the draft, follow a sentence
to its evidence, acknowledge findings, sign, see the note locked, add an addendum. Every screen is
checked with axe-core (no serious or critical violation) and photographed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Screens, Server

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared_data]
CASE_PLAN = "cases/dev-01-gad-worry-log/plan.json"  # build split
RECORDING = "asr/synth_session_dev_01.wav"  # 2.5 minutes, two voices
DRAFT_TIMEOUT_MS = 240_000
state: dict[str, Any] = {}


def _no_serious(screens: Screens, name: str) -> None:
    serious = screens.axe(name)
    assert serious == [], f"axe found serious or critical violations on {name}: {serious}"


def test_login_page_signs_in_with_labelled_fields(
    browser: Any, server: Server, axe_report: dict[str, Any]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    screens = Screens(context, server.base)
    screens.axe_results = axe_report
    try:
        screens.goto("/login")
        _no_serious(screens, "login")
        screens.shot("01-login")
        screens.page.get_by_label("Email").fill(server.accounts["first"])
        screens.page.get_by_label("Password").fill("not the password")
        screens.page.get_by_role("button", name="Sign in").click()
        expect(screens.page.locator("#login-error")).to_contain_text("wrong")
        screens.login(server.accounts["first"])
        expect(screens.page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()
        screens.page.get_by_role("button", name="Sign out").click()
        expect(screens.page.get_by_text("You are signed out.")).to_be_visible()
        assert screens.errors == []
    finally:
        context.close()


def test_clients_screen_creates_a_client_and_imports_a_case_plan(first: Screens, shared_data: Path) -> None:
    page = first.page
    first.goto("/clients")
    _no_serious(first, "clients")
    page.get_by_label("Name", exact=True).fill("Avery Quinn")
    page.get_by_label("Date of birth").fill("1988-04-09")
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("heading", name="Avery Quinn")).to_be_visible()
    expect(page.get_by_text("No plan is in force today")).to_be_visible()
    page.get_by_label("Plan file (plan.json)").set_input_files(str(shared_data / CASE_PLAN))
    page.get_by_role("button", name="Save plan version").click()
    expect(page.get_by_text("The plan was saved as a new version.")).to_be_visible()
    expect(page.get_by_role("heading", name="Avery Quinn")).to_be_visible()  # the chart on file is kept
    expect(page.locator("#versions-title + table tbody tr")).to_have_count(1)
    expect(page.get_by_text("(overdue)")).to_be_visible()
    page.get_by_label("Review date").fill("2027-06-30")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("The plan was saved as a new version.")).to_be_visible()
    expect(page.locator("#versions-title + table tbody tr")).to_have_count(2)
    expect(page.get_by_text("(overdue)")).to_have_count(0)
    expect(page.locator("#versions-title + table tbody tr").last).to_contain_text("superseded")
    state["client_url"] = page.url
    _no_serious(first, "client")
    first.shot("03-client")


def test_upload_requires_consent_then_shows_progress_until_drafted(first: Screens, shared_data: Path) -> None:
    page = first.page
    first.goto("/upload")
    _no_serious(first, "upload")
    page.get_by_label("Client", exact=True).select_option(label="Avery Quinn")
    page.get_by_label("Recording").set_input_files(str(shared_data / RECORDING))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-status")).to_have_text("Nothing uploaded yet.")  # consent is required
    page.get_by_label("The client consented").check()
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-status")).to_contain_text("Uploaded", timeout=60_000)
    expect(page.locator(".stages li")).to_have_count(5, timeout=30_000)
    link = page.get_by_role("link", name="Open the review")
    link.wait_for(timeout=DRAFT_TIMEOUT_MS)
    _no_serious(first, "upload-done")
    first.shot("04-upload")
    state["review"] = link.get_attribute("href")


def test_dashboard_lists_the_session_with_the_batch_summary(first: Screens) -> None:
    page = first.page
    first.goto("/")
    expect(page.get_by_role("heading", name="Overnight batch summary")).to_be_visible()
    expect(page.locator(f'a[href="{state["review"]}"]')).to_be_visible()
    page.get_by_label("Status").select_option(label="Signed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(f'a[href="{state["review"]}"]')).to_have_count(0)
    first.goto("/")
    _no_serious(first, "dashboard")
    first.shot("02-dashboard")


def test_clicking_a_sentence_highlights_its_evidence_in_the_transcript(first: Screens) -> None:
    page = first.page
    response = first.goto(state["review"])
    assert response is not None
    assert response.headers["cache-control"] == "no-store"  # the page holds PHI
    assert "script-src 'self'" in response.headers["content-security-policy"]
    sentence = page.locator(".sentence:not([data-evidence=''])").first
    evidence = (sentence.get_attribute("data-evidence") or "").split()
    assert evidence, "the draft has no sentence citing the transcript"
    sentence.click()
    expect(sentence).to_have_attribute("aria-pressed", "true")
    for index in evidence:
        expect(page.locator(f"#u-{index}")).to_have_class(re.compile(r"\bhl\b"))
    assert page.locator(".utt.hl").count() == len(set(evidence))
    sentence.focus()  # keyboard: Enter on another sentence moves the highlight
    other = page.locator(".sentence:not([data-evidence=''])").nth(1)
    other.focus()
    page.keyboard.press("Enter")
    expect(other).to_have_attribute("aria-pressed", "true")
    _no_serious(first, "review")
    first.shot("05-review")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
    _no_serious(first, "review-tablet")
    first.shot("05b-review-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_editing_the_note_saves_a_new_version_that_is_checked_again(first: Screens) -> None:
    page = first.page
    first.goto(state["review"])
    page.get_by_text("Edit the note").click()
    page.get_by_label("New Plan sentence").fill("Next session will review the worry log together.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The note was saved as a new version and checked again.")).to_be_visible()
    expect(page.locator("#note")).to_contain_text("Next session will review the worry log together.")
    expect(page.locator("#versions tbody tr")).to_have_count(2)
    expect(page.locator("#versions tbody tr").last).to_contain_text("first.clinician@clinic.test")


def test_sign_stays_disabled_until_findings_are_acknowledged_then_locks_the_note(first: Screens) -> None:
    page = first.page
    first.goto(state["review"])
    sign = page.get_by_role("button", name="Sign note")
    if page.locator("#sign-why.warn").count():
        expect(sign).to_be_disabled()
        expect(page.locator("#sign-why")).to_contain_text("Signing is blocked")
    acknowledged = 0
    while page.locator("form.ack").count():
        form = page.locator("form.ack").first
        form.locator("textarea").fill("Reviewed against the session; documented in the chart.")
        form.get_by_role("button", name="Acknowledge").click()
        expect(page.get_by_text("The finding was acknowledged.")).to_be_visible()
        acknowledged += 1
    assert acknowledged >= 1, "expected at least one finding to acknowledge on this session"
    expect(page.locator(".resolved").first).to_contain_text("Reviewed against the session")
    expect(sign).to_be_enabled()
    sign.click()
    expect(page.locator(".signature-line")).to_contain_text(
        "Electronically signed by first.clinician@clinic.test"
    )
    expect(page.get_by_text("Edit the note")).to_have_count(0)
    expect(page.locator("form.ack")).to_have_count(0)
    session_id = state["review"].rsplit("/", 1)[-1]
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    edit = page.request.put(
        f"{first.base}/api/sessions/{session_id}/note",
        data={"note": {"behavior": [{"text": "Changed after signing.", "evidence": []}]}},
        headers={"X-CSRF-Token": csrf},
    )
    assert edit.status == 409
    _no_serious(first, "signed")


def test_signed_note_takes_an_addendum_and_exports(first: Screens) -> None:
    page = first.page
    page.get_by_label("Addendum").fill("Client called the next day to confirm the homework plan.")
    page.get_by_role("button", name="Sign and add the addendum").click()
    expect(page.get_by_text("The addendum was signed and added.")).to_be_visible()
    expect(page.locator("#addenda")).to_contain_text("confirm the homework plan")
    text = page.request.get(page.get_by_role("link", name="Text").get_attribute("href") or "")
    assert text.status == 200
    assert "Electronically signed by first.clinician@clinic.test" in text.text()
    assert "confirm the homework plan" in text.text()
    fhir = page.request.get(page.get_by_role("link", name="FHIR R4 (JSON)").get_attribute("href") or "")
    assert fhir.json()["resourceType"] == "Bundle"
    _no_serious(first, "signed-addendum")
    first.shot("06-signed")


def test_second_clinician_cannot_open_the_first_ones_review(second: Screens) -> None:
    response = second.goto(state["review"])
    assert response is not None
    assert response.status == 404
    expect(second.page.locator("#error-message")).to_contain_text("was not found")
    second.errors.clear()  # the browser logs the 404 it was just asked to load
    _no_serious(second, "not-found")
    second.shot("09-not-found-other-clinician")
    second.goto("/")
    expect(second.page.locator(f'a[href="{state["review"]}"]')).to_have_count(0)


def test_form_post_without_csrf_token_is_refused(first: Screens) -> None:
    session_id = state["review"].rsplit("/", 1)[-1]
    refused = first.page.request.post(
        f"{first.base}/sessions/{session_id}/addenda", form={"text": "Posted without the token."}
    )
    assert refused.status == 403
    assert "CSRF" in refused.text()
    first.goto(state["review"])
    expect(first.page.get_by_text("Posted without the token.")).to_have_count(0)


def test_pages_logged_no_console_errors(first: Screens, second: Screens) -> None:
    assert first.errors == []
    assert second.errors == []
