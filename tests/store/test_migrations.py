"""Schema revisions on both backends: a new database is made by running the revisions, and
ends up exactly as `schema.py` describes; older, newer and altered databases are refused
with what to do; `Store.migrate` brings an older one up to date and keeps its data."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from conflictwire.errors import StoreError
from conflictwire.store import SCHEMA_VERSION, Store, versioning
from conflictwire.store.schema import ARTICLES_FTS, is_search_object, metadata, schema_version

from .conftest import downgrade, other_analysis, row_counts


def run_sql(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    """The tables, less SQLite's full-text index (an FTS5 table and its shadow tables)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {name for name in sa.inspect(conn).get_table_names() if not name.startswith(ARTICLES_FTS)}
    finally:
        engine.dispose()


def make_legacy_database(url: str) -> None:
    """A database as the store made it before migrations: the tables of schema version 1
    (revision 0001), `schema_version` 1, no alembic_version, and one analysed article
    (stored at the head, then downgraded to 0001)."""
    with Store.open(url) as store:
        store.save(other_analysis(1))
    downgrade(url, "0001", "DROP TABLE alembic_version")


def test_an_article_stored_before_authors_were_kept_has_none_after_migrate(db_url: str) -> None:
    make_legacy_database(db_url)
    Store.migrate(db_url)

    with Store.open(db_url, create=False) as store:
        stored = store.article(other_analysis(1).article.id)
    assert stored is not None
    assert stored["author"] is None
    assert stored["text"] == other_analysis(1).article.text


def test_claims_stored_before_stances_were_kept_read_back_asserting_or_unknown(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(other_analysis(1))
    downgrade(db_url, "0005")
    Store.migrate(db_url)

    with Store.open(db_url, create=False) as store:
        event = store.event("x1-e1")
    assert event is not None
    stances = {claim["id"]: (claim["stance"], claim["denied"]) for claim in event["claims"]}
    # Revision 0005 kept only `negated`: the negated claim's kind (denies or not_confirmed) is unknown.
    assert stances == {"x1-c1": ("asserts", []), "x1-c2": ("asserts", []), "x1-c3": (None, [])}


def test_a_denial_keeps_its_stance_and_denied_slots(db_url: str) -> None:
    analysis = other_analysis(2)
    event = analysis.events[0]
    denial = replace(
        event.claims[2], source=None, counts=(), negated=True, stance="denies", denied=("killed", "injured")
    )
    analysis = replace(
        analysis, events=(replace(event, claims=(*event.claims[:2], denial)), *analysis.events[1:])
    )
    with Store.open(db_url) as store:
        store.save(analysis)
        stored = store.event(event.id)
    assert stored is not None
    last = stored["claims"][-1]
    assert (last["stance"], last["denied"], last["counts"]) == ("denies", ["killed", "injured"], {})


def test_revisions_form_one_line_ending_at_this_schema_version() -> None:
    scripts = list(versioning.scripts().walk_revisions())
    assert len(versioning.scripts().get_heads()) == 1
    assert scripts[-1].down_revision is None  # the oldest
    assert versioning.schema_version_of(versioning.head()) == SCHEMA_VERSION
    assert [versioning.schema_version_of(s.revision) for s in reversed(scripts)] == sorted(
        versioning.schema_version_of(s.revision) for s in scripts
    )
    assert set(versioning.LEGACY_REVISIONS.values()) <= {s.revision for s in scripts}


def test_a_new_database_is_made_by_the_revisions_and_matches_schema_py(db_url: str) -> None:
    Store.open(db_url).close()

    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert versioning.current(conn) == versioning.head()
        assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
        differences = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_object": lambda _item, name, kind, *_: not is_search_object(kind, name),
                },
            ),
            metadata,
        )
    engine.dispose()
    assert differences == []
    assert tables(db_url) == set(metadata.tables) | {"alembic_version"}


def test_the_initial_revision_downgrades_to_nothing(db_url: str) -> None:
    Store.open(db_url).close()
    downgrade(db_url, "base")

    assert tables(db_url) <= {"alembic_version"}


def test_a_database_made_before_migrations_is_refused_then_migrated(db_url: str) -> None:
    make_legacy_database(db_url)

    with pytest.raises(StoreError) as raised:
        Store.open(db_url)
    message = str(raised.value)
    assert "schema version 1 (made before migrations)" in message
    assert "run `conflictwire migrate` with the same --db" in message

    migration = Store.migrate(db_url)

    assert (migration.before_version, migration.before_revision) == (1, None)
    assert (migration.after_version, migration.after_revision) == (SCHEMA_VERSION, versioning.head())
    assert migration.changed
    with Store.open(db_url, create=False) as store:
        assert store.has_article(other_analysis(1).article.id)
        assert store.save(other_analysis(2)) is True
    assert row_counts(db_url)["articles"] == 2


def test_migrating_a_current_database_changes_nothing(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(other_analysis(1))

    migration = Store.migrate(db_url)

    assert not migration.changed
    assert migration.before_revision == migration.after_revision == versioning.head()
    assert row_counts(db_url)["articles"] == 1


def test_migrating_an_empty_database_creates_it_at_head(db_url: str) -> None:
    migration = Store.migrate(db_url)

    assert (migration.before_version, migration.before_revision) == (None, None)
    assert migration.after_revision == versioning.head()
    with Store.open(db_url, create=False) as store:
        assert store.counts()["articles"] == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE alembic_version SET version_num = '9999'",
        f"UPDATE schema_version SET version = {SCHEMA_VERSION + 98}",
    ],
    ids=["unknown-revision", "higher-schema-version"],
)
def test_a_database_from_a_newer_conflictwire_is_refused_and_left_alone(db_url: str, statement: str) -> None:
    with Store.open(db_url) as store:
        store.save(other_analysis(1))
    run_sql(db_url, statement)

    for attempt in (Store.open, Store.migrate):
        with pytest.raises(StoreError) as raised:
            attempt(db_url)
        message = str(raised.value)
        assert "newer than this conflictwire's version" in message
        assert "upgrade conflictwire" in message
        assert "another --db" in message
    assert row_counts(db_url)["articles"] == 1


def test_a_schema_version_changed_by_hand_is_named(db_url: str) -> None:
    Store.open(db_url).close()
    run_sql(db_url, "UPDATE schema_version SET version = 0")

    with pytest.raises(
        StoreError, match=rf"schema_version says 0 but its migration history .* says {SCHEMA_VERSION}"
    ):
        Store.open(db_url)


def test_an_older_revision_asks_for_migrate(db_url: str) -> None:
    """A database one revision behind (made at the head, then brought back to the revision
    before it) is refused with the command that fixes it, and migrate brings it forward."""
    Store.open(db_url).close()
    previous = versioning.script(versioning.head()).down_revision
    downgrade(db_url, previous)

    head = versioning.head()
    with pytest.raises(
        StoreError, match=rf"needs version {SCHEMA_VERSION} \(revision {head}\); run `conflictwire migrate`"
    ):
        Store.open(db_url)
    Store.migrate(db_url)
    Store.open(db_url, create=False).close()


def test_two_processes_creating_one_database_make_it_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Store.open(db_url).close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema_version)).scalar() == 1
    engine.dispose()
