"""A session's note: clinician edits, acknowledgements, signing, addenda, and private notes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from service.api.deps import CurrentUser, ReviewFlow
from service.domain.note import BirpNote

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["notes"])


class NoteEdit(BaseModel):
    """The edited note (sections of sentences with their evidence) and whose note it is."""

    note: BirpNote
    client_id: str | None = Field(default=None, max_length=40)


class Acknowledge(BaseModel):
    """Why the clinician signs despite a finding."""

    reason: str = Field(min_length=3, max_length=2000)
    client_id: str | None = Field(default=None, max_length=40)


class Sign(BaseModel):
    """What the signature means (the signer's role in the note)."""

    meaning: str = Field(default="Author of this progress note", min_length=3, max_length=200)
    client_id: str | None = Field(default=None, max_length=40)


class Addendum(BaseModel):
    """Text added to a signed note, signed itself."""

    text: str = Field(min_length=1, max_length=20000)
    meaning: str = Field(default="Author of this addendum", min_length=3, max_length=200)
    client_id: str | None = Field(default=None, max_length=40)


class PrivateNote(BaseModel):
    """The clinician's psychotherapy (process) notes."""

    text: str = Field(max_length=100000)


class Saved(BaseModel):
    """A new note version and its findings."""

    id: str
    version: int
    findings: list[dict[str, Any]]


class Signed(BaseModel):
    """The signature."""

    id: str
    version: int
    statement: str


class Created(BaseModel):
    """Every create answers with the new object's id."""

    id: str


class PrivateOut(BaseModel):
    """The author's private notes."""

    text: str


@router.put("/note", response_model=Saved)
def edit_note(session_id: str, body: NoteEdit, caller: CurrentUser, review: ReviewFlow) -> Saved:
    """Save the clinician's edit as a new version, validated again; 409 once signed."""
    from service.storage.notes import finding_id

    version = review.edit(session_id, body.client_id, body.note, caller)
    return Saved(
        id=str(version.id),
        version=version.version,
        findings=[{"id": finding_id(f), **f.model_dump(mode="json")} for f in version.findings],
    )


@router.post("/findings/{finding_id}/acknowledge", response_model=Created)
def acknowledge(
    session_id: str, finding_id: str, body: Acknowledge, caller: CurrentUser, review: ReviewFlow
) -> Created:
    """Accept a finding with a reason (stored with the note version it applies to)."""
    ack = review.acknowledge(session_id, finding_id, body.reason, body.client_id, caller)
    return Created(id=ack.finding_id)


@router.post("/sign", response_model=Signed)
def sign(session_id: str, body: Sign, caller: CurrentUser, review: ReviewFlow) -> Signed:
    """Sign the current note; 409 while blocking findings are open or once signed."""
    version, statement = review.sign(session_id, body.client_id, body.meaning, caller)
    return Signed(id=str(version.id), version=version.version, statement=statement)


@router.post("/addenda", response_model=Created, status_code=status.HTTP_201_CREATED)
def add_addendum(session_id: str, body: Addendum, caller: CurrentUser, review: ReviewFlow) -> Created:
    """A signed addendum to a signed note."""
    return Created(id=str(review.addendum(session_id, body.client_id, body.text, body.meaning, caller)))


@router.put("/private-notes", response_model=Created)
def put_private(session_id: str, body: PrivateNote, caller: CurrentUser, review: ReviewFlow) -> Created:
    """Store the caller's psychotherapy notes (never in exports, drafts, model input or the note)."""
    return Created(id=str(review.put_private(session_id, body.text, caller)))


@router.get("/private-notes", response_model=PrivateOut)
def get_private(session_id: str, caller: CurrentUser, review: ReviewFlow) -> PrivateOut:
    """The caller's own psychotherapy notes (anyone else: 404)."""
    return PrivateOut(text=review.get_private(session_id, caller))
