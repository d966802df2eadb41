"""Writers that stream rows to CSV, Parquet and JSON Lines, a batch of events at a time.

CSV cells are rendered one way for every table: an empty cell for null, `true`/`false`
for flags, ISO 8601 for dates and times, and compact JSON for lists (weapons, evidence,
dispute sources), so `pandas.read_csv` reads flags as bool and a list cell parses with
`json.loads`. Parquet files take the pyarrow schemas of `tables.py` unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from conflictwire.export.tables import SCHEMAS, table_rows

Row = dict[str, Any]


def cell(value: Any) -> str:
    """One CSV cell: '' for null, true/false, ISO dates and times, JSON for lists and dicts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class CsvTable:
    """A CSV file with a fixed header, written row by row."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        self._columns = list(columns)
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(self._columns)

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._writer.writerows([cell(row.get(name)) for name in self._columns] for row in rows)


def write_tables(batches: Iterable[list[Row]], *, paths: Mapping[str, Path], parquet: bool) -> dict[str, int]:
    """Write each table of `SCHEMAS` to its path in `paths`, from batches of events.

    Returns the rows written per table, in `SCHEMAS` order.
    """
    written = dict.fromkeys(SCHEMAS, 0)
    pq_writers: dict[str, pq.ParquetWriter] = {}
    csv_writers: dict[str, CsvTable] = {}
    with ExitStack() as stack:
        for name, schema in SCHEMAS.items():
            if parquet:
                pq_writers[name] = stack.enter_context(pq.ParquetWriter(paths[name], schema))
            else:
                stream = stack.enter_context(paths[name].open("w", encoding="utf-8", newline=""))
                csv_writers[name] = CsvTable(stream, schema.names)
        for batch in batches:
            for name, rows in table_rows(batch).items():
                if not rows:
                    continue
                written[name] += len(rows)
                if parquet:
                    pq_writers[name].write_batch(pa.RecordBatch.from_pylist(rows, schema=SCHEMAS[name]))
                else:
                    csv_writers[name].write(rows)
    return written


def jsonable(event: Mapping[str, Any]) -> Row:
    """An exported event as JSON-ready values (the time of ingestion as ISO 8601 text)."""
    doc = dict(event)
    ingested = doc.get("ingested_at")
    if isinstance(ingested, dt.datetime):
        doc["ingested_at"] = ingested.isoformat()
    return doc


def write_jsonl(batches: Iterable[list[Row]], stream: TextIO) -> int:
    """One event per line, claims and disputes nested; returns the number of events."""
    count = 0
    for batch in batches:
        for event in batch:
            stream.write(json.dumps(jsonable(event), ensure_ascii=False) + "\n")
            count += 1
    return count
