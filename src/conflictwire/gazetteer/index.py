"""The on-disk index: one SQLite file of entries and their name keys, opened read-only.

Opening costs a few milliseconds whatever the size, since nothing is read until a name is
looked up; each lookup is one indexed query, cached per name.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from conflictwire.gazetteer.names import key

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, geonames_id INTEGER NOT NULL, name TEXT NOT NULL,
  country TEXT NOT NULL, admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
  fcode TEXT NOT NULL, admin1_code TEXT NOT NULL, admin2 TEXT);
CREATE TABLE names (key TEXT NOT NULL, entry INTEGER NOT NULL, form INTEGER NOT NULL);
"""
INDEXES = "CREATE INDEX names_key ON names (key);"

# name forms, best first: a pinned alias (knowledge/places.tsv), the entry's own name, another
# of its names, a demonym ("Russian" -> Russia, only for adjectives), a postal code ("OH", only
# after a city and a comma: "Columbus, OH").
PINNED, OWN, ALTERNATE, DEMONYM, POSTAL = 0, 1, 2, 3, 4
CANDIDATE_MIN_POPULATION = 5_000


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    """country | admin1 | admin2 | city | feature (continents, regions, rivers ...)."""
    geonames_id: int
    name: str
    country: str
    """ISO alpha-2; empty for a continent."""
    admin1: str | None
    lat: float
    lon: float
    population: int
    fcode: str = ""
    """GeoNames feature code (PCLI, ADM1, ADM2, PPL, PPLA, PPLC, CONT, ...)."""
    admin1_code: str = ""
    """GeoNames admin1 code with its country ("US.KY"): links a city to its region."""
    admin2: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    form: int
    """How the name was matched: PINNED, OWN, ALTERNATE or DEMONYM."""


class Gazetteer:
    """Read access to an index file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lookup = functools.lru_cache(maxsize=65_536)(self._query)

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT name, value FROM meta").fetchall())

    def _query(self, name_key: str) -> tuple[Candidate, ...]:
        rows = self._db.execute(
            "SELECT n.form, e.kind, e.geonames_id, e.name, e.country, e.admin1, e.lat, e.lon, e.population,"
            " e.fcode, e.admin1_code, e.admin2 FROM names n JOIN entries e ON e.id = n.entry"
            " WHERE n.key = ? ORDER BY n.form, e.population DESC",
            (name_key,),
        ).fetchall()
        seen: set[int] = set()
        out: list[Candidate] = []
        for form, *fields in rows:
            if fields[1] in seen:
                continue
            seen.add(fields[1])
            out.append(Candidate(Entry(*fields), form))
        return tuple(out)

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every entry a name may denote, with how it matched (pinned aliases first)."""
        return self._lookup(key(name))

    def candidates(self, name: str) -> list[Entry]:
        """Entries a name may denote as a place name: demonyms left out, and towns under
        CANDIDATE_MIN_POPULATION, whose names are often plain words ("Council", "Force"); the
        place resolver reads those through `lookup`, with the article's context."""
        return [
            c.entry
            for c in self.lookup(name)
            if c.form < DEMONYM and (c.entry.kind != "city" or c.entry.population >= CANDIDATE_MIN_POPULATION)
        ]

    def demonym(self, name: str) -> Entry | None:
        """The place an adjective or people names ("Russian" -> Russia), if any."""
        return next((c.entry for c in self.lookup(name) if c.form == DEMONYM), None)

    def postal(self, name: str) -> Entry | None:
        """The region a postal code names ("OH" -> Ohio), if any."""
        return next((c.entry for c in self.lookup(name) if c.form == POSTAL), None)

    def preferred_entry(self, name: str) -> Entry | None:
        """The entry knowledge/places.tsv pins a name to ("Gaza" -> the Gaza Strip)."""
        return next((c.entry for c in self.lookup(name) if c.form == PINNED), None)

    def by_geonames_id(self, geonames_id: int) -> Entry | None:
        row = self._db.execute(
            "SELECT kind, geonames_id, name, country, admin1, lat, lon, population, fcode, admin1_code,"
            " admin2 FROM entries WHERE geonames_id = ? LIMIT 1",
            (geonames_id,),
        ).fetchone()
        return None if row is None else Entry(*row)

    def __reduce__(self) -> tuple[type[Gazetteer], tuple[Path]]:
        # Worker processes reopen the file instead of copying a connection.
        return (Gazetteer, (self.path,))


def read_all(path: Path) -> tuple[list[Entry], set[tuple[str, int, int]]]:
    """Every entry (in id order) and name row of an index file, to lay a dump over it."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        entries = [
            Entry(*row)
            for row in db.execute(
                "SELECT kind, geonames_id, name, country, admin1, lat, lon, population, fcode, admin1_code,"
                " admin2 FROM entries ORDER BY id"
            )
        ]
        names = set(db.execute("SELECT key, entry, form FROM names"))
    finally:
        db.close()
    return entries, names


def write(
    path: Path, entries: list[Entry], names: Iterable[tuple[str, int, int]], meta: dict[str, str]
) -> None:
    """Write an index file: entries in order (their position is their id) and (key, id, form) rows."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    e.kind,
                    e.geonames_id,
                    e.name,
                    e.country,
                    e.admin1,
                    e.lat,
                    e.lon,
                    e.population,
                    e.fcode,
                    e.admin1_code,
                    e.admin2,
                )
                for i, e in enumerate(entries)
            ),
        )
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        db.executescript(INDEXES)
        db.execute("CREATE INDEX entries_gid ON entries (geonames_id)")
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
