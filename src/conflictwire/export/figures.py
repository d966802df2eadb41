"""What the claims of one stored event add up to, for exports that keep one value per event.

The tables keep every claim; GeoJSON, ACLED and the events table need a summary. Only
claims that assert their content count here: a claim the source denied or did not
confirm (`negated`) carries the figures it rejected, not ones it reports. The summary of a
slot is the lowest and highest figure asserted; ACLED's fatalities take the lowest (ACLED
codes the most conservative reported figure). `fully_intercepted` is DESIGN.md's rule for
coding an attack as Disrupted weapons use, read per source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Final

from conflictwire.models import COUNT_SLOTS

Event = Mapping[str, Any]
"""A stored event in the contract shape (see `store.read_export.export_batches`)."""

IMPACT_SLOTS: Final = ("impacted", "killed", "injured")
"""A positive figure in any of these means something got through: not fully intercepted."""

ATTACK_EVENT_TYPE: Final = "Explosions/Remote violence"
"""The ACLED event type of strikes that air defences can stop (missiles, drones, shells)."""


def asserted_claims(event: Event) -> list[Mapping[str, Any]]:
    """The claims whose figures their source reports (not denied, not left unconfirmed)."""
    return [claim for claim in event.get("claims") or () if not claim.get("negated")]


def slot_values(claims: Iterable[Mapping[str, Any]], slot: str) -> list[int]:
    return [int(c["counts"][slot]) for c in claims if (c.get("counts") or {}).get(slot) is not None]


def count_ranges(event: Event) -> dict[str, dict[str, int]]:
    """`{slot: {"min": m, "max": n}}` over the asserted claims, for each slot some claim gives."""
    claims = asserted_claims(event)
    ranges: dict[str, dict[str, int]] = {}
    for slot in COUNT_SLOTS:
        values = slot_values(claims, slot)
        if values:
            ranges[slot] = {"min": min(values), "max": max(values)}
    return ranges


def fatalities(event: Event) -> int:
    """The lowest killed figure asserted by any source, 0 when none gives one."""
    values = slot_values(asserted_claims(event), "killed")
    return min(values) if values else 0


def _accounts(claims: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, list[int]]]:
    """Launched and intercepted figures per source (claims of one source name form one account)."""
    accounts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"launched": [], "intercepted": []})
    for claim in claims:
        source = str((claim.get("source") or {}).get("name") or "").strip().lower()
        for slot in ("launched", "intercepted"):
            accounts[source][slot] += slot_values([claim], slot)
    return accounts


def fully_intercepted(event: Event) -> bool:
    """True for an attack that every source says was stopped in full (DESIGN.md's ACLED rule).

    The pipeline often splits one source's account over several claims ("launched 12
    drones ... shot down all 12"), so figures are read per source: the asserted claims of
    one source name form one account. It holds when
    - some source gives a launched figure and some source an intercepted one;
    - every source that gives both says at least as many were intercepted as launched
      (its lowest intercepted >= its highest launched);
    - every launched figure from a source that gives no interception figure is matched by
      some source's intercepted figure (no source reports more launched than intercepted);
    - and no source reports damage, impacts, deaths or injuries.
    """
    if (event.get("acled") or {}).get("event_type") != ATTACK_EVENT_TYPE:
        return False
    claims = asserted_claims(event)
    for claim in claims:
        if claim.get("damage") == "reported" or any(value > 0 for value in _impact_figures(claim)):
            return False
    accounts = _accounts(claims).values()
    launched = [value for account in accounts for value in account["launched"]]
    intercepted = [value for account in accounts for value in account["intercepted"]]
    if not launched or not intercepted:
        return False
    for account in accounts:
        if account["launched"] and account["intercepted"]:
            if min(account["intercepted"]) < max(account["launched"]):
                return False
        elif account["launched"] and max(account["launched"]) > max(intercepted):
            return False
    return True


def _impact_figures(claim: Mapping[str, Any]) -> list[int]:
    counts = claim.get("counts") or {}
    return [int(counts[slot]) for slot in IMPACT_SLOTS if counts.get(slot) is not None]


def disputed_slots(event: Event) -> list[str]:
    return [str(d["slot"]) for d in event.get("disputes") or ()]
