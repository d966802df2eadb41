"""The web tests' database: a few invented reports, one of them hostile, and incidents.

`write_fixture_db(path)` stores, through `Store.save`, analyses built by hand (every span
found in the text by phrase): a drone attack on a port with two parties disagreeing on
interceptions, a shelling with two death tolls, a report whose title, outlet, url, text,
and source names carry HTML and script, an undated event, and filler events over thirty
days for paging; then it links two reports of the drone attack from different outlets
into an incident, writing `incidents` rows as `link/` does (the agreed JSON of
`incidents.disputes`). None of the reports describes a real event.

Run as a script to write the database for a person to browse:
`python tests/web/fixtures.py /tmp/web.db && conflictwire serve --db /tmp/web.db`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Final

import sqlalchemy as sa

from conflictwire.models import (
    Actor,
    Analysis,
    Article,
    Claim,
    Dispute,
    DisputeValue,
    Event,
    EventType,
    Place,
    Span,
    Weapon,
)
from conflictwire.store import Store
from conflictwire.store.schema import incident_events, incidents

DRONE_STRIKE = EventType(
    "drone_strike", "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195", "drone"
)
SHELLING = EventType(
    "shelling",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
    "ASSAULT",
    "195",
    "artillery",
)
AIRSTRIKE = EventType(
    "airstrike", "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195", "aircraft"
)
DRONE = Weapon(name="Geran-2", kind="loitering munition", origin="RUS", range_km=1800, family="drone")
HOWITZER = Weapon(name="howitzer", kind="artillery", family="artillery")

PORT = Place("Portovo", country="UA", admin1="Odesa Oblast", lat=45.35, lon=28.84, precision="city")
VALLEY = Place("Wadi Sahel", country="SD", admin1="North Darfur", lat=13.63, lon=25.35, precision="town")
HOSTILE_PLACE = Place(
    '<b onmouseover="alert(9)">Ridge</b>', country="SY", lat=35.0, lon=38.0, precision="town"
)

PORT_TEXT: Final = (
    "Drones strike river port\n"
    "Russia launched 14 drones at the river port of Portovo on Monday night, Ukraine's air force "
    "said. The air force said it shot down 10 of them. Russia's defence ministry said all 14 "
    "drones hit their targets and destroyed a fuel depot.\n"
)
PORT_TEXT_2: Final = (
    "Port hit overnight\n"
    "A fuel depot burned in Portovo after a drone attack on Monday, the regional governor said. "
    "The governor said 12 drones were shot down and two people were injured.\n"
)
VALLEY_TEXT: Final = (
    "Shelling in Wadi Sahel\n"
    "Artillery shells hit a market in Wadi Sahel on Sunday. A local medic said 12 people were "
    "killed. The army said seven people died and blamed the militia. The militia denied that "
    "anyone was killed.\n"
)
HOSTILE_TEXT: Final = (
    "<script>alert('title')</script> Raid report\n"
    'Aircraft bombed the Ridge area on Saturday, "><img src=x onerror=alert(1)> residents said. '
    "<script>alert(2)</script> A monitor said 3 people were killed. "
    '<a href="javascript:alert(3)">click here</a> for more.\n'
)
UNDATED_TEXT: Final = "Drone downed\nA drone was shot down near Portovo, the air force said.\n"

HOSTILE_MARKERS: Final = ("alert(1)", "alert(2)", "alert(3)", "alert(9)", "alert('title')", "alert(7)")
"""Strings from the hostile report; the browser test fails if a dialog shows any text."""

FILLER_DAYS: Final = 30
FIRST_DAY: Final = dt.date(2024, 10, 1)


def span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def _article(text: str, *, title: str, outlet: str, url: str, published: dt.date) -> Article:
    return Article(
        text=text, title=title, outlet=outlet, url=url, published=published, language="en",
        body=(Span(0, len(text)),),
    )  # fmt: skip


def port_analysis() -> Analysis:
    text = PORT_TEXT
    air_force = Claim(
        id="port-c1",
        source=Actor("Ukraine's air force", country="UKR", sector="military"),
        cue="said",
        counts=(("launched", 14), ("intercepted", 10)),
        evidence=(span(text, "Russia launched 14 drones"), span(text, "it shot down 10 of them")),
    )
    ministry = Claim(
        id="port-c2",
        source=Actor("Russia's defence ministry", country="RUS", sector="military"),
        cue="said",
        counts=(("launched", 14), ("intercepted", 0)),
        damage="destroyed",
        target="fuel depot",
        evidence=(span(text, "all 14 drones hit their targets and destroyed a fuel depot"),),
    )
    event = Event(
        id="port-e1",
        type=DRONE_STRIKE,
        date=dt.date(2024, 11, 18),
        date_precision="day",
        location=PORT,
        actor=Actor("Russia", country="RUS"),
        weapons=(DRONE,),
        claims=(air_force, ministry),
        disputes=(
            Dispute(
                "intercepted",
                (
                    DisputeValue(10, ("Ukraine's air force",), ("port-c1",)),
                    DisputeValue(0, ("Russia's defence ministry",), ("port-c2",)),
                ),
            ),
        ),
        evidence=(span(text, "Russia launched 14 drones at the river port of Portovo on Monday night"),),
        trigger="launched",
    )
    article = _article(
        text, title="Drones strike river port", outlet="Wire One", url="https://example.org/port",
        published=dt.date(2024, 11, 19),
    )  # fmt: skip
    return Analysis(article=article, events=(event,))


def port_analysis_2() -> Analysis:
    text = PORT_TEXT_2
    governor = Claim(
        id="port2-c1",
        source=Actor("the regional governor", sector="government"),
        cue="said",
        counts=(("intercepted", 12), ("injured", 2)),
        evidence=(span(text, "12 drones were shot down and two people were injured"),),
    )
    event = Event(
        id="port2-e1", type=DRONE_STRIKE, date=dt.date(2024, 11, 18), date_precision="day",
        location=PORT, weapons=(DRONE,), claims=(governor,),
        evidence=(span(text, "A fuel depot burned in Portovo after a drone attack on Monday"),),
    )  # fmt: skip
    article = _article(
        text, title="Port hit overnight", outlet="Wire Two", url="https://example.net/port",
        published=dt.date(2024, 11, 19),
    )  # fmt: skip
    return Analysis(article=article, events=(event,))


def valley_analysis() -> Analysis:
    text = VALLEY_TEXT
    medic = Claim(
        id="valley-c1", source=Actor("a local medic", anonymous=True), cue="said",
        counts=(("killed", 12),), evidence=(span(text, "12 people were killed"),),
    )  # fmt: skip
    army = Claim(
        id="valley-c2", source=Actor("the army", country="SDN", sector="military"), cue="said",
        counts=(("killed", 7),), evidence=(span(text, "seven people died"),),
    )  # fmt: skip
    militia = Claim(
        id="valley-c3", source=Actor("The militia"), cue="deny", negated=True, stance="denies",
        denied=("killed",), evidence=(span(text, "The militia denied that anyone was killed"),),
    )  # fmt: skip
    event = Event(
        id="valley-e1", type=SHELLING, date=dt.date(2024, 11, 17), date_precision="day",
        location=VALLEY, weapons=(HOWITZER,), claims=(medic, army, militia),
        disputes=(
            Dispute("killed", (DisputeValue(12, ("a local medic",), ("valley-c1",)),
                               DisputeValue(7, ("the army",), ("valley-c2",)),
                               DisputeValue("denied", ("The militia",), ("valley-c3",)))),
        ),
        evidence=(span(text, "Artillery shells hit a market in Wadi Sahel on Sunday"),),
    )  # fmt: skip
    article = _article(
        text, title="Shelling in Wadi Sahel", outlet="Desert Dispatch", url="http://example.com/valley",
        published=dt.date(2024, 11, 18),
    )  # fmt: skip
    return Analysis(article=article, events=(event,))


def hostile_analysis() -> Analysis:
    text = HOSTILE_TEXT
    monitor = Claim(
        id="hostile-c1",
        source=Actor('"><img src=x onerror=alert(7)>', sector="ngo"),
        cue="<script>alert(2)</script>",
        counts=(("killed", 3),),
        target="<img src=x onerror=alert(1)>",
        evidence=(span(text, "A monitor said 3 people were killed"),),
    )
    event = Event(
        id="hostile-e1", type=AIRSTRIKE, date=dt.date(2024, 11, 16), date_precision="day",
        location=HOSTILE_PLACE, claims=(monitor,),
        evidence=(span(text, '"><img src=x onerror=alert(1)> residents said'),),
    )  # fmt: skip
    article = _article(
        text, title="<script>alert('title')</script> Raid report", outlet='"><img src=x onerror=alert(1)>',
        url="javascript:alert(3)", published=dt.date(2024, 11, 17),
    )  # fmt: skip
    return Analysis(article=article, events=(event,))


def undated_analysis() -> Analysis:
    text = UNDATED_TEXT
    event = Event(
        id="undated-e1", type=DRONE_STRIKE, location=PORT, evidence=(span(text, "A drone was shot down"),)
    )
    article = _article(
        text, title="Drone downed", outlet="Wire One", url="https://example.org/d", published=None
    )
    return Analysis(article=article, events=(event,))


def filler_analyses() -> list[Analysis]:
    """One shelling report a day, for paging and the timeline."""
    out = []
    for day in range(FILLER_DAYS):
        date = FIRST_DAY + dt.timedelta(days=day)
        text = (
            f"Front line report {day}\nShells fell on Wadi Sahel on {date:%B %d}, killing {day + 1} people.\n"
        )
        event = Event(
            id=f"fill-{day:02d}", type=SHELLING, date=date, date_precision="day", location=VALLEY,
            weapons=(HOWITZER,), evidence=(span(text, "Shells fell on Wadi Sahel"),),
        )  # fmt: skip
        article = _article(
            text, title=f"Front line report {day}", outlet="Desert Dispatch",
            url=f"https://example.com/fill/{day}", published=date,
        )  # fmt: skip
        out.append(Analysis(article=article, events=(event,)))
    return out


def all_analyses() -> list[Analysis]:
    return [
        port_analysis(), port_analysis_2(), valley_analysis(), hostile_analysis(), undated_analysis(),
        *filler_analyses(),
    ]  # fmt: skip


INCIDENT_ID: Final = "inc-port-2024-11-18"
INCIDENT_DISPUTES: Final = [
    {
        "slot": "intercepted",
        "values": [
            {
                "value": 10,
                "sources": ["Ukraine's air force"],
                "outlets": ["Wire One"],
                "claim_ids": ["port-c1"],
            },
            {
                "value": 0,
                "sources": ["Russia's defence ministry"],
                "outlets": ["Wire One"],
                "claim_ids": ["port-c2"],
            },
            {
                "value": 12,
                "sources": ["the regional governor"],
                "outlets": ["Wire Two"],
                "claim_ids": ["port2-c1"],
            },
        ],
    }
]


def write_incidents(store: Store) -> None:
    """The incident `link/` would make of the two port reports (rows as it writes them)."""
    with store.engine.begin() as conn:
        conn.execute(
            sa.insert(incidents),
            [
                {
                    "id": INCIDENT_ID, "type": "drone_strike", "date": dt.date(2024, 11, 18),
                    "date_precision": "day", "country": "UA", "admin1": "Odesa Oblast",
                    "lat": PORT.lat, "lon": PORT.lon, "disputes": INCIDENT_DISPUTES,
                }
            ],
        )  # fmt: skip
        conn.execute(
            sa.insert(incident_events),
            [
                {"incident_id": INCIDENT_ID, "event_id": "port-e1", "score": 0.92},
                {"incident_id": INCIDENT_ID, "event_id": "port2-e1", "score": 0.92},
            ],
        )


def write_fixture_db(url: str) -> None:
    with Store.open(url) as store:
        summary = store.save_many(all_analyses())
        assert summary.failed == 0, summary.failures
        write_incidents(store)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "web-fixture.db")
    write_fixture_db(f"sqlite:///{target}")
    print(f"wrote {target}")
