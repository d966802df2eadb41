"""Disputes inside one article: per slot, the distinct values the claims about one event
hold, each with the sources that hold it. A slot with one value (however many sources
repeat it) is agreement, not a dispute. Denials without figures ("did not confirm") hold
no value. Target descriptions are not compared: "arms depot" and "ammunition depot" are
wording, not disagreement, until a semantic comparison earns its place (issue 7).

Counts disagree only when they count the same people: "22 civilians were killed" and "10
soldiers were killed" tell of two groups, not a dispute. `populations` gives, per claim and
slot, the noun the figure counted (the quantities layer's unit); figures counting different
groups (civilians, soldiers, children, ...) are compared within their group only, and a
figure with no noun or a generic one (people, persons) counts "people"; "no casualties"
(zero people) disagrees with any group's figure. In the weapon slots a bare figure counts
what the only other named one counts ("launched 30" against "40 missiles").
"""

from __future__ import annotations

from conflictwire.models import COUNT_SLOTS, DENIED, Claim, Dispute, DisputeValue

DISPUTE_SLOTS: tuple[str, ...] = (*COUNT_SLOTS, "damage")
UNATTRIBUTED = "(unattributed)"


def _hold(holders: tuple[list[str], list[str]], claim: Claim) -> None:
    """Add the claim to those holding one value: its source's name once, its id."""
    names, ids = holders
    name = claim.source.name if claim.source is not None else UNATTRIBUTED
    if name not in names:
        names.append(name)
    ids.append(claim.id)


def _value(claim: Claim, slot: str) -> int | str | None:
    return claim.damage if slot == "damage" else claim.count(slot)


GROUPS: dict[str, str] = {
    "people": "people", "person": "people", "persons": "people", "individual": "people", "others": "people",
    "other": "people", "individuals": "people",
    "civilian": "civilians", "civilians": "civilians", "resident": "civilians", "residents": "civilians",
    "villager": "civilians", "villagers": "civilians", "inhabitant": "civilians", "inhabitants": "civilians",
    "soldier": "soldiers", "soldiers": "soldiers", "troop": "soldiers", "troops": "soldiers",
    "serviceman": "soldiers", "servicemen": "soldiers",
    "servicemember": "soldiers", "servicemembers": "soldiers",
    "child": "children", "children": "children", "kid": "children", "kids": "children",
    "fighter": "fighters", "fighters": "fighters", "militant": "fighters", "militants": "fighters",
    "combatant": "fighters", "combatants": "fighters", "rebel": "fighters", "rebels": "fighters",
}  # fmt: skip
"""The group a counted noun names; nouns not listed are their own group."""

Populations = dict[str, dict[str, str | None]]
"""Per claim id, per count slot: the noun its figure counted (None: no noun)."""


GENERIC = "people"
WEAPON_SLOTS = frozenset({"launched", "intercepted", "impacted"})


def group(noun: str | None) -> str:
    """The population a counted noun names: "people" (GENERIC) for none or a generic one."""
    if not noun:
        return GENERIC
    word = noun.lower().split()[-1]
    return GROUPS.get(word, word)


def find_disputes(
    claims: tuple[Claim, ...] | list[Claim], populations: Populations | None = None
) -> tuple[Dispute, ...]:
    out: list[Dispute] = []
    for slot in DISPUTE_SLOTS:
        by_group: dict[str, dict[int | str, tuple[list[str], list[str]]]] = {}
        denials: tuple[list[str], list[str]] = ([], [])
        for claim in claims:
            if slot in claim.denied:
                _hold(denials, claim)
                continue
            value = _value(claim, slot)
            if value is None or (claim.negated and slot != "damage"):
                continue
            counted = (populations or {}).get(claim.id, {}).get(slot) if slot != "damage" else None
            holders = by_group.setdefault(group(counted), {})
            _hold(holders.setdefault(value, ([], [])), claim)
        none_at_all = by_group.get(GENERIC, {}).get(0)
        if none_at_all is not None and len(by_group) > 1:
            # "there were no casualties" denies every group's figure ("four servicemen killed")
            for name, holders in by_group.items():
                if name != GENERIC:
                    holders.setdefault(0, none_at_all)
            if len(by_group[GENERIC]) == 1:
                del by_group[GENERIC]
        if slot in WEAPON_SLOTS and GENERIC in by_group and len(by_group) == 2:
            # "launched 30" and "launched 40 missiles": a bare figure counts what the other does
            generic = by_group.pop(GENERIC)
            (holders,) = by_group.values()
            for value, (names, ids) in generic.items():
                have_names, have_ids = holders.setdefault(value, ([], []))
                have_names += [n for n in names if n not in have_names]
                have_ids += ids
        for holders in by_group.values():
            if denials[1]:
                # "Moscow rejected claims that three civilians were killed" disputes every figure given
                holders[DENIED] = denials
            if len(holders) > 1:
                values = tuple(
                    DisputeValue(value=v, sources=tuple(n), claim_ids=tuple(i))
                    for v, (n, i) in holders.items()
                )
                out.append(Dispute(slot=slot, values=values))
    return tuple(out)
