"""The JSON contract of `conflictwire extract --json` (DESIGN.md): one function per shape.

Keys are stable and a value the text does not give is null. Tests, exports and outside
scorers read this shape, so it changes only with the golden files.
"""

from __future__ import annotations

from typing import Any

from conflictwire.models import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Claim,
    Dispute,
    Event,
    Place,
    PlaceMention,
    Quantity,
    Span,
    TimeMention,
    Weapon,
)

JSON = dict[str, Any]


def span(s: Span, text: str) -> JSON:
    return {"start": s.start, "end": s.end, "text": text[s.start : s.end]}


def actor(a: Actor | None) -> JSON | None:
    if a is None:
        return None
    return {"name": a.name, "country": a.country, "sector": a.sector, "anonymous": a.anonymous}


def place(p: Place | None) -> JSON | None:
    if p is None:
        return None
    return {
        "name": p.name,
        "geonames_id": p.geonames_id,
        "admin1": p.admin1,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "precision": p.precision,
    }


def weapon(w: Weapon) -> JSON:
    return {"name": w.name, "kind": w.kind, "origin": w.origin, "range_km": w.range_km}


def article(a: Article) -> JSON:
    return {
        "id": a.id,
        "url": a.url,
        "outlet": a.outlet,
        "agency": a.agency,
        "author": a.author,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "text": a.text,
    }


def claim(c: Claim, text: str) -> JSON:
    return {
        "id": c.id,
        "source": actor(c.source),
        "cue": c.cue,
        "negated": c.negated,
        "stance": c.stance,
        "counts": dict(c.counts),
        "denied": list(c.denied),
        "damage": c.damage,
        "target": c.target,
        "weapons": [weapon(w) for w in c.weapons],
        "evidence": [span(s, text) for s in c.evidence],
    }


def dispute(d: Dispute) -> JSON:
    return {
        "slot": d.slot,
        "values": [
            {"value": v.value, "sources": list(v.sources), "claims": list(v.claim_ids)} for v in d.values
        ],
    }


def event_date(e: Event) -> str | None:
    """The date at its precision: 2024-11-19 (day or week: the week's Monday), 2024-11, 2024."""
    if e.date is None:
        return None
    if e.date_precision == "month":
        return e.date.isoformat()[:7]
    if e.date_precision == "year":
        return str(e.date.year)
    return e.date.isoformat()


def event(e: Event, text: str) -> JSON:
    return {
        "id": e.id,
        "type": e.type.name,
        "acled": {"event_type": e.type.acled_event_type, "sub_event_type": e.type.acled_sub_event_type},
        "plover": e.type.plover,
        "cameo": e.type.cameo,
        "date": event_date(e),
        "date_precision": e.date_precision,
        "location": place(e.location),
        "actor": actor(e.actor),
        "target": actor(e.target),
        "weapons": [weapon(w) for w in e.weapons],
        "claims": [claim(c, text) for c in e.claims],
        "disputes": [dispute(d) for d in e.disputes],
        "evidence": [span(s, text) for s in e.evidence],
    }


def place_item(p: PlaceMention, text: str) -> JSON:
    return {**span(p.span, text), **(place(p.place) or {}), "name": p.place.name, "role": p.role}


def time_item(t: TimeMention, text: str) -> JSON:
    return {**span(t.span, text), "value": t.value, "type": t.type, "precision": t.precision}


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def quantity_item(q: Quantity, text: str) -> JSON:
    """A quantity; a range writes its value as [low, high] (CQE's reading of "5 to 7 per cent")."""
    value: float | int | list[float | int] = (
        _number(q.value) if q.high is None else [_number(q.value), _number(q.high)]
    )
    of = None if q.of is None else _number(q.of)
    return {**span(q.span, text), "value": value, "of": of, "unit": q.unit, "slot": q.slot,
            "approximate": q.approximate}  # fmt: skip


def attribution_item(a: Attribution, text: str) -> JSON:
    return {
        "source": span(a.source, text) if a.source else None,
        "cue": span(a.cue, text),
        "content": span(a.content, text),
        "cue_lemma": a.cue_lemma,
        "negated": a.negated,
        "source_actor": actor(a.actor),
    }


def analysis(result: Analysis, *, layers: bool = False) -> JSON:
    text = result.article.text
    out: JSON = {"article": article(result.article), "events": [event(e, text) for e in result.events]}
    if layers:
        out["layers"] = {
            "places": [place_item(p, text) for p in result.layers.places],
            "times": [time_item(t, text) for t in result.layers.times],
            "quantities": [quantity_item(q, text) for q in result.layers.quantities],
            "attributions": [attribution_item(a, text) for a in result.layers.attributions],
        }
    return out
