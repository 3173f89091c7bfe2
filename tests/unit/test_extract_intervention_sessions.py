"""Invented mini-sessions in fresh wording (tests/fixtures/interventions/ordinary_words.txt): each lists
the techniques a correct extractor reports as delivered, or NONE for sessions where technique words come
up in passing, in questions about the client's own practice, in offers for later and in plain support."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.extract_helpers import extract

SESSIONS = Path(__file__).resolve().parents[1] / "fixtures" / "interventions" / "ordinary_words.txt"


def _sessions() -> list[tuple[str, tuple[str, ...], str]]:
    text = "\n".join(
        line for line in SESSIONS.read_text(encoding="utf-8").splitlines() if not line.startswith("# ")
    )
    out = []
    for n, block in enumerate(text.split("### ")[1:]):
        head, _, body = block.partition("\n")
        names = () if head.strip() == "NONE" else tuple(x.strip() for x in head.split("|"))
        out.append((f"{n:02d}-{head.strip()[:40]}", names, body))
    return out


@pytest.mark.parametrize(("label", "names", "body"), _sessions(), ids=[s[0] for s in _sessions()])
def test_when_an_invented_session_is_extracted_then_exactly_its_techniques_are_delivered(
    label: str, names: tuple[str, ...], body: str
) -> None:
    delivered = sorted(f.name for f in extract(body).interventions)
    assert delivered == sorted(names), label
