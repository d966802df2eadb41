"""Filters: country (code or name), type, date range, outlet or agency; bad values refused."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from conflictwire.errors import ExportError
from conflictwire.export import Format
from conflictwire.export.run import Filters, export
from conflictwire.store import Store


def exported_ids(store: Store, filters: Filters) -> list[str]:
    buffer = io.StringIO()
    export(store, Format.JSONL, stream=buffer, filters=filters)
    return [json.loads(line)["id"] for line in buffer.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, ["civilians-e1", "strike-e1", "debris-e1", "drones-e1", "undated-e1"]),
        ({"country": "UA"}, ["debris-e1", "drones-e1"]),
        ({"country": "ukr"}, ["debris-e1", "drones-e1"]),
        ({"country": "Ukraine"}, ["debris-e1", "drones-e1"]),
        ({"country": "RU"}, ["strike-e1"]),
        ({"type": "drone_strike"}, ["debris-e1", "drones-e1"]),
        ({"since": "2024-11-19"}, ["strike-e1", "debris-e1", "drones-e1"]),
        ({"until": "2024-11-19"}, ["civilians-e1", "strike-e1"]),
        ({"since": "2024-11-19", "until": "2024-11-19"}, ["strike-e1"]),
        ({"source": "reuters"}, ["strike-e1"]),  # the agency
        ({"source": "Kyiv Post"}, ["debris-e1", "drones-e1"]),  # the outlet
        ({"source": "AFP"}, ["drones-e1"]),
        ({"source": "Example News"}, ["strike-e1", "undated-e1"]),
        ({"country": "UA", "source": "AFP", "type": "drone_strike"}, ["drones-e1"]),
        ({"type": "protest"}, []),
    ],
)
def test_filters_select_events(store: Store, options: dict[str, str], expected: list[str]) -> None:
    assert exported_ids(store, Filters.parse(**options)) == expected


def test_parse_normalises_values() -> None:
    assert Filters.parse(country="RUS", since="2024-01-02", source=" Reuters ") == Filters(
        country="RU", since=dt.date(2024, 1, 2), source="Reuters"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"country": "Narnia"}, "--country 'Narnia' is not a known country"),
        ({"type": "picnic"}, "--type 'picnic' is not an event type; use one of"),
        ({"since": "19/11/2024"}, "--since '19/11/2024' is not a date; use YYYY-MM-DD"),
        ({"until": "yesterday"}, "--until 'yesterday' is not a date"),
        ({"since": "2024-11-20", "until": "2024-11-19"}, "is after --until"),
        ({"source": "  "}, "--source is empty"),
    ],
)
def test_bad_filters_are_refused_naming_the_option(options: dict[str, str], message: str) -> None:
    with pytest.raises(ExportError, match=message.replace("(", r"\(")):
        Filters.parse(**options)
