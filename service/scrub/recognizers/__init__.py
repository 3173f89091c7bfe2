"""Custom Presidio recognizers for spoken therapy transcripts, one module per recognizer.

Each is an ``EntityRecognizer`` registered in Presidio's ``RecognizerRegistry`` next to the predefined
ones (see ``service/scrub/engine.py``) and configured from ``prompts/phi/recognizers.yaml``.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.addresses import StreetAddressRecognizer
from service.scrub.recognizers.ages import AgeOver89Recognizer
from service.scrub.recognizers.chart import ChartDenyListRecognizer
from service.scrub.recognizers.contacts import SpokenContactRecognizer
from service.scrub.recognizers.dates import SpokenDateRecognizer
from service.scrub.recognizers.names import PersonContextRecognizer
from service.scrub.recognizers.organizations import IdentifyingOrgRecognizer
from service.scrub.recognizers.spoken_numbers import SpokenNumberRecognizer

RECOGNIZERS = (
    ChartDenyListRecognizer,
    PersonContextRecognizer,
    SpokenNumberRecognizer,
    SpokenDateRecognizer,
    AgeOver89Recognizer,
    StreetAddressRecognizer,
    SpokenContactRecognizer,
    IdentifyingOrgRecognizer,
)


def build_custom_recognizers(config: ScrubConfig, lexicon: Lexicon) -> list[EntityRecognizer]:
    """One instance of each custom recognizer."""
    return [cls(config, lexicon) for cls in RECOGNIZERS]
