"""Resolve a noun phrase to an `Actor`: the name as written, a country (ISO alpha-3), a
sector and whether the source is anonymous.

The rules read the phrase's parts: a known actor or person from the knowledge files
("the Kremlin", "Vladimir Putin", "the IDF"), a country given by name, capital (a
metonym for its government), demonym or possessive ("Ukraine's military", "a US
official"), and a role noun that sets the sector ("official", "source", "governor",
"army"). An unnamed "source" or "official" is anonymous, and so is anyone the sentence
says spoke anonymously.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from conflictwire.knowledge import ActorEntry, Knowledge
from conflictwire.models import Actor
from conflictwire.pipeline.doccache import doc_ents, doc_text

# Role nouns -> sector. Longer phrases are tried first.
ROLE_SECTORS: dict[str, str] = {
    "defence ministry": "military",
    "defense ministry": "military",
    "ministry of defence": "military",
    "ministry of defense": "military",
    "general staff": "military",
    "armed forces": "military",
    "air force": "military",
    "air defence": "military",
    "air defense": "military",
    "military": "military",
    "army": "military",
    "navy": "military",
    "forces": "military",
    "troops": "military",
    "command": "military",
    "commander": "military",
    "general": "military",
    "spokesman": "official",
    "spokeswoman": "official",
    "spokesperson": "official",
    "official": "official",
    "officials": "official",
    "source": "official",
    "sources": "official",
    "diplomat": "official",
    "diplomats": "official",
    "officer": "military",
    "intelligence": "military",
    "president": "government",
    "presidency": "government",
    "prime minister": "government",
    "minister": "government",
    "ministry": "government",
    "government": "government",
    "administration": "government",
    "authorities": "government",
    "governor": "government",
    "mayor": "government",
    "kremlin": "government",
    "cabinet": "government",
    "police": "government",
    "emergency service": "government",
    "emergency services": "government",
    "analyst": "analyst",
    "analysts": "analyst",
    "expert": "analyst",
    "experts": "analyst",
    "witness": "civilians",
    "witnesses": "civilians",
    "resident": "civilians",
    "residents": "civilians",
    "medic": "civilians",
    "medics": "civilians",
    "doctor": "civilians",
    "doctors": "civilians",
    "hospital": "civilians",
    "media": "media",
    "agency": "media",
    "newspaper": "media",
    "broadcaster": "media",
}
ANONYMOUS_HEADS = frozenset({"source", "sources", "official", "diplomat", "diplomats", "insider", "insiders"})
ANONYMITY = re.compile(
    r"\b(?:anonymous(?:ly)?|anonymity|unnamed|declined to be (?:named|identified)|asked not to be "
    r"(?:named|identified)|not authori[sz]ed to (?:speak|talk|comment))\b",
    re.IGNORECASE,
)
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "who", "which"})
_DROP_LEFT = frozenset({"det", "predet", "punct", "cc", "advmod", "nummod", "quantmod"})


def core_tokens(head: Token) -> list[Token]:
    """The head of a noun phrase with its left modifiers: no determiners, clauses or appositions."""
    keep = [head]
    for child in head.lefts:
        if child.dep_ in _DROP_LEFT or child.is_space:
            continue
        keep.extend(child.subtree)
    for child in head.rights:
        # "officials in Kyiv", "ministry of defence": short prepositional names stay.
        if (
            child.dep_ == "prep" and child.lower_ in {"of", "in"} and len(list(child.subtree)) <= 6
        ) or child.dep_ in {"compound", "flat"}:
            keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    kept = [t for t in keep if not t.is_punct or t.text in {"'s", "’s", "-", "."}]
    # A hyphen joins words inside a name ("pro-Russian"); before the name it is a dateline's dash.
    while len(kept) > 1 and kept[0].is_punct:
        kept.pop(0)
    return kept


def phrase_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def _find_sector(words: str) -> str | None:
    for role in sorted(ROLE_SECTORS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(role)}\b", words):
            return ROLE_SECTORS[role]
    return None


def _head_sector(tokens: list[Token], head: Token) -> str | None:
    """The role the head noun names, with the words before it: "defence ministry" is military,
    and the head wins over its modifiers: "a government source" is a source."""
    upto = [t.lower_ for t in tokens if t.i <= head.i]
    for size in (3, 2, 1):
        phrase = " ".join(upto[-size:])
        if len(upto) >= size and phrase in ROLE_SECTORS:
            return ROLE_SECTORS[phrase]
    return None


SIDING_PREFIXES = frozenset({"pro", "anti"})


PATRON_SUFFIXES = frozenset({"backed", "aligned", "allied", "supported", "sponsored", "funded", "trained",
                             "armed", "made", "supplied", "built", "affiliated", "linked",
                             "installed"})  # fmt: skip
"""'Iran-backed militia', 'US-trained forces': the country before these is a patron or maker."""


def _sided_with(token: Token) -> bool:
    """'pro-Russian rebels', 'anti-Israel protesters', 'Iran-aligned Houthis': the country names
    a side or a patron, not the actor's own."""
    doc = token.doc
    patron = (
        token.i + 2 < len(doc)
        and doc[token.i + 1].text in {"-", "–"}
        and doc[token.i + 2].lower_ in PATRON_SUFFIXES
    )
    return (
        patron
        or (
            token.i >= 2
            and doc[token.i - 1].text in {"-", "–"}
            and doc[token.i - 2].lower_ in SIDING_PREFIXES
        )
        or any(token.lower_.startswith(f"{p}-") for p in SIDING_PREFIXES)
    )


def _country_in(tokens: list[Token], kb: Knowledge) -> tuple[str | None, str | None]:
    """(iso3, form) of the first country named in the tokens, trying multi-word names first."""
    texts = [t.text for t in tokens]
    n = len(texts)
    for size in range(min(4, n), 0, -1):
        for start in range(n - size + 1):
            if _sided_with(tokens[start]):
                continue
            chunk = " ".join(texts[start : start + size]).replace(" 's", "").replace(" ’s", "")
            for candidate in (chunk, chunk.rstrip(".")):
                found = kb.country_names.get(candidate.lower())
                if found and (candidate[:1].isupper() or candidate.isupper()):
                    return found[0].iso3, found[1]
    return None, None


def _place_country(tokens: list[Token], kb: Knowledge) -> str | None:
    """'Kherson regional governor', "Voronezh's governor": the country of a place in the phrase."""
    from conflictwire import gazetteer  # noqa: PLC0415 - the index loads on first use

    index = gazetteer.load()
    iso3_of = {c.iso2: c.iso3 for c in kb.countries}
    head = max(tokens, key=lambda t: t.i)
    name_ids = {t.i for ent in doc_ents(head.doc) if ent.start <= head.i < ent.end for t in ent}
    for token in tokens:
        if not token.text[:1].isupper() or token.i in name_ids or token.ent_type_ in {"ORG", "WEAPON"}:
            continue
        entries = [e for e in index.candidates(token.text) if e.kind in {"admin1", "city"}]
        if entries:
            best = max(entries, key=lambda e: (e.kind == "admin1", e.population))
            return iso3_of.get(best.country)
    return None


def _known_actor(tokens: list[Token], kb: Knowledge) -> tuple[str, str | None, str, str] | None:
    """(name, country, sector, kind) of the longest knowledge alias among the phrase's n-grams.

    An alias written in lower case ("defence ministry") matches in any case; one with
    capitals ("AP", "WHO") only as written, so "who" and "ap" never match."""
    texts = [t.text for t in tokens if t.text not in {"'s", "’s"}]
    for size in range(min(6, len(texts)), 0, -1):
        for start in range(len(texts) - size + 1):
            chunk = " ".join(texts[start : start + size])
            entry = kb.actors.get(chunk.lower())
            if entry is not None and (entry.alias.islower() or entry.alias == chunk):
                entry = _told_in_full(entry, tokens[0].doc, kb)
                return entry.name, entry.country, entry.sector, entry.kind
    return None


def _told_in_full(entry: ActorEntry, doc: Doc, kb: Knowledge) -> ActorEntry:
    """'Taliban gunmen' in an article that names the Pakistani Taliban: a short alias means
    the one longer alias ending in it that the article itself uses."""
    longer = _longer_aliases(kb).get(entry.alias.lower(), ())
    if not longer:
        return entry
    text = doc_text(doc)
    used = {kb.actors[a].name: kb.actors[a] for a in longer if a in text.lower()}
    return next(iter(used.values())) if len(used) == 1 else entry


_LONGER: dict[int, tuple[Knowledge, dict[str, tuple[str, ...]]]] = {}


def _longer_aliases(kb: Knowledge) -> dict[str, tuple[str, ...]]:
    """Each capitalised alias -> the longer aliases of other actors that are it with a
    nationality before it (built once per knowledge object)."""
    cached = _LONGER.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    names = [a for a in kb.actors if not kb.actors[a].alias.islower()]
    out: dict[str, tuple[str, ...]] = {}
    for short in names:
        found = tuple(
            a
            for a in names
            if a.endswith(" " + short)
            and kb.actors[a].name != kb.actors[short].name
            and a[: -len(short)].strip() in kb.country_names  # "Pakistani Taliban", not "Kim Jong Un"
        )
        if found:
            out[short] = found
    _LONGER[id(kb)] = (kb, out)
    return out


def resolve(head: Token, kb: Knowledge, *, sentence: Span | None = None) -> Actor | None:
    """The actor a noun phrase headed by `head` names, or None (a pronoun, a weapon, a thing)."""
    if head.lower_ in PRONOUNS or head.pos_ == "PRON" or head.ent_type_ == "WEAPON":
        return None
    tokens = core_tokens(head)
    name = phrase_text(tokens)
    if not name:
        return None
    words = " ".join(t.text for t in tokens)
    country, form = _country_in(tokens, kb)
    if country is None:
        country = _place_country(tokens, kb)
    known = _known_actor(tokens, kb)
    described = _described_by(head, kb) if country is None and (known is None or known[1] is None) else None
    if described is not None:
        country = described.country
    head_sector = _head_sector(tokens, head)
    sector = head_sector or _find_sector(words.lower())
    if known is not None:
        _, known_country, known_sector, kind = known
        country = country or known_country
        # A named body decides its sector ("the IDF": military); a role noun at the head
        # decides over a generic word before it ("a government source": an official).
        if head_sector is None or kind not in {"organization", "ministry", "metonym"}:
            sector = known_sector if kind != "person" or sector is None else sector
    elif country is not None and sector is None and form in {"name", "capital"}:
        # A country or its capital as the speaker is its government (metonymy).
        only_country = all(t.ent_type_ == "GPE" or t.is_punct for t in tokens)
        sector = "government" if only_country else None
    if (
        country is None
        and known is None
        and sector is None
        and head.ent_type_ not in {"PERSON", "ORG", "NORP"}
    ):
        return None
    has_name = any(t.ent_type_ == "PERSON" for t in tokens) or (known is not None and known[3] == "person")
    anonymous = head.lower_ in ANONYMOUS_HEADS and not has_name
    if not anonymous and sentence is not None and head.lower_ not in {"ministry", "government"}:
        anonymous = _spoke_anonymously(head, sentence)
    if anonymous and sector is None:
        sector = "official"
    return Actor(name=name, country=country, sector=sector, anonymous=anonymous)


def _described_by(head: Token, kb: Knowledge) -> Actor | None:
    """The body a speaker belongs to, told beside the name: "Mansour, the Palestinian U.N.
    observer" (apposition), "a spokesman for the Houthi group" (for-phrase)."""
    for child in head.rights:
        if child.dep_ == "appos":
            found = resolve(child, kb)
        elif child.dep_ == "prep" and child.lower_ == "for":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            found = resolve(obj, kb) if obj is not None else None
        else:
            continue
        if found is not None and found.country is not None:
            return found
    return None


def _spoke_anonymously(head: Token, sentence: Span) -> bool:
    """'A US official, speaking anonymously, stated' / 'said on condition of anonymity'."""
    for child in head.subtree:
        if ANONYMITY.search(child.text):
            return True
    verb = head.head
    if head.dep_ in {"nsubj", "nsubjpass"}:
        for child in verb.children:
            if (
                child.i != head.i
                and any(ANONYMITY.search(t.text) for t in child.subtree)
                and child.dep_
                in {
                    "advcl",
                    "prep",
                    "advmod",
                    "npadvmod",
                }
            ):
                return True
    return False
