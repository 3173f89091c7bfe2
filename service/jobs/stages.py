"""The pipeline stages as the job runner calls them: pure functions of value objects (no storage).

For a session with several clients, each client's note is made from a transcript scrubbed with that
client's chart *and* every other participant's name, so the note names only placeholders for the
others; the focus speaker is the client's own label (``client``, ``client_2``...), so extraction and
drafting take that client's perspective (the seeds' individualized group note).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from service.domain.draft import Draft
from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ClientChart, Relative, TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import NoSpeechError
from service.log import redact_values
from service.pipeline import validate_draft
from service.protocols import Drafter, Extractor, ProgressCallback, Scrubber, Transcriber, Validator
from service.scrub.plan_text import plan_for_note, scrub_session


def transcribe(
    transcriber: Transcriber, audio: Path, speakers: int | None, progress: ProgressCallback
) -> Transcript:
    """Recording -> transcript; a recording without speech is a final error, never drafted."""
    transcript = transcriber.transcribe(audio, speakers=speakers, progress=progress)
    if not any(u.text.strip() for u in transcript.utterances):
        raise NoSpeechError("The recording holds no speech; there is nothing to draft.")
    return transcript


def chart_for(focus: ClientChart, others: Sequence[ClientChart]) -> ClientChart:
    """The focus client's chart with the other participants added as people to scrub."""
    extra = tuple(Relative(name=o.name, relation="session participant") for o in others)
    return focus.model_copy(update={"family": (*focus.family, *extra)})


def scrub(
    scrubber: Scrubber, transcript: Transcript, plan: TreatmentPlan, chart: ClientChart
) -> ScrubbedTranscript:
    """Transcript (and the plan's free text, in the same pass) -> placeholders for every identifier."""
    return scrub_session(scrubber, transcript, plan, chart)


def safe_transcript(transcript: Transcript, scrubbed: ScrubbedTranscript, session_date: date) -> Transcript:
    """The transcript as later stages see it: scrubbed text only."""
    return transcript.model_copy(update={"utterances": scrubbed.utterances, "session_date": session_date})


def extract(
    extractor: Extractor, safe: Transcript, plan: TreatmentPlan, focus: str, scrubbed: ScrubbedTranscript
) -> ClinicalFacts:
    """Scrubbed transcript -> the focus client's facts."""
    with redact_values(scrubbed.mapping.originals()):
        return extractor.extract(safe, plan, focus)


def draft(
    drafter: Drafter,
    safe: Transcript,
    facts: ClinicalFacts,
    plan: TreatmentPlan,
    focus: str,
    scrubbed: ScrubbedTranscript,
) -> Draft:
    """Facts -> the focus client's BIRP note (the model sees placeholders only)."""
    with redact_values(scrubbed.mapping.originals()):
        return drafter.draft(safe, facts, plan_for_note(plan, scrubbed), focus)


def validate(
    validator: Validator,
    draft_: Draft,
    safe: Transcript,
    plan: TreatmentPlan,
    facts: ClinicalFacts,
    scrubbed: ScrubbedTranscript,
    focus: str,
    session_date: date,
) -> tuple[Draft, tuple[Finding, ...]]:
    """The note against its session and the plan in force on the session's date, after withholding any
    drafted sentence the validator finds unsupported (the same check as :func:`validate_draft`)."""
    with redact_values(scrubbed.mapping.originals()):
        return validate_draft(
            validator,
            draft_,
            safe,
            plan,
            facts,
            scrubbed,
            focus,
            history=plan.history,
            session_date=session_date,
        )
