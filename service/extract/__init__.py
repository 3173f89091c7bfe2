"""Stage 3: clinical fact extraction from a scrubbed transcript, each fact with utterance evidence."""
