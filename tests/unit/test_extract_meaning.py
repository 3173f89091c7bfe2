"""The meaning layer: real MiniLM embeddings against the exemplar file decide the rules' borderline
interventions; a technique the exemplars do not know is left to the rules. Dialogues are invented."""

from __future__ import annotations

import pytest

from service.container import Container
from service.extract.extractor import RuleBasedExtractor
from service.extract.interventions import MeaningRule
from service.extract.meaning import InterventionMeaning, load_exemplars
from service.extract.text import Session
from service.extract.vocabulary import load_vocabulary
from tests.unit.extract_helpers import dialogue


class _Thresholds(InterventionMeaning):
    """The same layer with the thresholds a test names (the file's own are measured on the build split)."""

    def __init__(self, meaning: InterventionMeaning, rule: MeaningRule) -> None:
        super().__init__(meaning.embedder, meaning.exemplars)
        self._rule = rule

    @property
    def rule(self) -> MeaningRule:
        return self._rule


@pytest.fixture(scope="module")
def meaning(container: Container) -> InterventionMeaning:
    return InterventionMeaning(container.sentence_embedder, load_exemplars())


# Two behavioral-activation cues in one turn (a day of the week, "pin it down"), but the talk is about a
# court date, not an activity: the words fit, the meaning does not.
LOOKALIKE = """
T: The court date is set. You go there this Friday with your cousin, so pin it down for me: where do you park?
C: Behind the library.
T: And the papers go in the blue folder.
C: Okay.
"""


def test_when_an_explanation_is_embedded_then_it_reads_most_like_psychoeducation(
    meaning: InterventionMeaning,
) -> None:
    session = Session(
        dialogue(
            "T: When a threat seems close, adrenaline speeds up your heart and breathing so your body "
            "is ready to run, even when there is nothing to run from.\nC: Oh."
        )
    )
    support = meaning.scorer(session)
    scores = {
        name: support(name, [0])
        for name in ("Psychoeducation", "Values clarification (ACT)", "Problem-solving")
    }
    assert all(score is not None for score in scores.values())
    best = max(scores, key=lambda name: scores[name] or 0.0)
    assert best == "Psychoeducation"


def test_when_a_technique_has_no_exemplars_then_the_layer_has_no_opinion(
    meaning: InterventionMeaning,
) -> None:
    support = meaning.scorer(Session(dialogue("T: Let's begin.\nC: Okay.")))
    assert support("A clinic's own technique", [0]) is None


def test_when_cue_only_lines_do_not_read_like_the_technique_then_the_layer_drops_it(
    meaning: InterventionMeaning,
) -> None:
    vocab = load_vocabulary()
    rules = RuleBasedExtractor(vocabulary=vocab)
    assert "Behavioral activation" in [f.name for f in rules.extract(dialogue(LOOKALIKE), None).interventions]
    layered = RuleBasedExtractor(
        vocabulary=vocab, meaning=_Thresholds(meaning, MeaningRule(veto_below=0.45, upgrade_at=1.1))
    )
    facts = layered.extract(dialogue(LOOKALIKE), None)
    assert "Behavioral activation" not in [f.name for f in facts.interventions]
    assert layered.engine == "rules+embeddings"


def test_when_a_candidate_is_one_cue_short_and_reads_like_the_technique_then_the_layer_keeps_it(
    meaning: InterventionMeaning,
) -> None:
    text = """
T: Take a moment. Just breathe, and let each breath come and go by itself.
C: Okay.
"""
    vocab = load_vocabulary()
    rules = RuleBasedExtractor(vocabulary=vocab)
    assert rules.extract(dialogue(text), None).interventions == ()
    layered = RuleBasedExtractor(
        vocabulary=vocab, meaning=_Thresholds(meaning, MeaningRule(veto_below=0.0, upgrade_at=0.5))
    )
    assert "Mindful breathing" in [f.name for f in layered.extract(dialogue(text), None).interventions]


def test_when_the_exemplars_are_loaded_then_every_technique_named_is_in_the_vocabulary() -> None:
    names = {i.name for i in load_vocabulary().interventions.interventions}
    assert set(load_exemplars().interventions) <= names


def test_when_the_container_builds_the_layers_then_the_engine_names_them(container: Container) -> None:
    layered = Container(container.settings.model_copy(update={"extractor": "rules+embeddings"}))
    assert layered.extractor.engine == "rules+embeddings"
    assert "exemplars=" in layered.extractor.version
