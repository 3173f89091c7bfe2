"""Treatment plans as FHIR R4 (a Bundle of Patient, CarePlan, Conditions and Goals), validated with
``fhir.resources`` (its R4B models, which share R4's CarePlan and Goal structure).

Mapping, chosen so an export imports back to the same plan:

- CarePlan: ``id`` = plan_id, ``status`` (superseded -> revoked, closed -> completed), ``period.start`` =
  effective date, ``addresses`` the diagnoses (contained Conditions, ICD-10-CM codes), ``goal`` the
  Goals, one ``activity`` per planned intervention (``detail.code`` the name, ``detail.goal`` its goals,
  modality and frequency as extensions) and per planned measure (instrument and frequency); review
  date, risk, strengths, barriers and chart history as extensions.
- Goal: one per plan goal (``description`` its text); each SMART objective is a ``target`` (measure,
  target value, due date; objective id, text and baseline as extensions).
- Patient: name, birth date, MRN, phone, e-mail, address; the full chart rides in one extension so
  fields FHIR has no place for (nicknames, employer, family) survive. The chart is PHI: an export
  holds identifiers and must be handled as the clinic's EHR data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from pydantic import ValidationError

from service.domain.base import describe_error
from service.domain.plan import (
    ChartHistory,
    ClientChart,
    Diagnosis,
    Goal,
    MeasureTarget,
    Objective,
    PlannedIntervention,
    PlannedMeasure,
    RiskStatus,
    TreatmentPlan,
)
from service.errors import InputError

BASE = "https://sessionnote.invalid/fhir/StructureDefinition"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
MRN_SYSTEM = "https://sessionnote.invalid/mrn"
KIND_SYSTEM = "https://sessionnote.invalid/fhir/CodeSystem/plan-activity"
_STATUS_TO_FHIR = {"active": "active", "draft": "draft", "superseded": "revoked", "closed": "completed"}
_STATUS_FROM_FHIR = {v: k for k, v in _STATUS_TO_FHIR.items()}


def _ext(name: str, **value: Any) -> dict[str, Any]:
    return {"url": f"{BASE}/{name}", **value}


def _find(extensions: list[dict[str, Any]] | None, name: str) -> list[dict[str, Any]]:
    return [e for e in extensions or [] if e.get("url") == f"{BASE}/{name}"]


def _one(extensions: list[dict[str, Any]] | None, name: str, key: str) -> Any:
    found = _find(extensions, name)
    return found[0].get(key) if found else None


def _patient(plan: TreatmentPlan, patient_id: str) -> dict[str, Any]:
    chart = plan.client
    telecom = [{"system": "phone", "value": chart.phone}] if chart.phone else []
    telecom += [{"system": "email", "value": chart.email}] if chart.email else []
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": patient_id,
        "name": [{"text": chart.name}],
        "extension": [_ext("client-chart", valueString=chart.model_dump_json(exclude_none=True))],
    }
    if chart.dob is not None:
        patient["birthDate"] = chart.dob.isoformat()
    if chart.mrn:
        patient["identifier"] = [{"system": MRN_SYSTEM, "value": chart.mrn}]
    if telecom:
        patient["telecom"] = telecom
    if chart.address is not None:
        a = chart.address
        line = [a.street] if a.street else []
        patient["address"] = [
            {
                k: v
                for k, v in {"line": line, "city": a.city, "state": a.state, "postalCode": a.zip}.items()
                if v
            }
        ]
    return patient


def _goal(goal: Goal, patient_ref: str) -> dict[str, Any]:
    targets = []
    for o in goal.objectives:
        ext = [_ext("objective-id", valueString=o.id), _ext("objective-text", valueString=o.text)]
        target: dict[str, Any] = {"extension": ext}
        if o.target_date is not None:
            target["dueDate"] = o.target_date.isoformat()
        if o.measure is not None:
            target["measure"] = {"text": o.measure.instrument}
            if o.measure.target is not None:
                target["detailQuantity"] = {"value": o.measure.target}
            if o.measure.baseline is not None:
                ext.append(_ext("objective-baseline", valueDecimal=o.measure.baseline))
        targets.append(target)
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": goal.id,
        "lifecycleStatus": "active",
        "description": {"text": goal.text},
        "subject": {"reference": patient_ref},
    }
    if targets:
        resource["target"] = targets
    return resource


def _activities(plan: TreatmentPlan) -> list[dict[str, Any]]:
    out = []
    for i in plan.interventions:
        ext = [_ext("intervention-id", valueString=i.id), _ext("modality", valueString=i.modality)]
        if i.frequency:
            ext.append(_ext("frequency", valueString=i.frequency))
        detail: dict[str, Any] = {
            "status": "in-progress",
            "code": {"coding": [{"system": KIND_SYSTEM, "code": "intervention"}], "text": i.name},
            "extension": ext,
        }
        if i.goal_ids:
            detail["goal"] = [{"reference": f"Goal/{g}"} for g in i.goal_ids]
        out.append({"detail": detail})
    for m in plan.measures:
        out.append(
            {
                "detail": {
                    "status": "scheduled",
                    "code": {"coding": [{"system": KIND_SYSTEM, "code": "measure"}], "text": m.instrument},
                    "extension": [_ext("frequency", valueString=m.frequency)],
                }
            }
        )
    return out


def to_fhir(plan: TreatmentPlan, patient_id: str = "client") -> dict[str, Any]:
    """The plan as a validated FHIR R4 Bundle (JSON-ready dict)."""
    patient_ref = f"Patient/{patient_id}"
    conditions = [
        {
            "resourceType": "Condition",
            "id": f"dx{n}",
            "code": {
                "coding": [{"system": ICD10, "code": d.code, "display": d.description}],
                "text": d.description,
            },
            "subject": {"reference": patient_ref},
        }
        for n, d in enumerate(plan.diagnoses, start=1)
    ]
    ext = [
        _ext("risk-level", valueCode=plan.risk.level),
        _ext("safety-plan", valueBoolean=plan.risk.safety_plan),
    ]
    if plan.risk.notes:
        ext.append(_ext("risk-notes", valueString=plan.risk.notes))
    if plan.review_date is not None:
        ext.append(_ext("review-date", valueDate=plan.review_date.isoformat()))
    ext += [_ext("strength", valueString=s) for s in plan.strengths]
    ext += [_ext("barrier", valueString=b) for b in plan.barriers]
    if plan.history is not None:
        ext.append(_ext("chart-history", valueString=plan.history.model_dump_json()))
    careplan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": plan.plan_id,
        "status": _STATUS_TO_FHIR[plan.status],
        "intent": "plan",
        "subject": {"reference": patient_ref},
        "period": {"start": plan.effective_date.isoformat()},
        "contained": conditions,
        "addresses": [{"reference": f"#{c['id']}"} for c in conditions],
        "goal": [{"reference": f"Goal/{g.id}"} for g in plan.goals],
        "extension": ext,
    }
    activities = _activities(plan)
    if activities:
        careplan["activity"] = activities
    resources = [_patient(plan, patient_id), careplan, *(_goal(g, patient_ref) for g in plan.goals)]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:sessionnote:{r['resourceType']}/{r['id']}", "resource": r} for r in resources
        ],
    }
    _validate_bundle(bundle)
    return bundle


def _validate_bundle(bundle: dict[str, Any]) -> None:
    """Structural validation of every resource with fhir.resources (R4B models)."""
    from fhir.resources.R4B.bundle import Bundle

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise InputError(f"FHIR bundle is not valid R4: {describe_error(exc)}.") from None


def from_fhir(bundle: dict[str, Any]) -> TreatmentPlan:
    """A plan from a Bundle written by :func:`to_fhir` (or an EHR following the same mapping)."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise InputError("FHIR input is not valid: field resourceType: expected a Bundle.")
    _validate_bundle(bundle)
    resources = [cast(dict[str, Any], e.get("resource") or {}) for e in bundle.get("entry") or []]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        by_type.setdefault(str(r.get("resourceType")), []).append(r)
    careplans = by_type.get("CarePlan", [])
    if len(careplans) != 1:
        raise InputError("FHIR input is not valid: field entry: expected exactly one CarePlan.")
    cp = careplans[0]
    return _guard(lambda: _plan_from(cp, by_type))


def _guard(build: Callable[[], TreatmentPlan]) -> TreatmentPlan:
    try:
        return build()
    except ValidationError as exc:
        raise InputError(f"FHIR plan is not valid: {describe_error(exc)}.") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"FHIR plan is not valid: missing or malformed {type(exc).__name__} in a resource."
        ) from None


def _plan_from(cp: dict[str, Any], by_type: dict[str, list[dict[str, Any]]]) -> TreatmentPlan:
    ext = cp.get("extension")
    patients = by_type.get("Patient", [])
    chart_json = _one(patients[0].get("extension"), "client-chart", "valueString") if patients else None
    if chart_json is not None:
        chart = ClientChart.model_validate_json(chart_json)
    elif patients:
        p = patients[0]
        chart = ClientChart(
            name=(p.get("name") or [{}])[0].get("text", ""),
            dob=p.get("birthDate"),
            mrn=next((i.get("value") for i in p.get("identifier") or []), None),
        )
    else:
        raise InputError("FHIR input is not valid: field entry: expected a Patient.")
    contained = {c["id"]: c for c in cp.get("contained") or []}
    diagnoses = []
    for ref in cp.get("addresses") or []:
        cond = contained[str(ref["reference"]).lstrip("#")]
        coding = next(c for c in cond["code"]["coding"] if c.get("system") == ICD10)
        diagnoses.append(
            Diagnosis(code=coding["code"], description=coding.get("display") or cond["code"].get("text", ""))
        )
    goal_res = {g["id"]: g for g in by_type.get("Goal", [])}
    goals = [_goal_from(goal_res[str(r["reference"]).split("/")[-1]]) for r in cp.get("goal") or []]
    interventions, measures = [], []
    for activity in cp.get("activity") or []:
        detail = activity["detail"]
        kind = next(
            (c["code"] for c in detail["code"].get("coding") or [] if c.get("system") == KIND_SYSTEM), None
        )
        dext = detail.get("extension")
        if kind == "measure":
            measures.append(
                PlannedMeasure(
                    instrument=detail["code"]["text"], frequency=_one(dext, "frequency", "valueString")
                )
            )
        else:
            interventions.append(
                PlannedIntervention(
                    id=_one(dext, "intervention-id", "valueString"),
                    name=detail["code"]["text"],
                    modality=_one(dext, "modality", "valueString"),
                    goal_ids=tuple(str(g["reference"]).split("/")[-1] for g in detail.get("goal") or []),
                    frequency=_one(dext, "frequency", "valueString"),
                )
            )
    history_json = _one(ext, "chart-history", "valueString")
    return TreatmentPlan(
        plan_id=cp["id"],
        effective_date=date.fromisoformat(cp["period"]["start"][:10]),
        client=chart,
        diagnoses=tuple(diagnoses),
        goals=tuple(goals),
        interventions=tuple(interventions),
        measures=tuple(measures),
        review_date=_one(ext, "review-date", "valueDate"),
        strengths=tuple(e["valueString"] for e in _find(ext, "strength")),
        barriers=tuple(e["valueString"] for e in _find(ext, "barrier")),
        risk=RiskStatus(
            level=_one(ext, "risk-level", "valueCode"),
            safety_plan=bool(_one(ext, "safety-plan", "valueBoolean")),
            notes=_one(ext, "risk-notes", "valueString"),
        ),
        status=_STATUS_FROM_FHIR.get(cp["status"], "active"),
        history=ChartHistory.model_validate_json(history_json) if history_json else None,
    )


def _goal_from(resource: dict[str, Any]) -> Goal:
    objectives = []
    for t in resource.get("target") or []:
        text = t.get("extension")
        measure = None
        if t.get("measure") is not None:
            measure = MeasureTarget(
                instrument=t["measure"]["text"],
                baseline=_one(text, "objective-baseline", "valueDecimal"),
                target=(t.get("detailQuantity") or {}).get("value"),
            )
        objectives.append(
            Objective(
                id=_one(text, "objective-id", "valueString"),
                text=_one(text, "objective-text", "valueString"),
                target_date=t.get("dueDate"),
                measure=measure,
            )
        )
    return Goal(id=resource["id"], text=resource["description"]["text"], objectives=tuple(objectives))


def dumps(bundle: dict[str, Any]) -> str:
    """Pretty JSON for a bundle."""
    return json.dumps(bundle, indent=2, ensure_ascii=False)
