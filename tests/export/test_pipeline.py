"""The real pipeline on two short invented articles, stored, then exported and read back."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conflictwire.export import Format
from conflictwire.export.run import export
from conflictwire.models import Analysis
from conflictwire.store import Store

DRONES = (
    "Russia attacks Kyiv with drones overnight\n\n"
    "KYIV, Nov 20 (Reuters) - Russia launched 12 Shahed drones at Kyiv overnight, Ukraine's air "
    "force said on Wednesday. The air force said it shot down all 12 drones. No damage was "
    "reported, the city administration said.\n"
)
MISSILES = (
    "Missiles hit Kharkiv\n\n"
    "KHARKIV, Nov 19 (Reuters) - Russia fired six missiles at Kharkiv on Tuesday, Ukraine's air "
    "force said, adding that it intercepted four of them. Two people were killed, regional "
    "governor Oleh Syniehubov said.\n"
)

pytestmark = pytest.mark.model

Analyze = Callable[..., Analysis]


@pytest.fixture
def pipeline_store(analyze_text: Analyze, tmp_path: Path) -> Store:
    url = f"sqlite:///{tmp_path / 'pipeline.db'}"
    with Store.open(url) as store:
        for text in (DRONES, MISSILES):
            assert store.save(analyze_text(text))
    return Store.open(url, create=False)


def test_acled_codes_the_invented_attacks(pipeline_store: Store) -> None:
    buffer = io.StringIO()
    with pipeline_store as store:
        export(store, Format.ACLED, stream=buffer)
    frame = pd.read_csv(io.StringIO(buffer.getvalue()), keep_default_na=False, na_values=[""])
    by_date = frame.set_index("event_date")

    drones = by_date.loc["2024-11-20"]
    assert drones["sub_event_type"] == "Disrupted weapons use"  # 12 launched, all 12 shot down
    assert drones["event_type"] == "Strategic developments"
    assert drones["fatalities"] == 0

    missiles = by_date.loc["2024-11-19"]
    assert missiles["event_type"] == "Explosions/Remote violence"  # 4 of 6 intercepted, 2 killed
    assert missiles["sub_event_type"] == "Shelling/artillery/missile attack"
    assert missiles["fatalities"] == 2
    assert (missiles["actor1"], missiles["inter1"]) == ("Military Forces of Russia", 8)
    assert (missiles["iso"], missiles["country"]) == (804, "Ukraine")
    assert "launched 6" in missiles["notes"] and "intercepted 4" in missiles["notes"]


def test_parquet_claims_match_the_stored_claims(pipeline_store: Store, tmp_path: Path) -> None:
    with pipeline_store as store:
        export(store, Format.PARQUET, out=tmp_path / "out")
        stored = [
            (claim["id"], event["id"], claim["counts"].get("killed"))
            for event in store.events(limit=100)
            for claim in event["claims"]
        ]
    claims = pq.read_table(tmp_path / "out" / "claims.parquet").to_pylist()
    assert sorted((row["id"], row["event_id"], row["killed"]) for row in claims) == sorted(stored)
    assert len(claims) >= 4
