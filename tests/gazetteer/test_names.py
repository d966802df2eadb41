"""Name keys: the one normalisation every lookup goes through."""

from __future__ import annotations

import pytest

from conflictwire.gazetteer.names import english_forms, key


@pytest.mark.parametrize(
    ("a", "b"),
    [("W.Va.", "W. Va."), ("U.S.", "US"), ("Al Ḩudaydah", "al hudaydah"), ("Saint-Denis", "Saint Denis"),
     ("Kyiv\u2019s", "kyiv's")],
)  # fmt: skip
def test_forms_that_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_a_one_word_abbreviation_keeps_its_full_stop() -> None:
    # "Ga." is the AP's Georgia; "GA" or "Ga" alone may be anything.
    assert key("Ga.") != key("GA")
    assert key("St. Louis") == key("Saint Louis") == "saint louis"


def test_english_forms_of_a_region() -> None:
    forms = english_forms("Bryanskaya oblast'")
    assert {"bryanskaya region", "bryanskaya province"} <= forms
    assert english_forms("Ohio") == {"Ohio"}
