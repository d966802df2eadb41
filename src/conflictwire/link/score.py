"""Whether two reports may describe one happening (`compatible`), and how likely they do (`score`).

`compatible` is the blocking rule: dates within the window of the coarser precision, the
same country (or points within `CROSS_BORDER_KM`), event-type families that can describe
one happening, and never two items of one article. `store.incidents.candidate_rows` applies
the same rule in SQL, a little wider (it cannot compute distances), and this function is
the exact check after it.

`score` adds up evidence as log-odds, each feature saying "same", "different" or nothing
(unknown on either side), and maps the sum to (0, 1). Counts never count against a link:
outlets and parties disagree on numbers, which is what disputes are for. A difference that
reports of one happening cannot have (another weapon family, another acting side, places
far apart, other years) counts strongly against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from conflictwire.link.features import Item, cosine

CROSS_BORDER_KM: Final = 100.0
"""Reports placed in two countries can still be one happening near a border (a strike on a
border town, placed by one outlet at the town, by another at the region across the line)."""

EARTH_RADIUS_KM: Final = 6371.0

COMPATIBLE_FAMILIES: Final[dict[str, frozenset[str]]] = {
    "attack": frozenset({"attack", "violence"}),
    "violence": frozenset({"attack", "violence", "battle"}),
    "battle": frozenset({"battle", "violence"}),
}
"""Event-type families (knowledge/event_types.tsv) that may type one happening differently:
a strike that killed civilians is an attack to one outlet and violence against civilians
to another. A family not listed is compatible with itself only."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Log-odds of each piece of evidence. The defaults were set on the conflict test set
    (tests/link) and the ECB+ dev half; `benchmarks/linking.py` prints the figures."""

    bias: float = -2.0
    text: float = 12.0
    text_pivot: float = 0.15
    """Cosine at which the text is neutral evidence."""
    names: float = 10.0
    names_pivot: float = 0.25
    entities: float = 6.0
    entities_pivot: float = 0.15
    same_day: float = 1.0
    next_day: float = 0.3
    same_year: float = 0.5
    other_years: float = -2.5
    same_month: float = 0.5
    other_months: float = -3.0
    near_km: float = 1.5
    close_km: float = 0.5
    far_km: float = -1.0
    remote_km: float = -2.5
    same_admin1: float = 0.5
    other_admin1: float = -1.0
    places: float = 0.0
    participants: float = 0.0
    """Set overlaps of places and participants: 0, the `entities` vector says it better."""
    same_side: float = 0.5
    other_side: float = -2.5
    same_weapon: float = 1.0
    same_weapon_family: float = 0.3
    other_weapon_family: float = -2.0
    number: float = 0.5
    max_numbers: float = 1.5
    trigger: float = 0.3
    same_type: float = 0.5
    other_type: float = -0.3


DEFAULT_WEIGHTS: Final = Weights()

NEAR_KM: Final = 10.0
CLOSE_KM: Final = 50.0
FAR_KM: Final = 150.0
"""Distance bands for two points: one city; one district or suburb apart; one region; further."""

COARSE_PLACES: Final = frozenset({"admin1", "country"})
"""A place of this precision is a centroid: its distance to a town says little."""


def families_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return b in COMPATIBLE_FAMILIES.get(a, frozenset({a}))


def distance_km(a: Item, b: Item) -> float | None:
    """Great-circle distance between the two items' points, None when either has none."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def compatible(a: Item, b: Item) -> bool:
    """The blocking rule (module docstring): may `a` and `b` be one happening at all?"""
    if a.group == b.group or not families_compatible(a.family, b.family):
        return False
    if (a.date is None) != (b.date is None):
        return False
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) > max(a.window, b.window):
        return False
    if a.country is not None and b.country is not None and a.country != b.country:
        km = distance_km(a, b)
        return km is not None and km <= CROSS_BORDER_KM
    return True


def _overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Share of the smaller set found in the other; None when either is empty."""
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


def _date_evidence(a: Item, b: Item, w: Weights) -> float:
    if a.date is not None and b.date is not None:
        days = abs((a.date - b.date).days)
        if max(a.window, b.window) > 1:
            return 0.0
        return w.same_day if days == 0 else w.next_day if days == 1 else 0.0
    total = 0.0
    if a.years and b.years:
        total += w.same_year if a.years & b.years else w.other_years
    if a.months and b.months:
        total += w.same_month if a.months & b.months else w.other_months
    return total


def _place_evidence(a: Item, b: Item, w: Weights) -> float:
    km = distance_km(a, b)
    coarse = a.admin1 is None or b.admin1 is None
    if km is not None and not ({a.geo_precision, b.geo_precision} & COARSE_PLACES):
        if km <= NEAR_KM:
            return w.near_km
        if km <= CLOSE_KM:
            return w.close_km
        return w.far_km if km <= FAR_KM else w.remote_km
    if not coarse and a.country == b.country:
        return w.same_admin1 if a.admin1 == b.admin1 else w.other_admin1
    share = _overlap(a.places, b.places)
    if share is not None:
        return w.places * share - w.places / 4
    return 0.0


def _actor_evidence(a: Item, b: Item, w: Weights) -> float:
    total = 0.0
    share = _overlap(a.participants, b.participants)
    if share is not None:
        total += w.participants * share - w.participants / 5
    if a.sides and b.sides:
        total += w.same_side if a.sides & b.sides else w.other_side
    return total


def _weapon_evidence(a: Item, b: Item, w: Weights) -> float:
    if a.weapons and b.weapons and a.weapons & b.weapons:
        return w.same_weapon
    if a.weapon_families and b.weapon_families:
        return w.same_weapon_family if a.weapon_families & b.weapon_families else w.other_weapon_family
    return 0.0


def _number_evidence(a: Item, b: Item, w: Weights) -> float:
    shared = sum(1 for slot, value in a.numbers & b.numbers if value)
    return min(w.max_numbers, w.number * shared)


def _type_evidence(a: Item, b: Item, w: Weights) -> float:
    total = w.trigger if a.triggers & b.triggers else 0.0
    if a.type is not None and b.type is not None:
        total += w.same_type if a.type == b.type else w.other_type
    return total


def log_odds(a: Item, b: Item, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The summed evidence that `a` and `b` report one happening (see the module docstring)."""
    return (
        weights.bias
        + weights.text * (cosine(a.vector, b.vector) - weights.text_pivot)
        + weights.names * (cosine(a.names, b.names) - weights.names_pivot)
        + weights.entities * (cosine(a.entities, b.entities) - weights.entities_pivot)
        + _date_evidence(a, b, weights)
        + _place_evidence(a, b, weights)
        + _actor_evidence(a, b, weights)
        + _weapon_evidence(a, b, weights)
        + _number_evidence(a, b, weights)
        + _type_evidence(a, b, weights)
    )


def score(a: Item, b: Item, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """Probability-like score in (0, 1) that `a` and `b` are one happening; 0 when they are
    not `compatible`."""
    if not compatible(a, b):
        return 0.0
    z = log_odds(a, b, weights)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
