"""Bad input gets one clear sentence (InputError, exit code 2), never a traceback or PHI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from service.cli.app import main
from service.domain.transcript import Transcript
from service.errors import InputError
from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import transcript

pytestmark = pytest.mark.slow


def _run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["sessionnote", *argv])
    # configure() would bind a log handler to pytest's temporary stderr, which is closed afterwards.
    monkeypatch.setattr("service.cli.app.configure", lambda *_args: None)
    code = 0
    try:
        main()
    except SystemExit as exc:  # errors exit with their code; success returns normally
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_when_transcript_has_no_utterances_then_input_error(scrubber: PresidioScrubber) -> None:
    with pytest.raises(InputError, match="no utterances"):
        scrubber.scrub(Transcript(utterances=()))


def test_when_utterances_are_blank_then_input_error(scrubber: PresidioScrubber) -> None:
    with pytest.raises(InputError, match="empty"):
        scrubber.scrub(transcript("   ", ""))


def test_when_text_exceeds_configured_limit_then_input_error_without_content(
    scrubber: PresidioScrubber,
) -> None:
    long_text = "Quintessa said hello. " * (scrubber.max_chars // 20)
    with pytest.raises(InputError) as info:
        scrubber.scrub(transcript(long_text))
    assert "limit" in info.value.message
    assert "Quintessa" not in info.value.message


def test_when_transcript_not_utf8_then_cli_exits_2_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "t.json"
    bad.write_bytes(b'{"utterances": [{"speaker": "client", "start": 0, "end": 1, "text": "Jos\xe9"}]}')
    code, output = _run(["scrub", str(bad), "--json"], monkeypatch, capsys)
    assert code == 2
    assert "not UTF-8" in output
    assert "Traceback" not in output


def test_when_transcript_empty_then_cli_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "t.json"
    empty.write_text(json.dumps({"utterances": []}), encoding="utf-8")
    code, output = _run(["scrub", str(empty), "--json"], monkeypatch, capsys)
    assert code == 2
    assert "no utterances" in output
    assert "Traceback" not in output


def test_when_chart_invalid_then_cli_exits_2_without_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "t.json"
    good.write_text(json.dumps({"utterances": [{"speaker": "client", "start": 0, "end": 1, "text": "Hi."}]}))
    chart = tmp_path / "c.json"
    chart.write_text(json.dumps({"name": "Leopoldine Marchetti", "dob": "not a date"}), encoding="utf-8")
    code, output = _run(["scrub", str(good), "--chart", str(chart), "--json"], monkeypatch, capsys)
    assert code == 2
    assert "dob" in output
    assert "Leopoldine" not in output


def test_when_cli_scrubs_with_plan_then_json_has_utterances_and_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps(
            {"utterances": [{"speaker": "client", "start": 0, "end": 1, "text": "Ori here, call me back."}]}
        ),
        encoding="utf-8",
    )
    chart = tmp_path / "c.json"
    chart.write_text(
        json.dumps({"client": {"name": "Oriana Vasquez", "preferred_name": "Ori"}}), encoding="utf-8"
    )
    code, output = _run(["scrub", str(source), "--chart", str(chart), "--json"], monkeypatch, capsys)
    assert code == 0
    data = json.loads(output[output.index("{") : output.rindex("}") + 1])
    assert data["utterances"][0]["text"] == "[CLIENT] here, call me back."
    assert data["entities"] == [
        {"utterance_index": 0, "start_char": 0, "end_char": 3, "type": "PERSON", "placeholder": "[CLIENT]"}
    ]
