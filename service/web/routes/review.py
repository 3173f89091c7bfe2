"""``/sessions/{id}``: review, edit, resolve findings, sign; then the signed note with addenda.

Every change is a form post carrying the CSRF token, answered by a redirect back to the page
(post/redirect/get), so the screens also work without scripts. ``?client=`` picks one client's note in
a couples, family or group session (an opaque id, never a name).
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, BackgroundTasks, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse

from service import audit
from service.api.deps import AppContainer, ReviewFlow
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.errors import InputError
from service.jobs.submit import dispatch
from service.storage.errors import NotFound
from service.storage.notes import finding_id as id_of
from service.web import review_view
from service.web.deps import FormFields, FormScreen, PageScreen
from service.web.speakers import swap_roles

router = APIRouter(include_in_schema=False)
ClientQuery = Annotated[str | None, Query(alias="client", max_length=40)]
ClientField = Annotated[str | None, Form(max_length=40)]
MAX_SENTENCE = 2000
_DONE = {
    "edit": "The note was saved as a new version and checked again.",
    "ack": "The finding was acknowledged.",
    "risk": "The risk assessment was documented and the finding resolved.",
    "signed": "The note is signed and locked. Changes now go in addenda.",
    "addendum": "The addendum was signed and added.",
    "speakers": "The speaker roles were changed; the note is being drafted again.",
}


def _back(session_id: str, client_id: str | None, done: str, anchor: str = "") -> RedirectResponse:
    query = f"?done={done}" + (f"&client={client_id}" if client_id else "")
    return RedirectResponse(f"/sessions/{session_id}{query}{anchor}", status_code=303)


def _evidence(raw: str) -> tuple[int, ...]:
    try:
        return tuple(sorted({int(x) for x in raw.split()}))
    except ValueError:
        raise InputError("Evidence must be utterance numbers.") from None


def note_from_form(fields: dict[str, str]) -> BirpNote:
    """The edited note: each kept sentence with its evidence, plus any new sentence per section."""
    sections: dict[str, list[NoteSentence]] = {k: [] for k in SECTIONS}
    for key in SECTIONS:
        i = 0
        while f"s__{key}__{i}" in fields:
            text = fields[f"s__{key}__{i}"].strip()
            if text:
                sections[key].append(
                    NoteSentence(
                        text=text[:MAX_SENTENCE], evidence=_evidence(fields.get(f"e__{key}__{i}", ""))
                    )
                )
            i += 1
        added = (fields.get(f"new__{key}") or "").strip()
        if added:
            sections[key].append(NoteSentence(text=added[:MAX_SENTENCE]))
    return BirpNote(**{k: tuple(v) for k, v in sections.items()})


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def review_page(
    session_id: str, screen: PageScreen, review: ReviewFlow, client: ClientQuery = None
) -> HTMLResponse:
    """The review screen (or the signed note, read-only)."""
    session = review.session(session_id, screen.caller)
    model = review_view.build(review, session, screen.caller, client)
    audit.record(review.db, screen.caller.user.id, "session.view", "session", session.id)
    done = _DONE.get(screen.request.query_params.get("done", ""))
    job = review.jobs.for_session(session.id)
    stages = review.jobs.stages(job.id) if job is not None else []
    return screen.render(
        "review.html", page=model, done=done, session=session, job=job, stages=stages, reload=True
    )


@router.get("/sessions/{session_id}/progress", response_class=HTMLResponse)
def progress(session_id: str, screen: PageScreen, review: ReviewFlow, reload: bool = False) -> HTMLResponse:
    """The job's progress by stage (a fragment the upload and review screens refresh)."""
    session = review.session(session_id, screen.caller)
    job = review.jobs.for_session(session.id)
    stages = review.jobs.stages(job.id) if job is not None else []
    response = screen.render("_progress.html", session=session, job=job, stages=stages, reload=reload)
    if reload and session.status in ("drafted", "failed", "signed"):
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/sessions/{session_id}/note")
def save_note(
    session_id: str, screen: FormScreen, fields: FormFields, review: ReviewFlow, client_id: ClientField = None
) -> RedirectResponse:
    """Save the clinician's edit as a new version (checked again)."""
    review.edit(session_id, client_id, note_from_form(fields), screen.caller)
    return _back(session_id, client_id, "edit", "#note")


@router.post("/sessions/{session_id}/findings/{finding_id}/acknowledge")
def acknowledge(
    session_id: str,
    finding_id: str,
    screen: FormScreen,
    review: ReviewFlow,
    reason: Annotated[str, Form(max_length=2000)] = "",
    client_id: ClientField = None,
) -> RedirectResponse:
    """Accept a finding with a reason."""
    if len(reason.strip()) < 3:
        raise InputError("Give a reason (a few words at least) for acknowledging the finding.")
    review.acknowledge(session_id, finding_id, reason, client_id, screen.caller)
    return _back(session_id, client_id, "ack", "#findings")


@router.post("/sessions/{session_id}/findings/{finding_id}/document")
def document_risk(
    session_id: str,
    finding_id: str,
    screen: FormScreen,
    review: ReviewFlow,
    assessment: Annotated[str, Form(max_length=MAX_SENTENCE)] = "",
    section: Annotated[str, Form(pattern="^(behavior|response|plan)$")] = "behavior",
    client_id: ClientField = None,
) -> RedirectResponse:
    """Write the clinician's risk assessment into the note (citing the lines) and resolve the finding."""
    text = assessment.strip()
    if len(text) < 10:
        raise InputError("Write the risk assessment as a sentence for the note.")
    session = review.owned(session_id, screen.caller)
    participant = review.sessions.participant(session.id, client_id)
    current = review.latest(participant)
    finding = next((f for f in current.findings if id_of(f) == finding_id), None)
    if finding is None:
        raise NotFound(f"Finding {finding_id} was not found on the current note.")
    sentence = NoteSentence(text=text, evidence=tuple(sorted(finding.evidence)))
    key = cast(Section, section)
    note = current.note.model_copy(update={key: (*current.note.section(key), sentence)})
    version = review.edit(session.id, client_id, note, screen.caller)
    if any(id_of(f) == finding_id for f in version.findings):
        review.acknowledge(
            session.id,
            finding_id,
            f"Assessment documented in the note (version {version.version}).",
            client_id,
            screen.caller,
        )
    return _back(session_id, client_id, "risk", "#risk")


@router.post("/sessions/{session_id}/sign")
def sign(
    session_id: str,
    screen: FormScreen,
    review: ReviewFlow,
    meaning: Annotated[str, Form(max_length=200)] = "Author of this progress note",
    client_id: ClientField = None,
) -> RedirectResponse:
    """Sign the current version (refused while blocking findings are open)."""
    review.sign(session_id, client_id, meaning.strip() or "Author of this progress note", screen.caller)
    return _back(session_id, client_id, "signed", "#signature")


@router.post("/sessions/{session_id}/addenda")
def addendum(
    session_id: str,
    screen: FormScreen,
    review: ReviewFlow,
    text: Annotated[str, Form(max_length=20000)] = "",
    client_id: ClientField = None,
) -> RedirectResponse:
    """A signed addendum to the signed note."""
    if not text.strip():
        raise InputError("Write the addendum's text.")
    review.addendum(session_id, client_id, text.strip(), "Author of this addendum", screen.caller)
    return _back(session_id, client_id, "addendum", "#addenda")


@router.post("/sessions/{session_id}/speakers")
def speakers(
    session_id: str,
    screen: FormScreen,
    fields: FormFields,
    review: ReviewFlow,
    container: AppContainer,
    background: BackgroundTasks,
    client_id: ClientField = None,
) -> RedirectResponse:
    """Change which transcript speaker is the therapist or which client; drafting runs again."""
    mapping = {k.removeprefix("role__"): v for k, v in fields.items() if k.startswith("role__")}
    job_id = swap_roles(review, session_id, mapping, screen.caller)
    background.add_task(dispatch, container, job_id)  # after the transaction committed
    return _back(session_id, client_id, "speakers")
