"""The whole path from a recording (or a transcript) to a validated draft, composed from the stages.

transcribe (audio only) -> scrub (chart-aware) -> extract -> draft -> validate. Stages are pure with
respect to storage; callers (CLI, job queue) persist what they need. Only scrubbed text reaches the
extractor and the drafter: the plan's free text is scrubbed in the same pass as the transcript before the
drafter sees it. A drafted sentence the validator finds unsupported is withheld (and recorded in the
provenance), so no draft reaches the clinician with a sentence its own validator flags.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from service.domain.draft import Draft, DraftResult
from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.note import BirpNote
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ChartHistory, TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import NoSpeechError
from service.log import redact_values
from service.protocols import Drafter, Extractor, ProgressCallback, Scrubber, Transcriber, Validator
from service.scrub.plan_text import plan_for_note, scrub_session
from service.validate.self_check import withhold_unsupported


@dataclass(frozen=True)
class PipelineOutcome:
    """The draft result plus the scrubbed transcript (its map re-identifies the note for the clinician)."""

    result: DraftResult
    transcript: Transcript
    scrubbed: ScrubbedTranscript


def _noop(stage: str, fraction: float) -> None:
    return None


def validate_draft(
    validator: Validator,
    draft: Draft,
    safe: Transcript,
    plan: TreatmentPlan,
    facts: ClinicalFacts,
    scrubbed: ScrubbedTranscript,
    focus_speaker: str = "client",
    *,
    history: ChartHistory | None = None,
    session_date: date | None = None,
) -> tuple[Draft, tuple[Finding, ...]]:
    """Findings for a fresh draft, after withholding any drafted sentence the validator finds unsupported."""

    def check(note: BirpNote) -> tuple[Finding, ...]:
        return tuple(
            validator.validate(
                note,
                safe,
                plan,
                facts,
                scrubbed,
                history=history,
                session_date=session_date,
                focus_speaker=focus_speaker,
            )
        )

    findings = check(draft.note)
    note, withheld = withhold_unsupported(draft.note, findings)
    if not withheld:
        return draft, findings
    provenance = draft.provenance.model_copy(update={"replaced": (*draft.provenance.replaced, *withheld)})
    return draft.model_copy(update={"note": note, "provenance": provenance}), check(note)


class NotePipeline:
    """Runs the stages in order for one session."""

    def __init__(
        self,
        scrubber: Scrubber,
        extractor: Extractor,
        drafter: Drafter,
        validator: Validator | None,
        transcriber: Transcriber | None = None,
    ) -> None:
        self.scrubber = scrubber
        self.extractor = extractor
        self.drafter = drafter
        self.validator = validator
        self.transcriber = transcriber

    def run(
        self,
        source: Path | Transcript,
        plan: TreatmentPlan,
        speakers: int | None = None,
        progress: ProgressCallback | None = None,
        focus_speaker: str = "client",
    ) -> PipelineOutcome:
        """Draft a note for the client ``focus_speaker`` (``plan``'s client) from a recording or transcript.

        In couples, family and group sessions each client gets a run with their own plan and label.
        """
        notify = progress or _noop
        timings: dict[str, float] = {}
        began = time.perf_counter()
        if isinstance(source, Transcript):
            transcript = source
        else:
            if self.transcriber is None:
                raise ValueError("a transcriber is needed to draft from audio")
            transcript = self.transcriber.transcribe(source, speakers=speakers, progress=progress)
            timings["transcribe"] = round(time.perf_counter() - began, 3)
        if not any(u.text.strip() for u in transcript.utterances):
            raise NoSpeechError("The transcript holds no speech; there is nothing to draft.")
        t = time.perf_counter()
        notify("scrub", 0.0)
        scrubbed = scrub_session(self.scrubber, transcript, plan)
        timings["scrub"] = round(time.perf_counter() - t, 3)
        with redact_values(scrubbed.mapping.originals()):
            safe = transcript.model_copy(update={"utterances": scrubbed.utterances})
            t = time.perf_counter()
            notify("extract", 0.0)
            facts = self.extractor.extract(safe, plan, focus_speaker)
            timings["extract"] = round(time.perf_counter() - t, 3)
            notify("draft", 0.0)
            draft = self.drafter.draft(safe, facts, plan_for_note(plan, scrubbed), focus_speaker)
            timings.update(draft.provenance.timings_s)
            findings: tuple[Finding, ...] = ()
            if self.validator is not None:
                t = time.perf_counter()
                notify("validate", 0.0)
                draft, findings = validate_draft(
                    self.validator, draft, safe, plan, facts, scrubbed, focus_speaker
                )
                timings["validate"] = round(time.perf_counter() - t, 3)
        timings["total"] = round(time.perf_counter() - began, 3)
        provenance = draft.provenance.model_copy(
            update={
                "timings_s": timings,
                "transcript_engine": transcript.engine,
                "transcript_model": transcript.model,
                "transcript_model_sha256": transcript.model_sha256,
            }
        )
        notify("done", 1.0)
        return PipelineOutcome(
            result=DraftResult(note=draft.note, facts=facts, findings=findings, provenance=provenance),
            transcript=safe,
            scrubbed=scrubbed,
        )
