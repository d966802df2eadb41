"""Event types: decide an event's fine-grained type from the sentences that report it.

A trigger word gives an event its first type ("clash" -> armed_clash, "protest" -> protest);
this stage reads the event's sentences the way an ACLED coder does and returns the sub-event
the report describes: who acted on whom and with what. Police firing tear gas at marchers is
a protest with intervention, live rounds that kill marchers are excessive force, marchers
burning tyres make a violent demonstration, villagers beating a thief a mob; "captured the
town" is a government gain or a non-state takeover by who captured it, and "withdrew ...
without a fight" a non-violent transfer. The evidence is the context cues of
`knowledge/event_cues.tsv` (lists are data), combined here by ordered rules (logic is code),
most specific first: a suicide vest outranks the blast it caused, a grenade the attack.

Two readings of the text are used. Cues in the *main* clause say what happened; cues in
background ("after days of fighting", "the rocket that hit the hospital", "ahead of a planned
sit-in", "backed by air strikes") only colour it. What a protest demands or an agreement
promises is no evidence at all ("demanding the arrest of the killers", "agreed to end cattle
raids"), nor are the weapons people were arrested with.
Speech acts (a claim of responsibility, a condemnation, sanctions) are their own types only
when they are the sentence's main verb and nothing in the window reports violence directly.

`classify` returns a `TypeDecision` with the rule that fired, or the reason it found none;
`refine` decides whether that decision replaces the trigger's type (only where it is more
specific, so a well-typed missile strike stays one). The CASE 2021 "unseen" types (crime,
disasters, diplomacy, attribution) are typed too, in family `non_acled`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span, Token

from conflictwire.errors import KnowledgeError
from conflictwire.knowledge import HERE as KNOWLEDGE_DIR
from conflictwire.knowledge import Knowledge
from conflictwire.models import Actor, PlaceMention, TimeMention
from conflictwire.pipeline import events, minilm
from conflictwire.pipeline.doccache import doc_ents, doc_text
from conflictwire.pipeline.events import EventDraft

log = logging.getLogger(__name__)

SNIPPET_MAX_SENTENCES = 4
"""A text of at most this many sentences is a snippet (a CASE/ACLED note, a wire brief): it
reports one incident, so all of it is the context of each of its events, and when the
trigger words find no event the classifier's type from the whole text still makes one."""
SNIPPET_MAX_CHARS = 700
"""Snippets this short are worth typing even with no word of the relevance filter: a
protest or a kidnapping report may name no weapon or casualty. Longer general news keeps
the cheap filter."""
CACHE_KEY = "conflictwire.event_types.hits"
"""Doc.user_data key of the per-sentence cue hits."""
GAP_WORDS = 3
"""`~` in a cue allows this many words between its parts ("set the market on fire")."""
BACKGROUND_PREPS = frozenset({"after", "following", "amid", "since", "despite", "before"})
"""A cue under these prepositions is background ("accepted a truce after days of fighting")."""
NEGATION = re.compile(r"(?<!\w)(?:without|no|not|never|nobody|none)(?:\s+\S+)?\s+$")
"""A cue right after a negation ("without any fighting", "no one was hurt") is not evidence."""
NEGATION_REACH = 20
"""Characters before a cue searched for a negation: one word may stand between ("without any")."""
BACKGROUND_REACH = 8
BACKGROUND_LEADS = BACKGROUND_PREPS | {
    "ahead",
    "backed",
    "supported",
    "aided",
    "assisted",
    "citing",
    "due",
    "because",
}
"""Words that open a background phrase when read leftwards from a cue: "ahead of a planned
sit-in", "backed by air strikes", "citing an outbreak", "due to floods"."""
PURPOSE_GROUPS = frozenset({"protest_purpose", "agreement"})
"""Cues whose complement tells what was wanted, not what happened: "demanding the arrest of
the killers", "gathered to denounce the deaths", "agreed to end cattle raids"."""
PURPOSE_KEEPS = frozenset({"protest", "protest_purpose", "security", "riot", "civilian", "group_fight",
                           "nonstate", "agreement", "territory_noun"})  # fmt: skip
"""Groups that stay main inside such a complement: they say who, not what was done."""
"""How many words back a background preposition may stand from the cue it governs."""
BACKGROUND_MARKS = frozenset({"after", "since", "following", "before", "because"})
SPEECH_ROOTS = frozenset({"claim", "deny", "blame", "accuse", "hold", "admit", "reject", "say"})
DIPLOMATIC_ROOTS = frozenset({
    "condemn", "recall", "expel", "impose", "sever", "cut", "denounce", "warn", "urge", "call", "summon",
    "close", "suspend", "sanction", "welcome", "praise", "criticise", "criticize", "announce", "break",
    "veto",
})  # fmt: skip

GROUPS = (
    "protest", "riot", "protest_purpose", "crowd_violence", "intervention", "lethal", "security", "nonstate",
    "civilian", "group_fight", "lowtech", "firearms", "clash", "military_target", "harm", "chemical",
    "suicide",
    "grenade", "not_grenade", "remote_explosive", "air", "artillery", "disrupt", "impact", "territory_gov",
    "capture", "nonviolent", "peaceful", "territory_noun", "sexual", "abduct", "arrest", "property", "hq",
    "change_group", "agreement", "other", "natural", "manmade", "crime", "diplomatic", "attribution",
)  # fmt: skip
"""Cue groups the rules below read; `knowledge/event_cues.tsv` must define every one."""

REFINABLE: dict[str, frozenset[str] | None] = {
    # trigger type -> the types the classifier may put in its place (None: any)
    "attack": None,
    "shelling": None,  # also the default when nothing says how an attack was made
    "armed_clash": None,
    "attack_on_civilians": None,
    "explosive_device": None,
    "air_strike": None,  # "bombing" is often a bomb blast or a claim of one
    "territory_change": None,
    "protest": None,
    "violent_demonstration": None,
    "mob_violence": None,
    "arrest": None,
    "abduction": None,
    "looting": None,
    "interception": None,
    "grenade": None,  # "stun grenades" at a protest
    "sexual_violence": None,
    "suicide_bombing": None,
    "disrupted_weapons_use": None,
    "base_established": None,
    "change_to_group_activity": None,
    # A truce or deal stays one: the violence its sentences mention ("the deal was declared
    # dead after a bombing killed a soldier") is told by that violence's own events. Towns
    # handed over or positions vacated under a deal are the deal's outcome, a transfer.
    "agreement": frozenset({"change_to_group_activity", "non_violent_territory_transfer"}),
    "other": None,
    "drone_strike": frozenset(
        {"disrupted_weapons_use", "chemical_weapon", "responsibility_claim", "diplomatic"}
    ),
    "missile_strike": frozenset(
        {"disrupted_weapons_use", "chemical_weapon", "responsibility_claim", "diplomatic"}
    ),
    "policy_decision": frozenset({"diplomatic", "other"}),
    "threat": frozenset({"diplomatic"}),
}
"""Where the context may overrule the trigger. A missile or drone strike is already as
specific as ACLED gets, unless every report is of its interception or of who is to blame;
a decision by a government (authorising, signing a decree) stays one unless it is a
diplomatic measure."""


WEAPON_GROUPS = frozenset(
    {"artillery", "grenade", "remote_explosive", "firearms", "lethal", "air", "chemical"}
)
DISEASES = ("covid", "corona", "pandemic", "epidemic", "outbreak", "cholera", "ebola", "measles", "malaria",
            "lassa", "dengue", "infectious")  # fmt: skip
"""Natural cues that name a disease: a fire in a Covid ward is still an accident."""
PLANTED_BOMBS = frozenset({"ied", "ieds", "landmine", "car bomb", "roadside bomb", "improvised explosive"})
"""Explosives someone set: a blast with one of these is an attack, not an accident."""
TYPE_GROUP = {
    "shelling": "artillery",
    "missile_strike": "artillery",
    "air_strike": "air",
    "drone_strike": "air",
    "explosive_device": "remote_explosive",
}
"""Remote-violence types and the cue group that names their weapon: a trigger typed by a
weapon the text names keeps its type against another weapon elsewhere in the window."""
ARTICLE_OVERRULES = frozenset({"chemical_weapon", "suicide_bombing"})
"""What may overrule a weapon-typed attack in a long article: the means, not the weapon
family (a suicide car bomb, a chlorine-filled shell)."""


class Reason(StrEnum):
    """Why `classify` decided as it did (logged at debug, asserted in tests)."""

    RULE = "a rule matched"
    MODEL = "no rule matched; the embedding model typed the snippet"
    NO_CUE = "no context cue in the text"
    UNDECIDED = "cues present but no rule matched"
    BELOW_THRESHOLD = "no rule matched and the model was unsure"
    NO_MODEL = "no rule matched and the MiniLM weights are not installed"


CASE_TO_TYPE = {
    "ABDUCT_DISSAP": "abduction", "AGREEMENT": "agreement", "AIR_STRIKE": "air_strike",
    "ARMED_CLASH": "armed_clash", "ARREST": "arrest", "ART_MISS_ATTACK": "shelling",
    "ATTACK": "attack_on_civilians", "CHANGE_TO_GROUP_ACT": "change_to_group_activity",
    "CHEM_WEAP": "chemical_weapon", "DISR_WEAP": "disrupted_weapons_use",
    "FORCE_AGAINST_PROTEST": "excessive_force_against_protesters",
    "GOV_REGAINS_TERIT": "government_regains_territory", "GRENADE": "grenade",
    "HQ_ESTABLISHED": "base_established", "MOB_VIOL": "mob_violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "non_state_takeover",
    "NON_VIOL_TERRIT_TRANSFER": "non_violent_territory_transfer", "OTHER": "other",
    "PEACE_PROTEST": "protest", "PROPERTY_DISTRUCT": "looting",
    "PROTEST_WITH_INTER": "protest_with_intervention",
    "REM_EXPLOS": "explosive_device", "SEX_VIOL": "sexual_violence", "SUIC_BOMB": "suicide_bombing",
    "VIOL_DEMONSTR": "violent_demonstration", "ORG_CRIME": "organized_crime",
    "NATURAL_DISASTER": "natural_disaster", "MAN_MADE_DISASTER": "man_made_disaster",
    "DIPLO": "diplomatic", "ATTRIB": "responsibility_claim",
}  # fmt: skip
"""CASE 2021 Task 2 label -> internal type (the dev set's labels; the model's classes)."""
MODEL_FILE = KNOWLEDGE_DIR / "event_type_model.json"
MODEL_MIN_PROB = 0.05
"""The fallback's least class probability to be believed: 1.5 times the uniform 1/30, below
which the regression has no opinion (on held-out snippets its right answers mostly came
with 0.1 to 0.2)."""


@dataclass(frozen=True, slots=True)
class TypeDecision:
    type: str | None
    reason: Reason
    rule: str = ""
    """The rule that fired (a short name, for debugging and tests)."""
    cue_start: int | None = None
    """Character offset of the cue that decided, when one did."""


@dataclass(frozen=True, slots=True)
class _Hit:
    group: str
    start: int
    end: int
    main: bool


# ----------------------------------------------------------------------------- matching


def _cue_regex(cue: str) -> str:
    out: list[str] = []
    for word in cue.split():
        if word == "~":
            out.append(rf"(?:\s+\S+){{0,{GAP_WORDS}}}?")
            continue
        piece = re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "")
        out.append((r"\s+" if out else "") + piece)
    return rf"(?<!\w){''.join(out)}(?!\w)"


_COMPILED: dict[int, tuple[Knowledge, dict[str, re.Pattern[str]]]] = {}
_INDEXED: dict[int, tuple[Knowledge, dict[str, list[tuple[str, re.Pattern[str]]]]]] = {}
INDEX_CHARS = 3
"""Cues are indexed by the first characters of their first word: a sentence tries only the
cues that could start at one of its words (a few dozen of some 1,300)."""


@functools.lru_cache(maxsize=65536)
def _index_keys(word: str) -> frozenset[str]:
    """The cue-index keys a word may start a cue under: its first INDEX_CHARS letters and
    each shorter prefix (a short cue such as "IS" is indexed whole). Words repeat across
    sentences, so the keys are worked out once per word."""
    return frozenset({word[:INDEX_CHARS], *(word[:n] for n in range(1, INDEX_CHARS) if len(word) >= n)})


def _compiled(kb: Knowledge) -> dict[str, re.Pattern[str]]:
    """One regex per cue group, compiled once per knowledge object (it is not hashable)."""
    cached = _COMPILED.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    missing = [g for g in GROUPS if g not in kb.event_cues]
    if missing:
        raise KnowledgeError("event_cues.tsv", 0, f"no cues for group(s) {', '.join(missing)}")
    compiled = {
        group: re.compile("|".join(_cue_regex(c) for c in sorted(cues, key=len, reverse=True)))
        for group, cues in kb.event_cues.items()
    }
    _COMPILED[id(kb)] = (kb, compiled)
    return compiled


def _indexed(kb: Knowledge) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """First characters of a cue's first word -> (group, regex of that cue)."""
    cached = _INDEXED.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    _compiled(kb)  # checks that every group is defined
    index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for group, cues in kb.event_cues.items():
        for cue in cues:
            first = cue.split()[0].rstrip("*")
            index.setdefault(first[:INDEX_CHARS], []).append((group, re.compile(_cue_regex(cue))))
    _INDEXED[id(kb)] = (kb, index)
    return index


MONTH_MARCH = re.compile(r"(?<=\d )March\b|\bMarch(?= \d)")
"""The month, not a protest march ("On 10 March 2020", "March 3")."""


def normalise(text: str) -> str:
    """Lower case, hyphens and dashes between words as spaces, curly quotes straight, the
    month March masked; the same length as `text`, so offsets carry over."""
    out = MONTH_MARCH.sub("m_rch", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"(?<=\w)[-\u2010\u2011\u2013](?=\w)", " ", out)


def has_cue(text: str, kb: Knowledge) -> bool:
    """Whether a short text holds any cue of an event type (the snippet relevance test)."""
    if len(text) > SNIPPET_MAX_CHARS:
        return False
    low = normalise(text)
    strong = (
        "protest", "riot", "sexual", "abduct", "arrest", "hq", "agreement", "natural", "manmade", "crime",
        "diplomatic", "attribution", "property", "disrupt", "grenade", "suicide", "chemical", "harm",
        "remote_explosive", "air", "artillery", "clash", "capture", "territory_gov", "change_group", "other",
        "intervention",
    )  # fmt: skip
    patterns = _compiled(kb)
    return any(patterns[g].search(low) for g in strong)


def _background(token: Token) -> bool:
    # Linear look-back too: the small model often hangs "after the wall collapsed" on the
    # wrong head, but the preposition still opens the phrase the cue sits in.
    for left in reversed(token.doc[max(token.sent.start, token.i - BACKGROUND_REACH) : token.i]):
        if left.is_punct or left.dep_ == "ROOT" or left.lower_ in {"and", "but"}:
            break
        if left.lower_ in BACKGROUND_LEADS:
            return True
    node = token
    for _ in range(12):
        if node.dep_ == "relcl":
            return True
        if node.dep_ == "prep" and node.lower_ in BACKGROUND_PREPS:
            return True
        if node.dep_ in {"advcl", "acl", "xcomp"} and node.lower_ in BACKGROUND_LEADS:
            return True  # "citing insecurity and an outbreak", "backed by air strikes"
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in node.children
        ):
            return True
        if node.head is node:
            break
        node = node.head
    return False


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@dataclass(slots=True)
class _Evidence:
    hits: list[_Hit]
    text: str
    """The whole document's text: hit offsets point into it."""
    doc: Doc
    offset: int
    window: str = ""
    """The window's sentences joined, for searches over what the event's text says."""

    def has(self, group: str, *, main: bool = False) -> bool:
        return any(h.group == group and (h.main or not main) for h in self.hits)

    def first(self, group: str, *, main: bool = False) -> _Hit | None:
        return next((h for h in self.hits if h.group == group and (h.main or not main)), None)

    def all(self, group: str) -> list[_Hit]:
        return [h for h in self.hits if h.group == group]

    def token(self, hit: _Hit) -> Token | None:
        return _token_at(self.doc, hit.start)

    def outside_policing(self, group: str, *, main: bool = False) -> bool:
        """A hit of `group` in a sentence that is not about restoring order ("police lobbed
        tear gas and fired shots to control the situation" is not one side of a clash)."""
        tokens = [self.token(h) for h in self.hits if h.group == "intervention"]
        policed = [t.sent for t in tokens if t is not None]
        return any(
            h.group == group
            and (h.main or not main)
            and not any(s.start_char <= h.start < s.end_char for s in policed)
            for h in self.hits
        )

    def in_span(self, group: str, start: int, end: int) -> bool:
        return any(h.group == group and start <= h.start < end for h in self.hits)


def _clause(token: Token) -> Token:
    """The verb that heads the clause of `token` (itself when it is a verb), or the
    background preposition that governs it ("after days of fighting" -> after)."""
    node = token
    for _ in range(12):
        if node.pos_ in {"VERB", "AUX"} or node.head is node:
            return node
        if node.dep_ == "prep" and node.lower_ in BACKGROUND_PREPS:
            return node
        if node.dep_ in {"advmod", "advcl", "acl"} and node.lower_ in BACKGROUND_LEADS:
            return node  # "ahead of a planned sit-in", "backed by air strikes"
        node = node.head
    return node


def _sentence_hits(sent: Span, kb: Knowledge) -> list[tuple[str, int, int, bool, int]]:
    """(group, start, end, background, clause) of each cue in a sentence, negated ones left
    out; cached on the Doc, since an article's events share sentences."""
    cache = sent.doc.user_data.setdefault(CACHE_KEY, {})
    key = (id(kb), sent.start)
    if key in cache:
        return cast(list[tuple[str, int, int, bool, int]], cache[key])
    low = normalise(sent.text)
    index = _indexed(kb)
    candidates: dict[tuple[str, str], re.Pattern[str]] = {}
    for word in set(re.findall(r"[\w'#&]+", low)):
        for prefix in _index_keys(word):
            for group, pattern in index.get(prefix, ()):
                candidates[(group, pattern.pattern)] = pattern
    found: dict[str, list[tuple[int, int]]] = {}
    for (group, _), pattern in candidates.items():
        found.setdefault(group, []).extend(m.span() for m in pattern.finditer(low))
    out: list[tuple[str, int, int, bool, int]] = []
    for group, spans in found.items():
        end = -1
        # Within a group the longest cue at the leftmost start wins, as one alternation would.
        for a, b in sorted(set(spans), key=lambda ab: (ab[0], -ab[1])):
            if a < end:
                continue
            end = b
            if NEGATION.search(low[max(0, a - NEGATION_REACH) : a]):
                continue  # "without any fighting", "no one was hurt"
            start = sent.start_char + a
            token = _token_at(sent.doc, start)
            background = token is not None and _background(token)
            out.append((group, start, sent.start_char + b, background, _clause(token).i if token else -1))
    cache[key] = out
    return out


def _evidence(sentences: Sequence[Span], kb: Knowledge, triggers: Sequence[Token] = ()) -> _Evidence:
    """Every cue hit of the window; a hit is *main* unless it sits in background, or when it
    shares a clause with one of the event's own trigger words (an event told in a relative
    clause is still that event)."""
    doc = sentences[0].doc
    own_clauses = {_clause(t).i for t in triggers}
    hits = [
        _Hit(group, start, end, not background or clause in own_clauses)
        for sent in sentences
        for group, start, end, background, clause in _sentence_hits(sent, kb)
    ]
    # Crowd-control gear is not a weapon of war: "tear gas shells", "rubber bullets".
    policing = [h for h in hits if h.group == "intervention"]
    hits = [
        h
        for h in hits
        if h.group not in WEAPON_GROUPS or not any(p.start <= h.start < p.end for p in policing)
    ]
    hits = _demote_purposes(hits, doc)
    if any(h.group == "arrest" and h.main for h in hits):
        # "arrested 12 activists with crude bombs in their possession": what they carried
        hits = [
            h
            for h in hits
            if h.group not in POSSESSED or not POSSESSION.search(doc_text(doc)[h.end : h.end + 40])
        ]
    hits = _drop_suspicions(hits, doc)
    hits = _drop_carried(hits, doc)
    hits.sort(key=lambda h: h.start)
    window = " ".join(s.text for s in sentences)
    return _Evidence(hits=hits, text=doc_text(doc), doc=doc, offset=0, window=window)


SUSPICION = re.compile(
    r"\b(?:suspected|accused|charged|convicted|wanted|blamed)\b(?:\s+\w+){0,2}?\s+(?:of|for|over|in)\b"
    r"|\binvolvement in\b|\bin connection with\b|\bfor (?:their|his|her|its) (?:alleged )?role in\b"
    r"|\blinked to\b|\bresponsible for\b|\bfor allegedly\b|\bfor (?:\w+ing)\b",
    re.IGNORECASE,
)
"""What an arrested person is suspected of: "detained 45 people suspected of involvement in the
killings" reports an arrest, not the killings."""
KEPT_BY_SUSPICION = frozenset({"arrest", "security", "intervention", "territory_noun", "civilian"})


def _drop_suspicions(hits: list[_Hit], doc: Doc) -> list[_Hit]:
    """Cues after a main arrest's "suspected of ..." in its sentence are what the arrested are
    accused of, no evidence of the event."""
    text = doc_text(doc)
    arrests = [h for h in hits if h.group == "arrest" and h.main]
    if not arrests:
        return hits
    cut: list[tuple[int, int]] = []
    for hit in arrests:
        token = _token_at(doc, hit.start)
        end = token.sent.end_char if token is not None else len(text)
        m = SUSPICION.search(text, hit.end, end)
        if m is not None:
            cut.append((m.start(), end))
    return [h for h in hits if h.group in KEPT_BY_SUSPICION or not any(a <= h.start < b for a, b in cut)]


CARRIED = re.compile(
    r"\b(?:along with|together with|with|and (?:recovered|seized|confiscated|found))\b", re.IGNORECASE
)
"""Between an arrest and a weapon: what the arrested carried ("arrested a militant along with
explosives")."""


def _drop_carried(hits: list[_Hit], doc: Doc) -> list[_Hit]:
    """Weapon cues that follow a main arrest through "with"/"and recovered" in its sentence."""
    text = doc_text(doc)
    arrests = [h for h in hits if h.group == "arrest" and h.main]
    if not arrests:
        return hits

    def carried(hit: _Hit) -> bool:
        for arrest in arrests:
            token = _token_at(doc, arrest.start)
            if token is None or not arrest.end <= hit.start < token.sent.end_char:
                continue
            if CARRIED.search(text, arrest.end, hit.start):
                return True
        return False

    return [h for h in hits if h.group not in CARRIED_GROUPS or not carried(h)]


POSSESSED = WEAPON_GROUPS | {"remote_explosive"}
CARRIED_GROUPS = POSSESSED | {"suicide", "grenade", "chemical", "disrupt"}
POSSESSION = re.compile(
    r"^[\w\s-]{0,25}?\b(?:in (?:their|his|her) possession|on them|on him|on her)\b", re.IGNORECASE
)
"""Weapons someone was arrested with are what they carried, not what was used."""


def _demote_purposes(hits: list[_Hit], doc: Doc) -> list[_Hit]:
    """Hits inside the complement of a purpose cue are no evidence: a protest "demanding the
    arrest of the killers" reports neither an arrest nor a killing. Only with a protest or an
    agreement in the text, where the purpose words mean that."""
    if not any(h.group in {"protest", "agreement"} and h.main for h in hits):
        return hits
    spans: list[tuple[int, int]] = []
    for hit in hits:
        token = _token_at(doc, hit.start) if hit.group in PURPOSE_GROUPS else None
        if token is None:
            continue
        head = token if token.pos_ in {"VERB", "ADP"} else token.head
        if head.pos_ not in {"VERB", "ADP"}:
            continue
        inner = [t for t in head.subtree if t.i > token.i]
        if inner:
            spans.append((inner[0].idx, inner[-1].idx + len(inner[-1])))
    if not spans:
        return hits
    return [h for h in hits if h.group in PURPOSE_KEEPS or not any(a <= h.start < b for a, b in spans)]


# ----------------------------------------------------------------------------- roles


def _subject(token: Token) -> Span | None:
    """The doer of the verb at or above `token` ("police fired" -> police; "was killed by X" -> X)."""
    node = token
    for _ in range(4):
        if node.pos_ in {"VERB", "AUX"}:
            for child in node.children:
                if child.dep_ == "agent":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "PRON" and node.dep_ == "ccomp":
                node = node.head  # "the army said it had dislodged ...": the speaker did it
                continue
            if subj is not None:
                return subj.doc[subj.left_edge.i : subj.right_edge.i + 1]
        if node.head is node:
            break
        node = node.head
    return None


def _role(span: Span | None, kb: Knowledge) -> str | None:
    """security, nonstate, protest, riot, group_fight or civilian: what the phrase names."""
    if span is None:
        return None
    low = normalise(span.text)
    patterns = _compiled(kb)
    # The words first: the knowledge base knows the Taliban as today's government, but a
    # report of "Taliban fighters" capturing a district speaks of an insurgency.
    for group in ("nonstate", "protest", "riot", "security", "group_fight", "civilian"):
        if patterns[group].search(low):
            return group
    for ent in span.ents:
        entry = kb.actors.get(ent.text.lower())
        if entry is not None and entry.sector == "armed_group":
            return "nonstate"
        if entry is not None and entry.sector in {"military", "government"}:
            return "security"
    return None


def _agent_of(ev: _Evidence, hit: _Hit, kb: Knowledge) -> str | None:
    token = ev.token(hit)
    return _role(_subject(token), kb) if token is not None else None


def _people_object(token: Token, kb: Knowledge) -> bool:
    """Whether a capture verb's object names people ("seized two local councillors")."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    patterns = _compiled(kb)
    return any(
        c.dep_ in {"dobj", "nsubjpass"}
        and (c.ent_type_ == "PERSON" or patterns["civilian"].search(normalise(c.text)))
        for c in verb.children
    )


def _territorial_object(token: Token, kb: Knowledge) -> bool:
    """Whether a capture verb's object is a place ("seized the city"), not people or arms."""
    patterns = _compiled(kb)
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    if verb.dep_ == "conj" and not objects:
        objects += [c for c in verb.head.children if c.dep_ == "dobj"]
    taken_from = any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children)
    # "pushed Islamic State out of several villages", "dislodged rebels from their stronghold"
    for prep in verb.subtree:
        if prep.dep_ != "prep" or prep.lower_ not in {"from", "of"}:
            continue
        if prep.lower_ == "of" and prep.head.lower_ != "out":
            continue
        objects += [p for p in prep.children if p.dep_ == "pobj"]
    for obj in objects:
        if obj.ent_type_ in {"GPE", "LOC", "FAC"}:
            return True
        if obj.pos_ == "PROPN" and taken_from and obj.ent_type_ != "PERSON":
            return True  # "captured Kidal from the army": a name taken from someone is a place
        head_words = normalise(" ".join(t.text for t in obj.subtree))
        if patterns["territory_noun"].search(normalise(obj.text)) or (
            obj.ent_type_ == "" and patterns["territory_noun"].match(head_words)
        ):
            return True
    return False


# ----------------------------------------------------------------------------- rules


def _speech_act(ev: _Evidence, sentences: Sequence[Span], kb: Knowledge) -> TypeDecision | None:
    """A claim of responsibility or a diplomatic measure that is the sentence's main verb,
    with no sentence of the window reporting violence in its own main clause."""
    for group, roots, type_ in (("attribution", SPEECH_ROOTS, "responsibility_claim"),
                                ("diplomatic", DIPLOMATIC_ROOTS, "diplomatic")):  # fmt: skip
        for sent in sentences:
            root = sent.root
            if root.lemma_.lower() not in roots and not any(
                c.dep_ == "conj" and c.lemma_.lower() in roots for c in root.children
            ):
                continue
            if not ev.in_span(group, sent.start_char, sent.end_char):
                continue
            if ev.in_span("sexual", sent.start_char, sent.end_char):
                continue  # "accused of raping ...": a report of the crime, hedged
            if group == "diplomatic" and ev.in_span("change_group", sent.start_char, sent.end_char):
                continue  # "announced a mobilisation and called on tribes": the group's own move
            if group == "attribution" and not _names_violence(ev, sent):
                continue  # "accused Kampala of supporting rebels": a charge, not of an attack
            others = [s for s in sentences if s is not sent]
            if any(_reports_violence(ev, s) for s in others):
                continue
            hit = next(h for h in ev.hits if h.group == group and sent.start_char <= h.start < sent.end_char)
            return TypeDecision(type_, Reason.RULE, f"{group} speech act", hit.start)
    return None


ATTACK_WORDS = re.compile(
    r"\b(?:attack|assault|ambush|raid|bombing|blast|explosion|massacre|killing|murder|abduction|kidnapping|"
    r"shelling|strike|offensive|operation|responsib|involvement|role|behind|carried out|fired|launched|"
    r"planted|killed|shot|beheading)",
    re.IGNORECASE,
)
"""Words that say what a claim or denial of responsibility is about: an act of violence."""


VIOLENT_GROUPS = frozenset(
    {"harm", "clash", "remote_explosive", "air", "artillery", "suicide", "grenade", "abduct", "sexual"}
)
"""Cue groups that tell an act of violence."""


def _names_violence(ev: _Evidence, sent: Span) -> bool:
    """Whether a sentence speaks of an act of violence, told or only referred to."""
    return ATTACK_WORDS.search(sent.text) is not None or any(
        h.group in VIOLENT_GROUPS and sent.start_char <= h.start < sent.end_char for h in ev.hits
    )


def _reports_violence(ev: _Evidence, sent: Span) -> bool:
    return any(
        h.main and h.group in VIOLENT_GROUPS and sent.start_char <= h.start < sent.end_char for h in ev.hits
    )


def _armed_violence(ev: _Evidence) -> bool:
    return (
        (ev.has("nonstate") and (ev.has("harm") or ev.has("clash"))) or ev.has("suicide") or ev.has("grenade")
    )


def _non_acled(ev: _Evidence) -> TypeDecision | None:
    """Disasters and crime: only when nothing says political violence."""
    natural = [hit_text(ev, h) for h in ev.all("natural") if h.main]
    disease_only = all(t.startswith(DISEASES) for t in natural)
    if natural and disease_only and ev.has("manmade", main=True):
        return _decide(ev, "manmade", "man_made_disaster", "accident in a time of disease")
    if natural and not _armed_violence(ev) and not ev.has("protest"):
        return _decide(ev, "natural", "natural_disaster")
    explosive_attack = ev.has("suicide") or ev.has("grenade") or ev.has("air") or ev.has("artillery")
    planted = any(hit_text(ev, h) in PLANTED_BOMBS for h in ev.all("remote_explosive"))
    if (
        ev.has("manmade", main=True)
        and not ev.has("nonstate")
        and not explosive_attack
        and not ev.has("protest")
        and not planted
    ):
        return _decide(ev, "manmade", "man_made_disaster")
    weapon_attack = explosive_attack or planted or ev.has("sexual", main=True)
    if (
        ev.has("crime")
        and not ev.has("protest")
        and not (ev.has("nonstate") and ev.has("clash"))
        and not weapon_attack
    ):
        lethal_political = (
            ev.has("harm", main=True)
            and (ev.has("security") or ev.has("civilian"))
            and not ev.has("crime", main=True)
        )
        if not lethal_political:
            return _decide(ev, "crime", "organized_crime")
    return None


def _decide(ev: _Evidence, group: str, type_: str, rule: str = "") -> TypeDecision:
    hit = ev.first(group)
    return TypeDecision(type_, Reason.RULE, rule or group, hit.start if hit else None)


CROWD_CONTROL = ("tear", "teargas", "water cannon", "rubber bullet", "baton", "lathi", "dispers",
                 "pepper spray", "stun grenade")  # fmt: skip
"""Intervention cues that only police a crowd: a crowd they are used on was protesting."""


def _policed_crowd(ev: _Evidence) -> bool:
    """Crowd-control gear used on supporters, students or residents with no protest word
    ("tear gas to clear supporters from the square"): a protest met with intervention."""
    gear = any(hit_text(ev, h).startswith(CROWD_CONTROL) for h in ev.all("intervention") if h.main)
    if ev.has("clash") or ev.has("harm", main=True):
        return False  # "tear gas to control two groups that clashed": policing a fight
    return gear and any(ev.has(g) for g in ("group_fight", "civilian", "riot"))


def _protest(ev: _Evidence, kb: Knowledge) -> TypeDecision | None:
    if not ev.has("protest") and not _policed_crowd(ev):
        return None
    if not ev.has("protest", main=True) and ev.has("arrest", main=True) and not ev.has("lethal", main=True):
        return None  # "arrested activists ahead of a planned sit-in": the arrest is the news
    # Who did the violence: demonstrators (a riot) or those who faced them (repression).
    crowd_acts = ev.all("crowd_violence")
    for hit in crowd_acts:
        agent = _agent_of(ev, hit, kb)
        if agent in {"protest", "riot", "group_fight", "civilian", None} and agent != "security":
            if agent is None and ev.has("security") and ev.has("intervention") and not ev.has("riot"):
                continue  # "tear gas was fired and property damaged": who did what is unclear
            return _decide(ev, "crowd_violence", "violent_demonstration", "demonstrators' violence")
    if ev.has("riot") and not ev.has("security", main=True):
        return _decide(ev, "riot", "violent_demonstration", "rioting demonstrators")
    mild = {"beat", "beating", "beaten", "injured", "injuring", "wounded", "wounding"}
    lethal = ev.all("lethal")
    serious = [h for h in lethal if hit_text(ev, h) not in mild]
    if serious:
        return _decide(ev, "lethal", "excessive_force_against_protesters", "lethal force on protesters")
    if lethal and re.search(r"serious|unconscious|hospital|dozens", ev.window, re.IGNORECASE):
        return _decide(ev, "lethal", "excessive_force_against_protesters", "serious injuries to protesters")
    if ev.has("intervention") or (ev.has("lethal") and ev.has("security")):
        return _decide(ev, "intervention", "protest_with_intervention")
    if ev.has("lethal") and not ev.has("security"):
        return _decide(ev, "lethal", "excessive_force_against_protesters", "attack on a procession")
    return _decide(ev, "protest", "protest", "peaceful protest")


def _state_protest(ev: _Evidence, kb: Knowledge) -> TypeDecision | None:
    """A government or its ministry "protested to" another: a diplomatic act, not a demonstration."""
    for hit in ev.all("protest"):
        token = ev.token(hit)
        if token is None or token.pos_ != "VERB":
            continue
        subject = _subject(token)
        if subject is None:
            continue
        low = normalise(subject.text)
        if _compiled(kb)["diplomatic"].search(low) or re.search(r"\b(?:government|ministry|minister)\b", low):
            return TypeDecision("diplomatic", Reason.RULE, "a state protested", hit.start)
    return None


MOVES = ("deploy", "redeploy", "reinforc", "sent", "dispatched", "moved", "relocat", "arrived",
         "troops arrived", "stationed", "troop movement", "build up", "buildup", "mobili")  # fmt: skip
"""Change-to-group cues that move forces: the weapons they bring are not fired."""


def _movement(ev: _Evidence) -> TypeDecision | None:
    """Forces moved or reinforced, with weapons named only as what they brought ("sent
    reinforcements including tanks and artillery"): nothing was fired or hit."""
    moves = [
        h
        for h in ev.all("change_group")
        if h.main and hit_text(ev, h).startswith(MOVES) and getattr(ev.token(h), "pos_", "") != "PROPN"
    ]
    if not moves:
        return None
    acts = ("harm", "clash", "impact", "lethal", "capture", "territory_gov", "abduct", "arrest", "property")
    if any(ev.has(g, main=True) for g in acts):
        return None
    return TypeDecision("change_to_group_activity", Reason.RULE, "forces moved", moves[0].start)


COUP = re.compile(
    r"coup|seized power|took power|overthr|ousted|broadcaster|dissolved|suspended ~ constitution|"
    r"suspended the constitution|resign"
)
"""Other-cues that make the detention of a head of state a seizure of power, not an arrest."""


def _coup(ev: _Evidence) -> TypeDecision | None:
    hit = next((h for h in ev.all("other") if COUP.search(hit_text(ev, h))), None)
    if hit is None or not ev.has("arrest"):
        return None
    return TypeDecision("other", Reason.RULE, "seizure of power", hit.start)


def _mob(ev: _Evidence, kb: Knowledge) -> TypeDecision | None:
    rioting = [h for h in ev.all("riot") if hit_text(ev, h).startswith("riot")]
    if rioting and ev.has("protest_purpose") and not ev.has("clash", main=True):
        return TypeDecision(
            "violent_demonstration", Reason.RULE, "rioting over a grievance", rioting[0].start
        )
    if ev.has("riot") and (
        ev.has("harm") or ev.has("crowd_violence") or ev.has("property") or ev.has("clash")
    ):
        return _decide(ev, "riot", "mob_violence", "mob")
    unarmed = not ev.outside_policing("firearms") or ev.has("lowtech")
    sides = {_agent_of(ev, h, kb) for h in ev.all("clash") if h.main}
    partisans = bool(sides & {"group_fight", "civilian", "riot"}) and not sides & {"nonstate", "security"}
    if ev.has("group_fight") and unarmed and partisans:
        for hit in ev.all("crowd_violence") + ev.all("clash"):
            after = ev.text[hit.start - ev.offset : hit.end - ev.offset + 30].lower()
            if hit.main and FOUGHT_POLICE.search(after):
                # "supporters clashed with police and threw stones": a crowd against the state
                return TypeDecision(
                    "violent_demonstration", Reason.RULE, "crowd fought the police", hit.start
                )
        return _decide(ev, "clash", "mob_violence", "partisans clash")
    if (
        ev.has("clash")
        and ev.has("group_fight")
        and not ev.has("nonstate")
        and not ev.outside_policing("security", main=True)
        and unarmed
    ):
        return _decide(ev, "clash", "mob_violence", "unarmed groups clash")
    for hit in ev.all("harm"):
        if _agent_of(ev, hit, kb) in {"riot", "group_fight"} and not ev.has("firearms"):
            return _decide(ev, "harm", "mob_violence", "crowd violence")
    for hit in ev.all("crowd_violence"):
        if hit.main and _agent_of(ev, hit, kb) == "group_fight" and not ev.has("nonstate"):
            # "supporters smashed ballot boxes": partisans' destruction is a riot
            return TypeDecision("violent_demonstration", Reason.RULE, "partisans' destruction", hit.start)
    return None


FOUGHT_POLICE = re.compile(r"\bwith (?:the )?(?:police|riot police|security forces|soldiers|troops|gendarm)")
"""A crowd's fight whose other side is the state: a violent demonstration, not a mob's fight."""


def _attack_means(ev: _Evidence) -> bool:
    grenades = len(ev.all("grenade")) - len(ev.all("not_grenade"))
    return ev.has("suicide", main=True) or ev.has("chemical", main=True) or grenades > 0


SEIZURES = re.compile(
    r"seiz|recover|found|uncover|discover|confiscat|cache|haul|dump|depot|arms and|material"
)
"""Disrupt cues that only say weapons were taken, which beside an arrest is what the arrested had."""
WEAPON_DESCRIPTIONS = re.compile(r"\b(?:packed|laden|rigged|loaded|filled|stuffed) with explosives?\b")
"""Disrupt cues that describe a weapon ("a vest packed with explosives") rather than stop it."""


def _weapon_stopped(ev: _Evidence) -> bool:
    """A main cue says the weapon was seized, defused or intercepted; beside a suicide cue, a
    cue that only describes the weapon is not enough ("a vest packed with explosives")."""
    arrest = ev.has("arrest", main=True) and not ev.has("impact", main=True)
    suicide = ev.has("suicide")
    return any(
        h.main
        and not (suicide and WEAPON_DESCRIPTIONS.fullmatch(hit_text(ev, h)))
        # "arrested 12 suspected kidnappers and recovered 2 rifles": the arrest is the event
        and not (arrest and SEIZURES.search(hit_text(ev, h)))
        for h in ev.all("disrupt")
    )


def _explosive(ev: _Evidence) -> TypeDecision | None:
    if _weapon_stopped(ev) and not ev.has("impact", main=True):
        # "seized a cache of explosive belts", "defused a suicide vest": the weapon never went off
        return _decide(ev, "disrupt", "disrupted_weapons_use")
    if ev.has("chemical"):
        return _decide(ev, "chemical", "chemical_weapon")
    if ev.has("suicide"):
        return _decide(ev, "suicide", "suicide_bombing")
    grenades = len(ev.all("grenade")) - len(ev.all("not_grenade"))
    if grenades > 0:
        return _decide(ev, "grenade", "grenade")
    if ev.has("clash", main=True) and not ev.has("air", main=True):
        return None  # an exchange of fire that used bombs too is a battle
    if ev.has("air"):
        return _decide(ev, "air", "air_strike")
    if ev.has("artillery"):
        return _decide(ev, "artillery", "shelling")
    if (
        ev.has("remote_explosive")
        and ev.has("property", main=True)
        and not ev.has("disrupt", main=True)
        and not ev.has("harm")
        and not ev.has("lethal")
    ):
        # "blew up a school at night; the building was empty": ACLED codes the damage, not the bomb
        return _decide(ev, "property", "looting", "property blown up, nobody hurt")
    if ev.has("remote_explosive"):
        return _decide(ev, "remote_explosive", "explosive_device")
    if _weapon_stopped(ev):
        return _decide(ev, "disrupt", "disrupted_weapons_use")
    return None


def _territory(ev: _Evidence, kb: Knowledge) -> TypeDecision | None:
    peaceful = ev.has("peaceful")
    for hit in ev.all("nonviolent"):
        if (
            hit.main
            and any(w in hit_text(ev, hit) for w in ("withdr", "pull"))
            and REGROUPING.search(ev.window)
        ):
            # "troops withdrew from two checkpoints to consolidate", "began withdrawing heavy weapons"
            return TypeDecision("change_to_group_activity", Reason.RULE, "withdrawal to regroup", hit.start)
    if (
        ev.has("nonviolent")
        and (ev.has("territory_noun") or doc_ents(ev.doc))
        and (peaceful or not ev.has("clash"))
    ):
        for hit in ev.all("nonviolent"):
            if not hit.main and not peaceful:
                continue  # "retook the town after the militia withdrew under fire"
            token = ev.token(hit)
            words = hit_text(ev, hit)
            leaving = any(w in words for w in ("withdr", "pull", "vacat"))
            if token is not None and (_territorial_object(token, kb) or peaceful or leaving):
                return TypeDecision("non_violent_territory_transfer", Reason.RULE, "withdrawal", hit.start)
    for group in ("territory_gov", "capture"):
        for hit in ev.all(group):
            token = ev.token(hit)
            if token is None or not hit.main or _in_name(token):
                continue  # "the Balochistan Liberation Army" took nothing back
            if group == "capture" and not _territorial_object(token, kb):
                if _people_object(token, kb):
                    # "seized two councillors": armed men take people, the state arrests them
                    agent = _agent_of(ev, hit, kb)
                    type_ = "arrest" if agent == "security" else "abduction"
                    return TypeDecision(type_, Reason.RULE, f"people seized by {agent}", hit.start)
                continue
            agent = _agent_of(ev, hit, kb)
            if agent == "nonstate" and group == "territory_gov" and _role_mixed(_subject(token), kb):
                agent = "security"  # "the army and allied militia retook the town"
            if agent is None:
                agent = _unnamed_captor(token, kb) or ("security" if group == "territory_gov" else "nonstate")
            type_ = "government_regains_territory" if agent == "security" else "non_state_takeover"
            return TypeDecision(type_, Reason.RULE, f"{group} by {agent}", hit.start)
    return None


def _in_name(token: Token) -> bool:
    """Whether a cue word is part of a proper name (an organisation's "Liberation"), where
    it tells nothing of what happened."""
    return token.pos_ == "PROPN" or token.ent_type_ in {"ORG", "NORP", "FAC"}


REGROUPING = re.compile(
    r"\bto (?:consolidate|regroup|reposition|redeploy|reinforce|concentrate)\b"
    r"|\btactical (?:withdrawal|retreat)\b|\bwithdr\w+ (?:\w+ ){0,2}(?:weapons|arms|artillery|equipment)\b",
    re.IGNORECASE,
)
"""A withdrawal for the group's own reasons, no territory handed to anyone."""


def _role_mixed(span: Span | None, kb: Knowledge) -> bool:
    """The phrase names state forces beside others ("FACA and Wagner forces")."""
    return span is not None and _compiled(kb)["security"].search(normalise(span.text)) is not None


def _unnamed_captor(token: Token, kb: Knowledge) -> str | None:
    """Who took a place when the doer's words say nothing: the state when it was taken from an
    armed group ("took control of the town from IS") or the doers are "forces" or "troops"."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    for prep in verb.subtree:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            loser = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                loser is not None
                and _role(loser.doc[loser.left_edge.i : loser.right_edge.i + 1], kb) == "nonstate"
            ):
                return "security"
    subject = _subject(token)
    if subject is not None and re.search(
        r"\b(?:troops|army|soldiers|regime|government)\b", subject.text, re.I
    ):
        return "security"
    return None


def hit_text(ev: _Evidence, hit: _Hit) -> str:
    return ev.text[hit.start - ev.offset : hit.end - ev.offset].lower()


def _violence(ev: _Evidence, kb: Knowledge) -> TypeDecision | None:
    if ev.has("sexual"):
        return _decide(ev, "sexual", "sexual_violence")
    state_arrest = ev.has("arrest", main=True) and ev.has("security", main=True)
    released = ev.has("agreement", main=True)  # "hostages were freed in exchange for prisoners"
    if _disappeared(ev):
        return _decide(ev, "abduct", "abduction", "held and not seen since")
    if _abducted(ev, kb) and not state_arrest and not released:
        return _decide(ev, "abduct", "abduction")
    if ev.has("clash", main=True):
        return _decide(ev, "clash", "armed_clash")
    harm = ev.first("harm", main=True)
    if harm is not None:
        armed = ev.has("nonstate") or ev.has("security", main=True)  # either side's forces
        if ev.has("military_target", main=True) and armed and not ev.has("civilian", main=True):
            return TypeDecision("armed_clash", Reason.RULE, "attack on armed forces", harm.start)
        return TypeDecision("attack_on_civilians", Reason.RULE, "harm", harm.start)
    return None


DISAPPEARED = ("whereabouts", "incommunicado", "unknown whereabouts", "missing", "disappear",
               "enforced disappearance", "not been seen", "unknown location", "not been heard")  # fmt: skip
"""Abduction cues that make a detention a forced disappearance, whoever held the person."""
TAKING = ("took away", "taken away", "carried away", "carried off", "carted off", "led away", "led off",
          "snatched", "whisked", "rode off with", "dragged")  # fmt: skip
"""Abduction cues that are only verbs of taking: abduction when what was taken is people."""


def _disappeared(ev: _Evidence) -> bool:
    return ev.has("arrest", main=True) and any(
        any(cue in hit_text(ev, h) for cue in DISAPPEARED) for h in ev.all("abduct")
    )


def _abducted(ev: _Evidence, kb: Knowledge) -> bool:
    """Whether an abduction cue takes people: "carried off computers" after a raid is looting."""
    for hit in ev.all("abduct"):
        if not hit_text(ev, hit).startswith(TAKING) or not ev.has("property", main=True):
            return True
        token = ev.token(hit)
        if token is not None and _people_object(token, kb):
            return True
    return False


def _strategic(ev: _Evidence) -> TypeDecision | None:
    if ev.has("arrest", main=True):
        return _decide(ev, "arrest", "arrest")
    if ev.has("hq"):
        return _decide(ev, "hq", "base_established")
    if ev.has("property"):
        return _decide(ev, "property", "looting")
    if ev.has("agreement", main=True):
        if ev.has("diplomatic", main=True) and not ev.has("clash") and not ev.has("harm"):
            # "restored diplomatic relations and agreed to reopen embassies": states' diplomacy
            return _decide(ev, "diplomatic", "diplomatic", "diplomatic agreement")
        return _decide(ev, "agreement", "agreement")
    if ev.has("change_group"):
        return _decide(ev, "change_group", "change_to_group_activity")
    if ev.has("arrest"):
        return _decide(ev, "arrest", "arrest")
    if ev.has("agreement"):
        return _decide(ev, "agreement", "agreement")
    if ev.has("other"):
        return _decide(ev, "other", "other")
    if ev.has("clash"):
        return _decide(ev, "clash", "armed_clash")
    return None


def classify(sentences: Sequence[Span], kb: Knowledge, *, triggers: Sequence[Token] = ()) -> TypeDecision:
    """The fine-grained type of the event reported by `sentences` (its window), whose own
    trigger words, when known, mark the clauses that tell it."""
    if not sentences:
        return TypeDecision(None, Reason.NO_CUE)
    ev = _evidence(sentences, kb, triggers)
    if not ev.hits:
        return TypeDecision(None, Reason.NO_CUE)
    rules: tuple[Callable[[], TypeDecision | None], ...] = (
        lambda: _speech_act(ev, sentences, kb),
        lambda: _non_acled(ev),
        lambda: _decide(ev, "sexual", "sexual_violence") if ev.has("sexual", main=True) else None,
        lambda: _explosive(ev) if _attack_means(ev) else None,  # a bomb at a rally is a bombing
        lambda: _state_protest(ev, kb),
        lambda: _coup(ev),
        lambda: _protest(ev, kb),
        lambda: _mob(ev, kb),
        lambda: _territory(ev, kb) if not ev.has("suicide") and not ev.has("chemical") else None,
        lambda: _movement(ev),
        lambda: _explosive(ev),
        lambda: _violence(ev, kb),
        lambda: _strategic(ev),
    )
    for rule in rules:
        decision = rule()
        if decision is not None:
            log.debug("event type %s by rule %r", decision.type, decision.rule)
            return decision
    return TypeDecision(None, Reason.UNDECIDED)


def refine(trigger_type: str, decision: TypeDecision) -> str:
    """The event's final type: the classifier's where it may overrule the trigger's."""
    if decision.type is None or decision.type == trigger_type:
        return trigger_type
    allowed = REFINABLE.get(trigger_type, frozenset())
    if allowed is None or decision.type in allowed:
        return decision.type
    return trigger_type


def window(doc: Doc, sentences: Sequence[Span], body: Sequence[Span]) -> list[Span]:
    """The sentences that type an event: its own, or the whole text of a snippet."""
    if 0 < len(body) <= SNIPPET_MAX_SENTENCES:
        return list(body)
    seen: dict[int, Span] = {}
    for sent in sentences:
        seen.setdefault(sent.start, sent)
    return [seen[k] for k in sorted(seen)]


# ----------------------------------------------------------------------------- fallback model


@dataclass(frozen=True, slots=True)
class _Regression:
    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]


@functools.cache
def _regression() -> _Regression:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return _Regression(
        classes=tuple(data["classes"]),
        weights=np.asarray(data["weights"], dtype=np.float32).T,
        bias=np.asarray(data["bias"], dtype=np.float32),
    )


def model_type(text: str, kb: Knowledge) -> TypeDecision:
    """The embedding model's type for a snippet the rules left undecided."""
    if not minilm.available() or not MODEL_FILE.exists():
        return TypeDecision(None, Reason.NO_MODEL)
    reg = _regression()
    z = minilm.load().embed(text) @ reg.weights + reg.bias
    p = np.exp(z - z.max())
    p /= p.sum()
    best = int(p.argmax())
    type_ = reg.classes[best]
    if p[best] < MODEL_MIN_PROB or type_ not in kb.event_types:
        return TypeDecision(None, Reason.BELOW_THRESHOLD, f"model {type_} at {p[best]:.2f}")
    return TypeDecision(type_, Reason.MODEL, f"model at {p[best]:.2f}")


# ----------------------------------------------------------------------------- integration


def type_events(drafts: list[EventDraft], body: Sequence[Span], kb: Knowledge) -> list[EventDraft]:
    """Give each merged event its final type from its window; in a snippet, events that end
    with the same type are one incident told twice ("arrested 12 activists during a
    protest") and merge into the first."""
    out: list[EventDraft] = []
    snippet = 0 < len(body) <= SNIPPET_MAX_SENTENCES
    for draft in drafts:
        sentences = window(body[0].doc, [m.sentence for m in draft.mentions], body) if body else []
        decision = classify(sentences, kb, triggers=[m.trigger for m in draft.mentions])
        if snippet and decision.type is None and REFINABLE.get(draft.type, frozenset()) is None:
            # A snippet the rules cannot type, under a trigger word that says little.
            decision = model_type(" ".join(s.text for s in body), kb)
        own_group = TYPE_GROUP.get(draft.type)
        named = own_group is not None and (bool(draft.weapons) or _evidence(sentences, kb).has(own_group))
        if named and decision.type in TYPE_GROUP:
            # "rockets ... fighter jets later hit": the trigger's weapon was named, keep it.
            decision = TypeDecision(None, Reason.UNDECIDED, "trigger's weapon named")
        if named and not snippet and decision.type not in ARTICLE_OVERRULES:
            # In an article an attack typed by its weapon keeps that type: what else its
            # sentences tell (a position seized, drones downed) is told by other events and
            # by the claims, from which the ACLED export applies the disrupted-weapons rule.
            decision = TypeDecision(None, Reason.UNDECIDED, "article attack typed by its weapon")
        if draft.type == "armed_clash" and decision.type in TYPE_GROUP and _fought(draft):
            # "troops backed by Russian airstrikes battled insurgents": the air strikes told in
            # the same sentences are their own attack events; the battle stays a battle.
            decision = TypeDecision(None, Reason.UNDECIDED, "battle verb in the main clause")
        if decision.type == "disrupted_weapons_use" and draft.family == "attack":
            # ACLED's rule: an attack is disrupted weapons use only when every report of it
            # is of its interception; one sentence saying it hit keeps it an attack.
            own = {m.sentence.start: m.sentence for m in draft.mentions}.values()
            if not all(_disrupted(s, kb) for s in own):
                decision = TypeDecision(None, Reason.UNDECIDED, "attack also reported as hitting")
        final = refine(draft.type, decision)
        if final != draft.type:
            log.debug("event %r retyped %s -> %s (%s)", draft.mentions[0].trigger.text, draft.type, final,
                      decision.rule)  # fmt: skip
            draft.type = final
        if draft.type in VICTIMS_ARE_CIVILIANS:
            draft.target = _civilians(draft, kb)
        same = next((e for e in out if snippet and e.type == draft.type and not _distinct(e, draft)), None)
        if same is None:
            out.append(draft)
            continue
        same.mentions += draft.mentions
        same.actor = same.actor or draft.actor
        same.target = same.target or draft.target
        same.place = same.place or draft.place
        if same.date is None and draft.date:
            same.date, same.date_precision = draft.date, draft.date_precision
        same.weapons += [w for w in draft.weapons if w not in same.weapons]
        if draft.family == "attack":
            same.family = "attack"  # claims attach to attack-family events (run._assign)
    return out


VICTIMS_ARE_CIVILIANS = frozenset({"attack_on_civilians"})
"""Types whose target ACLED codes as civilians by definition (violence against civilians)."""


def _civilians(draft: EventDraft, kb: Knowledge) -> Actor | None:
    """The target of an attack on civilians: the one named, as civilians; else the civilians
    of the country it happened in, as ACLED codes "Civilians (Nigeria)"."""
    target = draft.target
    if target is not None and target.sector not in {None, "civilians"}:
        return target  # "gunmen attacked a police post": the rules typed it; keep who was named
    country = target.country if target is not None else None
    if country is None and draft.place is not None and draft.place.country:
        country = next((c.iso3 for c in kb.countries if c.iso2 == draft.place.country), None)
    if target is None and country is None:
        return None
    return Actor(name=target.name if target is not None else "civilians", country=country, sector="civilians")


def _fought(draft: EventDraft) -> bool:
    """Whether a mention tells the battle with a clash verb as its sentence's main verb
    ("battled insurgents", "activists said troops clashed with rebels"), not with a noun a
    weapon may qualify."""
    return any(
        m.trigger.pos_ == "VERB"
        and (
            m.trigger.dep_ == "ROOT"
            or (m.trigger.dep_ in {"conj", "ccomp"} and m.trigger.head.dep_ == "ROOT")
        )
        for m in draft.mentions
    )


def _distinct(a: EventDraft, b: EventDraft) -> bool:
    """Two events of one type in a snippet that are still two incidents: told for different
    days, or done by different countries' sides (a front-line roundup)."""
    if a.date and b.date and a.date != b.date:
        return True
    return bool(
        a.actor and b.actor and a.actor.country and b.actor.country and a.actor.country != b.actor.country
    )


def _disrupted(sent: Span, kb: Knowledge) -> bool:
    ev = _evidence([sent], kb)
    return ev.has("disrupt", main=True) and not ev.has("impact", main=True)


def _hypothetical(token: Token) -> bool:
    """A modal, a negation or an ability ("could attack", "did not strike", "the ability to
    strike") on the word or its clause; unlike events.py's irrealis test, a bare plural
    ("air strikes on Rafah killed 12") is not hypothetical here."""
    node = token
    for _ in range(3):
        if any(c.dep_ in {"aux", "auxpass", "neg"} and c.lower_ in events.MODALS | {"not", "n't", "never"}
               for c in node.children):  # fmt: skip
            return True
        if (
            node.dep_ in {"xcomp", "acl"}
            and node.head.pos_ in {"NOUN", "ADJ"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        ):
            return True
        if node.head is node:
            break
        node = node.head
    return any(c.lower_ in {"such", "potential", "possible", "future"} for c in token.lefts)


def snippet_event(
    body: Sequence[Span], kb: Knowledge, *, times: list[TimeMention], places: list[PlaceMention]
) -> EventDraft | None:
    """The event a snippet's cues describe when no trigger word made one ("Farmers held a
    sit-in in Gafsa", "Villagers lynched a thief"); None for longer texts or no decision."""
    if not 0 < len(body) <= SNIPPET_MAX_SENTENCES:
        return None
    speculated = [t for s in body for t in s if events._match_trigger(t, kb) and _hypothetical(t)]
    decision = classify(body, kb)
    doc = body[0].doc
    cue = _token_at(doc, decision.cue_start) if decision.cue_start is not None else None
    if speculated and (cue is None or _clause(cue).i in {_clause(t).i for t in speculated}):
        # "could attack", "the ability to strike": what the trigger words speak of did not
        # happen; a cue in another clause still does ("removed a device, averting a possible attack").
        log.debug("snippet gives no event: %r is hypothetical", speculated[0].text)
        return None
    if decision.type is None:
        # The text passed the relevance filter, so it is conflict news the rules cannot type.
        decision = model_type(" ".join(s.text for s in body), kb)
    if decision.type is None or decision.type not in kb.event_types:
        log.debug("snippet gives no event: %s", decision.reason.value)
        return None
    token = _token_at(doc, decision.cue_start) if decision.cue_start is not None else None
    sent = next((s for s in body if token is not None and s.start <= token.i < s.end), body[0])
    token = token if token is not None else sent.root
    family = kb.event_types[decision.type].family
    # The same date and place rules as trigger-made events (pipeline/events.py).
    date, precision, vague = events._sentence_date(sent, times, kb)
    place = events._sentence_place(sent, places, kb)
    mention = events.Mention(trigger=token, type=decision.type, family=family, sentence=sent, date=date,
                             date_precision=precision, place=place, vague_date=vague)  # fmt: skip
    return events.EventDraft(mentions=[mention], type=decision.type, family=family, date=date,
                             date_precision=precision, place=place)  # fmt: skip
