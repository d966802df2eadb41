"""Domain knowledge as data: weapons, countries, actors, reporting cues, event triggers,
count words and the event-type code table, each a TSV file beside this module.

`load()` reads them once (cached) into frozen objects. A bad entry (wrong number of
fields, unknown key, duplicate alias, bad ISO code) raises `KnowledgeError` naming the
file and line, so a one-line data change is either right or refused at start-up.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from conflictwire.errors import KnowledgeError
from conflictwire.models import COUNT_SLOTS, SECTORS, EventType, Weapon

HERE = Path(__file__).parent

WEAPON_FAMILIES = frozenset(
    {
        "missile",
        "drone",
        "rocket",
        "artillery",
        "aircraft",
        "air_defense",
        "bomb",
        "armour",
        "small_arms",
        "naval",
        "explosive",
    }
)
ACTOR_KINDS = frozenset(
    {"metonym", "ministry", "military", "person", "organization", "armed_group", "media", "agency"}
)
STANCES = frozenset({"assert", "claim", "confirm", "deny", "report", "hedge", "warn"})


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    alias: str
    name: str
    country: str | None
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class Trigger:
    word: str
    pos: str
    type: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    weapons: tuple[Weapon, ...]
    weapon_aliases: dict[str, Weapon]
    """Lower-cased name or alias -> weapon."""
    weapon_forms: tuple[tuple[str, Weapon], ...]
    """Names and aliases as written in the file (for case-sensitive matching)."""
    countries: tuple[Country, ...]
    country_names: dict[str, tuple[Country, str]]
    """Lower-cased name/alias/demonym/capital -> (country, form) where form is
    `name`, `demonym` or `capital`."""
    actors: dict[str, ActorEntry]
    """Lower-cased alias -> entry."""
    cues: dict[str, str]
    """Cue lemma -> stance."""
    triggers: tuple[Trigger, ...]
    slots: dict[str, str]
    event_types: dict[str, EventType]
    event_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Cue group -> phrases (event_cues.tsv) that the event-type classifier combines."""
    attitude_cues: frozenset[str] = frozenset()
    """Lemmas (attitude_cues.tsv) that attribute a stance but no fact: attribution layer only."""

    def country(self, iso3: str | None) -> Country | None:
        if iso3 is None:
            return None
        return self._by_iso3().get(iso3)

    def _by_iso3(self) -> dict[str, Country]:
        return _iso3_index(self.countries)


@functools.cache
def _iso3_index(countries: tuple[Country, ...]) -> dict[str, Country]:
    return {c.iso3: c for c in countries}


def read_tsv(path: Path, header: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a knowledge TSV as (line number, {column: value}); comments and blanks skipped."""
    seen_header = False
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if not seen_header:
                if tuple(fields) != header:
                    raise KnowledgeError(str(path), number, f"header must be {'<TAB>'.join(header)}")
                seen_header = True
                continue
            if len(fields) != len(header):
                raise KnowledgeError(
                    str(path), number, f"expected {len(header)} tab-separated fields, got {len(fields)}"
                )
            yield number, {k: v.strip() for k, v in zip(header, fields, strict=True)}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


class _Aliases:
    """Collects lower-cased aliases and refuses duplicates with file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, int] = {}

    def add(self, alias: str, line: int) -> str:
        key = alias.lower()
        if key in self.seen:
            raise KnowledgeError(
                str(self.path), line, f"duplicate alias {alias!r} (first on line {self.seen[key]})"
            )
        self.seen[key] = line
        return key


def _load_weapons(
    path: Path,
) -> tuple[tuple[Weapon, ...], dict[str, Weapon], tuple[tuple[str, Weapon], ...]]:
    header = ("name", "aliases", "kind", "family", "origin", "range_km")
    weapons: list[Weapon] = []
    aliases: dict[str, Weapon] = {}
    forms: list[tuple[str, Weapon]] = []
    seen = _Aliases(path)
    for line, row in read_tsv(path, header):
        if row["family"] not in WEAPON_FAMILIES:
            raise KnowledgeError(
                str(path), line, f"family {row['family']!r} is not one of {sorted(WEAPON_FAMILIES)}"
            )
        origin = row["origin"] or None
        if origin is not None and (len(origin) != 3 or not origin.isupper()):
            raise KnowledgeError(str(path), line, f"origin {origin!r} is not an ISO 3166-1 alpha-3 code")
        try:
            range_km = int(row["range_km"]) if row["range_km"] else None
        except ValueError:
            raise KnowledgeError(str(path), line, f"range_km {row['range_km']!r} is not an integer") from None
        weapon = Weapon(
            name=row["name"], kind=row["kind"], origin=origin, range_km=range_km, family=row["family"]
        )
        weapons.append(weapon)
        for alias in (row["name"], *_split(row["aliases"])):
            aliases[seen.add(alias, line)] = weapon
            forms.append((alias, weapon))
    return tuple(weapons), aliases, tuple(forms)


def _load_countries(path: Path) -> tuple[tuple[Country, ...], dict[str, tuple[Country, str]]]:
    header = ("iso3", "iso2", "name", "aliases", "demonyms", "capitals")
    countries: list[Country] = []
    names: dict[str, tuple[Country, str]] = {}
    seen = _Aliases(path)
    for line, row in read_tsv(path, header):
        if len(row["iso3"]) != 3 or len(row["iso2"]) != 2:
            raise KnowledgeError(str(path), line, "iso3 must have 3 letters and iso2 2")
        country = Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            name=row["name"],
            aliases=_split(row["aliases"]),
            demonyms=_split(row["demonyms"]),
            capitals=_split(row["capitals"]),
        )
        countries.append(country)
        forms = [(n, "name") for n in (country.name, *country.aliases)]
        forms += [(d, "demonym") for d in country.demonyms]
        forms += [(c, "capital") for c in country.capitals]
        for alias, form in forms:
            names[seen.add(alias, line)] = (country, form)
    return tuple(countries), names


def _load_actors(path: Path, country_names: dict[str, tuple[Country, str]]) -> dict[str, ActorEntry]:
    header = ("alias", "name", "country", "sector", "kind")
    actors: dict[str, ActorEntry] = {}
    seen = _Aliases(path)
    for line, row in read_tsv(path, header):
        if row["sector"] not in SECTORS:
            raise KnowledgeError(str(path), line, f"sector {row['sector']!r} is not one of {sorted(SECTORS)}")
        if row["kind"] not in ACTOR_KINDS:
            raise KnowledgeError(str(path), line, f"kind {row['kind']!r} is not one of {sorted(ACTOR_KINDS)}")
        country = row["country"] or None
        if country is not None and len(country) != 3:
            raise KnowledgeError(str(path), line, f"country {country!r} is not an ISO alpha-3 code")
        for alias in _split(row["alias"]):
            key = seen.add(alias, line)
            if key in country_names:
                raise KnowledgeError(str(path), line, f"alias {alias!r} is already a name in countries.tsv")
            actors[key] = ActorEntry(
                alias=alias, name=row["name"], country=country, sector=row["sector"], kind=row["kind"]
            )
    return actors


def _load_event_types(path: Path) -> dict[str, EventType]:
    header = ("type", "acled_event_type", "acled_sub_event_type", "plover", "cameo", "family")
    types: dict[str, EventType] = {}
    for line, row in read_tsv(path, header):
        if row["type"] in types:
            raise KnowledgeError(str(path), line, f"duplicate type {row['type']!r}")
        types[row["type"]] = EventType(
            name=row["type"],
            acled_event_type=row["acled_event_type"],
            acled_sub_event_type=row["acled_sub_event_type"],
            plover=row["plover"] or None,
            cameo=row["cameo"] or None,
            family=row["family"],
        )
    return types


CUE_SHAPE = re.compile(r"^[a-z0-9'#&]+\*?(?: (?:~|[a-z0-9'#&]+\*?))*$")
"""A cue: lower-case words, each optionally ending in `*`, with `~` (a gap) between words."""


def _load_event_cues(path: Path) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for line, row in read_tsv(path, ("cue", "group")):
        cue, group = row["cue"], row["group"]
        if not CUE_SHAPE.match(cue) or cue.startswith("~") or cue.endswith("~"):
            raise KnowledgeError(
                str(path), line, "cue must be lower-case words (`word*` for any ending, `~` for a gap)"
            )
        if not re.fullmatch(r"[a-z_]+", group):
            raise KnowledgeError(str(path), line, "group must be a lower-case identifier")
        if cue in groups.get(group, []):
            raise KnowledgeError(str(path), line, f"duplicate cue {cue!r} in group {group!r}")
        groups.setdefault(group, []).append(cue)
    return {g: tuple(c) for g, c in groups.items()}


def load_from(folder: Path) -> Knowledge:
    """Read every knowledge file in `folder` (tests point this at a temporary copy)."""
    weapons, weapon_aliases, weapon_forms = _load_weapons(folder / "weapons.tsv")
    countries, country_names = _load_countries(folder / "countries.tsv")
    actors = _load_actors(folder / "actors.tsv", country_names)
    event_types = _load_event_types(folder / "event_types.tsv")
    cues: dict[str, str] = {}
    seen_cues = _Aliases(folder / "cues.tsv")
    for line, row in read_tsv(folder / "cues.tsv", ("cue", "stance")):
        if row["stance"] not in STANCES:
            raise KnowledgeError(str(folder / "cues.tsv"), line, f"stance must be one of {sorted(STANCES)}")
        cues[seen_cues.add(row["cue"], line)] = row["stance"]
    triggers: list[Trigger] = []
    for line, row in read_tsv(folder / "triggers.tsv", ("word", "pos", "type")):
        if row["type"] != "attack" and row["type"] not in event_types:
            raise KnowledgeError(str(folder / "triggers.tsv"), line, f"unknown event type {row['type']!r}")
        if row["pos"] not in {"VERB", "NOUN", "ANY"}:
            raise KnowledgeError(str(folder / "triggers.tsv"), line, "pos must be VERB, NOUN or ANY")
        triggers.append(Trigger(word=row["word"].lower(), pos=row["pos"], type=row["type"]))
    slots: dict[str, str] = {}
    for line, row in read_tsv(folder / "slots.tsv", ("word", "slot")):
        if row["slot"] not in COUNT_SLOTS:
            raise KnowledgeError(str(folder / "slots.tsv"), line, f"slot must be one of {COUNT_SLOTS}")
        slots[row["word"].lower()] = row["slot"]
    return Knowledge(
        weapons=weapons,
        weapon_aliases=weapon_aliases,
        weapon_forms=weapon_forms,
        countries=countries,
        country_names=country_names,
        actors=actors,
        cues=cues,
        triggers=tuple(triggers),
        slots=slots,
        event_types=event_types,
        event_cues=_load_event_cues(folder / "event_cues.tsv"),
        attitude_cues=_load_attitude_cues(folder / "attitude_cues.tsv", cues),
    )


def _load_attitude_cues(path: Path, cues: dict[str, str]) -> frozenset[str]:
    """Attitude cue lemmas; one that is also a reporting cue would be read twice, so it is an error."""
    seen = _Aliases(path)
    out: set[str] = set()
    for line, row in read_tsv(path, ("cue",)):
        lemma = seen.add(row["cue"], line)
        if lemma in cues:
            raise KnowledgeError(str(path), line, f"{lemma!r} is already a reporting cue in cues.tsv")
        out.add(lemma)
    return frozenset(out)


@functools.cache
def load() -> Knowledge:
    """The packaged knowledge (or the folder `CONFLICTWIRE_KNOWLEDGE` names), read once per process."""
    return load_from(Path(os.environ.get("CONFLICTWIRE_KNOWLEDGE") or HERE))
