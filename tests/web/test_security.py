"""Hostile input: article text that is markup renders as text; injection in any filter is
refused (4xx) or finds nothing, never a server error or rows it should not; schemathesis
finds no 5xx anywhere in the API."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .fixtures import FILLER_DAYS

INJECTIONS = (
    "' OR '1'='1",
    "1' OR 1=1 --",
    "x'); DROP TABLE events; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "*",
    "NEAR(a b)",
    "a OR b",
    "1 UNION SELECT id, text FROM articles --",
    "\x00",
)
FILTERS = ("since", "until", "country", "type", "weapon", "source", "q", "cursor", "disputed", "limit")
LISTS = ("/api/events", "/api/claims", "/api/disputes", "/api/incidents", "/api/map", "/api/timeline")


def rows(body: object) -> list[object]:
    if isinstance(body, dict):
        return list(body["items"])
    assert isinstance(body, list)
    return body


PAGED = ("/api/events", "/api/claims", "/api/disputes", "/api/incidents")


@pytest.mark.parametrize(
    ("url", "name"),
    [(url, name) for url in LISTS for name in FILTERS if url in PAGED or name not in ("cursor", "limit")],
)
def test_injection_in_a_filter_is_refused_or_finds_nothing(client: TestClient, url: str, name: str) -> None:
    for payload in INJECTIONS:
        response = client.get(url, params={name: payload})
        assert response.status_code < 500, (name, payload, response.text)
        if response.status_code == 200:
            assert rows(response.json()) == [], (name, payload)
        else:
            assert 400 <= response.status_code < 500
            assert response.json()["error"]["status"] == response.status_code


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_in_ids_and_search_finds_nothing(client: TestClient, payload: str) -> None:
    quoted = quote(payload, safe="")
    for url in (f"/api/events/{quoted}", f"/api/incidents/{quoted}"):
        assert client.get(url).status_code in (404, 422)  # a NUL or "/" never reaches a route
    response = client.get("/api/search", params={"q": payload})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert client.get("/api/stats").json()["events"] == FILLER_DAYS + 5  # nothing was dropped


def test_hostile_article_renders_as_text(client: TestClient) -> None:
    html = client.get("/events/hostile-e1").text
    # Every piece of markup from the article arrives escaped...
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b onmouseover=&#34;alert(9)&#34;&gt;Ridge&lt;/b&gt;" in html
    # ...so the only script tags are our own files, no element carries an event handler,
    # and the javascript: url is shown, not linked.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/dots.js">',
        '<script src="/static/event.js">',
    ]
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html)
    assert 'href="javascript:' not in html
    assert '<span class="url">javascript:alert(3)</span>' in html


def test_every_page_and_answer_forbids_inline_scripts(client: TestClient) -> None:
    for url in ("/events", "/events/hostile-e1", "/map", "/api/events", "/nope"):
        policy = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
