"""Each identifier category, spoken and written, is replaced (real Presidio and spaCy model)."""

from __future__ import annotations

import pytest

from service.scrub.scrubber import PresidioScrubber
from tests.unit.scrub_helpers import chart, covered, transcript

pytestmark = pytest.mark.slow

# (sentence, identifier inside it, acceptable types)
CASES = [
    # names, any case, with titles and relationship words
    ("Yesterday Priyanka called me twice.", "Priyanka", {"PERSON"}),
    ("I talked to my sister emma about it.", "emma", {"PERSON"}),
    ("Dr. Okonkwo wants to see me again.", "Okonkwo", {"PERSON"}),
    ("My manager, Gretchen, keeps changing the schedule.", "Gretchen", {"PERSON"}),
    ("Hi Xiomara, come on in.", "Xiomara", {"PERSON"}),
    # phone and fax
    (
        "My new cell is five five five, four one two, nine nine oh three.",
        "five five five, four one two, nine nine oh three",
        {"PHONE"},
    ),
    ("You can reach me at 555-412-9903 after six.", "555-412-9903", {"PHONE"}),
    (
        "Their fax is five five five, two two one, oh oh four seven.",
        "five five five, two two one, oh oh four seven",
        {"FAX"},
    ),
    # SSN
    (
        "My social is three one two, four four, eight eight one oh.",
        "three one two, four four, eight eight one oh",
        {"SSN"},
    ),
    ("The form says 312-44-8810 for the social.", "312-44-8810", {"SSN", "PHONE"}),
    # MRN and health-plan member id
    ("His MRN is six one oh, two two, nine four eight.", "six one oh, two two, nine four eight", {"MRN"}),
    ("The MRN on the card is 61022948.", "61022948", {"MRN", "OTHER_ID"}),
    (
        "The member number is R as in Robert, K, four four one, oh nine two.",
        "R as in Robert, K, four four one, oh nine two",
        {"HEALTH_PLAN_ID"},
    ),
    # account, licence, vehicle plate, device serial
    (
        "The account number is seven seven one two, oh four four, nine.",
        "seven seven one two, oh four four, nine",
        {"ACCOUNT"},
    ),
    (
        "My license number is D as in David, four oh nine, one one two, seven.",
        "D as in David, four oh nine, one one two, seven",
        {"LICENSE"},
    ),
    ("The plate is six, K, L, M, four oh two.", "six, K, L, M, four oh two", {"VEHICLE"}),
    (
        "The bracelet serial is eight eight four, two one oh, five.",
        "eight eight four, two one oh, five",
        {"DEVICE"},
    ),
    # dates finer than a year
    ("The hearing is on the twelfth of March.", "the twelfth of March", {"DATE"}),
    ("It happened March 12th at the bus stop.", "March 12th", {"DATE"}),
    ("We have the appointment on 3/12 at noon.", "3/12", {"DATE"}),
    ("My birthday is July ninth, nineteen eighty-one.", "July ninth, nineteen eighty-one", {"DATE"}),
    ("Things got worse since November.", "November", {"DATE"}),
    ("We always fight at Thanksgiving.", "Thanksgiving", {"DATE"}),
    ("See you Friday the twenty-second.", "Friday the twenty-second", {"DATE"}),
    # ages over 89
    ("My grandfather is turning ninety-four next month.", "ninety-four", {"AGE_OVER_89"}),
    ("She is 97 years old and still drives.", "97", {"AGE_OVER_89"}),
    # addresses, cities, zip codes
    ("We live at six forty Marigold Crescent now.", "six forty Marigold Crescent", {"LOCATION"}),
    ("The office moved to 1290 Tamarack Boulevard, Apt 4.", "1290 Tamarack Boulevard, Apt 4", {"LOCATION"}),
    ("My zip code is 94110 if they need it.", "94110", {"LOCATION"}),
    ("We moved here from Sheboygan last year.", "Sheboygan", {"LOCATION"}),
    # e-mail, URL, handles, IP
    (
        "It's tomas dot reyes ninety at fastmail dot com.",
        "tomas dot reyes ninety at fastmail dot com",
        {"EMAIL"},
    ),
    ("Email me at t.reyes90@fastmail.com please.", "t.reyes90@fastmail.com", {"EMAIL"}),
    (
        "My page is pottery dash by dash lu dot com slash shop.",
        "pottery dash by dash lu dot com slash shop",
        {"URL"},
    ),
    (
        "I post them on my account, it's at clay dot and dot kiln, if you want.",
        "at clay dot and dot kiln",
        {"URL"},
    ),
    (
        "The portal is https://patient.example.org/login for now.",
        "https://patient.example.org/login",
        {"URL"},
    ),
    (
        "The router was at one nine two dot one six eight dot one dot forty.",
        "one nine two dot one six eight dot one dot forty",
        {"IP"},
    ),
    ("They traced it to 203.0.113.7 somehow.", "203.0.113.7", {"IP"}),
    (
        "My gamertag is wolf underscore king nine if you want to play.",
        "wolf underscore king nine",
        {"OTHER_ID"},
    ),
    # schools, employers, clinics, pharmacies
    ("She started at Maplecrest Elementary in the fall.", "Maplecrest Elementary", {"ORGANIZATION"}),
    ("I work at Brannigan Logistics on the night shift.", "Brannigan Logistics", {"ORGANIZATION"}),
    ("I picked it up at Dunmore Pharmacy yesterday.", "Dunmore Pharmacy", {"ORGANIZATION"}),
]


@pytest.mark.parametrize(("sentence", "identifier", "types"), CASES, ids=[c[1][:30] for c in CASES])
def test_when_identifier_spoken_or_written_then_replaced(
    scrubber: PresidioScrubber, sentence: str, identifier: str, types: set[str]
) -> None:
    result = scrubber.scrub(transcript(sentence))
    assert identifier.lower() not in result.utterances[0].text.lower()
    found = covered(result, 0, identifier, sentence)
    assert found, f"no entity covers {identifier!r}"
    assert set(found) & types, f"{identifier!r} typed {found}, expected one of {sorted(types)}"


def test_when_phone_spoken_as_words_then_replaced(scrubber: PresidioScrubber) -> None:
    text = "Write it down: five five five, two one three, eight eight four four."
    result = scrubber.scrub(transcript(text))
    assert result.utterances[0].text == "Write it down: [PHONE_1]."


def test_when_number_answers_question_then_typed_by_question(scrubber: PresidioScrubber) -> None:
    result = scrubber.scrub(
        transcript("And what's his medical record number?", "Oh four one two, seven seven, three nine.")
    )
    assert [e.type for e in result.entities] == ["MRN"]


def test_when_chart_given_then_client_names_and_values_are_replaced(scrubber: PresidioScrubber) -> None:
    texts = (
        "Good to see you, Ori.",
        "Oriana, your husband benedikt called.",
        "Is it still seventy-seven Juniper Hollow Lane in Westbrook Falls?",
        "Things at Quillfeather are hard.",
        "It's five five five, eight six four, two oh nine three.",
    )
    result = scrubber.scrub(transcript(*texts), chart())
    out = [u.text for u in result.utterances]
    assert out[0] == "Good to see you, [CLIENT]."
    assert out[1].startswith("[CLIENT], your husband [PERSON_")
    assert "Juniper" not in out[2]
    assert "Westbrook" not in out[2]
    assert "Quillfeather" not in out[3]
    assert "[PHONE_" in out[4]


def test_when_name_misspelled_by_asr_then_chart_fuzzy_match_replaces_it(scrubber: PresidioScrubber) -> None:
    result = scrubber.scrub(transcript("Thanks for coming, Oriena."), chart())
    assert "Oriena" not in result.utterances[0].text


def test_when_name_found_once_then_every_mention_is_replaced(scrubber: PresidioScrubber) -> None:
    texts = ("My friend Zebulon came over.", "zebulon stayed late.", "Zebulon?")
    result = scrubber.scrub(transcript(*texts))
    assert all("zebulon" not in u.text.lower() for u in result.utterances)
