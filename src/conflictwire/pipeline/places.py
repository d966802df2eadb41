"""Toponyms: find place names, resolve each to a gazetteer entry, and link events to places.

Recognition (`recognise`) collects, in this order, and never twice over the same tokens:
spaCy's GPE/LOC/FAC entities, split at commas ("Springfield, Ill.") and widened over a region
word ("Bryansk" + "region") or a name word before them ("New" + "Mexico"); for one the
gazetteer lacks, the place inside it ("Vancouver International Airport"), street names
excepted; demonyms used as adjectives ("Russian forces" names Russia; "Russians" names a people,
not a place); place names inside organisation names ("the Ohio Coalition", "Air Zimbabwe");
whole ORG or PERSON entities that are in fact places, when the text supports it (the small
model tags many towns as people or organisations); and capitalised runs the NER left untagged
that the gazetteer knows. Common English words and compass words need the text's support.

Resolution (`resolve_spans`) scores each candidate entry: how the name matched (a pinned
alias first), the kind of place, its population, and the article's context: the countries and
regions its confident places lie in (weighted by their share), nearness to those places, and
the "City, Region" pattern ("Columbus, Ohio", "Gainesville, Fla.", "Austin, TX"), which puts
the city inside the region. The weights were set by hand and checked on the dev half one at a
time; fitting them jointly on half the dev set lowered accuracy on the other half.

The role says how the place is used: `location` after a locative preposition ("in its
Bryansk region") or as the target of an attack verb, `actor` as a subject or possessor
("Moscow has warned"), `other` otherwise (embedded in a name, a demonym). `linked_place`
gives an event trigger its place through the dependency tree. `analyse` returns the places
with the names left out and why (`Reason`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from spacy.tokens import Doc, Span, Token

from conflictwire.errors import ConflictwireError
from conflictwire.gazetteer import REGION_WORDS, Candidate, Entry, Gazetteer, key
from conflictwire.gazetteer.index import ALTERNATE, OWN, PINNED
from conflictwire.models import Place, PlaceMention, Precision
from conflictwire.models import Span as CharSpan
from conflictwire.pipeline.doccache import doc_ents

log = logging.getLogger(__name__)

LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "on",
        "over",
        "into",
        "inside",
        "outside",
        "across",
        "around",
        "off",
        "within",
        "along",
        "from",
        "to",
        "toward",
        "towards",
        "through",
        "throughout",
    }
)
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "region",
        "province",
        "district",
        "outskirts",
        "port",
        "suburb",
        "settlement",
        "area",
        "oblast",
        "governorate",
        "state",
    }
)
ATTACKED_BY = frozenset(
    {
        "strike",
        "hit",
        "attack",
        "shell",
        "bomb",
        "pound",
        "target",
        "bombard",
        "raid",
        "storm",
        "airstrike",
        "assault",
        "offensive",
        "shelling",
        "bombing",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"ORG", "PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
BLOCKING_LABELS = frozenset({"WEAPON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
GENERIC_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "central",
        "centre",
        "center",
        "northern",
        "southern",
        "eastern",
        "western",
        "capital",
        "coast",
        "lakes",
        "islands",
        "valley",
        "upper",
        "lower",
        "middle",
        "national",
        "federal",
        "union",
        "metro",
        "mission",
        "maritime",
        "littoral",
        "plateaux",
        "savanes",
        "centrale",
        "capitale",
        "gulf",
        "delta",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "midwest",
        "council",
        "congress",
        "salt",
    }
)
"""Words that name regions somewhere ("Centre", Burkina Faso) but mostly mean what they say."""
WORD_CITY_MAX = 200_000
"""A city this big keeps its name even when the name is also an English word."""
STREET_WORDS = frozenset(
    {
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "drive",
        "dr",
        "lane",
        "ln",
        "boulevard",
        "blvd",
        "parade",
        "way",
        "highway",
        "place",
        "court",
        "circle",
        "terrace",
        "square",
        "plaza",
        "bridge",
        "west",
        "east",
        "north",
        "south",
    }
)
"""Last words of street names: a town inside one ("Victoria St.") is not the place meant."""
MAX_NAME_TOKENS = 4
MAX_TREE_DEPTH = 64
TERRITORY_WORDS = frozenset({"territory", "soil", "airspace", "border", "region", "regions"})
PRECISION_RANK = {
    Precision.POINT.value: 4,
    Precision.CITY.value: 3,
    Precision.ADMIN1.value: 2,
    Precision.COUNTRY.value: 1,
}
"""The longest place name tried inside a run of capitalised words ("Rio de Janeiro" is three)."""

MIN_EMBEDDED_CITY = 20_000
"""A city named inside an organisation's name ("Charleston Area Medical Center") must be this
big; smaller ones are mostly surnames and common words ("Mercy", "Victory")."""
MIN_NAMED_ENTITY_CITY = 20_000
"""A whole ORG or PERSON entity counts as a place when it names a city at least this big."""
MIN_UNTAGGED_LETTERS = 3
BRAND_REPEATS = 3
"""A name tagged ORG this often, and never as a place, is the organisation ("Toyota", "Lincoln"
in a story about the carmaker), unless the text places it."""
MIN_UNTAGGED_CITY = 20_000
"""A capitalised run the NER missed counts as a city without the article's support (a locative
preposition, a following region, the same name tagged as a place elsewhere) only this big."""

KIND_PRIOR = {"country": 6.0, "feature": 6.0, "landmark": 6.0, "admin1": 4.0, "admin2": 1.0, "city": 0.0}
"""Log-population points a kind of place is worth before context: a country or a region is
what a bare name usually means ("Georgia", "Kent"), a county rarely ("Paris" is the city)."""
PINNED_BONUS = 100.0
REGION_WORD_BONUS = 12.0
CONTEXT_COUNTRY_BONUS = 2.5
CONTEXT_REGION_BONUS = 3.0
"""Bonuses for the article's countries and regions, times each one's share of the confident
places: an article about Canada and Britain lends Canada half ("London" stays in England)."""
INSIDE_BONUS = 20.0
""""Columbus, Ohio": a candidate inside the region named after the comma wins outright."""
ALTERNATE_PENALTY = 0.5
EPONYM_PENALTY = 8.0
"""A region or county named as a big city inside it ("Paris", "Kyiv") is the city unless asked."""
EPONYM_SHARE = 10
"""The city counts as the region's namesake when it holds at least a tenth of its people."""
EPONYM_KM = 150.0
CONFIDENT_MARGIN = 5.0
SMALL_REGION = 1_000_000
SMALL_REGION_PENALTY = 1.0
"""A first-level region of under a million people (a Jamaican parish, a Honduran department)
is less often meant by a bare name than the kind prior says."""
"""A reading leads its best rival in another country by this much to set the article's context.
Weights here were set by hand, then checked on the geoparsing dev half one at a time."""
NEAR_KM = 150.0
NEAR_BONUS = 5.0
"""A city within NEAR_KM of a confidently placed one gains up to this much (local news names
neighbouring towns: Paris near Decatur is Paris, Illinois)."""
MAX_CANDIDATES = 60
"""Readings ranked per name (by form, then population): enough for 'Springfield'."""


def precision_of(entry: Entry) -> str:
    """How much an entry says: a county is reported as its first-level region's precision."""
    if entry.kind == "landmark":
        return Precision.POINT.value
    if entry.kind == "city":
        return Precision.CITY.value
    if entry.kind in {"admin1", "admin2"}:
        return Precision.ADMIN1.value
    return Precision.COUNTRY.value


def to_place(entry: Entry) -> Place:
    return Place(
        name=entry.name,
        country=entry.country or None,
        admin1=entry.admin1,
        geonames_id=entry.geonames_id or None,
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        precision=precision_of(entry),
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A recognised toponym before resolution."""

    span: Span
    how: str
    """ner | demonym | embedded | entity | untagged"""
    demonym: Entry | None = None
    label: str = ""
    """The NER label the span came with (GPE, LOC, FAC, ORG, ...), empty for untagged names."""

    @property
    def region(self) -> bool:
        return (self.span[-1].lower_ in REGION_WORDS and len(self.span) > 1) or _coordinated_region(self.span)


PLURAL_REGION_WORDS = {
    "regions": "region",
    "provinces": "province",
    "oblasts": "oblast",
    "states": "state",
    "counties": "county",
    "districts": "district",
    "governorates": "governorate",
    "parishes": "parish",
}
MAX_COORDINATION = 8


def _coordinated_word(span: Span) -> str | None:
    """'over Odesa, Mykolaiv and Kherson regions', 'Baker and Nassau counties': each name of the
    list is a region; the singular of the word that says which kind ("region", "county")."""
    doc = span.doc
    for token in doc[span.end : min(len(doc), span.end + MAX_COORDINATION)]:
        if token.lower_ in PLURAL_REGION_WORDS:
            return PLURAL_REGION_WORDS[token.lower_]
        if not (token.text in {",", "and", "or"} or (_capitalised(token) and token.pos_ == "PROPN")):
            return None
    return None


def _coordinated_region(span: Span) -> bool:
    return _coordinated_word(span) is not None


def _comma_parts(ent: Span) -> list[Span]:
    """'Springfield, Ill.' tagged as one GPE is two places."""
    parts: list[Span] = []
    start = ent.start
    for token in ent:
        if token.text == ",":
            if token.i > start:
                parts.append(ent.doc[start : token.i])
            start = token.i + 1
    if start < ent.end:
        parts.append(ent.doc[start : ent.end])
    return [Span(ent.doc, p.start, p.end, label=ent.label_) for p in parts]


def _region_extension(doc: Doc, span: Span) -> Span:
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in REGION_WORDS and span[-1].lower_ not in REGION_WORDS:
        return doc[span.start : span.end + 1]
    return span


def _left_extension(doc: Doc, span: Span, gazetteer: Gazetteer) -> Span:
    """'New' + 'Mexico', 'South' + 'America', 'Baja' + 'California': a capitalised word before a
    place the NER tagged (or the ruler cut short) belongs to it when the longer name is a place."""
    start = span.start
    while start > 0 and span.start - start < 2:
        before = doc[start - 1]
        if not _capitalised(before) or before.ent_type_ in PLACE_LABELS | NAME_LABELS - {"NORP"}:
            break
        if not [c for c in gazetteer.lookup(doc[start - 1 : span.end].text) if c.form <= ALTERNATE]:
            break
        start -= 1
    return doc[start : span.end]


def _clean_word(token: Token) -> bool:
    """A word fit to be an untagged name: three letters or more and no mangled encoding ("Itâ")."""
    return len(token.text) >= MIN_UNTAGGED_LETTERS and "â" not in token.text and "Ã" not in token.text


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _plural_people(span: Span) -> bool:
    """'Russians', 'Palestinians': a people, not a place (the adjective 'Russian' names Russia)."""
    last = span[-1]
    return last.tag_ in {"NNPS", "NNS"} or (last.text.endswith("s") and last.lemma_ != last.text)


def _english_words(doc: Doc) -> frozenset[str]:
    """Common English words, from the lemmatizer's WordNet index when the model has one: a
    capitalised 'Police' or 'Union' the NER did not tag as a place is a word, not Police, Poland."""
    key = id(doc.vocab)
    if key not in _WORDS:
        words: set[str] = set()
        try:
            from conflictwire.pipeline.nlp import load_nlp  # noqa: PLC0415 - the cached pipeline

            lemmatizer: Any = load_nlp().get_pipe("lemmatizer")
            table = lemmatizer.lookups.get_table("lemma_index")
            for pos in ("noun", "verb", "adj", "adv"):
                words.update(w for w in table.get(pos, []) if w.isalpha())
        except (KeyError, ValueError, AttributeError, OSError, ConflictwireError):
            log.debug("no lemma index in the model: no English-word filter for untagged names")
        _WORDS[key] = frozenset(words)
    return _WORDS[key]


_WORDS: dict[int, frozenset[str]] = {}


@dataclass(slots=True)
class _Evidence:
    """What in the article says a capitalised name the NER did not tag as a place is one."""

    doc: Doc
    gazetteer: Gazetteer
    place_names: frozenset[str]
    """Keys of the NER's place entities: "Gainesville" tagged GPE once vouches for the others."""
    words: frozenset[str]

    def supported(self, span: Span) -> bool:
        doc = self.doc
        if key(span.text) in self.place_names:
            return True
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in LOCATIVE - {"on", "to"}:
            return True  # "in Alexandria", "near Torrington"
        if (
            before is not None
            and before.lower_ == "of"
            and span.start > 1
            and doc[span.start - 2].lemma_.lower() in PLACE_NOUNS
        ):
            return True  # "the city of Lancaster"
        root = span.root
        if _coordinated_region(span):
            return True  # "Mykolaiv and Kherson regions"
        conjuncts = [root.head] if root.dep_ == "conj" else []
        conjuncts += [c for c in root.children if c.dep_ == "conj"]
        if any(key(c.text) in self.place_names for c in conjuncts):
            return True  # "Odesa, Mykolaiv and Kherson", one of them tagged as a place
        if root.dep_ in {"dobj", "nsubjpass"} and root.head.lemma_.lower() in ATTACKED_BY:
            return True  # "shelled Kherson", "Rafah was bombed"
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in {"on", "against"}
            and root.head.head.lemma_.lower() in ATTACKED_BY
        ):
            return True  # "air strikes on Rafah"
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.text == "," and span.end + 1 < len(doc):
            nxt = doc[span.end + 1]
            if self.gazetteer.postal(nxt.text) is not None and nxt.is_upper:
                return True  # "Gainesville, FL"
            if any(e.kind in {"admin1", "country"} for e in self.own(nxt.text)):
                return True  # "Gainesville, Fla.", "Hanover, Germany"
        line_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
        return line_start and after is not None and after.text in {",", "\u2014", "-", "--", "("}

    def own(self, name: str) -> list[Entry]:
        """Entries a name denotes by its own name or a pinned alias (alternates are too loose here)."""
        return [c.entry for c in self.gazetteer.lookup(name) if c.form <= OWN]

    def word(self, span: Span, entries: list[Entry]) -> bool:
        """A common English word ("Police", "Union") that is also a town's name: a word unless
        the article says otherwise. A country or region keeps its name ("Ohio", "Jordan")
        unless that name is a compass or landscape word ("Centre", "West")."""
        text = span.text.lower()
        if text in GENERIC_WORDS:
            return True
        if any(e.kind in {"country", "admin1", "feature"} or e.population >= WORD_CITY_MAX for e in entries):
            return False  # WordNet lists Odesa and Ohio too
        return len(span) == 1 and text in self.words


def _surname(doc: Doc, ent: Span) -> bool:
    """'Jack London', 'David Paris': a one-word place right after a person's name is a surname."""
    before = doc[ent.start - 1] if ent.start > 0 else None
    return (
        len(ent) == 1
        and before is not None
        and before.ent_type_ == "PERSON"
        and before.whitespace_ != ""
        and before.text[:1].isupper()
    )


def _known(entries: list[Entry], min_city: int) -> bool:
    return any(e.kind != "city" or e.population >= min_city for e in entries)


def _name_at(evidence: _Evidence, start: int, end: int, min_city: int) -> Span | None:
    """The longest place name starting at `start` within [start, end) that the gazetteer knows
    by its own name; a common English word needs the article's support."""
    doc = evidence.doc
    for stop in range(min(end, start + MAX_NAME_TOKENS), start, -1):
        span = doc[start:stop]
        if not _capitalised(span[-1]) and span[-1].lower_ not in REGION_WORDS:
            continue
        entries = evidence.own(span.text)
        if not entries or span.text.lower() in GENERIC_WORDS:
            continue
        if evidence.supported(span):
            return span
        if not evidence.word(span, entries) and _known(entries, min_city):
            return span
    return None


def recognise(doc: Doc, gazetteer: Gazetteer) -> list[Found]:
    """Toponym spans of `doc` in text order."""
    found: list[Found] = []
    taken: set[int] = set()

    def take(item: Found) -> None:
        if any(i in taken for i in range(item.span.start, item.span.end)):
            return
        found.append(item)
        taken.update(range(item.span.start, item.span.end))

    unknown: list[Span] = []
    for ent in doc_ents(doc):
        if ent.label_ not in PLACE_LABELS or _surname(doc, ent):
            continue
        for part in _comma_parts(ent):
            if part.text.lower() in GENERIC_WORDS:
                continue
            span = _region_extension(doc, _left_extension(doc, part, gazetteer))
            if _candidates(span.text, gazetteer, region=span[-1].lower_ in REGION_WORDS and len(span) > 1):
                take(Found(span, "ner", label=ent.label_))
            else:
                unknown.append(part)  # "Vancouver International Airport": look inside below
    evidence = _Evidence(doc, gazetteer, frozenset(key(f.span.text) for f in found), _english_words(doc))
    for part in unknown:
        if part[-1].lower_.rstrip(".") in STREET_WORDS:
            take(Found(part, "ner", label=part.label_))  # "Eglinton Avenue West" is no Eglinton
            continue
        i = part.start
        while i < part.end:
            inner = _name_at(evidence, i, part.end, MIN_EMBEDDED_CITY) if _capitalised(doc[i]) else None
            if inner is not None:
                take(Found(_region_extension(doc, inner), "embedded", label=part.label_))
                i = inner.end
            else:
                i += 1
        if not any(t.i in taken for t in part):
            take(Found(part, "ner", label=part.label_))  # unresolved: reported with its reason
    for ent in doc_ents(doc):
        if ent.label_ == "NORP" and not _plural_people(ent):
            entry = gazetteer.demonym(ent.text)
            if entry is not None:
                take(Found(ent, "demonym", demonym=entry))
    for token in doc:
        # An adjective the NER missed or mislabelled ("Abkhaz officials" as a PRODUCT).
        if token.i in taken or not _capitalised(token) or token.dep_ not in {"amod", "compound"}:
            continue
        if token.ent_type_ in BLOCKING_LABELS or token.text.endswith("s"):
            continue
        entry = gazetteer.demonym(token.text)
        if entry is not None:
            take(Found(doc[token.i : token.i + 1], "demonym", demonym=entry))
    org_names = Counter(key(ent.text) for ent in doc_ents(doc) if ent.label_ == "ORG")
    for ent in doc_ents(doc):
        if ent.label_ not in NAME_LABELS or ent.label_ == "NORP" or any(t.i in taken for t in ent):
            continue
        entries = evidence.own(ent.text)
        if entries and ent.label_ in {"ORG", "PERSON"}:
            # A town the model took for an organisation or a person ("Torrington", "Gainesville").
            if (
                evidence.supported(ent)
                or (
                    len(ent) > 1 and any(e.kind in {"country", "admin1"} for e in entries)  # "Tamil Nadu"
                )
                or (
                    ent.label_ == "ORG"
                    and _known(entries, MIN_NAMED_ENTITY_CITY)
                    and not evidence.word(ent, entries)
                    and (org_names[key(ent.text)] < BRAND_REPEATS or any(e.kind != "city" for e in entries))
                )
            ):
                take(Found(_region_extension(doc, ent), "entity", label=ent.label_))
            continue
        if ent.label_ == "PERSON":
            # "Lincoln" in "Abraham Lincoln" is no place, but "Anderson County" is one.
            for token in ent[1:]:
                if token.lower_ in REGION_WORDS and _capitalised(token):
                    span = doc[max(ent.start, token.i - 2) : token.i + 1]
                    while len(span) > 1 and not evidence.own(span.text):
                        span = span[1:]
                    if len(span) > 1:
                        take(Found(span, "embedded", label=ent.label_))
            continue
        i = ent.start
        while i < ent.end:
            inner = _name_at(evidence, i, ent.end, MIN_EMBEDDED_CITY) if _capitalised(doc[i]) else None
            if inner is not None:
                take(Found(inner, "embedded", label=ent.label_))
                i = inner.end
            else:
                i += 1
    i = 0
    while i < len(doc):
        token = doc[i]
        if (
            i in taken
            or not _capitalised(token)
            or token.ent_type_ in BLOCKING_LABELS | NAME_LABELS | PLACE_LABELS
        ):
            i += 1
            continue
        if (token.pos_ != "PROPN" and not (token.is_upper and len(token) > 2)) or not _clean_word(token):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and _capitalised(doc[j]) and not doc[j].ent_type_:
            j += 1
        untagged = _name_at(evidence, i, max(j, i + 1), MIN_UNTAGGED_CITY)
        if untagged is not None:
            take(Found(_region_extension(doc, untagged), "untagged"))
            i = untagged.end
        else:
            i += 1
    found.sort(key=lambda f: f.span.start)
    return found


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    regions: Counter[str]
    points: list[tuple[str, float, float]]
    """(name key, lat, lon) of the places already resolved with confidence."""


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12_742.0 * math.asin(math.sqrt(min(1.0, a)))


def _eponymous(entry: Entry, candidates: list[Candidate]) -> bool:
    """A region named as a big city in or beside it ("Paris", "Kyiv", "Moscow"): the bare name is
    the city. New York State's centre lies 300 km from the city, and LGL's "New York" is the state."""
    if entry.kind not in {"admin1", "admin2"}:
        return False
    return any(
        c.entry.kind == "city"
        and c.entry.country == entry.country
        and c.entry.population * EPONYM_SHARE >= entry.population
        and _km(c.entry.lat, c.entry.lon, entry.lat, entry.lon) < EPONYM_KM
        for c in candidates
    )


def _score(candidate: Candidate, candidates: list[Candidate], *, name: str, region: bool,
           context: _Context, inside: Entry | None) -> float:  # fmt: skip
    entry = candidate.entry
    score = KIND_PRIOR.get(entry.kind, 0.0) + math.log10(entry.population + 1)
    if candidate.form == PINNED and (not region or entry.kind != "city"):
        score += PINNED_BONUS
    elif candidate.form == ALTERNATE:
        score -= ALTERNATE_PENALTY
    if region:
        score += REGION_WORD_BONUS if entry.kind in {"admin1", "admin2"} else -REGION_WORD_BONUS
    elif _eponymous(entry, candidates):
        score -= EPONYM_PENALTY
    if context.countries.get(entry.country):
        share = context.countries[entry.country] / sum(context.countries.values())
        score += CONTEXT_COUNTRY_BONUS * share
    if entry.kind in {"city", "admin2"} and context.regions.get(entry.admin1_code):
        share = context.regions[entry.admin1_code] / sum(context.regions.values())
        score += CONTEXT_REGION_BONUS * share
    if entry.kind == "admin1" and entry.population < SMALL_REGION:
        score -= SMALL_REGION_PENALTY
    if entry.kind in {"city", "admin2"} and context.points:
        near = min(
            (_km(entry.lat, entry.lon, lat, lon) for k, lat, lon in context.points if k != name), default=None
        )
        if near is not None and near < NEAR_KM:
            score += NEAR_BONUS * (1.0 - near / NEAR_KM)
    if inside is not None and _within(entry, inside):
        score += INSIDE_BONUS
    return score


def _within(entry: Entry, container: Entry) -> bool:
    if container.kind == "country":
        return entry.country == container.country and entry.geonames_id != container.geonames_id
    if container.kind == "admin1":
        return entry.admin1_code == container.admin1_code and entry.kind in {"city", "admin2"}
    return False


def _candidates(
    name: str, gazetteer: Gazetteer, *, region: bool, kind_word: str | None = None
) -> list[Candidate]:
    candidates = (
        [c for c in gazetteer.lookup(f"{name} {kind_word}") if c.form <= ALTERNATE] if kind_word else []
    )
    candidates = candidates or [c for c in gazetteer.lookup(name) if c.form <= ALTERNATE]
    if not candidates and name.lower().startswith("the "):
        candidates = [c for c in gazetteer.lookup(name[4:]) if c.form <= ALTERNATE]
    if not candidates and region:
        words = name.split()
        candidates = [c for c in gazetteer.lookup(" ".join(words[:-1])) if c.form <= ALTERNATE]
    return candidates[:MAX_CANDIDATES]


def _ranked(
    name: str, candidates: list[Candidate], *, region: bool, context: _Context, inside: Entry | None = None
) -> list[tuple[float, Entry]]:
    scored = [
        (_score(c, candidates, name=key(name), region=region, context=context, inside=inside), c.entry)
        for c in candidates
    ]
    return sorted(scored, key=lambda x: -x[0])


def _best(
    candidates: list[Candidate],
    *,
    region: bool,
    context: _Context,
    inside: Entry | None = None,
    name: str = "",
) -> Entry | None:
    ranked = _ranked(name, candidates, region=region, context=context, inside=inside)
    return ranked[0][1] if ranked else None


def resolve(
    name: str, gazetteer: Gazetteer, *, region: bool = False, context: Counter[str] | None = None
) -> Entry | None:
    """The entry a name most likely denotes, given the countries an article names (`context`)."""
    ctx = _Context(countries=context or Counter(), regions=Counter(), points=[])
    return _best(_candidates(name, gazetteer, region=region), region=region, context=ctx, name=name)


def _container(doc: Doc, item: Found, gazetteer: Gazetteer, by_start: dict[int, Found]) -> Entry | None:
    """The region or country after "<place>, ": "Columbus, Ohio", "Gainesville, Fla.", "Austin, TX"."""
    end = item.span.end
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    nxt = by_start.get(end + 1)
    if nxt is not None:
        entries = [c.entry for c in _candidates(nxt.span.text, gazetteer, region=nxt.region)]
        entries = [e for e in entries if e.kind in {"admin1", "country"}]
        if entries:
            return max(entries, key=lambda e: (e.kind == "admin1", e.population))
    return gazetteer.postal(doc[end + 1].text) if doc[end + 1].is_upper else None


def resolve_spans(doc: Doc, found: list[Found], gazetteer: Gazetteer) -> list[tuple[Found, Entry | None]]:
    """Each recognised span with its entry (None when the gazetteer has no candidate).

    Three passes: places that are clear on their own (a country, a region, a name whose best
    reading beats every reading in another country by a margin, a city placed by "City,
    Region") give the article's countries, regions and points; then every name is ranked in
    that context, preferring readings near the confident places.
    """
    by_start = {f.span.start: f for f in found}
    containers = {id(f): _container(doc, f, gazetteer, by_start) for f in found}
    candidates = {
        id(f): _candidates(f.span.text, gazetteer, region=f.region, kind_word=_coordinated_word(f.span))
        for f in found
        if f.demonym is None
    }
    empty = _Context(countries=Counter(), regions=Counter(), points=[])
    context = _Context(countries=Counter(), regions=Counter(), points=[])
    for f in found:
        if f.demonym is not None:
            if f.demonym.country:
                context.countries[f.demonym.country] += 1
            continue
        inside = containers[id(f)]
        ranked = _ranked(f.span.text, candidates[id(f)], region=f.region, context=empty, inside=inside)
        if not ranked:
            continue
        score, entry = ranked[0]
        rival = next((s for s, e in ranked[1:] if e.country != entry.country), None)
        if inside is None and rival is not None and score - rival < CONFIDENT_MARGIN:
            continue
        context.countries[entry.country] += 1
        if entry.kind == "admin1":
            context.regions[entry.admin1_code] += 1
        elif inside is not None and inside.kind == "admin1":
            context.regions[inside.admin1_code] += 1
        if entry.kind in {"city", "admin2"}:
            context.points.append((key(f.span.text), entry.lat, entry.lon))
    out: list[tuple[Found, Entry | None]] = []
    for f in found:
        if f.demonym is not None:
            out.append((f, f.demonym))
            continue
        out.append(
            (
                f,
                _best(
                    candidates[id(f)],
                    region=f.region,
                    context=context,
                    inside=containers[id(f)],
                    name=f.span.text,
                ),
            )
        )
    return out


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


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < MAX_TREE_DEPTH:
        chain.append(chain[-1].head)
    return chain


def _tree_distance(a: Token, b: Token) -> int | None:
    """Edges between two tokens of one sentence in the dependency tree (None across sentences)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return None


def linked_place(trigger: Token, places: list[PlaceMention]) -> Place | None:
    """The place an event trigger's own phrase names: of the sentence's places used as a location
    ("in its Bryansk region") or hanging under the trigger ("struck Belgorod", "the attack on
    Kharkiv"), the one nearest the trigger in the dependency tree, the more precise on a tie.
    Not the first toponym of the sentence: in "Moscow said Ukraine struck Bryansk region" the
    strike's place is Bryansk region, and Moscow is a speaker."""
    doc, sent = trigger.doc, trigger.sent
    best: tuple[int, int, Place] | None = None
    for p in places:
        if not sent.start_char <= p.span.start < sent.end_char or p.place.lat is None:
            continue
        span = doc.char_span(p.span.start, p.span.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        path = _ancestors(root)
        under = any(t.i == trigger.i for t in path)
        if under:
            # Through the subject is the attacker's side ("Russian drones hit ..."), not the place.
            below = path[: next(n for n, t in enumerate(path) if t.i == trigger.i)]
            under = not any(t.dep_ in {"nsubj", "agent", "amod", "poss", "compound"} for t in below)
            # ... but "at Russian territory" names Russia.
            under = under or (
                root.dep_ == "amod"
                and root.head.lemma_.lower() in TERRITORY_WORDS
                and not any(t.dep_ in {"nsubj", "agent"} for t in below)
            )
        elif p.role == "location":
            # A location of the speaker ("the ministry in Moscow said") is not the event's.
            lca = {t.i for t in _ancestors(trigger)}
            upto = path[: next((n for n, t in enumerate(path) if t.i in lca), len(path))]
            if any(t.dep_ in {"nsubj", "nsubjpass"} and t.i != root.i for t in upto):
                continue
        if p.role != "location" and not (under and p.role != "actor"):
            continue
        distance = _tree_distance(root, trigger)
        if distance is None:
            continue
        rank = (distance, -PRECISION_RANK.get(p.place.precision or "", 0))
        if best is None or rank < best[:2]:
            best = (*rank, p.place)
    return None if best is None else best[2]


class Reason(StrEnum):
    """Why the stage found no place, or left a name out."""

    NO_CANDIDATE = "no candidate in the text"
    NOT_IN_GAZETTEER = "not in the gazetteer"


@dataclass(frozen=True, slots=True)
class Outcome:
    places: tuple[PlaceMention, ...]
    unresolved: tuple[tuple[CharSpan, Reason], ...]
    """Names recognised but left out, with why."""
    reason: Reason | None
    """Why `places` is empty (None when it is not)."""


def analyse(doc: Doc, gazetteer: Gazetteer) -> Outcome:
    """Resolved toponyms of `doc` in text order, and the names left out with why."""
    found = recognise(doc, gazetteer)
    places: list[PlaceMention] = []
    unresolved: list[tuple[CharSpan, Reason]] = []
    for item, entry in resolve_spans(doc, found, gazetteer):
        span = CharSpan(item.span.start_char, item.span.end_char)
        if entry is None:
            log.debug("%r: %s", item.span.text, Reason.NOT_IN_GAZETTEER)
            unresolved.append((span, Reason.NOT_IN_GAZETTEER))
            continue
        role = "other" if item.how == "embedded" else _role(item.span)
        places.append(PlaceMention(span=span, place=to_place(entry), role=role))
    reason = None if places else Reason.NOT_IN_GAZETTEER if found else Reason.NO_CANDIDATE
    if reason is not None:
        log.debug("no place: %s", reason)
    return Outcome(places=tuple(places), unresolved=tuple(unresolved), reason=reason)


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Resolved toponyms of `doc` in text order (registered as conflictwire.places.v1)."""
    return list(analyse(doc, gazetteer).places)
