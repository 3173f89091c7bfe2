"""Reviewing drafted notes: what a session looks like to its clinician, edits (re-validated and
versioned), acknowledgements, signatures, addenda, private notes and exports. Used by the API routes and
the web screens; storage stays in ``service.storage`` and the stages in ``service.jobs``."""
