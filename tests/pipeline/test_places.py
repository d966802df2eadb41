"""Toponyms in sentences written for the purpose: what is recognised, what it resolves to,
the role it plays, and why nothing is found when nothing is."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from spacy.language import Language

from conflictwire import gazetteer
from conflictwire.models import Analysis
from conflictwire.pipeline import places

Analyze = Callable[..., Analysis]
"""The `analyze_text` fixture of tests/conftest.py."""


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 12_742 * math.asin(math.sqrt(h))


pytestmark = pytest.mark.model


def found(nlp: Language, text: str) -> dict[str, tuple[str, str | None, str | None, str]]:
    """{text as written: (name, country, precision, role)}"""
    outcome = places.analyse(nlp(text), gazetteer.load())
    return {
        text[p.span.start : p.span.end]: (p.place.name, p.place.country, p.place.precision, p.role)
        for p in outcome.places
    }


def test_a_region_word_makes_the_region(nlp: Language) -> None:
    got = found(nlp, "Ukraine struck an arms depot in its Bryansk region on Tuesday.")
    assert got["Bryansk region"] == ("Bryansk Oblast", "RU", "admin1", "location")


def test_city_comma_state_places_the_city_in_the_state(nlp: Language) -> None:
    got = found(nlp, "Two men were arrested in Paris, Texas, on Monday.")
    assert got["Paris"][:3] == ("Paris", "US", "city")
    assert got["Texas"][:3] == ("Texas", "US", "admin1")


def test_an_ap_abbreviation_is_the_state(nlp: Language) -> None:
    got = found(nlp, "The plant in Gainesville, Fla., closed last week.")
    assert got["Fla."][:2] == ("Florida", "US")
    assert got["Gainesville"][:2] == ("Gainesville", "US")


def test_the_article_context_chooses_between_namesakes(nlp: Language) -> None:
    got = found(nlp, "Floods hit Georgia on Monday. Atlanta and Macon were the worst hit in the state.")
    assert got["Georgia"][:3] == ("Georgia", "US", "admin1")
    got = found(nlp, "Russia and Georgia fought a war in 2008 over South Ossetia; Tbilisi lost.")
    assert got["Georgia"][1] == "GE"


def test_a_demonym_adjective_names_the_country_but_a_people_does_not(nlp: Language) -> None:
    got = found(nlp, "Russian forces shelled the town, and Ukrainians fled.")
    assert got["Russian"][:3] == ("Russia", "RU", "country")
    assert "Ukrainians" not in got


def test_a_place_inside_an_organisation_name_is_found_with_role_other(nlp: Language) -> None:
    got = found(nlp, "The Ohio Coalition for the Education of Children said the budget was short.")
    assert got["Ohio"] == ("Ohio", "US", "admin1", "other")


def test_a_person_named_like_a_place_is_no_place(nlp: Language) -> None:
    got = found(nlp, "Abraham Lincoln and Jack London were both mentioned by David Paris.")
    assert not {"Lincoln", "London", "David"} & set(got)


def test_a_government_named_by_its_capital_is_an_actor(nlp: Language) -> None:
    got = found(nlp, "Moscow has warned Washington against supplying longer-range missiles.")
    assert got["Moscow"][3] == "actor"


def test_old_spellings_resolve(nlp: Language) -> None:
    got = found(nlp, "Missiles hit Kiev and Kharkov overnight.")
    assert got["Kiev"][:2] == ("Kyiv", "UA")
    assert got["Kharkov"][:2] == ("Kharkiv", "UA")


def test_nothing_found_says_why(nlp: Language) -> None:
    outcome = places.analyse(nlp("The committee met on Tuesday and agreed on nothing."), gazetteer.load())
    assert outcome.places == ()
    assert outcome.reason is places.Reason.NO_CANDIDATE


def test_a_name_the_gazetteer_lacks_says_so(nlp: Language) -> None:
    outcome = places.analyse(nlp("Shelling hit the village of Qwxzzyvka in Zbrxovia."), gazetteer.load())
    assert outcome.places == ()
    assert outcome.reason is places.Reason.NOT_IN_GAZETTEER
    assert outcome.unresolved


# ----------------------------------------------------------------- event geocoding


@pytest.mark.parametrize(
    ("text", "name", "precision", "point"),
    [
        ("Moscow said Ukraine struck an arms depot in its Bryansk region with ATACMS missiles on Tuesday.",
         "Bryansk Oblast", "admin1", (52.9, 33.4)),
        ("Officials in Kyiv said Russian drones hit an energy facility in Kharkiv overnight.",
         "Kharkiv", "city", (49.99, 36.23)),
        ("Ukraine fired six ATACMS missiles at Russian territory, the defence ministry in Moscow said.",
         "Russia", "country", (60.0, 100.0)),
        ("Israeli air strikes on Rafah killed 12 people, the health ministry in Gaza said.",
         "Rafaḩ", "city", (31.29, 34.25)),
        ("Russian forces shelled Kherson on Monday.", "Kherson", "city", (46.64, 32.61)),
    ],
)  # fmt: skip
def test_the_event_is_where_its_trigger_points_not_the_first_toponym(
    analyze_text: Analyze, text: str, name: str, precision: str, point: tuple[float, float]
) -> None:
    (event,) = analyze_text(text).events
    assert event.location is not None
    assert (event.location.name, event.location.precision) == (name, precision)
    assert km(point, (event.location.lat, event.location.lon)) < 150  # type: ignore[arg-type]


def test_a_speaker_named_by_its_city_gives_no_event_place(analyze_text: Analyze) -> None:
    (event,) = analyze_text("The Kremlin said on Tuesday that Ukraine had launched drones overnight.").events
    assert event.location is None or event.location.name != "Moscow"
