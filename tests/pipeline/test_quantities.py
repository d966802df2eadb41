"""The quantities stage: numbers, their units, and the count slot a verb gives them.

Each sentence is parsed by the real model; numbers inside time expressions are excluded
exactly as the pipeline does (the times layer is the `exclude` list).
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from conflictwire import knowledge
from conflictwire.models import Quantity
from conflictwire.pipeline.quantities import find_quantities
from conflictwire.pipeline.times import find_times

pytestmark = pytest.mark.model


def quantities(nlp: Language, text: str) -> dict[str, Quantity]:
    """Quantities of `text` keyed by the text of their span."""
    excluded = [t.span for t in find_times(text, dt.date(2024, 11, 20))]
    found = find_quantities(nlp(text), knowledge.load(), exclude=excluded)
    return {text[q.span.start : q.span.end]: q for q in found}


def test_part_of_a_whole_is_intercepted_of_launched(nlp: Language) -> None:
    found = quantities(nlp, "Air defence units intercepted five of the six missiles over the region.")
    part = found["five of the six missiles"]
    assert (part.value, part.of, part.slot, part.unit) == (5, 6, "intercepted", "missile")
    whole = found["six missiles"]
    assert (whole.value, whole.slot) == (6, "launched")


def test_the_whole_is_launched_when_a_participle_says_so(nlp: Language) -> None:
    found = quantities(nlp, "Kyiv said it intercepted two of the eight missiles launched overnight.")
    assert (found["two of the eight missiles"].value, found["two of the eight missiles"].slot) == (
        2,
        "intercepted",
    )
    assert (found["eight missiles"].value, found["eight missiles"].slot) == (8, "launched")


def test_gerunds_give_killed_and_injured(nlp: Language) -> None:
    found = quantities(nlp, "The strike hit a market, killing 12 people and injuring 30.")
    assert {(q.value, q.slot) for q in found.values()} == {(12, "killed"), (30, "injured")}


@pytest.mark.parametrize(
    "text",
    [
        "Officials said 12 people were killed in the attack.",
        "The shelling killed 12 civilians near the school.",
    ],
)
def test_passive_and_active_kill_verbs_give_killed(nlp: Language, text: str) -> None:
    (only,) = quantities(nlp, text).values()
    assert (only.value, only.slot) == (12, "killed")


def test_a_count_with_no_slot_verb_has_no_slot(nlp: Language) -> None:
    (only,) = quantities(nlp, "Twelve soldiers guarded the bridge.").values()
    assert (only.value, only.slot) == (12, None)


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("The drones struck 110 km inside Russia.", "110 km", 110),
        ("Russia fired missiles 110 km into Ukrainian territory.", "110 km", 110),
        ("Ukraine launched missiles with a range of 300 km at the airfield.", "300 km", 300),
    ],
)
def test_distances_are_measures_never_counts_even_beside_a_slot_verb(
    nlp: Language, text: str, said: str, value: int
) -> None:
    found = quantities(nlp, text)
    assert (found[said].value, found[said].unit, found[said].slot) == (value, "km", None)
    assert all(q.slot is None for q in found.values())


def test_a_percentage_has_unit_percent_and_no_slot(nlp: Language) -> None:
    found = quantities(nlp, "The drones hit 30 percent of the grid.")
    assert (found["30 percent"].value, found["30 percent"].unit, found["30 percent"].slot) == (
        30,
        "percent",
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Russia marked the war's 1,000th day with a barrage.",  # an ordinal
        "Ukraine asked its allies for more S-300 systems.",  # a number inside a weapon name
        "The war began in 2022.",  # a year
    ],
)
def test_ordinals_weapon_names_and_years_are_no_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == {}


def test_a_weapon_name_number_is_not_counted_but_the_count_before_it_is(nlp: Language) -> None:
    (only,) = quantities(nlp, "Ukraine launched two S-300 missiles at the base.").values()
    assert (only.value, only.slot) == (2, "launched")


def test_an_approximate_count_is_flagged(nlp: Language) -> None:
    (only,) = quantities(nlp, "About 40 drones were launched overnight.").values()
    assert (only.value, only.slot, only.approximate) == (40, "launched", True)


def test_no_one_is_not_a_count_of_one(nlp: Language) -> None:
    assert quantities(nlp, "No one was hurt in the attack.") == {}
