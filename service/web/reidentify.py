"""Putting real names back for the treating clinician, on the server, from the session's placeholder map.

Stored notes and transcripts hold placeholders (``[CLIENT]``, ``[PERSON_2]``...). The review screen
shows the treating clinician the originals: every placeholder of an individual session, but in a
couples, family or group session only the tab's own client (``[CLIENT]`` of that client's scrub), so
one client's tab never names another participant. Anyone else (a supervisor) sees placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.domain.phi import ScrubbedTranscript

_PLACEHOLDER = re.compile(r"\[[A-Z0-9_]+\]")
OWN = "[CLIENT]"


@dataclass(frozen=True)
class Names:
    """Placeholder -> the original it stands for (empty: show placeholders)."""

    originals: dict[str, str] = field(default_factory=dict)

    def text(self, value: str) -> str:
        """``value`` with the known placeholders replaced by their originals."""
        if not self.originals:
            return value
        return _PLACEHOLDER.sub(lambda m: self.originals.get(m.group(0), m.group(0)), value)

    @property
    def active(self) -> bool:
        """Are any names shown?"""
        return bool(self.originals)


def names_for(scrubbed: ScrubbedTranscript | None, authorised: bool, individual: bool) -> Names:
    """The names this viewer may see in this participant's tab."""
    if scrubbed is None or not authorised:
        return Names()
    entries = scrubbed.mapping.entries
    keep = entries if individual else {k: v for k, v in entries.items() if k == OWN}
    return Names({k: v[0] for k, v in keep.items() if v})
