"""Plan text scrubbed with the session: goals, objectives and intervention names as the note may show them.

A plan is the clinic's own document, but its free text can still name people or places ("repair the
relationship with her sister ..."). The drafter writes goal text into the note, so it gets the plan with
that text scrubbed in the same pass as the transcript: one placeholder per person across both, so
"[PERSON_2]" in a goal is the "[PERSON_2]" of the session. Extraction and validation keep the plan as
written (intervention names must match the vocabulary exactly).
"""

from __future__ import annotations

from service.domain.phi import ScrubbedTranscript
from service.domain.plan import ClientChart, TreatmentPlan
from service.domain.transcript import Transcript, Utterance
from service.protocols import Scrubber

PLAN_SPEAKER = "plan"


def _texts(plan: TreatmentPlan) -> list[str]:
    out: list[str] = []
    for goal in plan.goals:
        out.append(goal.text)
        out.extend(o.text for o in goal.objectives)
    out.extend(i.name for i in plan.interventions)
    return out


def _with_texts(plan: TreatmentPlan, texts: list[str]) -> TreatmentPlan:
    it = iter(texts)
    goals = []
    for goal in plan.goals:
        text = next(it)
        objectives = tuple(o.model_copy(update={"text": next(it)}) for o in goal.objectives)
        goals.append(goal.model_copy(update={"text": text, "objectives": objectives}))
    interventions = tuple(i.model_copy(update={"name": next(it)}) for i in plan.interventions)
    return plan.model_copy(update={"goals": tuple(goals), "interventions": interventions})


def scrub_session(
    scrubber: Scrubber, transcript: Transcript, plan: TreatmentPlan, chart: ClientChart | None = None
) -> ScrubbedTranscript:
    """The scrubbed transcript, carrying the plan's free text scrubbed in the same pass."""
    texts = _texts(plan)
    end = transcript.utterances[-1].end if transcript.utterances else 0.0
    extra = tuple(Utterance(speaker=PLAN_SPEAKER, start=end, end=end, text=t or " ") for t in texts)
    combined = transcript.model_copy(update={"utterances": transcript.utterances + extra})
    scrubbed = scrubber.scrub(combined, chart if chart is not None else plan.client)
    n = len(transcript.utterances)
    return ScrubbedTranscript(
        utterances=scrubbed.utterances[:n],
        entities=tuple(e for e in scrubbed.entities if e.utterance_index < n),
        mapping=scrubbed.mapping,
        plan_texts=tuple(u.text for u in scrubbed.utterances[n:]),
    )


def plan_for_note(plan: TreatmentPlan, scrubbed: ScrubbedTranscript) -> TreatmentPlan:
    """The plan with its free text as scrubbed with the session (as written when it was not)."""
    if len(scrubbed.plan_texts) != len(_texts(plan)):
        return plan
    return _with_texts(plan, list(scrubbed.plan_texts))
