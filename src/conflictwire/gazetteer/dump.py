"""Laying a GeoNames dump (allCountries.txt, cities500.txt, a country file) over the packaged index.

A dump row is GeoNames' tab-separated record of 19 fields. Its countries and regions lend the
packaged entries GeoNames' own points and names; its populated places replace or add cities;
of its other features only the large, often-named kinds are kept (seas, regions, islands,
mountain ranges), since millions of streams and hills would match ordinary words.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

from conflictwire.errors import InputError
from conflictwire.gazetteer.index import ALTERNATE, OWN, Entry
from conflictwire.gazetteer.names import key, latin
from conflictwire.gazetteer.packaged import ALTERNATE_NAMES_MIN_POPULATION, Builder

log = logging.getLogger(__name__)

FIELDS = 19
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
FEATURE_CODES = frozenset(
    {
        "CONT",
        "RGN",
        "OCN",
        "SEA",
        "GULF",
        "BAY",
        "STRT",
        "PEN",
        "DSRT",
        "ISL",
        "ISLS",
        "MTS",
        "PLAT",
        "PLN",
        "VAL",
        "LK",
        "LKS",
        "STM",
        "AREA",
        "PRK",
        "RESV",
    }
)
"""Features kept besides countries, regions and populated places: named in news, one per name."""
FEATURE_MIN_NAME_LENGTH = 4


@contextmanager
def _open(path: Path) -> Iterator[IO[str]]:
    """A dump as text: the .txt itself or the .zip GeoNames serves it in."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            inner = next(
                (n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None
            )
            if inner is None:
                raise InputError(str(path), "the zip file holds no GeoNames .txt dump")
            with archive.open(inner) as raw:
                import io  # noqa: PLC0415

                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as fh:
            yield fh


def rows(path: Path) -> Iterator[list[str]]:
    """The dump's records; a malformed one stops the build with the file and line."""
    try:
        with _open(path) as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) != FIELDS:
                    raise InputError(
                        f"{path}:{number}",
                        f"expected {FIELDS} tab-separated fields of a GeoNames dump "
                        f"(allCountries.txt or cities500.txt format), got {len(fields)}",
                    )
                try:
                    float(fields[4]), float(fields[5]), int(fields[0])
                except ValueError:
                    raise InputError(
                        f"{path}:{number}",
                        "geonameid, latitude and longitude must be numbers (fields 1, 5, 6)",
                    ) from None
                yield fields
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise InputError(str(path), f"cannot read the GeoNames dump: {exc}") from None


def overlay(out: Builder, path: Path) -> int:
    """Lay the dump at `path` over the entries of `out`; returns the records used."""
    by_gid = {e.geonames_id: i for i, e in enumerate(out.entries)}
    region_of = {e.admin1_code: e for e in out.entries if e.kind == "admin1"}
    used = 0
    pending: list[list[str]] = []
    for fields in rows(path):
        fclass, fcode = fields[6], fields[7]
        if fclass == "A" and fcode in COUNTRY_CODES | {"ADM1"}:
            used += 1
            _update_or_add(out, by_gid, fields, "country" if fcode in COUNTRY_CODES else "admin1", region_of)
            if fcode == "ADM1":
                index = by_gid[int(fields[0])]
                region_of[out.entries[index].admin1_code] = out.entries[index]
        elif fclass == "P" or (fclass == "A" and fcode == "ADM2") or fcode in FEATURE_CODES:
            pending.append(fields)  # after all regions, so that a place finds its region
    for fields in pending:
        fclass, fcode = fields[6], fields[7]
        if fclass not in {"P", "A"} and len(fields[1]) < FEATURE_MIN_NAME_LENGTH:
            continue
        kind = "city" if fclass == "P" else "admin2" if fcode == "ADM2" else "feature"
        used += 1
        _update_or_add(out, by_gid, fields, kind, region_of)
    log.info("%s: %d GeoNames records used", path, used)
    return used


def _update_or_add(
    out: Builder, by_gid: dict[int, int], fields: list[str], kind: str, region_of: dict[str, Entry]
) -> None:
    gid, lat, lon = int(fields[0]), float(fields[4]), float(fields[5])
    population = int(fields[14] or 0)
    alternates = {n for n in fields[3].split(",") if n and latin(n)}
    if kind in {"city", "feature"} and population < ALTERNATE_NAMES_MIN_POPULATION:
        alternates = set()
    country = fields[8]
    region = region_of.get(f"{country}.{fields[10]}") if fields[10] else None
    if gid in by_gid:
        index = by_gid[gid]
        old = out.entries[index]
        out.entries[index] = replace(
            old, lat=lat, lon=lon, population=max(population, old.population), fcode=fields[7]
        )
        for form in alternates | {fields[1], fields[2]}:
            out.names.add((key(form), index, ALTERNATE))
        return
    admin1_code = country if kind == "country" else f"{country}.{fields[10]}"
    entry = Entry(
        kind,
        gid,
        fields[1],
        country,
        fields[1] if kind == "admin1" else region.name if region else None,
        lat,
        lon,
        population,
        fields[7],
        admin1_code,
        fields[1] if kind == "admin2" else None,
    )
    by_gid[gid] = out.add(entry, {fields[1], fields[2]}, alternates)
    if kind == "admin1":
        out.names.add((key(fields[1]), by_gid[gid], OWN))
