"""Stage 5, validate: a note checked against its session, the client's active plan and the chart history.

Importing this package is cheap; the rules register themselves when :mod:`service.validate.rules` is
imported (the validator does that on construction).
"""
