"""The rule-based :class:`~service.protocols.Extractor`: vocabulary-driven rules, no model.

Composes the stage's parts in dependency order: interventions and measures first (risk needs PHQ-9
item 9 and safety-plan work; goals need the plan links, scores and homework), then risk, homework,
goals and the client's response. Logs counts and timings only, never transcript text.
"""

from __future__ import annotations

import time
from pathlib import Path

from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.extract.goals import extract_goals
from service.extract.homework import extract_homework
from service.extract.interventions import find_interventions
from service.extract.meaning import InterventionMeaning
from service.extract.measures import measures_and_version_items
from service.extract.mi_skills import client_talk, mi_by_form, therapist_skills
from service.extract.response import extract_response
from service.extract.risk import extract_risk
from service.extract.text import Session
from service.extract.verifier import InterventionVerifier, apply_verdicts
from service.extract.vocabulary import VOCABULARY_DIR, Vocabulary, load_vocabulary
from service.log import get_logger

log = get_logger("extract")
SAFETY_PLAN_WORK = frozenset({"Safety planning", "Safety plan review"})


class RuleBasedExtractor:
    """Clinical facts from a scrubbed transcript by the rules in ``prompts/vocabulary/``.

    Two optional layers refine the interventions (``SESSIONNOTE_EXTRACTOR``): ``meaning`` (sentence
    embeddings compared with exemplars decide the rules' borderline candidates) and ``verifier`` (the
    local LLM labels each delivered candidate delivered / proposed / discussed / not done).
    ``extract`` is pure and thread-safe as far as its layers are; build one instance and share it.
    """

    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        vocabulary_dir: Path = VOCABULARY_DIR,
        meaning: InterventionMeaning | None = None,
        verifier: InterventionVerifier | None = None,
        verify_all: bool = False,
    ) -> None:
        self.vocabulary = vocabulary if vocabulary is not None else load_vocabulary(vocabulary_dir)
        self.meaning = meaning
        self.verifier = verifier
        self.verify_all = verify_all

    @property
    def engine(self) -> str:
        """The layers in use: ``rules``, ``rules+embeddings``, ``rules+embeddings+llm``."""
        layers = ["rules"]
        if self.meaning is not None:
            layers.append("embeddings")
        if self.verifier is not None:
            layers.append("llm")
        return "+".join(layers)

    @property
    def version(self) -> str:
        """The vocabulary version (and the layers' exemplars and models), for a draft's provenance."""
        parts = [self.vocabulary.version]
        if self.meaning is not None:
            parts.append(self.meaning.version)
        if self.verifier is not None:
            parts.append(self.verifier.version)
        return ";".join(parts)

    def intervention_names(self) -> tuple[str, ...]:
        """Canonical names of every intervention type the vocabulary knows (in and out of vocabulary).

        Only the names, not the synonyms: a drafter checks generated text for them by substring, and
        short synonyms ("mi", "erp") would match inside ordinary words.
        """
        return tuple(i.name for i in self.vocabulary.interventions.interventions)

    def _interventions(
        self, session: Session, plan: TreatmentPlan | None
    ) -> tuple[list[InterventionFact], list[InterventionFact]]:
        meaning = self.meaning
        found = find_interventions(
            session,
            plan,
            self.vocabulary.interventions,
            support=meaning.scorer(session) if meaning is not None else None,
            rule=meaning.rule if meaning is not None else None,
        )
        if self.verifier is None:
            return list(found.delivered), list(found.proposed)
        only = None if self.verify_all else found.cue_only
        return apply_verdicts(session, found.delivered, found.proposed, self.verifier, only)

    def extract(
        self, transcript: Transcript, plan: TreatmentPlan | None, focus_speaker: str = "client"
    ) -> ClinicalFacts:
        """Facts about ``focus_speaker`` (the plan's client), each with utterance-index evidence."""
        started = time.perf_counter()
        vocab = self.vocabulary
        session = Session(transcript, focus_speaker)
        interventions, proposed = self._interventions(session, plan)
        # Change and sustain talk are how a client responds in MI; the therapist's micro-skills are the
        # MI work itself: a plan's MI is delivered when the session has its form (mi_skills.mi_by_form).
        talk = client_talk(session, vocab.micro_skills)
        skills = therapist_skills(session, vocab.micro_skills)
        by_form = mi_by_form(plan, interventions, skills, talk)
        if by_form is not None:
            interventions = [*interventions, by_form]
        response = sorted([*extract_response(session, vocab.response), *talk], key=lambda f: f.evidence[0])
        measures, version_items = measures_and_version_items(
            session, vocab.measures, plan, transcript.session_date
        )
        safety = any(f.name in SAFETY_PLAN_WORK for f in interventions)
        # The risk screen also reads PHQ-9 item 9 answered in the adolescent version.
        risk = extract_risk(session, vocab.risk, [*measures, *version_items], safety_plan_reviewed=safety)
        homework = extract_homework(session, vocab.homework)
        goals = extract_goals(
            session, plan, vocab.goals, interventions, measures, homework, vocab.interventions.proposal_re
        )
        facts = ClinicalFacts(
            interventions=tuple(interventions),
            proposed=tuple(proposed),
            measures=tuple(measures),
            risk=risk,
            homework=tuple(homework),
            goals_addressed=tuple(goals),
            response=tuple(response),
            mi_skills=tuple(skills),
        )
        log.debug(
            "extracted %d interventions (%d proposed), %d measures, risk=%s, %d homework, %d goals in %.3fs "
            "from %d utterances",
            len(interventions),
            len(proposed),
            len(measures),
            risk.present,
            len(homework),
            len(goals),
            time.perf_counter() - started,
            len(session.turns),
        )
        return facts
