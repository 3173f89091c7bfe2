# SessionNote CPU image: mirrors `make run` (venv, project, model bundle, database, serve).
# Build: docker build -t sessionnote .   Run: docker run -p 127.0.0.1:8000:8000 -v sessionnote-data:/data sessionnote
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SESSIONNOTE_DATA_DIR=/data \
    SESSIONNOTE_MODEL_DIR=/opt/sessionnote/models \
    # The container's port is published to the host's loopback only (see the run line above);
    # inside the container the server must bind all interfaces to be reachable through that mapping.
    SESSIONNOTE_ALLOW_REMOTE=true \
    SESSIONNOTE_HOST=0.0.0.0

# gcc/cmake: llama-cpp-python builds from source. `make install` builds it with the portable flags of
# requirements/llama-cmake-args.txt (AVX2, no AVX-512/AMX), so the image runs on CPUs other than the
# build machine's.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake make \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 sessionnote \
 && mkdir -p /app /data /opt/sessionnote/models \
 && chown -R sessionnote:sessionnote /app /data /opt/sessionnote
WORKDIR /app
USER sessionnote

COPY --chown=sessionnote:sessionnote pyproject.toml README.md Makefile ./
COPY --chown=sessionnote:sessionnote requirements ./requirements
COPY --chown=sessionnote:sessionnote service ./service
COPY --chown=sessionnote:sessionnote models ./models
COPY --chown=sessionnote:sessionnote prompts ./prompts
COPY --chown=sessionnote:sessionnote eval ./eval

# Same steps as `make run`, baked in at build time: dependencies (CPU torch pinned), model bundle.
# On PyPI, torch==2.13.0 for Linux is a CUDA build; the CPU wheel comes from PyTorch's CPU index.
RUN PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu make install PYTHON=python3.11 \
 && .venv/bin/sessionnote models install default --prune

VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD .venv/bin/python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# The database lives on the /data volume, so it is migrated at start rather than at build.
ENTRYPOINT ["/bin/sh", "-c", ".venv/bin/sessionnote db upgrade && exec .venv/bin/sessionnote serve \"$@\"", "--"]
