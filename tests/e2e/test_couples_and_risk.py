"""A couples session in the browser: one tab per client showing only that client's name, possible risk
language first on the page and blocking the signature, speaker roles swapped (the notes are drafted
again and the risk moves to the other client's note), and the risk assessment documented.

The recording is synthesised with espeak-ng in three voices from lines written for this test (the risk
line is the C-SSRS wording of passive ideation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.conftest import espeak, silence, write_wav
from tests.e2e.conftest import Screens

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared_data]
CASE_PLAN = "cases/dev-01-gad-worry-log/plan.json"  # build split
DRAFT_TIMEOUT_MS = 240_000
THERAPIST, FIRST, SECOND = "en-us+m3", "en-us+f3", "en-gb+f2"
LINES = (
    (THERAPIST, "How did things go at home since our previous appointment?"),
    (FIRST, "Heavy, to be honest. Daniel has been patient with me, and I am grateful for that."),
    (FIRST, "Some nights I wish I could go to sleep and not wake up. I have not told many people that."),
    (
        SECOND,
        "Jordan told me a little of this on Sunday. I stayed close, and we made tea and watched an old film.",
    ),
    (THERAPIST, "What would help most today, Daniel? Let us practise the speaker and listener exercise now."),
    (FIRST, "Each time Daniel repeats back what I said about the office, I feel less alone with it."),
    (
        SECOND,
        "It felt stiff at first, but Jordan kept going and so did I. We want to keep practising on weekends.",
    ),
    (THERAPIST, "Can you each note one moment of feeling understood before our next appointment?"),
)
state: dict[str, Any] = {}


def couple_audio(path: Path) -> Path:
    """The three-voice session as a 16 kHz WAV file."""
    parts = []
    for voice, line in LINES:
        parts += [espeak(line, voice=voice), silence(0.7)]
    return write_wav(path, np.concatenate(parts))


@pytest.fixture(scope="module")
def couple_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return couple_audio(tmp_path_factory.mktemp("couple") / "couple.wav")


def _no_serious(screens: Screens, name: str) -> None:
    serious = screens.axe(name)
    assert serious == [], f"axe found serious or critical violations on {name}: {serious}"


def _tab(screens: Screens, number: int) -> None:
    screens.page.locator(".tabs a").nth(number - 1).click()
    expect(screens.page.locator(".tabs a").nth(number - 1)).to_have_attribute("aria-current", "page")


def _risk_tabs(screens: Screens) -> list[int]:
    found = []
    for number in (1, 2):
        _tab(screens, number)
        if screens.page.locator("#risk").count():
            found.append(number)
    return found


def test_couples_upload_drafts_one_note_per_client(
    first: Screens, shared_data: Path, couple_recording: Path
) -> None:
    page = first.page
    for name in ("Jordan Ellis", "Daniel Price"):
        first.goto("/clients")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Treatment plan file (plan.json, optional)").set_input_files(
            str(shared_data / CASE_PLAN)
        )
        page.get_by_role("button", name="Create client").click()
        expect(page.get_by_role("heading", name=name)).to_be_visible()
        expect(page.locator("#versions-title + table tbody tr")).to_have_count(1)
    first.goto("/upload")
    page.get_by_label("Client", exact=True).select_option(label="Jordan Ellis")
    page.get_by_text("Couples, family or group session").click()
    page.get_by_label("Client 2 (speaker client_2)").select_option(label="Daniel Price")
    page.get_by_label("Recording").set_input_files(str(couple_recording))
    page.get_by_label("The client consented").check()
    page.get_by_role("button", name="Upload").click()
    link = page.get_by_role("link", name="Open the review")
    link.wait_for(timeout=DRAFT_TIMEOUT_MS)
    state["review"] = link.get_attribute("href")
    first.goto(state["review"])
    expect(page.locator(".tabs a")).to_have_count(2)


def test_each_tab_names_only_its_own_client(first: Screens) -> None:
    first.goto(state["review"])
    _tab(first, 1)
    text = first.page.locator("main").inner_text()
    assert "Jordan Ellis" in text
    assert "Daniel" not in text
    assert "[PERSON_" in first.page.locator("#transcript").inner_text()  # the other client, scrubbed
    _tab(first, 2)
    text = first.page.locator("main").inner_text()
    assert "Daniel Price" in text
    assert "Jordan" not in text
    assert "[PERSON_" in first.page.locator("#transcript").inner_text()
    _no_serious(first, "review-couples-tab-2")
    first.shot("08-review-couples-second-client")


def test_risk_language_comes_first_and_blocks_signing(first: Screens) -> None:
    first.goto(state["review"])
    tabs = _risk_tabs(first)
    assert len(tabs) == 1, f"expected the risk line on exactly one client's note, found it on tabs {tabs}"
    state["risk_tab"] = tabs[0]
    _tab(first, tabs[0])
    page = first.page
    first_after_risk = page.evaluate(
        "Boolean(document.querySelector('#risk').compareDocumentPosition("
        "document.querySelector('#note')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert first_after_risk, "the risk panel must come before the note"
    expect(page.locator("#risk .quotes")).to_contain_text("not wake up")
    expect(page.get_by_role("button", name="Sign note")).to_be_disabled()
    expect(page.locator("#sign-why")).to_contain_text("RISK")
    _no_serious(first, "review-risk")
    first.shot("07-review-risk-first")


def test_swapping_speaker_roles_redrafts_and_moves_the_risk(first: Screens) -> None:
    page = first.page
    first.goto(state["review"])
    page.get_by_label("Lines now labelled client are").select_option("client_2")
    page.get_by_label("Lines now labelled client_2 are").select_option("client")
    page.get_by_role("button", name="Change roles and redraft").click()
    expect(page.get_by_text("the note is being drafted again")).to_be_visible()
    page.locator(".sentence").first.wait_for(timeout=DRAFT_TIMEOUT_MS)  # the page reloads when done
    tabs = _risk_tabs(first)
    assert tabs == [3 - state["risk_tab"]], f"the risk should now be on the other tab, found {tabs}"
    state["risk_tab"] = tabs[0]


def test_documenting_the_risk_assessment_resolves_the_risk_finding(first: Screens) -> None:
    page = first.page
    first.goto(state["review"])
    _tab(first, state["risk_tab"])
    codes = page.locator("#risk h3").all_inner_texts()
    page.locator("#risk textarea[name=assessment]").first.fill(
        "Passive ideation without plan or intent was assessed; the client agreed to the safety plan."
    )
    page.get_by_role("button", name="Document the assessment").first.click()
    expect(page.get_by_text("The risk assessment was documented")).to_be_visible()
    expect(page.locator("#note")).to_contain_text("Passive ideation without plan or intent was assessed")
    expect(page.locator("#risk .resolved").first).to_be_visible()
    assert codes, "the risk panel listed no finding"
    _no_serious(first, "review-risk-documented")
