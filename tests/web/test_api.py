"""The JSON API on the fixture database: lists, filters, cursors, details, error shape."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .fixtures import FILLER_DAYS, INCIDENT_ID

TOTAL_EVENTS = FILLER_DAYS + 5


def items(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


def walk(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, page by page through `next_cursor`."""
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = client.get(url, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        out += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out


def test_events_come_newest_first_with_undated_last_and_their_claims(client: TestClient) -> None:
    events = items(client, "/api/events", limit=200)
    assert len(events) == TOTAL_EVENTS
    dates = [e["date"] for e in events]
    assert dates[-1] is None and None not in dates[:-1]
    assert dates[:-1] == sorted(dates[:-1], reverse=True)
    port = next(e for e in events if e["id"] == "port-e1")
    assert [c["counts"] for c in port["claims"]] == [
        {"launched": 14, "intercepted": 10},
        {"launched": 14, "intercepted": 0},
    ]
    assert port["outlet"] == "Wire One"
    assert port["disputes"][0]["slot"] == "intercepted"


@pytest.mark.parametrize("limit", [1, 4, 7])
def test_cursor_pages_cover_every_event_once_in_order(client: TestClient, limit: int) -> None:
    paged = walk(client, "/api/events", limit=limit)
    assert [e["id"] for e in paged] == [e["id"] for e in items(client, "/api/events", limit=200)]


def test_a_cursor_stays_valid_and_pages_do_not_overlap(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 5}).json()
    again = client.get("/api/events", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    once_more = client.get("/api/events", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    assert again == once_more
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in again["items"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "ua"}, {"port-e1", "port2-e1", "undated-e1"}),
        ({"type": "airstrike"}, {"hostile-e1"}),
        ({"since": "2024-11-17", "until": "2024-11-17"}, {"valley-e1"}),
        ({"weapon": "geran"}, {"port-e1", "port2-e1"}),
        ({"source": "medic"}, {"valley-e1"}),
        ({"source": "Wire Two"}, {"port2-e1"}),
        ({"disputed": "true"}, {"port-e1", "valley-e1"}),
        ({"q": "fuel depot"}, {"port-e1", "port2-e1"}),
        ({"q": "fuel depot", "disputed": "true"}, {"port-e1"}),
        ({"q": "markets"}, {"valley-e1"}),  # stemmed: "market" in the text
        ({"q": "nowhere-to-be-found"}, set()),
    ],
)
def test_each_filter_selects_the_events_it_names(
    client: TestClient, params: dict[str, str], expected: set[str]
) -> None:
    assert {e["id"] for e in walk(client, "/api/events", limit=3, **params)} == expected


def test_event_detail_has_article_text_and_incident(client: TestClient) -> None:
    event = client.get("/api/events/port-e1").json()
    assert "Russia launched 14 drones" in event["article"]["text"]
    assert event["incident_ids"] == [INCIDENT_ID]
    span = event["claims"][0]["evidence"][1]
    assert event["article"]["text"][span["start"] : span["end"]] == span["text"] == "it shot down 10 of them"


def test_incidents_list_and_detail_with_cross_outlet_disputes(client: TestClient) -> None:
    (incident,) = items(client, "/api/incidents")
    assert (incident["id"], incident["events"], incident["articles"]) == (INCIDENT_ID, 2, 2)
    detail = client.get(f"/api/incidents/{INCIDENT_ID}").json()
    assert sorted(m["outlet"] for m in detail["members"]) == ["Wire One", "Wire Two"]
    values = detail["disputes"][0]["values"]
    assert {(v["value"], tuple(v["outlets"])) for v in values} == {
        (10, ("Wire One",)),
        (0, ("Wire One",)),
        (12, ("Wire Two",)),
    }
    assert items(client, "/api/incidents", country="SD") == []


def test_claims_filter_and_page(client: TestClient) -> None:
    claims = walk(client, "/api/claims", limit=2)
    assert len(claims) == 7
    assert [c["id"] for c in claims] == sorted(c["id"] for c in claims)
    army = items(client, "/api/claims", source="the army")
    assert [(c["id"], c["counts"], c["event_id"]) for c in army] == [
        ("valley-c2", {"killed": 7}, "valley-e1")
    ]
    assert {c["id"] for c in items(client, "/api/claims", event_id="port-e1")} == {"port-c1", "port-c2"}


def test_disputes_list(client: TestClient) -> None:
    disputes = walk(client, "/api/disputes", limit=1)
    assert [(d["event_id"], d["slot"]) for d in disputes] == [
        ("port-e1", "intercepted"),
        ("valley-e1", "killed"),
    ]
    assert [v["value"] for v in disputes[1]["values"]] == [12, 7, "denied"]
    militia = items(client, "/api/claims", source="militia")
    assert [(c["stance"], c["denied"], c["counts"]) for c in militia] == [("denies", ["killed"], {})]


def test_search_finds_articles_with_snippets(client: TestClient) -> None:
    found = walk(client, "/api/search", q="drones shot down", limit=1)
    assert {a["title"] for a in found} == {"Drones strike river port", "Port hit overnight", "Drone downed"}
    assert all("drone" in a["snippet"].lower() for a in found)
    assert {tuple(a["event_ids"]) for a in found} == {("port-e1",), ("port2-e1",), ("undated-e1",)}
    assert items(client, "/api/search", q="***") == []


def test_stats_map_and_timeline(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert (stats["events"], stats["claims"], stats["disputes"], stats["incidents"]) == (
        TOTAL_EVENTS,
        7,
        2,
        1,
    )
    assert stats["by_type"]["shelling"] == FILLER_DAYS + 1
    points = client.get("/api/map").json()
    assert {(p["location_name"], p["type"], p["events"]) for p in points if p["country"] != "SY"} == {
        ("Wadi Sahel", "shelling", FILLER_DAYS + 1),
        ("Portovo", "drone_strike", 3),
    }
    timeline = client.get("/api/timeline", params={"since": "2024-11-17"}).json()
    assert timeline == [
        {"date": "2024-11-17", "type": "shelling", "events": 1},
        {"date": "2024-11-18", "type": "drone_strike", "events": 2},
    ]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/events/nope", 404),
        ("/api/incidents/nope", 404),
        ("/api/nothing-here", 404),
        ("/api/events?since=yesterday", 422),
        ("/api/events?country=UKR", 422),
        ("/api/events?limit=0", 422),
        ("/api/events?limit=100000", 422),
        ("/api/events?cursor=not-a-cursor", 400),
        ("/api/incidents?cursor=WyJldmVudHMiLG51bGwsIngiXQ", 400),  # an events cursor
        ("/api/search", 422),
    ],
)
def test_errors_are_json_with_their_status(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["error"]["status"] == status
    assert body["error"]["message"]


def test_writes_are_refused(client: TestClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/events")
        assert response.status_code == 405
        assert response.json()["error"]["status"] == 405


def test_openapi_lists_every_endpoint_with_stable_operation_ids(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "events-list_events", "events-get_event", "incidents-list_incidents", "incidents-get_incident",
        "claims-list_claims", "disputes-list_disputes", "search-search_articles", "stats-get_stats",
    } <= operations  # fmt: skip
    assert all(path.startswith("/api/") for path in spec["paths"])


def _undeclared(spec: dict[str, Any], schema: dict[str, Any], value: Any, path: str) -> list[str]:
    """Paths of the fields in `value` that the OpenAPI `schema` does not declare."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if options:
        return min((_undeclared(spec, s, value, path) for s in options), key=len)
    if isinstance(value, list):
        item = schema.get("items", {})
        return [p for n, v in enumerate(value) for p in _undeclared(spec, item, v, f"{path}[{n}]")]
    if not isinstance(value, dict) or "properties" not in schema:
        return []  # a scalar, or a map such as counts or by_type
    missing = [f"{path}.{k}" for k in value if k not in schema["properties"]]
    return missing + [
        p
        for k, v in value.items()
        if k in schema["properties"]
        for p in _undeclared(spec, schema["properties"][k], v, f"{path}.{k}")
    ]


def test_openapi_declares_every_field_the_api_answers_with(client: TestClient) -> None:
    """/openapi.json describes each response field by field (no loose objects), and no
    field a real response holds is missing from that description."""
    spec = client.get("/openapi.json").json()
    event_id = items(client, "/api/events", limit=1)[0]["id"]
    urls = {
        "/api/events": "/api/events?limit=200",
        "/api/events/{event_id}": f"/api/events/{event_id}",
        "/api/incidents": "/api/incidents?limit=200",
        "/api/incidents/{incident_id}": f"/api/incidents/{INCIDENT_ID}",
        "/api/claims": "/api/claims?limit=200",
        "/api/disputes": "/api/disputes?limit=200",
        "/api/search": "/api/search?q=missiles",
        "/api/stats": "/api/stats",
        "/api/map": "/api/map",
        "/api/timeline": "/api/timeline",
    }
    for route, url in urls.items():
        schema = spec["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema, f"{route} has no response schema"
        body = client.get(url).json()
        assert body, url
        assert _undeclared(spec, schema, body, route) == []
    event = spec["components"]["schemas"]["Event"]["properties"]
    assert {"claims", "disputes", "location", "actor", "weapons", "evidence"} <= set(event)
