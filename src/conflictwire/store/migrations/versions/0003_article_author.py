"""Articles keep their author: the byline writer(s) from page, feed or record metadata.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

A nullable column: articles stored before it have no author, which is what they had.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 3
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""


def upgrade() -> None:
    op.add_column(
        "articles",
        sa.Column("author", sa.Text(), nullable=True, comment="byline writer(s) from page or feed metadata"),
    )
    # schema_version keeps one row, the version the tables are at.
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP").bindparams(
            version=SCHEMA_VERSION
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE schema_version SET version = :version").bindparams(version=SCHEMA_VERSION - 1))
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("author")
