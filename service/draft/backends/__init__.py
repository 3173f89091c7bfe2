"""Chat-model backends (one file each) behind the ``ChatModel`` protocol; the drafter is shared."""
