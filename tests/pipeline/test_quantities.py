"""The quantities stage: numbers, their units, and the count slot a verb gives them.

Each sentence is parsed by the real model; numbers inside time expressions are excluded
exactly as the pipeline does (the times layer is the `exclude` list).
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from conflictwire import contract, knowledge
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
    assert (found[said].value, found[said].unit, found[said].slot) == (value, "kilometre", None)
    assert all(q.slot is None for q in found.values())


def test_a_percentage_has_unit_percentage_and_no_slot(nlp: Language) -> None:
    found = quantities(nlp, "The drones hit 30 percent of the grid.")
    assert (found["30 percent"].value, found["30 percent"].unit, found["30 percent"].slot) == (
        30,
        "percentage",
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


# ---------------------------------------------------------------- values and units as CQE reads them
@pytest.mark.parametrize(
    ("text", "said", "value", "unit"),
    [
        ("The hryvnia fell 2.5% on Monday.", "2.5%", 2.5, "percentage"),
        ("The fund pledged $1.5 billion in aid.", "$1.5 billion", 1.5e9, "dollar"),
        ("Kyiv received €50m from the EU.", "€50m", 50e6, "euro"),
        ("The dam holds 18 million cubic metres.", "18 million cubic metres", 18e6, "cubic metre"),
        ("The column stretched for 40 kilometres.", "40 kilometres", 40, "kilometre"),
        ("Drones flew at 180 km/h over the sea.", "180 km/h", 180, "kilometre per hour"),
        ("The siege lasted 286 days.", "286 days", 286, "day"),
        ("A 45-year-old man was wounded.", "45-year-old", 45, "year of age"),
        ("Oil output fell by 800,000 barrels a day.", "800,000 barrels a day", 800_000, "barrel per day"),
        ("Prices rose twenty-eight percent.", "twenty-eight percent", 28, "percentage"),
        ("Police detained 96 Liverpool fans.", "96 Liverpool fans", 96, "liverpool fan"),
        ("Temperatures fell to minus 20 degrees Celsius.", "minus 20 degrees Celsius", -20, "celsius"),
    ],
)
def test_values_and_units(nlp: Language, text: str, said: str, value: float, unit: str | None) -> None:
    found = quantities(nlp, text)
    assert said in found, list(found)
    assert (found[said].value, found[said].unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The S&P 500 fell on Monday.",  # a name
        "He scored in Game 6 of the final.",  # a label
        "The brigade moved to 575 Victory Road.",  # an address
        "Fighting resumed on Sept. 20-24 near the border.",  # a range of days: a date, no quantity
        "The temple was built in 1260.",  # a year
    ],
)
def test_names_labels_years_and_date_ranges_give_no_quantity(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == {}


def test_a_range_of_people_is_one_count_whose_value_is_its_low_end(nlp: Language) -> None:
    (only,) = quantities(nlp, "Between 12 and 15 people were killed in the strike.").values()
    assert (only.value, only.high, only.slot, only.approximate) == (12, 15, "killed", True)


@pytest.mark.parametrize(
    ("text", "said", "low", "high", "unit"),
    [
        ("Prices rose from 5 to 7 per cent.", "5 to 7 per cent", 5, 7, "percentage"),
        ("Inflation was between 4% and 5%.", "4% and 5%", 4, 5, "percentage"),
        ("The convoy moved at 15-22 miles per hour.", "15-22 miles per hour", 15, 22, "mile per hour"),
        ("Crews worked 40 to 50 hours a week.", "40 to 50 hours a week", 40, 50, "hour per week"),
        ("Each ration holds 2000 - 2500 calories.", "2000 - 2500 calories", 2000, 2500, "calorie"),
        ("Repairs will cost $89 to $93 billion.", "$89 to $93 billion", 89e9, 93e9, "dollar"),
        ("Fines range from $250,000 to $1 million.", "$250,000 to $1 million", 250_000, 1e6, "dollar"),
        ("Four to five thousand people fled the town.", "Four to five thousand people", 4000, 5000, "people"),
    ],
)
def test_a_range_is_one_quantity_with_a_low_and_a_high_end(
    nlp: Language, text: str, said: str, low: float, high: float, unit: str
) -> None:
    found = quantities(nlp, text)
    assert (found[said].value, found[said].high, found[said].unit) == (low, high, unit)
    assert len(found) == 1


def test_a_figure_and_a_later_year_are_no_range(nlp: Language) -> None:
    found = quantities(nlp, "Mileage went from 20 miles per gallon in 2008 to 29 mpg.")
    assert all(q.high is None for q in found.values())


def test_a_change_then_a_level_is_no_range(nlp: Language) -> None:
    found = quantities(nlp, "The shares rose 8.15% to 3.65 shekels.")
    assert [(q.value, q.unit) for q in found.values()] == [(8.15, "percentage"), (3.65, "shekel")]


def test_a_fraction_of_a_unit_is_a_quantity_but_a_bare_slash_is_not(nlp: Language) -> None:
    found = quantities(nlp, "One fluid ounce is 1/16 of a pint, and the shop is open 24/7.")
    assert [q.value for q in found.values() if q.value < 1] == [0.0625]
    assert 24 / 7 not in [q.value for q in found.values()]


def test_the_layer_writes_a_range_as_a_low_high_pair(nlp: Language) -> None:
    text = "Prices rose from 5 to 7.5 per cent, and 12 people were hurt."
    items = [contract.quantity_item(q, text) for q in quantities(nlp, text).values()]
    assert [(i["text"], i["value"]) for i in items] == [("5 to 7.5 per cent", [5, 7.5]), ("12 people", 12)]


@pytest.mark.parametrize(
    "text",
    [
        "The raid killed at least 18 , the ministry said",
        "In the east, the bombing, which happened at dawn, killed at least 18, the ministry said.",
    ],
)
def test_a_figure_right_after_a_slot_verb_takes_its_slot(nlp: Language, text: str) -> None:
    (only,) = quantities(nlp, text).values()
    assert (only.value, only.slot, only.unit) == (18, "killed", "people")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast tore through the bazaar, leaving at least six dead.", {(6, "killed")}),
        (
            "The car bomb went off near the mosque, leaving nine dead and 14 wounded.",
            {(9, "killed"), (14, "injured")},
        ),
        ("The shell landed in the yard, leaving two dead and five hurt.", {(2, "killed"), (5, "injured")}),
        ("The mortar round left four villagers dead and 11 wounded.", {(4, "killed"), (11, "injured")}),
        ("The official toll stood at 41 killed and 77 wounded.", {(41, "killed"), (77, "injured")}),
    ],
)
def test_a_number_whose_head_is_a_slot_word_fills_that_slot(
    nlp: Language, text: str, expected: set[tuple[int, str]]
) -> None:
    found = quantities(nlp, text)
    assert {(int(q.value), q.slot) for q in found.values() if q.slot} == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The regional governor put the death toll at 23.", 23),
        ("The death toll rose to 31 on Friday, the regional health office said.", 31),
    ],
)
def test_the_figure_of_a_death_toll_is_killed(nlp: Language, text: str, value: int) -> None:
    killed = [q for q in quantities(nlp, text).values() if q.slot == "killed"]
    assert [q.value for q in killed] == [value]


def test_harmed_is_injured(nlp: Language) -> None:
    found = quantities(nlp, "Five members of the border patrol were harmed in the raid, the ministry said.")
    assert (found["Five members"].value, found["Five members"].slot) == (5, "injured")


@pytest.mark.parametrize(
    ("text", "said", "slot"),
    [
        ("The gunmen killed 18 and wounded 40 others at the checkpoint.", "40 others", "injured"),
        ("At least one guard was killed and nine others were injured.", "nine others", "injured"),
        ("Militia leaders said 27 Freedonians were killed in the raid.", "27 Freedonians", "killed"),
        ("The army said 14 Palestinians were killed in the strikes.", "14 Palestinians", "killed"),
        ("Police shot and killed four suspects near the port.", "four suspects", "killed"),
        ("Two Afghan generals were wounded in the attack.", "Two Afghan generals", "injured"),
    ],
)
def test_others_suspects_and_demonyms_count_people(nlp: Language, text: str, said: str, slot: str) -> None:
    assert quantities(nlp, text)[said].slot == slot


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("One soldier at the gate fired a pistol into the air.", "One soldier"),
        ("More than a thousand troops were deployed on the streets.", "a thousand troops"),
        ("Two roadside bombs killed three people on the highway.", "Two roadside bombs"),
    ],
)
def test_people_are_never_launched_and_munitions_never_killed(nlp: Language, text: str, said: str) -> None:
    assert quantities(nlp, text)[said].slot is None


def test_munitions_destroyed_on_the_ground_were_not_intercepted(nlp: Language) -> None:
    found = quantities(nlp, "He estimated that the army destroyed another 2,000 rockets on the ground.")
    assert found["2,000 rockets"].slot is None
    found = quantities(nlp, "Air defences destroyed 14 drones over the region overnight.")
    assert found["14 drones"].slot == "intercepted"
