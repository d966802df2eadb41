"""The conflict test set, analysed once per session, and a fresh database per test on each
backend (SQLite, and PostgreSQL under the `postgres` marker, as in tests/store).

`data/articles.jsonl` holds 17 short articles written for these tests (fictional outlets):
five incidents reported by two to four outlets each with different wording, numbers and
parties, and near misses: the same city struck again a week later, another city attacked
the same day, a ballistic missile the same day in another war, drones the same day across
the border. `id` is the article's label: its first letter names the incident.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.store.conftest import db_url, new_database  # noqa: F401 - fixtures
from tests.store.pg import pg_server, pg_url  # noqa: F401 - fixtures

from conflictwire.models import Analysis, Article
from conflictwire.sources import ReadOptions, read_inputs

ARTICLES = Path(__file__).parent / "data" / "articles.jsonl"


@pytest.fixture(scope="session")
def conflict_set() -> list[Analysis]:
    """The articles of `data/articles.jsonl`, read and analysed by the real pipeline."""
    from conflictwire.pipeline import analyze_many

    items = list(read_inputs([str(ARTICLES)], ReadOptions()))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == len(items) == 17, items
    return list(analyze_many(articles))


def label_of(analyses: list[Analysis]) -> dict[str, str]:
    """event id -> the label of its article (`a1`, `b2`, ...)."""
    return {event.id: str(analysis.article.external_id) for analysis in analyses for event in analysis.events}
