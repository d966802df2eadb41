"""`WebQueries` on both backends: filters, keyset pages, full-text search through FTS5 or
tsvector, and a search index filled for articles stored before revision 0002."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from conflictwire.errors import QueryError
from conflictwire.store import Store
from conflictwire.store.queries import EventFilter, WebQueries, decode_cursor, encode_cursor
from conflictwire.store.schema import articles

from .conftest import downgrade, other_analysis, sample_analysis

DAYS = 6


def filled(url: str) -> Store:
    store = Store.open(url)
    store.save(sample_analysis())
    for n in range(DAYS):
        store.save(other_analysis(n, event_date=dt.date(2024, 11, 1) + dt.timedelta(days=n), country="UA"))
    return store


def test_pages_follow_the_cursor_without_repeats(db_url: str) -> None:
    with filled(db_url) as store:
        queries = WebQueries(store)
        everything = queries.events(EventFilter(), limit=200).items
        seen, cursor = [], None
        while True:
            page = queries.events(EventFilter(), limit=3, cursor=cursor)
            seen += [e["id"] for e in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    assert seen == [e["id"] for e in everything]
    assert len(seen) == 2 * (DAYS + 1)  # a dated and an undated event per article
    dates = [e["date"] for e in everything]
    assert dates[: DAYS + 1] == sorted(dates[: DAYS + 1], reverse=True)
    assert set(dates[DAYS + 1 :]) == {None}


def test_filters_on_both_backends(db_url: str) -> None:
    with filled(db_url) as store:
        queries = WebQueries(store)

        def ids(**kwargs: object) -> set[str]:
            return {e["id"] for e in queries.events(EventFilter(**kwargs), limit=200).items}  # type: ignore[arg-type]

        assert ids(country="ru") == {"a-e1"}
        assert ids(weapon="atacms") == ids(weapon="ballistic") == ids(weapon="MISSILE")
        assert len(ids(weapon="atacms")) == DAYS + 1
        assert ids(weapon="range_km") == set()  # a JSON key is not a weapon
        assert ids(weapon="%") == set()  # wildcards are literal
        assert ids(source="kyiv") == ids(disputed=True)
        assert ids(since=dt.date(2024, 11, 3), until=dt.date(2024, 11, 4)) == {"x2-e1", "x3-e1"}
        assert len(ids(q="Bryansk depot exploded")) == 2 * (DAYS + 1)
        assert ids(q="Update 4") >= {"x4-e1"}
        assert ids(q="'; DROP TABLE articles; --") == set()
        assert ids(q="***") == set()
        found = queries.search("arms depot", limit=2)
        assert len(found.items) == 2 and found.next_cursor is not None
        assert "arms depot" in found.items[0]["snippet"]


def test_a_foreign_cursor_is_refused() -> None:
    assert decode_cursor("events", encode_cursor("events", ["2024-11-01", "x"]), size=2) == [
        "2024-11-01",
        "x",
    ]
    for bad in ("", "!!!", encode_cursor("claims", ["x"]), encode_cursor("events", [["nested"], "x"])):
        with pytest.raises(QueryError, match="first page"):
            decode_cursor("events", bad, size=2)


def test_migrating_from_0001_indexes_the_articles_already_stored(db_url: str) -> None:
    with filled(db_url):
        pass
    downgrade(db_url, "0001")
    Store.migrate(db_url)
    with Store.open(db_url, create=False) as store:
        assert len(WebQueries(store).search("exploded", limit=200).items) == DAYS + 1


def test_a_common_search_gives_the_same_events_by_either_plan(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `COMMON_MATCHES` matching articles the events are walked by date (SQLite);
    the page must be the one the other plan gives."""
    with filled(db_url) as store:
        queries = WebQueries(store)
        by_article = [e["id"] for e in queries.events(EventFilter(q="missiles"), limit=5).items]
        monkeypatch.setattr("conflictwire.store.queries.COMMON_MATCHES", 1)
        by_date = [e["id"] for e in queries.events(EventFilter(q="missiles"), limit=5).items]
    assert by_date == by_article
    assert len(by_date) == 5


def test_the_search_index_follows_deleted_and_new_articles(db_url: str) -> None:
    with filled(db_url) as store:
        queries = WebQueries(store)
        before = {hit["article_id"] for hit in queries.search("Update", limit=200).items}
        gone = sorted(before)[0]
        with store.engine.begin() as conn:
            conn.execute(sa.delete(articles).where(articles.c.id == gone))
        store.save(other_analysis(99))
        after = {hit["article_id"] for hit in queries.search("Update", limit=200).items}
    assert gone not in after
    assert len(after) == len(before)  # one gone, one new
