"""What routes need, named once: the store's queries and the shared event filters.

The filters are read as plain strings and checked here, not by FastAPI's types, so the
HTML form (which sends empty fields) and the API share one set of rules and one error:
a value that cannot be a filter (a malformed date or country code, an over-long text) is
refused with 422 naming the parameter, never passed on to SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Final

from fastapi import Depends, HTTPException, Query, Request

from conflictwire.store.queries import MAX_PAGE, EventFilter, WebQueries

MAX_TEXT: Final = 200
"""Longest free-text filter accepted (weapon, source, search words)."""

_COUNTRY: Final = re.compile(r"[A-Za-z]{2}")
_TYPE: Final = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


def get_queries(request: Request) -> WebQueries:
    queries: WebQueries = request.app.state.queries
    return queries


QueriesDep = Annotated[WebQueries, Depends(get_queries)]


def _bad(name: str, value: str, expected: str) -> HTTPException:
    return HTTPException(422, f"parameter {name}={value[:60]!r}: expected {expected}")


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(name, value, "a date as YYYY-MM-DD") from None


def _text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise _bad(name, value, f"at most {MAX_TEXT} characters")
    if _CONTROL.search(value):  # SQLite ends a text at NUL: "a\0b" would match as "a"
        raise _bad(name, value, "text without control characters")
    return value.strip()


def get_filter(
    *,
    since: Annotated[str | None, Query(description="First event date, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, Query(description="Last event date, YYYY-MM-DD (inclusive).")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code of the event place.")] = None,
    type: Annotated[str | None, Query(description="Event type, e.g. missile_strike.")] = None,
    weapon: Annotated[str | None, Query(description="Part of a weapon name, kind or family.")] = None,
    source: Annotated[str | None, Query(description="Part of a claim source's name or the outlet.")] = None,
    disputed: Annotated[bool, Query(description="Only events whose sources disagree.")] = False,
    q: Annotated[str | None, Query(description="Words that the article title or text hold.")] = None,
) -> EventFilter:
    """The filters of the events list, from the query string (empty fields are unset)."""
    if country and not _COUNTRY.fullmatch(country):
        raise _bad("country", country, "a two-letter ISO country code")
    if type and not _TYPE.fullmatch(type):
        raise _bad("type", type, "an event type name (letters, digits, _ and -)")
    return EventFilter(
        since=_date("since", since),
        until=_date("until", until),
        country=country.upper() if country else None,
        type=type or None,
        weapon=_text("weapon", weapon),
        source=_text("source", source),
        disputed=disputed,
        q=_text("q", q),
    )


FilterDep = Annotated[EventFilter, Depends(get_filter)]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")]
CursorQuery = Annotated[
    str | None,
    Query(max_length=400, description="`next_cursor` of the previous page; absent for the first."),
]
