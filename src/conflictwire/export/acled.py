"""An ACLED-style CSV: ACLED's 31 columns in ACLED's order, coded by ACLED's codebook.

One row per dated event (ACLED keys every event on its day; an event whose date the text
did not give is skipped and counted), except events of family `non_acled` (crime,
disasters, diplomacy), which ACLED does not code: skipped and counted too. How each column is filled:

- `event_id_cnty`: the ISO 3166-1 alpha-3 code of the event's country, a hyphen, and the
  conflictwire event id (so a row joins back to `events.csv`); the bare id without a place.
- `event_date` YYYY-MM-DD, `year`; `time_precision` 1 day, 2 week, 3 month or year.
- `event_type`, `sub_event_type` as stored, except that an attack every source says was
  fully intercepted (`figures.fully_intercepted`) becomes Strategic developments /
  Disrupted weapons use, as ACLED codes it; `disorder_type` follows the event type.
- `actor1`/`actor2` are the event's actor and target, named as ACLED names state actors
  when the sector says so ("Military Forces of Russia", "Government of Ukraine",
  "Civilians (Sudan)"), otherwise as written. Violence against civilians with no target
  gets "Civilians (<event country>)" as actor2, as ACLED always has.
- `inter1`/`inter2` (ACLED's numeric actor codes): military, government and official
  actors, and an actor named only by its country (no sector), are state forces, 1 in
  their own country (or where the event's country is unknown) and 8, external forces,
  abroad, as ACLED codes a foreign military; armed groups 2 (rebel groups: the text does
  not tell a rebel group from a militia); in Riots and Protests a non-state actor is 5
  (rioters) or 6 (protesters); civilians 7; international organisations 8; media,
  analysts, unknown or no actor 0 (not coded).
- `interaction`: the two codes as a two-digit number, lower first (18: state forces
  against external forces); a lone actor is its code and 0 (10: sole state action);
  blank when neither actor is coded. `civilian_targeting` when actor2 is civilians.
- `iso` ISO 3166-1 numeric (pycountry), `country` its short name (knowledge file),
  `admin1`, `location`, `latitude`, `longitude`; `geo_precision` 1 point or city,
  2 admin1 region, 3 country. `region`, `admin2`, `admin3`, `assoc_actor_*` and
  `source_scale` are left blank: the text does not give them and no value is guessed.
- `source`: the article's outlet and wire agency, "; "-separated.
- `notes`: one line: date, event type, actor, target, place, weapons, then each claim's
  figures with the source that gave them.
- `fatalities`: the lowest killed figure any source asserts (ACLED takes the most
  conservative report), 0 when none gives one.
- `tags`: "disputed: <slots>" when the sources disagree; `timestamp`: Unix time of ingestion.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final, TextIO

import pycountry

from conflictwire import knowledge
from conflictwire.export.figures import (
    asserted_claims,
    disputed_slots,
    fatalities,
    fully_intercepted,
)
from conflictwire.export.files import CsvTable
from conflictwire.models import COUNT_SLOTS

Row = dict[str, Any]
Event = Mapping[str, Any]
Actor = Mapping[str, Any]

COLUMNS: Final = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
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
)
"""ACLED's export columns, in ACLED's order."""

TIME_PRECISION: Final = {"day": 1, "week": 2, "month": 3, "year": 3}
LEAST_PRECISE: Final = 3
"""time_precision of a date stored without its precision: claim no more than ACLED's loosest."""
GEO_PRECISION: Final = {"point": 1, "city": 1, "admin1": 2, "country": 3}
DISORDER_TYPE: Final = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISRUPTED: Final = ("Strategic developments", "Disrupted weapons use")

STATE_FORCES, REBELS, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL, NOT_CODED = 1, 2, 5, 6, 7, 8, 0
STATE_SECTORS: Final = frozenset({"military", "government", "official"})
UNSPECIFIED_SECTORS: Final = frozenset({None, "unknown"})


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 and alpha-3 -> (alpha-3, short name), from the knowledge file."""
    found: dict[str, tuple[str, str]] = {}
    for country in knowledge.load().countries:
        found[country.iso2] = found[country.iso3] = (country.iso3, country.name)
    return found


def country_name(code: str | None) -> str | None:
    """The short name ("Russia") of an ISO alpha-2 or alpha-3 code, None when unknown."""
    if not code:
        return None
    known = _countries().get(code.upper())
    return known[1] if known else None


def _alpha3(alpha2: str | None) -> str | None:
    known = _countries().get(alpha2.upper()) if alpha2 else None
    return known[0] if known else None


def iso_numeric(alpha2: str | None) -> int | None:
    """ISO 3166-1 numeric code (643 for RU), None for a code without one (Kosovo)."""
    if not alpha2:
        return None
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return int(country.numeric) if country is not None else None


def actor_name(actor: Actor | None, *, event_country: str | None) -> str | None:
    """The actor named as ACLED names state forces and civilians, else as written."""
    if not actor:
        return None
    sector = actor.get("sector")
    country = country_name(actor.get("country"))
    if sector == "military" and country:
        return f"Military Forces of {country}"
    if sector in {"government", "official"} and country:
        return f"Government of {country}"
    if sector == "civilians" and (country or event_country):
        return f"Civilians ({country or event_country})"
    return str(actor.get("name"))


def inter_code(actor: Actor | None, *, event_type: str | None, event_iso3: str | None) -> int:
    """ACLED's actor code for `actor` in an event of `event_type` in the country `event_iso3`."""
    if not actor:
        return NOT_CODED
    sector = actor.get("sector")
    country = actor.get("country")
    if sector == "civilians":
        return CIVILIANS
    state = sector in STATE_SECTORS or (sector in UNSPECIFIED_SECTORS and bool(country))
    if not state and event_type == "Riots":
        return RIOTERS
    if not state and event_type == "Protests":
        return PROTESTERS
    if sector == "armed_group":
        return REBELS
    if sector == "international_org":
        return EXTERNAL
    if state:
        abroad = bool(country and event_iso3 and country != event_iso3)
        return EXTERNAL if abroad else STATE_FORCES
    return NOT_CODED


def interaction(inter1: int, inter2: int) -> int | None:
    """Two actor codes as ACLED's interaction: lower first; a lone actor's code times ten."""
    codes = sorted(code for code in (inter1, inter2) if code != NOT_CODED)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _figures(claim: Mapping[str, Any]) -> str:
    counts = claim.get("counts") or {}
    figures = [f"{slot} {counts[slot]}" for slot in COUNT_SLOTS if counts.get(slot) is not None]
    if claim.get("damage"):
        figures.append(f"damage {claim['damage']}")
    return ", ".join(figures)


def notes(event: Event, *, country: str | None) -> str:
    """One line: what happened, when, where, with what, then each source's figures."""
    location = event.get("location") or {}
    text = f"On {event['date']}, {str(event['type']).replace('_', ' ')}"
    if event.get("actor"):
        text += f" by {event['actor']['name']}"
    if event.get("target"):
        text += f" on {event['target']['name']}"
    if location.get("name"):
        text += f" in {location['name']}" + (
            f", {country}" if country and country != location["name"] else ""
        )
    if event.get("weapons"):
        text += " with " + ", ".join(str(weapon["name"]) for weapon in event["weapons"])
    text += "."
    asserted = {id(claim) for claim in asserted_claims(event)}
    reports = []
    for claim in event.get("claims") or ():
        figures = _figures(claim)
        if not figures:
            continue
        source = (claim.get("source") or {}).get("name") or "unattributed"
        if id(claim) not in asserted:
            source += " (denied or not confirmed)"
        reports.append(f"{source}: {figures}")
    if reports:
        text += " Claims: " + "; ".join(reports) + "."
    return " ".join(text.split())  # one line, whatever the names hold


def _source(event: Event) -> str:
    names: list[str] = []
    for name in (event.get("outlet"), event.get("agency")):
        if name and name not in names:
            names.append(str(name))
    return "; ".join(names)


UNDATED: Final = "without a date"
NOT_ACLED: Final = "of types ACLED does not code"
"""Why an event gets no row: ACLED keys every event on its day, and types of family
`non_acled` (crime, disasters, diplomacy: the CASE 2021 extra labels) are outside its codebook."""


def skip_reason(event: Event) -> str | None:
    """Why `event` gets no ACLED row, or None when it gets one."""
    if not event.get("date"):
        return UNDATED
    known = knowledge.load().event_types.get(event.get("type") or "")
    if known is not None and known.family == "non_acled":
        return NOT_ACLED
    return None


def acled_row(event: Event) -> Row | None:
    """The event as an ACLED row, or None when it gets none (see `skip_reason`)."""
    if skip_reason(event) is not None:
        return None
    date = dt.date.fromisoformat(event["date"])
    location = event.get("location") or {}
    alpha2 = location.get("country")
    iso3 = _alpha3(alpha2)
    country = country_name(alpha2)
    acled = event.get("acled") or {}
    event_type, sub_event_type = acled.get("event_type"), acled.get("sub_event_type")
    if fully_intercepted(event):
        event_type, sub_event_type = DISRUPTED
    actor, target = event.get("actor"), event.get("target")
    if not target and event_type == "Violence against civilians":
        target = {"name": "Civilians", "sector": "civilians", "country": iso3}
    inter1 = inter_code(actor, event_type=event_type, event_iso3=iso3)
    inter2 = inter_code(target, event_type=event_type, event_iso3=iso3)
    slots = disputed_slots(event)
    ingested = event.get("ingested_at")
    return {
        "event_id_cnty": f"{iso3}-{event['id']}" if iso3 else event["id"],
        "event_date": date.isoformat(),
        "year": date.year,
        "time_precision": TIME_PRECISION.get(event.get("date_precision") or "", LEAST_PRECISE),
        "disorder_type": DISORDER_TYPE.get(event_type or ""),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor_name(actor, event_country=country),
        "inter1": inter1,
        "actor2": actor_name(target, event_country=country),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS else None,
        "iso": iso_numeric(alpha2),
        "country": country,
        "admin1": location.get("admin1"),
        "location": location.get("name"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": GEO_PRECISION.get(location.get("precision") or ""),
        "source": _source(event),
        "notes": notes(event, country=country),
        "fatalities": fatalities(event),
        "tags": f"disputed: {', '.join(slots)}" if slots else None,
        "timestamp": int(ingested.timestamp()) if isinstance(ingested, dt.datetime) else None,
    }


def write_acled(batches: Iterable[list[Row]], stream: TextIO) -> tuple[int, dict[str, int]]:
    """Write the header and one row per event ACLED codes; return (rows written, events left
    out by reason)."""
    table = CsvTable(stream, COLUMNS)
    written = 0
    left_out: Counter[str] = Counter()
    for batch in batches:
        rows = []
        for event in batch:
            row = acled_row(event)
            if row is None:
                left_out[skip_reason(event) or UNDATED] += 1
            else:
                rows.append(row)
        table.write(rows)
        written += len(rows)
    return written, dict(left_out)
