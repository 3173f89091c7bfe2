"""The residual-PHI check the RESIDUAL_PHI rule calls: chart values, the session's scrub map and,
optionally, whatever the scrubber itself detects in the note text.

Uses the scrub stage's public API: ``find_residual_phi(text, chart, mapping)`` and a
``Scrubber.scrub`` over the note sentence (placeholders such as ``[CLIENT]`` are not identifiers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.domain.phi import PhiMap
from service.domain.plan import ClientChart
from service.domain.transcript import Transcript, Utterance
from service.protocols import Scrubber
from service.validate.context import PhiHit, ResidualCheck

_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*\]")
# Note notation the scrubber, tuned for speech, can mistake for identifiers: ratings ("6/10"), goal and
# objective ids ("G1.O2"), instrument names ("PHQ-9/GAD-7"), ICD-10 codes. A hit touching one is dropped.
_NOTE_NOTATION = re.compile(
    r"\bG\d+(?:\.O\d+)?\b|\b\d{1,3}\s*/\s*(?:10|100)\b|\b[A-Z]\d{2}\.\d+\b|"
    r"\b(?:CY-BOCS|Y-BOCS|GAD-7|PHQ-9|PHQ-A|PSWQ|PCL-5|PDSS|SPIN|EPDS|AUDIT|PACS|SUDS)\b"
)


def residual_checker(
    chart: ClientChart | None, mapping: PhiMap | None, scrubber: Scrubber | None = None
) -> ResidualCheck:
    """A function ``texts -> hits per text`` for one session (the scrubber runs once over all texts)."""
    from service.scrub.residual import find_residual_phi

    def check(texts: Sequence[str]) -> list[list[PhiHit]]:
        out = [
            [PhiHit(h.start, h.end, h.type, h.source) for h in find_residual_phi(t, chart, mapping)]
            for t in texts
        ]
        if scrubber is not None and texts:
            for hits, found in zip(out, _detected(scrubber, texts, chart, out), strict=True):
                hits.extend(found)
        return [sorted(hits, key=lambda h: (h.start, h.end)) for hits in out]

    return check


def _detected(
    scrubber: Scrubber, texts: Sequence[str], chart: ClientChart | None, known: list[list[PhiHit]]
) -> list[list[PhiHit]]:
    utterances = tuple(Utterance(speaker="therapist", start=0.0, end=0.0, text=t) for t in texts)
    scrubbed = scrubber.scrub(Transcript(utterances=utterances), chart)
    out: list[list[PhiHit]] = [[] for _ in texts]
    for e in scrubbed.entities:
        text = texts[e.utterance_index]
        ignore = [(m.start(), m.end()) for rx in (_PLACEHOLDER, _NOTE_NOTATION) for m in rx.finditer(text)]
        ignore += [(h.start, h.end) for h in known[e.utterance_index]]
        if not any(a < e.end_char and e.start_char < b for a, b in ignore):
            out[e.utterance_index].append(PhiHit(e.start_char, e.end_char, e.type, "scrubber"))
    return out
