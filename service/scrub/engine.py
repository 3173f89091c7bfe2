"""Presidio set up once per process, fully offline, with the spaCy model from the model bundle.

Two rules keep it offline (see ../shared/MODELS.md section 3):

- spaCy is loaded from the bundle's directory (``model_name: <path>``). Presidio only calls
  ``spacy.cli.download`` when the name is neither an installed package nor an existing path, and we refuse
  to build at all when the path is missing, so a download is never attempted. ``AnalyzerEngine()`` is
  never constructed without ``nlp_engine=`` (its default config names a model it would download).
- ``tldextract.extract`` (used by Presidio's e-mail recognizer) is replaced by an extractor with no
  suffix-list URLs, so it uses its bundled snapshot instead of fetching the Public Suffix List.
"""

from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.errors import ModelMissingError
from service.log import get_logger
from service.scrub.common_words import load_clinical_words, load_common_english
from service.scrub.config import ScrubConfig
from service.scrub.families import family_of_predefined
from service.scrub.gazetteers import load_world_names
from service.scrub.lexicon import Lexicon, load_first_names, load_frequent_first_names, load_surnames

log = get_logger("scrub.engine")
# Presidio logs every non-English recognizer it skips at WARNING; those lines are noise for a clinic.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

_PATCH_LOCK = threading.Lock()
_patched = False


def patch_tldextract() -> None:
    """Make tldextract use its bundled Public Suffix List snapshot (no HTTP); idempotent."""
    global _patched
    with _PATCH_LOCK:
        if _patched:
            return
        import tldextract

        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        tldextract.extract = offline  # type: ignore[assignment]  # same call signature, no HTTP
        # Presidio's e-mail recognizer calls ``tldextract.extract`` through the module at use time.
        _patched = True


# spaCy label -> Presidio entity. ORGANIZATION is kept (the small model sometimes tags a first name as
# ORG, and employers/schools are PHI here); DATE/TIME are kept and post-filtered to real dates. The NER's
# entities get names of their own (NER_PERSON...) so that Presidio's de-duplication, which keeps the
# higher-scoring of two same-type results on one span, never hides a custom recogniser's evidence behind
# an NER result that the post-filters later drop (spaCy's fixed 0.85 outranks most custom scores).
NER_CONFIGURATION: dict[str, Any] = {
    "model_to_presidio_entity_mapping": {
        "PER": "NER_PERSON",
        "PERSON": "NER_PERSON",
        "NORP": "NRP",
        "FAC": "NER_LOCATION",
        "LOC": "NER_LOCATION",
        "GPE": "NER_LOCATION",
        "LOCATION": "NER_LOCATION",
        "ORG": "NER_ORGANIZATION",
        "ORGANIZATION": "NER_ORGANIZATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
    },
    "low_confidence_score_multiplier": 0.4,
    "low_score_entity_names": [],
    "labels_to_ignore": [
        "CARDINAL",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "MONEY",
        "ORDINAL",
        "PERCENT",
        "PRODUCT",
        "QUANTITY",
        "WORK_OF_ART",
    ],
}


def _check_model_dir(model_dir: Path) -> None:
    if not (model_dir / "config.cfg").is_file() or not (model_dir / "meta.json").is_file():
        raise ModelMissingError(
            f"The spaCy model directory {model_dir} is missing or incomplete; run: sessionnote models install"
        )


def build_nlp_engine(model_dir: Path, ner_configuration: dict[str, Any] | None = None) -> Any:
    """A loaded Presidio spaCy NLP engine reading the model from ``model_dir`` (never downloads)."""
    _check_model_dir(model_dir)
    patch_tldextract()
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    conf: dict[str, Any] = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": str(model_dir)}],
    }
    if ner_configuration is not None:
        conf["ner_model_configuration"] = ner_configuration
    with warnings.catch_warnings():
        # spaCy warns when a model's recorded version range differs from the running spaCy patch release.
        warnings.filterwarnings("ignore", message=r".*\[W095\].*", category=UserWarning)
        return NlpEngineProvider(nlp_configuration=conf).create_engine()


def english_words(nlp_engine: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, nouns) from the spaCy model's WordNet-derived lemma index and stop words.

    Nouns are kept apart because WordNet lists famous people and places as nouns ("hardy",
    "bellamy"); the lexicon only treats a noun as an ordinary word when it is not also a person's name.
    """
    nlp = nlp_engine.get_nlp("en")
    words: set[str] = {w.lower() for w in nlp.Defaults.stop_words}
    nouns: set[str] = set()
    if nlp.has_pipe("lemmatizer"):
        lookups = nlp.get_pipe("lemmatizer").lookups
        noun_key = nlp.vocab.strings.add("noun")
        for table_name in ("lemma_index", "lemma_exc"):
            if not lookups.has_table(table_name):
                continue
            for pos, entries in lookups.get_table(table_name).items():
                target = nouns if pos == noun_key else words
                target.update(w.lower() for w in entries if "_" not in w)
    return frozenset(words), frozenset(nouns)


@dataclass(frozen=True)
class ScrubEngine:
    """The analyzer with our recognizers registered, plus what the post-processing needs."""

    analyzer: Any
    nlp_engine: Any
    lexicon: Lexicon
    config: ScrubConfig
    model_dir: Path


def build_lexicon(nlp_engine: Any, config: ScrubConfig) -> Lexicon:
    """The word knowledge shared by the recognisers (see :mod:`service.scrub.lexicon`)."""
    ordinary, nouns = english_words(nlp_engine)
    return Lexicon(
        frequent_english=load_common_english(config.common_english_top),
        clinical=load_clinical_words() | config.medications,
        first_names=load_first_names(),
        surnames=load_surnames(),
        english=ordinary,
        nouns=nouns,
        frequent_first_names=load_frequent_first_names(),
        world=load_world_names(),
    )


def build_engine(model_dir: Path, config: ScrubConfig, shared: ScrubEngine | None = None) -> ScrubEngine:
    """Presidio's predefined recognizers + spaCy NER + the custom recognizers; built once, then shared.

    ``shared`` reuses another engine's spaCy pipeline and lexicon (the evaluation builds one variant per
    disabled recogniser family without loading the model again).
    """
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from service.scrub.recognizers import build_custom_recognizers

    nlp_engine = shared.nlp_engine if shared is not None else build_nlp_engine(model_dir, NER_CONFIGURATION)
    lexicon = shared.lexicon if shared is not None else build_lexicon(nlp_engine, config)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    for predefined in list(registry.recognizers):
        name = str(getattr(predefined, "name", ""))
        if not config.enabled(family_of_predefined(name)):
            registry.remove_recognizer(name)
    for recognizer in build_custom_recognizers(config, lexicon):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    log.debug("scrub engine ready: %d recognizers", len(list(registry.recognizers)))
    return ScrubEngine(
        analyzer=analyzer, nlp_engine=nlp_engine, lexicon=lexicon, config=config, model_dir=model_dir
    )


def build_default_analyzer(model_dir: Path) -> Any:
    """Plain Presidio for comparison: default recognizers and NER settings, the same spaCy model."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    nlp_engine = build_nlp_engine(model_dir)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
