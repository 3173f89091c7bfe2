"""The vocabulary files load, validate and resolve names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.errors import ConfigurationError
from service.extract.vocabulary import FILES, VOCABULARY_DIR, load_vocabulary


def test_when_vocabulary_loads_then_every_file_has_a_version() -> None:
    vocab = load_vocabulary()
    for name in FILES:
        assert f"{name}=" in vocab.version
    assert "sha256=" in vocab.version


def test_when_vocabulary_loads_then_every_intervention_verb_is_a_documented_verb() -> None:
    vocab = load_vocabulary()
    verbs = vocab.verbs.all_verbs
    assert {"Challenged", "Reframed", "Validated", "Role-played", "Educated", "Assigned homework"} <= verbs
    assert all(i.verb in verbs for i in vocab.interventions.interventions)


@pytest.mark.parametrize(
    ("plan_name", "entry"),
    [
        ("Diaphragmatic breathing (relaxation training)", "Diaphragmatic breathing"),
        ("Imaginal worry exposure", "Worry exposure"),
        ("Breathing retraining", "Diaphragmatic breathing"),
        ("Exposure and response prevention (graded hierarchy)", "Exposure and response prevention"),
        ("DBT distress tolerance skills", "Distress tolerance (DBT)"),
        ("Trauma narrative", "Trauma narrative (TF-CBT)"),
        ("EFT tapping", "EFT tapping (Emotional Freedom Techniques)"),
    ],
)
def test_when_plan_names_an_intervention_then_it_resolves_to_the_vocabulary_entry(
    plan_name: str, entry: str
) -> None:
    resolved = load_vocabulary().interventions.resolve(plan_name)
    assert resolved is not None
    assert resolved.name == entry


def test_when_techniques_are_outside_the_documented_vocabulary_then_they_are_marked() -> None:
    interventions = load_vocabulary().interventions
    for name in ("EFT tapping", "brainspotting"):
        entry = interventions.resolve(name)
        assert entry is not None
        assert not entry.in_vocabulary


def test_when_a_family_is_named_then_it_is_recognised() -> None:
    assert load_vocabulary().interventions.families_named("Exposure therapy (graded)") == {"exposure"}


def test_when_umbrella_terms_are_loaded_then_the_extractor_never_resolves_to_one() -> None:
    interventions = load_vocabulary().interventions
    umbrella = {u.name for u in interventions.umbrella_terms}
    assert {"Exposure therapy", "DBT skills", "Relaxation training"} <= umbrella
    assert not umbrella & {i.name for i in interventions.interventions}
    resolved = interventions.resolve("Exposure therapy")
    assert resolved is not None
    assert resolved.name == "In vivo exposure"


def test_when_note_terms_are_listed_then_entries_with_note_patterns_and_umbrella_terms_are_included() -> None:
    interventions = load_vocabulary().interventions
    names = [t.name for t in interventions.note_terms]
    assert "Imaginal exposure" in names
    assert "Exposure therapy" in names
    assert "Worry postponement" not in names  # no note_patterns: not recognised in notes
    assert len(names) == len(set(names))


def _copy_vocabulary(tmp_path: Path) -> Path:
    target = tmp_path / "vocabulary"
    shutil.copytree(VOCABULARY_DIR, target)
    return target


def test_when_a_pattern_does_not_compile_then_loading_names_the_file(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "risk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'\\bsuicid'", "'\\bsuicid('"), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"risk\.yaml"):
        load_vocabulary(directory)


def test_when_an_intervention_uses_an_unknown_verb_then_loading_fails(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace("verb: Challenged", "verb: Zapped", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="Zapped"):
        load_vocabulary(directory)


def test_when_a_file_has_no_version_then_loading_fails(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "goals.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version:", "revision:"), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="version"):
        load_vocabulary(directory)


def test_when_a_clinic_adds_a_synonym_then_it_resolves_without_code(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "synonyms: [grounding, grounding techniques,",
        "synonyms: [sensory orientation drill, grounding, grounding techniques,",
    )
    path.write_text(text, encoding="utf-8")
    resolved = load_vocabulary(directory).interventions.resolve("Sensory orientation drill")
    assert resolved is not None
    assert resolved.name == "Grounding"


def test_when_a_note_pattern_does_not_compile_then_loading_names_the_file(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace("- 'graded exposure'", "- 'graded exposure('", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"interventions\.yaml.*graded exposure\("):
        load_vocabulary(directory)


def test_when_a_note_family_is_not_one_of_the_entry_families_then_loading_fails(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace("note_family: exposure", "note_family: expsoure", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="expsoure"):
        load_vocabulary(directory)


def test_when_a_note_pattern_changes_then_the_version_changes(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace("- 'graded exposure'", "- 'graded exposures?'", 1)
    path.write_text(text, encoding="utf-8")
    assert load_vocabulary(directory).version != load_vocabulary().version
