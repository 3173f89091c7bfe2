# SessionNote: the README's two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# torch is pinned to the CPU wheel; never let a resolver choose a (multi-GB CUDA) torch.
TORCH  := torch==2.13.0
HOST   ?= 127.0.0.1
PORT   ?= 8000
# postgresql and redis-server: the service tests start throwaway servers of each on loopback.
# chromium (+ fonts-liberation, so pages render with real fonts): the browser tests drive Debian's
# /usr/bin/chromium through Playwright (a dev dependency); no browser is ever downloaded.
APT_PACKAGES := espeak-ng postgresql redis-server chromium fonts-liberation
# llama-cpp-python compiles from source; use every core.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
# A portable llama.cpp, never tied to the build machine's CPU (a venv or image copied to another machine
# still runs): x86-64-v3 (AVX2, FMA, F16C, BMI2; every x86-64 CPU since 2013), no AVX-512 and no AMX,
# whose extra buffer crashes llama-cpp-python 0.3.36. Measured against the native build in README
# "Drafting model". An older CPU without AVX2 stops the model process (SIGILL): drafts then keep their
# template sentences, as for any model crash.
LLAMA_VERSION := 0.3.36
# The flags live in requirements/llama-cmake-args.txt (the rebuild stamp depends on that file). They also
# leave out the multimodal library (LLAVA_BUILD=OFF): SessionNote only sends text, and it is about a sixth
# of the compile on a fresh machine.
LLAMA_CMAKE_ARGS := $(shell cat requirements/llama-cmake-args.txt)
export CMAKE_ARGS ?= $(LLAMA_CMAKE_ARGS)

.PHONY: screens run test install models db system-deps lint typecheck unit eval bench bench-llm llama-native clean

run: models db
	$(BIN)/sessionnote serve --host $(HOST) --port $(PORT)

test: system-deps models lint typecheck
	$(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-run pip only when the dependency declarations change.
# llama-cpp-python first, built with the portable flags; --no-cache-dir so that a wheel built earlier
# with other flags is never reused. The stamp holds the flags: changing them rebuilds.
$(VENV)/.llama-portable: requirements/llama-cmake-args.txt | $(BIN)/python
	$(PIP) install --force-reinstall --no-deps --no-cache-dir --no-binary llama-cpp-python \
	  llama-cpp-python==$(LLAMA_VERSION)
	echo '$(CMAKE_ARGS)' > $@

$(VENV)/.deps-installed: pyproject.toml requirements/nodeps.txt $(VENV)/.llama-portable | $(BIN)/python
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

# The committed screenshots and axe results of the web screens (README "Web screens").
screens: models system-deps
	SESSIONNOTE_SCREENS_DIR=$(CURDIR)/eval/results/screens $(BIN)/pytest tests/e2e -q

eval: models
	$(BIN)/sessionnote eval all

bench: models
	$(BIN)/sessionnote bench transcribe

# A second llama.cpp built natively for this machine (AVX-512, AMX where present), only to measure what
# the portable build costs: `sessionnote bench llm --native-build .cache/llama-native`.
NATIVE_DIR := .cache/llama-native
$(NATIVE_DIR)/llama_cpp/__init__.py: | $(BIN)/python
	CMAKE_ARGS="-DGGML_NATIVE=ON" $(PIP) install --no-deps --no-cache-dir --no-binary llama-cpp-python \
	  --target $(NATIVE_DIR) llama-cpp-python==$(LLAMA_VERSION)

llama-native: $(NATIVE_DIR)/llama_cpp/__init__.py

bench-llm: models llama-native
	$(BIN)/sessionnote bench llm --native-build $(NATIVE_DIR)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
