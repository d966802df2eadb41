"""Toponyms: find place names and resolve each to a gazetteer entry.

Recognition takes spaCy's GPE/LOC/FAC entities and widens them over a following region
word ("Bryansk" + "region" is the region, not the city). Resolution ranks the
candidates: a region word asks for a first-level region; otherwise a country beats a
region beats a city, bigger cities first, and candidates in countries the article names
win. The role says how the place is used: `location` after a locative preposition
("in its Bryansk region"), `actor` as a subject or possessor ("Moscow has warned"),
`other` otherwise.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from conflictwire.gazetteer import REGION_WORDS, Entry, Gazetteer
from conflictwire.models import Place, PlaceMention, Precision
from conflictwire.models import Span as CharSpan

LOCATIVE = frozenset({"in", "at", "near", "on", "over", "into", "inside", "outside", "across", "around",
                      "off", "within", "along"})  # fmt: skip
PLACE_NOUNS = frozenset({"city", "town", "village", "region", "province", "district", "outskirts", "port",
                         "suburb", "settlement", "area", "oblast", "governorate", "state"})  # fmt: skip
ATTACKED_BY = frozenset({"strike", "hit", "attack", "shell", "bomb", "pound", "target", "bombard", "raid", "storm"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_KIND_RANK = {"country": 3, "admin1": 2, "city": 1}


def to_place(entry: Entry) -> Place:
    precision = {"country": Precision.COUNTRY, "admin1": Precision.ADMIN1, "city": Precision.CITY}[entry.kind]
    return Place(
        name=entry.name,
        country=entry.country or None,
        admin1=entry.admin1,
        geonames_id=entry.geonames_id,
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        precision=precision.value,
    )


def _region_extension(doc: Doc, ent: Span) -> Span:
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.lower_ in REGION_WORDS and ent.label_ != "FAC":
        return doc[ent.start : ent.end + 1]
    return ent


def _rank(entry: Entry, *, region: bool, context: Counter[str]) -> tuple[int, int, int]:
    kind = (3 if entry.kind == "admin1" else 0) if region else _KIND_RANK[entry.kind]
    return (context.get(entry.country, 0) > 0, kind, entry.population)


def resolve(
    name: str, gazetteer: Gazetteer, *, region: bool = False, context: Counter[str] | None = None
) -> Entry | None:
    pinned = gazetteer.preferred_entry(name)
    if pinned is not None and (not region or pinned.kind == "admin1"):
        return pinned
    candidates = gazetteer.candidates(name)
    if not candidates and name.lower().startswith("the "):
        candidates = gazetteer.candidates(name[4:])
    if not candidates:
        return None
    return max(candidates, key=lambda e: _rank(e, region=region, context=context or Counter()))


def _role(span: Span) -> str:
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return "location"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS:
        return "location"  # "the city of Kherson"
    if root.dep_ in {"dobj", "nsubjpass"} and root.head.lemma_.lower() in ATTACKED_BY:
        return "location"  # "Ukraine struck Bryansk region", "Kharkiv was shelled"
    if root.dep_ in {"nsubj", "nsubjpass", "poss"}:
        return "actor"
    return "other"


MIN_UNTAGGED_CITY = 20_000
"""A capitalised name the NER missed counts as a city only if the city is at least this big."""
BLOCKING_LABELS = frozenset(
    {"PERSON", "ORG", "WEAPON", "NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW"}
)


def _untagged(doc: Doc, gazetteer: Gazetteer, taken: set[int]) -> list[Span]:
    """Proper-noun runs the NER left untagged that the gazetteer knows ("Odesa region", "Izmail")."""
    out: list[Span] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if (
            i in taken
            or token.pos_ != "PROPN"
            or not token.text[:1].isupper()
            or token.ent_type_ in BLOCKING_LABELS
        ):
            i += 1
            continue
        j = i
        while (
            j < len(doc)
            and doc[j].pos_ == "PROPN"
            and j not in taken
            and doc[j].ent_type_ not in BLOCKING_LABELS
        ):
            j += 1
        span = _region_extension(doc, doc[i:j])
        entries = gazetteer.candidates(span.text)
        region = span[-1].lower_ in REGION_WORDS
        if any(
            e.kind in {"country", "admin1"} or e.population >= MIN_UNTAGGED_CITY or region for e in entries
        ):
            out.append(span)
        i = max(j, i + 1)
    return out


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Resolved toponyms of `doc` in text order."""
    spans = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            spans.append(_region_extension(doc, ent))
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans += _untagged(doc, gazetteer, taken)
    spans.sort(key=lambda s: s.start)
    context: Counter[str] = Counter()
    for span in spans:
        entry = resolve(span.text, gazetteer)
        if entry is not None and entry.kind == "country":
            context[entry.country] += 1
    out: list[PlaceMention] = []
    for span in spans:
        region = span[-1].lower_ in REGION_WORDS
        entry = resolve(span.text, gazetteer, region=region, context=context)
        if entry is None and region:
            entry = resolve(span[:-1].text, gazetteer, region=True, context=context)
        if entry is None:
            continue
        out.append(
            PlaceMention(
                span=CharSpan(span.start_char, span.end_char), place=to_place(entry), role=_role(span)
            )
        )
    return out
