"""What the review screen shows for one client's note of one session (the page's whole model).

Built from the same participant view the API returns (``service.review.views``), read with
placeholders and re-identified here for the treating clinician only (``reidentify.py``). Findings are
ordered risk first, then blocking, then warnings; the plan panel marks what the session addressed; the
measures panel charts the client's scores over sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.api.security import Caller
from service.domain.facts import ClinicalFacts
from service.domain.plan import TreatmentPlan
from service.review.context import load_context, scrubbed_for
from service.review.views import participant_view
from service.review.workflow import Review
from service.storage.clients import ClientRepository
from service.storage.errors import Conflict
from service.storage.records import ParticipantRecord, SessionRecord
from service.storage.users import UserRepository
from service.web import chart
from service.web.reidentify import Names, names_for
from service.web.speakers import speakers_of, transcript_of

RISK_CODES = ("RISK_REVIEW", "RISK_NOT_DOCUMENTED")


def is_risk(code: str) -> bool:
    """Risk findings are listed before all others, in their own panel above the note."""
    return code in RISK_CODES or code.startswith("RISK")


@dataclass
class Tab:
    """One client's note in a session (couples, family and group sessions have several)."""

    client_id: str
    speaker: str
    number: int
    current: bool


@dataclass
class ReviewPage:
    """The review screen's model."""

    session: SessionRecord
    tabs: list[Tab]
    participant: ParticipantRecord
    client_name: str | None
    view: dict[str, Any]
    names: Names
    transcript: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    edit_sections: list[dict[str, Any]]
    risk: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    open_blocking: list[dict[str, Any]]
    plan: TreatmentPlan | None
    addressed_goals: dict[str, list[int]]
    addressed_objectives: set[str]
    addressed_interventions: dict[str, list[int]]
    charts: list[chart.Chart]
    speakers: list[str]
    owner: bool
    users: dict[str, str] = field(default_factory=dict)
    job: dict[str, Any] | None = None


def _sentences(
    note: dict[str, Any], view_sections: list[dict[str, Any]], names: Names
) -> list[dict[str, Any]]:
    refs: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for key in ("behavior", "intervention", "response", "plan"):
        for i, s in enumerate(note.get(key, [])):
            refs.setdefault((s["text"], tuple(s["evidence"])), []).append(f"{key}/{i}")
    out = []
    for section in view_sections:
        rows = []
        for s in section["sentences"]:
            found = refs.get((s["text"], tuple(s["evidence"])), [])
            rows.append(
                {"text": names.text(s["text"]), "evidence": s["evidence"], "ref": found[0] if found else ""}
            )
        out.append({"key": section["key"], "title": section["title"], "sentences": rows})
    return out


def _edit_sections(note: dict[str, Any]) -> list[dict[str, Any]]:
    titles = (
        ("behavior", "Behavior"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    )
    return [{"key": k, "title": t, "sentences": note.get(k, [])} for k, t in titles]


def _findings(view: dict[str, Any], names: Names, transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_index = {u["index"]: u for u in transcript}
    rows = []
    for f in view["findings"]:
        rows.append(
            {
                **f,
                "detail": names.text(f["detail"]),
                "risk": is_risk(f["code"]),
                "quotes": [by_index[i] for i in f.get("evidence", []) if i in by_index],
                "open": f.get("acknowledged") is None,
            }
        )
    order = {True: 0, False: 1}
    return sorted(rows, key=lambda f: (order[f["risk"]], 0 if f["severity"] == "block" else 1))


def _charts(
    review: Review, caller: Caller, client_id: str, session: SessionRecord, plan: TreatmentPlan | None
) -> list[chart.Chart]:
    scores: dict[str, list[tuple[Any, float, bool]]] = {}
    for other in reversed(review.sessions.visible(caller.principal, client_id=client_id)):
        participant = review.sessions.participant(other.id, client_id)
        try:
            facts = load_context(review.c, review.jobs, review.plans, other, participant).facts
        except Conflict:
            continue
        for m in facts.measures:
            scores.setdefault(m.instrument, []).append((other.session_date, m.score, other.id == session.id))
    targets: dict[str, tuple[float | None, float | None]] = {}
    if plan is not None:
        for goal in plan.goals:
            for objective in goal.objectives:
                if objective.measure is not None:
                    targets.setdefault(
                        objective.measure.instrument, (objective.measure.baseline, objective.measure.target)
                    )
        for measure in plan.measures:
            targets.setdefault(measure.instrument, (None, None))
    charts = []
    for instrument in sorted(set(scores) | set(targets)):
        baseline, target = targets.get(instrument, (None, None))
        first = (plan.effective_date, baseline) if plan is not None and baseline is not None else None
        rows = sorted(scores.get(instrument, []), key=lambda r: r[0])
        charts.append(chart.build(instrument, rows, first, target))
    return charts


def build(review: Review, session: SessionRecord, caller: Caller, client_id: str | None) -> ReviewPage:
    """The review page for the session's client ``client_id`` (the first client when None)."""
    people = review.sessions.participants(session.id)
    participant = review.sessions.participant(session.id, client_id)
    owner = session.owner_id == caller.user.id
    view = participant_view(review, session, participant, reidentify=False)
    scrubbed = scrubbed_for(review.c, review.jobs, session, participant)
    names = names_for(scrubbed, authorised=owner, individual=len(people) == 1)
    transcript = [{**u, "text": names.text(u["text"])} for u in view["transcript"] or []]
    chart_record = ClientRepository(review.db, review.c.cipher).require(
        participant.client_id, caller.principal
    )
    plan = review.plans.active_plan(participant.client_id, session.session_date)
    facts = ClinicalFacts.model_validate(view["facts"]) if view.get("facts") else None
    findings = _findings(view, names, transcript) if view["note"] else []
    stored = transcript_of(review, session.id)
    job = review.jobs.for_session(session.id)
    user_ids = {f["acknowledged"]["by"] for f in findings if f.get("acknowledged")}
    user_ids |= {v["author_id"] for v in view.get("versions", []) if v.get("author_id")}
    user_ids |= {a["author_id"] for a in view.get("addenda", [])}
    users = UserRepository(review.db)
    emails = {uid: (u.email if (u := users.get(uid)) is not None else uid) for uid in user_ids}
    return ReviewPage(
        session=session,
        tabs=[Tab(p.client_id, p.speaker, n, p.id == participant.id) for n, p in enumerate(people, 1)],
        participant=participant,
        client_name=chart_record.chart.name if owner else None,
        view=view,
        names=names,
        transcript=transcript,
        sections=_sentences(view["note"], view.get("sections", []), names) if view["note"] else [],
        edit_sections=_edit_sections(view["note"]) if view["note"] else [],
        risk=[f for f in findings if f["risk"]],
        findings=[f for f in findings if not f["risk"]],
        open_blocking=[f for f in findings if f["severity"] == "block" and f["open"]],
        plan=plan,
        addressed_goals={g.goal_id: list(g.evidence) for g in facts.goals_addressed} if facts else {},
        addressed_objectives={o for g in facts.goals_addressed for o in g.objective_ids} if facts else set(),
        addressed_interventions={
            i.plan_intervention_id: list(i.evidence) for i in facts.interventions if i.plan_intervention_id
        }
        if facts
        else {},
        charts=_charts(review, caller, participant.client_id, session, plan),
        speakers=speakers_of(stored) if stored is not None else [],
        owner=owner,
        users=emails,
        job={"state": job.state, "stage": job.stage, "progress": job.progress, "error": job.error}
        if job
        else None,
    )
