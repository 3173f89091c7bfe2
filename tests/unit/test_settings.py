"""Settings refuse unsafe or impossible values with a sentence naming the variable."""

from __future__ import annotations

import pytest

from service.config import load_settings
from service.errors import ConfigurationError


@pytest.mark.parametrize(
    ("overrides", "names"),
    [
        ({"host": "0.0.0.0"}, "SESSIONNOTE_HOST"),
        ({"host": "example.org"}, "not a loopback address"),
        ({"port": 0}, "SESSIONNOTE_PORT"),
        ({"cpu_threads": 0}, "SESSIONNOTE_CPU_THREADS"),
        ({"cpu_threads": 10_000}, "cores"),
        ({"max_audio_minutes": 0}, "SESSIONNOTE_MAX_AUDIO_MINUTES"),
        ({"max_audio_minutes": 100_000}, "SESSIONNOTE_MAX_AUDIO_MINUTES"),
        ({"beam_size": 0}, "SESSIONNOTE_BEAM_SIZE"),
        ({"transcriber": "openai-whisper", "whisper_model": "base"}, "tiny.en"),
        ({"database_url": "sqlite:///:memory:"}, "lose every session"),
        ({"language": "English!"}, "SESSIONNOTE_LANGUAGE"),
    ],
)
def test_when_setting_is_unsafe_or_impossible_then_refused_with_clear_message(
    overrides: dict[str, object], names: str
) -> None:
    with pytest.raises(ConfigurationError) as err:
        load_settings(**overrides)
    assert names in str(err.value)
    assert "Traceback" not in str(err.value)


def test_when_remote_listening_is_explicitly_allowed_then_accepted() -> None:
    settings = load_settings(host="0.0.0.0", allow_remote=True)
    assert settings.allow_remote


def test_when_environment_sets_value_then_prefix_is_sessionnote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSIONNOTE_MAX_AUDIO_MINUTES", "30")
    assert load_settings().max_audio_minutes == 30


def test_when_environment_value_is_invalid_then_error_names_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSIONNOTE_MAX_AUDIO_MINUTES", "-5")
    with pytest.raises(ConfigurationError, match="SESSIONNOTE_MAX_AUDIO_MINUTES"):
        load_settings()
