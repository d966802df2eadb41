"""What only PostgreSQL has: URLs a user types, server errors, equality with SQLite.

Every other store test runs on PostgreSQL too, through the parametrised `db_url`; these
use the session's throwaway server (`pg.py`) directly.
"""

from __future__ import annotations

import pytest

from conflictwire.errors import StoreError
from conflictwire.store import Store

from .conftest import other_analysis, sample_analysis
from .pg import PostgresServer

pytestmark = pytest.mark.postgres


def test_postgres_reads_back_what_sqlite_reads_back(pg_url: str, sqlite_url: str) -> None:
    analyses = [sample_analysis(), other_analysis(1), other_analysis(2, event_date=None, country=None)]
    read = []
    for url in (pg_url, sqlite_url):
        with Store.open(url) as store:
            assert store.save_many(analyses).stored == 3
        with Store.open(url, create=False) as store:
            article = store.article(analyses[0].article.id)
            assert article is not None
            del article["ingested_at"]
            read.append((store.counts(), store.events(), store.disputes(), article))

    on_postgres, on_sqlite = read
    assert on_postgres == on_sqlite
    assert on_postgres[0] == {"articles": 3, "events": 6, "claims": 9, "disputes": 6}


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_url_without_a_driver_uses_psycopg(pg_url: str, scheme: str) -> None:
    """`--db postgresql://...` as a user types it: SQLAlchemy alone would pick psycopg2."""
    url = pg_url.replace("postgresql+psycopg://", f"{scheme}://")

    with Store.open(url) as store:
        assert store.save(sample_analysis()) is True
        assert store.name == url  # as given; it holds no password to hide
    with Store.open(pg_url, create=False) as store:
        assert store.counts()["articles"] == 1


def test_postgres_unreachable_database_is_named_without_its_password(pg_server: PostgresServer) -> None:
    url = pg_server.url("no_such_database").replace("postgres@", "postgres:hunter2@")

    with pytest.raises(StoreError) as raised:
        Store.open(url)

    message = str(raised.value)
    assert "no_such_database" in message
    assert "hunter2" not in message
    assert "***" in message
