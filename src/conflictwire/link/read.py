"""Reading incidents back: a page of them, one in full, the incident of each event.

One incident in full is its summary (type, date, place, counts, outlets, disputes), its
events (each with the article's outlet and a link score), and the claims of all of them
grouped by source: for each party, what it said in each outlet, with the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conflictwire.link.disputes import UNATTRIBUTED, UNKNOWN_OUTLET
from conflictwire.store import Store
from conflictwire.store import incidents as sql
from conflictwire.store.incidents import IncidentFilter
from conflictwire.store.rows import Row

INCIDENT_PREFIX = "inc-"
"""Incident ids start with this, so `show` tells an incident id from an event id."""


def is_incident_id(value: str) -> bool:
    return value.startswith(INCIDENT_PREFIX)


def incidents(
    store: Store, flt: IncidentFilter | None = None, *, limit: int = 100, offset: int = 0
) -> list[Row]:
    """A page of incidents, newest first, with event and article counts, outlets, disputes."""
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, got {limit}, {offset}")
    with sql.reading(store) as conn:
        return sql.list_incidents(conn, flt or IncidentFilter(), limit=limit, offset=offset)


def incident_of(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """event id -> its incident id (events not linked yet are left out)."""
    with sql.reading(store) as conn:
        return sql.incidents_of(conn, event_ids)


def _claims_by_source(event_rows: list[Row]) -> list[Row]:
    """Every claim of the events, grouped by source name (sources in order of first
    appearance), each claim with its event id and outlet."""
    groups: dict[str, list[Row]] = {}
    for event in event_rows:
        for claim in event["claims"]:
            source: dict[str, Any] | None = claim["source"]
            name = source["name"] if source else UNATTRIBUTED
            groups.setdefault(name, []).append({**claim, "event_id": event["id"], "outlet": event["outlet"]})
    return [{"source": name, "claims": claims} for name, claims in groups.items()]


def incident(store: Store, incident_id: str) -> Row | None:
    """One incident in full (module docstring), or None when there is no such incident."""
    with sql.reading(store) as conn:
        found = sql.incident(conn, incident_id)
    if found is None:
        return None
    summary, members = found
    event_rows: list[Row] = []
    for event_id, score in members:
        event = store.event(event_id)
        if event is None:  # deleted meanwhile
            continue
        article = store.article(event["article_id"]) or {}
        outlet = article.get("outlet") or article.get("agency") or UNKNOWN_OUTLET
        event_rows.append({**event, "outlet": outlet, "link_score": score})
    return {**summary, "events": event_rows, "claims_by_source": _claims_by_source(event_rows)}
