"""Correcting the transcript's speaker roles when diarization got them wrong, then drafting again.

The role heuristic (the speaker who asks most is the therapist) can be wrong; the clinician swaps the
labels (therapist <-> client, or client <-> client_2 in a couples session). The stored transcript is
rewritten with the corrected roles under the same idempotency key (so transcription is not repeated),
later stage results and unsigned note versions are dropped, and the job goes back in the queue.
A signed note is never redrafted.
"""

from __future__ import annotations

from service import audit
from service.api.security import Caller
from service.domain.transcript import Transcript
from service.errors import InputError
from service.jobs.submit import SPEAKER_LABELS
from service.review.workflow import Review
from service.storage.errors import Conflict
from service.storage.jobs import DONE
from service.storage.users import now

ROLES = ("therapist", *SPEAKER_LABELS)


def transcript_of(review: Review, session_id: str) -> Transcript | None:
    """The session's stored transcript (speaker roles as the pipeline assigned them), if transcribed."""
    job = review.jobs.for_session(session_id)
    row = review.jobs.stage(job.id, "transcribe", "session") if job is not None else None
    if job is None or row is None or row.state != DONE:
        return None
    raw = review.jobs.reusable(job.id, "transcribe", "session", row.idempotency_key)
    return Transcript.model_validate_json(raw) if raw is not None else None


def speakers_of(transcript: Transcript) -> list[str]:
    """The roles heard in the transcript, in order of first turn."""
    return list(dict.fromkeys(u.speaker for u in transcript.utterances))


def swap_roles(review: Review, session_id: str, mapping: dict[str, str], caller: Caller) -> str:
    """Rewrite the roles (old label -> new label), discard drafts, queue the job; returns the job id."""
    session = review.owned(session_id, caller)
    transcript = transcript_of(review, session.id)
    job = review.jobs.for_session(session.id)
    if transcript is None or job is None:
        raise Conflict("The session has not been transcribed yet; change the speakers once it is.")
    if job.state == "running":
        raise Conflict("The session is being drafted now; change the speakers when it is done.")
    heard = speakers_of(transcript)
    if set(mapping) != set(heard):
        raise InputError("Give a role for every speaker of the transcript.")
    if len(set(mapping.values())) != len(mapping) or any(v not in ROLES for v in mapping.values()):
        raise InputError("Each speaker needs a different role: therapist, client, client_2 ...")
    if all(k == v for k, v in mapping.items()):
        raise InputError("The speaker roles are unchanged.")
    people = review.sessions.participants(session.id)
    for p in people:
        latest = review.notes.latest(p.id)
        if latest is not None and review.notes.signature(latest.id) is not None:
            raise Conflict("A signed note cannot be redrafted; add an addendum instead.")
    swapped = transcript.model_copy(
        update={
            "utterances": tuple(
                u.model_copy(update={"speaker": mapping[u.speaker]}) for u in transcript.utterances
            )
        }
    )
    review.jobs.replace_result(job.id, "transcribe", "session", swapped.model_dump_json().encode())
    review.jobs.reset_after(job.id, keep=("transcribe",))
    for p in people:
        for version in review.notes.versions(p.id):
            review.notes.discard_unsigned(version.id)
    job.state, job.attempts, job.error, job.progress, job.not_before = "queued", 0, None, 0.0, now()
    review.sessions.set_status(session.id, "queued")
    changed = ",".join(f"{k}>{v}" for k, v in sorted(mapping.items()) if k != v)
    audit.record(review.db, caller.user.id, "session.speakers", "session", session.id, changed)
    return job.id
