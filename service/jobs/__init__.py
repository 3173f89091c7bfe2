"""Durable jobs: the ledger (source of truth), the Huey queue that carries job ids, the workers that run
the pipeline stages, the reconciler that retries stopped jobs, and the overnight batch."""
