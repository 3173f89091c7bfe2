"""The client's chart turned into terms to look for (the chart-aware deny-list).

Chart values are written the way a chart holds them ("(555) 302-7719", "2218 Linden Avenue") while a
transcript says them aloud, so each value becomes several variants: full names and each name part
(first-name-only mentions are the common case), streets with and without the house number, an
employer without its generic suffix ("Corvane Games" -> "Corvane"), dates of birth in the usual
written forms and as digit strings, and digit strings for every number (matched against spoken digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.domain.phi import PhiType
from service.domain.plan import ClientChart
from service.scrub.lexicon import ORDINAL_TEENS, ORDINAL_UNITS

_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class ChartTerm:
    """One string to find, its PHI type and the key that groups its variants under one placeholder."""

    text: str
    type: PhiType
    key: str
    is_client: bool = False
    name_part: bool = False


@dataclass(frozen=True)
class ChartTerms:
    """Every term of one chart, plus digit strings of its numbers."""

    terms: tuple[ChartTerm, ...] = ()
    numbers: tuple[tuple[str, PhiType, str], ...] = ()  # (digits, type, key)
    client_keys: frozenset[str] = field(default_factory=frozenset)

    def values(self) -> list[str]:
        """Every original chart value (PHI), for redaction of logs and the residual check."""
        return [t.text for t in self.terms] + [d for d, _, _ in self.numbers]

    def key_for_name(self, text: str) -> ChartTerm | None:
        """The chart term a (person) name matches exactly, case-insensitively."""
        low = text.lower()
        for term in self.terms:
            if term.type == "PERSON" and term.text.lower() == low:
                return term
        return None


def _ordinal_words(day: int) -> str:
    """A day of the month as said ("ninth", "twenty-first")."""
    by_value = {v: k for k, v in (*ORDINAL_UNITS.items(), *ORDINAL_TEENS.items())}
    if day in by_value:
        return by_value[day]
    tens = {2: "twenty", 3: "thirty"}[day // 10]
    return f"{tens}-{by_value[day % 10]}"


def _name_parts(name: str) -> list[str]:
    parts = [p.strip(".,") for p in re.split(r"\s+", name.strip()) if p.strip(".,")]
    return [p for p in parts if len(p) >= 2 and p.lower() not in _NAME_SUFFIXES]


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def build_chart_terms(chart: ClientChart | None, org_suffixes: frozenset[str] = frozenset()) -> ChartTerms:
    """Expand a chart into match terms; ``None`` gives an empty set."""
    if chart is None:
        return ChartTerms()
    terms: list[ChartTerm] = []
    numbers: list[tuple[str, PhiType, str]] = []
    client_key = "client"

    def person(name: str | None, key: str, is_client: bool) -> None:
        if not name or not name.strip():
            return
        terms.append(ChartTerm(name.strip(), "PERSON", key, is_client))
        parts = _name_parts(name)
        if len(parts) > 1:
            for part in parts:
                terms.append(ChartTerm(part, "PERSON", key, is_client, name_part=True))

    person(chart.name, client_key, True)
    person(chart.preferred_name, client_key, True)
    for nick in chart.nicknames:
        person(nick, client_key, True)
    client_last = _name_parts(chart.name)[-1].lower() if _name_parts(chart.name) else ""
    relatives = list(chart.family)
    if chart.guardian is not None:
        relatives.append(chart.guardian)
    for rel in relatives:
        key = f"person:{rel.name.strip().lower()}"
        terms.append(ChartTerm(rel.name.strip(), "PERSON", key))
        for part in _name_parts(rel.name):
            # A surname shared with the client is grouped with the client (it names the family).
            part_key = client_key if part.lower() == client_last else key
            terms.append(ChartTerm(part, "PERSON", part_key, part_key == client_key, name_part=True))
        if rel.phone and len(_digits(rel.phone)) >= 7:
            numbers.append((_digits(rel.phone), "PHONE", f"phone:{_digits(rel.phone)}"))

    if chart.dob is not None:
        d = chart.dob
        key = f"date:{d.isoformat()}"
        month = _MONTHS[d.month - 1]
        for text in (
            d.isoformat(),
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.month}/{d.day}/{d.year}",
            f"{d.month}/{d.day}/{d.year % 100:02d}",
            f"{month} {d.day}",
            f"{month[:3]} {d.day}",
            f"{d.day} {month}",
            f"{month} {_ordinal_words(d.day)}",
            f"{month} the {_ordinal_words(d.day)}",
            f"the {_ordinal_words(d.day)} of {month}",
        ):
            terms.append(ChartTerm(text, "DATE", key))
        # Said as numbers ("ten nine, eighty-four"): every digit string of month, day and year.
        for month_digits in {f"{d.month}", f"{d.month:02d}"}:
            for day_digits in {f"{d.day}", f"{d.day:02d}"}:
                for year_digits in (f"{d.year % 100:02d}", f"{d.year}"):
                    numbers.append((month_digits + day_digits + year_digits, "DATE", key))

    numbered: tuple[tuple[str | None, PhiType], ...] = (
        (chart.mrn, "MRN"),
        (chart.phone, "PHONE"),
        (chart.ssn, "SSN"),
    )
    for value, kind in numbered:
        if value:
            terms.append(ChartTerm(value, kind, f"{kind.lower()}:{_digits(value) or value}"))
            if len(_digits(value)) >= 4:
                numbers.append((_digits(value), kind, f"{kind.lower()}:{_digits(value)}"))
    if chart.insurance is not None and chart.insurance.member_id:
        member = chart.insurance.member_id.strip()
        if member.lower() not in {"none", "n/a", "na", "self-pay", "unknown"}:
            key = f"health_plan_id:{member.lower()}"
            terms.append(ChartTerm(member, "HEALTH_PLAN_ID", key))
            if len(_digits(member)) >= 4:
                numbers.append((_digits(member), "HEALTH_PLAN_ID", key))
    if chart.email:
        terms.append(ChartTerm(chart.email.strip(), "EMAIL", f"email:{chart.email.strip().lower()}"))

    address = chart.address
    if address is not None:
        if address.street:
            street = address.street.split(",")[0].strip()  # drop "Apt 12" for the variants
            key = f"location:{street.lower()}"
            terms.append(ChartTerm(address.street.strip(), "LOCATION", key))
            terms.append(ChartTerm(street, "LOCATION", key))
            without_number = re.sub(r"^\s*\d+[A-Za-z]?\s+", "", street)
            if without_number != street and len(without_number) >= 4:
                terms.append(ChartTerm(without_number, "LOCATION", key))
        if address.city:
            terms.append(
                ChartTerm(address.city.strip(), "LOCATION", f"location:{address.city.strip().lower()}")
            )
        if address.zip:
            key = f"location:{address.zip.strip()}"
            terms.append(ChartTerm(address.zip.strip(), "LOCATION", key))
            if len(_digits(address.zip)) >= 5:
                numbers.append((_digits(address.zip), "LOCATION", key))

    for org in (chart.employer, chart.school):
        if not org:
            continue
        clean = re.sub(r"\s*\([^)]*\)", "", org).strip()
        key = f"organization:{clean.lower()}"
        terms.append(ChartTerm(clean, "ORGANIZATION", key))
        words = clean.split()
        while words and words[-1].lower().strip(".,") in org_suffixes:
            words.pop()
        head = " ".join(words)
        if head and head != clean and len(head) >= 4:
            terms.append(ChartTerm(head, "ORGANIZATION", key))

    return ChartTerms(tuple(terms), tuple(numbers), frozenset({client_key}))
