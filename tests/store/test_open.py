"""Opening a SQLite file: schema creation, unopenable paths, SQLite settings. (Revisions and
version checks on both backends are in test_migrations.py.)"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from conflictwire.errors import StoreError
from conflictwire.store import SCHEMA_VERSION, Store
from conflictwire.store.db import BUSY_TIMEOUT_MS

from .conftest import other_analysis, row_counts, sample_analysis


def test_new_file_gets_every_table_and_the_schema_version(db_path: Path, sqlite_url: str) -> None:
    Store.open(sqlite_url).close()

    with closing(sqlite3.connect(db_path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        versions = conn.execute("SELECT version FROM schema_version").fetchall()
    assert tables == {
        "articles",
        "events",
        "claims",
        "evidence",
        "disputes",
        "incidents",
        "incident_events",
        "schema_version",
        "alembic_version",
        # the full-text index of articles (revision 0002) and FTS5's own tables
        "articles_fts",
        "articles_fts_config",
        "articles_fts_content",
        "articles_fts_data",
        "articles_fts_docsize",
        "articles_fts_idx",
        "articles_fts_keys",
    }
    assert versions == [(SCHEMA_VERSION,)]


def test_reopening_keeps_one_version_row_and_the_data(db_path: Path, sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.save(other_analysis(1))
    with Store.open(sqlite_url) as store:
        assert store.counts()["articles"] == 1

    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)


def test_database_of_another_program_is_refused(db_path: Path, sqlite_url: str) -> None:
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")

    with pytest.raises(StoreError, match=r"has table\(s\) articles but no schema_version"):
        Store.open(sqlite_url)


def test_missing_directory_is_named(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "place.db"

    with pytest.raises(StoreError) as raised:
        Store.open(f"sqlite:///{path}")

    assert str(path) in str(raised.value)
    assert "does not exist" in str(raised.value)
    assert not path.parent.exists()


def test_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Ukraine said on Tuesday that ...\n" * 20, encoding="utf-8")

    with pytest.raises(StoreError) as raised:
        Store.open(f"sqlite:///{path}")

    message = str(raised.value)
    assert str(path) in message
    assert "not a database" in message
    assert "sqlalche.me" not in message  # our message, not SQLAlchemy's
    assert path.read_text(encoding="utf-8").startswith("Ukraine said")


def test_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(f"sqlite:///{tmp_path}")


def test_open_without_create_needs_an_existing_database(db_path: Path, sqlite_url: str) -> None:
    with pytest.raises(StoreError, match=r"no such database file.*conflictwire ingest"):
        Store.open(sqlite_url, create=False)
    assert not db_path.exists()

    sqlite3.connect(db_path).close()  # an empty SQLite file
    with pytest.raises(StoreError, match="holds no conflictwire database"):
        Store.open(sqlite_url, create=False)


def test_bad_url_and_unknown_driver_are_store_errors() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("::not a url::")
    with pytest.raises(StoreError, match="nosuchdb"):
        Store.open("nosuchdb://host/db")


def test_wal_mode_is_on_for_a_fresh_connection(db_path: Path, sqlite_url: str) -> None:
    Store.open(sqlite_url).close()

    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_store_connections_enforce_foreign_keys_and_wait_for_locks(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_writer_is_not_blocked_by_an_open_reader(db_path: Path, sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.save(other_analysis(1))
        with closing(sqlite3.connect(db_path, isolation_level=None, timeout=0.1)) as reader:
            reader.execute("BEGIN")
            assert reader.execute("SELECT count(*) FROM articles").fetchone() == (1,)

            assert store.save(other_analysis(2)) is True  # WAL: the reader holds no lock on it

            assert reader.execute("SELECT count(*) FROM articles").fetchone() == (1,)  # its snapshot
            reader.execute("COMMIT")
            assert reader.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert row_counts(sqlite_url)["articles"] == 2


def test_read_failure_is_a_store_error_naming_the_database(db_path: Path, sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.save(sample_analysis())
        with closing(sqlite3.connect(db_path)) as conn, conn:
            conn.execute("DROP TABLE claims")

        with pytest.raises(StoreError) as raised:
            store.event("a-e1")

    assert str(raised.value).startswith(f"{db_path}: could not read the database (no such table: claims)")
