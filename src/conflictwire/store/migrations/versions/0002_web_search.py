"""Full-text search over articles and keyset indexes for the web's pages and API.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

SQLite: an FTS5 table `articles_fts` (article id, title, text; porter stemming) that
triggers keep in step with `articles`, filled from the articles already stored. PostgreSQL:
a GIN index over `to_tsvector('english', title || ' ' || text)` (`schema.article_search_vector`).
Both: (date, id) indexes so a page of events or incidents, newest first, is read in index
order rather than sorted, also under a country or type filter. Indexes are made
IF NOT EXISTS: a database made from `schema.py` by `create_all` may hold them already.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 2
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""

_INDEXES = (
    ("ix_events_date_id", "events", ["date", "id"]),
    ("ix_events_country_date_id", "events", ["country", "date", "id"]),
    ("ix_events_type_date_id", "events", ["type", "date", "id"]),
    ("ix_incidents_date_id", "incidents", ["date", "id"]),
)

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "article_id UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2')",
    "DELETE FROM articles_fts",  # (re)filled whole: the upgrade may run over an index made by hand
    "INSERT INTO articles_fts (article_id, title, text) SELECT id, coalesce(title, ''), text FROM articles",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; "
    "INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
)

_PG_SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
)


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False, if_not_exists=True)
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_SEARCH_INDEX)
    # schema_version keeps one row, the version the tables are at.
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP").bindparams(
            version=SCHEMA_VERSION
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE schema_version SET version = :version").bindparams(version=SCHEMA_VERSION - 1))
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table, if_exists=True)
