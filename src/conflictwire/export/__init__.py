"""Exports: the stored events, claims and disputes in the formats analysts load.

`run.export(store, fmt, filters=..., out=..., stream=...)` reads the store only (through
`store.read_export`), a batch of events at a time, and writes one of:

- `csv`, `parquet`: three tables in a folder, `events`, `claims` and `disputes`
  (`.csv` or `.parquet`), joined by `events.id` = `claims.event_id` = `disputes.event_id`;
  the columns and their types are declared in `tables.py`.
- `jsonl`: one event per line in the `extract --json` contract shape, claims and
  disputes nested, plus the article's outlet, agency, url and time of ingestion. One file
  rather than three, because the nested document is what JSON is for; the flat tables
  are what CSV and Parquet are for.
- `geojson`: events as a FeatureCollection of Points (`geojson.py`); events without
  coordinates are skipped and counted.
- `acled`: ACLED-style CSV (`acled.py`); events without a date are skipped and counted.

Events come oldest first (undated last), then by article and position. Files are written
under a temporary name beside the target and renamed when complete, so a failed export
never leaves a half-written file where a finished one is expected.

This module holds only `Format`, so that the command line can name the formats without
importing pyarrow; `run.py` does the work.
"""

from __future__ import annotations

import enum

__all__ = ["Format"]


class Format(enum.StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"
    GEOJSON = "geojson"
    ACLED = "acled"

    @property
    def tables(self) -> bool:
        """Writes the three tables to a folder, rather than one document to a file or stdout."""
        return self in {Format.CSV, Format.PARQUET}
