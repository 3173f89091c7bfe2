"""SessionNote: self-hosted drafting of evidence-linked BIRP progress notes from therapy recordings."""

__version__ = "0.1.0"
