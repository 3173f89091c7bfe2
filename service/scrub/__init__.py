"""The PHI scrub stage: Presidio with the bundle's spaCy model plus custom recognizers for speech.

Entry point: :class:`service.scrub.scrubber.PresidioScrubber` (built once by the container); the
residual check for notes and exports is :func:`service.scrub.residual.find_residual_phi`.
"""
