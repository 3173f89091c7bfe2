"""The validator's view of the one intervention vocabulary: note mentions and plan coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

from service.extract.vocabulary import VOCABULARY_DIR
from service.extract.vocabulary import load_vocabulary as load_whole_vocabulary
from service.validate.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


def keys(text: str) -> frozenset[str]:
    return VOCAB.keys_in(text)


def test_when_the_validator_loads_its_vocabulary_then_it_is_the_extractors_file() -> None:
    whole = load_whole_vocabulary()
    assert VOCAB.version == whole.version
    assert set(VOCAB.types) == {t.name for t in whole.interventions.note_terms}


def test_when_a_note_names_a_technique_then_the_mention_is_the_vocabulary_entry() -> None:
    assert keys("Guided imaginal exposure to the crash memory.") == {"Imaginal exposure"}
    assert keys("Practiced mindful breathing.") == {"Diaphragmatic breathing", "Mindfulness"}
    assert keys("Introduced EFT tapping.") == {"EFT tapping (Emotional Freedom Techniques)"}
    assert keys("Discussed the interpretation of the results.") == frozenset()  # not "ERP"


def test_when_a_generic_term_is_mentioned_then_a_planned_family_member_covers_it() -> None:
    planned = keys("Imaginal exposure (Exposure therapy)")
    assert planned == {"Imaginal exposure"}
    assert VOCAB.covers(planned, keys("Continued exposure work."))
    assert not VOCAB.covers(planned, keys("Guided in vivo exposure at the mall."))
    assert VOCAB.covers(keys("Exposure therapy"), keys("Guided in vivo exposure at the mall."))


def test_when_a_term_is_outside_the_vocabulary_then_it_is_marked() -> None:
    assert not VOCAB.in_vocabulary(keys("Offered EMDR."))
    assert VOCAB.in_vocabulary(keys("Reviewed the thought record."))
    assert VOCAB.display(keys("Offered EMDR.")) == "EMDR"


def test_when_a_clinic_adds_a_note_wording_then_the_validator_recognises_it_without_code(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "vocabulary"
    shutil.copytree(VOCABULARY_DIR, directory)
    path = directory / "interventions.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - 'grounding'\n", "      - 'grounding'\n      - 'sensory orientation drill'\n", 1
    )
    path.write_text(text, encoding="utf-8")
    assert load_vocabulary(directory).keys_in("Led a sensory orientation drill.") == {"Grounding"}
    assert VOCAB.keys_in("Led a sensory orientation drill.") == frozenset()
