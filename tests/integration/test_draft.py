"""Drafting: real extraction, real local LLMs (llama.cpp, transformers, a llama.cpp HTTP server)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.config import load_settings
from service.container import Container
from service.domain.draft import ModelUsage
from service.domain.note import BirpNote, NoteSentence
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript, Utterance
from service.draft.backends.openai_compatible import OpenAICompatibleChat
from service.draft.llm import LlmDrafter
from service.draft.render import as_text, reidentify
from service.plans.io import read_plan
from service.validate.support import verify_note
from service.validate.vocabulary import load_vocabulary
from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validator"
SMALL_LLM = "qwen2.5-coder-0.5b-q4km"


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return Transcript.load(FIXTURES / "transcript.json")


@pytest.fixture(scope="module")
def plan() -> TreatmentPlan:
    return read_plan(FIXTURES / "plan.json")


def _all_text(note: BirpNote) -> str:
    return " ".join(s.text for _, _, s in note.sentences())


def _assert_evidence_valid(note: BirpNote, transcript: Transcript) -> None:
    for section, i, s in note.sentences():
        assert s.evidence, f"{section}/{i} has no evidence"
        assert all(0 <= e < len(transcript.utterances) for e in s.evidence)


@pytest.mark.slow
def test_when_default_model_drafts_session_then_real_interventions_and_measures_with_valid_evidence(
    container: Container, transcript: Transcript, plan: TreatmentPlan
) -> None:
    outcome = container.pipeline(drafter="llama-cpp").run(transcript, plan)
    note, provenance = outcome.result.note, outcome.result.provenance
    assert provenance.drafter == "llama-cpp"
    assert provenance.model == "qwen2.5-coder-1.5b-q4km"
    assert provenance.model_sha256 == container.manifest.get("qwen2.5-coder-1.5b-q4km").primary_file.sha256
    assert provenance.model_calls >= 1
    intervention = " ".join(s.text for s in note.intervention).lower()
    assert "cognitive restructuring" in intervention
    assert "breathing" in intervention
    assert any("GAD-7" in s.text and "9" in s.text for s in note.behavior)
    _assert_evidence_valid(note, outcome.transcript)
    support = verify_note(
        note,
        outcome.transcript.utterances,
        facts=outcome.result.facts,
        vocabulary=load_vocabulary(),
        plan=plan,
    )
    assert all(s.result.supported for s in support), [
        s.result.reason for s in support if not s.result.supported
    ]
    assert "Jordan" not in _all_text(note)


@pytest.mark.slow
@pytest.mark.needs_shared_data
def test_when_default_model_drafts_dev_case_then_expected_interventions_and_scores(
    container: Container, shared_data: Path
) -> None:
    case = shared_data / "cases" / "dev-01-gad-worry-log"
    outcome = container.pipeline(drafter="llama-cpp").run(
        Transcript.load(case / "transcript.json"), read_plan(case / "plan.json")
    )
    note = outcome.result.note
    intervention = " ".join(s.text for s in note.intervention).lower()
    assert "cognitive restructuring" in intervention
    assert "breathing" in intervention
    assert any("GAD-7" in s.text and "11" in s.text for s in note.behavior)
    assert "worry exposure" not in intervention  # only proposed
    assert any("worry exposure" in s.text.lower() for s in note.plan)
    _assert_evidence_valid(note, outcome.transcript)


class _ScriptedModel:
    """Stands in for a misbehaving model (it cannot be made to invent on demand): answers every call
    with sentences that add a number. What is under test is the verifier and the fallback."""

    engine = "scripted"
    model_name = "scripted"
    model_sha256: str | None = None

    def __init__(self) -> None:
        self.calls = 0

    def usage(self) -> ModelUsage:
        return ModelUsage(calls=self.calls)

    def close(self) -> None:
        pass

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int) -> str:
        self.calls += 1
        ids = schema["properties"]["sentences"]["items"]["properties"]["id"]["enum"]
        return json.dumps(
            {
                "sentences": [
                    {"id": i, "text": "Client practiced it 14 times and improved from 20 to 5."} for i in ids
                ]
            }
        )


def test_when_model_invents_a_number_then_sentence_replaced_by_template_and_recorded(
    container: Container, transcript: Transcript, plan: TreatmentPlan
) -> None:
    model = _ScriptedModel()
    drafter = LlmDrafter(model, container.prompts, "test", container.extractor.intervention_names())
    facts = container.extractor.extract(transcript, plan)
    draft = drafter.draft(transcript, facts, plan)
    text = _all_text(draft.note)
    assert model.calls >= 1
    assert "14 times" not in text
    assert "from 20 to 5" not in text
    assert draft.provenance.replaced
    assert all("numbers" in r.reason for r in draft.provenance.replaced)
    template = container.drafter("template").draft(transcript, facts, plan).note
    assert draft.note == template


def test_when_intervention_only_proposed_then_it_lands_in_plan_not_intervention(
    container: Container, transcript: Transcript, plan: TreatmentPlan
) -> None:
    outcome = container.pipeline(drafter="template").run(transcript, plan)
    note = outcome.result.note
    assert not any("exposure" in s.text.lower() for s in note.intervention)
    assert any("worry exposure" in s.text.lower() for s in note.plan)
    assert outcome.result.facts.proposed


def test_when_session_has_no_risk_then_note_has_no_risk_language(
    container: Container, transcript: Transcript, plan: TreatmentPlan
) -> None:
    note = container.pipeline(drafter="template").run(transcript, plan).result.note
    assert not re.search(r"suicid|self-harm|\bSI\b|denied|safety plan", _all_text(note), re.I)


def test_when_prompts_render_then_every_variable_is_defined_and_missing_ones_raise(
    container: Container,
) -> None:
    from jinja2 import UndefinedError

    prompts = container.prompts
    system = prompts.render("system", verbs=("Reviewed",))
    user = prompts.render(
        "section",
        section_title="Plan",
        section_purpose="next steps",
        facts=[{"id": "F1", "text": "Assigned homework: breathing.", "excerpt": "therapist: ..."}],
    )
    assert "{{" not in system + user
    assert "F1" in user
    with pytest.raises(UndefinedError):
        prompts.render("section", section_title="Plan", facts=[])
    assert re.fullmatch(r"draft-[\d.]+", prompts.version)


def test_when_reidentified_then_placeholders_become_names_and_text_renders(
    container: Container, transcript: Transcript, plan: TreatmentPlan
) -> None:
    outcome = container.pipeline(drafter="template").run(transcript, plan)
    mapping = outcome.scrubbed.mapping
    assert "[CLIENT]" in mapping.entries  # the fixture says the client's name once
    edited = outcome.result.note.model_copy(
        update={"plan": (NoteSentence(text="Follow up with [CLIENT] next week.", evidence=(12,)),)}
    )
    named = reidentify(edited, mapping)
    assert named.plan[0].text == f"Follow up with {mapping.entries['[CLIENT]'][0]} next week."
    text = as_text(named)
    assert text.startswith("Behavior: ")
    assert "\n\nPlan: Follow up with" in text


@pytest.mark.slow
def test_when_session_is_fifty_minutes_then_drafted_section_by_section_without_overflow(
    transcript: Transcript, plan: TreatmentPlan
) -> None:
    """A long transcript (the fixture repeated to ~50 minutes) with a small 2,048-token context."""
    utterances: list[Utterance] = []
    for rep in range(30):
        offset = rep * 100.0
        utterances += [
            u.model_copy(update={"start": u.start + offset, "end": u.end + offset})
            for u in transcript.utterances
        ]
    long = transcript.model_copy(update={"utterances": tuple(utterances), "duration_minutes": 50})
    with Container(load_settings(llm_model=SMALL_LLM, llm_context_tokens=2048)) as c:
        facts = c.extractor.extract(long, plan)
        draft = c.drafter("llama-cpp").draft(long, facts, plan)
    assert draft.provenance.model_calls >= 1
    assert max(e for _, _, s in draft.note.sentences() for e in s.evidence) > len(transcript.utterances)
    _assert_evidence_valid(draft.note, long)


@pytest.mark.slow
def test_when_transformers_backend_loads_the_gguf_then_it_phrases_a_section(
    transcript: Transcript, plan: TreatmentPlan
) -> None:
    with Container(load_settings(llm_model=SMALL_LLM, llm_sections=("plan",))) as c:
        facts = c.extractor.extract(transcript, plan)
        draft = c.drafter("transformers").draft(transcript, facts, plan)
    assert draft.provenance.drafter == "transformers"
    assert draft.provenance.model_calls >= 1
    assert draft.note.plan
    assert all(s.evidence for s in draft.note.plan)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    """A real llama.cpp OpenAI-compatible server process serving the bundle's 0.5B model on loopback."""
    c = Container(load_settings())
    spec = c.manifest.get(SMALL_LLM)
    model = c.model_store.require(SMALL_LLM) / spec.primary
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--n_threads",
            "2",
            "--verbose",
            "False",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("llama.cpp server did not start")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_when_openai_compatible_backend_calls_real_local_server_then_note_drafted(
    container: Container, llama_server: str, transcript: Transcript, plan: TreatmentPlan
) -> None:
    sha = container.manifest.get(SMALL_LLM).primary_file.sha256
    chat = OpenAICompatibleChat(llama_server, SMALL_LLM, sha, schema_style="llama-cpp")
    drafter = LlmDrafter(
        chat,
        container.prompts,
        container.extractor.version,
        container.extractor.intervention_names(),
        sections=("plan",),
    )
    scrubbed = container.scrubber.scrub(transcript, plan.client)
    safe = transcript.model_copy(update={"utterances": scrubbed.utterances})
    try:
        draft = drafter.draft(safe, container.extractor.extract(safe, plan), plan)
    finally:
        chat.close()
    assert draft.provenance.drafter == "openai-compatible"
    assert draft.provenance.model_sha256 == sha
    assert draft.provenance.model_calls >= 1
    assert draft.note.plan


def test_when_drafting_from_cli_then_json_has_note_facts_findings_and_provenance() -> None:
    done = run_cli(
        "draft",
        str(FIXTURES / "transcript.json"),
        "--plan",
        str(FIXTURES / "plan.json"),
        "--drafter",
        "template",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"note", "facts", "findings", "provenance"}
    assert set(data["note"]) == {"behavior", "intervention", "response", "plan"}
    assert {"interventions", "measures", "risk", "homework", "goals_addressed"} <= set(data["facts"])
    prov = data["provenance"]
    assert prov["prompt_version"]
    assert prov["vocabulary_version"]
    assert "total" in prov["timings_s"]
    assert "Jordan" not in json.dumps(data["note"])
