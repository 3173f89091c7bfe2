"""Per-clinic configuration is validated at start-up and used by every path: the validator rules file
(CLI validate and the workers), vocabulary extensions (extractor and validator), the note template
(CLI draft text and the API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.config import load_settings
from service.container import Container
from service.errors import ConfigurationError
from service.extract.vocabulary import load_vocabulary as load_extract_vocabulary
from service.validate.vocabulary import load_vocabulary as load_validate_vocabulary
from tests.conftest import FIXTURES, run_cli
from tests.service_helpers import MODEL_DIR

EXTENSION = """
version: clinic-1
interventions:
  - name: Compassion-focused imagery
    modality: CFT
    verb: Guided
    synonyms: [compassion focused imagery, compassionate imagery]
    note_patterns: ['compassion(?:ate|-focused)? imagery']
    strong: ['\\\\bcompassionate (image|imagery|other)\\\\b']
"""


def test_when_a_clinic_file_is_missing_then_settings_refuse_to_start(tmp_path: Path) -> None:
    for name in ("validator_config", "vocabulary_extensions"):
        with pytest.raises(ConfigurationError, match=f"SESSIONNOTE_|{name}"):
            load_settings(**{name: tmp_path / "nope.yaml"})


def test_when_vocabulary_is_extended_then_extractor_and_validator_both_know_the_new_intervention(
    tmp_path: Path,
) -> None:
    ext = tmp_path / "ext.yaml"
    ext.write_text(EXTENSION)
    container = Container(
        load_settings(data_dir=tmp_path / "data", model_dir=MODEL_DIR, vocabulary_extensions=ext)
    )
    directory = container.vocabulary_dir
    assert directory is not None
    assert "Compassion-focused imagery" in container.extractor.intervention_names()
    assert "clinic.clinic-1" in container.extractor.version
    assert "Compassion-focused imagery" in {
        t.name for t in load_validate_vocabulary(directory).types.values()
    }
    assert load_extract_vocabulary(directory).version == container.extractor.version


def test_when_a_vocabulary_extension_is_malformed_then_start_up_names_the_file(tmp_path: Path) -> None:
    ext = tmp_path / "ext.yaml"
    ext.write_text(EXTENSION.replace("verb: Guided", "verb: Hypnotised"))
    container = Container(
        load_settings(data_dir=tmp_path / "data", model_dir=MODEL_DIR, vocabulary_extensions=ext)
    )
    with pytest.raises(ConfigurationError, match=str(ext)):
        _ = container.vocabulary_dir


def test_when_clinic_disables_a_rule_then_cli_validate_follows_the_setting(tmp_path: Path) -> None:
    draft = json.loads((FIXTURES / "validator" / "draft.json").read_text())
    draft["note"]["intervention"].append({"text": "Used hypnosis to reduce the panic.", "evidence": [1]})
    note = tmp_path / "note.json"
    note.write_text(json.dumps(draft))
    args = (
        "validate",
        str(note),
        "--plan",
        str(FIXTURES / "validator" / "plan.json"),
        "--transcript",
        str(FIXTURES / "validator" / "transcript.json"),
        "--json",
        "--no-scrub",
    )
    from service.domain.transcript import Transcript
    from service.plans.io import read_plan
    from service.validate.note_input import read_note_file
    from service.validate.validator import PlanValidator

    the_note, facts = read_note_file(note)
    plan = read_plan(FIXTURES / "validator" / "plan.json")
    session = Transcript.load(FIXTURES / "validator" / "transcript.json")
    default = PlanValidator().validate(the_note, session, plan, facts=facts, history=plan.history)
    off = "INTERVENTION_NOT_IN_PLAN"
    assert off in {f.code for f in default}  # the repository's rules flag it
    rules = tmp_path / "clinic.yaml"
    rules.write_text(f"version: 1\nrules:\n  {off}:\n    enabled: false\n")
    clinic = run_cli(*args, env={"SESSIONNOTE_VALIDATOR_CONFIG": str(rules)})
    assert clinic.returncode == 0, clinic.stderr
    assert off not in {f["code"] for f in json.loads(clinic.stdout)["findings"]}


def test_when_template_is_soap_then_cli_draft_text_uses_soap_headings(tmp_path: Path) -> None:
    out = run_cli(
        "draft",
        str(FIXTURES / "validator" / "transcript.json"),
        "--plan",
        str(FIXTURES / "validator" / "plan.json"),
        "--drafter",
        "template",
        "--format",
        "text",
        env={"SESSIONNOTE_NOTE_TEMPLATE": "SOAP"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Subjective:")
    assert "\n\nObjective:" in out.stdout
    assert "\n\nAssessment:" in out.stdout


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"session_idle_minutes": 60}, "SESSIONNOTE_SESSION_IDLE_MINUTES"),
        ({"session_absolute_hours": 24}, "SESSIONNOTE_SESSION_ABSOLUTE_HOURS"),
        ({"batch_window": "1am-6am"}, "SESSIONNOTE_BATCH_WINDOW"),
        ({"queue": "redis"}, "SESSIONNOTE_REDIS_URL"),
        ({"queue": "redis", "redis_url": "redis://192.0.2.10:6379/0"}, "rediss://"),
        ({"max_upload_mb": 0}, "SESSIONNOTE_MAX_UPLOAD_MB"),
        ({"audio_retention": "forever"}, "SESSIONNOTE_AUDIO_RETENTION"),
    ],
)
def test_when_a_service_setting_is_unsafe_then_it_is_refused_with_its_name(
    overrides: dict[str, object], says: str
) -> None:
    with pytest.raises(ConfigurationError, match=says.replace("+", r"\+")):
        load_settings(**overrides)


def test_when_the_key_ring_is_readable_by_others_then_start_up_refuses(tmp_path: Path) -> None:
    container = Container(load_settings(data_dir=tmp_path / "data"))
    ring = container.cipher  # creates the ring, 0600
    assert ring.primary_id
    key_file = tmp_path / "data" / "keys" / "sessionnote.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key_file.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        _ = Container(load_settings(data_dir=tmp_path / "data")).cipher


def test_when_the_service_creates_its_files_then_only_its_user_can_read_them(tmp_path: Path) -> None:
    from tests.service_helpers import make_container

    container = make_container(tmp_path / "data")
    container.queue.pending_job_ids()
    with container.database.session() as db:
        from service import audit

        audit.record(db, None, "test.event", "test", "1")
    data = tmp_path / "data"
    for name in ("sessionnote.db", "queue.db", "keys/sessionnote.key"):
        _ = container.cipher
        assert (data / name).stat().st_mode & 0o077 == 0, name
