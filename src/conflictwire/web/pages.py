"""The HTML pages: events (filters, search), one event, incidents, disputes, map, timeline.

Each page is one query through `WebQueries` and one template; pages carry filters and
cursors in their links, so every view is a URL that can be shared. Scripts (the map, the
evidence highlighting) are static files; a page reads without them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from conflictwire.store.queries import EventFilter, Page, WebQueries
from conflictwire.web.app import TEMPLATES
from conflictwire.web.deps import CursorQuery, FilterDep, LimitQuery, QueriesDep
from conflictwire.web.render import event_view, safe_url, type_color

router = APIRouter(include_in_schema=False)

TIMELINE_BAR: Final = 6
"""Pixels per day in the timeline: a year fits a wide screen, and it scrolls beyond."""
TIMELINE_HEIGHT: Final = 160


def _filters_dict(flt: EventFilter) -> dict[str, Any]:
    return {
        "since": flt.since.isoformat() if flt.since else "",
        "until": flt.until.isoformat() if flt.until else "",
        "country": flt.country or "",
        "type": flt.type or "",
        "weapon": flt.weapon or "",
        "source": flt.source or "",
        "disputed": flt.disputed,
        "q": flt.q or "",
    }


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, {"type_color": type_color, **context})


def _next_url(request: Request, cursor: str | None) -> str | None:
    return str(request.url.include_query_params(cursor=cursor)) if cursor else None


def _list_page(
    request: Request,
    template: str,
    page: Page,
    *,
    rows: str,
    flt: EventFilter,
    queries: WebQueries,
    **extra: Any,
) -> HTMLResponse:
    """A filtered list page: its rows under `name`, the next page's link, the filters and types."""
    return _render(
        request,
        template,
        **{rows: page.items},
        next_url=_next_url(request, page.next_cursor),
        filters=_filters_dict(flt),
        types=queries.event_types(),
        **extra,
    )


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=307)


@router.get("/events")
def events_page(
    request: Request, queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> HTMLResponse:
    page = queries.events(flt, limit=limit, cursor=cursor)
    return _list_page(
        request, "events.html", page, rows="events", flt=flt, queries=queries, first_page=cursor is None
    )


@router.get("/events/{event_id}")
def event_page(request: Request, queries: QueriesDep, event_id: str) -> HTMLResponse:
    event = queries.event(event_id)
    if event is None:
        raise HTTPException(404, f"There is no event {event_id!r}; it may have been removed.")
    return _render(request, "event.html", event=event, view=event_view(event))


@router.get("/incidents")
def incidents_page(
    request: Request, queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> HTMLResponse:
    page = queries.incidents(flt, limit=limit, cursor=cursor)
    return _list_page(request, "incidents.html", page, rows="incidents", flt=flt, queries=queries)


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, queries: QueriesDep, incident_id: str) -> HTMLResponse:
    incident = queries.incident(incident_id)
    if incident is None:
        raise HTTPException(404, f"There is no incident {incident_id!r}; it may have been relinked.")
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in incident["members"]:
        by_outlet[member.get("outlet") or "unknown outlet"].append(member)
    return _render(request, "incident.html", incident=incident, by_outlet=dict(by_outlet))


@router.get("/disputes")
def disputes_page(
    request: Request, queries: QueriesDep, flt: FilterDep, limit: LimitQuery = 50, cursor: CursorQuery = None
) -> HTMLResponse:
    page = queries.disputes(flt, limit=limit, cursor=cursor)
    return _list_page(request, "disputes.html", page, rows="disputes", flt=flt, queries=queries)


@router.get("/map")
def map_page(request: Request, queries: QueriesDep, flt: FilterDep) -> HTMLResponse:
    types = queries.event_types()
    return _render(
        request,
        "map.html",
        filters=_filters_dict(flt),
        types=types,
        colors={name: type_color(name) for name in types},
        api_url="/api/map" + (f"?{request.url.query}" if request.url.query else ""),
    )


@router.get("/timeline")
def timeline_page(request: Request, queries: QueriesDep, flt: FilterDep) -> HTMLResponse:
    rows = queries.timeline(flt)
    days = sorted({row["date"] for row in rows})
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row["date"]] += row["events"]
    peak = max(totals.values(), default=1)
    x_of = {day: index * TIMELINE_BAR for index, day in enumerate(days)}
    stacked: dict[str, int] = defaultdict(int)
    bars = []
    for row in rows:
        height = max(1, round(row["events"] / peak * TIMELINE_HEIGHT))
        stacked[row["date"]] += height
        bars.append(
            {
                **row,
                "x": x_of[row["date"]],
                "y": TIMELINE_HEIGHT - stacked[row["date"]],
                "height": height,
                "color": type_color(row["type"]),
            }
        )
    types = sorted({row["type"] for row in rows})
    return _render(
        request,
        "timeline.html",
        bars=bars,
        days=days,
        width=max(len(days) * TIMELINE_BAR, 1),
        height=TIMELINE_HEIGHT,
        bar_width=TIMELINE_BAR - 1,
        legend=[(name, type_color(name)) for name in types],
        filters=_filters_dict(flt),
        types=queries.event_types(),
        total=sum(totals.values()),
        peak=peak,
    )


__all__ = ["router", "safe_url"]
