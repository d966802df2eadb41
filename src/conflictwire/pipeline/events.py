"""Events: trigger words in realis contexts become event mentions, and the mentions of
one article that describe the same incident merge into one event.

A mention takes its type from the trigger (an unspecific "attack" or "strike" is typed
by the weapons of its sentence: missiles -> missile_strike, drones -> drone_strike),
its actor from the agent ("Ukraine used ... to target", "Russia's attack", "by X"), its
target from the object, its date from the sentence's time expressions, and its place
from the sentence's locative toponyms. Irrealis mentions ("the ability to strike",
"such strikes could", "would escalate") are not events. Within an article, attack
mentions merge unless their dates or places clash; other events merge by type and actor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from conflictwire.knowledge import Knowledge, Trigger
from conflictwire.models import Actor, Place, PlaceMention, Precision, TimeMention, Weapon
from conflictwire.models import Span as CharSpan
from conflictwire.pipeline import actors
from conflictwire.pipeline.claims import WeaponMention, resolve_weapons
from conflictwire.pipeline.context import verb_phrase
from conflictwire.pipeline.doccache import doc_text
from conflictwire.pipeline.places import linked_place

MODALS = frozenset({"would", "could", "might", "may", "should", "can", "will", "must"})
FAMILY_TYPES = {
    "missile": "missile_strike",
    "drone": "drone_strike",
    "artillery": "shelling",
    "rocket": "shelling",
    "aircraft": "air_strike",
    "bomb": "air_strike",
    "explosive": "explosive_device",
}
DEFAULT_ATTACK = "shelling"
GUN_WORDS = frozenset(
    {"gunman", "gunmen", "gunfire", "shooting", "rifle", "firefight", "gunbattle", "ambush"}
)
"""ACLED's most frequent remote-violence sub-event; used when nothing says how an attack was made."""
SIGNED_DOCUMENTS = frozenset({"law", "bill", "decree", "order", "doctrine", "resolution", "declaration",
                              "legislation", "sanction", "directive", "statute", "amendment",
                              "ordinance"})  # fmt: skip
AGREEMENT_OBJECTS = frozenset(
    {"agreement", "deal", "ceasefire", "truce", "accord", "treaty", "memorandum", "pact"}
)
AGREEING_VERBS = frozenset({"agree", "sign", "reach", "accept", "seal", "conclude", "broker", "announce"})
"""Verbs whose subject makes the agreement named by their object ("rebels agreed to a truce")."""
PRECISION_RANK = {
    Precision.POINT.value: 4,
    Precision.CITY.value: 3,
    Precision.ADMIN1.value: 2,
    Precision.COUNTRY.value: 1,
}
ACTOR_REQUIRED = frozenset({"policy_decision", "threat"})
STATE_SECTORS = frozenset({"government", None})


@dataclass(slots=True)
class Mention:
    trigger: Token
    type: str
    family: str
    sentence: Span
    actor: Actor | None = None
    target: Actor | None = None
    date: str | None = None
    date_precision: str | None = None
    place: Place | None = None
    weapons: list[Weapon] = field(default_factory=list)
    vague_date: bool = False
    """The date came from 'overnight' or 'today', which may straddle the previous day."""
    claimed: bool = False
    """'X claimed responsibility for the attack': a word about an attack already told."""
    echo: bool = False
    """'The attack began at 10 a.m. in Peshawar': only a reference back to a told attack."""


@dataclass(slots=True)
class EventDraft:
    mentions: list[Mention]
    type: str
    family: str
    actor: Actor | None = None
    target: Actor | None = None
    date: str | None = None
    date_precision: str | None = None
    place: Place | None = None
    weapons: list[Weapon] = field(default_factory=list)
    claims: list[object] = field(default_factory=list)

    @property
    def span(self) -> CharSpan:
        return CharSpan(self.mentions[0].sentence.start_char, self.mentions[-1].sentence.end_char)


TriggerIndex = tuple[dict[str, list[Trigger]], dict[str, list[Trigger]], dict[str, tuple[int, Trigger]]]
"""Single-word triggers by word, multi-word ones by last word, and each multi-word phrase
with its rank in the knowledge file (the first listed wins when several match)."""
_TRIGGER_INDEX: dict[int, tuple[Knowledge, TriggerIndex]] = {}


def _trigger_index(kb: Knowledge) -> TriggerIndex:
    """Trigger words by last word, built once per knowledge object: every token of every
    article asks (rebuilding it per token cost about a third of the event stage)."""
    cached = _TRIGGER_INDEX.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    index = _build_trigger_index(kb)
    _TRIGGER_INDEX[id(kb)] = (kb, index)
    return index


def _build_trigger_index(kb: Knowledge) -> TriggerIndex:
    single: dict[str, list[Trigger]] = {}
    multi: dict[str, list[Trigger]] = {}
    for t in kb.triggers:
        (multi if " " in t.word else single).setdefault(
            t.word.split()[-1] if " " in t.word else t.word, []
        ).append(t)
    phrases: dict[str, tuple[int, Trigger]] = {}
    for rank, t in enumerate(t for ts in multi.values() for t in ts):
        phrases.setdefault(t.word, (rank, t))
    return single, multi, phrases


def _match_trigger(token: Token, kb: Knowledge) -> Trigger | None:
    single, multi, phrases = _trigger_index(kb)
    lemma = token.lemma_.lower()
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} else "NOUN" if token.pos_ in {"NOUN", "PROPN"} else None
    if pos is None:
        return None
    # multi-word: verb + particle ("shoot down") or compound + noun ("drone attack")
    for t in multi.get(token.lower_, []) + multi.get(lemma, []):
        first = t.word.split()[0]
        if pos == "NOUN" and any(
            c.dep_ in {"compound", "amod"} and c.lemma_.lower() == first for c in token.lefts
        ):
            return t
    if pos == "VERB":
        phrase = verb_phrase(token)
        # "opened fire", "exchanged fire": a verb and its bare object make the trigger
        objects = [f"{lemma} {c.lemma_.lower()}" for c in token.children if c.dep_ == "dobj"]
        found = [phrases[w] for w in (phrase, *objects) if w in phrases]
        if found:
            return min(found, key=lambda ranked: ranked[0])[1]
    for t in single.get(lemma, []):
        if t.pos in {pos, "ANY"}:
            return t
    return None


ASKING_VERBS = frozenset(
    {"ask", "call", "appeal", "push", "press", "plead", "lobby", "beg", "clamour", "clamor"}
)
"""Verbs whose "for" phrase is something wanted: "called for a ceasefire"."""
DEMANDING_VERBS = frozenset({"demand", "urge", "seek", "propose", "want", "request", "suggest", "offer"})
"""Verbs whose object is something wanted: "demanded a truce"."""


def _is_deal(token: Token) -> bool:
    """A truce, a deal, or the US spelling "cease-fire" (parsed as a compound "cease" + "fire")."""
    lemma = token.lemma_.lower()
    return lemma in AGREEMENT_OBJECTS or (lemma == "fire" and any(c.lower_ == "cease" for c in token.lefts))


def _deal_verb(token: Token) -> Token | None:
    """The verb that makes the deal named by a noun trigger: "agreed to a truce", "signed a
    deal", "a ceasefire was agreed"; the verb's subject is then the agreement's party."""
    node = token.head
    if token.dep_ == "pobj" and node.lower_ in {"to", "on", "upon"}:
        node = node.head
    elif token.dep_ not in {"dobj", "nsubjpass"}:
        return None
    if node.pos_ in {"VERB", "AUX"} and node.lemma_.lower() in AGREEING_VERBS:
        return node
    return None


def _makes_deal(verb: Token) -> bool:
    """'agreed on Sunday to a truce': the verb is the agreement itself, not a statement."""
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"} and _is_deal(child):
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in {"to", "on", "upon"}
            and any(c.dep_ == "pobj" and _is_deal(c) for c in child.children)
        ):
            return True
    return False


def _asked_for(token: Token) -> bool:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in ASKING_VERBS:
        return True
    return token.dep_ == "dobj" and head.lemma_.lower() in DEMANDING_VERBS


MOVABLE_THINGS = frozenset({
    "vehicle", "tank", "weapon", "arm", "drone", "ammunition", "equipment", "gun", "rifle", "missile",
    "truck", "ship", "vessel", "boat", "tanker", "cargo", "aircraft", "helicopter", "jet", "plane",
    "soldier", "fighter", "prisoner", "hostage", "people", "civilian", "member", "militant", "troop",
    "man", "woman", "child", "document", "cash", "money", "drug", "shipment", "material", "launcher",
    "system", "convoy", "crew",
})  # fmt: skip
"""What a capture verb can take that is not territory."""


def _seized_things(token: Token) -> bool:
    """A capture/seize verb whose object is a thing or people, not a place or position."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += [c for o in objects for c in o.conjuncts]
    return bool(objects) and all(
        o.lemma_.lower() in MOVABLE_THINGS or o.ent_type_ in {"WEAPON", "PERSON"} for o in objects
    )


HABITUAL_ADVERBS = frozenset({
    "daily", "nightly", "weekly", "regularly", "routinely", "frequently", "often", "constantly",
    "usually", "sometimes", "occasionally", "periodically", "habitually",
})  # fmt: skip
ENDING_VERBS = frozenset({"cease", "end", "stop", "subside", "abate", "halt", "wane", "ease", "die"})


def _habitual(token: Token) -> bool:
    """A verb trigger told as a habit in the present or present perfect ("have shelled each
    other almost daily since", "regularly fires"): background, not one event."""
    if token.pos_ not in {"VERB", "AUX"} or not any(c.lower_ in HABITUAL_ADVERBS for c in token.children):
        return False
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    return perfect or token.tag_ in {"VBZ", "VBP"}


def _ended(token: Token) -> bool:
    """A noun trigger whose verb says it stopped ("the battles of recent months have ceased")."""
    return (
        token.pos_ in {"NOUN", "PROPN"}
        and token.dep_ in {"nsubj", "nsubjpass"}
        and token.head.lemma_.lower() in ENDING_VERBS
    )


def _specific_plural(token: Token) -> bool:
    """A bare plural that still names events that happened: the subject of a past-tense verb
    ("Clashes ... killed 12 people") or one with its two sides ("clashes between X and Y")."""
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.tag_ == "VBD":
        return True
    if (
        token.dep_ in {"nsubj", "nsubjpass"}
        and token.head.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.head.children)
    ):
        return True  # "Drone attacks have set alight two oil facilities"
    if (
        token.dep_ == "dobj"
        and token.head.tag_ in {"VBD", "VBN"}
        and token.head.lemma_.lower() in DOING_VERBS
    ):
        return True  # "forces carried out air strikes", "have launched attacks"
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in token.children)


def _irrealis(token: Token) -> bool:
    if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in MODALS for c in token.children):
        return True
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if _habitual(token) or _ended(token):
        return True
    if token.pos_ in {"VERB", "AUX"}:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if infinitive and token.head.pos_ in {"NOUN", "ADJ"}:
            return True  # "the ability to strike", "ready to attack"
        if token.tag_ == "VBG" and token.dep_ in {"csubj", "pcomp"} and token.head.pos_ in {"VERB", "ADP"}:
            return True  # "using such weapons requires", "by deploying"
        head = token.head
        if infinitive and any(c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
            return True
    else:
        if any(
            c.lower_ in {"such", "any", "future", "potential", "possible", "further"} for c in token.lefts
        ):
            return True
        if _asked_for(token):
            return True  # "asked for a truce", "demanded a ceasefire": wanted, not done
        if (
            token.tag_ == "NNS"
            and not any(c.dep_ in {"det", "poss", "nummod"} for c in token.lefts)
            and not _specific_plural(token)
        ):
            return True  # bare plurals are generic: "strikes could strengthen"
        head = token.head
        while head.dep_ in {"pobj", "prep", "conj", "compound"} and head.head is not head:
            head = head.head
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
            return True
    return False


CLASH_LEMMAS = frozenset(
    {"clash", "fight", "fighting", "battle", "skirmish", "firefight", "engage", "exchange"}
)
"""Triggers whose other side is named by "with" ("troops clashed with rebels")."""


def _parties(token: Token) -> tuple[Token, Token] | None:
    """The two sides of "fighting between X and Y", the `between` phrase hanging from the
    trigger or, when the trigger is the subject ("fighting broke out between ..."), from its verb."""
    for holder in (token, token.head if token.dep_ in {"nsubj", "nsubjpass"} else None):
        if holder is None:
            continue
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ != "between":
                continue
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            second = (
                next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
            )
            if first is not None and second is not None:
                return first, second
    return None


DOING_VERBS = frozenset({"carry", "conduct", "launch", "stage", "mount", "unleash", "perpetrate",
                         "execute", "commit", "wage", "begin", "start", "continue", "step"})  # fmt: skip
"""Light verbs whose object names the event their subject did ("carried out an attack")."""


RESPONSIBILITY_VERBS = frozenset({"claim", "take", "assume", "accept", "admit"})
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "representative"})


def _claimed_by(token: Token) -> Token | None:
    """Who claimed the attack named by a noun trigger, the doer ACLED codes: "X claimed
    responsibility for the attack", "a bomb attack claimed by X"."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "responsibility":
        verb = head.head.head
        if verb.lemma_.lower() in RESPONSIBILITY_VERBS:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lemma_.lower() in SPOKESPEOPLE:
                # "a spokesman for the Pakistani Taliban claimed": the group, not its voice
                for prep in subject.children:
                    if prep.dep_ == "prep" and prep.lower_ in {"for", "of"}:
                        return next((c for c in prep.children if c.dep_ == "pobj"), subject)
            return subject
    for child in token.children:
        if child.dep_ == "acl" and child.lemma_.lower() == "claim":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


USING_VERBS = frozenset({"deploy", "use", "employ", "fire", "launch"})
GROUP_PRONOUNS = frozenset({"it", "we"})


def _speakers_body(subject: Token, verb: Token, kb: Knowledge) -> Actor | None:
    """'A spokesman for the Houthi group said it had deployed drones': "it" is the body the
    speaker speaks for."""
    if subject.lower_ not in GROUP_PRONOUNS or verb.dep_ != "ccomp":
        return None
    say = verb.head
    if say.lemma_.lower() not in kb.cues:
        return None
    speaker = next((c for c in say.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    for prep in speaker.children:
        if prep.dep_ == "prep" and prep.lower_ in {"for", "of"}:
            body = next((c for c in prep.children if c.dep_ == "pobj"), None)
            found = actors.resolve(body, kb) if body is not None else None
            if found is not None and found.country is not None:
                return found
    found = actors.resolve(speaker, kb)
    return found if found is not None and found.sector in {"armed_group", "military"} else None


def _noun_owner(token: Token, kb: Knowledge) -> Actor | None:
    """The owner named inside a noun trigger's phrase: "Russian airstrikes", "Israel's raid"."""
    for child in token.children:
        if child.dep_ in {"poss", "compound", "amod"} and child.ent_type_ in {"GPE", "NORP"}:
            entry = kb.country_names.get(child.text.lower())
            if entry is not None:
                return Actor(name=entry[0].name, country=entry[0].iso3, sector=None)
    return None


def _dateline_word(token: Token) -> bool:
    """An upper-case place opening its sentence before a comma: "KABUL, Afghanistan (AP) -"."""
    doc = token.doc
    return token.i == token.sent.start and token.i + 1 < len(doc) and doc[token.i + 1].text == ","


def _agent(token: Token, kb: Knowledge) -> Actor | None:
    """Who carried out the event named by `token`: the subject of a verb trigger (through
    xcomp/advcl/conj), the owner or "by" phrase of a noun trigger, or the first side of
    "fighting between X and Y"."""
    candidates: list[Token] = []
    fallback: Actor | None = None
    parties = _parties(token)
    if parties is not None:
        candidates.append(parties[0])
    elif token.pos_ in {"VERB", "AUX"}:
        node = token
        for _ in range(3):
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            # "KYIV, March 10 (Reuters) - Russian forces attacked": the dateline is a second subject
            subject = next((c for c in subjects if not _dateline_word(c)), subjects[0] if subjects else None)
            agent = next((c for c in node.children if c.dep_ == "agent"), None)
            if agent is not None:
                candidates += [c for c in agent.children if c.dep_ == "pobj"]
            if subject is not None:
                speaker = _speakers_body(subject, node, kb)
                if speaker is not None:
                    return speaker
                candidates.append(subject)
                break
            if node.dep_ in {"xcomp", "advcl", "conj", "ccomp"} and node.head is not node:
                node = node.head
                continue
            if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in {"NOUN", "PROPN"}:
                candidates.append(node.head)  # "militiamen protesting against air strikes hurled stones"
            break
    elif (
        token.dep_ == "pobj"
        and token.head.head.pos_ == "VERB"
        and token.head.head.lemma_.lower() in USING_VERBS
    ):
        return _agent(token.head.head, kb)  # "it had deployed 10 drones in the attacks"
    elif (claimer := _claimed_by(token)) is not None:
        candidates.append(claimer)
    elif token.dep_ == "dobj" and token.head.lemma_.lower() in DOING_VERBS and token.head is not token:
        # "insurgents carried out an attack", "the military began conducting airstrikes":
        # the doer of the light verb did the attack named by its object.
        return _noun_owner(token, kb) or _agent(token.head, kb)
    else:
        for child in token.children:
            if child.dep_ in {"poss", "compound", "amod"} and child.ent_type_ in {
                "GPE",
                "NORP",
                "ORG",
                "PERSON",
            }:
                candidates.append(child)
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                candidates += [c for c in child.children if c.dep_ == "pobj"]
    for candidate in candidates:
        if (
            candidate.is_upper
            and len(candidate.text) > 2
            and (candidate.ent_type_ in {"GPE", "LOC"} or _dateline_word(candidate))
        ):
            # a dateline ("KYIV, Nov 20 (Reuters) -") parsed as the subject, with the real
            # subject in apposition ("KABUL, Afghanistan (AP) - The council agreed")
            candidates += [
                c
                for c in candidate.children
                if c.dep_ == "appos" and c.i > candidate.i + 1 and c.ent_type_ not in {"GPE", "LOC", "ORG"}
            ]
            continue
        if candidate.ent_type_ == "WEAPON" or candidate.lemma_.lower() in {
            "missile",
            "drone",
            "rocket",
            "shell",
            "attack",
            "strike",
        }:
            # "Russian drones struck ...": the weapon's nationality names the attacker.
            for mod in candidate.lefts:
                entry = kb.country_names.get(mod.text.lower()) if mod.ent_type_ in {"NORP", "GPE"} else None
                made_in = mod.i + 1 < len(mod.doc) and mod.doc[mod.i + 1].text == "-"  # "US-made"
                if entry is not None and not made_in:
                    return Actor(name=entry[0].name, country=entry[0].iso3, sector=None)
            continue
        if candidate.ent_type_ == "NORP":
            entry = kb.country_names.get(candidate.text.lower())
            if entry is not None:
                return Actor(name=entry[0].name, country=entry[0].iso3, sector=None)
        actor = actors.resolve(candidate, kb)
        if actor is not None and actor.sector == "media":
            continue  # "hit by missiles, AFP quoted the company as saying": news reports, never attacks
        if actor is not None and actor.country is not None:
            return actor
        if actor is not None and not actor.anonymous and actor.sector not in {"official", "media", "analyst"}:
            fallback = fallback or actor
    return fallback  # "the president signed": an agent, though no country is named


def _target(token: Token, kb: Knowledge) -> Actor | None:
    """Who the event named by `token` was aimed at: a country named in its object or in an
    on/at/against phrase; the other side of a clash ("between X and Y", "clashed with Y"),
    a party of any kind."""
    parties = _parties(token)
    sides = [parties[1]] if parties is not None else []
    if token.lemma_.lower() in CLASH_LEMMAS:
        sides += [c for p in token.children if p.dep_ == "prep" and p.lower_ == "with" for c in p.children]
    for side in sides:
        if side.dep_ in {"pobj", "conj"}:
            actor = actors.resolve(side, kb)
            if actor is not None and (actor.country is not None or actor.sector is not None):
                return actor
    objects = [c for c in token.children if c.dep_ in {"dobj"}]
    for prep in (
        c for c in token.children if c.dep_ == "prep" and c.lower_ in {"on", "at", "against", "in", "into"}
    ):
        objects += [c for c in prep.children if c.dep_ == "pobj"]
    for obj in objects:
        for t in [obj, *obj.lefts]:
            if t.ent_type_ in {"GPE", "NORP"}:
                entry = kb.country_names.get(t.text.lower())
                if entry is not None:
                    return Actor(name=entry[0].name, country=entry[0].iso3, sector=None)
    return None


VAGUE_TIMES = frozenset({"overnight", "tonight", "today", "this morning", "this evening", "this afternoon"})


def _reporting_time(sent: Span, time: TimeMention, kb: Knowledge) -> bool:
    """'..., the ministry said on Thursday': the day of the statement, not of the event."""
    span = sent.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    for _ in range(3):
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            lemma = node.lemma_.lower()
            return lemma in kb.cues and lemma not in kb.slots and not _makes_deal(node)
        if node.head is node:
            break
    return False


DATELINE_DASHES = frozenset({"-", "—", "–", "--"})


def _dateline_end(sent: Span) -> int:
    """Where a wire dateline ("KYIV, March 10 (Reuters) -") ends: its date is the day the
    story was filed, not the day of the event the sentence tells."""
    if not _dateline_word(sent[0]):
        return -1
    for token in sent[1:16]:
        if token.text in DATELINE_DASHES:
            return token.idx + len(token.text)
    return -1


def _spoken_at(token: Token) -> bool:
    """'Speaking at a rally in Dallas, the president said': a politician's rally, where the
    news is the speech, not a protest."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ == "at"
        and prep.head.lemma_.lower() in {"speak", "address", "tell", "say", "vow", "promise"}
    )


PERIOD_OPENERS = frozenset({"begin", "start", "erupt", "break", "launch", "resume"})


def _period_start(sent: Span, time: TimeMention) -> bool:
    """ "Since July 8, nearly 3,700 rockets were fired", "since the campaign began March 26":
    the start of a period that a count or a campaign covers, not one incident's day."""
    span = sent.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    if node.head.lower_ == "since":
        return True  # "since July 8"
    verb = node.head if node.head.pos_ in {"VERB", "AUX"} else node.head.head
    return verb.lemma_.lower() in PERIOD_OPENERS and any(
        c.lower_ == "since" and c.dep_ == "mark" for c in verb.children
    )  # "since the campaign began March 26"; not "since troops liberated the city in November"


def _owned_by_other(sent: Span, time: TimeMention, kb: Knowledge) -> bool:
    """ "Sunday's presidential election": a day owned by a noun that names no event of ours
    dates that noun, not the attack told beside it ("Saturday's attack" still dates it)."""
    span = sent.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None or span.root.dep_ != "poss":
        return False
    owner = span.root.head
    return owner.pos_ == "NOUN" and _match_trigger(owner, kb) is None


def _sentence_date(
    sent: Span, times: list[TimeMention], kb: Knowledge, published: str | None = None
) -> tuple[str | None, str | None, bool]:
    """The sentence's first usable date; a vague 'overnight' yields to 'on Sunday' beside it,
    the day a statement was made ('said on Thursday') is not the event's date, nor is a day
    after publication ('the truce is to begin Tuesday'): a report tells what has happened."""
    found = []
    dateline_end = _dateline_end(sent)
    for t in times:
        if sent.start_char <= t.span.start < sent.end_char and t.type in {"DATE", "TIME"} and t.value:
            if (
                t.span.start < dateline_end
                or _reporting_time(sent, t, kb)
                or _owned_by_other(sent, t, kb)
                or _period_start(sent, t)
            ):
                continue
            if published and t.precision == "day" and t.value[:10] > published[:10]:
                continue
            if t.precision in {"day", "week", "month"} and len(t.value) >= 7:
                vague = doc_text(sent.doc)[t.span.start : t.span.end].lower() in VAGUE_TIMES
                found.append((vague, t.span.start, t.value[:10], t.precision))
    if not found:
        return None, None, False
    vague, _, value, precision = min(found)
    return value, precision, vague


def _sentence_place(sent: Span, places: list[PlaceMention], kb: Knowledge) -> Place | None:
    best: Place | None = None
    for p in places:
        if not (sent.start_char <= p.span.start < sent.end_char and p.role == "location"):
            continue
        if best is None or PRECISION_RANK.get(p.place.precision or "", 0) > PRECISION_RANK.get(
            best.precision or "", 0
        ):
            best = p.place
    if best is None:
        # "... Russian territory": a demonym with territory/soil names the country
        for token in sent:
            if token.lemma_.lower() in {"territory", "soil", "airspace"}:
                for mod in token.lefts:
                    entry = kb.country_names.get(mod.text.lower())
                    if entry is not None:
                        return Place(
                            name=entry[0].name, country=entry[0].iso2, precision=Precision.COUNTRY.value
                        )
    return best


def find_mentions(
    sentences: list[Span],
    kb: Knowledge,
    *,
    times: list[TimeMention],
    places: list[PlaceMention],
    weapons: list[WeaponMention],
    published: str | None = None,
) -> list[Mention]:
    out: list[Mention] = []
    for sent in sentences:
        sent_weapons = resolve_weapons(CharSpan(sent.start_char, sent.end_char), weapons)
        date, precision, vague = _sentence_date(sent, times, kb, published)
        place = _sentence_place(sent, places, kb)
        for token in sent:
            trigger = _match_trigger(token, kb)
            if trigger is None or _irrealis(token):
                continue
            type_ = trigger.type
            if trigger.word == "sign":
                obj = next((c for c in token.children if c.dep_ == "dobj"), None)
                if obj is None or obj.lemma_.lower() not in SIGNED_DOCUMENTS | AGREEMENT_OBJECTS:
                    continue
                type_ = "agreement" if obj.lemma_.lower() in AGREEMENT_OBJECTS else "policy_decision"
            if type_ == "territory_change" and _seized_things(token):
                continue  # "captured 17 combat vehicles": booty or prisoners, not ground
            deal_verb = _deal_verb(token) if type_ == "agreement" else None
            agent = _agent(deal_verb if deal_verb is not None else token, kb)
            echo = False
            if trigger.type in {"attack", "interception"} and not _violent_context(
                token, trigger, sent, agent, sent_weapons
            ):
                if not (_anaphoric(token) and any(m.family in VIOLENT_MENTIONS for m in out)):
                    continue
                echo = True
            if (
                type_ in {"protest", "violent_demonstration"}
                and any(c.lower_ in NOT_PROTEST_MODIFIERS for c in token.lefts)
            ) or (type_ == "protest" and _spoken_at(token)):
                continue  # "a campaign rally" is politics, not a protest event
            if type_ == "attack":
                type_ = _attack_type(sent_weapons, sent)
            family = kb.event_types[type_].family if type_ in kb.event_types else "attack"
            target = _target(token, kb) if family in {"attack", "battle"} else None
            if type_ == "interception":
                # Who intercepts is the side attacked, not the attacker.
                agent, target = None, target or (_country_actor(agent) if agent else None)
            out.append(
                Mention(
                    trigger=token,
                    type=type_,
                    family=family,
                    sentence=sent,
                    actor=agent,
                    target=target,
                    date=date,
                    date_precision=precision,
                    vague_date=vague,
                    # The place linked to the trigger in the parse (places.linked_place), else the
                    # sentence's most precise location (issue 8: event geocoding).
                    place=(linked_place(token, places) or place)
                    if family in {"attack", "battle", "violence", "protest"}
                    else None,
                    weapons=sent_weapons if family == "attack" else [],
                    claimed=_claimed_by(token) is not None,
                    echo=echo,
                )
            )
    return out


# Trigger words that also have everyday senses ("hit by a quake", "launched an appeal",
# "strikes me as"): they make an attack only in a violent context.
AMBIGUOUS_TRIGGERS = frozenset({"strike", "attack", "hit", "target", "fire", "launch", "pound", "assault",
                                "barrage", "salvo", "down", "repel", "intercept"})  # fmt: skip
VIOLENT_WORDS = frozenset({
    "missile", "drone", "rocket", "shell", "bomb", "artillery", "mortar", "uav", "projectile", "munition",
    "troops", "army", "military", "militant", "gunman", "gunmen", "soldier", "fighter", "jet", "warplane",
    "airstrike", "aircraft", "helicopter", "tank", "weapon", "gun", "rifle", "grenade", "explosive", "forces",
    "force", "insurgent", "rebel", "terrorist", "killed", "kill", "wounded", "injured", "dead", "casualty",
    "interceptor", "air", "defence", "defense", "ballistic", "cruise", "strike", "offensive", "barrage",
})  # fmt: skip
NATURAL_CAUSES = frozenset({"quake", "earthquake", "storm", "hurricane", "typhoon", "flood", "tornado",
                            "cyclone", "wave", "heatwave", "virus", "pandemic", "recession",
                            "crisis"})  # fmt: skip
LAUNCHABLE = frozenset({"missile", "drone", "rocket", "shell", "bomb", "projectile", "attack", "strike",
                        "offensive", "assault", "barrage", "salvo", "raid", "uav", "munition", "round",
                        "wave"})  # fmt: skip
NOT_PROTEST_MODIFIERS = frozenset({"campaign", "election", "electoral", "stock", "market", "price", "relief"})


def _violent_context(
    token: Token, trigger: Trigger, sent: Span, agent: Actor | None, weapons: list[Weapon]
) -> bool:
    """Whether an attack word is used of violence, not of quakes, markets or appeals."""
    if trigger.word not in AMBIGUOUS_TRIGGERS:
        return True
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "agent"}), None)
    if subject is not None and subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
    if subject is not None and subject.lemma_.lower() in NATURAL_CAUSES:
        return False
    if token.pos_ in {"VERB", "AUX"} and trigger.word in {"launch", "fire"}:
        obj = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is not None and obj.ent_type_ != "WEAPON" and obj.lemma_.lower() not in LAUNCHABLE:
            return False  # "launched an appeal", "fired the manager"
    if weapons or (agent is not None and agent.sector in {"military", "armed_group"}):
        return True
    return any(_violent_word(t) and t.i != token.i for t in sent) or token.lemma_.lower() in {
        "airstrike",
        "bombard",
        "shell",
    }


def _anaphoric(token: Token) -> bool:
    """'The attack began at 10 a.m. in Peshawar': a definite attack noun after an attack was
    told refers back to it, so its sentence may add the place or hour."""
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.lefts)
    )


def _violent_word(token: Token) -> bool:
    """A violent word by lemma, or by its plain plural when the tagger took a sentence-initial
    "Rockets" for a proper noun (whose lemma keeps the -s)."""
    lemma = token.lemma_.lower()
    return lemma in VIOLENT_WORDS or (lemma.endswith("s") and lemma[:-1] in VIOLENT_WORDS)


def _country_actor(actor: Actor) -> Actor | None:
    return Actor(name=actor.name, country=actor.country, sector=None) if actor.country else None


def _attack_type(weapons: list[Weapon], sent: Span) -> str:
    for weapon in weapons:
        if weapon.family in FAMILY_TYPES:
            return FAMILY_TYPES[weapon.family]
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in GUN_WORDS or (lemma == "fire" and token.head.lemma_ in {"open", "exchange"}):
            return "armed_clash"
        if lemma in {"missile"}:
            return "missile_strike"
        if lemma in {"drone", "uav"}:
            return "drone_strike"
        if lemma in {"airstrike", "warplane", "jet", "aircraft"}:
            return "air_strike"
        if lemma in {"shell", "artillery", "mortar", "rocket"}:
            return "shelling"
    return "attack"


def _known_and_different(a: str | None, b: str | None) -> bool:
    """Two countries that are both known and not the same (an unknown one agrees with any)."""
    return bool(a and b and a != b)


def _compatible(event: EventDraft, mention: Mention) -> bool:
    if event.family != mention.family:
        return False
    if event.family != "attack" and event.type != mention.type:
        return False
    if event.date is None and mention.date and mention.date_precision in {"month", "year"}:
        return False  # "in June": a background incident, not the undated lead event's day
    if event.date and mention.date and event.date != mention.date:
        a, b = parse_date(event.date), parse_date(mention.date)
        if not (mention.vague_date and a and b and abs((a - b).days) <= 1):
            return False
    if event.place and mention.place and _known_and_different(event.place.country, mention.place.country):
        return False
    if (
        event.family != "attack"
        and event.actor
        and mention.actor
        and event.actor.country != mention.actor.country
    ):
        return False
    if event.family == "attack" and "interception" not in {event.type, mention.type}:
        if event.actor and mention.actor and _known_and_different(event.actor.country, mention.actor.country):
            return False  # "insurgents attacked a checkpoint ... US airstrikes killed 13": two sides
        if (
            event.type != mention.type
            and "attack" not in {event.type, mention.type}
            and mention.weapons
            and event.weapons
            and not set(mention.weapons) & set(event.weapons)
        ):
            return False  # two kinds of attack, each with its own weapons
    return True


def merge(mentions: list[Mention]) -> list[EventDraft]:
    events: list[EventDraft] = []
    for mention in mentions:
        if mention.claimed and _credit_claim(events, mention):
            continue
        if mention.echo:
            _add_echo(events, mention)
            continue
        target = next((e for e in events if _compatible(e, mention)), None)
        if target is None:
            target = EventDraft(mentions=[], type=mention.type, family=mention.family)
            events.append(target)
        target.mentions.append(mention)
        if target.type in {"attack", "interception"} and mention.type not in {"attack", "interception"}:
            target.type = mention.type
        if target.actor is None or (target.actor.country is None and mention.actor and mention.actor.country):
            target.actor = mention.actor or target.actor
        target.target = target.target or mention.target
        if target.date is None and mention.date:
            target.date, target.date_precision = mention.date, mention.date_precision
        target.weapons += [w for w in mention.weapons if w not in target.weapons]
    for event in events:
        event.place = _choose_place([m.place for m in event.mentions if m.place is not None])
        if event.type == "attack":
            event.type = (
                FAMILY_TYPES.get(event.weapons[0].family, DEFAULT_ATTACK) if event.weapons else DEFAULT_ATTACK
            )
        if event.family == "attack" and event.actor is not None and event.actor.sector in STATE_SECTORS:
            # A state that strikes does so through its armed forces.
            event.actor = Actor(
                name=event.actor.name,
                country=event.actor.country,
                sector="military",
                anonymous=event.actor.anonymous,
            )
    # A decision or a threat with nobody deciding ("click here for reprint permission") says nothing.
    return [e for e in events if e.actor is not None or e.type not in ACTOR_REQUIRED]


VIOLENT_MENTIONS = frozenset({"attack", "battle", "violence"})


def _add_echo(events: list[EventDraft], mention: Mention) -> None:
    """A reference back ("the attack began in Peshawar") joins the latest violent event told
    for the same day and country, adding its place; otherwise it tells nothing new."""
    violent = [e for e in events if e.family in VIOLENT_MENTIONS]
    if not violent:
        return
    event = violent[-1]
    if event.date is None and mention.date and mention.date_precision in {"month", "year"}:
        return  # "in June": a background incident, not the undated lead event's day
    if event.date and mention.date and event.date != mention.date:
        return
    countries = {m.place.country for m in event.mentions if m.place is not None}
    if mention.place is not None and countries and mention.place.country not in countries:
        return
    event.mentions.append(mention)


def _credit_claim(events: list[EventDraft], mention: Mention) -> bool:
    """A claim of responsibility names who did the latest violent event told before it
    (ACLED codes the claimant as the actor); it makes no event of its own."""
    violent = [e for e in events if e.family in {"attack", "battle", "violence"}]
    if not violent or mention.actor is None:
        return False
    event = violent[-1]
    if event.actor is not None and event.actor.country is not None:
        return event.actor.country == mention.actor.country
    event.actor = mention.actor
    event.mentions.append(mention)
    return True


def _choose_place(places: list[Place]) -> Place | None:
    """The country most mentions point to, then the most precise place named in it."""
    if not places:
        return None
    votes: dict[str | None, int] = {}
    for p in places:
        votes[p.country] = votes.get(p.country, 0) + 1
    country = max(votes, key=lambda c: (votes[c], -next(i for i, p in enumerate(places) if p.country == c)))
    inside = [p for p in places if p.country == country]
    return max(inside, key=lambda p: (PRECISION_RANK.get(p.precision or "", 0), -inside.index(p)))


def parse_date(value: str | None) -> dt.date | None:
    """The first day an ISO value covers: 2024-11-19, 2024-11 -> 11-01, 2024-W47 -> its Monday."""
    if not value or len(value) < 7:
        return None
    try:
        if "W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return None
