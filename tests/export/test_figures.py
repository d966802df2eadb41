"""The per-event summaries: asserted claims only, lowest fatalities, the interception rule."""

from __future__ import annotations

from typing import Any

import pytest

from conflictwire.export.figures import count_ranges, fatalities, fully_intercepted

ATTACK = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}


def claim(
    source: str | None, *, negated: bool = False, damage: str | None = None, **counts: int
) -> dict[str, Any]:
    return {
        "source": {"name": source} if source else None,
        "counts": counts,
        "damage": damage,
        "negated": negated,
    }


def event(*claims: dict[str, Any], acled: dict[str, str] = ATTACK) -> dict[str, Any]:
    return {"id": "e", "acled": acled, "claims": list(claims), "disputes": []}


@pytest.mark.parametrize(
    "claims",
    [
        [claim("air force", launched=6, intercepted=6)],
        [claim("air force", launched=6, intercepted=7), claim("mayor", damage="none", killed=0)],
        # one source's account split over two claims, as the pipeline writes it
        [claim("air force", launched=12), claim("air force", intercepted=12)],
        # two sources: one counts the launch, the other the interceptions
        [claim("Ukraine's air force", launched=12), claim("air force", intercepted=12)],
        # a denial holds the figures it rejects
        [claim("air force", launched=4, intercepted=4), claim(None, negated=True, impacted=2)],
    ],
    ids=["one-claim", "more-intercepted", "split-account", "two-sources", "denied-impact"],
)
def test_fully_intercepted(claims: list[dict[str, Any]]) -> None:
    assert fully_intercepted(event(*claims))


@pytest.mark.parametrize(
    "claims",
    [
        [claim("Russia", launched=6, intercepted=5)],
        [claim("air force", launched=6, intercepted=6), claim("US official", launched=8, intercepted=2)],
        [claim("air force", launched=6, intercepted=6), claim("governor", damage="reported")],
        [claim("air force", launched=6, intercepted=6), claim("governor", injured=1)],
        [claim("air force", launched=6, intercepted=6), claim("governor", impacted=1)],
        [claim("air force", intercepted=6), claim("analyst", launched=9)],
        [claim("air force", intercepted=6)],
        [claim("air force", launched=6)],
        [],
    ],
    ids=[
        "partly",
        "one-source-says-partly",
        "damage",
        "injured",
        "impacted",
        "more-launched-than-anyone-intercepted",
        "no-launch-figure",
        "no-interception-figure",
        "no-claims",
    ],
)
def test_not_fully_intercepted(claims: list[dict[str, Any]]) -> None:
    assert not fully_intercepted(event(*claims))


def test_only_attacks_can_be_fully_intercepted() -> None:
    battle = event(
        claim("army", launched=3, intercepted=3),
        acled={"event_type": "Battles", "sub_event_type": "Armed clash"},
    )
    assert not fully_intercepted(battle)


def test_fatalities_take_the_lowest_asserted_figure() -> None:
    assert (
        fatalities(event(claim("a", killed=4), claim("b", killed=2), claim("c", negated=True, killed=0))) == 2
    )
    assert fatalities(event(claim("a", injured=3))) == 0


def test_count_ranges_cover_asserted_claims_only() -> None:
    ranges = count_ranges(
        event(claim("a", launched=6, killed=1), claim("b", launched=8), claim("c", negated=True, launched=1))
    )
    assert ranges == {"launched": {"min": 6, "max": 8}, "killed": {"min": 1, "max": 1}}
