"""Treatment plans: versioned storage, plan.json and FHIR R4 import/export."""
