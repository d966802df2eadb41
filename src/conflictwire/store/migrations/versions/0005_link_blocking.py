"""An index for incident linking's blocking query on coarse-dated events.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

`store.incidents.candidate_ids` asks, for every event it links, for the week-, month- and
year-dated events around its date. Without an index on (date_precision, date) that part
reads every event within a year of the date, which makes linking grow with the square of
the database; with it, a few index ranges. Made IF NOT EXISTS: a database made from
`schema.py` by `create_all` holds it already.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 5
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""

_INDEX = ("ix_events_precision_date", "events", ["date_precision", "date"])


def upgrade() -> None:
    name, table, columns = _INDEX
    op.create_index(name, table, columns, unique=False, if_not_exists=True)
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP").bindparams(
            version=SCHEMA_VERSION
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE schema_version SET version = :version").bindparams(version=SCHEMA_VERSION - 1))
    name, table, _columns = _INDEX
    op.drop_index(name, table_name=table, if_exists=True)
