"""The residual-PHI check reports original values (from the map or the chart) left in a text."""

from __future__ import annotations

from service.domain.phi import PhiMap
from service.scrub.residual import find_residual_phi
from tests.unit.scrub_helpers import chart

MAPPING = PhiMap(
    entries={
        "[CLIENT]": ("Ori",),
        "[PERSON_1]": ("Benedikt",),
        "[PHONE_1]": ("five five five, eight six four, two oh nine three",),
        "[EMAIL_1]": ("ori dot vt seventy-seven at examplemail dot com",),
    }
)


def test_when_text_is_clean_then_no_residual() -> None:
    text = "[CLIENT] reported that [PERSON_1] attended; GAD-7 was eleven. Call 988 if needed."
    assert find_residual_phi(text, chart(), MAPPING) == []


def test_when_name_from_mapping_remains_then_it_is_reported_with_its_placeholder() -> None:
    hits = find_residual_phi("Client and benedikt practiced the skill.", None, MAPPING)
    assert [(h.type, h.placeholder, h.source) for h in hits] == [("PERSON", "[PERSON_1]", "mapping")]


def test_when_chart_value_remains_then_it_is_reported() -> None:
    text = "Lives on Juniper Hollow Lane, works at Quillfeather Ceramics."
    hits = find_residual_phi(text, chart(), None)
    assert {h.type for h in hits} == {"LOCATION", "ORGANIZATION"}
    assert all(h.source == "chart" for h in hits)


def test_when_phone_written_differently_then_digits_still_match() -> None:
    for text in (
        "Reach her at 555.864.2093.",
        "Reach her at five five five, eight six four, two oh nine three.",
    ):
        hits = find_residual_phi(text, chart(), MAPPING)
        assert [h.type for h in hits] == ["PHONE"], text


def test_when_spoken_email_appears_written_then_it_is_reported() -> None:
    hits = find_residual_phi("Send it to ori.vt77@examplemail.com today.", None, MAPPING)
    assert "EMAIL" in {h.type for h in hits}  # the client's name inside it is reported too


def test_when_value_matches_case_insensitively_then_reported_and_hit_repr_has_no_value() -> None:
    hits = find_residual_phi("ORIANA VASQUEZ-THORNBURY attended.", chart(), None)
    assert hits
    assert hits[0].start == 0
    assert "ORIANA" not in repr(hits[0])
    assert "Oriana" not in repr(hits[0])


def test_when_mrn_digits_appear_inside_longer_text_then_reported() -> None:
    hits = find_residual_phi("Record 90417736 reviewed.", chart(), None)
    assert [h.type for h in hits] == ["MRN"]
