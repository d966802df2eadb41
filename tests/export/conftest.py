"""A small real SQLite store for the export tests, built from hand-made analyses.

Five articles, each with one event whose figures are known exactly:

- `strike`: Ukraine's military strikes Bryansk (Russia) on 2024-11-19; Russia says 5 of 6
  missiles were intercepted and 2 people killed, Ukraine says 4 were killed: partly
  intercepted, a dispute on `killed`. Outlet "Example News", agency Reuters.
- `drones`: Russia's military sends drones at Kyiv on 2024-11-20; the air force says 12
  launched, another claim of the same source all 12 shot down, the city says no damage:
  fully intercepted. Outlet "Kyiv Post", agency AFP.
- `debris`: as `drones` but a source reports damage: not fully intercepted.
- `civilians`: the RSF (armed group) attacks civilians in El Fasher, Sudan, 2024-11-18,
  no target named, no coordinates.
- `undated`: an armed clash with neither date nor place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

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
)
from conflictwire.store import Store

MISSILE_STRIKE = EventType(
    "missile_strike",
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
    "ASSAULT",
    "195",
    "attack",
)
DRONE_STRIKE = EventType(
    "drone_strike", "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195", "attack"
)
ATTACK_ON_CIVILIANS = EventType(
    "attack_on_civilians", "Violence against civilians", "Attack", "ASSAULT", "180", "violence"
)
ARMED_CLASH = EventType("armed_clash", "Battles", "Armed clash", "ASSAULT", "190", "battle")

BRYANSK = Place(
    "Bryansk Oblast",
    country="RU",
    admin1="Bryansk Oblast",
    geonames_id=571473,
    lat=52.9,
    lon=33.4,
    precision="admin1",
)
KYIV = Place(
    "Kyiv", country="UA", admin1="Kyiv City", geonames_id=703448, lat=50.45, lon=30.52, precision="city"
)
EL_FASHER = Place("El Fasher", country="SD", admin1="North Darfur", precision="city")

UKRAINE_MIL = Actor("Ukraine", country="UKR", sector="military")
RUSSIA_MIL = Actor("Russia", country="RUS", sector="military")
RSF = Actor("Rapid Support Forces", country="SDN", sector="armed_group")


def claim(
    claim_id: str,
    source: Actor | None,
    *,
    negated: bool = False,
    damage: str | None = None,
    **counts: int,
) -> Claim:
    """A claim with the given counts (in the contract's slot order) and no evidence."""
    order = ("launched", "intercepted", "impacted", "killed", "injured")
    return Claim(
        id=claim_id,
        source=source,
        cue="say",
        counts=tuple((slot, counts[slot]) for slot in order if slot in counts),
        damage=damage,
        negated=negated,
    )


def analysis(
    name: str,
    event_type: EventType,
    *,
    claims: tuple[Claim, ...] = (),
    date: dt.date | None = None,
    place: Place | None = None,
    actor: Actor | None = None,
    target: Actor | None = None,
    disputes: tuple[Dispute, ...] = (),
    outlet: str | None = None,
    agency: str | None = None,
) -> Analysis:
    """One article (text unique to `name`) with one event `<name>-e1`."""
    text = f"Report {name}: something happened."
    article = Article(
        text=text,
        title=f"Report {name}",
        published=dt.date(2024, 11, 21),
        outlet=outlet,
        agency=agency,
        body=(Span(0, len(text)),),
    )
    event = Event(
        id=f"{name}-e1",
        type=event_type,
        date=date,
        date_precision="day" if date else None,
        location=place,
        actor=actor,
        target=target,
        claims=claims,
        disputes=disputes,
        evidence=(Span(0, len(text)),),
    )
    return Analysis(article=article, events=(event,))


def analyses() -> list[Analysis]:
    russia = Actor("Russia's defence ministry", country="RUS", sector="government")
    kyiv = Actor("Kyiv", country="UKR", sector="government")
    air_force = Actor("Ukraine's air force", country="UKR", sector="military")
    city = Actor("city administration", country="UKR", sector="government")
    strike_claims = (
        claim("strike-c1", russia, launched=6, intercepted=5, killed=2),
        claim("strike-c2", kyiv, killed=4, damage="reported"),
    )
    return [
        analysis(
            "strike",
            MISSILE_STRIKE,
            claims=strike_claims,
            date=dt.date(2024, 11, 19),
            place=BRYANSK,
            actor=UKRAINE_MIL,
            target=Actor("Russia", country="RUS"),
            disputes=(
                Dispute(
                    "killed",
                    (
                        DisputeValue(2, ("Russia's defence ministry",), ("strike-c1",)),
                        DisputeValue(4, ("Kyiv",), ("strike-c2",)),
                    ),
                ),
            ),
            outlet="Example News",
            agency="Reuters",
        ),
        analysis(
            "drones",
            DRONE_STRIKE,
            claims=(
                claim("drones-c1", air_force, launched=12),
                claim("drones-c2", air_force, intercepted=12),
                claim("drones-c3", city, damage="none"),
                # a denial carries the figures it rejects: not a report of impacts
                claim("drones-c4", None, negated=True, impacted=3),
            ),
            date=dt.date(2024, 11, 20),
            place=KYIV,
            actor=RUSSIA_MIL,
            outlet="Kyiv Post",
            agency="AFP",
        ),
        analysis(
            "debris",
            DRONE_STRIKE,
            claims=(
                claim("debris-c1", air_force, launched=8, intercepted=8),
                claim("debris-c2", city, damage="reported"),
            ),
            date=dt.date(2024, 11, 20),
            place=KYIV,
            actor=RUSSIA_MIL,
            outlet="Kyiv Post",
        ),
        analysis(
            "civilians",
            ATTACK_ON_CIVILIANS,
            claims=(
                claim(
                    "civilians-c1", Actor("medics", country="SDN", sector="civilians"), killed=15, injured=30
                ),
            ),
            date=dt.date(2024, 11, 18),
            place=EL_FASHER,
            actor=RSF,
            outlet="Sudan Tribune",
        ),
        analysis("undated", ARMED_CLASH, actor=Actor("unknown gunmen"), outlet="Example News"),
    ]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite file holding `analyses()`."""
    path = tmp_path / "conflictwire.db"
    with Store.open(f"sqlite:///{path}") as store:
        for item in analyses():
            assert store.save(item)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{db_path}", create=False) as opened:
        yield opened
