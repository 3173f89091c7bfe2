"""Custom Presidio recognizers for spoken therapy transcripts, one module per recognizer.

Each is an ``EntityRecognizer`` registered in Presidio's ``RecognizerRegistry`` next to the predefined
ones (see ``service/scrub/engine.py``), configured from ``prompts/phi/recognizers.yaml`` and belonging to
one recogniser family (``service/scrub/families.py``); a family listed in ``disabled_families`` is not
registered.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.addresses import StreetAddressRecognizer
from service.scrub.recognizers.ages import AgeOver89Recognizer
from service.scrub.recognizers.base import PhiRecognizer
from service.scrub.recognizers.chart import ChartDenyListRecognizer
from service.scrub.recognizers.contacts import SpokenContactRecognizer
from service.scrub.recognizers.dates import SpokenDateRecognizer
from service.scrub.recognizers.direct_address import DirectAddressRecognizer
from service.scrub.recognizers.name_lexicon import NameLexiconRecognizer
from service.scrub.recognizers.organizations import IdentifyingOrgRecognizer
from service.scrub.recognizers.places import GazetteerPlaceRecognizer
from service.scrub.recognizers.speech_verbs import SpeechVerbRecognizer
from service.scrub.recognizers.spelled_names import SpelledNameRecognizer
from service.scrub.recognizers.spoken_numbers import SpokenNumberRecognizer
from service.scrub.recognizers.titles_relations import TitleRelationRecognizer
from service.scrub.recognizers.unknown_words import UnknownProperNounRecognizer

RECOGNIZERS: tuple[type[PhiRecognizer], ...] = (
    ChartDenyListRecognizer,
    NameLexiconRecognizer,
    TitleRelationRecognizer,
    DirectAddressRecognizer,
    SpeechVerbRecognizer,
    SpelledNameRecognizer,
    SpokenNumberRecognizer,
    SpokenDateRecognizer,
    AgeOver89Recognizer,
    StreetAddressRecognizer,
    GazetteerPlaceRecognizer,
    SpokenContactRecognizer,
    IdentifyingOrgRecognizer,
    UnknownProperNounRecognizer,
)


def build_custom_recognizers(config: ScrubConfig, lexicon: Lexicon) -> list[EntityRecognizer]:
    """One instance of each custom recognizer whose family is enabled."""
    return [cls(config, lexicon) for cls in RECOGNIZERS if config.enabled(cls.FAMILY)]
