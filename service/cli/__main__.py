"""``python -m service.cli`` is the same as the ``sessionnote`` command."""

from service.cli.app import main

main()
