"""The attributions stage: who said what, as source, cue and content spans with an actor."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conflictwire import knowledge
from conflictwire.models import Actor, Attribution
from conflictwire.pipeline.attributions import find_attributions

pytestmark = pytest.mark.model


def attributions(nlp: Language, text: str) -> list[Attribution]:
    doc = nlp(text)
    return find_attributions([s for s in doc.sents if s.text.strip()], knowledge.load())


def parts(text: str, a: Attribution) -> tuple[str | None, str, str]:
    """(source, cue, content) as the text shows them."""
    source = text[a.source.start : a.source.end] if a.source else None
    return source, text[a.cue.start : a.cue.end], text[a.content.start : a.content.end]


def test_said_that(nlp: Language) -> None:
    text = "The governor said that two drones hit a warehouse."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("The governor", "said", "that two drones hit a warehouse")
    assert (a.cue_lemma, a.negated, a.anaphoric) == ("say", False, False)
    assert a.actor is not None and a.actor.sector == "government"


def test_claimed_to_have(nlp: Language) -> None:
    text = "Russia claimed to have destroyed a Ukrainian radar."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("Russia", "claimed", "to have destroyed a Ukrainian radar")
    assert a.cue_lemma == "claim"
    assert a.actor == Actor("Russia", country="RUS", sector="government")


def test_according_to(nlp: Language) -> None:
    text = "According to the regional governor, three people were wounded."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("the regional governor", "According to", "three people were wounded")
    assert a.cue_lemma == "according to"


def test_anonymous_official_with_a_comma_set_clause(nlp: Language) -> None:
    text = "A US official, speaking anonymously, stated that Ukraine fired six missiles."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("A US official", "stated", "that Ukraine fired six missiles")
    assert a.actor == Actor("US official", country="USA", sector="official", anonymous=True)


def test_trailing_cue_takes_the_clause_before_it_as_content(nlp: Language) -> None:
    text = "Drones struck an oil depot overnight, Reuters reported."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("Reuters", "reported", "Drones struck an oil depot overnight")
    assert a.actor is not None and (a.actor.name, a.actor.sector) == ("Reuters", "media")


def test_pronoun_source_is_the_previous_source(nlp: Language) -> None:
    text = "Interfax said drones attacked an airfield. It reported that two hangars burned."
    first, second = attributions(nlp, text)
    assert parts(text, second) == ("It", "reported", "that two hangars burned")
    assert second.anaphoric is True
    assert first.anaphoric is False
    assert second.actor == first.actor
    assert first.actor is not None and first.actor.name == "Interfax"


def test_pronoun_source_with_no_previous_source_has_no_actor(nlp: Language) -> None:
    (a,) = attributions(nlp, "It reported that two hangars burned.")
    assert (a.anaphoric, a.actor) == (True, None)


def test_negated_cue(nlp: Language) -> None:
    text = "The Pentagon did not confirm that the missiles were American."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("The Pentagon", "did not confirm", "that the missiles were American")
    assert (a.cue_lemma, a.negated) == ("confirm", True)


def test_conjoined_sources_give_an_actor_and_co_sources(nlp: Language) -> None:
    text = "A Ukrainian source and a US official said the missiles hit a depot."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("A Ukrainian source and a US official", "said", "the missiles hit a depot")
    assert a.actor is not None and (a.actor.country, a.actor.anonymous) == ("UKR", True)
    assert [(c.country, c.sector, c.anonymous) for c in a.co_sources] == [("USA", "official", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Drones struck an oil depot near the border overnight.",
        "The minister added five new brigades to the reserve.",  # "add" is a cue only with a clause
    ],
)
def test_no_reporting_cue_no_attribution(nlp: Language, text: str) -> None:
    assert attributions(nlp, text) == []


def test_quotation_resumed_after_its_cue_is_one_content(nlp: Language) -> None:
    text = '"The depot burned all night," the mayor said. "Nobody was hurt."\n'
    (a,) = attributions(nlp, text)
    assert parts(text, a) == (
        "the mayor",
        "said",
        '"The depot burned all night," the mayor said. "Nobody was hurt."',
    )


def test_closing_quotation_mark_ends_the_content(nlp: Language) -> None:
    text = 'The spokesman said the strike was "precise and successful."'
    (a,) = attributions(nlp, text)
    assert parts(text, a)[2] == 'the strike was "precise and successful."'


def test_adverb_before_the_cue_is_part_of_it(nlp: Language) -> None:
    text = "The army also said that the border crossing was closed."
    (a,) = attributions(nlp, text)
    assert parts(text, a)[:2] == ("The army", "also said")


def test_attitude_cue_is_in_the_layer_but_makes_no_claim(nlp: Language, analyze_text) -> None:
    text = "The opposition leader mocked the government's fuel plan."
    (a,) = attributions(nlp, text)
    assert parts(text, a) == ("The opposition leader", "mocked", "the government's fuel plan")
    article = (
        "Artillery shelling hit the town of Varnel on Monday.\n\n"
        "The defence ministry blamed the rebels for the shelling that killed four people."
    )
    claims = [c for e in analyze_text(article).events for c in e.claims]
    assert all(c.cue != "blame" for c in claims)


def test_speaker_line_with_a_colon(nlp: Language) -> None:
    text = "Intro line.\nMORALES: We will not leave the valley.\n"
    found = [parts(text, a) for a in attributions(nlp, text)]
    assert ("MORALES", ":", "We will not leave the valley.") in found


def test_rubric_with_a_colon_is_no_speaker(nlp: Language) -> None:
    text = "Intro line.\nThe Latest: Talks resume in the capital.\n"
    assert all(parts(text, a)[1] != ":" for a in attributions(nlp, text))


def test_denial_still_denies(analyze_text) -> None:
    article = (
        "A missile strike hit a fuel depot near Varnel on Monday, local officials said.\n\n"
        "The defence ministry denied that any damage was caused."
    )
    claims = [c for e in analyze_text(article).events for c in e.claims]
    denial = [c for c in claims if c.cue == "deny"]
    assert denial and all(c.stance == "denies" and c.damage != "reported" for c in denial)
