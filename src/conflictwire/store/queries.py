"""Read queries for the web app and JSON API: filtered pages with keyset cursors, search,
incidents, and the aggregates behind the map, the timeline and the stats.

Every page is ordered by a key that is unique and stable under inserts (newest date first,
undated last, then id), and the next page starts after the last row's key, carried in an
opaque cursor: a page never repeats or skips a row because `watch` stored articles
meanwhile, and a deep page costs what the first does. Every value from a request reaches
SQL as a bound parameter; full-text queries are reduced to their words first, so no
search syntax (FTS5 `MATCH`, `tsquery`) comes from the user. Results are plain dicts in
the shape of the `extract --json` contract (events through `db._with_children`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from conflictwire.errors import QueryError
from conflictwire.store import incidents as incident_sql
from conflictwire.store.db import Store, _chunks, _event_select, _with_children, event_conditions
from conflictwire.store.rows import Row, iso
from conflictwire.store.schema import (
    ARTICLES_FTS,
    ARTICLES_FTS_KEYS,
    FTS_CONFIG,
    article_search_vector,
    articles,
    claims,
    disputes,
    events,
    incident_events,
    incidents,
)

MAX_PAGE: Final = 200
"""Rows per page at most: one page of events with their children stays a few queries."""

MAX_QUERY_WORDS: Final = 12
"""Words of a search kept: enough for a phrase, and a bound on the FTS work per request."""

MAP_POINTS: Final = 5000
"""Map markers at most (the places with most events): more would not be readable anyway."""

COMMON_MATCHES: Final = 2000
"""Articles matching a search beyond which the events list is read in date order and
tested against the matches (a page fills within the first few hundred events) instead of
read by article and sorted (which costs as much as there are matches)."""

SNIPPET_CHARS: Final = 90
"""Characters of article text on each side of the first match in a search result."""

_WORD: Final = re.compile(r"\w+", re.UNICODE)

_fts_keys = sa.table(ARTICLES_FTS_KEYS, sa.column("key"), sa.column("article_id"))
_fts_table = sa.table(
    ARTICLES_FTS, sa.column("rowid"), sa.column("article_id"), sa.column("title"), sa.column("text")
)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The filters shared by the events list, the disputes, claims, map and timeline.

    `weapon` matches part of a weapon's name, kind or family; `source` part of a claim's
    source name or the article's outlet; `q` the words of the article title and text.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    type: str | None = None
    weapon: str | None = None
    source: str | None = None
    disputed: bool = False
    q: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows, and the cursor of the next (None: this is the last page)."""

    items: list[Row]
    next_cursor: str | None


# ------------------------------------------------------------------- cursors


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, *, size: int) -> list[Any]:
    """The key in a cursor of `kind`; `QueryError` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise QueryError(
            f"cursor {cursor[:40]!r} is not one this server gave; start from the first page"
        ) from exc
    if not isinstance(value, list) or len(value) != size + 1 or value[0] != kind:
        raise QueryError(f"cursor {cursor[:40]!r} is not a {kind} cursor; start from the first page")
    key = value[1:]
    if not all(item is None or isinstance(item, str | int) for item in key):
        raise QueryError(f"cursor {cursor[:40]!r} is damaged; start from the first page")
    return key


def _date_key(kind: str, cursor: str | None) -> tuple[dt.date | None, str] | None:
    if not cursor:
        return None
    day, last_id = decode_cursor(kind, cursor, size=2)
    if not isinstance(last_id, str):
        raise QueryError(f"cursor {cursor[:40]!r} is damaged; start from the first page")
    try:
        return (None if day is None else dt.date.fromisoformat(str(day))), last_id
    except ValueError as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is damaged; start from the first page") from exc


def newest_page(
    conn: Connection,
    query: sa.Select[Any],
    *,
    date_col: Any,
    id_col: Any,
    key: tuple[dt.date | None, str] | None,
    limit: int,
) -> tuple[list[Any], bool]:
    """The rows of `query` after `key` in the order date descending, undated last, then id
    descending; at most `limit`, and whether more follow.

    Dated and undated rows are read by two queries, each a range of a (date, id) index
    (`(date, id) < (:d, :i)`, `id < :i`), so a page deep in the list is one index seek,
    not a scan of the rows before it.
    """
    rows: list[Any] = []
    if key is None or key[0] is not None:
        dated = query.where(date_col.is_not(None))
        if key is not None:
            dated = dated.where(sa.tuple_(date_col, id_col) < sa.tuple_(key[0], key[1]))
        rows = list(conn.execute(dated.order_by(date_col.desc(), id_col.desc()).limit(limit + 1)).mappings())
    if len(rows) <= limit:
        undated = query.where(date_col.is_(None))
        if key is not None and key[0] is None:
            undated = undated.where(id_col < key[1])
        wanted = limit + 1 - len(rows)
        rows += list(conn.execute(undated.order_by(id_col.desc()).limit(wanted)).mappings())
    return rows[:limit], len(rows) > limit


# ------------------------------------------------------------------- filters


def query_words(text: str | None) -> list[str]:
    """The words of a search, lowercased; what reaches the full-text index."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_QUERY_WORDS]


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its wildcards taken literally (escape `\\`)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_match(words: list[str]) -> Any:
    """SQLite's FTS5 condition for all the words, each quoted (words are \\w+: no quote inside)."""
    return sa.literal_column(ARTICLES_FTS).op("MATCH")(" ".join(f'"{word}"' for word in words))


def _fts_rowids(words: list[str]) -> Any:
    """The FTS5 rowids (keys in `articles_fts_keys`) of the articles holding the words:
    read from the index alone, never from the stored text or ids."""
    return sa.select(_fts_table.c.rowid).where(_fts_match(words))


def matching_articles(conn: Connection, words: list[str]) -> Any:
    """A subquery of the ids of articles whose title or text hold every word."""
    if conn.dialect.name == "sqlite":
        return sa.select(_fts_keys.c.article_id).where(_fts_keys.c.key.in_(_fts_rowids(words)))
    query = sa.func.plainto_tsquery(sa.literal_column(f"'{FTS_CONFIG}'"), " ".join(words))
    return sa.select(articles.c.id).where(article_search_vector().op("@@")(query))


WEAPON_FIELDS: Final = ("name", "kind", "family")


def _weapon_matches(conn: Connection, pattern: str) -> Any:
    """Some weapon of the event has a name, kind or family like `pattern`; read through
    the JSON functions, so a word of the JSON itself (a key such as `range_km`) never matches."""
    fields: list[Any]
    if conn.dialect.name == "sqlite":
        each = sa.func.json_each(events.c.weapons).table_valued("value").alias("weapon")
        fields = [sa.func.json_extract(each.c.value, f"$.{name}") for name in WEAPON_FIELDS]
    else:
        each = sa.func.json_array_elements(sa.cast(events.c.weapons, postgresql.JSON)).table_valued("value")
        each = each.alias("weapon")
        fields = [each.c.value.op("->>")(name) for name in WEAPON_FIELDS]
    matches = sa.or_(*(sa.func.lower(field).like(pattern, escape="\\") for field in fields))
    return sa.select(sa.literal(1)).select_from(each).where(matches).correlate(events).exists()


def _search_hits(conn: Connection, words: list[str], last: str | int | None) -> sa.Select[Any]:
    """Matching article ids with their page key (`key`), in key order, after `last`."""
    if conn.dialect.name == "sqlite":
        rowid = _fts_table.c.rowid
        query = (
            sa.select(rowid.label("key"), _fts_table.c.article_id).where(_fts_match(words)).order_by(rowid)
        )
        if last is not None:
            if not isinstance(last, int):
                raise QueryError("this search cursor is damaged; start from the first page")
            query = query.where(rowid > last)
        return query
    query = (
        sa.select(articles.c.id.label("key"), articles.c.id.label("article_id"))
        .where(articles.c.id.in_(matching_articles(conn, words)))
        .order_by(articles.c.id)
    )
    return query if last is None else query.where(articles.c.id > str(last))


def _many_matches(conn: Connection, words: list[str]) -> bool:
    """Whether at least `COMMON_MATCHES` articles hold the words (counting stops there)."""
    # FTS rowids only: counting reads the index, never the stored article ids.
    first = sa.select(_fts_table.c.rowid).where(_fts_match(words)).limit(COMMON_MATCHES).subquery()
    found = conn.execute(sa.select(sa.func.count()).select_from(first)).scalar_one()
    return int(found) >= COMMON_MATCHES


def _event_conditions(conn: Connection, flt: EventFilter) -> list[Any]:
    conditions: list[Any] = event_conditions(
        country=flt.country, type=flt.type, since=flt.since, until=flt.until
    )
    if flt.weapon:
        conditions.append(_weapon_matches(conn, _like(flt.weapon)))
    if flt.source:
        pattern = _like(flt.source)
        claim_of = claims.alias("claim_of")  # its own name: the outer query may select claims
        by_claim = (
            sa.select(claim_of.c.id)
            .where(claim_of.c.event_id == events.c.id)
            .where(sa.func.lower(claim_of.c.source_name).like(pattern, escape="\\"))
            .correlate(events)
            .exists()
        )
        outlet_of = articles.alias("outlet_of")  # its own name: the outer query may join articles
        by_outlet = (
            sa.select(outlet_of.c.id)
            .where(outlet_of.c.id == events.c.article_id)
            .where(sa.func.lower(outlet_of.c.outlet).like(pattern, escape="\\"))
            .correlate(events)
            .exists()
        )
        conditions.append(sa.or_(by_claim, by_outlet))
    if flt.disputed:
        dispute_of = disputes.alias("dispute_of")
        conditions.append(
            sa.select(dispute_of.c.id).where(dispute_of.c.event_id == events.c.id).correlate(events).exists()
        )
    if flt.q is not None:
        words = query_words(flt.q)
        if not words:
            conditions.append(sa.false())  # a search of no words finds nothing
        elif conn.dialect.name == "sqlite" and _many_matches(conn, words):
            # Walk the events newest first and test each one's article key against the
            # matching keys (read once from the index), rather than fetch every matching
            # event and sort them all.
            conditions.append(
                sa.select(_fts_keys.c.key)
                .where(_fts_keys.c.article_id == events.c.article_id, _fts_keys.c.key.in_(_fts_rowids(words)))
                .correlate(events)
                .exists()
            )
        else:
            conditions.append(events.c.article_id.in_(matching_articles(conn, words)))
    return conditions


# ------------------------------------------------------------------- queries


class WebQueries:
    """The read side of a `Store` for the web: one method per page or endpoint."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def events(self, flt: EventFilter, *, limit: int = 50, cursor: str | None = None) -> Page:
        """A page of events with their claims, disputes and evidence, newest first."""
        key = _date_key("events", cursor)
        with self._store._reading() as conn:
            query = _event_select().where(*_event_conditions(conn, flt))
            page, more = newest_page(
                conn, query, date_col=events.c.date, id_col=events.c.id, key=key, limit=_bounded(limit)
            )
            items = _with_children(conn, page)
            outlets = _outlets(conn, [item["article_id"] for item in items])
        for item in items:
            item["outlet"] = outlets.get(item["article_id"])
        last = items[-1] if items else None
        next_cursor = encode_cursor("events", [last["date"], last["id"]]) if more and last else None
        return Page(items, next_cursor)

    def event(self, event_id: str) -> Row | None:
        """One event with its article (text included, for the evidence) and its incidents."""
        found = self._store.event(event_id)
        if found is None:
            return None
        found["article"] = self._store.article(found["article_id"])
        with self._store._reading() as conn:
            found["incident_ids"] = list(
                conn.execute(
                    sa.select(incident_events.c.incident_id)
                    .where(incident_events.c.event_id == event_id)
                    .order_by(incident_events.c.incident_id)
                ).scalars()
            )
        return found

    def claims(
        self, flt: EventFilter, *, event_id: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> Page:
        """A page of claims with their event's date, type and place, in claim id order."""
        last_id = None
        if cursor:
            (last_id,) = decode_cursor("claims", cursor, size=1)
        with self._store._reading() as conn:
            query = (
                sa.select(
                    claims.c.id,
                    events.c.id.label("event_id"),
                    events.c.type,
                    events.c.date,
                    events.c.country,
                    events.c.location_name,
                )
                .join(events, events.c.id == claims.c.event_id)
                .where(*_event_conditions(conn, flt))
                .order_by(claims.c.id)
                .limit(_bounded(limit) + 1)
            )
            if event_id is not None:
                query = query.where(claims.c.event_id == event_id)
            if flt.source:  # the claim's own source, not any claim of its event
                pattern = _like(flt.source)
                query = query.where(
                    sa.or_(
                        sa.func.lower(claims.c.source_name).like(pattern, escape="\\"),
                        events.c.article_id.in_(
                            sa.select(articles.c.id).where(
                                sa.func.lower(articles.c.outlet).like(pattern, escape="\\")
                            )
                        ),
                    )
                )
            if last_id is not None:
                query = query.where(claims.c.id > str(last_id))
            rows = conn.execute(query).mappings().all()
            page = rows[: _bounded(limit)]
            by_event = {
                event["id"]: event
                for event in _with_children(
                    conn,
                    conn.execute(
                        _event_select().where(events.c.id.in_(sorted({row["event_id"] for row in page})))
                    )
                    .mappings()
                    .all(),
                )
            }
        items = []
        for row in page:
            claim = next(c for c in by_event[row["event_id"]]["claims"] if c["id"] == row["id"])
            items.append(
                {
                    **claim,
                    "event_id": row["event_id"],
                    "event_type": row["type"],
                    "event_date": iso(row["date"]),
                    "country": row["country"],
                    "location_name": row["location_name"],
                }
            )
        more = len(rows) > _bounded(limit)
        return Page(items, encode_cursor("claims", [items[-1]["id"]]) if more and items else None)

    def disputes(self, flt: EventFilter, *, limit: int = 50, cursor: str | None = None) -> Page:
        """A page of disputed slots within one article, newest event first."""
        key = _date_key("disputes", cursor)
        with self._store._reading() as conn:
            disputed = (
                sa.select(events.c.id, events.c.date)
                .where(*_event_conditions(conn, flt))
                .where(sa.select(disputes.c.id).where(disputes.c.event_id == events.c.id).exists())
            )
            page, more = newest_page(
                conn, disputed, date_col=events.c.date, id_col=events.c.id, key=key, limit=_bounded(limit)
            )
            ids = [row["id"] for row in page]
            found = conn.execute(
                sa.select(
                    disputes.c.id,
                    disputes.c.event_id,
                    disputes.c.slot,
                    disputes.c["values"],
                    events.c.article_id,
                    events.c.type,
                    events.c.date,
                    events.c.country,
                    events.c.location_name,
                    articles.c.title.label("article_title"),
                    articles.c.outlet,
                )
                .join(events, events.c.id == disputes.c.event_id)
                .join(articles, articles.c.id == events.c.article_id)
                .where(disputes.c.event_id.in_(ids))
            ).mappings()
            rows_by_event: dict[str, list[Row]] = defaultdict(list)
            for row in found:
                rows_by_event[row["event_id"]].append(
                    {
                        "event_id": row["event_id"],
                        "article_id": row["article_id"],
                        "article_title": row["article_title"],
                        "outlet": row["outlet"],
                        "type": row["type"],
                        "date": iso(row["date"]),
                        "country": row["country"],
                        "location_name": row["location_name"],
                        "slot": row["slot"],
                        "values": row["values"],
                        "_order": row["id"],
                    }
                )
        items = []
        for event_id in ids:
            for item in sorted(rows_by_event[event_id], key=lambda r: r["_order"]):
                del item["_order"]
                items.append(item)
        last = page[-1] if page else None
        return Page(
            items,
            encode_cursor("disputes", [iso(last["date"]), last["id"]]) if more and last is not None else None,
        )

    def incidents(self, flt: EventFilter, *, limit: int = 50, cursor: str | None = None) -> Page:
        """A page of incidents (events of several articles judged one), newest first; the
        filters and counts are `store.incidents`' (the CLI's), the paging is the web's."""
        key = _date_key("incidents", cursor)
        with self._store._reading() as conn:
            member_of = None
            if any((flt.weapon, flt.source, flt.q is not None)):
                member_of = sa.select(events.c.id).where(
                    *_event_conditions(conn, EventFilter(weapon=flt.weapon, source=flt.source, q=flt.q))
                )
            wanted = incident_sql.IncidentFilter(
                country=flt.country, type=flt.type, since=flt.since, until=flt.until, disputed=flt.disputed
            )
            where = incident_sql.conditions(wanted, member_of=member_of)
            page, more = newest_page(
                conn,
                sa.select(incidents).where(*where),
                date_col=incidents.c.date,
                id_col=incidents.c.id,
                key=key,
                limit=_bounded(limit),
            )
            items = [_web_incident(found) for found in incident_sql.summaries(conn, page)]
        last = items[-1] if items else None
        return Page(items, encode_cursor("incidents", [last["date"], last["id"]]) if more and last else None)

    def incident(self, incident_id: str) -> Row | None:
        """One incident with its events (each with claims and its article's outlet)."""
        with self._store._reading() as conn:
            row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).mappings().first()
            if row is None:
                return None
            member_rows = (
                conn.execute(
                    _event_select()
                    .add_columns(incident_events.c.score, articles.c.outlet)
                    .join(incident_events, incident_events.c.event_id == events.c.id)
                    .where(incident_events.c.incident_id == incident_id)
                    .order_by(articles.c.outlet, events.c.id)
                )
                .mappings()
                .all()
            )
            members = _with_children(conn, member_rows)
        for member, member_row in zip(members, member_rows, strict=True):
            member["outlet"] = member_row["outlet"]
            member["score"] = member_row["score"]
        result = _web_incident(
            incident_sql.summary(
                row,
                events_count=len(members),
                articles_count=len({member["article_id"] for member in members}),
                outlets=[],
            )
        )
        result["members"] = members
        return result

    def search(self, text: str, *, limit: int = 20, cursor: str | None = None) -> Page:
        """Articles whose title or text hold every word of `text`, with a snippet each.

        Pages follow the index's own order (FTS5 rowid on SQLite, article id on PostgreSQL),
        so the next page is a seek in the index, however many articles match."""
        words = query_words(text)
        last: str | int | None = None
        if cursor:
            (last,) = decode_cursor("search", cursor, size=1)
        if not words:
            return Page([], None)
        size = _bounded(limit)
        with self._store._reading() as conn:
            hits = conn.execute(_search_hits(conn, words, last).limit(size + 1)).all()
            page = hits[:size]
            ids = [hit.article_id for hit in page]
            found = {
                row["id"]: row
                for row in conn.execute(
                    sa.select(
                        articles.c.id,
                        articles.c.title,
                        articles.c.outlet,
                        articles.c.published,
                        articles.c.url,
                        articles.c.text,
                    ).where(articles.c.id.in_(ids))
                ).mappings()
            }
            event_ids: dict[str, list[str]] = defaultdict(list)
            for event_row in conn.execute(
                sa.select(events.c.article_id, events.c.id)
                .where(events.c.article_id.in_(ids))
                .order_by(events.c.article_id, events.c.position)
            ):
                event_ids[event_row.article_id].append(event_row.id)
        items = [
            {
                "article_id": row["id"],
                "title": row["title"],
                "outlet": row["outlet"],
                "published": iso(row["published"]),
                "url": row["url"],
                "snippet": snippet(row["text"], words),
                "event_ids": event_ids[row["id"]],
            }
            for row in (found[article_id] for article_id in ids if article_id in found)
        ]
        more = len(hits) > size
        return Page(items, encode_cursor("search", [page[-1].key]) if more and page else None)

    def map_points(self, flt: EventFilter) -> list[Row]:
        """Events grouped by place and type: one marker each, with the number of events."""
        with self._store._reading() as conn:
            count = sa.func.count().label("events")
            query = (
                sa.select(
                    events.c.lat,
                    events.c.lon,
                    events.c.type,
                    sa.func.min(events.c.location_name).label("location_name"),
                    sa.func.min(events.c.country).label("country"),
                    sa.func.min(events.c.id).label("event_id"),
                    count,
                )
                .where(events.c.lat.is_not(None), events.c.lon.is_not(None), *_event_conditions(conn, flt))
                .group_by(events.c.lat, events.c.lon, events.c.type)
                .order_by(count.desc(), events.c.type, events.c.lat, events.c.lon)
                .limit(MAP_POINTS)
            )
            return [dict(row) for row in conn.execute(query).mappings()]

    def timeline(self, flt: EventFilter) -> list[Row]:
        """Events per day and type, oldest day first (undated events are left out)."""
        with self._store._reading() as conn:
            count = sa.func.count().label("events")
            query = (
                sa.select(events.c.date, events.c.type, count)
                .where(events.c.date.is_not(None), *_event_conditions(conn, flt))
                .group_by(events.c.date, events.c.type)
                .order_by(events.c.date, events.c.type)
            )
            return [
                {"date": iso(row.date), "type": row.type, "events": int(row.events)}
                for row in conn.execute(query)
            ]

    def stats(self) -> Row:
        """Counts of every table, events by type and country, and the range of event dates."""
        result: Row = dict(self._store.counts())
        with self._store._reading() as conn:
            result["incidents"] = int(
                conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
            )
            first, last = conn.execute(
                sa.select(sa.func.min(events.c.date), sa.func.max(events.c.date))
            ).one()
            result["first_date"], result["last_date"] = iso(first), iso(last)
            for column, label in ((events.c.type, "by_type"), (events.c.country, "by_country")):
                count = sa.func.count().label("n")
                rows = conn.execute(
                    sa.select(column, count).group_by(column).order_by(count.desc(), column)
                ).all()
                result[label] = {str(value) if value is not None else "": int(n) for value, n in rows}
        return result

    def event_types(self) -> list[str]:
        """The event types present, for the filter form."""
        with self._store._reading() as conn:
            return list(conn.execute(sa.select(events.c.type).distinct().order_by(events.c.type)).scalars())


# ------------------------------------------------------------------- helpers


def _bounded(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE))


def _outlets(conn: Connection, article_ids: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        for row in conn.execute(sa.select(articles.c.id, articles.c.outlet).where(articles.c.id.in_(chunk))):
            found[row.id] = row.outlet
    return found


def _web_incident(found: Row) -> Row:
    """`store.incidents.summary` in the web API's shape: counts named `events` and
    `articles`, no outlets (the members carry them)."""
    web = {key: value for key, value in found.items() if key not in ("n_events", "n_articles", "outlets")}
    return {**web, "events": found["n_events"], "articles": found["n_articles"]}


def snippet(text: str, words: list[str]) -> str:
    """Text around the first whole-word match of any of `words` (the start when none)."""
    lowered = text.lower()
    starts = [
        match.start() for word in words if (match := re.search(rf"\b{re.escape(word)}", lowered)) is not None
    ]
    at = min(starts) if starts else 0
    begin, end = max(0, at - SNIPPET_CHARS), min(len(text), at + SNIPPET_CHARS)
    return ("…" if begin else "") + " ".join(text[begin:end].split()) + ("…" if end < len(text) else "")
