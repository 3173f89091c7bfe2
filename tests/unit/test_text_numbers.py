"""Numbers written or spoken, as a recogniser writes them (service.text.numbers)."""

from __future__ import annotations

import pytest

from service.text.numbers import find_numbers, number_set, spoken_digits, to_number, word_digits


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
        ("Ninety-three", 93),
        ("hundred and two", 102),
        ("eleven hundred", 1100),
        ("two thousand and five", 2005),
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


def test_when_oh_is_an_interjection_before_a_digit_then_it_is_not_zero() -> None:
    assert [n.value for n in find_numbers("Oh, three days.")] == [3]


def test_when_every_one_is_asked_for_then_pronoun_one_counts() -> None:
    assert [n.value for n in find_numbers("one of them", every_one=True)] == [1]


def test_when_digits_are_read_one_by_one_then_the_set_has_each_digit_and_the_whole() -> None:
    assert number_set("call nine, eight and eight") == {9, 8, 988}


def test_when_a_number_is_compound_then_the_set_has_its_value_only() -> None:
    assert number_set("a hundred and fifty people, twice") == {150, 2}


def test_when_clock_time_is_spoken_then_o_is_not_a_digit() -> None:
    assert number_set("nine o'clock") == {9}


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("five five five, three oh two", "555302"),
        ("twenty-six", "26"),
        ("double five", "55"),
        ("eleven hundred", "1100"),
        ("one hundred two", "102"),
        ("T as in Tom, F, eight eight two", "882"),
    ],
)
def test_when_an_identifier_is_read_aloud_then_its_digits_are_read(said: str, digits: str) -> None:
    assert spoken_digits(said) == digits


def test_when_a_single_token_is_a_number_then_its_digits_are_given() -> None:
    assert [word_digits(w) for w in ("Oh", "twenty", "007", "tom")] == ["0", "20", "007", None]
