"""SQLite's article search gets integer keys: `articles_fts_keys` maps each article id to
the rowid of its row in `articles_fts`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

A search then yields integer keys straight from the full-text index, and a list of events
can test "is this event's article among the matches" with one indexed lookup, instead of
reading the stored article id of every match (a fifth of all articles for a common word).
The key is an INTEGER PRIMARY KEY, so VACUUM keeps it (unlike the implicit rowid of
`articles`). The index is rebuilt from the articles stored; PostgreSQL is unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 4
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""

_TRIGGERS = ("articles_fts_insert", "articles_fts_delete", "articles_fts_update")

_KEYED = (
    "CREATE TABLE articles_fts_keys (key INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE)",
    "DELETE FROM articles_fts",
    "INSERT INTO articles_fts_keys (article_id) SELECT id FROM articles ORDER BY rowid",
    "INSERT INTO articles_fts (rowid, article_id, title, text) "
    "SELECT k.key, a.id, coalesce(a.title, ''), a.text "
    "FROM articles AS a JOIN articles_fts_keys AS k ON k.article_id = a.id",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts_keys (article_id) VALUES (new.id); "
    "INSERT INTO articles_fts (rowid, article_id, title, text) VALUES "
    "((SELECT key FROM articles_fts_keys WHERE article_id = new.id), "
    "new.id, coalesce(new.title, ''), new.text); "
    "END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE rowid = (SELECT key FROM articles_fts_keys WHERE article_id = old.id); "
    "DELETE FROM articles_fts_keys WHERE article_id = old.id; END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN "
    "DELETE FROM articles_fts WHERE rowid = (SELECT key FROM articles_fts_keys WHERE article_id = old.id); "
    "DELETE FROM articles_fts_keys WHERE article_id = old.id; "
    "INSERT INTO articles_fts_keys (article_id) VALUES (new.id); "
    "INSERT INTO articles_fts (rowid, article_id, title, text) VALUES "
    "((SELECT key FROM articles_fts_keys WHERE article_id = new.id), "
    "new.id, coalesce(new.title, ''), new.text); "
    "END",
)

_UNKEYED = (  # revision 0002's triggers
    "DROP TABLE articles_fts_keys",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; "
    "INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); "
    "END",
)


def _set_version(version: int) -> None:
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP").bindparams(
            version=version
        )
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in _KEYED:
            op.execute(statement)
    _set_version(SCHEMA_VERSION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in _UNKEYED:
            op.execute(statement)
    _set_version(SCHEMA_VERSION - 1)
