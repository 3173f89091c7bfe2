"""Errors of stored objects and access, each with its HTTP status and CLI exit code (mapped once)."""

from __future__ import annotations

from service.errors import InputError, SessionNoteError


class NotFound(SessionNoteError):
    """No such object, or one the caller may not see (the two are indistinguishable on purpose)."""

    exit_code = 2
    http_status = 404


class Conflict(SessionNoteError):
    """The object's state forbids the change (a signed note, open blocking findings, a running job)."""

    exit_code = 4
    http_status = 409


class Forbidden(SessionNoteError):
    """The caller may see the object but not do this to it (a supervisor editing a clinician's note)."""

    exit_code = 2
    http_status = 403


class Unauthenticated(SessionNoteError):
    """No valid login, token or session (or it timed out)."""

    exit_code = 2
    http_status = 401


class RateLimited(SessionNoteError):
    """Too many failed logins."""

    exit_code = 2
    http_status = 429


class TooLarge(InputError):
    """An upload over SESSIONNOTE_MAX_UPLOAD_MB."""

    http_status = 413


class UnsupportedMedia(InputError):
    """An upload that is not a recording."""

    http_status = 415
