"""The validator: every enabled rule of the registry, run on one note against its session and plan."""

from __future__ import annotations

from datetime import date

from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.note import BirpNote
from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ChartHistory, TreatmentPlan
from service.domain.transcript import Transcript
from service.errors import InputError
from service.log import get_logger
from service.protocols import Extractor, Scrubber
from service.validate.config import ValidatorConfig, load_validator_config
from service.validate.context import ValidationContext
from service.validate.phi_check import residual_checker
from service.validate.registry import Rule, registered
from service.validate.vocabulary import Vocabulary, load_vocabulary

log = get_logger("validate")
_ORDER = {"block": 0, "warn": 1}


class PlanValidator:
    """Implements the ``Validator`` protocol.

    ``extractor`` supplies facts when the caller has none; ``scrubber`` rebuilds the session's
    placeholder map (and detects identifiers in the note) for RESIDUAL_PHI. Without a scrubber the
    residual check uses the chart (and a map the caller passes in ``scrubbed``).
    """

    def __init__(
        self,
        config: ValidatorConfig | None = None,
        vocabulary: Vocabulary | None = None,
        extractor: Extractor | None = None,
        scrubber: Scrubber | None = None,
    ) -> None:
        self.config = config or load_validator_config()
        self.vocabulary = vocabulary or load_vocabulary()
        self.extractor = extractor
        self.scrubber = scrubber
        self.rules: list[Rule] = [
            cls(self.config.rule(code))
            for code, cls in registered().items()
            if self.config.rule(code).enabled
        ]

    def validate(
        self,
        note: BirpNote,
        transcript: Transcript,
        plan: TreatmentPlan,
        facts: ClinicalFacts | None = None,
        scrubbed: ScrubbedTranscript | None = None,
        *,
        history: ChartHistory | None = None,
        session_date: date | None = None,
        focus_speaker: str = "client",
    ) -> list[Finding]:
        """Findings for ``note``, blocking first; see the rules in ``service/validate/rules/``."""
        if scrubbed is None and self.scrubber is not None:
            scrubbed = self.scrubber.scrub(transcript, plan.client)
        utterances = scrubbed.utterances if scrubbed is not None else transcript.utterances
        if len(utterances) != len(transcript.utterances):
            raise InputError("The scrubbed transcript does not have the same utterances as the transcript.")
        if facts is None:
            if self.extractor is None:
                raise InputError(
                    "Validation needs the extracted facts: pass the whole `sessionnote draft` output."
                )
            facts = self.extractor.extract(
                transcript.model_copy(update={"utterances": utterances}), plan, focus_speaker
            )
        detect = self.config.rule("RESIDUAL_PHI").flag("scrubber_detection", True)
        context = ValidationContext(
            note=note,
            utterances=utterances,
            plan=plan,
            facts=facts,
            session_date=session_date or transcript.session_date or date.today(),
            vocabulary=self.vocabulary,
            history=history,
            residual_phi=residual_checker(
                plan.client,
                scrubbed.mapping if scrubbed is not None else None,
                self.scrubber if detect else None,
            ),
            focus_speaker=focus_speaker,
        )
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule.check(context))
        log.info(
            "validated note: %d sentences, %d findings (%d blocking)",
            len(note.sentences()),
            len(findings),
            sum(f.severity == "block" for f in findings),
        )
        return sorted(findings, key=lambda f: _ORDER[f.severity])
