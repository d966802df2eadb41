"""The SQL of incidents: what `link/` reads to compare events, the blocking query, and the
writes and reads of `incidents` and `incident_events`.

`link/` holds the logic (features, scores, clustering, disputes) and calls these functions;
every statement is here, as SQLAlchemy Core, the same on SQLite and PostgreSQL. Blocking
(`candidate_ids`) narrows one event's possible partners with indexed columns: the date
window, the country (or a box around the point), the compatible event types. It is
deliberately a little wider than `link.score.compatible`, which does the exact check.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from conflictwire.errors import StoreError
from conflictwire.models import COUNT_SLOTS
from conflictwire.store.db import _BEGIN_OPTION, IN_CHUNK, Store, _reason, event_conditions
from conflictwire.store.rows import Row, iso
from conflictwire.store.schema import articles, claims, events, evidence, incident_events, incidents

COARSE_WINDOWS: Final = {"week": 7, "month": 31, "year": 366}
"""A coarse-dated candidate may be this far from the event (`link.features.DATE_WINDOW_DAYS`);
the exact rule decides."""

KM_PER_DEGREE: Final = 111.2


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


@contextmanager
def reading(store: Store) -> Iterator[Connection]:
    try:
        with store.engine.connect() as conn:
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(
            f"{store.name}: could not read incidents ({_reason(exc)}); retry, and if it persists "
            "check the database given with --db"
        ) from exc


@contextmanager
def writing(store: Store) -> Iterator[Connection]:
    """One write transaction (SQLite: BEGIN IMMEDIATE, as `Store` writes)."""
    try:
        with store.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}).begin() as conn:
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(
            f"{store.name}: could not write incidents ({_reason(exc)}); nothing of this step was "
            "written; rerun `conflictwire relink`"
        ) from exc


# ------------------------------------------------------------------- what link/ compares


def link_rows(conn: Connection, event_ids: Sequence[str]) -> list[Row]:
    """For each event: its columns, the article's title, outlet, agency and published date,
    `texts` (event and claim evidence) and `numbers` [(slot, value)] from its claims."""
    found: dict[str, Row] = {}
    for chunk in _chunks(sorted(set(event_ids))):
        query = (
            sa.select(
                events,
                articles.c.title.label("article_title"),
                articles.c.outlet.label("article_outlet"),
                articles.c.agency.label("article_agency"),
                articles.c.published.label("published"),
            )
            .join(articles, articles.c.id == events.c.article_id)
            .where(events.c.id.in_(chunk))
        )
        for row in conn.execute(query).mappings():
            found[row["id"]] = {**row, "texts": [row["article_title"] or ""], "numbers": []}
        claim_owner: dict[str, str] = {}
        for row in conn.execute(
            sa.select(claims).where(claims.c.event_id.in_(chunk)).order_by(claims.c.id)
        ).mappings():
            claim_owner[row["id"]] = row["event_id"]
            if not row["negated"]:
                found[row["event_id"]]["numbers"] += [
                    (slot, int(row[slot])) for slot in COUNT_SLOTS if row[slot] is not None
                ]
        for kind, owners in (("event", list(chunk)), ("claim", sorted(claim_owner))):
            for part in _chunks(owners):
                for span in conn.execute(
                    sa.select(evidence.c.owner_id, evidence.c.text)
                    .where(evidence.c.owner_kind == kind, evidence.c.owner_id.in_(part))
                    .order_by(evidence.c.id)
                ):
                    owner = span.owner_id if kind == "event" else claim_owner[span.owner_id]
                    found[owner]["texts"].append(span.text)
    return [found[event_id] for event_id in sorted(found)]


def candidate_ids(
    conn: Connection,
    row: Row,
    *,
    types: Sequence[str],
    window_days: int,
    cross_border_km: float,
) -> list[str]:
    """Ids of the events that may be the same happening as `row` (an `events` row).

    An undated event has no candidates. Others: another article; a type in `types`; a date
    within `window_days` (a coarse-dated candidate: within its own `COARSE_WINDOWS`); the same country,
    no country, or a point within a box of `cross_border_km` around this one's point.
    """
    date: dt.date | None = row["date"]
    if date is None:
        return []
    # One indexed date range for every precision, one per coarse precision (index on
    # date_precision, date): an OR of them would read a year of events for each event.
    ranges = [sa.true(), *(events.c.date_precision == precision for precision in COARSE_WINDOWS)]
    windows = [window_days, *COARSE_WINDOWS.values()]
    selects = []
    for condition, days in zip(ranges, windows, strict=True):
        query = sa.select(events.c.id).where(
            condition,
            events.c.date >= date - dt.timedelta(days=days),
            events.c.date <= date + dt.timedelta(days=days),
            events.c.article_id != row["article_id"],
            events.c.type.in_(list(types)),
        )
        if row["country"] is not None:
            query = query.where(_place_filter(row, cross_border_km))
        selects.append(query)
    found = conn.execute(sa.union(*selects)).scalars()
    return sorted(set(found))


def _place_filter(row: Row, cross_border_km: float) -> sa.ColumnElement[bool]:
    """Same country, no country, or a point in a box of `cross_border_km` around `row`'s."""
    place = [events.c.country == row["country"], events.c.country.is_(None)]
    if row["lat"] is not None and row["lon"] is not None:
        dlat = cross_border_km / KM_PER_DEGREE
        dlon = dlat / max(0.1, math.cos(math.radians(row["lat"])))
        place.append(
            sa.and_(
                events.c.lat.between(row["lat"] - dlat, row["lat"] + dlat),
                events.c.lon.between(row["lon"] - dlon, row["lon"] + dlon),
            )
        )
    return sa.or_(*place)


def unlinked_event_ids(conn: Connection, *, limit: int) -> list[str]:
    """Up to `limit` events in no incident, oldest first (undated last), then by id."""
    query = (
        sa.select(events.c.id)
        .outerjoin(incident_events, incident_events.c.event_id == events.c.id)
        .where(incident_events.c.event_id.is_(None))
        .order_by(events.c.date.is_(None), events.c.date, events.c.id)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def incidents_of(conn: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    """event id -> incident id, for the events that are in one."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(event_ids))):
        query = sa.select(incident_events.c.event_id, incident_events.c.incident_id).where(
            incident_events.c.event_id.in_(chunk)
        )
        found.update({row.event_id: row.incident_id for row in conn.execute(query)})
    return found


def created_times(conn: Connection, incident_ids: Sequence[str]) -> dict[str, dt.datetime]:
    found: dict[str, dt.datetime] = {}
    for chunk in _chunks(sorted(set(incident_ids))):
        query = sa.select(incidents.c.id, incidents.c.created).where(incidents.c.id.in_(chunk))
        found.update({row.id: row.created for row in conn.execute(query)})
    return found


def dispute_claims(conn: Connection, event_ids: Sequence[str]) -> list[Row]:
    """Claims of these events with the outlet of their article (outlet, else the agency)."""
    found: list[Row] = []
    for chunk in _chunks(sorted(set(event_ids))):
        query = (
            sa.select(
                claims,
                sa.func.coalesce(articles.c.outlet, articles.c.agency).label("outlet"),
                articles.c.id.label("article_id"),
            )
            .join(events, events.c.id == claims.c.event_id)
            .join(articles, articles.c.id == events.c.article_id)
            .where(claims.c.event_id.in_(chunk))
        )
        found += [dict(row) for row in conn.execute(query).mappings()]
    return sorted(found, key=lambda row: row["id"])


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One incident to write: its `incidents` columns and its members with their scores."""

    columns: Row
    members: tuple[tuple[str, float | None], ...]


def replace_incidents(conn: Connection, remove: Sequence[str], add: Sequence[IncidentRow]) -> None:
    """Delete the incidents `remove` (and their memberships), then insert `add`."""
    for chunk in _chunks(sorted(set(remove))):
        conn.execute(sa.delete(incident_events).where(incident_events.c.incident_id.in_(chunk)))
        conn.execute(sa.delete(incidents).where(incidents.c.id.in_(chunk)))
    if add:
        conn.execute(sa.insert(incidents), [item.columns for item in add])
        conn.execute(
            sa.insert(incident_events),
            [
                {"incident_id": item.columns["id"], "event_id": event_id, "score": score}
                for item in add
                for event_id, score in item.members
            ],
        )


def clear(conn: Connection) -> int:
    """Delete every incident; returns how many there were."""
    count = int(conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar() or 0)
    conn.execute(sa.delete(incident_events))
    conn.execute(sa.delete(incidents))
    return count


# ------------------------------------------------------------------- reading


def summary(row: Any, *, events_count: int, articles_count: int, outlets: list[str]) -> Row:
    """An incident as every reader shows it (the CLI as is; the web renames the counts)."""
    return {
        "id": row["id"],
        "type": row["type"],
        "date": iso(row["date"]),
        "date_precision": row["date_precision"],
        "country": row["country"],
        "admin1": row["admin1"],
        "lat": row["lat"],
        "lon": row["lon"],
        "n_events": events_count,
        "n_articles": articles_count,
        "outlets": outlets,
        "disputes": row["disputes"] or [],
    }


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which incidents to list: the CLI's `incidents` options and the web's filters."""

    country: str | None = None
    type: str | None = None  # the contract's field name
    since: dt.date | None = None
    until: dt.date | None = None
    min_articles: int = 1
    disputed: bool = False

    def __post_init__(self) -> None:
        if self.min_articles < 1:
            raise ValueError(f"min_articles must be >= 1, got {self.min_articles}")

    def narrows(self) -> bool:
        """Whether any filter is set (an empty list then says so, not "run relink")."""
        return self != IncidentFilter()


def conditions(
    flt: IncidentFilter, *, member_of: sa.Select[Any] | None = None
) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions on `incidents` for these filters: the one definition the CLI
    (`list_incidents`) and the web (`store.queries.WebQueries.incidents`) both page through.
    `member_of` selects event ids: only incidents holding one of them are kept."""
    found = event_conditions(
        country=flt.country, type=flt.type, since=flt.since, until=flt.until, table=incidents
    )
    if flt.disputed:
        # JSON text: "[]" when none. Compared by length, since a literal compared with the
        # column would be JSON-encoded first ('"[]"') and match every row.
        found.append(sa.func.length(incidents.c.disputes) > len("[]"))
    if flt.min_articles > 1:
        n_articles = (
            sa.select(sa.func.count(sa.distinct(events.c.article_id)))
            .join(incident_events, incident_events.c.event_id == events.c.id)
            .where(incident_events.c.incident_id == incidents.c.id)
            .scalar_subquery()
        )
        found.append(n_articles >= flt.min_articles)
    if member_of is not None:
        found.append(
            incidents.c.id.in_(
                sa.select(incident_events.c.incident_id).where(incident_events.c.event_id.in_(member_of))
            )
        )
    return found


def summaries(conn: Connection, rows: Sequence[Any]) -> list[Row]:
    """`summary` of each `incidents` row of a page: its event and article counts and outlets,
    read for the page's incidents only."""
    ids = [row["id"] for row in rows]
    sizes: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = (
            sa.select(
                incident_events.c.incident_id,
                sa.func.count().label("n_events"),
                sa.func.count(sa.distinct(events.c.article_id)).label("n_articles"),
            )
            .join(events, events.c.id == incident_events.c.event_id)
            .where(incident_events.c.incident_id.in_(chunk))
            .group_by(incident_events.c.incident_id)
        )
        for found in conn.execute(query):
            sizes[found.incident_id] = (int(found.n_events), int(found.n_articles))
    outlets = _outlets(conn, ids)
    return [
        summary(
            row,
            events_count=sizes.get(row["id"], (0, 0))[0],
            articles_count=sizes.get(row["id"], (0, 0))[1],
            outlets=outlets.get(row["id"], []),
        )
        for row in rows
    ]


def list_incidents(conn: Connection, flt: IncidentFilter, *, limit: int = 100, offset: int = 0) -> list[Row]:
    """A page of incidents, newest first (undated last), each with its counts and outlets."""
    where = conditions(flt)
    query = (
        sa.select(incidents)
        .where(*where)
        .order_by(incidents.c.date.is_(None), incidents.c.date.desc(), incidents.c.id)
        .limit(limit)
        .offset(offset)
    )
    return summaries(conn, conn.execute(query).mappings().all())


def _outlets(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(set(incident_ids))):
        query = (
            sa.select(
                incident_events.c.incident_id,
                sa.func.coalesce(articles.c.outlet, articles.c.agency).label("outlet"),
            )
            .join(events, events.c.id == incident_events.c.event_id)
            .join(articles, articles.c.id == events.c.article_id)
            .where(incident_events.c.incident_id.in_(chunk))
        )
        for row in conn.execute(query):
            if row.outlet:
                found[row.incident_id].add(row.outlet)
    return {key: sorted(value) for key, value in found.items()}


def incident(conn: Connection, incident_id: str) -> tuple[Row, list[tuple[str, float | None]]] | None:
    """The incident's dict (as `list_incidents` gives) and its members [(event id, score)],
    oldest article first; None when there is no such incident."""
    row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).mappings().first()
    if row is None:
        return None
    members = conn.execute(
        sa.select(incident_events.c.event_id, incident_events.c.score, events.c.article_id)
        .join(events, events.c.id == incident_events.c.event_id)
        .join(articles, articles.c.id == events.c.article_id)
        .where(incident_events.c.incident_id == incident_id)
        .order_by(
            articles.c.published.is_(None), articles.c.published, events.c.article_id, events.c.position
        )
    ).all()
    outlets = _outlets(conn, [incident_id]).get(incident_id, [])
    found = summary(
        row,
        events_count=len(members),
        articles_count=len({member.article_id for member in members}),
        outlets=outlets,
    )
    return found, [(member.event_id, member.score) for member in members]


def memberships(conn: Connection) -> dict[str, list[str]]:
    """Every incident id -> its sorted event ids (tests and the relink check compare these)."""
    found: dict[str, list[str]] = defaultdict(list)
    query = sa.select(incident_events.c.incident_id, incident_events.c.event_id).order_by(
        incident_events.c.incident_id, incident_events.c.event_id
    )
    for row in conn.execute(query):
        found[row.incident_id].append(row.event_id)
    return dict(found)


def all_disputes(conn: Connection) -> dict[str, Any]:
    """Every incident id -> its disputes JSON."""
    return {row.id: row.disputes for row in conn.execute(sa.select(incidents.c.id, incidents.c.disputes))}
