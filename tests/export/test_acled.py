"""The ACLED-style CSV, read back with pandas: columns, codes, figures and the interception rule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from conflictwire import knowledge
from conflictwire.export import Format
from conflictwire.export.acled import COLUMNS, inter_code, interaction
from conflictwire.export.run import export
from conflictwire.store import Store

from .conftest import MISSILE_STRIKE, analysis

ACLED_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
"""ACLED's export columns in ACLED's order, written out here rather than imported."""

ISSUE_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def acled_frame(store: Store, **kwargs: object) -> tuple[pd.DataFrame, str]:
    buffer = io.StringIO()
    export(store, Format.ACLED, stream=buffer, **kwargs)  # type: ignore[arg-type]
    text = buffer.getvalue()
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""]), text


@pytest.fixture
def acled(store: Store) -> pd.DataFrame:
    frame, _ = acled_frame(store)
    return frame.set_index("event_id_cnty", drop=False)


def test_columns_are_acleds_in_acleds_order(acled: pd.DataFrame) -> None:
    assert list(acled.columns) == ACLED_ORDER == list(COLUMNS)
    positions = [ACLED_ORDER.index(name) for name in ISSUE_COLUMNS]
    assert positions == sorted(positions), "the issue's columns keep ACLED's relative order"


def test_one_row_per_dated_event_with_country_prefixed_ids(acled: pd.DataFrame) -> None:
    assert sorted(acled.index) == ["RUS-strike-e1", "SDN-civilians-e1", "UKR-debris-e1", "UKR-drones-e1"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in acled["event_date"])
    row = acled.loc["RUS-strike-e1"]
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-11-19", 2024, 1)


def test_state_forces_abroad_are_external_and_interaction_puts_the_lower_code_first(
    acled: pd.DataFrame,
) -> None:
    strike = acled.loc["RUS-strike-e1"]
    assert strike["actor1"] == "Military Forces of Ukraine"
    assert strike["inter1"] == 8  # Ukraine's military acting in Russia
    assert strike["actor2"] == "Russia"
    assert strike["inter2"] == 1  # Russia at home, named by its country only
    assert strike["interaction"] == 18
    assert (strike["iso"], strike["country"], strike["admin1"]) == (643, "Russia", "Bryansk Oblast")
    assert (strike["latitude"], strike["longitude"], strike["geo_precision"]) == (52.9, 33.4, 2)
    assert strike["disorder_type"] == "Political violence"
    assert strike["source"] == "Example News; Reuters"

    drones = acled.loc["UKR-drones-e1"]
    assert (drones["actor1"], drones["inter1"], drones["inter2"], drones["interaction"]) == (
        "Military Forces of Russia",
        8,
        0,
        80,
    )
    assert pd.isna(drones["actor2"])
    assert (drones["iso"], drones["country"], drones["geo_precision"]) == (804, "Ukraine", 1)


def test_violence_against_civilians_names_civilians_as_actor2(acled: pd.DataFrame) -> None:
    row = acled.loc["SDN-civilians-e1"]
    assert (row["actor1"], row["inter1"]) == ("Rapid Support Forces", 2)
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Sudan)", 7, 27)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"]) == (729, "Sudan")
    assert pd.isna(row["latitude"]) and pd.isna(row["longitude"])


def test_fatalities_are_the_lowest_reported_figure(acled: pd.DataFrame) -> None:
    assert acled.loc["RUS-strike-e1", "fatalities"] == 2  # Russia says 2, Kyiv 4
    assert acled.loc["SDN-civilians-e1", "fatalities"] == 15
    assert acled.loc["UKR-drones-e1", "fatalities"] == 0  # nobody gives a figure
    assert acled["fatalities"].dtype.kind == "i"


def test_fully_intercepted_attack_is_disrupted_weapons_use(acled: pd.DataFrame) -> None:
    drones = acled.loc["UKR-drones-e1"]
    assert (drones["disorder_type"], drones["event_type"], drones["sub_event_type"]) == (
        "Strategic developments",
        "Strategic developments",
        "Disrupted weapons use",
    )


@pytest.mark.parametrize("event_id", ["RUS-strike-e1", "UKR-debris-e1"])
def test_partly_intercepted_or_damaging_attack_stays_an_explosion(acled: pd.DataFrame, event_id: str) -> None:
    row = acled.loc[event_id]
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] in {"Shelling/artillery/missile attack", "Air/drone strike"}


def test_notes_are_one_line_with_each_sources_figures(acled: pd.DataFrame) -> None:
    notes = acled.loc["RUS-strike-e1", "notes"]
    assert "\n" not in notes
    assert notes.startswith("On 2024-11-19, missile strike by Ukraine on Russia in Bryansk Oblast, Russia.")
    assert "Russia's defence ministry: launched 6, intercepted 5, killed 2" in notes
    assert "Kyiv: killed 4, damage reported" in notes
    drones = acled.loc["UKR-drones-e1", "notes"]
    assert "unattributed (denied or not confirmed): impacted 3" in drones


def test_tags_name_the_disputed_slots_and_timestamp_is_ingestion_time(acled: pd.DataFrame) -> None:
    assert acled.loc["RUS-strike-e1", "tags"] == "disputed: killed"
    assert pd.isna(acled.loc["UKR-drones-e1", "tags"])
    now = dt.datetime.now(dt.UTC).timestamp()
    assert all(now - 600 < value <= now + 1 for value in acled["timestamp"])


def test_blank_columns_the_text_cannot_fill(acled: pd.DataFrame) -> None:
    for name in ("assoc_actor_1", "assoc_actor_2", "region", "admin2", "admin3", "source_scale"):
        assert acled[name].isna().all(), name


def test_undated_events_are_skipped_and_counted(store: Store) -> None:
    buffer = io.StringIO()
    result = export(store, Format.ACLED, stream=buffer)
    assert (result.written, result.skipped) == ({"events": 4}, {"without a date": 1})


def test_types_acled_does_not_code_are_skipped_and_counted(tmp_path: Path) -> None:
    disaster = knowledge.load().event_types["natural_disaster"]
    assert disaster.family == "non_acled"
    with Store.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.save(analysis("quake", disaster, date=dt.date(2024, 11, 19)))
        store.save(analysis("strike2", MISSILE_STRIKE, date=dt.date(2024, 11, 19)))
        buffer = io.StringIO()
        result = export(store, Format.ACLED, stream=buffer)
    assert result.skipped == {"of types ACLED does not code": 1}
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [row["event_id_cnty"] for row in rows] == ["strike2-e1"]


@pytest.mark.parametrize(
    ("actor", "event_type", "event_iso3", "code"),
    [
        ({"sector": "military", "country": "RUS"}, "Battles", "RUS", 1),
        ({"sector": "military", "country": "RUS"}, "Battles", "UKR", 8),
        ({"sector": "government", "country": "UKR"}, "Battles", None, 1),
        ({"sector": None, "country": "ISR"}, "Explosions/Remote violence", "LBN", 8),
        ({"sector": "armed_group", "country": "SDN"}, "Battles", "SDN", 2),
        ({"sector": None, "country": None}, "Protests", "KEN", 6),
        ({"sector": "unknown", "country": None}, "Riots", "KEN", 5),
        ({"sector": "civilians", "country": "SDN"}, "Violence against civilians", "SDN", 7),
        ({"sector": "international_org", "country": None}, "Strategic developments", "SDN", 8),
        ({"sector": "media", "country": None}, "Battles", "SDN", 0),
        (None, "Battles", "SDN", 0),
    ],
)
def test_inter_codes(
    actor: dict[str, str] | None, event_type: str, event_iso3: str | None, code: int
) -> None:
    assert inter_code(actor, event_type=event_type, event_iso3=event_iso3) == code


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [(8, 1, 18), (1, 8, 18), (2, 7, 27), (1, 0, 10), (0, 6, 60), (0, 0, None), (1, 1, 11)],
)
def test_interaction(inter1: int, inter2: int, expected: int | None) -> None:
    assert interaction(inter1, inter2) == expected
