"""The initial schema: articles, events, claims, evidence, disputes, incidents, incident_events.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25

The tables of schema version 1, as the store made them before migrations came in
(databases from then are stamped with this revision by `conflictwire migrate`). Column
types are the database types: the store's `SafeText` and `JSONText` are TEXT.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA_VERSION = 1
"""The `schema_version` this revision brings a database to (see `versioning.py`)."""


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text(), nullable=False, comment="sha256: of the normalised text"),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, comment="[[start, end], ...] into text"),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_kind", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, comment="article.text[start_char:end_char]"),
        sa.CheckConstraint("owner_kind IN ('event', 'claim')", name="ck_evidence_owner_kind"),
        sa.CheckConstraint("start_char >= 0 AND end_char >= start_char", name="ck_evidence_span"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_owner", "evidence", ["owner_kind", "owner_id"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type", sa.Text(), nullable=True, comment="event type shared by the linked events"),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("disputes", sa.Text(), nullable=True, comment="cross-article disputes, as disputes.values"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_country", "incidents", ["country"], unique=False)
    op.create_index("ix_incidents_date", "incidents", ["date"], unique=False)

    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, comment="order within the article"),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("acled_event_type", sa.Text(), nullable=True),
        sa.Column("acled_sub_event_type", sa.Text(), nullable=True),
        sa.Column("plover", sa.Text(), nullable=True),
        sa.Column("cameo", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.Text(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True, comment="ISO 3166-1 alpha-2 of the location"),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("actor_country", sa.Text(), nullable=True),
        sa.Column("actor_sector", sa.Text(), nullable=True),
        sa.Column("actor_anonymous", sa.Boolean(), nullable=True),
        sa.Column("target_name", sa.Text(), nullable=True),
        sa.Column("target_country", sa.Text(), nullable=True),
        sa.Column("target_sector", sa.Text(), nullable=True),
        sa.Column("target_anonymous", sa.Boolean(), nullable=True),
        sa.Column("weapons", sa.Text(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"], unique=False)
    op.create_index("ix_events_country", "events", ["country"], unique=False)
    op.create_index("ix_events_date", "events", ["date"], unique=False)
    op.create_index("ix_events_type", "events", ["type"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, comment="order within the event"),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("source_country", sa.Text(), nullable=True),
        sa.Column("source_sector", sa.Text(), nullable=True),
        sa.Column("source_anonymous", sa.Boolean(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("launched", sa.BigInteger(), nullable=True),
        sa.Column("intercepted", sa.BigInteger(), nullable=True),
        sa.Column("impacted", sa.BigInteger(), nullable=True),
        sa.Column("killed", sa.BigInteger(), nullable=True),
        sa.Column("injured", sa.BigInteger(), nullable=True),
        sa.Column("damage", sa.Text(), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("weapons", sa.Text(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claims_event_id", "claims", ["event_id"], unique=False)

    op.create_table(
        "disputes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("values", sa.Text(), nullable=False, comment="[{value, sources, claim_ids}, ...]"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_disputes_event_id", "disputes", ["event_id"], unique=False)

    op.create_table(
        "incident_events",
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column(
            "score", sa.Float(), nullable=True, comment="link score that joined the event to the incident"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id", "event_id"),
    )
    op.create_index("ix_incident_events_event_id", "incident_events", ["event_id"], unique=False)

    op.execute(
        sa.text(
            "INSERT INTO schema_version (version, applied_at) VALUES (:version, CURRENT_TIMESTAMP)"
        ).bindparams(version=SCHEMA_VERSION)
    )


def downgrade() -> None:
    op.drop_index("ix_incident_events_event_id", table_name="incident_events")

    op.drop_table("incident_events")
    op.drop_index("ix_disputes_event_id", table_name="disputes")

    op.drop_table("disputes")
    op.drop_index("ix_claims_event_id", table_name="claims")

    op.drop_table("claims")
    op.drop_index("ix_events_type", table_name="events")
    op.drop_index("ix_events_date", table_name="events")
    op.drop_index("ix_events_country", table_name="events")
    op.drop_index("ix_events_article_id", table_name="events")

    op.drop_table("events")
    op.drop_table("schema_version")
    op.drop_index("ix_incidents_date", table_name="incidents")
    op.drop_index("ix_incidents_country", table_name="incidents")

    op.drop_table("incidents")
    op.drop_index("ix_evidence_owner", table_name="evidence")

    op.drop_table("evidence")
    op.drop_table("articles")
