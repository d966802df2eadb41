"""Events as a GeoJSON FeatureCollection of Points (RFC 7946), streamed feature by feature.

Coordinates are `[lon, lat]` in WGS 84, as RFC 7946 orders them. Properties: id, type,
date, date_precision, location, admin1, country, geo_precision (how much of the place
the text gave: a point is a point, an admin1 point is that region's centre), actor and
target (name and country), weapon names, `counts` (for each slot some asserted claim
gives, its lowest and highest figure), the number of claims and disputes, the disputed
slots, and the article id and outlet. An event without coordinates cannot be drawn: it is
skipped and counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from conflictwire.export.figures import count_ranges, disputed_slots

Row = dict[str, Any]


def _name(actor: Mapping[str, Any] | None) -> str | None:
    return None if not actor else actor.get("name")


def _country(actor: Mapping[str, Any] | None) -> str | None:
    return None if not actor else actor.get("country")


def feature(event: Mapping[str, Any]) -> Row | None:
    """The event as a Point feature, or None when it has no coordinates."""
    location = event.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "id": event["id"],
            "type": event["type"],
            "date": event.get("date"),
            "date_precision": event.get("date_precision"),
            "location": location.get("name"),
            "admin1": location.get("admin1"),
            "country": location.get("country"),
            "geo_precision": location.get("precision"),
            "actor": _name(event.get("actor")),
            "actor_country": _country(event.get("actor")),
            "target": _name(event.get("target")),
            "target_country": _country(event.get("target")),
            "weapons": [weapon["name"] for weapon in event.get("weapons") or ()],
            "counts": count_ranges(event),
            "claims": len(event.get("claims") or ()),
            "disputes": len(event.get("disputes") or ()),
            "disputed_slots": disputed_slots(event),
            "article_id": event.get("article_id"),
            "outlet": event.get("outlet"),
        },
    }


def write_geojson(batches: Iterable[list[Row]], stream: TextIO) -> tuple[int, int]:
    """Write the FeatureCollection, one feature a line; return (features written, skipped)."""
    written = skipped = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for batch in batches:
        for event in batch:
            found = feature(event)
            if found is None:
                skipped += 1
                continue
            stream.write(("," if written else "") + "\n" + json.dumps(found, ensure_ascii=False))
            written += 1
    stream.write("\n]}\n")
    return written, skipped
