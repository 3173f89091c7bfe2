"""The ``sessionnote`` command line (Typer). One module per command group."""
