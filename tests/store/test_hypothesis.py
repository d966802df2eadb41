"""Any claim stored reads back equal, after closing and reopening the database, on SQLite and
PostgreSQL alike; only NUL comes back as U+FFFD (PostgreSQL refuses it in text)."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.models import COUNT_SLOTS, SECTORS, Actor, Analysis, Article, Claim, Event, Span, Weapon
from conflictwire.store import Store
from conflictwire.store.schema import without_nul

from .conftest import BACKENDS, MISSILE_STRIKE, new_database

_serial = itertools.count()

actors = st.builds(
    Actor,
    name=st.text(max_size=40),
    country=st.none() | st.sampled_from(["RUS", "UKR", "USA", "ISR", "IRN"]),
    sector=st.none() | st.sampled_from(sorted(SECTORS)),
    anonymous=st.booleans(),
)
weapons = st.builds(
    Weapon,
    name=st.text(min_size=1, max_size=20),
    kind=st.text(max_size=20),
    origin=st.none() | st.text(max_size=10),
    range_km=st.none() | st.integers(0, 20_000),
    family=st.sampled_from(["missile", "drone", "artillery", "rocket", "aircraft", "other"]),
)
counts = st.tuples(*(st.none() | st.integers(0, 10**6) for _ in COUNT_SLOTS)).map(
    lambda values: tuple(
        (slot, value) for slot, value in zip(COUNT_SLOTS, values, strict=True) if value is not None
    )
)


@st.composite
def article_and_claim(draw: st.DrawFn) -> tuple[str, Claim]:
    text = draw(st.text(max_size=200))
    bounds = st.integers(0, len(text))
    spans = draw(st.lists(st.tuples(bounds, bounds).map(sorted).map(lambda b: Span(*b)), max_size=3))
    claim = Claim(
        id="claim",  # made unique per example by the test
        source=draw(st.none() | actors),
        cue=draw(st.none() | st.text(max_size=15)),
        counts=draw(counts),
        damage=draw(st.none() | st.sampled_from(["none", "reported"]) | st.text(max_size=30)),
        target=draw(st.none() | st.text(max_size=60)),
        weapons=tuple(draw(st.lists(weapons, max_size=2))),
        evidence=tuple(spans),
        negated=draw(st.booleans()),
        stance=draw(st.sampled_from(["asserts", "denies", "not_confirmed"])),
        denied=tuple(draw(st.lists(st.sampled_from(COUNT_SLOTS), unique=True, max_size=3))),
    )
    return text, claim


def expected_claim(claim: Claim, text: str) -> dict[str, Any]:
    """The contract's claim dict, written out from the dataclass without the store's helpers,
    with NUL as U+FFFD."""
    source = claim.source
    return without_nul(
        {
            "id": claim.id,
            "source": None
            if source is None
            else {
                "name": source.name,
                "country": source.country,
                "sector": source.sector,
                "anonymous": source.anonymous,
            },
            "cue": claim.cue,
            "counts": dict(claim.counts),
            "damage": claim.damage,
            "target": claim.target,
            "weapons": [
                {
                    "name": w.name,
                    "kind": w.kind,
                    "origin": w.origin,
                    "range_km": w.range_km,
                    "family": w.family,
                }
                for w in claim.weapons
            ],
            "negated": claim.negated,
            "stance": claim.stance,
            "denied": list(claim.denied),
            "evidence": [
                {"start": s.start, "end": s.end, "text": text[s.start : s.end]} for s in claim.evidence
            ],
        }
    )


@pytest.fixture(scope="module", params=BACKENDS)
def shared_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database per backend for all examples (a new one per example would dominate)."""
    folder: Path = tmp_path_factory.mktemp("hypothesis")
    return new_database(request.param, request, folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=article_and_claim())
def test_any_claim_round_trips(shared_db_url: str, drawn: tuple[str, Claim]) -> None:
    serial = next(_serial)  # each example is a new article with new ids in the shared file
    text = drawn[0] + f"\n#{serial}"
    claim = dataclasses.replace(drawn[1], id=f"claim-{serial}")
    event_id = f"event-{serial}"
    analysis = Analysis(
        article=Article(text=text), events=(Event(id=event_id, type=MISSILE_STRIKE, claims=(claim,)),)
    )
    with Store.open(shared_db_url) as store:
        assert store.save(analysis) is True

    with Store.open(shared_db_url, create=False) as store:
        event = store.event(event_id)
        article = store.article(analysis.article.id)

    assert event is not None
    assert event["claims"] == [expected_claim(claim, text)]
    assert article is not None
    assert article["text"] == text.replace("\x00", "\ufffd")
