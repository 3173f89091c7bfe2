"""No PHI reaches the logs during a scrub, and scrubbing makes no network call."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest

from service.scrub.config import load_scrub_config
from service.scrub.engine import build_engine
from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import chart, transcript

pytestmark = pytest.mark.slow

TEXTS = (
    "Hi Oriana, how was the week with Benedikt?",
    "It's five five five, eight six four, two oh nine three.",
    "My email is ori dot vt at examplemail dot com.",
    "We moved to 77 Juniper Hollow Lane on the fourth of June.",
    "My cousin Leocadia works at Quillfeather Ceramics.",
)
PHI_VALUES = (
    "Oriana",
    "Benedikt",
    "five five five",
    "examplemail",
    "Juniper",
    "fourth of June",
    "Leocadia",
    "Quillfeather",
)


def test_when_scrubbing_at_debug_level_then_logs_hold_no_phi(
    scrubber: PresidioScrubber, caplog: pytest.LogCaptureFixture
) -> None:
    project = logging.getLogger("sessionnote")
    # The CLI's configure() stops propagation to the root logger, so listen on the project logger too.
    project.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="sessionnote"):
            result = scrubber.scrub(transcript(*TEXTS), chart())
    finally:
        project.removeHandler(caplog.handler)
    assert result.entities
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert any(r.name.startswith("sessionnote.scrub") for r in caplog.records)
    for value in PHI_VALUES:
        assert value.lower() not in logged.lower(), value


_NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")
_seen: list[str] = []
_watching = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _watching[0] and event in _NETWORK_EVENTS:
        _seen.append(event)


sys.addaudithook(_audit)  # audit hooks cannot be removed; the flag limits it to the test below


def test_when_engine_built_and_scrubbing_then_no_network_call(scrubber: PresidioScrubber) -> None:
    _watching[0] = True
    try:
        engine = build_engine(scrubber.engine.model_dir, load_scrub_config())
        fresh = PresidioScrubber(engine, max_chars=100_000)
        result = fresh.scrub(transcript(*TEXTS), chart())
    finally:
        _watching[0] = False
    assert result.entities
    assert _seen == []
