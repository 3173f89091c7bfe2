"""Loading what a participant's note was made from (stored stage results), for re-validation and views."""

from __future__ import annotations

from dataclasses import dataclass

from service.container import Container
from service.domain.facts import ClinicalFacts
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.storage.errors import Conflict
from service.storage.jobs import DONE, JobRepository
from service.storage.plans import PlanRepository
from service.storage.records import ParticipantRecord, SessionRecord


@dataclass(frozen=True)
class NoteContext:
    """The scrubbed transcript, facts and plan behind one participant's note."""

    transcript: Transcript
    scrubbed: ScrubbedTranscript
    facts: ClinicalFacts
    plan: TreatmentPlan

    @property
    def safe(self) -> Transcript:
        """The transcript with placeholders (what the drafter and the validator read)."""
        return self.transcript.model_copy(update={"utterances": self.scrubbed.utterances})


def _result(jobs: JobRepository, job_id: str, stage: str, scope: str) -> bytes | None:
    row = jobs.stage(job_id, stage, scope)
    if row is None or row.state != DONE or row.result_enc is None:
        return None
    return jobs.reusable(job_id, stage, scope, row.idempotency_key)


def scrubbed_for(
    container: Container, jobs: JobRepository, session: SessionRecord, p: ParticipantRecord
) -> ScrubbedTranscript | None:
    """The participant's scrubbed transcript, once the scrub stage is done."""
    job = jobs.for_session(session.id)
    raw = _result(jobs, job.id, "scrub", f"p{p.position}") if job is not None else None
    return ScrubbedTranscript.model_validate_json(raw) if raw is not None else None


def load_context(
    container: Container,
    jobs: JobRepository,
    plans: PlanRepository,
    session: SessionRecord,
    p: ParticipantRecord,
) -> NoteContext:
    """Everything the validator needs to re-check an edited note."""
    job = jobs.for_session(session.id)
    scope = f"p{p.position}"
    parts = [_result(jobs, job.id, stage, scope) for stage in ("scrub", "extract")] if job else [None, None]
    transcript_raw = _result(jobs, job.id, "transcribe", "session") if job else None
    plan = plans.active_plan(p.client_id, session.session_date)
    if transcript_raw is None or parts[0] is None or parts[1] is None or plan is None:
        raise Conflict("The session has not been drafted yet.")
    transcript = Transcript.model_validate_json(transcript_raw).model_copy(
        update={"session_date": session.session_date}
    )
    return NoteContext(
        transcript=transcript,
        scrubbed=ScrubbedTranscript.model_validate_json(parts[0]),
        facts=ClinicalFacts.model_validate_json(parts[1]),
        plan=plan,
    )
