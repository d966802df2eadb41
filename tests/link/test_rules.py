"""The linker's rules on hand-made items and claims: blocking, order-independent clustering,
and what counts as a cross-outlet dispute."""

from __future__ import annotations

import datetime as dt
import random

from conflictwire.link.cluster import ATTACH, ATTACH_MAX, attach_small, cluster_items
from conflictwire.link.disputes import incident_disputes
from conflictwire.link.features import Item, text_vector
from conflictwire.link.score import compatible, score

TUESDAY = dt.date(2025, 3, 4)


def item(id_: str, group: str, text: str, **fields: object) -> Item:
    base: dict[str, object] = {
        "type": "missile_strike",
        "family": "attack",
        "date": TUESDAY,
        "date_precision": "day",
        "country": "UA",
        "lat": 49.99,
        "lon": 36.23,
        "geo_precision": "city",
        "admin1": "Kharkiv Oblast",
    }
    base.update(fields)
    return Item(id=id_, group=group, vector=text_vector([text]), **base)  # type: ignore[arg-type]


def test_blocking_needs_the_date_window_a_nearby_place_and_another_article() -> None:
    a = item("a", "art1", "missiles hit Kharkiv")
    assert compatible(a, item("b", "art2", "x"))
    assert not compatible(a, item("b", "art1", "x")), "two events of one article"
    assert not compatible(a, item("b", "art2", "x", date=TUESDAY + dt.timedelta(days=7)))
    assert compatible(a, item("b", "art2", "x", date=TUESDAY + dt.timedelta(days=5), date_precision="week"))
    assert not compatible(a, item("b", "art2", "x", country="IL", lat=29.55, lon=34.95))
    assert compatible(a, item("b", "art2", "x", country="RU", lat=50.60, lon=36.59)), "across the border"
    assert not compatible(a, item("b", "art2", "x", type="protest", family="protest"))


def test_same_city_same_day_other_weapon_and_side_scores_low() -> None:
    strike = item(
        "a",
        "art1",
        "Russian Iskander missiles hit Kharkiv",
        weapon_families=frozenset({"missile"}),
        sides=frozenset({"RUS"}),
    )
    same = item("b", "art2", "Iskander missiles struck Kharkiv", weapon_families=frozenset({"missile"}))
    other = item(
        "c", "art3", "Drones hit Kharkiv", weapon_families=frozenset({"drone"}), sides=frozenset({"UKR"})
    )
    assert score(strike, same) > 0.9
    assert score(strike, other) < 0.5


def test_clusters_do_not_depend_on_input_order_and_never_join_one_article() -> None:
    items = [
        item("a1", "p1", "Iskander missiles hit Kharkiv industrial district, three killed"),
        item("a2", "p2", "Iskander missile strike on Kharkiv industrial district kills three"),
        item("a3", "p2", "Kharkiv industrial district hit by Iskander missiles, three dead"),
        item("b1", "p3", "Drones attack Odesa port", country="UA", lat=46.48, lon=30.72),
        item("b2", "p4", "Odesa port attacked by drones", country="UA", lat=46.48, lon=30.72),
    ]
    expected = cluster_items(items)
    for seed in range(5):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        assert cluster_items(shuffled) == expected
    assert ["b1", "b2"] in expected
    assert not any({"a2", "a3"} <= set(members) for members in expected), "a2 and a3 share an article"


def claim(id_: str, outlet: str, source: str | None, **values: object) -> dict[str, object]:
    return {"id": id_, "outlet": outlet, "source_name": source, "negated": False, **values}


def test_one_party_in_two_outlets_is_one_value_not_a_dispute() -> None:
    claims = [
        claim("c1", "Northern Ledger", "Ukraine's air force", launched=18, intercepted=15),
        claim("c2", "Danube Wire", "Ukraine's air force", launched=18, intercepted=15),
        claim("c3", "Harbor Times", "Ukraine's air force", launched=18, intercepted=12),
        claim("c4", "Harbor Times", "Russia", intercepted=3, negated=True),
    ]
    assert incident_disputes(claims) == [
        {
            "slot": "intercepted",
            "values": [
                {
                    "value": 12,
                    "sources": ["Ukraine's air force"],
                    "outlets": ["Harbor Times"],
                    "claim_ids": ["c3"],
                },
                {
                    "value": 15,
                    "sources": ["Ukraine's air force"],
                    "outlets": ["Danube Wire", "Northern Ledger"],
                    "claim_ids": ["c1", "c2"],
                },
            ],
        }
    ]


def test_targets_compare_without_case_or_leading_article() -> None:
    same = [claim("c1", "A", "Russia", target="the Port"), claim("c2", "B", "Ukraine", target="port")]
    assert incident_disputes(same) == []
    other = [
        claim("c1", "A", "Russia", target="a military warehouse"),
        claim("c2", "B", None, target="grain terminal"),
    ]
    [dispute] = incident_disputes(other)
    assert dispute["slot"] == "target"
    assert [v["sources"] for v in dispute["values"]] == [["(unattributed)"], ["Russia"]]


def test_a_small_cluster_joins_the_large_cluster_it_resembles_unless_they_share_an_article() -> None:
    large = [f"l{k}" for k in range(ATTACH_MAX + 1)]
    by_id = {i: Item(id=i, group=f"art-{i}") for i in [*large, "s1", "s2", "s3"]}
    by_id["s3"] = Item(id="s3", group="art-l0")  # from an article already in the large cluster
    scores = {(a, s): ATTACH + 0.05 for a in large for s in ("s1", "s3")}
    scores |= {(a, "s2"): ATTACH - 0.05 for a in large}
    found = attach_small([large, ["s1"], ["s2"], ["s3"]], by_id, scores)
    assert found == [[*large, "s1"], ["s2"], ["s3"]]
