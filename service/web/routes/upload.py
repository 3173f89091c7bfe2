"""``/upload``: choose the client(s) and date, attest that consent to record was obtained, send the
recording, then follow the job's progress by stage.

The form posts the same multipart body as ``POST /api/sessions`` plus ``consent`` (streamed with the
same size limit and content checks), from a script that shows the upload's progress and sends the
CSRF token in ``X-CSRF-Token``. The attestation is kept in the audit log with the new session's id.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse

from service import audit
from service.api.deps import AppContainer, ReviewFlow
from service.api.routes.sessions import _authenticate, _create, _participants, _session_date
from service.api.upload import read_upload
from service.container import Container
from service.errors import InputError
from service.jobs.submit import SPEAKER_LABELS, check_and_store, dispatch
from service.log import get_logger
from service.storage.clients import ClientRepository
from service.storage.errors import Forbidden
from service.web.deps import PageScreen

router = APIRouter(include_in_schema=False)
log = get_logger("web.upload")
EXTRA_CLIENTS = 3


@router.get("/upload", response_class=HTMLResponse)
def upload_form(screen: PageScreen, review: ReviewFlow) -> HTMLResponse:
    """The upload form."""
    screen.require_clinician()
    clients = ClientRepository(review.db, review.c.cipher).visible(screen.caller.principal)
    own = sorted(
        ((c.id, c.chart.name) for c in clients if c.owner_id == screen.caller.user.id),
        key=lambda kv: kv[1].lower(),
    )
    return screen.render(
        "upload.html",
        clients=own,
        today=date.today().isoformat(),
        extra_labels=SPEAKER_LABELS[1 : 1 + EXTRA_CLIENTS],
        max_mb=screen.container.settings.max_upload_mb,
        selected=screen.request.query_params.get("client", ""),
    )


def _record_consent(container: Container, user_id: str, session_id: str) -> None:
    with container.database.session() as db:
        audit.record(db, user_id, "recording.consent", "session", session_id, "attested by the clinician")


@router.post("/upload", status_code=status.HTTP_202_ACCEPTED)
async def upload_submit(request: Request, container: AppContainer) -> JSONResponse:
    """Store the recording and queue its job; answers the session id for the progress view."""
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
        if (form.fields.get("consent") or [""])[0] != "yes":
            raise InputError("Confirm that the client consented to the recording before uploading it.")
        if not form.has_audio or form.size == 0:
            raise InputError("Choose a recording to upload.")
        fields = {k: v for k, v in form.fields.items() if k in ("client_id", "speaker", "session_date")}
        pairs = [
            (c, s)
            for c, s in zip(fields.get("client_id", []), fields.get("speaker", []), strict=False)
            if c.strip()
        ]
        people = _participants({"client_id": [c for c, _ in pairs], "speaker": [s for _, s in pairs]})
        day = _session_date(fields)
        recording = await run_in_threadpool(check_and_store, container, path, form.head)
    submitted = await run_in_threadpool(_create, container, caller, day, people, recording)
    await run_in_threadpool(_record_consent, container, caller.user.id, submitted.session_id)
    try:
        await run_in_threadpool(dispatch, container, submitted.job_id)
    except Exception as exc:  # the reconciler enqueues committed jobs the queue never got
        log.warning(
            "could not enqueue job %s (%s); the reconciler will", submitted.job_id, type(exc).__name__
        )
    return JSONResponse(
        status_code=202,
        content={"id": submitted.session_id, "progress": f"/sessions/{submitted.session_id}/progress"},
    )
