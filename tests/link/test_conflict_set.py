"""The conflict test set end to end: analysed, stored, linked; the incidents must be exactly
the five written plus the near misses, and each incident's cross-outlet disputes must match
`tests/golden/link/incidents.json` (rewrite it with `--update-golden`, read the diff).

Linking incrementally, article by article in any order, must give what `relink` gives.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from conflictwire.link.run import link_pending, relink
from conflictwire.models import Analysis
from conflictwire.store import Store
from conflictwire.store import incidents as sql

from .conftest import label_of

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).parents[1] / "golden" / "link" / "incidents.json"

EXPECTED = [
    ["a1", "a2", "a3", "a4"],  # Iskander strike on Kharkiv, Tuesday
    ["b1", "b2", "b3"],  # Shahed drones on Odesa port, the same day
    ["c1", "c2", "c3"],  # shelling of Kherson, Wednesday
    ["d1", "d2", "d3"],  # Houthi ballistic missile at Eilat, the same Tuesday
    ["e1", "e2"],  # Kharkiv struck again a week later
    ["f1", "f2"],  # Ukrainian drones over Belgorod, the same Tuesday
]


def incidents_by_label(store: Store, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every incident as its article labels, type, date, country and disputes (no claim ids,
    no incident ids: those are hashes), sorted by labels."""
    with sql.reading(store) as conn:
        members = sql.memberships(conn)
        found = [sql.incident(conn, incident_id) for incident_id in members]
    shown = []
    for entry in found:
        assert entry is not None
        summary, events = entry
        disputes = [
            {
                "slot": d["slot"],
                "values": [{k: v[k] for k in ("value", "sources", "outlets")} for v in d["values"]],
            }
            for d in summary["disputes"]
        ]
        shown.append(
            {
                "articles": sorted(labels[event_id] for event_id, _ in events),
                "type": summary["type"],
                "date": summary["date"],
                "country": summary["country"],
                "outlets": summary["outlets"],
                "disputes": disputes,
            }
        )
    return sorted(shown, key=lambda incident: incident["articles"])


def snapshot(store: Store) -> tuple[dict[str, list[str]], dict[str, Any]]:
    with sql.reading(store) as conn:
        return sql.memberships(conn), sql.all_disputes(conn)


def test_conflict_set_links_exactly(conflict_set: list[Analysis], db_url: str, update_golden: bool) -> None:
    with Store.open(db_url) as store:
        store.save_many(conflict_set)
        link_pending(store)
        shown = incidents_by_label(store, label_of(conflict_set))
    assert [incident["articles"] for incident in shown] == EXPECTED
    rendered = json.dumps(shown, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if update_golden:
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file; run pytest tests/link --update-golden"
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == shown


def test_disputes_name_each_value_once_with_every_outlet(conflict_set: list[Analysis], db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save_many(conflict_set)
        link_pending(store)
        kharkiv = next(
            i for i in incidents_by_label(store, label_of(conflict_set)) if i["articles"][0] == "a1"
        )
    killed = next(d for d in kharkiv["disputes"] if d["slot"] == "killed")
    # Two papers carry the governor's three dead, one his later four: two values, not three.
    assert killed["values"] == [
        {"value": 3, "sources": ["regional governor"], "outlets": ["Danube Wire", "Northern Ledger"]},
        {"value": 4, "sources": ["regional governor"], "outlets": ["Coastline Post"]},
    ]
    assert "launched" not in {d["slot"] for d in kharkiv["disputes"]}  # four, in every outlet


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_linking_in_any_order_equals_relink(
    conflict_set: list[Analysis], db_url: str, seed: int
) -> None:
    order = list(conflict_set)
    random.Random(seed).shuffle(order)
    with Store.open(db_url) as store:
        for analysis in order:  # one article at a time, as `watch` brings them
            store.save(analysis)
            link_pending(store)
        incremental = snapshot(store)
        done = relink(store)
        assert snapshot(store) == incremental
    assert done.incidents == len(EXPECTED)
    assert sorted(len(members) for members in incremental[0].values()) == [2, 2, 3, 3, 3, 4]
