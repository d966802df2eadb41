"""Linking stored events into incidents: incrementally after ingest, or all over again.

`link_pending` takes the events that are in no incident yet, a batch at a time, oldest
first. From them it walks the graph of links that clustering may act on (score >=
`cluster.reach(threshold)`: the threshold, or the lower `cluster.ATTACH`) through the
blocking query, so it reaches every event, old or new, that is connected to a new one;
that component is clustered (`cluster.average_linkage`) and its old incidents are replaced
by the new clusters, in one transaction per batch. Events outside those components are not
read. Because a component is closed under strong links and clustering depends only on its
members, this gives exactly what `relink` (delete every incident, then `link_pending`)
gives, in whatever order the articles came.

An incident's id comes from its lowest event id, so an incident keeps its id when events
join it, unless a newcomer sorts lower or two incidents merge. Its date, place and type are
those most of its events give; its disputes come from `link.disputes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.engine import Connection

from conflictwire.knowledge import load as load_knowledge
from conflictwire.link import cluster
from conflictwire.link.disputes import incident_disputes
from conflictwire.link.features import DATE_WINDOW_DAYS, Item, proper_names, text_vector
from conflictwire.link.score import COMPATIBLE_FAMILIES, CROSS_BORDER_KM, score
from conflictwire.store import Store
from conflictwire.store import incidents as sql
from conflictwire.store.rows import Row
from conflictwire.store.schema import utcnow

logger = logging.getLogger(__name__)

BATCH: Final = 1000
"""New events taken per step: one transaction each, so a long relink commits as it goes."""

GEO_RANK: Final = {"point": 0, "city": 1, "admin1": 2, "country": 3}
DATE_RANK: Final = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What one linking run did."""

    events: int
    """Events placed in an incident (new ones, and old ones whose incident was redone)."""
    incidents: int
    """Incidents written."""
    removed: int
    """Incidents replaced or, in a relink, deleted first."""


def incident_id(event_ids: Iterable[str]) -> str:
    """The id of the incident made of these events: from its lowest event id."""
    return "inc-" + hashlib.sha256(min(event_ids).encode("utf-8")).hexdigest()[:16]


def _family(event_type: str) -> str | None:
    found = load_knowledge().event_types.get(event_type)
    return found.family if found is not None else None


def _compatible_types(event_type: str) -> list[str]:
    """Event types whose family may describe the same happening as `event_type`'s."""
    family = _family(event_type)
    if family is None:
        return [event_type]
    families = COMPATIBLE_FAMILIES.get(family, frozenset({family}))
    return sorted(name for name, kind in load_knowledge().event_types.items() if kind.family in families)


def item_of(row: Row) -> Item:
    """The linker's view of one stored event (a `store.incidents.link_rows` row)."""
    weapons = row["weapons"] or []
    names = [row["actor_name"], row["target_name"]]
    participants = frozenset(name.lower() for name in names if name)
    places = frozenset(name.lower() for name in (row["location_name"], row["admin1"]) if name)
    return Item(
        id=row["id"],
        group=row["article_id"],
        type=row["type"],
        family=_family(row["type"]),
        date=row["date"],
        date_precision=row["date_precision"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        country=row["country"],
        admin1=row["admin1"],
        places=places,
        participants=participants,
        sides=frozenset({row["actor_country"]} if row["actor_country"] else ()),
        weapons=frozenset(str(weapon["name"]) for weapon in weapons),
        weapon_families=frozenset(str(weapon.get("family") or "other") for weapon in weapons),
        numbers=frozenset(row["numbers"]),
        triggers=frozenset({row["trigger"].lower()} if row["trigger"] else ()),
        vector=text_vector(row["texts"]),
        names=text_vector([proper_names(text) for text in row["texts"]]),
        entities=text_vector([" ".join(sorted(participants | places))]),
    )


class _Walk:
    """The strong-link graph reached from some events: items read, pair scores, visited."""

    def __init__(self, conn: Connection, threshold: float) -> None:
        self.conn = conn
        self.threshold = threshold
        self.rows: dict[str, Row] = {}
        self.items: dict[str, Item] = {}
        self.scores: dict[tuple[str, str], float] = {}

    def load(self, event_ids: Iterable[str]) -> None:
        missing = [event_id for event_id in event_ids if event_id not in self.items]
        for row in sql.link_rows(self.conn, missing):
            self.rows[row["id"]] = row
            self.items[row["id"]] = item_of(row)

    def neighbours(self, event_id: str) -> list[str]:
        """Score `event_id` against its candidates; return those it links to strongly."""
        row = self.rows[event_id]
        window = max(DATE_WINDOW_DAYS.get(row["date_precision"] or "day", 1), 1)
        found = sql.candidate_ids(
            self.conn,
            row,
            types=_compatible_types(row["type"]),
            window_days=window,
            cross_border_km=CROSS_BORDER_KM,
        )
        self.load(found)
        strong = []
        item = self.items[event_id]
        for other_id in found:
            pair = (event_id, other_id) if event_id < other_id else (other_id, event_id)
            if pair not in self.scores:
                value = score(item, self.items[other_id])
                if value <= 0.0:
                    continue
                self.scores[pair] = value
            if self.scores[pair] >= self.threshold:
                strong.append(other_id)
        return strong

    def reach(self, seeds: Sequence[str]) -> list[str]:
        """Every event connected to `seeds` by strong links (seeds included), sorted."""
        self.load(seeds)
        seen = set(seeds)
        frontier = sorted(seen)
        while frontier:
            nxt: set[str] = set()
            for event_id in frontier:
                nxt.update(other for other in self.neighbours(event_id) if other not in seen)
            seen |= nxt
            frontier = sorted(nxt)
        return sorted(seen)


def _most_common(values: Iterable[Any]) -> Any:
    counted = Counter(value for value in values if value is not None)
    if not counted:
        return None
    return min(counted.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]


def _incident_row(
    members: list[str],
    walk: _Walk,
    claims: dict[str, list[Row]],
    created: dict[str, dt.datetime],
    now: dt.datetime,
) -> sql.IncidentRow:
    rows = [walk.rows[event_id] for event_id in members]
    new_id = incident_id(members)
    dated = sorted(rows, key=lambda r: (DATE_RANK.get(r["date_precision"] or "", 9), r["id"]))
    finest = [r for r in dated if r["date"] is not None and r["date_precision"] == dated[0]["date_precision"]]
    placed = sorted(
        (r for r in rows if r["lat"] is not None),
        key=lambda r: (GEO_RANK.get(r["geo_precision"] or "", 9), r["id"]),
    )
    country = _most_common(r["country"] for r in rows)
    own = [claim for event_id in members for claim in claims.get(event_id, [])]
    best: dict[str, float | None] = dict.fromkeys(members)
    for i, a in enumerate(members):  # members are sorted, so (a, b) is a scores key
        for b in members[i + 1 :]:
            value = walk.scores.get((a, b))
            if value is not None:
                best[a] = max(best[a] or 0.0, value)
                best[b] = max(best[b] or 0.0, value)
    columns = {
        "id": new_id,
        "created": created.get(new_id, now),
        "updated": now,
        "type": _most_common(r["type"] for r in rows),
        "date": _most_common(r["date"] for r in finest),
        "date_precision": dated[0]["date_precision"] if finest else None,
        "country": country,
        "admin1": _most_common(r["admin1"] for r in rows if r["country"] == country),
        "lat": placed[0]["lat"] if placed else None,
        "lon": placed[0]["lon"] if placed else None,
        "disputes": incident_disputes(own),
    }
    return sql.IncidentRow(columns, tuple((event_id, best[event_id]) for event_id in members))


def _link_batch(store: Store, seeds: Sequence[str], threshold: float) -> LinkSummary:
    with sql.writing(store) as conn:
        walk = _Walk(conn, cluster.reach(threshold))
        reached = walk.reach(seeds)
        strong = [pair for pair, value in walk.scores.items() if value >= threshold]
        clusters = cluster.cluster_scored([walk.items[i] for i in reached], walk.scores, threshold=threshold)
        old = sorted(set(sql.incidents_of(conn, reached).values()))
        created = sql.created_times(conn, old)
        claims: dict[str, list[Row]] = {}
        for claim in sql.dispute_claims(conn, reached):
            claims.setdefault(claim["event_id"], []).append(claim)
        now = utcnow()
        new = [_incident_row(members, walk, claims, created, now) for members in clusters]
        sql.replace_incidents(conn, old, new)
    logger.debug(
        "linked %d new events: %d reached, %d strong links, %d incidents replace %d",
        len(seeds),
        len(reached),
        len(strong),
        len(new),
        len(old),
    )
    return LinkSummary(events=len(reached), incidents=len(new), removed=len(old))


def link_pending(store: Store, *, threshold: float = cluster.THRESHOLD, batch: int = BATCH) -> LinkSummary:
    """Place every event that is in no incident yet (see the module docstring)."""
    events = incidents = removed = 0
    while True:
        with sql.reading(store) as conn:
            seeds = sql.unlinked_event_ids(conn, limit=batch)
        if not seeds:
            break
        done = _link_batch(store, seeds, threshold)
        events += done.events
        incidents += done.incidents
        removed += done.removed
    return LinkSummary(events=events, incidents=incidents, removed=removed)


def relink(store: Store, *, threshold: float = cluster.THRESHOLD, batch: int = BATCH) -> LinkSummary:
    """Delete every incident and link all events again; the result equals linking
    incrementally (module docstring)."""
    with sql.writing(store) as conn:
        removed = sql.clear(conn)
    done = link_pending(store, threshold=threshold, batch=batch)
    return LinkSummary(events=done.events, incidents=done.incidents, removed=removed + done.removed)
