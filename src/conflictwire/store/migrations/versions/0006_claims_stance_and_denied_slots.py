"""Claims keep their stance and the count slots a denial rejects.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Before this revision a stored claim kept only `negated`, so "Russia denied that ..." and
"the ministry did not confirm ..." read back alike, and a denial that named a figure
("rejected claims that three civilians were killed") was stored with nothing to dispute.
`stance` is asserts, denies or not_confirmed; `denied` lists the slots a denial rejects.
Rows stored before: a claim that was not negated asserts; a negated one's stance stays NULL
(the old rows do not say which kind it was; re-extracting the article fills it in).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 6
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""

_STANCE_COMMENT = "asserts, denies or not_confirmed; NULL for a negated claim stored before revision 0006"


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stance", sa.Text(), nullable=True, comment=_STANCE_COMMENT))
        batch_op.add_column(
            sa.Column(
                "denied",
                sa.Text(),
                server_default="[]",
                nullable=False,
                comment="count slots whose figure the source denies (revision 0006)",
            )
        )
    op.execute(sa.text("UPDATE claims SET stance = 'asserts' WHERE NOT negated"))
    op.execute(
        sa.text("UPDATE schema_version SET version = :version, applied_at = CURRENT_TIMESTAMP").bindparams(
            version=SCHEMA_VERSION
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE schema_version SET version = :version").bindparams(version=SCHEMA_VERSION - 1))
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("denied")
        batch_op.drop_column("stance")
