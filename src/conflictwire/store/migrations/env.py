"""Alembic's entry point: runs the revisions on the connection that `versioning.py` hands over.

There is no alembic.ini and no URL here: `Store.open` and `conflictwire migrate` open the
database themselves (with the SQLite settings and locks the store needs), begin the
transaction, and pass the connection in `config.attributes["connection"]`. All revisions
then run inside that one transaction, so a failed migration leaves the database as it was.
"""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from conflictwire.store.schema import is_search_object, metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "conflictwire migrations run through `conflictwire migrate` (conflictwire.store.versioning), "
        "which passes an open connection; there is no alembic.ini"
    )


def render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Write the store's column types (`SafeText`, `JSONText`) into revisions as what the
    database holds (TEXT), so a revision never imports the schema module it outlives."""
    if kind == "type" and isinstance(item, sa.types.TypeDecorator):
        return f"sa.{item.impl_instance!r}"
    return False


def include_object(item: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the full-text index objects (revision 0002, not in `metadata`) out of autogenerate."""
    return not is_search_object(kind, name)


context.configure(
    connection=connection,
    target_metadata=metadata,
    # Both backends roll DDL back with the transaction (the store's SQLite connections emit BEGIN
    # themselves), so one transaction holds every revision of a run.
    transactional_ddl=True,
    render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE on SQLite needs batch mode
    compare_type=True,
    render_item=render_item,
    include_object=include_object,
    # `versioning.new_revision` names the schema version a new revision brings (script.py.mako).
    template_args={"schema_version": context.config.attributes.get("schema_version")},
)
with context.begin_transaction():
    context.run_migrations()
