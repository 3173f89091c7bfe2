"""Usage mistakes are answered like any CLI: the usage line, the reason, exit code 2, no internal error."""

from __future__ import annotations

from tests.conftest import run_cli


def test_when_command_is_unknown_then_usage_and_exit_2() -> None:
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "Usage: " in result.stderr
    assert "No such command" in result.stderr
    assert "internal error" not in result.stderr


def test_when_draft_argument_is_missing_then_usage_and_exit_2() -> None:
    result = run_cli("draft")
    assert result.returncode == 2
    assert "Usage: " in result.stderr
    assert "Missing argument" in result.stderr
    assert "internal error" not in result.stderr


def test_when_option_value_is_invalid_then_usage_and_exit_2() -> None:
    result = run_cli("draft", "x.json", "--plan", "p.json", "--drafter", "no-such-backend")
    assert result.returncode == 2
    assert "Invalid value" in result.stderr
    assert "internal error" not in result.stderr
