"""``/api/sessions``: upload a recording (202 with the job), list, read, correct speaker labels."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from service import audit
from service.api.deps import AppContainer, CurrentUser, ReviewFlow
from service.api.security import Caller, identify
from service.api.upload import read_upload
from service.container import Container
from service.errors import InputError
from service.jobs.submit import SPEAKER_LABELS, Submitted, check_and_store, create_session, dispatch
from service.log import get_logger
from service.review.views import session_view, short_view
from service.storage.errors import Forbidden
from service.storage.sessions import NewRecording
from service.storage.users import UserRepository

router = APIRouter(prefix="/api/sessions", tags=["sessions"])
log = get_logger("api.sessions")
Status = Annotated[str | None, Query(pattern="^(queued|running|drafted|failed|signed)$")]

_UPLOAD_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["audio", "client_id", "session_date"],
                    "properties": {
                        "audio": {"type": "string", "format": "binary"},
                        "client_id": {"type": "array", "items": {"type": "string"}},
                        "speaker": {"type": "array", "items": {"type": "string"}},
                        "session_date": {"type": "string", "format": "date"},
                    },
                }
            }
        },
    }
}


class JobRef(BaseModel):
    """The job created for an upload."""

    id: str
    state: str


class Accepted(BaseModel):
    """202 answer to an upload."""

    id: str
    status: str
    job: JobRef


class Relabel(BaseModel):
    """Which transcript speaker label belongs to which client."""

    participants: list[dict[str, str]] = Field(min_length=1, max_length=12)


def _authenticate(container: Container, request: Request) -> Caller:
    with container.database.session() as db:
        return identify(request, UserRepository(db), container.settings)


def _participants(fields: dict[str, list[str]]) -> list[tuple[str, str]]:
    clients = [c.strip() for c in fields.get("client_id", []) if c.strip()]
    if not clients:
        raise InputError(
            "Field client_id is required (repeat it for each client of a couples or group session)."
        )
    if len(set(clients)) != len(clients) or len(clients) > len(SPEAKER_LABELS):
        raise InputError("Each client may be named once, and a session has at most 12 clients.")
    speakers = [s.strip() for s in fields.get("speaker", []) if s.strip()] or list(
        SPEAKER_LABELS[: len(clients)]
    )
    if len(speakers) != len(clients) or len(set(speakers)) != len(speakers):
        raise InputError("Give one distinct speaker label (client, client_2, ...) per client_id.")
    if any(s not in SPEAKER_LABELS for s in speakers):
        raise InputError("Speaker labels are client, client_2, ... client_12.")
    return list(zip(clients, speakers, strict=True))


def _session_date(fields: dict[str, list[str]]) -> date:
    raw = (fields.get("session_date") or [""])[0].strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError("Field session_date must be a date as YYYY-MM-DD.") from None


def _create(
    container: Container, caller: Caller, day: date, people: list[tuple[str, str]], rec: NewRecording
) -> Submitted:
    try:
        with container.database.session() as db:
            return create_session(container, db, caller.principal, day, people, rec)
    except Exception:
        container.audio_store.delete(rec.stored_name)  # the row was never committed: nothing refers to it
        raise


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted, openapi_extra=_UPLOAD_SCHEMA)
async def upload(request: Request, container: AppContainer) -> Accepted:
    """Upload a session recording (multipart: ``audio``, ``client_id`` (repeatable), ``speaker``
    (optional, one per client), ``session_date``); drafting is queued."""
    caller = await run_in_threadpool(_authenticate, container, request)
    if not caller.principal.has("clinician"):
        raise Forbidden("Only a clinician can upload sessions.")
    store = container.audio_store
    with store.staging() as path:
        form = await read_upload(
            request.stream(),
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            path,
            container.settings.max_upload_mb,
        )
        if not form.has_audio or form.size == 0:
            raise InputError("Field audio is required and must not be empty.")
        people = _participants(form.fields)
        day = _session_date(form.fields)
        recording = await run_in_threadpool(check_and_store, container, path, form.head)
    submitted = await run_in_threadpool(_create, container, caller, day, people, recording)
    try:
        await run_in_threadpool(dispatch, container, submitted.job_id)
    except Exception as exc:  # the reconciler enqueues committed jobs the queue never got
        log.warning(
            "could not enqueue job %s (%s); the reconciler will", submitted.job_id, type(exc).__name__
        )
    return Accepted(id=submitted.session_id, status="queued", job=JobRef(id=submitted.job_id, state="queued"))


@router.get("")
def list_sessions(
    caller: CurrentUser, review: ReviewFlow, status: Status = None, client_id: str | None = None
) -> list[dict[str, Any]]:
    """Sessions the caller may see, newest first (no clinical text)."""
    return [short_view(review, s) for s in review.sessions.visible(caller.principal, status, client_id)]


@router.get("/{session_id}")
def get_session(session_id: str, caller: CurrentUser, review: ReviewFlow) -> dict[str, Any]:
    """Status, stage, progress, transcript, note and findings (one entry per client in ``participants``)."""
    session = review.session(session_id, caller)
    audit.record(review.db, caller.user.id, "session.view", "session", session.id)
    return session_view(review, session, caller.user.id)


@router.put("/{session_id}/participants", response_model=JobRef)
def relabel(
    session_id: str,
    body: Relabel,
    caller: CurrentUser,
    review: ReviewFlow,
    container: AppContainer,
    background: BackgroundTasks,
) -> JobRef:
    """Correct which speaker label belongs to which client; the notes are drafted again."""
    labels: dict[str, str] = {}
    for item in body.participants:
        if set(item) != {"client_id", "speaker"} or item["speaker"] not in SPEAKER_LABELS:
            raise InputError("Each participant needs client_id and a speaker label client, client_2, ...")
        labels[item["client_id"]] = item["speaker"]
    job_id = review.relabel(session_id, labels, caller)
    background.add_task(dispatch, container, job_id)  # runs after the transaction committed
    return JobRef(id=job_id, state="queued")
