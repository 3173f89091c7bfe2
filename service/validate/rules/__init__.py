"""One module per rule; importing this package registers them all (order = report order)."""

from service.validate.rules import (
    goal_not_addressed,
    intervention_not_in_plan,
    measure_due_not_recorded,
    medical_necessity,
    non_vocabulary_intervention,
    plan_review_overdue,
    residual_phi,
    risk_not_documented,
    risk_review,
    unsupported_claim,
)

__all__ = [
    "goal_not_addressed",
    "intervention_not_in_plan",
    "measure_due_not_recorded",
    "medical_necessity",
    "non_vocabulary_intervention",
    "plan_review_overdue",
    "residual_phi",
    "risk_not_documented",
    "risk_review",
    "unsupported_claim",
]
