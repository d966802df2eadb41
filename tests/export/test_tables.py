"""Events, claims and disputes as CSV, Parquet and JSON Lines, read back with pandas and pyarrow."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conflictwire.errors import ExportError
from conflictwire.export import Format
from conflictwire.export.run import Filters, export
from conflictwire.export.tables import SCHEMAS
from conflictwire.models import COUNT_SLOTS
from conflictwire.store import Store

EVENT_IDS = ["civilians-e1", "strike-e1", "debris-e1", "drones-e1", "undated-e1"]
"""Oldest event date first, undated last; ties (debris, drones) by article id."""


def stored_claims(store: Store) -> list[dict[str, object]]:
    """Every stored claim as the claims table should have it, read through `Store.event`."""
    rows = []
    for event_id in EVENT_IDS:
        event = store.event(event_id)
        assert event is not None
        for position, claim in enumerate(event["claims"]):
            source = claim["source"] or {}
            rows.append(
                {
                    "id": claim["id"],
                    "event_id": event_id,
                    "position": position,
                    "source": source.get("name"),
                    "negated": claim["negated"],
                    "damage": claim["damage"],
                    **{slot: claim["counts"].get(slot) for slot in COUNT_SLOTS},
                }
            )
    return rows


def _none(value: object) -> object:
    return None if value is pd.NA or (isinstance(value, float) and pd.isna(value)) else value


def frame_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    return [{name: _none(row[name]) for name in columns} for _, row in frame.iterrows()]


def test_csv_writes_three_tables_whose_claims_match_the_store(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = export(store, Format.CSV, out=out)
    assert result.files == (out / "events.csv", out / "claims.csv", out / "disputes.csv")
    assert result.written == {"events": 5, "claims": 9, "disputes": 2}
    assert sorted(path.name for path in out.iterdir()) == ["claims.csv", "disputes.csv", "events.csv"]

    events = pd.read_csv(out / "events.csv", keep_default_na=False, na_values=[""])
    claims = pd.read_csv(
        out / "claims.csv",
        keep_default_na=False,
        na_values=[""],
        dtype=dict.fromkeys(COUNT_SLOTS, "Int64"),
    )
    disputes = pd.read_csv(out / "disputes.csv", keep_default_na=False, na_values=[""])
    for name, frame in (("events", events), ("claims", claims), ("disputes", disputes)):
        assert list(frame.columns) == SCHEMAS[name].names

    assert list(events["id"]) == EVENT_IDS
    columns = ["id", "event_id", "position", "source", "negated", "damage", *COUNT_SLOTS]
    assert frame_rows(claims, columns) == stored_claims(store)
    assert claims["negated"].dtype == bool

    strike = events.set_index("id").loc["strike-e1"]
    assert (strike["date"], strike["published"], strike["country"]) == ("2024-11-19", "2024-11-21", "RU")
    assert (strike["lat"], strike["lon"], strike["claims"], strike["disputes"]) == (52.9, 33.4, 2, 1)
    assert (strike["killed_min"], strike["killed_max"], strike["launched_min"]) == (2, 4, 6)
    assert json.loads(strike["disputed_slots"]) == ["killed"]
    assert dt.datetime.fromisoformat(strike["ingested_at"]).tzinfo is not None

    assert frame_rows(disputes, ["event_id", "slot", "value"]) == [
        {"event_id": "strike-e1", "slot": "killed", "value": 2},
        {"event_id": "strike-e1", "slot": "killed", "value": 4},
    ]
    assert [json.loads(s) for s in disputes["sources"]] == [["Russia's defence ministry"], ["Kyiv"]]


def test_parquet_has_proper_types(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    export(store, Format.PARQUET, out=out)
    events = pq.read_table(out / "events.parquet")
    claims = pq.read_table(out / "claims.parquet")
    disputes = pq.read_table(out / "disputes.parquet")
    assert events.schema.equals(SCHEMAS["events"]) and claims.schema.equals(SCHEMAS["claims"])

    assert events.schema.field("date").type == pa.date32()
    assert events.schema.field("published").type == pa.date32()
    assert events.schema.field("lat").type == pa.float64() == events.schema.field("lon").type
    assert events.schema.field("actor_anonymous").type == pa.bool_()
    assert events.schema.field("ingested_at").type == pa.timestamp("us", tz="UTC")
    weapons = events.schema.field("weapons").type
    assert pa.types.is_list(weapons) and pa.types.is_struct(weapons.value_type)
    for slot in COUNT_SLOTS:
        assert claims.schema.field(slot).type == pa.int64()
    assert claims.schema.field("negated").type == pa.bool_()
    assert disputes.schema.field("sources").type == pa.list_(pa.string())

    rows = {row["id"]: row for row in events.to_pylist()}
    assert rows["strike-e1"]["date"] == dt.date(2024, 11, 19)
    assert rows["undated-e1"]["date"] is None and rows["undated-e1"]["lat"] is None
    assert rows["strike-e1"]["killed_min"] == 2

    frame = claims.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    assert str(frame["launched"].dtype) == "Int64"
    by_id = frame.set_index("id")
    assert by_id.loc["strike-c1", "launched"] == 6
    assert by_id.loc["strike-c2", "launched"] is pd.NA  # nullable, not NaN or 0
    columns = ["id", "event_id", "position", "source", "negated", "damage", *COUNT_SLOTS]
    assert frame_rows(frame, columns) == stored_claims(store)


def test_jsonl_is_one_nested_event_a_line(store: Store) -> None:
    buffer = io.StringIO()
    result = export(store, Format.JSONL, stream=buffer)
    lines = buffer.getvalue().splitlines()
    assert result.written == {"events": 5} and len(lines) == 5
    docs = [json.loads(line) for line in lines]
    assert [doc["id"] for doc in docs] == EVENT_IDS
    for doc in docs:
        stored = store.event(doc["id"])
        assert stored is not None
        extra = {key: doc.pop(key) for key in ("outlet", "agency", "url", "ingested_at")}
        assert doc == stored
        assert dt.datetime.fromisoformat(extra["ingested_at"]).tzinfo is not None
    assert json.loads(lines[1])["outlet"] == "Example News"


def test_jsonl_to_a_folder_uses_the_default_file_name(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = export(store, Format.JSONL, out=folder)
    assert result.files == (folder / "events.jsonl",)
    assert len((folder / "events.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    assert [path.name for path in folder.iterdir()] == ["events.jsonl"], "no temporary file is left"


@pytest.mark.parametrize("fmt", [Format.CSV, Format.PARQUET])
def test_an_empty_selection_writes_tables_with_headers(store: Store, tmp_path: Path, fmt: Format) -> None:
    result = export(store, fmt, out=tmp_path, filters=Filters(country="FR"))
    assert result.written == {"events": 0, "claims": 0, "disputes": 0}
    if fmt is Format.CSV:
        assert list(pd.read_csv(tmp_path / "claims.csv").columns) == SCHEMAS["claims"].names
    else:
        table = pq.read_table(tmp_path / "claims.parquet")
        assert table.num_rows == 0 and table.schema.equals(SCHEMAS["claims"])


@pytest.mark.parametrize("fmt", [Format.CSV, Format.PARQUET])
def test_tables_need_a_folder(store: Store, tmp_path: Path, fmt: Format) -> None:
    with pytest.raises(ExportError, match="give --out DIR"):
        export(store, fmt, stream=io.StringIO())
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export(store, fmt, out=a_file)


def test_a_missing_parent_folder_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(store, Format.ACLED, out=tmp_path / "nowhere" / "acled.csv")


def test_a_failed_export_leaves_no_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictwire.errors import StoreError
    from conflictwire.export import run
    from conflictwire.store.read_export import export_batches

    def failing(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        yield from export_batches(store, batch=1)
        raise StoreError("the database went away")

    monkeypatch.setattr(run, "export_batches", failing)
    folder = tmp_path / "out"
    with pytest.raises(StoreError, match="went away"):
        export(store, Format.CSV, out=folder)
    assert list(folder.iterdir()) == []
    with pytest.raises(StoreError):
        export(store, Format.GEOJSON, out=folder / "events.geojson")
    assert list(folder.iterdir()) == []
