"""Intervention names matched through the evaluation's own equivalence table (eval/equivalences.yaml).

Two rules, both one-to-one (maximum bipartite matching), documented in eval/README.md:

- strict: the two names are the same concept. A name's head (the text before any parenthesis, family
  tags such as "DBT" removed) must equal a concept's name or alias; a head the table does not know is
  compared as it is (normalised).
- near: as strict, plus every concept whose name, alias or near-synonym occurs as a whole phrase
  anywhere in the name (parenthesis included; an occurrence inside a longer occurrence does not
  count), and a name that resolves only to a general concept ("exposure") matches any narrower
  concept of it ("in vivo exposure"), never two narrower ones with each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml

TABLE = Path(__file__).with_name("equivalences.yaml")
Rule = Literal["strict", "near"]
RULES: tuple[Rule, ...] = ("strict", "near")
A = TypeVar("A")
B = TypeVar("B")


def normalise(text: str) -> tuple[str, ...]:
    """Lower-case tokens; hyphens and slashes split words; a plural ``s`` is dropped."""
    text = text.lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", text))
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


@dataclass(frozen=True)
class Concept:
    name: str
    family: str
    broader: str | None
    in_vocabulary: bool
    terms: tuple[tuple[str, ...], ...]  # name and aliases, normalised
    near: tuple[tuple[str, ...], ...]  # near-synonyms, normalised


@dataclass(frozen=True)
class Table:
    version: str
    families: frozenset[str]
    concepts: dict[str, Concept]

    @property
    def generic(self) -> frozenset[str]:
        """Concepts that are the broader concept of another one."""
        return frozenset(c.broader for c in self.concepts.values() if c.broader)


@cache
def load_table(path: Path = TABLE) -> Table:
    """The equivalence table."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    concepts = {}
    for item in raw["concepts"]:
        terms = tuple(dict.fromkeys(normalise(t) for t in (item["name"], *(item.get("aliases") or []))))
        concepts[item["name"]] = Concept(
            name=item["name"],
            family=item["family"],
            broader=item.get("broader"),
            in_vocabulary=item.get("in_vocabulary", True),
            terms=terms,
            near=tuple(normalise(t) for t in item.get("near") or []),
        )
    for c in concepts.values():
        if c.broader is not None and c.broader not in concepts:
            raise ValueError(f"{c.name}: broader concept {c.broader!r} is not in the table")
    families = frozenset(normalise(f)[0] for f in raw["families"] if len(normalise(f)) == 1)
    return Table(version=str(raw["version"]), families=families, concepts=concepts)


def _head(name: str, table: Table) -> tuple[str, ...]:
    head = normalise(name.split("(")[0])
    stripped = tuple(w for w in head if w not in table.families)
    return stripped or head


def resolve_strict(name: str, table: Table | None = None) -> frozenset[str]:
    """The concept of ``name`` by exact name or alias, else ``raw:<normalised head>``."""
    table = table or load_table()
    head = _head(name, table)
    found = {c.name for c in table.concepts.values() if head in c.terms}
    return frozenset(found) if found else frozenset({"raw:" + " ".join(head)})


def resolve_near(name: str, table: Table | None = None) -> frozenset[str]:
    """Strict concepts plus every concept a phrase of the whole name names (longest occurrences)."""
    table = table or load_table()
    words = normalise(name)
    hits: list[tuple[int, int, str]] = []
    for c in table.concepts.values():
        for term in (*c.terms, *c.near):
            n = len(term)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == term:
                    hits.append((i, i + n, c.name))
    kept = {
        name_
        for s, e, name_ in hits
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in hits)
    }
    return resolve_strict(name, table) | frozenset(kept)


def same(expected: str, extracted: str, rule: Rule, table: Table | None = None) -> bool:
    """Do two intervention names match under ``rule``?"""
    table = table or load_table()
    if rule == "strict":
        return bool(resolve_strict(expected, table) & resolve_strict(extracted, table))
    left, right = resolve_near(expected, table), resolve_near(extracted, table)
    if left & right:
        return True
    broader = table.concepts
    up_left = {broader[c].broader for c in left if c in broader and broader[c].broader}
    up_right = {broader[c].broader for c in right if c in broader and broader[c].broader}
    # Only a name that names the general concept itself matches a narrower one.
    return bool((left & table.generic & up_right) or (right & table.generic & up_left))


def names_concept(text: str, name: str, table: Table | None = None) -> bool:
    """Does free text (a note sentence) name the intervention ``name``? Its head as a phrase, or the
    near rule between the name and the concepts the text names."""
    table = table or load_table()
    head = " ".join(_head(name, table))
    if head and f" {head} " in f" {' '.join(normalise(text))} ":
        return True
    return same(name, text, "near", table)


def match(
    expected: Sequence[A],
    extracted: Sequence[B],
    key_a: Callable[[A], str],
    key_b: Callable[[B], str],
    rule: Rule,
) -> tuple[list[tuple[A, B]], list[A], list[B]]:
    """Maximum one-to-one matching: (pairs, expected left unmatched, extracted left unmatched)."""
    table = load_table()
    edges = [[j for j, b in enumerate(extracted) if same(key_a(a), key_b(b), rule, table)] for a in expected]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        augment(i, set())
    by_expected = {i: j for j, i in owner.items()}
    pairs = [(expected[i], extracted[by_expected[i]]) for i in sorted(by_expected)]
    missed = [a for i, a in enumerate(expected) if i not in by_expected]
    extra = [b for j, b in enumerate(extracted) if j not in owner]
    return pairs, missed, extra
