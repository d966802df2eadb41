"""Claims: what each source said about an attack, built from its attribution's content.

A claim holds the counts whose quantities fall in the content, the damage it reports
("no casualties or damage" -> none; "hit a depot, causing explosions" -> reported), the
target as described (the object of hit/target/fire at), and the weapons it names,
where "the long-range missiles" refers back to the last named missile. A pronoun source
("It reported that ...") continues the previous claim of the same source. Content that
only speculates ("would escalate", "could strengthen") and carries no count is not a claim.

A tally is not a claim about an attack: a count over a long period ("3,000 people have been
killed since April", "over five months of fighting", "so far this year", "in 38 attacks",
"the war has left 67 dead") or of a past incident dated in an earlier year ("the 1995 attack
that killed eight") stays in the quantities layer but out of every claim's counts; a statement
left with no other fact is no claim at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from conflictwire.knowledge import Knowledge
from conflictwire.models import COUNT_SLOTS, Actor, Attribution, Quantity, Weapon
from conflictwire.models import Span as CharSpan
from conflictwire.pipeline.doccache import doc_ents, doc_text

QUANTITY_NOUNS = frozenset(
    {"dozen", "dozens", "hundreds", "scores", "thousands", "most", "some", "all", "none"}
)
ATTACK_NOUNS = frozenset(
    {"attack", "assault", "strike", "offensive", "raid", "barrage", "wave", "salvo", "operation"}
)
WEAPON_STANCES = frozenset({"confirm", "deny", "claim"})
"""Stances under which naming the weapon is itself the claim ("verified the deployment of ...")."""
MUNITION_WORDS = frozenset(
    {"salvo", "barrage", "wave", "volley", "projectile", "round", "shell", "interceptor"}
)
DEFINITE_WORDS = frozenset({"the", "these", "those", "this", "that", "its", "their", "his", "her"})
MODALS = frozenset({"would", "could", "might", "may", "should", "can", "will", "must"})
NO_DAMAGE = re.compile(
    r"\b(?:no|without(?:\s+causing)?(?:\s+any)?|not\s+cause\s+any|denied\s+any|nor)\s+(?:\w+\s+(?:or|and)\s+)?"
    r"(?:significant\s+|serious\s+|major\s+)?(?:damage|destruction)\b|\bwere\s+no\s+(?:\w+\s+(?:or|and)\s+)?damage\b",
    re.IGNORECASE,
)
DAMAGE = re.compile(
    r"\b(?:hit|hits|struck|strikes|destroy(?:ed|ing|s)?|damag(?:ed|ing|es)|demolish(?:ed)?|set\s+ablaze|"
    r"caught\s+fire|on\s+fire|(?:caused?|causing|sparked|sparking|triggered|triggering)\s+(?:a\s+)?(?:\w+\s+)?"
    r"(?:fires?|explosions?|blaze|detonations?)|secondary\s+(?:explosions|detonations)|collapsed?|"
    r"razed|flattened|leveled|levelled|burned|burnt|landed)\b",
    re.IGNORECASE,
)
NO_CASUALTIES = re.compile(
    r"\b(?:no|without|nor)\s+(?:\w+\s+(?:or|and)\s+)?(?:casualties|victims)\b|\b(?:no\s+one|nobody)\s+(?:was|were)\s+"
    r"(?:killed\s+or\s+)?(?:hurt|harmed)\b",
    re.IGNORECASE,
)
NO_DEATHS = re.compile(
    r"\b(?:no\s+(?:deaths|fatalities|one\s+was\s+killed|one\s+died)|nobody\s+was\s+killed)\b", re.I
)
NO_INJURIES = re.compile(
    r"\b(?:no\s+(?:injuries|one\s+was\s+(?:injured|wounded))|nobody\s+was\s+(?:injured|hurt))\b", re.I
)
# What a denial's content speaks of when it names no figure ("denied that any drones were launched"):
# the slots it denies. Only read for denials, whose figures never enter `counts`.
DENIED_SLOT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("launched", re.compile(r"\b(?:launch(?:ed|ing)?|fired)\b", re.I)),
    ("intercepted", re.compile(r"\b(?:intercept(?:ed|ing)?|shot\s+down|downed)\b", re.I)),
    ("killed", re.compile(r"\b(?:killed|killing|dead|deaths?|casualties|fatalities)\b", re.I)),
    ("injured", re.compile(r"\b(?:injur(?:ed|ing|ies)|wounded|casualties)\b", re.I)),
)
TARGET_VERBS = frozenset(
    {
        "hit",
        "strike",
        "target",
        "attack",
        "shell",
        "bomb",
        "destroy",
        "damage",
        "fire",
        "aim",
        "pound",
        "launch",
    }
)
GENERIC_WEAPONS: dict[str, str] = {
    "missile": "missile", "drone": "drone", "rocket": "rocket", "shell": "artillery", "bomb": "bomb",
    "uav": "drone", "projectile": "missile", "weapon": "any", "munition": "any", "artillery": "artillery",
}  # fmt: skip
FAMILY_COMPATIBLE: dict[str, frozenset[str]] = {
    "missile": frozenset({"missile"}),
    "drone": frozenset({"drone"}),
    "rocket": frozenset({"rocket"}),
    "artillery": frozenset({"artillery", "rocket"}),
    "bomb": frozenset({"bomb"}),
    "any": frozenset({"missile", "drone", "rocket", "artillery", "bomb", "aircraft"}),
}


@dataclass(slots=True)
class WeaponMention:
    span: CharSpan
    weapon: Weapon | None
    family: str
    named: bool
    definite: bool = True
    """A generic noun refers back to a named weapon only when definite ("the missiles", not "any drone")."""


@dataclass(slots=True)
class Draft:
    """A claim while it is being assembled (claims may merge before they freeze)."""

    source: Actor | None
    cue: str | None
    negated: bool
    content: CharSpan
    evidence: list[CharSpan]
    counts: dict[str, int] = field(default_factory=dict)
    damage: str | None = None
    target: str | None = None
    weapons: list[Weapon] = field(default_factory=list)
    stance: str = "asserts"
    denied: list[str] = field(default_factory=list)

    def has_facts(self) -> bool:
        return bool(self.counts or self.damage or self.target or self.weapons or self.denied)

    def absorb(self, other: Draft) -> None:
        for slot, value in other.counts.items():
            self.counts.setdefault(slot, value)
        if other.damage == "none" or self.damage is None:
            self.damage = other.damage or self.damage
        self.target = self.target or other.target
        self.weapons += [w for w in other.weapons if w not in self.weapons]
        self.denied += [slot for slot in other.denied if slot not in self.denied]
        self.evidence += other.evidence


def weapon_mentions(doc: Doc, kb: Knowledge) -> list[WeaponMention]:
    """Named weapons (ruler entities) and generic weapon nouns, in text order."""
    out: list[WeaponMention] = []
    named_tokens: set[int] = set()
    for ent in doc_ents(doc):
        if ent.label_ != "WEAPON":
            continue
        weapon = kb.weapon_aliases.get(ent.ent_id_.lower()) or kb.weapon_aliases.get(ent.text.lower())
        if weapon is None:
            continue
        named_tokens.update(range(ent.start, ent.end))
        out.append(WeaponMention(CharSpan(ent.start_char, ent.end_char), weapon, weapon.family, named=True))
    for token in doc:
        if token.i in named_tokens or token.pos_ != "NOUN":
            continue
        family = GENERIC_WEAPONS.get(token.lemma_.lower())
        if family is not None:
            definite = any(c.dep_ in {"det", "poss"} and c.lower_ in DEFINITE_WORDS for c in token.lefts)
            out.append(
                WeaponMention(
                    CharSpan(token.idx, token.idx + len(token.text)),
                    None,
                    family,
                    named=False,
                    definite=definite,
                )
            )
    return sorted(out, key=lambda m: m.span.start)


def resolve_weapons(span: CharSpan, mentions: list[WeaponMention]) -> list[Weapon]:
    """Weapons named inside `span`, plus the named weapon a generic noun there refers back to."""
    found: list[Weapon] = []
    for i, mention in enumerate(mentions):
        if not span.contains(mention.span):
            continue
        weapon = mention.weapon
        if weapon is None and not mention.definite:
            continue
        if weapon is None:
            families = FAMILY_COMPATIBLE.get(mention.family, frozenset())
            weapon = next(
                (m.weapon for m in reversed(mentions[:i]) if m.weapon is not None and m.family in families),
                None,
            )
        if weapon is not None and weapon not in found:
            found.append(weapon)
    return found


def _is_speculative(content: Span) -> bool:
    root = content.root
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in root.children)


def target_description(tokens: Span) -> str | None:
    """The object of an attack verb inside the content: 'hit a Russian arms depot' -> 'Russian arms depot'."""
    for token in tokens:
        if token.lemma_.lower() not in TARGET_VERBS or token.pos_ not in {"VERB", "NOUN"}:
            continue
        obj = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"} and c.i > token.i), None)
        if obj is not None and (
            obj.ent_type_ == "WEAPON"
            or obj.lemma_.lower() in GENERIC_WEAPONS.keys() | MUNITION_WORDS | ATTACK_NOUNS
            or obj.pos_ == "NUM"
            or obj.lower_ in QUANTITY_NOUNS
        ):
            obj = None  # "fired 40 missiles at a base": the object is the munition, the target follows "at"
        if obj is None:
            prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in {"at", "on"}), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is None or obj.ent_type_ in {"GPE", "LOC", "NORP", "WEAPON"} or obj.pos_ in {"PRON", "PROPN"}:
            continue
        if obj.lemma_.lower() in GENERIC_WEAPONS.keys() | MUNITION_WORDS or obj.lower_ in QUANTITY_NOUNS:
            continue
        if obj.lemma_.lower() in {"territory", "area", "region", "target", "city", "country"}:
            continue
        words = [t for t in obj.lefts if t.dep_ in {"amod", "compound", "nmod"}]
        words = [t for t in words if t.ent_type_ not in {"NORP", "GPE"}] + [obj]
        return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return None


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
PERIOD = re.compile(
    rf"\bsince\s+(?:the\s+(?:start|beginning|outbreak|onset)\b|(?:the\s+)?(?:war|conflict|fighting|invasion|"
    rf"uprising|insurgency|revolution)\b|fighting\s+(?:broke|began|erupted|started)|{_MONTH}\b|\d{{4}}\b|"
    r"last\s+(?:year|month|spring|summer|autumn|fall|winter)\b)"
    r"|\b(?:over|in|during|for|throughout)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:weeks?|months?|years?|decades?)\b"
    r"|\bover\s+(?:the\s+)?(?:[\w-]+\s+)?(?:months|years|decades)\b|\b(?:months|years)\s+of\s+(?:fighting|war|conflict)\b"
    r"|\bso\s+far\b|\bthis\s+year\b|\bin\s+total\b|\bin\s+all\b|\bto\s+date\b|\baltogether\b|\bcumulative\b"
    r"|\b(?:during|throughout|in)\s+the\s+(?:[\w-]+\s+)?(?:war|conflict|insurgency|uprising)\b"
    rf"|\bfrom\s+{_MONTH}\s+(?:through|to|until|till)\b"
    r"|\bin\s+\d[\d,]*\s+(?:separate\s+|different\s+|other\s+)?(?:attacks|strikes|incidents|raids|bombings)\b"
    r"|\bfirst\s+(?:six\s+months|half|quarter)\b",
    re.IGNORECASE,
)
"""Period words that make a count a tally over many incidents, not the count of one attack."""
TALLY_SUBJECTS = frozenset(
    {"war", "conflict", "fighting", "violence", "insurgency", "uprising", "revolution"}
)
"""Subjects that make a count a tally: "the war has left 67 dead", "fighting that has killed 1,900"."""
RELATIVE_PAST = re.compile(r"^\W*(?:\w+\s+){0,3}(?:days|weeks|months|years)\s+(?:after|before)\b", re.I)
"""A clause opened by "three weeks after": an earlier incident the article recalls."""
AGO = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years?\s+ago|last\s+year)\b", re.I
)
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def _clause(doc: Doc, q: Quantity) -> Span | None:
    """The clause that states a count: the subtree of the verb that governs it, and for a relative
    clause ("the attack that killed eight") the noun phrase it describes."""
    span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    if span is None:
        return None
    node = span.root
    for _ in range(8):
        if node.pos_ in {"VERB", "AUX"} or node.head is node:
            break
        node = node.head
    while node.dep_ == "conj" and node.head.pos_ in {"VERB", "AUX"}:
        node = node.head  # "killed eight and wounded 120": the first verb's clause
    if node.dep_ in {"relcl", "acl"} and node.head is not node:
        node = node.head
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in {"NOUN", "PROPN"}:
            node = node.head.head  # "the 1995 attack on the transport system that killed eight"
    sent = node.sent
    left, right = max(node.left_edge.i, sent.start), min(node.right_edge.i, sent.end - 1)
    return doc[left : right + 1]


def is_tally(doc: Doc, q: Quantity, published: dt.date | None = None) -> bool:
    """Whether a count sums a long period or tells a past incident rather than an attack of the
    day: see the module docstring."""
    clause = _clause(doc, q)
    if clause is None:
        return False
    text = clause.text
    if PERIOD.search(text) or AGO.search(text) or RELATIVE_PAST.search(text):
        return True
    verbs = [t for t in clause if t.pos_ in {"VERB", "AUX"}]
    if any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in TALLY_SUBJECTS
        for v in verbs
        for c in v.children
    ) or any(v.dep_ == "relcl" and v.head.lemma_.lower() in TALLY_SUBJECTS for v in verbs):
        return True
    if published is not None:
        years = [int(y) for y in YEAR.findall(text) if y not in doc_text(doc)[q.span.start : q.span.end]]
        return any(y < published.year for y in years)
    return False


def _counts(
    content: CharSpan, quantities: list[Quantity], doc: Doc | None = None, published: dt.date | None = None
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in quantities:
        if q.slot and content.contains(q.span) and q.slot not in counts:
            if doc is not None and is_tally(doc, q, published):
                continue
            counts[q.slot] = int(q.value)
    return counts


def _negative_counts(text: str, counts: dict[str, int]) -> None:
    if NO_CASUALTIES.search(text):
        counts.setdefault("killed", 0)
        counts.setdefault("injured", 0)
    if NO_DEATHS.search(text):
        counts.setdefault("killed", 0)
    if NO_INJURIES.search(text):
        counts.setdefault("injured", 0)


def _denied_slots(text: str, counts: dict[str, int]) -> list[str]:
    """The slots a denial rejects: those with a figure in its content, else those it names."""
    if counts:
        return sorted(counts, key=COUNT_SLOTS.index)
    return [slot for slot, words in DENIED_SLOT_WORDS if words.search(text)]


def _damage(text: str, *, denial: bool) -> str | None:
    if NO_DAMAGE.search(text) or (denial and re.search(r"\bdamage\b", text, re.I)):
        return "none"
    if DAMAGE.search(text) and not denial:
        return "reported"
    return None


def build(
    doc: Doc,
    attributions: list[Attribution],
    quantities: list[Quantity],
    weapons: list[WeaponMention],
    kb: Knowledge,
    *,
    own_agency: str | None,
    published: dt.date | None = None,
) -> list[Draft]:
    """Claim drafts in text order, one per attribution that states a fact about an attack."""
    drafts: list[Draft] = []
    for attribution in attributions:
        if attribution.cue_lemma not in kb.cues:
            continue  # an attitude ("X mocked Y", attitude_cues.tsv) states no fact to claim
        content = doc.char_span(attribution.content.start, attribution.content.end, alignment_mode="expand")
        if content is None:
            continue
        source = attribution.actor
        if source is not None and own_agency and source.name.lower() == own_agency.lower():
            source = None  # the article's own wire service is the narrator, not a party
        text = content.text
        stance = kb.cues.get(attribution.cue_lemma, "assert")
        denial = stance == "deny"
        counts = _counts(attribution.content, quantities, doc, published)
        _negative_counts(text, counts)
        if _is_speculative(content) and not counts:
            continue
        start = min(
            s.start for s in (attribution.source, attribution.cue, attribution.content) if s is not None
        )
        end = max(s.end for s in (attribution.source, attribution.cue, attribution.content) if s is not None)
        denied = _denied_slots(text, counts) if denial else []
        if denial:
            counts = {}  # "X denied that 70 drones were launched" asserts no figure: it denies one
        draft = Draft(
            source=source,
            cue=attribution.cue_lemma,
            negated=attribution.negated or denial,
            content=attribution.content,
            evidence=[CharSpan(start, end)],
            counts=counts,
            damage=_damage(text, denial=denial),
            target=None if denial else target_description(content),
            weapons=resolve_weapons(attribution.content, weapons),
            denied=denied,
        )
        draft.stance = "denies" if denial else "not_confirmed" if draft.negated else "asserts"
        if draft.negated and stance != "deny":
            draft.damage, draft.counts = None, {}
        weapons_only = not (draft.counts or draft.damage or draft.target)
        if weapons_only and stance not in WEAPON_STANCES:
            continue  # "X said THAAD could ..." names a weapon but states nothing about an attack
        if not draft.has_facts() or (source is None and not (draft.counts or draft.damage)):
            continue
        previous = drafts[-1] if drafts else None
        if attribution.anaphoric and previous is not None and previous.source == source:
            previous.absorb(draft)
            continue
        drafts.append(draft)
        for other in attribution.co_sources:
            drafts.append(
                replace(
                    draft,
                    source=other,
                    evidence=list(draft.evidence),
                    counts=dict(draft.counts),
                    weapons=list(draft.weapons),
                )
            )
    return drafts


def narrator_drafts(
    sentences: list[Span],
    covered: list[CharSpan],
    quantities: list[Quantity],
    published: dt.date | None = None,
) -> list[Draft]:
    """Unattributed statements of counts in the article's own voice."""
    out: list[Draft] = []
    for sent in sentences:
        span = CharSpan(sent.start_char, sent.end_char)
        if any(span.overlaps(c) for c in covered):
            continue
        counts = _counts(span, quantities, sent.doc, published)
        _negative_counts(sent.text, counts)
        if not counts:
            continue
        out.append(Draft(source=None, cue=None, negated=False, content=span, evidence=[span], counts=counts))
    return out


def token_root(tokens: Span) -> Token:
    return tokens.root
