"""Disputes across the articles of one incident: per slot, the distinct values, each with the
parties (sources) that hold it and the outlets that carry it.

A value is one value however many outlets repeat it: Ukraine's air force saying "four
missiles" in two papers is one value with two outlets, not a dispute. A slot is disputed
when its claims hold two or more distinct values. A negated claim ("did not confirm") holds
no number; a denial of a figure ("denied that three were killed") holds the value "denied".
Target descriptions are compared lower-cased, without a leading article, so "the port" and
"Port" agree while "a grain terminal" and "a military warehouse" do not.

The JSON shape, stored in `incidents.disputes` and read by the web pages, is
`[{"slot", "values": [{"value", "sources", "outlets", "claim_ids"}]}]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from conflictwire.models import COUNT_SLOTS, DENIED

INCIDENT_DISPUTE_SLOTS: Final = (*COUNT_SLOTS, "damage", "target")
UNATTRIBUTED: Final = "(unattributed)"
UNKNOWN_OUTLET: Final = "(unknown outlet)"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _value(claim: Mapping[str, Any], slot: str) -> int | str | None:
    if slot in (claim.get("denied") or ()):
        return DENIED  # "rejected claims that three civilians were killed"
    value = claim.get(slot)
    if value is None:
        return None
    if slot == "target":
        text = _ARTICLE.sub("", " ".join(str(value).split())).lower()
        return text or None
    if slot in COUNT_SLOTS:
        return None if claim.get("negated") else int(value)
    return str(value)


def _sort_key(value: int | str) -> tuple[int, int | str]:
    return (0, value) if isinstance(value, int) else (1, value)


def incident_disputes(claims: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The disputes among `claims` (rows with `id`, `source_name`, `outlet`, the count slots,
    `damage`, `target`, `negated`), in the JSON shape of the module docstring, slots in
    `INCIDENT_DISPUTE_SLOTS` order and values sorted (numbers ascending, then text)."""
    claims = sorted(claims, key=lambda claim: str(claim["id"]))
    found: list[dict[str, Any]] = []
    for slot in INCIDENT_DISPUTE_SLOTS:
        holders: dict[int | str, tuple[set[str], set[str], list[str]]] = {}
        for claim in claims:
            value = _value(claim, slot)
            if value is None:
                continue
            sources, outlets, ids = holders.setdefault(value, (set(), set(), []))
            sources.add(claim.get("source_name") or UNATTRIBUTED)
            outlets.add(claim.get("outlet") or UNKNOWN_OUTLET)
            ids.append(str(claim["id"]))
        if len(holders) > 1:
            values = [
                {
                    "value": value,
                    "sources": sorted(sources),
                    "outlets": sorted(outlets),
                    "claim_ids": ids,
                }
                for value, (sources, outlets, ids) in sorted(holders.items(), key=lambda kv: _sort_key(kv[0]))
            ]
            found.append({"slot": slot, "values": values})
    return found
