"""Loading settings with user-facing errors (the CLI and the web app both start here)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from service.errors import ConfigurationError
from service.settings import Settings


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment plus explicit overrides; invalid values raise a clear sentence."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            name = f"SESSIONNOTE_{field.upper()}" if field else "settings"
            msg = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {msg}")
        raise ConfigurationError("Invalid configuration: " + "; ".join(problems) + ".") from None
