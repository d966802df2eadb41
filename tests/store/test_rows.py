"""`analysis_to_rows`: the mapping from an Analysis to table rows, without a database."""

from __future__ import annotations

import dataclasses

import pytest

from conflictwire.models import Analysis, Article, Claim, Event
from conflictwire.store.db import analysis_to_rows

from .conftest import MISSILE_STRIKE, SAMPLE_TEXT, sample_analysis


def test_rows_cover_every_table_in_insert_order() -> None:
    rows = analysis_to_rows(sample_analysis())

    assert list(rows) == ["articles", "events", "claims", "evidence", "disputes"]
    assert [len(rows[table]) for table in rows] == [1, 2, 3, 5, 2]


def test_article_row_keeps_text_and_body_spans() -> None:
    analysis = sample_analysis()
    (article,) = analysis_to_rows(analysis)["articles"]

    assert article["id"] == analysis.article.id
    assert article["text"] == SAMPLE_TEXT
    assert article["body"] == [[0, SAMPLE_TEXT.index("\nClose")]]
    assert article["relevant"] is True
    assert "ingested_at" not in article  # left to the column default at insert time


def test_evidence_rows_hold_the_quoted_text() -> None:
    evidence = analysis_to_rows(sample_analysis())["evidence"]

    quoted = {(row["owner_kind"], row["owner_id"], row["text"]) for row in evidence}
    assert quoted == {
        ("event", "a-e1", "Ukraine struck Bryansk region with six ATACMS missiles on Tuesday"),
        ("claim", "a-c1", "intercepted five of the six missiles"),
        ("claim", "a-c2", "an arms depot exploded"),
        ("claim", "a-c3", "two of eight missiles"),
        ("claim", "a-c3", "were intercepted"),
    }
    for row in evidence:
        assert SAMPLE_TEXT[row["start_char"] : row["end_char"]] == row["text"]


def test_claim_counts_become_columns_and_absent_slots_null() -> None:
    claims = {row["id"]: row for row in analysis_to_rows(sample_analysis())["claims"]}

    russia = claims["a-c1"]
    assert (russia["launched"], russia["intercepted"], russia["impacted"]) == (6, 5, None)
    assert (russia["killed"], russia["injured"]) == (0, 0)
    assert [claims[i]["position"] for i in ("a-c1", "a-c2", "a-c3")] == [0, 1, 2]


def test_missing_source_and_location_become_null_columns() -> None:
    rows = analysis_to_rows(sample_analysis(country=None))
    unnamed = rows["claims"][2]
    strike, bare = rows["events"]

    assert [unnamed[f"source_{f}"] for f in ("name", "country", "sector", "anonymous")] == [None] * 4
    assert strike["location_name"] is None
    assert strike["lat"] is None
    assert bare["actor_name"] is None
    assert bare["weapons"] == []


def test_weapons_and_dispute_values_as_json_ready_lists() -> None:
    rows = analysis_to_rows(sample_analysis())

    assert rows["events"][0]["weapons"] == [
        {"name": "ATACMS", "kind": "ballistic missile", "origin": "USA", "range_km": 300, "family": "missile"}
    ]
    assert rows["disputes"][0] == {
        "event_id": "a-e1",
        "slot": "launched",
        "values": [
            {"value": 6, "sources": ["Russia"], "claim_ids": ["a-c1"]},
            {"value": 8, "sources": ["US official"], "claim_ids": ["a-c3"]},
        ],
    }


def test_unknown_count_slot_is_refused_with_its_name() -> None:
    claim = Claim(id="c", source=None, cue=None, counts=(("wounded", 3),))
    analysis = Analysis(
        article=Article(text="text"), events=(Event(id="e", type=MISSILE_STRIKE, claims=(claim,)),)
    )

    with pytest.raises(ValueError, match=r"claim c of event e: unknown count slot.*wounded"):
        analysis_to_rows(analysis)


def test_irrelevant_article_is_one_row_and_marked() -> None:
    analysis = dataclasses.replace(sample_analysis(), events=(), relevant=False)
    rows = analysis_to_rows(analysis)

    assert rows["articles"][0]["relevant"] is False
    assert all(rows[table] == [] for table in ("events", "claims", "evidence", "disputes"))
