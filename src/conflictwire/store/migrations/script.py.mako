"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None

SCHEMA_VERSION = ${schema_version}
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    # schema_version keeps one row, the version the tables are at.
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP")
        .bindparams(version=SCHEMA_VERSION)
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE schema_version SET version = :version").bindparams(version=SCHEMA_VERSION - 1))
    ${downgrades if downgrades else "pass"}
