"""The same store on PostgreSQL: a throwaway server is started for this module.

Skipped, with the reason, where the server binaries (initdb, pg_ctl) or the psycopg driver
are absent; CI installs both so nothing skips there.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa

from conflictwire.errors import StoreError
from conflictwire.store import Store

from .conftest import other_analysis, sample_analysis
from .test_atomic import with_duplicate_claim_id

pytestmark = pytest.mark.postgres

_databases = count()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """URL of the `postgres` database on a fresh server listening on a Unix socket only."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not on PATH")
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="cw-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            runuser = None
        if runuser is None:
            shutil.rmtree(base)
            pytest.skip("running as root, and no `postgres` user to run the server as")
        os.chown(base, account.pw_uid, account.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    try:
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *as_user,
                pg_ctl,
                "-D",
                str(data),
                "-o",
                f"-p {port} -k {base} -c listen_addresses='' -c fsync=off",
                "-l",
                str(base / "server.log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@/{{}}?host={base}&port={port}"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], check=False, capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(server: str) -> str:
    """A new, empty database on the module's server."""
    name = f"store_test_{next(_databases)}"
    admin = sa.create_engine(server.format("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return server.format(name)


def test_postgres_reads_back_what_sqlite_reads_back(pg_url: str, db_url: str) -> None:
    analyses = [sample_analysis(), other_analysis(1), other_analysis(2, event_date=None, country=None)]
    read = []
    for url in (pg_url, db_url):
        with Store.open(url) as store:
            assert store.save_many(analyses) == (3, 0)
        with Store.open(url, create=False) as store:
            article = store.article(analyses[0].article.id)
            assert article is not None
            del article["ingested_at"]
            read.append((store.counts(), store.events(), store.disputes(), article))

    on_postgres, on_sqlite = read
    assert on_postgres == on_sqlite
    assert on_postgres[0] == {"articles": 3, "events": 6, "claims": 9, "disputes": 6}


def test_postgres_resave_is_a_no_op_and_a_failed_save_leaves_nothing(pg_url: str) -> None:
    broken = with_duplicate_claim_id(other_analysis(2))
    with Store.open(pg_url) as store:
        assert store.save(other_analysis(1)) is True
        assert store.save(other_analysis(1)) is False
        with pytest.raises(StoreError, match="nothing of it was written"):
            store.save(broken)

        assert store.has_article(broken.article.id) is False
        assert store.counts() == {"articles": 1, "events": 2, "claims": 3, "disputes": 2}


def test_postgres_schema_version_mismatch_is_refused(pg_url: str) -> None:
    with Store.open(pg_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE schema_version SET version = 7")

    with pytest.raises(StoreError, match=r"schema version 7.*conflictwire migrate"):
        Store.open(pg_url)


def test_postgres_unreachable_database_is_named_without_its_password(server: str) -> None:
    url = server.format("no_such_database").replace("postgres@", "postgres:hunter2@")

    with pytest.raises(StoreError) as raised:
        Store.open(url)

    message = str(raised.value)
    assert "no_such_database" in message
    assert "hunter2" not in message
    assert "***" in message
