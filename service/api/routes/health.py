"""``GET /healthz``: is the service able to work (database at the right schema, models installed)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from service.api.deps import AppContainer, DbEngine
from service.storage.db import current_revision, head_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Service readiness; contains no session data."""

    status: str
    database: str
    schema_revision: str | None
    models: dict[str, bool]


@router.get("/healthz", response_model=Health)
def healthz(container: AppContainer, engine: DbEngine, response: Response) -> Health:
    """Report readiness; 503 when the database is not migrated or a default model is missing."""
    try:
        revision = current_revision(engine)
        database = "ok" if revision == head_revision() else "not migrated (run: sessionnote db upgrade)"
    except Exception as exc:
        revision, database = None, f"unavailable ({type(exc).__name__})"
    store = container.model_store
    models = {
        spec.id: all(s.state == "ok" for s in store.check(spec, deep=False))
        for spec in container.manifest.bundle("default")
    }
    healthy = database == "ok" and all(models.values())
    if not healthy:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Health(
        status="ok" if healthy else "degraded", database=database, schema_revision=revision, models=models
    )
