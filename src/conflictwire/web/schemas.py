"""The JSON API's response shapes, field by field, for /openapi.json and its clients.

The store builds plain dicts in the `extract --json` contract's shape (`contract.py`) and
the API returns them as they are; these models only describe them. Each allows extra
fields, so that a field the store adds never disappears from a response because a model
here lagged behind; tests/web/test_api.py checks that every field a real response holds
is declared here, so the description cannot drift unnoticed either.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class Evidence(Shape):
    """A character span of the article's text, with the text it covers."""

    start: int
    end: int
    text: str


class Party(Shape):
    """An actor, target or claim source: a name, its ISO 3166-1 alpha-3 country and sector."""

    name: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3, e.g. UKR.")
    sector: str | None = Field(None, description="military, government, official, civilian, ...")
    anonymous: bool = False


class Location(Shape):
    """Where an event happened, geocoded to a GeoNames entry where one was found."""

    name: str
    geonames_id: int | None = None
    admin1: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2, e.g. UA.")
    lat: float | None = None
    lon: float | None = None
    precision: str | None = Field(None, description="point, city, admin2, admin1 or country.")


class Weapon(Shape):
    name: str
    kind: str | None = Field(None, description="e.g. ballistic missile, attack drone.")
    origin: str | None = Field(None, description="ISO 3166-1 alpha-3 of the maker's country.")
    range_km: int | None = None
    family: str | None = None


class Acled(Shape):
    event_type: str | None = None
    sub_event_type: str | None = None


class Claim(Shape):
    """What one source said about an event: counts per slot, damage, target, with evidence."""

    id: str
    source: Party | None = None
    cue: str | None = Field(None, description="The lemma of the reporting word: say, claim, deny, ...")
    counts: dict[str, int] = Field(
        default_factory=dict, description="launched, intercepted, impacted, killed, injured."
    )
    damage: str | None = None
    target: str | None = None
    weapons: list[Weapon] = []
    negated: bool = Field(False, description="The source denies or does not confirm the content.")
    stance: str | None = Field(
        None,
        description="asserts, denies or not_confirmed (null for a negated claim stored before schema 6).",
    )
    denied: list[str] = Field([], description="Count slots whose figure the source denies.")
    evidence: list[Evidence] = []


class DisputeValue(Shape):
    value: int | str
    sources: list[str]
    claim_ids: list[str]
    outlets: list[str] | None = Field(None, description="Incidents only: the outlets carrying the value.")


class Dispute(Shape):
    """A slot the sources disagree on, with each distinct value and who gave it."""

    slot: str
    values: list[DisputeValue]


class Event(Shape):
    """An event with its codes, date, place, parties, weapons, claims and disputes."""

    id: str
    article_id: str
    article_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    type: str
    acled: Acled | None = None
    plover: str | None = None
    cameo: str | None = None
    date: str | None = None
    date_precision: str | None = None
    location: Location | None = None
    actor: Party | None = None
    target: Party | None = None
    weapons: list[Weapon] = []
    claims: list[Claim] = []
    disputes: list[Dispute] = []
    evidence: list[Evidence] = []


class Article(Shape):
    id: str
    url: str | None = None
    outlet: str | None = None
    agency: str | None = None
    author: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    body: list[list[int]] | None = Field(None, description="[start, end] spans of the body in `text`.")
    origin: str | None = None
    external_id: str | None = None
    ingested_at: str | None = None
    relevant: bool | None = None


class EventDetail(Event):
    """One event, with its article (text included) and the incidents it belongs to."""

    article: Article
    incident_ids: list[str] = []


class Incident(Shape):
    """Events of several articles judged one real-world event, with cross-outlet disputes."""

    id: str
    type: str | None = None
    date: str | None = None
    date_precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    disputes: list[Dispute] = []
    events: int = Field(description="How many events it links.")
    articles: int = Field(description="How many articles report it.")


class IncidentMember(Event):
    score: float | None = Field(None, description="How strongly the linker tied the event in.")


class IncidentDetail(Incident):
    members: list[IncidentMember]


class ClaimRow(Claim):
    """A claim with the date, type and place of its event."""

    event_id: str
    event_type: str | None = None
    event_date: str | None = None
    country: str | None = None
    location_name: str | None = None


class DisputeRow(Dispute):
    """A disputed slot of one event, with the event and its article."""

    event_id: str
    article_id: str
    article_title: str | None = None
    outlet: str | None = None
    type: str | None = None
    date: str | None = None
    country: str | None = None
    location_name: str | None = None


class SearchHit(Shape):
    article_id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    snippet: str
    event_ids: list[str]


class Stats(Shape):
    articles: int
    events: int
    claims: int
    disputes: int
    incidents: int
    first_date: str | None = None
    last_date: str | None = None
    by_type: dict[str, int]
    by_country: dict[str, int] = Field(description='By ISO alpha-2; "" counts events without a country.')


class MapPoint(Shape):
    lat: float
    lon: float
    type: str
    location_name: str | None = None
    country: str | None = None
    event_id: str = Field(description="One of the events there, for a link.")
    events: int


class TimelineBucket(Shape):
    date: str
    type: str
    events: int


class Page(BaseModel, Generic[T]):
    """A page of a list and the cursor of the next one (null on the last page)."""

    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: no more.")
