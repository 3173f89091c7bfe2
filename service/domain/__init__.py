"""Typed, frozen value objects passed between pipeline stages (no I/O here)."""
