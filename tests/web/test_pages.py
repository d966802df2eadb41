"""The HTML pages on the fixture database, read as a person would (without a browser)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .fixtures import FILLER_DAYS, INCIDENT_ID


def test_events_page_lists_filters_and_pages(client: TestClient) -> None:
    html = client.get("/events", params={"limit": 10}).text
    assert html.count('class="event-row"') == 10
    assert 'rel="next"' in html
    filtered = client.get(
        "/events", params={"country": "UA", "type": "", "since": "", "disputed": "true"}
    ).text
    assert filtered.count('class="event-row"') == 1
    assert 'href="/events/port-e1"' in filtered
    assert 'name="country" value="UA"' in filtered
    assert re.search(r'name="disputed" value="true"\s+checked', filtered)


def test_a_search_with_no_match_says_so(client: TestClient) -> None:
    html = client.get("/events", params={"q": "submarine"}).text
    assert "No events match these filters." in html


def test_event_page_puts_sources_side_by_side_and_links_figures(client: TestClient) -> None:
    html = client.get("/events/port-e1").text
    columns = re.findall(r'<section class="column">\s*<h3>(.*?)</h3>', html)
    assert columns == ["Ukraine&#39;s air force", "Russia&#39;s defence ministry"]
    # The figure 10 links to the span stating it, and that span is marked in the article.
    key = re.search(r'<a class="figure" href="#(s\d+)" data-keys="[^"]*">10</a>', html)
    assert key is not None
    mark = rf'<mark class="evidence claim" data-keys="{key.group(1)}" id="{key.group(1)}">'
    assert re.search(mark + "it shot down 10 of them</mark>", html)


def test_event_page_marks_a_denial_and_the_figure_it_denies(client: TestClient) -> None:
    html = client.get("/events/valley-e1").text
    column = re.search(r"<h3>The militia</h3>(.*?)</section>", html, re.S)
    assert column is not None
    assert '<span class="badge">denies</span>' in column.group(1)
    assert re.search(r"<li>killed: <a [^>]*>denied</a></li>", column.group(1))
    army = re.search(r"<h3>the army</h3>(.*?)</section>", html, re.S)
    assert army is not None and "badge" not in army.group(1)


def test_incident_page_groups_claims_by_outlet_and_shows_disputes(client: TestClient) -> None:
    html = client.get(f"/incidents/{INCIDENT_ID}").text
    assert re.findall(r'<section class="column">\s*<h3>(.*?)</h3>', html) == ["Wire One", "Wire Two"]
    assert re.findall(r'<td class="value">(.*?)</td>', html) == ["10", "0", "12"]


def test_disputes_page(client: TestClient) -> None:
    html = client.get("/disputes").text
    assert html.count('class="dispute-row"') == 2


def test_timeline_has_a_bar_per_day_and_type(client: TestClient) -> None:
    html = client.get("/timeline").text
    assert html.count('<rect class="bar"') == len(client.get("/api/timeline").json()) == FILLER_DAYS + 3


def test_map_page_points_the_script_at_the_filtered_api(client: TestClient) -> None:
    html = client.get("/map", params={"country": "UA"}).text
    assert 'data-api="/api/map?country=UA"' in html
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html
    assert client.get("/static/vendor/world-atlas/countries-110m.json").status_code == 200


def test_errors_are_friendly_pages(client: TestClient) -> None:
    missing = client.get("/events/no-such-event")
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]
    assert "There is no event &#39;no-such-event&#39;" in missing.text
    assert 'href="/events"' in missing.text
    bad = client.get("/events", params={"since": "last week"})
    assert bad.status_code == 422
    assert "expected a date as YYYY-MM-DD" in bad.text
