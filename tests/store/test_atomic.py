"""A failure while saving leaves no half article: an article that fails rolls back alone,
a batch whose transaction fails rolls back whole, and what was committed before stays."""

from __future__ import annotations

import dataclasses
import threading

import pytest
import sqlalchemy as sa

from conflictwire.errors import StoreError
from conflictwire.models import Analysis, Span
from conflictwire.store import Outcome, Store

from .conftest import other_analysis, row_counts, sample_analysis

NOTHING = {"articles": 0, "events": 0, "claims": 0, "evidence": 0, "disputes": 0}
ONE_SAMPLE = {"articles": 1, "events": 2, "claims": 3, "evidence": 5, "disputes": 2}


def with_duplicate_claim_id(analysis: Analysis) -> Analysis:
    """The second event reuses the first claim's id: the claims insert fails after the
    article and event rows are written."""
    strike, bare = analysis.events
    return dataclasses.replace(
        analysis, events=(strike, dataclasses.replace(bare, claims=(strike.claims[0],)))
    )


def with_reversed_span(analysis: Analysis) -> Analysis:
    """A claim cites a span ending before it starts: the evidence insert fails (CHECK)
    after articles, events and claims are written."""
    strike, bare = analysis.events
    claim = dataclasses.replace(strike.claims[0], evidence=(Span(40, 10),))
    strike = dataclasses.replace(strike, claims=(claim, *strike.claims[1:]))
    return dataclasses.replace(analysis, events=(strike, bare))


def with_huge_count(analysis: Analysis) -> Analysis:
    """A count past 64 bits: the driver or server refuses the claims insert."""
    strike, bare = analysis.events
    claim = dataclasses.replace(strike.claims[0], counts=(("launched", 10**20),))
    strike = dataclasses.replace(strike, claims=(claim, *strike.claims[1:]))
    return dataclasses.replace(analysis, events=(strike, bare))


@pytest.mark.parametrize("break_it", [with_duplicate_claim_id, with_reversed_span, with_huge_count])
def test_failed_save_writes_nothing_and_says_so(db_url: str, break_it: object) -> None:
    analysis = break_it(sample_analysis())  # type: ignore[operator]

    with Store.open(db_url) as store, pytest.raises(StoreError) as raised:
        store.save(analysis)

    message = str(raised.value)
    assert analysis.article.id in message
    assert "tests/fixtures/example.txt" in message
    assert "nothing of it was written" in message
    assert "sqlalche.me" not in message
    assert row_counts(db_url) == NOTHING
    with Store.open(db_url) as store:
        assert store.has_article(analysis.article.id) is False
        assert store.save(sample_analysis()) is True  # the fixed article goes in afterwards
    assert row_counts(db_url) == ONE_SAMPLE


def test_a_failing_article_rolls_back_alone_and_the_batch_is_stored(db_url: str) -> None:
    broken = with_duplicate_claim_id(other_analysis(2))
    analyses = [other_analysis(1), broken, other_analysis(3)]

    with Store.open(db_url) as store:
        saved = list(store.save_iter(analyses, batch_size=10))

    assert [s.outcome for s in saved] == [Outcome.STORED, Outcome.FAILED, Outcome.STORED]
    assert [s.article_id for s in saved] == [a.article.id for a in analyses]
    assert (saved[0].events, saved[0].claims) == (2, 3)
    error = saved[1].error
    assert error is not None
    assert broken.article.id in str(error)
    assert "nothing of it was written" in str(error)
    assert row_counts(db_url)["articles"] == 2

    with Store.open(db_url) as store:  # the rerun, with the bad article fixed
        summary = store.save_many([other_analysis(n) for n in (1, 2, 3)])
    assert (summary.stored, summary.skipped, summary.failed) == (1, 2, 0)
    assert row_counts(db_url) == {"articles": 3, "events": 6, "claims": 9, "evidence": 15, "disputes": 6}


def test_save_many_reports_each_failure(db_url: str) -> None:
    with Store.open(db_url) as store:
        summary = store.save_many(
            [with_reversed_span(other_analysis(1)), other_analysis(2), with_huge_count(other_analysis(3))]
        )

    assert (summary.stored, summary.skipped, summary.failed) == (1, 0, 2)
    assert [
        other_analysis(n).article.id in str(e) for n, e in zip((1, 3), summary.failures, strict=True)
    ] == [
        True,
        True,
    ]


def test_a_failed_transaction_rolls_back_its_whole_batch(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection failing mid-batch: earlier batches stay, nothing of this one is kept."""
    with Store.open(db_url) as store:
        real = Store._save_one
        calls = 0

        def failing(self: Store, conn: sa.Connection, *args: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 5:  # the second article of the third batch (batches of 2)
                raise sa.exc.OperationalError("INSERT ...", {}, Exception("server closed the connection"))
            return real(self, conn, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "_save_one", failing)
        seen = []
        with pytest.raises(StoreError) as raised:
            for saved in store.save_iter((other_analysis(n) for n in range(1, 8)), batch_size=2):
                seen.append(saved.outcome)

    assert seen == [Outcome.STORED] * 4  # two committed batches, reported before the failure
    message = str(raised.value)
    assert "could not write a batch of 2 article(s)" in message
    assert "server closed the connection" in message
    assert "none of that batch was written" in message
    assert row_counts(db_url) == {"articles": 4, "events": 8, "claims": 12, "evidence": 20, "disputes": 8}


def test_batches_are_cut_by_size_and_by_time(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db_url) as store:
        sizes: list[int] = []
        real = Store._save_batch

        def counting(self: Store, batch: list[Analysis]) -> object:
            sizes.append(len(batch))
            return real(self, batch)

        monkeypatch.setattr(Store, "_save_batch", counting)
        list(store.save_iter((other_analysis(n) for n in range(7)), batch_size=3))
        assert sizes == [3, 3, 1]

        sizes.clear()
        list(store.save_iter((other_analysis(n) for n in range(7, 10)), batch_size=100, max_wait=0.0))
        assert sizes == [1, 1, 1]  # each article has waited long enough on its own


def test_a_repeat_within_one_batch_is_skipped(db_url: str) -> None:
    with Store.open(db_url) as store:
        summary = store.save_many([other_analysis(1), other_analysis(2), other_analysis(1)])

    assert (summary.stored, summary.skipped) == (2, 1)
    assert row_counts(db_url)["articles"] == 2


def test_concurrent_writers_store_each_article_once(db_url: str) -> None:
    """Two processes ingesting overlapping inputs (here two stores in threads)."""
    analyses = [other_analysis(n) for n in range(40)]
    summaries = []

    def ingest(order: list[Analysis]) -> None:
        with Store.open(db_url) as store:
            summaries.append(store.save_many(order, batch_size=5))

    threads = [
        threading.Thread(target=ingest, args=(analyses,)),
        threading.Thread(target=ingest, args=(analyses[::-1],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(summaries) == 2
    assert sum(s.stored for s in summaries) == 40
    assert sum(s.skipped for s in summaries) == 40
    assert all(s.failed == 0 for s in summaries)
    assert row_counts(db_url)["articles"] == 40
