"""The database schema as SQLAlchemy Core tables, the same on SQLite and PostgreSQL.

One article row owns its events; an event owns its claims and disputes; evidence rows
belong to an event or a claim (`owner_kind`, `owner_id`) and keep the quoted text beside
the character offsets, so a reader never needs the article to show what was cited. List
values (weapons, dispute values, body spans) are stored as JSON text through `JSONText`,
the one place that (de)serialises them. `incidents` and `incident_events` are filled by
`link/`, which groups events of different articles.

Text columns are `SafeText`: PostgreSQL refuses the NUL character in text, so NUL becomes
U+FFFD (one character for one, so evidence offsets stay valid) on both backends, and a
database reads back the same whichever backend holds it.

A change to these tables is a new Alembic revision in `migrations/versions/` (see
`versioning.py`) that also sets `schema_version` (one row, written by 0001 and updated by
each later revision) to the new `SCHEMA_VERSION`; bump `SCHEMA_VERSION` with it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

SCHEMA_VERSION = 6
"""The layout this code reads and writes; stored in `schema_version` when a database is made."""

OWNER_KINDS: tuple[str, ...] = ("event", "claim")
"""What an evidence row may belong to."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def dump_json(value: Any) -> str:
    """JSON text as stored: compact, non-ASCII kept as is so the text reads in a SQL shell."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def load_json(text: str) -> Any:
    return json.loads(text)


NUL: Final = "\x00"
NUL_REPLACEMENT: Final = "\ufffd"
"""What NUL becomes in stored text: the Unicode replacement character, one for one."""


def without_nul(value: Any) -> Any:
    """`value` with NUL replaced in every string, through lists and dicts (JSON values)."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_REPLACEMENT) if NUL in value else value
    if isinstance(value, list | tuple):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


class SafeText(sa.types.TypeDecorator[str]):
    """TEXT that PostgreSQL accepts: NUL is stored as U+FFFD (see the module docstring)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or NUL not in value:
            return value
        return value.replace(NUL, NUL_REPLACEMENT)


class JSONText(sa.types.TypeDecorator[Any]):
    """A list or dict kept as JSON in a TEXT column (portable, readable with `json_each`)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else dump_json(without_nul(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else load_json(value)


metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", SafeText, primary_key=True, comment="sha256: of the normalised text"),
    sa.Column("url", SafeText),
    sa.Column("outlet", SafeText),
    sa.Column("agency", SafeText),
    sa.Column("author", SafeText, comment="byline writer(s) from page or feed metadata"),
    sa.Column("title", SafeText),
    sa.Column("published", sa.Date),
    sa.Column("language", SafeText, nullable=False),
    sa.Column("text", SafeText, nullable=False),
    sa.Column("body", JSONText, nullable=False, comment="[[start, end], ...] into text"),
    sa.Column("origin", SafeText),
    sa.Column("external_id", SafeText),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    sa.Column("relevant", sa.Boolean, nullable=False),
)

FTS_CONFIG: Final = "english"
"""PostgreSQL text search configuration of the article search (stems like SQLite's porter)."""

ARTICLES_FTS: Final = "articles_fts"
"""SQLite's full-text index of article title and text: an FTS5 table kept by triggers."""

ARTICLES_FTS_KEYS: Final = "articles_fts_keys"
"""SQLite: article id -> the rowid of its `articles_fts` row (revision 0004)."""

SEARCH_INDEX: Final = "ix_articles_search"
"""PostgreSQL's GIN index over `article_search_vector()`."""


def is_search_object(kind: str, name: str | None) -> bool:
    """The full-text index objects: made by revision 0002 for one backend each and left out
    of `metadata` (a virtual table, an expression index), so autogenerate must skip them."""
    if name is None:
        return False
    return (kind == "table" and name.startswith(ARTICLES_FTS)) or (kind == "index" and name == SEARCH_INDEX)


def article_search_vector() -> sa.ColumnElement[Any]:
    """PostgreSQL's searchable form of an article; the GIN index of revision 0002 is over
    this same expression, so the planner uses it."""
    # Literal SQL, not bound parameters: the planner matches the index by the expression's text.
    document = (
        sa.func.coalesce(articles.c.title, sa.literal_column("''"))
        .op("||")(sa.literal_column("' '"))
        .op("||")(articles.c.text)
    )
    return sa.func.to_tsvector(sa.literal_column(f"'{FTS_CONFIG}'"), document)


events = sa.Table(
    "events",
    metadata,
    sa.Column("id", SafeText, primary_key=True),
    sa.Column(
        "article_id",
        SafeText,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False, comment="order within the article"),
    sa.Column("type", SafeText, nullable=False),
    sa.Column("acled_event_type", SafeText),
    sa.Column("acled_sub_event_type", SafeText),
    sa.Column("plover", SafeText),
    sa.Column("cameo", SafeText),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", SafeText),
    sa.Column("location_name", SafeText),
    sa.Column("geonames_id", sa.Integer),
    sa.Column("admin1", SafeText),
    sa.Column("country", SafeText, comment="ISO 3166-1 alpha-2 of the location"),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", SafeText),
    sa.Column("actor_name", SafeText),
    sa.Column("actor_country", SafeText),
    sa.Column("actor_sector", SafeText),
    sa.Column("actor_anonymous", sa.Boolean),
    sa.Column("target_name", SafeText),
    sa.Column("target_country", SafeText),
    sa.Column("target_sector", SafeText),
    sa.Column("target_anonymous", sa.Boolean),
    sa.Column("weapons", JSONText, nullable=False),
    sa.Column("trigger", SafeText),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_country", "country"),
    sa.Index("ix_events_type", "type"),
    sa.Index("ix_events_article_id", "article_id"),
    # Keyset pages (newest first, then id) with and without the web's common filters.
    sa.Index("ix_events_date_id", "date", "id"),
    sa.Index("ix_events_country_date_id", "country", "date", "id"),
    sa.Index("ix_events_type_date_id", "type", "date", "id"),
    # Incident linking's blocking query on week-, month- and year-dated events (revision 0005).
    sa.Index("ix_events_precision_date", "date_precision", "date"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", SafeText, primary_key=True),
    sa.Column(
        "event_id",
        SafeText,
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False, comment="order within the event"),
    sa.Column("source_name", SafeText),
    sa.Column("source_country", SafeText),
    sa.Column("source_sector", SafeText),
    sa.Column("source_anonymous", sa.Boolean),
    sa.Column("cue", SafeText),
    sa.Column("launched", sa.BigInteger),
    sa.Column("intercepted", sa.BigInteger),
    sa.Column("impacted", sa.BigInteger),
    sa.Column("killed", sa.BigInteger),
    sa.Column("injured", sa.BigInteger),
    sa.Column("damage", SafeText),
    sa.Column("target", SafeText),
    sa.Column("weapons", JSONText, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column(
        "stance",
        SafeText,
        comment="asserts, denies or not_confirmed; NULL for a negated claim stored before revision 0006",
    ),
    sa.Column(
        "denied",
        JSONText,
        nullable=False,
        server_default="[]",
        comment="count slots whose figure the source denies (revision 0006)",
    ),
    sa.Index("ix_claims_event_id", "event_id"),
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner_kind", SafeText, nullable=False),
    sa.Column("owner_id", SafeText, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", SafeText, nullable=False, comment="article.text[start_char:end_char]"),
    sa.CheckConstraint(
        "owner_kind IN ({})".format(", ".join(f"'{kind}'" for kind in OWNER_KINDS)),
        name="ck_evidence_owner_kind",
    ),
    sa.CheckConstraint("start_char >= 0 AND end_char >= start_char", name="ck_evidence_span"),
    sa.Index("ix_evidence_owner", "owner_kind", "owner_id"),
)

disputes = sa.Table(
    "disputes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id",
        SafeText,
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("slot", SafeText, nullable=False),
    sa.Column("values", JSONText, nullable=False, comment="[{value, sources, claim_ids}, ...]"),
    sa.Index("ix_disputes_event_id", "event_id"),
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", SafeText, primary_key=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    sa.Column("type", SafeText, comment="event type shared by the linked events"),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", SafeText),
    sa.Column("country", SafeText),
    sa.Column("admin1", SafeText),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("disputes", JSONText, comment="cross-article disputes, as disputes.values"),
    sa.Index("ix_incidents_date", "date"),
    sa.Index("ix_incidents_country", "country"),
    sa.Index("ix_incidents_date_id", "date", "id"),
)

incident_events = sa.Table(
    "incident_events",
    metadata,
    sa.Column(
        "incident_id",
        SafeText,
        sa.ForeignKey("incidents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "event_id",
        SafeText,
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("score", sa.Float, comment="link score that joined the event to the incident"),
    sa.Index("ix_incident_events_event_id", "event_id"),
)

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
)

CONTENT_TABLES: tuple[str, ...] = (
    "articles",
    "events",
    "claims",
    "evidence",
    "disputes",
    "incidents",
    "incident_events",
)
"""Tables whose presence without `schema_version` means a database this code did not make."""
