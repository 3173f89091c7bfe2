"""Reading a user's JSON file with errors that name the file and the problem (never its content)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from service.errors import InputError


def read_json(path: Path, what: str) -> Any:
    """Parsed JSON of ``path``; ``what`` ("Plan", "Note", "Transcript") starts each error sentence."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read {what.lower()} {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise InputError(f"{what} {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} {path} is not JSON (line {exc.lineno}).") from None
