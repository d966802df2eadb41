"""Schema revisions with Alembic, configured in code: no alembic.ini and no URL of its own.

`Store.open` and `Store.migrate` open the database, begin the transaction (holding the
write lock), and call `upgrade`, `stamp` or `current` with that connection; `env.py` runs
the revisions of `migrations/versions/` on it. Each revision module declares
`SCHEMA_VERSION`, the number its upgrade writes to the `schema_version` table, and the
head revision's must equal `schema.SCHEMA_VERSION`: `schema_version` is what a person
reads in a SQL shell, `alembic_version` is what Alembic steers by, and the store checks
both. A database made before Alembic came in has `schema_version` but no
`alembic_version`; `Store.migrate` stamps it with the revision of its version
(`LEGACY_REVISIONS`) and upgrades from there.

A schema change: edit the tables in `schema.py`, bump `SCHEMA_VERSION`, then run

    python -m conflictwire.store.versioning revision "what changed"

which writes `migrations/versions/NNNN_what_changed.py` from the difference between the
head revision and `schema.py`. Read it, add what autogenerate cannot see (renames, data
moves), and extend tests/store/test_migrations.py.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path
from typing import Final

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection

from conflictwire.store.schema import SCHEMA_VERSION

MIGRATIONS: Final = Path(__file__).parent / "migrations"
"""The Alembic script directory, shipped inside the package."""

LEGACY_REVISIONS: Final = {1: "0001"}
"""For databases made before Alembic: the revision whose tables match each schema version."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here instead of read from alembic.ini.

    `connection` (open, inside a transaction) is what `env.py` migrates.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


@functools.cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision; there is exactly one (the history is a line, not a tree)."""
    heads = scripts().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"{MIGRATIONS}: expected one head revision, found {heads}; merge them")
    return heads[0]


def script(revision: str) -> Script | None:
    """The revision's script, or None when this conflictwire does not know the revision."""
    try:
        found = scripts().get_revision(revision)
    except CommandError:
        return None
    return found if isinstance(found, Script) else None


def schema_version_of(revision: str) -> int:
    """The `schema_version` a database is at once it has this revision."""
    found = script(revision)
    if found is None:
        raise KeyError(revision)
    version: int = found.module.SCHEMA_VERSION
    return version


def current(conn: Connection) -> str | None:
    """The database's Alembic revision; None when it has no `alembic_version` table."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the revisions from the database's current one to `target`, on `conn`."""
    command.upgrade(alembic_config(conn), target)


def stamp(conn: Connection, revision: str) -> None:
    """Record `revision` as the database's revision without running anything."""
    command.stamp(alembic_config(conn), revision)


# ------------------------------------------------------------------- for developers


def new_revision(message: str) -> Path:
    """Write the next revision: the difference between the head revision and `schema.py`.

    The head's tables are built in an in-memory SQLite database and compared with
    `schema.metadata`; the new module declares `SCHEMA_VERSION` from `schema.py`, which
    must have been bumped past the head's.
    """
    before = head()
    if schema_version_of(before) >= SCHEMA_VERSION:
        raise SystemExit(
            f"schema.SCHEMA_VERSION is {SCHEMA_VERSION}, the head revision {before} already brings "
            f"version {schema_version_of(before)}; bump SCHEMA_VERSION in schema.py first"
        )
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        upgrade(conn)
        config = alembic_config(conn)
        config.attributes["schema_version"] = SCHEMA_VERSION
        rev_id = f"{int(before) + 1:04d}"
        written = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    engine.dispose()
    scripts.cache_clear()
    if not isinstance(written, Script):
        raise SystemExit(f"alembic wrote no single revision ({written!r})")
    return Path(written.path)


def main() -> None:
    parser = argparse.ArgumentParser(description="conflictwire schema revisions (for developers)")
    sub = parser.add_subparsers(dest="command", required=True)
    revision = sub.add_parser("revision", help="write the next revision from the changes in schema.py")
    revision.add_argument("message", help="what changed, e.g. 'add incidents.title'")
    sub.add_parser("heads", help="print the head revision and its schema version")
    args = parser.parse_args()
    if args.command == "revision":
        print(new_revision(args.message))  # noqa: T201 - a developer's command-line tool
    else:
        print(head(), schema_version_of(head()))  # noqa: T201


if __name__ == "__main__":
    main()
