"""What the linker compares: an `Item` per event (or per document), built from generic features.

An item is what one article says about one happening: when (a day, or the years the text
names), where (a point, country and admin1, place names), who (participant names and
countries), with what (weapon names and families), the numbers it gives, its trigger words
and a text vector. Stored events become items in `link.run` (from `store.incidents` rows);
the ECB+ benchmark builds items from whole general-news documents. Both go through the same
scoring and clustering, so a feature that is missing (an earthquake has no weapon) simply
gives no evidence either way.

The text vector weighs each word by how rare it is in English (wordfreq's Zipf scale, a
fixed table shipped with the package) rather than by document frequency in the database: a
weight that does not depend on what else is stored keeps linking deterministic, so linking
articles as they come gives the same incidents as relinking everything at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from wordfreq import zipf_frequency

DATE_WINDOW_DAYS: Final = {"day": 1, "week": 7, "month": 31, "year": 366}
"""How far apart two reports' dates may be and still describe one happening, by the coarser
date precision of the two: a day-precise date is often the day of the report or the night
before it (a strike "overnight into Tuesday"), so +-1 day."""

MAX_IDF: Final = 8.0
"""Zipf frequencies run from 0 (unseen) to about 8 ("the"); weight = MAX_IDF - zipf."""
MIN_IDF: Final = 0.3
"""Floor for the commonest words: kept, but worth almost nothing."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

TextVector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Item:
    """One report of a happening, as the linker sees it. Empty sets and None mean unknown."""

    id: str
    group: str
    """The article it comes from: two items of one article are never one incident (the
    pipeline already split that article's events)."""
    type: str | None = None
    family: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    years: frozenset[int] = frozenset()
    """Years the text names, for documents with no single event date."""
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    """point, city, admin1 or country: how far `lat`/`lon` can be trusted."""
    country: str | None = None
    admin1: str | None = None
    places: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    """Lower-cased names of actors, targets, people and organisations."""
    sides: frozenset[str] = frozenset()
    """Countries (alpha-3) of the acting party, when known: who struck."""
    weapons: frozenset[str] = frozenset()
    weapon_families: frozenset[str] = frozenset()
    numbers: frozenset[tuple[str, int]] = frozenset()
    """(slot, value) pairs; slot "" for a number of unknown role."""
    months: frozenset[int] = frozenset()
    """Months (1-12) the text names, for documents with no single event date."""
    triggers: frozenset[str] = frozenset()
    vector: TextVector = field(default_factory=dict)
    """All words of the text (`text_vector`)."""
    names: TextVector = field(default_factory=dict)
    """Proper names written in the text (`proper_names`): who and where, as the text says it."""
    entities: TextVector = field(default_factory=dict)
    """The `participants` and `places` as one vector: partial matches ("Jackson", "Vincent
    Jackson") count, which set overlap would miss."""

    @property
    def window(self) -> int:
        return DATE_WINDOW_DAYS.get(self.date_precision or "day", 1)


@functools.lru_cache(maxsize=200_000)
def idf(word: str) -> float:
    """How much a shared word says: high for rare words, near zero for function words."""
    return max(MIN_IDF, MAX_IDF - zipf_frequency(word, "en"))


def words(text: str) -> list[str]:
    """Lower-cased word tokens; digits kept (a casualty figure or a year is a good clue)."""
    return [match.group(0).lower().replace("’", "'") for match in _WORD.finditer(text)]


def text_vector(texts: Iterable[str]) -> TextVector:
    """L2-normalised vector of log-scaled term counts times `idf`, over all `texts`."""
    counts = Counter(word for text in texts for word in words(text) if len(word) > 1)
    weights = {word: (1.0 + math.log(n)) * idf(word) for word, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if norm == 0.0:
        return {}
    return {word: w / norm for word, w in weights.items()}


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[.!?\n]", re.UNICODE)
_MONTHS: Final = {
    name: number
    for number, month in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"),
        1,
    )
    for name in {month, month[:3]}
}  # fmt: skip


def proper_names(text: str) -> str:
    """The capitalised words of `text` that do not start a sentence (or a line), joined by
    spaces: a cheap, model-free read of the names a report uses."""
    kept: list[str] = []
    start = True
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ".!?\n":
            start = True
            continue
        if not start and token[:1].isupper():
            kept.append(token)
        start = False
    return " ".join(kept)


def months(text: str) -> frozenset[int]:
    """Months named in `text` with a capital ("March", "Sept."); "May" only before a digit."""
    found = set()
    for match in re.finditer(r"\b([A-Z][a-z]{2,8})\b\.?(\s+\d)?", text):
        word, digit = match.group(1).lower(), match.group(2)
        number = _MONTHS.get(word)
        if number is not None and (word != "may" or digit):
            found.add(number)
    return frozenset(found)


def cosine(a: TextVector, b: TextVector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(word, 0.0) for word, w in a.items())
