"""Exports of a note: plain text (the clinic's template, signature line and addenda) or FHIR R4 (a
Composition with one section per heading, and a DocumentReference carrying the same text), validated
with ``fhir.resources``. Private psychotherapy notes are never part of an export.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from pydantic import ValidationError

from service.draft.formats import RenderedNote
from service.errors import InputError

PROGRESS_NOTE = {"coding": [{"system": "http://loinc.org", "code": "11506-3", "display": "Progress note"}]}


def text_export(signed_text: str, signature: str | None, addenda: list[tuple[str, str]]) -> str:
    """The note text, then the signature line, then each addendum with its own signature line."""
    parts = [signed_text.rstrip("\n")]
    parts.append(signature or "Not signed: draft for review.")
    for text, line in addenda:
        parts.append(f"Addendum: {text}\n{line}")
    return "\n\n".join(parts) + "\n"


def fhir_export(
    *,
    note_id: str,
    client_id: str,
    author_id: str,
    author_display: str,
    date_iso: str,
    rendered: RenderedNote,
    text: str,
    signed: bool,
) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) of a Composition and a DocumentReference for one note."""
    subject = {"reference": f"Patient/{client_id}"}
    author = [{"reference": f"Practitioner/{author_id}", "display": author_display}]
    sections = [
        {
            "title": s.title,
            "text": {
                "status": "generated",
                "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p>'
                + html.escape(" ".join(x.text for x in s.sentences) or "(nothing documented)")
                + "</p></div>",
            },
        }
        for s in rendered.sections
    ]
    composition = {
        "resourceType": "Composition",
        "id": f"note-{note_id}",
        "status": "final" if signed else "preliminary",
        "type": PROGRESS_NOTE,
        "subject": subject,
        "date": date_iso,
        "author": author,
        "title": f"Psychotherapy progress note ({rendered.template})",
        "section": sections,
    }
    data = text.encode()
    document = {
        "resourceType": "DocumentReference",
        "id": f"doc-{note_id}",
        "status": "current",
        "docStatus": "final" if signed else "preliminary",
        "type": PROGRESS_NOTE,
        "subject": subject,
        "date": date_iso,
        "author": author,
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(data).decode(),
                    "hash": base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode(),
                    "title": "Progress note",
                }
            }
        ],
        "context": {"related": [{"reference": f"Composition/note-{note_id}"}]},
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:sessionnote:Composition/note-{note_id}", "resource": composition},
            {"fullUrl": f"urn:sessionnote:DocumentReference/doc-{note_id}", "resource": document},
        ],
    }
    from fhir.resources.R4B.bundle import Bundle

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:  # a bug here must not ship an invalid record
        raise InputError(f"The FHIR export is not valid R4 ({exc.error_count()} problems).") from None
    return bundle
