"""The packaged index: what a user gets with no GeoNames dump (built once into the cache dir,
about a minute on two CPUs the first time)."""

from __future__ import annotations

import math
import time

import pytest

from conflictwire import gazetteer
from conflictwire.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def index() -> Gazetteer:
    return gazetteer.load()


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 12_742 * math.asin(math.sqrt(h))


def test_an_old_spelling_is_the_same_city(index: Gazetteer) -> None:
    (kiev,) = index.candidates("Kiev")[:1]
    assert (kiev.kind, kiev.name, kiev.country) == ("city", "Kyiv", "UA")


def test_a_region_has_its_english_name_and_a_point_near_geonames(index: Gazetteer) -> None:
    (region,) = index.candidates("Bryansk region")
    assert (region.kind, region.name, region.country, region.geonames_id) == (
        "admin1",
        "Bryansk Oblast",
        "RU",
        571473,
    )
    assert km((region.lat, region.lon), (52.9, 33.4)) < 50


def test_a_country_takes_geonames_point(index: Gazetteer) -> None:
    (us,) = [e for e in index.candidates("United States") if e.kind == "country"]
    assert km((us.lat, us.lon), (39.76, -98.5)) < 1  # knowledge/place_points.tsv
    (syria,) = [e for e in index.candidates("Syria") if e.kind == "country"]
    assert km((syria.lat, syria.lon), (35.0, 38.0)) < 1  # countryinfo's point, GeoNames' too


def test_us_counties_and_ap_abbreviations(index: Gazetteer) -> None:
    (county,) = index.candidates("Laurel County")
    assert (county.kind, county.admin1, county.geonames_id) == ("admin2", "Kentucky", 4297480)
    assert index.preferred_entry("Ky.") == index.preferred_entry("Ky.") is not None
    assert index.preferred_entry("W. Va.").name == "West Virginia"  # type: ignore[union-attr]
    assert index.postal("OH").name == "Ohio"  # type: ignore[union-attr]
    assert index.postal("Ohio") is None


def test_demonyms_name_countries_but_are_not_place_names(index: Gazetteer) -> None:
    assert index.demonym("Russian").country == "RU"  # type: ignore[union-attr]
    assert index.demonym("African").name == "Africa"  # type: ignore[union-attr]
    assert all(e.country != "RU" or e.kind != "country" for e in index.candidates("Russian"))


def test_codes_among_alternate_names_are_left_out(index: Gazetteer) -> None:
    # GeoNames lists the airport code THE among Teresina's names.
    assert index.candidates("The") == []


def test_an_unknown_name_has_no_candidate(index: Gazetteer) -> None:
    assert index.candidates("Qwxzzy") == []


def test_opening_the_cached_index_takes_milliseconds(index: Gazetteer) -> None:
    started = time.perf_counter()
    reopened = Gazetteer(index.path)
    reopened.candidates("Odesa")
    assert time.perf_counter() - started < 0.5


def test_candidates_leave_out_small_towns_named_like_words(index: Gazetteer) -> None:
    # "Council", Idaho has 800 people: other stages asking "is this word a place?" get no.
    assert index.candidates("Council") == []
    assert any(c.entry.name == "Council" for c in index.lookup("Council"))
