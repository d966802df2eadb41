"""Disputes inside one article: per slot, the distinct values the claims about one event
hold, each with the sources that hold it. A slot with one value (however many sources
repeat it) is agreement, not a dispute. Denials without figures ("did not confirm") hold
no value. Target descriptions are not compared: "arms depot" and "ammunition depot" are
wording, not disagreement, until a semantic comparison earns its place (issue 7).
"""

from __future__ import annotations

from conflictwire.models import COUNT_SLOTS, Claim, Dispute, DisputeValue

DISPUTE_SLOTS: tuple[str, ...] = (*COUNT_SLOTS, "damage")
UNATTRIBUTED = "(unattributed)"


def _value(claim: Claim, slot: str) -> int | str | None:
    return claim.damage if slot == "damage" else claim.count(slot)


def find_disputes(claims: tuple[Claim, ...] | list[Claim]) -> tuple[Dispute, ...]:
    out: list[Dispute] = []
    for slot in DISPUTE_SLOTS:
        holders: dict[int | str, tuple[list[str], list[str]]] = {}
        for claim in claims:
            value = _value(claim, slot)
            if value is None or (claim.negated and slot != "damage"):
                continue
            names, ids = holders.setdefault(value, ([], []))
            name = claim.source.name if claim.source is not None else UNATTRIBUTED
            if name not in names:
                names.append(name)
            ids.append(claim.id)
        if len(holders) > 1:
            values = tuple(
                DisputeValue(value=v, sources=tuple(n), claim_ids=tuple(i)) for v, (n, i) in holders.items()
            )
            out.append(Dispute(slot=slot, values=values))
    return tuple(out)
