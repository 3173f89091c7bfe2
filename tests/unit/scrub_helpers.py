"""Helpers for the scrub tests: build transcripts and charts from short fictional sentences."""

from __future__ import annotations

from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ClientChart
from service.domain.transcript import Transcript, Utterance


def transcript(*texts: str) -> Transcript:
    """A transcript with one utterance per text, alternating therapist and client."""
    speakers = ("therapist", "client")
    return Transcript(
        utterances=tuple(
            Utterance(speaker=speakers[i % 2], start=float(i), end=float(i) + 0.9, text=t)
            for i, t in enumerate(texts)
        )
    )


def chart() -> ClientChart:
    """A fictional client chart."""
    return ClientChart.model_validate(
        {
            "name": "Oriana Vasquez-Thornbury",
            "preferred_name": "Ori",
            "dob": "1984-10-09",
            "mrn": "90417736",
            "phone": "(555) 864-2093",
            "email": "ori.vt77@examplemail.com",
            "address": {
                "street": "77 Juniper Hollow Lane",
                "city": "Westbrook Falls",
                "state": "OR",
                "zip": "97999",
            },
            "employer": "Quillfeather Ceramics",
            "insurance": {"payer": "Acme Health", "member_id": "QF7731029"},
            "family": [{"name": "Benedikt Thornbury", "relation": "husband"}],
        }
    )


def covered(result: ScrubbedTranscript, index: int, needle: str, original: str) -> list[str]:
    """Types of the entities covering ``needle`` in utterance ``index`` of the original text."""
    start = original.index(needle)
    end = start + len(needle)
    return [
        e.type
        for e in result.entities
        if e.utterance_index == index and e.start_char <= start + 1 and e.end_char >= end - 1
    ]
