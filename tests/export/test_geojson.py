"""GeoJSON: a FeatureCollection of Points, [lon, lat], read back with json and pandas."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from conflictwire.export import Format
from conflictwire.export.run import export
from conflictwire.store import Store


def test_events_with_coordinates_become_points(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "events.geojson"
    result = export(store, Format.GEOJSON, out=target)
    assert (result.written, result.skipped) == ({"events": 3}, {"without coordinates": 2})

    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in collection["features"]}
    assert sorted(features) == ["debris-e1", "drones-e1", "strike-e1"]
    for feature in features.values():
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"

    strike = features["strike-e1"]
    assert strike["geometry"]["coordinates"] == [33.4, 52.9]  # [lon, lat]
    assert features["drones-e1"]["geometry"]["coordinates"] == [30.52, 50.45]
    props = strike["properties"]
    assert (props["type"], props["date"], props["date_precision"], props["geo_precision"]) == (
        "missile_strike",
        "2024-11-19",
        "day",
        "admin1",
    )
    assert (props["actor"], props["actor_country"], props["target"]) == ("Ukraine", "UKR", "Russia")
    assert props["counts"] == {
        "launched": {"min": 6, "max": 6},
        "intercepted": {"min": 5, "max": 5},
        "killed": {"min": 2, "max": 4},
    }
    assert (props["claims"], props["disputes"], props["disputed_slots"]) == (2, 1, ["killed"])


def test_properties_load_as_a_table(store: Store) -> None:
    buffer = io.StringIO()
    export(store, Format.GEOJSON, stream=buffer)
    features = json.loads(buffer.getvalue())["features"]
    frame = pd.json_normalize(features)
    assert len(frame) == 3
    lon_lat = frame["geometry.coordinates"].tolist()
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in lon_lat)
    assert frame.set_index("id").loc["drones-e1", "properties.outlet"] == "Kyiv Post"


def test_no_events_is_an_empty_collection(store: Store) -> None:
    from conflictwire.export.run import Filters

    buffer = io.StringIO()
    result = export(store, Format.GEOJSON, stream=buffer, filters=Filters(country="FR"))
    assert json.loads(buffer.getvalue()) == {"type": "FeatureCollection", "features": []}
    assert (result.written, result.skipped) == ({"events": 0}, {})
