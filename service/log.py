"""The one logger of the project, with redaction.

Code logs counts, durations and identifiers of its own (job ids, model names), never transcript text.
As a second line of defence every record passes a filter that masks e-mail addresses, digit runs that
could be phone/record numbers, and any value registered for the current scope with ``redact_values``
(the scrubber registers every PHI value it finds), so a mistake in a log call does not leak PHI.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterable, Iterator

_MASK = "[REDACTED]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?<![\w.])(?:\d[\s().-]?){4,}\d(?![\w.])")
_sensitive: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("sensitive", default=())


def redact(text: str) -> str:
    """Mask registered values, e-mail addresses and long digit runs in ``text``."""
    for value in sorted(_sensitive.get(), key=len, reverse=True):
        if value:
            text = re.sub(re.escape(value), _MASK, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(_MASK, text)
    return _DIGITS.sub(_MASK, text)


@contextlib.contextmanager
def redact_values(values: Iterable[str]) -> Iterator[None]:
    """Within this scope, mask these values (e.g. a session's PHI) wherever they reach a log record."""
    added = tuple(v.strip() for v in values if len(v.strip()) >= 2)
    token = _sensitive.set(_sensitive.get() + added)
    try:
        yield
    finally:
        _sensitive.reset(token)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged in) through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            # Exception text can quote its input; keep the type only.
            record.exc_text = f"{type(record.exc_info[1]).__name__}: {_MASK}"
            record.exc_info = None
        return True


_FILTER = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """A logger under ``sessionnote.``; every handler of that tree redacts."""
    logger = logging.getLogger(f"sessionnote.{name}")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


def configure(level: str = "INFO") -> None:
    """Send ``sessionnote.*`` records to stderr through the redacting filter."""
    root = logging.getLogger("sessionnote")
    root.setLevel(level)
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.addFilter(_FILTER)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.propagate = False
