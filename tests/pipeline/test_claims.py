"""Claims: which counts a statement claims about an attack, and which are tallies it does not.

Every sentence is fictional and parsed by the real model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from conflictwire.models import Analysis

pytestmark = pytest.mark.model

Analyze = Callable[..., Analysis]


def claimed(analysis: Analysis) -> list[dict[str, int]]:
    """The counts of every claim of the article, in event order."""
    return [dict(c.counts) for e in analysis.events for c in e.claims]


@pytest.mark.parametrize(
    "tally",
    [
        "Over 3,000 people have been killed over five months of fighting, according to the UN.",
        "More than 2,400 civilians have been killed since April, the monitoring group said.",
        "So far this year, 61 soldiers have been killed in the province, officials said.",
        "The war has left 870 dead on the eastern side, the ministry said.",
        "The UN said 1,210 civilians were killed from January through June.",
        "In 2009, such attacks killed 44 soldiers in 19 separate attacks.",
        "The bombing was the deadliest since the 1998 embassy attack that killed 212 people.",
        "He said that over the past month, militants had fired some 2,700 rockets at the border towns.",
        "The raid came just two weeks after a bomb attack killed 58 people at a stadium in the city.",
    ],
)
def test_a_tally_over_a_long_period_is_no_claim_about_the_attack(analyze_text: Analyze, tally: str) -> None:
    text = f"A drone struck a market in Sumy on Tuesday, killing four people, the governor said. {tally}"
    analysis = analyze_text(text, published=dt.date(2024, 11, 20))
    assert claimed(analysis) == [{"killed": 4}]
    # the figure is still read: it stays in the quantities layer
    assert any(q.slot for q in analysis.layers.quantities if q.value > 40)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "Shelling hit the town on Tuesday, leaving at least five dead and 16 wounded, police said.",
            {"killed": 5, "injured": 16},
        ),
        ("At least 70 rockets have been fired at the town since Monday, the army said.", {"launched": 70}),
        ("Rockets hit the town on Tuesday. Nine people have been killed, the mayor said.", {"killed": 9}),
    ],
)
def test_the_count_of_the_day_stays_a_claim(analyze_text: Analyze, text: str, counts: dict[str, int]) -> None:
    assert counts in claimed(analyze_text(text))


@pytest.mark.parametrize(
    ("denial", "slots"),
    [
        ("The army rejected claims that three civilians were killed in the strike.", ["killed"]),
        ("The ministry denied that any civilians were killed or wounded.", ["killed", "injured"]),
        ("Moscow dismissed reports that 40 drones had been launched at the town.", ["launched"]),
    ],
)
def test_a_denial_disputes_the_figure_it_rejects_without_asserting_it(
    analyze_text: Analyze, denial: str, slots: list[str]
) -> None:
    text = (
        "A drone strike hit a market in Sumy on Tuesday, Ukraine's air force said, adding that 40 drones "
        f"were launched. The governor said three people were killed and two wounded. {denial}"
    )
    (event,) = analyze_text(text, published=dt.date(2024, 11, 20)).events
    denials = [c for c in event.claims if c.stance == "denies"]
    assert [(c.denied, c.counts) for c in denials] == [(tuple(slots), ())]
    disputed = {d.slot: {v.value for v in d.values} for d in event.disputes}
    for slot in slots:
        assert "denied" in disputed[slot]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Local media quoted the governor as saying three people were killed in the shelling.", "governor"),
        ("The governor was quoted as saying three people were killed in the shelling.", "governor"),
        (
            "State television cited a military source as saying 20 rockets were fired at the town.",
            "military source",
        ),
    ],
)
def test_the_one_quoted_as_saying_is_the_source(analyze_text: Analyze, text: str, speaker: str) -> None:
    claims = [c for e in analyze_text(text, published=dt.date(2024, 11, 20)).events for c in e.claims]
    assert [c.source.name if c.source else None for c in claims] == [speaker]
