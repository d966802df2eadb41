"""The JSON API under /api/: one router per resource, every list paginated by cursor.

A list answers `{"items": [...], "next_cursor": str | null}`; pass `next_cursor` back as
`cursor` for the next page, with the same filters. Items are in the `extract --json`
contract's shape (events with claims, disputes and evidence), plus the article fields
the store adds.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel

from conflictwire.store.queries import Page
from conflictwire.web.deps import CursorQuery, FilterDep, LimitQuery, QueriesDep
from conflictwire.web.schemas import (
    ClaimRow,
    DisputeRow,
    Event,
    EventDetail,
    Incident,
    IncidentDetail,
    MapPoint,
    SearchHit,
    Stats,
    TimelineBucket,
)
from conflictwire.web.schemas import Page as PageOf

Item = dict[str, Any]
IdPath = Annotated[str, Path(max_length=200, description="The id as listed.")]


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    """Every API error: the status code again, and a message saying what to change."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A cursor this server did not make."},
    422: {"model": ErrorOut, "description": "A parameter that cannot be a filter."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such id."}}


def _page(page: Page) -> Item:
    # The dicts go out as the store built them; the response model checks and documents them.
    return {"items": page.items, "next_cursor": page.next_cursor}


events = APIRouter(prefix="/api/events", tags=["events"], responses=ERRORS)


@events.get("", response_model=PageOf[Event], response_model_exclude_unset=True)
def list_events(
    queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Item:
    """Events, newest first (undated last), with their claims, disputes and evidence."""
    return _page(queries.events(flt, limit=limit, cursor=cursor))


@events.get("/{event_id}", responses=NOT_FOUND, response_model=EventDetail, response_model_exclude_unset=True)
def get_event(queries: QueriesDep, event_id: IdPath) -> Item:
    """One event with its claims, disputes, evidence, article (with text) and incident ids."""
    found = queries.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}; list them at /api/events")
    return found


incidents = APIRouter(prefix="/api/incidents", tags=["incidents"], responses=ERRORS)


@incidents.get("", response_model=PageOf[Incident], response_model_exclude_unset=True)
def list_incidents(
    queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Item:
    """Incidents (events of several articles judged one), newest first, with their disputes."""
    return _page(queries.incidents(flt, limit=limit, cursor=cursor))


@incidents.get(
    "/{incident_id}", responses=NOT_FOUND, response_model=IncidentDetail, response_model_exclude_unset=True
)
def get_incident(queries: QueriesDep, incident_id: IdPath) -> Item:
    """One incident with its member events (claims included) and cross-outlet disputes."""
    found = queries.incident(incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r}; list them at /api/incidents")
    return found


claims = APIRouter(prefix="/api/claims", tags=["claims"], responses=ERRORS)


@claims.get("", response_model=PageOf[ClaimRow], response_model_exclude_unset=True)
def list_claims(
    queries: QueriesDep,
    flt: FilterDep,
    event_id: Annotated[str | None, Query(max_length=200, description="Only this event's claims.")] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Item:
    """Claims with their event's date, type and place, in claim id order."""
    return _page(queries.claims(flt, event_id=event_id, limit=limit, cursor=cursor))


disputes = APIRouter(prefix="/api/disputes", tags=["disputes"], responses=ERRORS)


@disputes.get("", response_model=PageOf[DisputeRow], response_model_exclude_unset=True)
def list_disputes(
    queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> Item:
    """Disputed slots within an article, newest event first; `limit` counts events."""
    return _page(queries.disputes(flt, limit=limit, cursor=cursor))


search = APIRouter(prefix="/api/search", tags=["search"], responses=ERRORS)


@search.get("", response_model=PageOf[SearchHit], response_model_exclude_unset=True)
def search_articles(
    queries: QueriesDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words the article holds.")],
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> Item:
    """Articles whose title or text hold every word, with a snippet and their event ids."""
    return _page(queries.search(q, limit=limit, cursor=cursor))


stats = APIRouter(prefix="/api", tags=["stats"], responses=ERRORS)


@stats.get("/stats", response_model=Stats, response_model_exclude_unset=True)
def get_stats(queries: QueriesDep) -> Item:
    """Row counts, events by type and by country, first and last event date."""
    return queries.stats()


@stats.get("/map", response_model=list[MapPoint], response_model_exclude_unset=True)
def get_map(queries: QueriesDep, flt: FilterDep) -> list[Item]:
    """Map markers: events grouped by place and type, with how many there are."""
    return queries.map_points(flt)


@stats.get("/timeline", response_model=list[TimelineBucket], response_model_exclude_unset=True)
def get_timeline(queries: QueriesDep, flt: FilterDep) -> list[Item]:
    """Events per day and type, oldest first."""
    return queries.timeline(flt)


router = APIRouter()
for _router in (events, incidents, claims, disputes, search, stats):
    router.include_router(_router)
