"""Stored events flattened into three tables: events, claims and disputes, with their types.

One row per event, one per claim (`event_id` joins it to its event) and one per disputed
value (a dispute on `launched` between 6 and 8 is two rows, each with the sources that
hold it). Each table is declared once as a pyarrow schema; Parquet writes it as it is and
CSV renders the same values as text (see `files.py`). Types: dates are date32, counts and
ids of places nullable int64, coordinates float64, flags bool, the time of ingestion a UTC
timestamp; weapons and evidence are lists of structs, dispute sources and claim ids lists
of strings. A dispute value is text ("6", "reported") because a slot holds either numbers
or words. The events table keeps the codes as stored (ACLED's Disrupted weapons use rule
is applied by the ACLED export only) and adds, per count slot, the lowest and highest
figure the asserted claims give (`figures.count_ranges`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

import pyarrow as pa

from conflictwire.export.figures import count_ranges, disputed_slots
from conflictwire.models import COUNT_SLOTS

Row = dict[str, Any]
Event = Mapping[str, Any]

WEAPON: Final = pa.struct(
    [
        ("name", pa.string()),
        ("kind", pa.string()),
        ("origin", pa.string()),
        ("range_km", pa.int64()),
        ("family", pa.string()),
    ]
)
EVIDENCE: Final = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])


def _actor_fields(prefix: str) -> list[pa.Field]:
    return [
        pa.field(prefix, pa.string()),
        pa.field(f"{prefix}_country", pa.string()),
        pa.field(f"{prefix}_sector", pa.string()),
        pa.field(f"{prefix}_anonymous", pa.bool_()),
    ]


EVENTS: Final = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("article_title", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("outlet", pa.string()),
        pa.field("agency", pa.string()),
        pa.field("url", pa.string()),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC")),
        pa.field("type", pa.string(), nullable=False),
        pa.field("acled_event_type", pa.string()),
        pa.field("acled_sub_event_type", pa.string()),
        pa.field("plover", pa.string()),
        pa.field("cameo", pa.string()),
        pa.field("date", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("location", pa.string()),
        pa.field("geonames_id", pa.int64()),
        pa.field("admin1", pa.string()),
        pa.field("country", pa.string()),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        pa.field("geo_precision", pa.string()),
        *_actor_fields("actor"),
        *_actor_fields("target"),
        pa.field("weapons", pa.list_(WEAPON)),
        pa.field("claims", pa.int64(), nullable=False),
        pa.field("disputes", pa.int64(), nullable=False),
        pa.field("disputed_slots", pa.list_(pa.string())),
        *(pa.field(f"{slot}_{end}", pa.int64()) for slot in COUNT_SLOTS for end in ("min", "max")),
    ]
)

CLAIMS: Final = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("position", pa.int64(), nullable=False),
        *_actor_fields("source"),
        pa.field("cue", pa.string()),
        pa.field("negated", pa.bool_(), nullable=False),
        pa.field("stance", pa.string()),
        pa.field("denied", pa.list_(pa.string())),
        *(pa.field(slot, pa.int64()) for slot in COUNT_SLOTS),
        pa.field("damage", pa.string()),
        pa.field("target", pa.string()),
        pa.field("weapons", pa.list_(WEAPON)),
        pa.field("evidence", pa.list_(EVIDENCE)),
    ]
)

DISPUTES: Final = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("slot", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("sources", pa.list_(pa.string())),
        pa.field("claim_ids", pa.list_(pa.string())),
    ]
)

SCHEMAS: Final[dict[str, pa.Schema]] = {"events": EVENTS, "claims": CLAIMS, "disputes": DISPUTES}
"""Table name -> schema, in the order the tables are written."""


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _actor(prefix: str, actor: Mapping[str, Any] | None) -> Row:
    actor = actor or {}
    return {
        prefix: actor.get("name"),
        f"{prefix}_country": actor.get("country"),
        f"{prefix}_sector": actor.get("sector"),
        f"{prefix}_anonymous": actor.get("anonymous") if actor else None,
    }


def _weapons(weapons: list[Mapping[str, Any]] | None) -> list[Row]:
    return [{name: weapon.get(name) for name in WEAPON.names} for weapon in weapons or ()]


def event_row(event: Event) -> Row:
    location = event.get("location") or {}
    actor = event.get("actor")
    ranges = count_ranges(event)
    row: Row = {
        "id": event["id"],
        "article_id": event["article_id"],
        "article_title": event.get("article_title"),
        "published": _date(event.get("published")),
        "outlet": event.get("outlet"),
        "agency": event.get("agency"),
        "url": event.get("url"),
        "ingested_at": event.get("ingested_at"),
        "type": event["type"],
        "acled_event_type": (event.get("acled") or {}).get("event_type"),
        "acled_sub_event_type": (event.get("acled") or {}).get("sub_event_type"),
        "plover": event.get("plover"),
        "cameo": event.get("cameo"),
        "date": _date(event.get("date")),
        "date_precision": event.get("date_precision"),
        "location": location.get("name"),
        "geonames_id": location.get("geonames_id"),
        "admin1": location.get("admin1"),
        "country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "geo_precision": location.get("precision"),
        **_actor("actor", actor),
        **_actor("target", event.get("target")),
        "weapons": _weapons(event.get("weapons")),
        "claims": len(event.get("claims") or ()),
        "disputes": len(event.get("disputes") or ()),
        "disputed_slots": disputed_slots(event),
    }
    for slot in COUNT_SLOTS:
        for end in ("min", "max"):
            row[f"{slot}_{end}"] = ranges.get(slot, {}).get(end)
    return row


def claim_rows(event: Event) -> list[Row]:
    rows = []
    for position, claim in enumerate(event.get("claims") or ()):
        counts = claim.get("counts") or {}
        rows.append(
            {
                "id": claim["id"],
                "event_id": event["id"],
                "position": position,
                **_actor("source", claim.get("source")),
                "cue": claim.get("cue"),
                "negated": bool(claim.get("negated")),
                "stance": claim.get("stance"),
                "denied": list(claim.get("denied") or ()),
                **{slot: counts.get(slot) for slot in COUNT_SLOTS},
                "damage": claim.get("damage"),
                "target": claim.get("target"),
                "weapons": _weapons(claim.get("weapons")),
                "evidence": [
                    {"start": span["start"], "end": span["end"], "text": span["text"]}
                    for span in claim.get("evidence") or ()
                ],
            }
        )
    return rows


def dispute_rows(event: Event) -> list[Row]:
    return [
        {
            "event_id": event["id"],
            "slot": dispute["slot"],
            "value": str(value["value"]),
            "sources": list(value.get("sources") or ()),
            "claim_ids": list(value.get("claim_ids") or ()),
        }
        for dispute in event.get("disputes") or ()
        for value in dispute.get("values") or ()
    ]


def table_rows(events: list[Row]) -> dict[str, list[Row]]:
    """The rows of each table for a batch of events, by table name (`SCHEMAS` order)."""
    return {
        "events": [event_row(event) for event in events],
        "claims": [row for event in events for row in claim_rows(event)],
        "disputes": [row for event in events for row in dispute_rows(event)],
    }
