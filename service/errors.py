"""Errors a user can cause or fix, each with a clear sentence; mapped once to CLI exit codes and HTTP codes.

Messages never contain PHI: they name files and problems, not transcript content.
"""

from __future__ import annotations


class SessionNoteError(Exception):
    """Base of every expected failure; ``str(err)`` is a sentence fit to show a clinician."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(SessionNoteError):
    """The input given (file, JSON, option) is unusable."""

    exit_code = 2
    http_status = 422


class AudioError(InputError):
    """An audio file is missing, empty, corrupt, not audio, or too long."""


class NoSpeechError(InputError):
    """The recording holds no speech, so there is nothing to transcribe or draft."""


class ConfigurationError(SessionNoteError):
    """Settings are invalid or unsafe."""

    exit_code = 2
    http_status = 500


class ModelMissingError(SessionNoteError):
    """A model file is absent or corrupt; the message names the model and the command that fixes it."""

    exit_code = 3
    http_status = 503


class ModelCrashedError(SessionNoteError):
    """The model process died (a native crash or a kill) or stopped answering.

    Callers that can do without the model (the drafter: template sentences) catch it; the rest of the
    process is unharmed because the model runs in its own process.
    """

    exit_code = 5
    http_status = 503

    def __init__(self, message: str, signal: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.signal = signal
        self.process_exit_code = exit_code
