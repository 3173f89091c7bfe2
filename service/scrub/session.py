"""Per-scrub state the registered recognizers read: the chart terms and the previous utterance.

Presidio's registry is built once per process, but the chart differs per session and a number read
aloud is often typed by the question before it ("What's your MRN?" / "Eight two oh ..."). The scrubber
sets this state in a context variable for the duration of one scrub, so recognizers stay registered
once and remain safe under threads and async requests.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from service.scrub.chart import ChartTerms


@dataclass
class SessionState:
    """Mutable state of one scrub call."""

    chart: ChartTerms
    previous_text: str = ""


_STATE: contextvars.ContextVar[SessionState | None] = contextvars.ContextVar("scrub_session", default=None)


def current_state() -> SessionState:
    """The state of the scrub in progress, or an empty one (plain analyzer use)."""
    state = _STATE.get()
    return state if state is not None else SessionState(ChartTerms())


@contextlib.contextmanager
def session_scope(state: SessionState) -> Iterator[SessionState]:
    """Make ``state`` visible to the recognizers within this scope."""
    token = _STATE.set(state)
    try:
        yield state
    finally:
        _STATE.reset(token)
