"""The vocabulary of conflictwire: frozen, slotted dataclasses that flow one way.

sources/ produce `Article`s; pipeline/ turns one into an `Analysis` (events with their
claims and disputes, plus each stage's own findings as layers); store/ writes an
`Analysis`; export/ and web/ read it back. Every extracted value keeps the `Span`s of
its evidence, which are character offsets into `Article.text`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

COUNT_SLOTS: tuple[str, ...] = ("launched", "intercepted", "impacted", "killed", "injured")
DENIED = "denied"
"""The dispute value held by sources that deny a figure others give (`Claim.denied`)."""
"""The numbers a claim may hold, in the order the contract lists them."""

SECTORS: frozenset[str] = frozenset(
    {
        "government",
        "military",
        "official",
        "armed_group",
        "civilians",
        "media",
        "international_org",
        "analyst",
        "unknown",
    }
)


class Precision(StrEnum):
    """How much of a date or a place the text gives."""

    POINT = "point"
    CITY = "city"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range [start, end) into `Article.text`."""

    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def normalise_text(text: str) -> str:
    """The form an article id is computed from: NFC, unified newlines, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def article_id(text: str) -> str:
    """Content hash of the normalised text: the same article ingested twice is one row."""
    return "sha256:" + hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as read from a source, text kept exactly as given."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    agency: str | None = None
    author: str | None = None
    """The byline's writer(s) as the page or feed names them (not a wire agency)."""
    language: str = "en"
    external_id: str | None = None
    origin: str | None = None
    """Where it was read from (file path, `path:line`), for error messages and provenance."""
    body: tuple[Span, ...] = ()
    """Spans of article body; the rest is page furniture (captions, bylines, capture dates)."""

    @property
    def id(self) -> str:
        return article_id(self.text)


@dataclass(frozen=True, slots=True)
class Actor:
    """A party as named in the text, resolved to a country (ISO 3166-1 alpha-3) and sector."""

    name: str
    country: str | None = None
    sector: str | None = None
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None = None
    """ISO 3166-1 alpha-2."""
    admin1: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


@dataclass(frozen=True, slots=True)
class Weapon:
    name: str
    kind: str
    origin: str | None = None
    range_km: int | None = None
    family: str = "other"
    """Coarse class used to type events: missile, drone, artillery, rocket, aircraft, ..."""


@dataclass(frozen=True, slots=True)
class Claim:
    """What one source said about an event: numbers, damage, target, weapons, with evidence."""

    id: str
    source: Actor | None
    cue: str | None
    counts: tuple[tuple[str, int], ...] = ()
    """(slot, value) pairs in COUNT_SLOTS order; a slot the source did not give is absent."""
    damage: str | None = None
    target: str | None = None
    weapons: tuple[Weapon, ...] = ()
    evidence: tuple[Span, ...] = ()
    negated: bool = False
    """The source denied or did not confirm the content ("did not confirm", "denied")."""
    stance: str = "asserts"
    """asserts, denies ("Russia denied that ..."), or not_confirmed ("did not confirm")."""
    denied: tuple[str, ...] = ()
    """Count slots whose figure the source denies ("rejected claims that three civilians were
    killed": killed). The figure itself stays out of `counts`: a denial never asserts it."""

    def count(self, slot: str) -> int | None:
        return dict(self.counts).get(slot)


@dataclass(frozen=True, slots=True)
class DisputeValue:
    value: int | str
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dispute:
    """One slot on which claims about the same event hold different values."""

    slot: str
    values: tuple[DisputeValue, ...]


@dataclass(frozen=True, slots=True)
class EventType:
    """An internal event type with its ACLED, PLOVER and CAMEO codes (knowledge file)."""

    name: str
    acled_event_type: str
    acled_sub_event_type: str
    plover: str | None
    cameo: str | None
    family: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: EventType
    date: dt.date | None = None
    date_precision: str | None = None
    location: Place | None = None
    actor: Actor | None = None
    target: Actor | None = None
    weapons: tuple[Weapon, ...] = ()
    claims: tuple[Claim, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    evidence: tuple[Span, ...] = ()
    trigger: str | None = None


# ----------------------------------------------------------------- stage layers


@dataclass(frozen=True, slots=True)
class TimeMention:
    span: Span
    value: str | None
    """ISO value (2024-11-19, 2024-11, 2024, 2024-W47) or None when it cannot be resolved."""
    type: str = "DATE"
    precision: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    value: float
    unit: str | None = None
    of: float | None = None
    slot: str | None = None
    approximate: bool = False
    high: float | None = None
    """The other end of a range ("5 to 7 per cent": value 5, high 7); `value` stays its low end,
    so a count read from a range is a floor ("12 to 15 killed": at least 12)."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    span: Span
    place: Place
    role: str = "other"


@dataclass(frozen=True, slots=True)
class Attribution:
    source: Span | None
    cue: Span
    content: Span
    actor: Actor | None = None
    cue_lemma: str = "say"
    negated: bool = False
    anaphoric: bool = False
    """The source is a pronoun ("It reported ...") resolved to the previous source."""
    co_sources: tuple[Actor, ...] = ()
    """Further speakers of a conjoined source ("a Ukrainian source and a US official said")."""


@dataclass(frozen=True, slots=True)
class Layers:
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline read out of one article."""

    article: Article
    events: tuple[Event, ...] = ()
    layers: Layers = field(default_factory=Layers)
    relevant: bool = True
    """False when the relevance filter found no conflict content and skipped parsing."""
