# SessionNote: the README's two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# torch is pinned to the CPU wheel; never let a resolver choose a (multi-GB CUDA) torch.
TORCH  := torch==2.13.0
HOST   ?= 127.0.0.1
PORT   ?= 8000
APT_PACKAGES := espeak-ng
# llama-cpp-python compiles from source; use every core.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test install models db system-deps lint typecheck unit eval bench clean

run: models db
	$(BIN)/sessionnote serve --host $(HOST) --port $(PORT)

test: system-deps models lint typecheck
	$(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-run pip only when the dependency declarations change.
$(VENV)/.deps-installed: pyproject.toml requirements/nodeps.txt | $(BIN)/python
	$(PIP) install $(TORCH) -e '.[dev]'
	$(PIP) install --no-deps -r requirements/nodeps.txt
	touch $@

install: $(VENV)/.deps-installed

models: install
	$(BIN)/sessionnote models install default --prune

db: install
	$(BIN)/sessionnote db upgrade

# System packages the tests need (speech synthesis for test audio); installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (e.g. sudo apt-get install$$missing)"; exit 1; fi; \
	fi

lint: install
	$(BIN)/ruff check service tests eval
	$(BIN)/ruff format --check service tests eval

typecheck: install
	$(BIN)/mypy

eval: models
	$(BIN)/sessionnote eval all

bench: models
	$(BIN)/sessionnote bench transcribe

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
