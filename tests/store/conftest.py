"""Hand-built analyses, and a fresh database per test on each backend.

`sample_analysis()` is the founding example in miniature: one missile strike with three
claims (Russia, Ukraine, an unnamed source) that disagree on how many missiles were
launched. Every span is found in the text by phrase, so a wrong offset cannot hide.

`db_url` is parametrised over SQLite (a file in `tmp_path`) and PostgreSQL (a new database
on the session's throwaway server, see `pg.py`; those cases carry the `postgres` marker),
so every test that takes it runs the same on both. `sqlite_url` and `db_path` are for the
tests of what only SQLite has (files, WAL, pragmas).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

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
from conflictwire.store import versioning

from .pg import pg_server, pg_url  # noqa: F401 - fixtures, found by pytest through this import

BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))

SAMPLE_TEXT = (
    "Ukraine fires US missiles into Russia\n"
    "Ukraine struck Bryansk region with six ATACMS missiles on Tuesday, Russia's defence "
    "ministry said. Russia claimed it intercepted five of the six missiles and that no one "
    "was hurt. Kyiv said an arms depot exploded. A US official said two of eight missiles "
    "were intercepted.\n"
    "Close"
)

MISSILE_STRIKE = EventType(
    name="missile_strike",
    acled_event_type="Explosions/Remote violence",
    acled_sub_event_type="Shelling/artillery/missile attack",
    plover="ASSAULT",
    cameo="195",
    family="missile",
)

INTERCEPTION = EventType(
    name="interception",
    acled_event_type="Strategic developments",
    acled_sub_event_type="Disrupted weapons use",
    plover="COERCE",
    cameo=None,
    family="missile",
)

ATACMS = Weapon(name="ATACMS", kind="ballistic missile", origin="USA", range_km=300, family="missile")


def span_of(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def sample_analysis(
    text: str = SAMPLE_TEXT,
    *,
    prefix: str = "a",
    published: dt.date | None = dt.date(2024, 11, 20),
    event_date: dt.date | None = dt.date(2024, 11, 19),
    country: str | None = "RU",
) -> Analysis:
    """One article with one fully filled event; `prefix` keeps event and claim ids unique."""
    article = Article(
        text=text,
        title="Ukraine fires US missiles into Russia",
        published=published,
        url="https://example.org/news/1",
        outlet="Example News",
        agency="Reuters",
        language="en",
        external_id="ext-1",
        origin="tests/fixtures/example.txt",
        body=(Span(0, text.index("\nClose")),) if "\nClose" in text else (Span(0, len(text)),),
    )
    russia = Claim(
        id=f"{prefix}-c1",
        source=Actor("Russia", country="RUS", sector="government"),
        cue="claim",
        counts=(("launched", 6), ("intercepted", 5), ("killed", 0), ("injured", 0)),
        damage="none",
        target="military facility",
        evidence=(span_of(text, "intercepted five of the six missiles"),),
    )
    ukraine = Claim(
        id=f"{prefix}-c2",
        source=Actor("Kyiv", country="UKR", sector="government"),
        cue="say",
        damage="reported",
        target="arms depot",
        weapons=(ATACMS,),
        evidence=(span_of(text, "an arms depot exploded"),),
    )
    unnamed = Claim(
        id=f"{prefix}-c3",
        source=None,
        cue=None,
        counts=(("launched", 8), ("intercepted", 2)),
        evidence=(span_of(text, "two of eight missiles"), span_of(text, "were intercepted")),
        negated=True,
    )
    event = Event(
        id=f"{prefix}-e1",
        type=MISSILE_STRIKE,
        date=event_date,
        date_precision="day" if event_date else None,
        location=Place(
            name="Bryansk Oblast",
            country=country,
            admin1="Bryansk Oblast",
            geonames_id=571473,
            lat=52.9,
            lon=33.4,
            precision="admin1",
        )
        if country
        else None,
        actor=Actor("Ukraine", country="UKR", sector="military"),
        target=Actor("Russia", country="RUS", sector=None),
        weapons=(ATACMS,),
        claims=(russia, ukraine, unnamed),
        disputes=(
            Dispute(
                slot="launched",
                values=(
                    DisputeValue(6, ("Russia",), (russia.id,)),
                    DisputeValue(8, ("US official",), (unnamed.id,)),
                ),
            ),
            Dispute(
                slot="damage",
                values=(
                    DisputeValue("none", ("Russia",), (russia.id,)),
                    DisputeValue("reported", ("Kyiv",), (ukraine.id,)),
                ),
            ),
        ),
        evidence=(span_of(text, "Ukraine struck Bryansk region with six ATACMS missiles on Tuesday"),),
        trigger="struck",
    )
    bare = Event(id=f"{prefix}-e2", type=INTERCEPTION)
    return Analysis(article=article, events=(event, bare))


def other_analysis(
    n: int,
    *,
    event_date: dt.date | None = dt.date(2024, 11, 19),
    country: str | None = "RU",
) -> Analysis:
    """A distinct article (own text, own ids) built like `sample_analysis`."""
    return sample_analysis(
        SAMPLE_TEXT + f"\nUpdate {n}.", prefix=f"x{n}", event_date=event_date, country=country
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "conflictwire.db"


@pytest.fixture
def sqlite_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


def new_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """The URL of a new, empty database on `backend`; SQLite files go in `folder`."""
    if backend == "postgres":
        server = request.getfixturevalue("pg_server")
        url: str = server.create_database()
        return url
    return f"sqlite:///{folder / 'conflictwire.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each backend in turn."""
    return new_database(request.param, request, tmp_path)


CONTENT = ("articles", "events", "claims", "evidence", "disputes")


def row_counts(url: str) -> dict[str, int]:
    """Rows per content table, read with a plain engine rather than through the Store."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one() for table in CONTENT
            }
    finally:
        engine.dispose()


def downgrade(url: str, revision: str, *statements: str) -> None:
    """Take the database at `url` back to `revision` (an older schema), then run `statements`
    in the same transaction: how the migration tests make the databases older versions left."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(versioning.alembic_config(conn), revision)
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
