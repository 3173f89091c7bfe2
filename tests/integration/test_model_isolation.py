"""The drafting model runs in a process of its own: a native crash there never ends the user's command.

Real GGUF models through the production code path (container -> IsolatedChat -> model process ->
llama.cpp). The crash is real too: the model process is sent SIGSEGV while it is answering.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from service.config import load_settings
from service.container import Container
from service.domain.draft import Draft
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.draft.backends.isolated import IsolatedChat
from service.plans.io import read_plan
from tests.conftest import REPO_ROOT, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validator"
SMALL_LLM = "qwen2.5-coder-0.5b-q4km"
_DRAFT_ARGS = (str(FIXTURES / "transcript.json"), "--plan", str(FIXTURES / "plan.json"))
_LLM = ("--drafter", "llama-cpp")


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return Transcript.load(FIXTURES / "transcript.json")


@pytest.fixture(scope="module")
def plan() -> TreatmentPlan:
    return read_plan(FIXTURES / "plan.json")


def _draft_json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr[-2000:]
    payload: dict[str, object] = json.loads(result.stdout)
    assert payload["note"]
    return payload


@pytest.mark.slow
def test_when_model_process_is_killed_mid_call_then_draft_falls_back_to_template_and_records_signal(
    transcript: Transcript, plan: TreatmentPlan
) -> None:
    container = Container(load_settings(llm_model=SMALL_LLM))
    drafter = container.drafter("llama-cpp")
    chat = container.chat_model("llama-cpp")
    assert isinstance(chat, IsolatedChat)
    facts = container.extractor.extract(transcript, plan)
    results: list[Draft] = []
    worker = threading.Thread(target=lambda: results.append(drafter.draft(transcript, facts, plan)))
    worker.start()
    assert chat.busy.wait(timeout=300), "the model was never called"
    assert chat.pid is not None
    os.kill(chat.pid, signal.SIGSEGV)
    worker.join(timeout=300)
    assert results, "the draft did not return after the model process died"
    draft = results[0]
    crash = draft.provenance.model_crashed
    assert crash is not None
    assert crash.signal == "SIGSEGV"
    template = container.drafter("template").draft(transcript, facts, plan).note
    assert draft.note == template
    # The next draft starts a fresh model process and uses the model again.
    again = drafter.draft(transcript, facts, plan)
    assert again.provenance.model_crashed is None
    assert again.provenance.model_usage is not None
    assert again.provenance.model_usage.generated_tokens > 0
    chat.close()


@pytest.mark.slow
def test_when_model_process_dies_during_cli_draft_then_exit_0_with_warning_and_template_note(
    tmp_path: Path,
) -> None:
    """The user's command survives: the model process (a grandchild) is killed while the CLI drafts."""
    env = {**os.environ, "SESSIONNOTE_LLM_MODEL": SMALL_LLM, "SESSIONNOTE_LOG_LEVEL": "WARNING"}
    cli = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "draft", *_DRAFT_ARGS, *_LLM, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )
    killed = False
    deadline = time.monotonic() + 300
    while not killed and time.monotonic() < deadline and cli.poll() is None:
        for child in psutil.Process(cli.pid).children(recursive=True):
            if "service.draft.backends.model_process" in " ".join(child.cmdline()):
                child.send_signal(signal.SIGSEGV)
                killed = True
        time.sleep(0.2)
    stdout, stderr = cli.communicate(timeout=600)
    assert killed, "the model process never started"
    payload = _draft_json(subprocess.CompletedProcess(cli.args, cli.returncode, stdout, stderr))
    provenance = payload["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["model_crashed"]["signal"] == "SIGSEGV"
    assert "Warning" in stderr
    assert "template sentences" in stderr


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["on", "off"])
def test_when_extra_buffers_are_on_or_off_then_real_model_drafts_through_cli_without_crash(mode: str) -> None:
    """Both buffer modes through the production path, so the same code runs on every CPU (AMX or not)."""
    result = run_cli(
        "draft",
        *_DRAFT_ARGS,
        *_LLM,
        "--json",
        env={"SESSIONNOTE_LLM_EXTRA_BUFFERS": mode, "SESSIONNOTE_LLM_MODEL": SMALL_LLM},
    )
    payload = _draft_json(result)
    provenance = payload["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["drafter"] == "llama-cpp"
    assert provenance["model_crashed"] is None
    assert provenance["model_usage"]["generated_tokens"] > 0


_AUDIT = """
import sys
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.__new__"):
        sys.stderr.write(f"NETWORK {event}\\n")
sys.addaudithook(hook)
from service.cli.app import main
sys.argv = ["sessionnote", *sys.argv[1:]]
main()
"""


def test_when_openai_server_is_remote_over_plain_http_then_draft_refused_and_nothing_sent() -> None:
    env = {
        **os.environ,
        "SESSIONNOTE_OPENAI_BASE_URL": "http://10.20.30.40:8080/v1",
        "SESSIONNOTE_OPENAI_MODEL": "clinic-model",
        "SESSIONNOTE_OPENAI_MODEL_SHA256": "a" * 64,
    }
    result = subprocess.run(
        [sys.executable, "-c", _AUDIT, "draft", *_DRAFT_ARGS, "--drafter", "openai-compatible", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "https" in result.stderr
    assert "SESSIONNOTE_OPENAI_BASE_URL" in result.stderr
    assert "NETWORK" not in result.stderr
    assert result.stdout == ""


def test_when_clinic_model_has_no_sha256_then_settings_refused() -> None:
    from service.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="SESSIONNOTE_LLM_MODEL_SHA256"):
        load_settings(llm_model_path=str(FIXTURES / "plan.json"))
