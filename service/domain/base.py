"""Common base for value objects."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError


class Frozen(BaseModel):
    """An immutable value object that refuses unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def describe_error(exc: ValidationError) -> str:
    """First validation problem as 'field a.b.c: message' (no input values, which may be PHI)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"field {where}: {str(first['msg']).removeprefix('Value error, ')}"
