"""The pages in Debian's Chromium, driven by Playwright, at 1,200 and 400 px wide.

One browser per session (`browser`), launched from /usr/bin/chromium (no Playwright browser
download; the test setup installs the Debian package when it is absent and it can, as
`make test` does). Every request that leaves the loopback server is refused, so the pages
are shown to work offline, and any JavaScript dialog fails the test: the hostile report
must run nothing. Screenshots go to test-artifacts/browser/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pytest

from .fixtures import FILLER_DAYS

pytestmark = pytest.mark.browser

CHROMIUM: Final = Path("/usr/bin/chromium")
ARTIFACTS: Final = Path(__file__).parents[2] / "test-artifacts" / "browser"
WIDTHS: Final = (1200, 400)
INSTALL_TIMEOUT_S: Final = 900
TOTAL_EVENTS: Final = FILLER_DAYS + 5


def unavailable(reason: str) -> None:
    """Skip, or in CI (where Chromium must be there) fail, with the reason."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Chromium is required in CI and {reason}", pytrace=False)
    pytest.skip(reason)


def ensure_chromium() -> None:
    """Install Debian's chromium with apt-get when it is absent and this runs as root."""
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        unavailable(f"{CHROMIUM} is absent and cannot be installed here (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        subprocess.run(command, check=False, env=env, capture_output=True, timeout=INSTALL_TIMEOUT_S)
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is absent and apt-get could not install it")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    ensure_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(browser: Any, live_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page at one width; `page.dialogs` and `page.outside` record what must not happen."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.width = width
    tab.dialogs = []
    tab.outside = []

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(live_url):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    tab.on("dialog", on_dialog)
    tab.route("**/*", only_loopback)
    yield tab
    context.close()
    assert tab.outside == [], "a page asked for something beyond this server"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width}px.png"), full_page=True)


def fits(page: Any) -> bool:
    """The page needs no sideways scrolling (wide tables scroll inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_events_filter_open_event_and_see_evidence(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/events")
    assert page.locator("tr.event-row").count() == TOTAL_EVENTS
    assert fits(page)
    shot(page, "events")

    page.fill("input[name=country]", "UA")
    page.check("input[name=disputed]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*country=UA*")
    rows = page.locator("tr.event-row")
    assert rows.count() == 1
    shot(page, "events-filtered")

    rows.first.locator("a.event-link").click()
    page.wait_for_url("**/events/port-e1")
    assert page.locator("section.column h3").all_inner_texts() == [
        "Ukraine's air force",
        "Russia's defence ministry",
    ]
    assert page.locator("mark.evidence.active").count() == 0
    page.locator("a.figure", has_text="10").first.click()
    active = page.locator("mark.evidence.active")
    assert active.all_inner_texts() == ["it shot down 10 of them"]
    assert active.first.is_visible()
    assert fits(page)
    shot(page, "event-evidence")


def test_map_draws_one_marker_per_place_and_type(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/map")
    page.wait_for_selector("#map[data-markers]")
    expected = len(page.request.get(f"{live_url}/api/map").json())
    assert page.get_attribute("#map", "data-markers") == str(expected) == "3"
    assert page.locator("path.event-marker").count() == expected
    page.wait_for_function("document.querySelectorAll('#map path').length > 100")  # country outlines
    assert fits(page)
    shot(page, "map")


def test_timeline_shows_a_bar_per_day_and_type(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/timeline")
    assert page.locator("rect.bar").count() == FILLER_DAYS + 3
    assert fits(page)
    shot(page, "timeline")


def test_hostile_report_runs_nothing(page: Any, live_url: str) -> None:
    page.goto(f"{live_url}/events/hostile-e1")
    for figure in page.locator("a.figure").all():
        figure.click()
    page.locator("mark.evidence").first.hover()
    page.goto(f"{live_url}/events?q=raid")
    page.goto(f"{live_url}/disputes")
    page.goto(f"{live_url}/map?type=airstrike")
    page.wait_for_selector("#map[data-markers]")
    page.locator("path.event-marker").first.click()  # the popup shows the place name as text
    assert (
        page.locator(".leaflet-popup-content").inner_text().startswith('<b onmouseover="alert(9)">Ridge</b>')
    )
    page.goto(f"{live_url}/events/hostile-e1")
    assert page.locator("h1").inner_text() == 'airstrike in <b onmouseover="alert(9)">Ridge</b>'
    shot(page, "hostile")
    assert page.dialogs == []
