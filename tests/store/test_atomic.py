"""A failure in the middle of saving an article leaves none of it behind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conflictwire.errors import StoreError
from conflictwire.models import Analysis, Span
from conflictwire.store import Store

from .conftest import other_analysis, row_counts, sample_analysis

NOTHING = {"articles": 0, "events": 0, "claims": 0, "evidence": 0, "disputes": 0}


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


@pytest.mark.parametrize("break_it", [with_duplicate_claim_id, with_reversed_span])
def test_failed_save_writes_nothing_and_says_so(db_path: Path, db_url: str, break_it: object) -> None:
    analysis = break_it(sample_analysis())  # type: ignore[operator]

    with Store.open(db_url) as store, pytest.raises(StoreError) as raised:
        store.save(analysis)

    message = str(raised.value)
    assert analysis.article.id in message
    assert "tests/fixtures/example.txt" in message
    assert "nothing of it was written" in message
    assert "sqlalche.me" not in message
    assert row_counts(db_path) == NOTHING
    with Store.open(db_url) as store:
        assert store.has_article(analysis.article.id) is False
        assert store.save(sample_analysis()) is True  # the fixed article goes in afterwards
    assert row_counts(db_path) == {"articles": 1, "events": 2, "claims": 3, "evidence": 5, "disputes": 2}


def test_save_many_keeps_what_was_stored_before_a_failure(db_path: Path, db_url: str) -> None:
    broken = with_duplicate_claim_id(other_analysis(2))

    with Store.open(db_url) as store, pytest.raises(StoreError):
        store.save_many([other_analysis(1), broken, other_analysis(3)])
    assert row_counts(db_path)["articles"] == 1

    with Store.open(db_url) as store:  # the rerun, with the bad article fixed
        assert store.save_many([other_analysis(1), other_analysis(2), other_analysis(3)]) == (2, 1)
    assert row_counts(db_path)["articles"] == 3
