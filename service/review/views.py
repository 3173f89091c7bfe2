"""The JSON a session reads as, for the API and the web screens.

``{"id", "status", "stage", "progress", "transcript", "note", "findings": [{"id", "code", "severity",
...}], ...}``: the top-level note, findings and transcript are the first client's; ``participants``
holds one entry per client (couples, family, group sessions), each with that client's own note. A
participant's transcript is the one scrubbed for that client's note, with only that client's own
placeholder (``[CLIENT]``) shown as their name; every other participant stays a placeholder.
"""

from __future__ import annotations

from typing import Any

from service.domain.phi import ScrubbedTranscript
from service.draft.formats import as_text, render
from service.review.context import load_context, scrubbed_for
from service.review.workflow import Review
from service.storage.errors import Conflict
from service.storage.notes import finding_id
from service.storage.records import ParticipantRecord, SessionRecord
from service.storage.users import aware

_CLIENT = "[CLIENT]"


def _own_name(scrubbed: ScrubbedTranscript) -> str | None:
    heard = scrubbed.mapping.entries.get(_CLIENT)
    return heard[0] if heard else None


def _transcript(scrubbed: ScrubbedTranscript | None, reidentify: bool) -> list[dict[str, Any]] | None:
    if scrubbed is None:
        return None
    name = _own_name(scrubbed) if reidentify else None
    out = []
    for i, u in enumerate(scrubbed.utterances):
        text = u.text.replace(_CLIENT, name) if name else u.text
        out.append({"index": i, "speaker": u.speaker, "start": u.start, "end": u.end, "text": text})
    return out


def participant_view(
    review: Review, session: SessionRecord, p: ParticipantRecord, reidentify: bool
) -> dict[str, Any]:
    """One client's note, findings, signature, addenda and transcript."""
    notes, c = review.notes, review.c
    version = notes.latest(p.id)
    scrubbed = scrubbed_for(c, review.jobs, session, p)
    view: dict[str, Any] = {
        "client_id": p.client_id,
        "speaker": p.speaker,
        "transcript": _transcript(scrubbed, reidentify),
        "note": None,
        "note_text": None,
        "note_version": None,
        "template": c.settings.note_template,
        "findings": [],
        "can_sign": False,
        "signature": None,
        "addenda": [],
        "provenance": None,
        "facts": None,
    }
    if version is None:
        return view
    acks = {a.finding_id: a for a in notes.acknowledgements(version.id)}
    try:
        facts = load_context(c, review.jobs, review.plans, session, p).facts
    except Conflict:
        facts = None
    note = version.note
    if reidentify and scrubbed is not None and _own_name(scrubbed):
        name = _own_name(scrubbed) or _CLIENT
        note = note.model_validate_json(note.model_dump_json().replace(_CLIENT, name))
    rendered = render(note, facts, c.settings.note_template)
    signature = notes.signature(version.id)
    view.update(
        note=note.model_dump(mode="json"),
        note_text=as_text(rendered),
        sections=[
            {"key": s.key, "title": s.title, "sentences": [x.model_dump(mode="json") for x in s.sentences]}
            for s in rendered.sections
        ],
        note_version=version.version,
        findings=[
            {
                "id": finding_id(f),
                **f.model_dump(mode="json"),
                "acknowledged": (
                    {
                        "reason": acks[finding_id(f)].reason,
                        "by": acks[finding_id(f)].user_id,
                        "at": aware(acks[finding_id(f)].at).isoformat(),
                    }
                    if finding_id(f) in acks
                    else None
                ),
            }
            for f in version.findings
        ],
        can_sign=signature is None and not review.open_blocking(version),
        signature=(
            {
                "signer_id": signature.signer_id,
                "signed_at": aware(signature.signed_at).isoformat(),
                "meaning": signature.meaning,
                "sha256": signature.sha256,
                "statement": signature.statement,
            }
            if signature is not None
            else None
        ),
        addenda=[
            {
                "id": a.id,
                "text": text,
                "author_id": a.author_id,
                "signed_at": aware(a.signed_at).isoformat(),
                "meaning": a.meaning,
                "sha256": a.sha256,
            }
            for a, text in notes.addenda(p.id)
        ],
        versions=[
            {
                "version": v.version,
                "author_id": v.author_id,
                "created_at": aware(v.created_at).isoformat(),
                "sha256": v.sha256,
            }
            for v in notes.versions(p.id)
        ],
        provenance=version.provenance.model_dump(mode="json") if version.provenance is not None else None,
        facts=facts.model_dump(mode="json") if facts is not None else None,
    )
    return view


def session_view(review: Review, session: SessionRecord, viewer_id: str) -> dict[str, Any]:
    """The whole session as the API returns it."""
    job = review.jobs.for_session(session.id)
    reidentify = True  # the viewer passed the per-object check: the treating clinician or their supervisor
    people = [
        participant_view(review, session, p, reidentify) for p in review.sessions.participants(session.id)
    ]
    first = people[0] if people else {}
    return {
        "id": session.id,
        "status": session.status,
        "stage": job.stage if job is not None else None,
        "progress": job.progress if job is not None else 0.0,
        "session_date": session.session_date.isoformat(),
        "owner_id": session.owner_id,
        "job": (
            {
                "id": job.id,
                "state": job.state,
                "stage": job.stage,
                "progress": job.progress,
                "attempts": job.attempts,
                "max_attempts": job.max_attempts,
                "error": job.error,
                "drafter": job.drafter,
            }
            if job is not None
            else None
        ),
        "transcript": first.get("transcript"),
        "note": first.get("note"),
        "note_text": first.get("note_text"),
        "note_version": first.get("note_version"),
        "findings": first.get("findings", []),
        "can_sign": first.get("can_sign", False),
        "signature": first.get("signature"),
        "participants": people,
    }


def short_view(review: Review, session: SessionRecord) -> dict[str, Any]:
    """A session in a list (no clinical text)."""
    job = review.jobs.for_session(session.id)
    return {
        "id": session.id,
        "status": session.status,
        "stage": job.stage if job is not None else None,
        "progress": job.progress if job is not None else 0.0,
        "session_date": session.session_date.isoformat(),
        "client_ids": [p.client_id for p in review.sessions.participants(session.id)],
        "error": job.error if job is not None and job.state == "failed" else None,
    }
