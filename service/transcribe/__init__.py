"""Stage 1, transcribe: recording -> speaker-attributed :class:`~service.domain.transcript.Transcript`."""
