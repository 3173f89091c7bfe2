"""``GET /api/sessions/{id}/export?format=text|fhir``: the note as text or FHIR R4 (never private notes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from service import audit
from service.api.deps import CurrentUser, ReviewFlow
from service.draft.formats import render
from service.review.context import load_context
from service.review.export import fhir_export, text_export
from service.storage.errors import Conflict
from service.storage.users import aware

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["exports"])


@router.get("/export", response_model=None)
def export(
    session_id: str,
    caller: CurrentUser,
    review: ReviewFlow,
    format: Annotated[Literal["text", "fhir"], Query()] = "text",
    client_id: Annotated[str | None, Query(max_length=40)] = None,
) -> PlainTextResponse | dict[str, Any]:
    """The current note with its signature and addenda."""
    session = review.session(session_id, caller)
    participant = review.sessions.participant(session.id, client_id)
    version = review.latest(participant)
    signature = review.notes.signature(version.id)
    addenda = [(text, f"Electronically signed by {a.author_id} on {a.signed_at.isoformat()} ({a.meaning})")
               for a, text in review.notes.addenda(participant.id)]  # fmt: skip
    kept = review.notes.signed_text(signature) if signature is not None else None
    signed_text = kept if kept is not None else review.signed_text(session, participant, version)
    text = text_export(signed_text, signature.statement if signature else None, addenda)
    audit.record(review.db, caller.user.id, f"note.export.{format}", "note", str(version.id))
    if format == "text":
        return PlainTextResponse(text)
    try:
        facts = load_context(review.c, review.jobs, review.plans, session, participant).facts
    except Conflict:
        facts = None
    author = review.sessions.get(session.id, None).owner_id
    return fhir_export(
        note_id=str(version.id),
        client_id=participant.client_id,
        author_id=author,
        author_display=author,
        date_iso=aware(signature.signed_at if signature else version.created_at).isoformat(
            timespec="seconds"
        ),
        rendered=render(version.note, facts, review.c.settings.note_template),
        text=text,
        signed=signature is not None,
    )
