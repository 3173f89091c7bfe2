"""The HTTP API (FastAPI): thin routes per resource over the container's stages and stores."""
