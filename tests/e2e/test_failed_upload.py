"""A recording without speech fails its job: the upload screen and the review page say why, the review
page stops refreshing, and the dashboard lists it under needs attention with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import silence, write_wav
from tests.e2e.conftest import Screens

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared_data]
CASE_PLAN = "cases/dev-01-gad-worry-log/plan.json"  # build split


def test_recording_without_speech_is_reported_as_failed(
    first: Screens, shared_data: Path, tmp_path: Path
) -> None:
    page = first.page
    first.goto("/clients")
    page.get_by_label("Name", exact=True).fill("Riley Moss")
    page.get_by_label("Treatment plan file (plan.json, optional)").set_input_files(
        str(shared_data / CASE_PLAN)
    )
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_role("heading", name="Riley Moss")).to_be_visible()
    quiet = write_wav(tmp_path / "quiet.wav", silence(3.0))
    first.goto("/upload")
    page.get_by_label("Client", exact=True).select_option(label="Riley Moss")
    page.get_by_label("Recording").set_input_files(str(quiet))
    page.get_by_label("The client consented").check()
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#job-progress")).to_contain_text("Failed", timeout=120_000)
    expect(page.locator("#job-progress")).to_contain_text("no speech")
    loads: list[Any] = []
    page.on("load", lambda _: loads.append(1))
    session_id = (page.locator("#job-progress .job").get_attribute("id") or "").removeprefix("job-")
    first.goto(f"/sessions/{session_id}")
    expect(page.get_by_role("heading", name="Drafting failed")).to_be_visible()
    page.wait_for_timeout(4500)  # two refresh periods: a finished job must not reload the page
    assert len(loads) == 1
    first.goto("/")
    expect(page.locator("#g-attention + table")).to_contain_text("no speech")
