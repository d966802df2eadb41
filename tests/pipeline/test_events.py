"""Whole short articles through every stage: event types, actors, dates, places, the
irrealis traps, and the claims and disputes attached to each event.

All articles are published on Wednesday 2024-11-20, so "on Monday" is 2024-11-18.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conflictwire.models import Analysis, Claim, Event

Analyze = Callable[..., Analysis]
"""The `analyze_text` fixture of tests/conftest.py: `analyze_text(text, published=date)`."""

pytestmark = pytest.mark.model


def one_event(analyze_text: Analyze, text: str) -> Event:
    found = analyze_text(text).events
    assert len(found) == 1, [(e.type.name, e.trigger) for e in found]
    return found[0]


def claims_by_country(event: Event) -> dict[str | None, list[Claim]]:
    out: dict[str | None, list[Claim]] = {}
    for claim in event.claims:
        out.setdefault(claim.source.country if claim.source else None, []).append(claim)
    return out


# ----------------------------------------------------------------- types and actors


def test_drone_strike_by_russia(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "Russia fired Shahed drones at Odesa on Monday, damaging power lines.")
    assert event.type.name == "drone_strike"
    assert event.type.acled_sub_event_type == "Air/drone strike"
    assert event.actor is not None
    # A state strikes through its armed forces.
    assert (event.actor.country, event.actor.sector) == ("RUS", "military")
    assert [w.family for w in event.weapons] == ["drone"]
    assert (event.date.isoformat() if event.date else None, event.date_precision) == ("2024-11-18", "day")


def test_artillery_shelling(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text, "Russian artillery shelled the town of Kupiansk on Monday, wounding two residents."
    )
    assert event.type.name == "shelling"
    assert event.actor is not None and event.actor.country == "RUS"


def test_air_strike_by_israeli_jets(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text, "An air strike by Israeli jets destroyed a house in southern Lebanon on Monday."
    )
    assert event.type.name == "air_strike"
    assert event.actor is not None and (event.actor.country, event.actor.sector) == ("ISR", "military")
    assert event.location is not None and event.location.country == "LB"


def test_place_in_a_named_region_has_admin1_precision(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        "Russian drones struck an energy facility in Kharkiv region on Monday, the governor said.",
    )
    assert event.location is not None
    assert (event.location.name, event.location.precision, event.location.country) == (
        "Kharkiv Oblast",
        "admin1",
        "UA",
    )
    assert event.location.lat is not None and event.location.lon is not None


def test_struck_region_is_the_event_location(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "Ukraine struck Bryansk region with six missiles on Tuesday.")
    assert event.location is not None
    assert (event.location.name, event.location.country) == ("Bryansk Oblast", "RU")


def test_gaza_is_in_the_palestinian_territories(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "Israeli jets struck a building in Gaza on Monday.")
    assert event.location is not None and event.location.country == "PS"


def test_policy_decision(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "The president signed a decree on mobilisation on Monday.")
    assert event.type.name == "policy_decision"
    assert event.type.acled_event_type == "Strategic developments"
    assert event.claims == ()


# ----------------------------------------------------------------- irrealis traps


@pytest.mark.parametrize(
    "text",
    [
        "Analysts say such strikes could escalate the war.",
        "Ukraine is seeking the ability to strike deeper into Russia.",
        "Officials fear that Russia could attack the port again.",
    ],
)
def test_speculation_and_abilities_are_no_events(analyze_text: Analyze, text: str) -> None:
    assert analyze_text(text).events == ()


# ----------------------------------------------------------------- claims

DRONE_STRIKE_WITH_TWO_SIDES = (
    "Russia fired Shahed drones at Odesa on Monday. "
    "Russia said it shot down 20 of 25 drones. "
    "Ukraine said the drones hit a fuel depot."
)


def test_each_side_keeps_its_own_claims(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, DRONE_STRIKE_WITH_TWO_SIDES)
    by_country = claims_by_country(event)
    (russia,) = by_country["RUS"]
    assert (russia.count("intercepted"), russia.count("launched")) == (20, 25)
    (ukraine,) = by_country["UKR"]
    assert ukraine.damage == "reported"
    assert ukraine.target is not None and "fuel depot" in ukraine.target
    # Russia's figures are never Ukraine's.
    assert all(claim.counts == () for claim in by_country["UKR"])


def test_claim_evidence_points_at_what_the_source_said(analyze_text: Analyze) -> None:
    result = analyze_text(DRONE_STRIKE_WITH_TWO_SIDES)
    text = result.article.text
    (event,) = result.events
    quoted = {
        c.source.country if c.source else None: [s.text(text) for s in c.evidence] for c in event.claims
    }
    assert quoted["RUS"] == ["Russia said it shot down 20 of 25 drones"]
    assert quoted["UKR"] == ["Ukraine said the drones hit a fuel depot"]


def test_the_narrator_states_counts_as_an_unattributed_claim(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "Russian artillery shelled Kherson on Monday, killing three civilians.")
    (claim,) = event.claims
    assert (claim.source, claim.cue, claim.count("killed")) == (None, None, 3)


def test_a_bare_count_after_a_kill_verb_reaches_the_speakers_claim(analyze_text: Analyze) -> None:
    # the parser hangs "18" on "killed" as an adverb; the slot verb right before the figure names it
    event = one_event(
        analyze_text,
        "On Sunday, the bombing, which happened at dawn, killed at least 18, "
        "the Ukrainian military said on Monday.",
    )
    assert [c.count("killed") for c in event.claims] == [18]


def test_no_one_hurt_is_zero_injured(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text, "Russian drones hit a depot in Odesa on Monday. No one was hurt, the governor said."
    )
    assert [c.count("injured") for c in event.claims] == [0]


def test_the_munition_fired_is_not_the_target(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        "Russia launched a missile attack on Kyiv on Monday. A US official said Russia fired 40 missiles.",
    )
    (claim,) = event.claims
    assert claim.count("launched") == 40
    assert claim.target is None


# ----------------------------------------------------------------- disputes

TWO_COUNTS = (
    "Russia launched a missile attack on Kyiv on Monday. "
    "Ukraine's air force said Russia launched 30 missiles. "
    "A US official said Russia launched 40 missiles."
)


def test_different_launched_counts_are_a_dispute(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, TWO_COUNTS)
    (dispute,) = event.disputes
    assert dispute.slot == "launched"
    values = {v.value: v for v in dispute.values}
    assert set(values) == {30, 40}
    assert values[30].sources == ("Ukraine's air force",)
    assert values[40].sources == ("US official",)
    ids = {c.id for c in event.claims}
    assert all(set(v.claim_ids) <= ids for v in dispute.values)


def test_the_same_count_from_two_sources_is_agreement(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        "Russia launched a missile attack on Kyiv on Monday. "
        "Ukraine's air force said Russia launched 30 missiles. "
        "A US official said Russia launched 30 missiles.",
    )
    assert len(event.claims) == 2
    assert event.disputes == ()


def test_a_claim_the_source_did_not_confirm_holds_no_dispute_value(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        "Russian missiles struck Dnipro on Monday. "
        "Ukraine said the missiles hit a power plant. "
        "The Kremlin did not confirm that the missiles hit a power plant.",
    )
    kremlin = [c for c in event.claims if c.negated]
    assert kremlin, "the negated claim is kept"
    assert all((c.counts, c.damage) == ((), None) for c in kremlin)
    assert all(c.id not in v.claim_ids for d in event.disputes for v in d.values for c in kremlin)
    assert event.disputes == ()


def test_a_denied_figure_is_not_a_third_value(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        TWO_COUNTS + " The Kremlin did not confirm that 50 missiles were launched.",
    )
    (dispute,) = event.disputes
    assert {v.value for v in dispute.values} == {30, 40}


def test_a_denial_with_a_figure_does_not_hold_that_figure(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text,
        "Russia launched drones at Odesa on Monday. "
        "Ukraine's air force said Russia launched 30 drones. "
        "The Kremlin denied that 70 drones were launched.",
    )
    assert all(v.value != 70 for d in event.disputes for v in d.values)


# ----------------------------------------------------------------- battles: sides, counts, non-events

FILLER = (
    "\n\nThe United Nations said it was alarmed by the reports.\n\nAid agencies said roads were cut."
    "\n\nMarkets in the capital stayed open.\n"
)
"""Three sentences that make an article of a short report (a snippet of four sentences or
fewer is typed and merged as CASE snippets are: event_types.py)."""


def test_the_two_sides_of_fighting_between_them_are_actor_and_target(analyze_text: Analyze) -> None:
    text = (
        "Heavy fighting broke out near Kadugli on Monday between Sudanese troops and RSF fighters."
        "\n\nClashes between the Malian army and JNIM militants killed 14 people near Gao on Sunday." + FILLER
    )
    first, second = analyze_text(text).events
    assert first.type.name == second.type.name == "armed_clash"
    assert (first.actor.country, first.actor.sector) == ("SDN", "military")
    assert first.target is not None and first.target.name == "RSF fighters"
    assert (second.actor.country, second.actor.sector) == ("MLI", "military")
    assert second.target is not None and "JNIM" in second.target.name


def test_the_other_side_of_a_clash_with(analyze_text: Analyze) -> None:
    event = one_event(
        analyze_text, "Nigerian soldiers clashed with Boko Haram fighters near Maiduguri on Monday."
    )
    assert event.actor is not None and event.actor.country == "NGA"
    assert event.target is not None and "Boko Haram" in event.target.name


def test_a_battle_gets_the_counts_told_in_its_own_sentence(analyze_text: Analyze) -> None:
    text = "Clashes between the Malian army and JNIM militants killed 14 people near Gao on Sunday." + FILLER
    (event,) = analyze_text(text).events
    assert [dict(c.counts) for c in event.claims] == [{"killed": 14}]


def test_a_side_named_as_pro_or_anti_a_country_is_not_that_country(analyze_text: Analyze) -> None:
    event = one_event(analyze_text, "Pro-Russian separatists attacked a checkpoint near Donetsk on Monday.")
    assert event.actor is not None and event.actor.country != "RUS"


def test_a_truce_asked_for_is_no_agreement(analyze_text: Analyze) -> None:
    text = "Aid groups called for a truce on Monday.\n\nChurch leaders demanded a ceasefire." + FILLER
    assert [e.type.name for e in analyze_text(text).events] == []


def test_capturing_vehicles_is_no_territory_taken(analyze_text: Analyze) -> None:
    text = (
        "The army said its soldiers captured 17 combat vehicles near Bara on Monday."
        "\n\nRebels seized a military base near Babanusa on Sunday." + FILLER
    )
    assert [e.type.name for e in analyze_text(text).events] == ["non_state_takeover"]


def test_counts_of_different_groups_are_no_dispute(analyze_text: Analyze) -> None:
    text = (
        "Russian shelling hit Kharkiv and Izium on Monday. "
        "Local authorities said 22 civilians were killed. "
        "The defence ministry said 10 soldiers were killed in fighting near Izium. "
        "The governor said 25 civilians were killed."
    )
    (event,) = [e for e in analyze_text(text).events if e.claims]
    assert {dict(c.counts).get("killed") for c in event.claims} >= {22, 10, 25}
    (dispute,) = event.disputes
    assert {v.value for v in dispute.values} == {22, 25}  # civilians against civilians only


def test_habits_and_ended_fighting_are_background(analyze_text: Analyze) -> None:
    text = (
        "Four dead in Kidal clashes\n\n"
        "Government troops and rebels clashed near Kidal on Monday, leaving four dead."
        "\n\nThe two sides have shelled each other almost daily since March."
        "\n\nThe large battles of last year have ceased, residents said." + FILLER
    )
    events = analyze_text(text).events
    assert [(e.type.name, str(e.date)) for e in events] == [("armed_clash", "2024-11-18")]


# ----------------------------------------------------------------- real-article patterns


def test_a_cease_fire_agreed_has_its_party_and_day(analyze_text: Analyze) -> None:
    """US wire spelling "cease-fire"; the subject of "agreed" is the party, its day the date."""
    text = (
        "The Houthis' political council agreed on Monday to a two-week cease-fire with "
        "government forces around Taiz, officials from both sides said."
    )
    [event] = [e for e in analyze_text(text).events if e.type.name == "agreement"]
    assert event.actor is not None and event.actor.country == "YEM"
    assert event.date is not None and event.date.isoformat() == "2024-11-18"


def test_a_truce_held_among_violence_stays_an_agreement(analyze_text: Analyze) -> None:
    text = (
        "The rebels agreed on Monday to a truce with the army. Talks had collapsed in September "
        "after a bombing in the capital killed a soldier and wounded 12 civilians. "
        "The truce is to be signed in Doha."
    )
    types = [e.type.name for e in analyze_text(text).events]
    assert "agreement" in types


def test_a_day_after_publication_is_no_event_date(analyze_text: Analyze) -> None:
    """Published Wednesday: "begin on Friday" is a plan, not the day anything happened."""
    text = (
        "Saudi-led coalition jets struck rebel positions near Marib, and a truce is due to begin on Friday."
    )
    for event in analyze_text(text).events:
        assert event.date is None or event.date.isoformat() <= "2024-11-20", event


def test_a_dateline_is_neither_actor_nor_date(analyze_text: Analyze) -> None:
    text = (
        "KYIV, Nov 20 (Reuters) - Russian forces shelled the town of Kupiansk on Monday, "
        "killing two residents, the regional governor said."
    )
    event = one_event(analyze_text, text)
    assert event.actor is not None and event.actor.country == "RUS"
    assert event.date is not None and event.date.isoformat() == "2024-11-18"


def test_two_sides_attacks_are_two_events_without_a_dispute(analyze_text: Analyze) -> None:
    """A front-line roundup: each side's attack keeps its own toll, no false dispute."""
    text = (
        "Russian forces attacked Ukrainian positions near Pokrovsk on Monday, killing three soldiers, "
        "Ukraine's military said. Ukrainian forces attacked Russian positions near Toretsk on Monday, "
        "killing eight soldiers, Russia's defence ministry said."
    )
    found = analyze_text(text).events
    assert sorted(e.actor.country for e in found if e.actor) == ["RUS", "UKR"]
    assert not [d for e in found for d in e.disputes]


def test_the_group_claiming_an_attack_is_its_actor(analyze_text: Analyze) -> None:
    text = (
        "A suicide bomber blew himself up at a police checkpoint in Mogadishu on Monday, killing "
        "seven people. Al-Shabaab claimed responsibility for the attack."
    )
    event = one_event(analyze_text, text + FILLER)
    assert event.actor is not None and (event.actor.country, event.actor.sector) == ("SOM", "armed_group")


def test_air_strikes_carried_out_are_an_event_of_their_doer(analyze_text: Analyze) -> None:
    text = (
        "Somali forces carried out air strikes on militant bases near Barawe on Monday, killing 12 fighters."
    )
    event = one_event(analyze_text, text + FILLER)
    assert event.type.name == "air_strike"
    assert event.actor is not None and event.actor.country == "SOM"


def test_a_short_alias_means_the_nationality_the_article_names(analyze_text: Analyze) -> None:
    """'Taliban gunmen' in a report that names the Pakistani Taliban are the Pakistani group;
    'the attack began ... in Bannu' refers back to the attack and places it."""
    text = (
        "Taliban gunmen launched an attack on a college in northwest Pakistan on Monday, killing 40 people. "
        "The attack began shortly after 9 a.m. in Bannu. "
        "A spokesman for the Pakistani Taliban said the group had sent six fighters."
    )
    event = one_event(analyze_text, text + FILLER)
    assert event.actor is not None and (event.actor.country, event.actor.sector) == ("PAK", "armed_group")
    assert event.location is not None and event.location.name == "Bannu"


def test_a_group_of_no_nationality_fights_for_its_country_and_a_vote_day_dates_the_vote(
    analyze_text: Analyze,
) -> None:
    """'Gunmen' in Mali are coded MLI (ACLED's country of operation); "Sunday's elections"
    dates the elections, not the attack told in the same sentence."""
    text = (
        "Gunmen attacked an army post in central Mali, killing four soldiers, as violence "
        "threatened to disrupt Sunday's regional elections, the army said."
    )
    event = one_event(analyze_text, text + FILLER)
    assert event.actor is not None and (event.actor.country, event.actor.sector) == ("MLI", "armed_group")
    assert event.date is None
