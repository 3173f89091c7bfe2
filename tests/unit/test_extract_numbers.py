"""Spoken numbers as a recogniser writes them."""

from __future__ import annotations

import pytest

from service.extract.numbers import find_numbers, to_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("eleven", 11),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a four", 4),
        ("seventy", 70),
        ("a hundred", 100),
        ("one hundred and fifty", 150),
        ("eighty-five", 85),
        ("41", 41),
        ("zero", 0),
    ],
)
def test_when_number_is_spoken_then_its_value_is_read(phrase: str, value: int) -> None:
    assert to_number(phrase) == value


def test_when_digits_are_read_one_by_one_then_oh_is_zero() -> None:
    assert [n.value for n in find_numbers("three oh two")] == [3, 0, 2]


def test_when_oh_is_an_interjection_then_it_is_not_a_number() -> None:
    assert find_numbers("oh. is that good?") == []


def test_when_one_is_a_pronoun_then_it_is_not_a_number() -> None:
    assert find_numbers("the depression one, and this one, one of them") == []


def test_when_one_follows_a_score_word_then_it_is_a_number() -> None:
    assert [n.value for n in find_numbers("you marked a one")] == [1]


def test_when_counting_aloud_then_each_count_is_its_own_number() -> None:
    assert [n.value for n in find_numbers("in, two, three, four")] == [2, 3, 4]


def test_when_numbers_are_found_then_spans_point_at_the_words() -> None:
    text = "it came out at forty-one today"
    (number,) = find_numbers(text)
    assert text[number.start : number.end] == "forty-one"
