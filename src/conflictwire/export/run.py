"""Run one export: check the filters and `--out`, read the store in batches, write the format.

See the package docstring for the formats; this module ties the store's reader to the
writers and keeps files whole (written under a temporary name, renamed when complete).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from conflictwire import knowledge
from conflictwire.errors import ExportError
from conflictwire.export import Format
from conflictwire.export.acled import write_acled
from conflictwire.export.files import write_jsonl, write_tables
from conflictwire.export.geojson import write_geojson
from conflictwire.export.tables import SCHEMAS
from conflictwire.store import Store
from conflictwire.store.read_export import export_batches
from conflictwire.store.rows import Row

__all__ = ["FILE_NAMES", "ExportResult", "Filters", "check_out", "export"]


FILE_NAMES: Final = {
    Format.JSONL: "events.jsonl",
    Format.GEOJSON: "events.geojson",
    Format.ACLED: "acled.csv",
}
"""The file a single-document format writes when `out` is an existing folder."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Which events to export; every filter is optional and they combine with AND."""

    country: str | None = None
    """ISO 3166-1 alpha-2 code of the event location."""
    type: str | None = None
    """Internal event type (missile_strike, drone_strike, ...)."""
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    """The article's outlet or wire agency, compared ignoring case."""

    @classmethod
    def parse(
        cls,
        *,
        country: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ) -> Filters:
        """Filters from command-line text; a bad value raises `ExportError` naming the option."""
        filters = cls(
            country=None if country is None else _country_code(country),
            type=None if type is None else _event_type(type),
            since=None if since is None else _day(since, "--since"),
            until=None if until is None else _day(until, "--until"),
            source=None if source is None else _source(source),
        )
        if filters.since and filters.until and filters.since > filters.until:
            raise ExportError(f"--since {since} is after --until {until}; no event can match")
        return filters


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote (rows per table, or events for a one-document format), what it skipped."""

    format: Format
    written: dict[str, int]
    skipped: dict[str, int] = field(default_factory=dict)
    """Events left out, by reason ("without coordinates", "without a date", ...)."""
    files: tuple[Path, ...] = field(default=())
    """The files written; empty when the export went to a stream."""


def _country_code(value: str) -> str:
    wanted = value.strip()
    kb = knowledge.load()
    for country in kb.countries:
        if wanted.upper() in {country.iso2, country.iso3}:
            return country.iso2
    named = kb.country_names.get(wanted.lower())
    if named is not None and named[1] == "name":
        return named[0].iso2
    raise ExportError(f"--country {value!r} is not a known country; give an ISO code such as RU or RUS")


def _event_type(value: str) -> str:
    types = knowledge.load().event_types
    if value not in types:
        raise ExportError(f"--type {value!r} is not an event type; use one of {', '.join(sorted(types))}")
    return value


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


def _source(value: str) -> str:
    if not value.strip():
        raise ExportError("--source is empty; give an outlet or agency name such as Reuters")
    return value.strip()


@contextmanager
def _staged(targets: list[Path]) -> Iterator[list[Path]]:
    """Temporary paths beside `targets`, renamed onto them only when the block succeeds."""
    parts = [target.with_name(f".{target.name}.part") for target in targets]
    try:
        yield parts
        for part, target in zip(parts, targets, strict=True):
            part.replace(target)
    finally:
        for part in parts:
            part.unlink(missing_ok=True)


def check_out(fmt: Format, out: Path | None) -> None:
    """Refuse, before any work, a table format without a folder to write to."""
    if fmt.tables and out is None:
        raise ExportError(f"--format {fmt} writes three files (events, claims, disputes); give --out DIR")


def _folder(out: Path, fmt: Format) -> Path:
    if out.exists() and not out.is_dir():
        raise ExportError(
            f"{out}: is a file; --format {fmt} writes events, claims and disputes into a folder, "
            "give --out DIR"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the folder ({exc.strerror}); choose another --out") from exc
    return out


def _file(out: Path, fmt: Format) -> Path:
    target = out / FILE_NAMES[fmt] if out.is_dir() else out
    if not target.parent.is_dir():
        raise ExportError(
            f"{target}: folder {target.parent} does not exist; create it or choose another --out"
        )
    return target


def _write_one(fmt: Format, batches: Iterator[list[Row]], stream: TextIO) -> ExportResult:
    if fmt is Format.JSONL:
        return ExportResult(fmt, {"events": write_jsonl(batches, stream)})
    if fmt is Format.GEOJSON:
        written, skipped = write_geojson(batches, stream)
        return ExportResult(fmt, {"events": written}, {"without coordinates": skipped} if skipped else {})
    written, left_out = write_acled(batches, stream)
    return ExportResult(fmt, {"events": written}, left_out)


def export(
    store: Store,
    fmt: Format,
    *,
    filters: Filters | None = None,
    out: Path | None = None,
    stream: TextIO | None = None,
) -> ExportResult:
    """Write the events matching `filters` in `fmt` to `out`, or to `stream` when `out` is None.

    `csv` and `parquet` need `out`, a folder (made if missing). The other formats write
    one document to the file `out` (or `out/<FILE_NAMES>` when `out` is a folder), or to
    `stream`. Raises `ExportError` for an unusable `out`, `StoreError` when reading fails.
    """
    filters = filters or Filters()
    batches = export_batches(
        store,
        country=filters.country,
        type=filters.type,
        since=filters.since,
        until=filters.until,
        source=filters.source,
    )
    try:
        check_out(fmt, out)
        if fmt.tables:
            assert out is not None  # checked above
            folder = _folder(out, fmt)
            targets = [folder / f"{name}.{fmt.value}" for name in SCHEMAS]
            with _staged(targets) as parts:
                written = write_tables(
                    batches, paths=dict(zip(SCHEMAS, parts, strict=True)), parquet=fmt is Format.PARQUET
                )
            return ExportResult(fmt, written, files=tuple(targets))
        if out is None:
            if stream is None:
                raise ValueError("export needs `out` or `stream`")
            return _write_one(fmt, batches, stream)
        target = _file(out, fmt)
        with _staged([target]) as (part,), part.open("w", encoding="utf-8", newline="") as handle:
            result = _write_one(fmt, batches, handle)
        return ExportResult(result.format, result.written, result.skipped, (target,))
    except OSError as exc:
        where = exc.filename or out
        raise ExportError(f"{where}: cannot write the export ({exc.strerror}); check --out") from exc
    finally:
        batches.close()
