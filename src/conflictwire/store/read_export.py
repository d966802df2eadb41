"""Read-only queries for `export/`: every event matching the filters, in batches, in order.

`Store.events` serves pages of a listing; an export wants all matching events, a filter on
the reporting outlet, and the article fields an export carries (outlet, agency, url and the
time of ingestion). `export_batches` selects the ordered ids of the matching events once,
then loads full events (with claims, disputes and evidence, through the store's own
`_with_children`, so the shape is the `extract --json` contract exactly as `Store.event`
gives it) a batch at a time, all inside one read transaction, so a concurrent `ingest`
cannot tear an export (SQLite WAL keeps the snapshot) and memory holds one batch of events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from conflictwire.errors import StoreError
from conflictwire.store.db import IN_CHUNK, Store, _reason, _with_children, event_conditions
from conflictwire.store.rows import Row
from conflictwire.store.schema import articles, events

__all__ = ["BATCH", "export_batches"]

BATCH: Final = IN_CHUNK
"""Events loaded per round trip: the children queries use one `IN (...)` of this size."""


def _filtered(
    query: sa.Select[Any],
    *,
    country: str | None,
    type: str | None,
    since: dt.date | None,
    until: dt.date | None,
    source: str | None,
) -> sa.Select[Any]:
    query = query.join(articles, articles.c.id == events.c.article_id).where(
        *event_conditions(country=country, type=type, since=since, until=until)
    )
    if source is not None:
        wanted = source.strip().lower()
        query = query.where(
            sa.or_(sa.func.lower(articles.c.outlet) == wanted, sa.func.lower(articles.c.agency) == wanted)
        )
    return query


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite keeps no zone; it was written as UTC
        return value.replace(tzinfo=dt.UTC)
    return value


def _read_error(store: Store, exc: sa.exc.SQLAlchemyError) -> StoreError:
    return StoreError(
        f"{store.name}: could not read the database for the export ({_reason(exc)}); retry, and if "
        "it persists check the file or server given with --db"
    )


def export_batches(
    store: Store,
    *,
    country: str | None = None,
    type: str | None = None,  # the contract's field name
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str | None = None,
    batch: int = BATCH,
) -> Generator[list[Row], None, None]:
    """Yield the matching events, oldest event date first (undated last), `batch` at a time.

    Each event is the contract dict of `Store.event` plus `outlet`, `agency`, `url` (of
    its article) and `ingested_at` (an aware UTC datetime). `country` is the ISO alpha-2
    code of the event location; `since`/`until` bound the event date, inclusive, and leave
    out undated events; `source` matches the article's outlet or agency, ignoring case.
    """
    if batch < 1:
        raise ValueError(f"batch must be >= 1, got {batch}")
    order = (events.c.date.is_(None), events.c.date, events.c.article_id, events.c.position)
    ids_query = _filtered(
        sa.select(events.c.id), country=country, type=type, since=since, until=until, source=source
    ).order_by(*order)
    try:
        with store.engine.connect() as conn:
            ids = list(conn.execute(ids_query).scalars())
            for start in range(0, len(ids), batch):
                yield _load(conn, ids[start : start + batch])
    except sa.exc.SQLAlchemyError as exc:
        raise _read_error(store, exc) from exc


def _load(conn: Connection, ids: list[str]) -> list[Row]:
    query = sa.select(
        events,
        articles.c.title.label("article_title"),
        articles.c.published.label("published"),
        articles.c.outlet.label("article_outlet"),
        articles.c.agency.label("article_agency"),
        articles.c.url.label("article_url"),
        articles.c.ingested_at.label("article_ingested_at"),
    ).join(articles, articles.c.id == events.c.article_id)
    fetched = {row["id"]: row for row in conn.execute(query.where(events.c.id.in_(ids))).mappings()}
    rows = [fetched[event_id] for event_id in ids if event_id in fetched]
    loaded = _with_children(conn, rows)
    for event, row in zip(loaded, rows, strict=True):
        event["outlet"] = row["article_outlet"]
        event["agency"] = row["article_agency"]
        event["url"] = row["article_url"]
        event["ingested_at"] = _utc(row["article_ingested_at"])
    return loaded
