"""The reduced name and city lists: derived once from the installed data packages, then read from cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.scrub import gazetteers


def test_when_cache_is_empty_then_list_is_built_once_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gazetteers, "CACHE_DIR", tmp_path)
    calls: list[int] = []

    def build() -> list[str]:
        calls.append(1)
        return ["ines", "yaw", "ines"]

    first = gazetteers._cached("names.txt.gz", build)
    second = gazetteers._cached("names.txt.gz", build)
    assert first == second == frozenset({"ines", "yaw"})
    assert calls == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["names.txt.gz"]  # no temporary file left behind


def test_when_names_are_folded_then_accents_and_case_are_ignored() -> None:
    assert gazetteers.fold("Kraków") == "krakow"
    assert gazetteers.fold("SØREN") == "søren"  # a letter of its own, not an accent


@pytest.mark.slow
def test_when_world_lists_load_then_they_know_names_and_cities_beyond_the_census() -> None:
    world = gazetteers.load_world_names()
    assert {"yaw", "oksana"} <= world.given
    assert "nakamura" in world.family
    assert {"krakow", "guadalajara"} <= world.cities
    assert "the" not in world.cities
