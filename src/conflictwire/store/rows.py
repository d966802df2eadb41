"""The mapping between an `Analysis` and table rows, both ways, with no database in sight.

`analysis_to_rows` turns one analysed article into the rows of each table (`Store.save`
inserts them as they are); the `*_dict` builders turn fetched rows back into dicts in the
shape of the `extract --json` contract (DESIGN.md). `weapon_json` and `dispute_value_json`
are the one definition of the JSON kept in `weapons` and `disputes.values` columns; the
text encoding itself is `schema.JSONText`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from conflictwire.models import COUNT_SLOTS, Actor, Analysis, DisputeValue, Span, Weapon

BIGINT_LIMIT = 2**63
"""Counts are BIGINT columns: -2**63 <= count < 2**63 on both backends."""

Row = dict[str, Any]
"""One table row to insert, or one dict of the read shape."""

Fetched = Mapping[Any, Any]
"""One row as fetched (`RowMapping`), by column name."""

# ------------------------------------------------------------------- Analysis -> rows


def weapon_json(weapon: Weapon) -> Row:
    """A weapon as stored in the `weapons` JSON of events and claims, and as read back."""
    return {
        "name": weapon.name,
        "kind": weapon.kind,
        "origin": weapon.origin,
        "range_km": weapon.range_km,
        "family": weapon.family,
    }


def dispute_value_json(value: DisputeValue) -> Row:
    """A dispute value as stored in `disputes.values`, and as read back."""
    return {
        "value": value.value,
        "sources": list(value.sources),
        "claim_ids": list(value.claim_ids),
    }


def _actor_columns(prefix: str, actor: Actor | None) -> Row:
    if actor is None:
        return {
            f"{prefix}_name": None,
            f"{prefix}_country": None,
            f"{prefix}_sector": None,
            f"{prefix}_anonymous": None,
        }
    return {
        f"{prefix}_name": actor.name,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
        f"{prefix}_anonymous": actor.anonymous,
    }


def _evidence_rows(kind: str, owner_id: str, spans: Iterable[Span], text: str) -> list[Row]:
    return [
        {
            "owner_kind": kind,
            "owner_id": owner_id,
            "start_char": span.start,
            "end_char": span.end,
            "text": span.text(text),
        }
        for span in spans
    ]


def analysis_to_rows(analysis: Analysis) -> dict[str, list[Row]]:
    """The rows to insert for one analysed article, by table name, in insert order.

    `articles.ingested_at` is left to the column default (the time of the insert). Raises
    `ValueError` for a claim count slot that is not one of `COUNT_SLOTS`, or a count no
    BIGINT column holds.
    """
    article = analysis.article
    text = article.text
    rows: dict[str, list[Row]] = {
        "articles": [
            {
                "id": article.id,
                "url": article.url,
                "outlet": article.outlet,
                "agency": article.agency,
                "author": article.author,
                "title": article.title,
                "published": article.published,
                "language": article.language,
                "text": text,
                "body": [[span.start, span.end] for span in article.body],
                "origin": article.origin,
                "external_id": article.external_id,
                "relevant": analysis.relevant,
            }
        ],
        "events": [],
        "claims": [],
        "evidence": [],
        "disputes": [],
    }
    for position, event in enumerate(analysis.events):
        place = event.location
        rows["events"].append(
            {
                "id": event.id,
                "article_id": article.id,
                "position": position,
                "type": event.type.name,
                "acled_event_type": event.type.acled_event_type,
                "acled_sub_event_type": event.type.acled_sub_event_type,
                "plover": event.type.plover,
                "cameo": event.type.cameo,
                "date": event.date,
                "date_precision": event.date_precision,
                "location_name": place.name if place else None,
                "geonames_id": place.geonames_id if place else None,
                "admin1": place.admin1 if place else None,
                "country": place.country if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "geo_precision": place.precision if place else None,
                **_actor_columns("actor", event.actor),
                **_actor_columns("target", event.target),
                "weapons": [weapon_json(weapon) for weapon in event.weapons],
                "trigger": event.trigger,
            }
        )
        rows["evidence"] += _evidence_rows("event", event.id, event.evidence, text)
        for claim_position, claim in enumerate(event.claims):
            counts = dict(claim.counts)
            unknown = sorted(set(counts) - set(COUNT_SLOTS))
            if unknown:
                raise ValueError(
                    f"claim {claim.id} of event {event.id}: unknown count slot(s) "
                    f"{', '.join(unknown)}; expected one of {', '.join(COUNT_SLOTS)}"
                )
            huge = sorted(slot for slot, value in counts.items() if not -BIGINT_LIMIT <= value < BIGINT_LIMIT)
            if huge:
                raise ValueError(
                    f"claim {claim.id} of event {event.id}: count {', '.join(huge)} is out of the "
                    "range a 64-bit integer column holds"
                )
            rows["claims"].append(
                {
                    "id": claim.id,
                    "event_id": event.id,
                    "position": claim_position,
                    **_actor_columns("source", claim.source),
                    "cue": claim.cue,
                    **{slot: counts.get(slot) for slot in COUNT_SLOTS},
                    "damage": claim.damage,
                    "target": claim.target,
                    "weapons": [weapon_json(weapon) for weapon in claim.weapons],
                    "negated": claim.negated,
                    "stance": claim.stance,
                    "denied": list(claim.denied),
                }
            )
            rows["evidence"] += _evidence_rows("claim", claim.id, claim.evidence, text)
        for dispute in event.disputes:
            rows["disputes"].append(
                {
                    "event_id": event.id,
                    "slot": dispute.slot,
                    "values": [dispute_value_json(value) for value in dispute.values],
                }
            )
    return rows


# ------------------------------------------------------------------- rows -> dicts


def iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def actor_dict(row: Fetched, prefix: str) -> Row | None:
    name = row[f"{prefix}_name"]
    if name is None:
        return None
    return {
        "name": name,
        "country": row[f"{prefix}_country"],
        "sector": row[f"{prefix}_sector"],
        "anonymous": bool(row[f"{prefix}_anonymous"]),
    }


def evidence_dict(row: Fetched) -> Row:
    return {"start": row["start_char"], "end": row["end_char"], "text": row["text"]}


def claim_dict(row: Fetched, spans: list[Row]) -> Row:
    return {
        "id": row["id"],
        "source": actor_dict(row, "source"),
        "cue": row["cue"],
        "counts": {slot: row[slot] for slot in COUNT_SLOTS if row[slot] is not None},
        "damage": row["damage"],
        "target": row["target"],
        "weapons": row["weapons"],
        "negated": bool(row["negated"]),
        "stance": row["stance"],
        "denied": list(row["denied"] or ()),
        "evidence": spans,
    }


def location_dict(row: Fetched) -> Row | None:
    if row["location_name"] is None:
        return None
    return {
        "name": row["location_name"],
        "geonames_id": row["geonames_id"],
        "admin1": row["admin1"],
        "country": row["country"],
        "lat": row["lat"],
        "lon": row["lon"],
        "precision": row["geo_precision"],
    }


def event_dict(
    row: Fetched,
    *,
    claims: Iterable[tuple[Fetched, list[Row]]],
    disputes: list[Row],
    evidence: list[Row],
) -> Row:
    """An event in the contract shape, with the article fields `Store` adds.

    `row` is an `events` row joined with `article_title` and `published`; `claims` pairs
    each claim row with its evidence dicts.
    """
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "article_title": row["article_title"],
        "published": iso(row["published"]),
        "type": row["type"],
        "acled": {
            "event_type": row["acled_event_type"],
            "sub_event_type": row["acled_sub_event_type"],
        },
        "plover": row["plover"],
        "cameo": row["cameo"],
        "date": iso(row["date"]),
        "date_precision": row["date_precision"],
        "location": location_dict(row),
        "actor": actor_dict(row, "actor"),
        "target": actor_dict(row, "target"),
        "weapons": row["weapons"],
        "claims": [claim_dict(claim, spans) for claim, spans in claims],
        "disputes": disputes,
        "evidence": evidence,
    }


def article_dict(row: Fetched) -> Row:
    """The contract's article fields plus body spans, origin and bookkeeping."""
    ingested: dt.datetime = row["ingested_at"]
    if ingested.tzinfo is None:  # SQLite keeps no zone; it was written as UTC
        ingested = ingested.replace(tzinfo=dt.UTC)
    return {
        "id": row["id"],
        "url": row["url"],
        "outlet": row["outlet"],
        "agency": row["agency"],
        "author": row["author"],
        "title": row["title"],
        "published": iso(row["published"]),
        "language": row["language"],
        "text": row["text"],
        "body": row["body"],
        "origin": row["origin"],
        "external_id": row["external_id"],
        "ingested_at": ingested.isoformat(),
        "relevant": bool(row["relevant"]),
    }
