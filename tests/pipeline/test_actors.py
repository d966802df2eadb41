"""Actor resolution: a noun phrase to a name, a country (ISO alpha-3), a sector and anonymity.

Each phrase is the subject of "... said on Monday that the strike failed."; the subject's
head token goes to `actors.resolve` directly.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from conflictwire import knowledge
from conflictwire.models import Actor
from conflictwire.pipeline import actors

pytestmark = pytest.mark.model


def speaker(nlp: Language, phrase: str) -> Actor | None:
    doc = nlp(f"{phrase} said on Monday that the strike failed.")
    head = next(t for t in doc if t.dep_ == "nsubj" and t.head.lemma_ == "say")
    return actors.resolve(head, knowledge.load(), sentence=head.sent)


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("Russia", "RUS", "government"),  # a country as speaker is its government
        ("Moscow", "RUS", "government"),  # so is its capital (metonymy)
        ("Kyiv", "UKR", "government"),
        ("The Kremlin", "RUS", "government"),
        ("Russia's defence ministry", "RUS", "military"),
        ("The Russian Defence Ministry", "RUS", "military"),
        ("Ukraine's air force", "UKR", "military"),
        ("The IDF", "ISR", "military"),
    ],
)
def test_states_and_their_institutions(nlp: Language, phrase: str, country: str, sector: str) -> None:
    actor = speaker(nlp, phrase)
    assert actor is not None
    assert (actor.country, actor.sector, actor.anonymous) == (country, sector, False)


def test_a_known_person_is_named_not_anonymous(nlp: Language) -> None:
    assert speaker(nlp, "Vladimir Putin") == Actor("Vladimir Putin", country="RUS", sector="government")


def test_an_unnamed_official_is_anonymous(nlp: Language) -> None:
    assert speaker(nlp, "A US official") == Actor(
        "US official", country="USA", sector="official", anonymous=True
    )


def test_an_official_who_asked_not_to_be_named_is_anonymous(nlp: Language) -> None:
    actor = speaker(nlp, "An official who asked not to be named")
    assert actor is not None and (actor.sector, actor.anonymous) == ("official", True)


def test_a_government_source_is_an_anonymous_official(nlp: Language) -> None:
    actor = speaker(nlp, "A Ukrainian government source")
    assert actor is not None
    assert (actor.country, actor.sector, actor.anonymous) == ("UKR", "official", True)


def test_a_government_source_is_at_least_ukrainian_and_anonymous(nlp: Language) -> None:
    actor = speaker(nlp, "A Ukrainian government source")
    assert actor is not None and (actor.country, actor.anonymous) == ("UKR", True)


def test_a_pronoun_is_no_actor(nlp: Language) -> None:
    assert speaker(nlp, "It") is None


def test_a_thing_is_no_actor(nlp: Language) -> None:
    assert speaker(nlp, "The report") is None


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("A spokesman for the Houthi group", "YEM"),  # the body spoken for
        ("Omar Hassan, the Somali interior minister,", "SOM"),  # nationality in apposition
    ],
)
def test_a_speaker_belongs_to_the_body_named_beside_the_name(
    nlp: Language, phrase: str, country: str
) -> None:
    actor = speaker(nlp, phrase)
    assert actor is not None and actor.country == country


def test_a_patron_country_is_not_the_actors_own(nlp: Language) -> None:
    """'Iran-backed' names who backs the militia, not where the militia is from."""
    actor = speaker(nlp, "An Iran-backed militia")
    assert actor is None or actor.country != "IRN"
