"""A real crash: `conflictwire ingest` killed with SIGKILL mid-run, then run again.

A thousand short invented reports (`synthetic.py`) go through the command in a child
process; once a few hundred are stored the test kills it outright. What the killed run
left must hold only whole articles: each stored article has exactly the events, claims,
evidence and disputes that an uninterrupted run in this process gives it. The rerun then
stores the rest, and every article is there exactly once, whole, with no orphan rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from conflictwire.models import Article
from conflictwire.pipeline import analyze_many
from conflictwire.sources import ReadOptions, read_inputs
from conflictwire.store.rows import analysis_to_rows
from conflictwire.store.schema import articles, claims, disputes, events, evidence

from .synthetic import synthetic_reports, write_jsonl

pytestmark = pytest.mark.model

N_ARTICLES = 1000
KILL_AT = 300
"""Stored articles after which the first run is killed: well inside the run."""
RUN_TIMEOUT_S = 300
"""Far above a run's time on an idle two-core machine (about 15 s), for a loaded one."""
POLL_S = 0.05

PerArticle = dict[str, Counter[str]]
TABLES = ("events", "claims", "evidence", "disputes")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("crash") / "reports.jsonl", synthetic_reports(N_ARTICLES))


@pytest.fixture(scope="module")
def expected(corpus: Path) -> PerArticle:
    """Rows per article and table from an uninterrupted run of the same reader and pipeline."""
    read = [item for item in read_inputs([str(corpus)], ReadOptions()) if isinstance(item, Article)]
    assert len(read) == N_ARTICLES
    found: PerArticle = {}
    for analysis in analyze_many(read):
        rows = analysis_to_rows(analysis)
        found[analysis.article.id] = Counter({table: len(rows[table]) for table in TABLES})
    assert len(found) == N_ARTICLES  # every text is distinct
    assert sum(c["claims"] for c in found.values()) >= N_ARTICLES  # the reports give claims
    return found


def ingest_command(corpus: Path, url: str) -> list[str]:
    script = Path(sys.executable).with_name("conflictwire")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "conflictwire.cli"]
    return [*program, "ingest", str(corpus), "--db", url]


def child_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("CONFLICTWIRE_")}


def stored_count(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())
    except sa.exc.SQLAlchemyError:  # not created yet
        return 0


def per_article(engine: sa.Engine) -> PerArticle:
    """Rows per stored article and table, counted in SQL through the foreign keys."""
    counts: PerArticle = {}
    with engine.connect() as conn:
        for article_id in conn.execute(sa.select(articles.c.id)).scalars():
            counts[article_id] = Counter()
        queries = {
            "events": sa.select(events.c.article_id, sa.func.count()).group_by(events.c.article_id),
            "claims": sa.select(events.c.article_id, sa.func.count())
            .select_from(claims.join(events, claims.c.event_id == events.c.id))
            .group_by(events.c.article_id),
            "disputes": sa.select(events.c.article_id, sa.func.count())
            .select_from(disputes.join(events, disputes.c.event_id == events.c.id))
            .group_by(events.c.article_id),
            "evidence-event": sa.select(events.c.article_id, sa.func.count())
            .select_from(
                evidence.join(
                    events, sa.and_(evidence.c.owner_kind == "event", evidence.c.owner_id == events.c.id)
                )
            )
            .group_by(events.c.article_id),
            "evidence-claim": sa.select(events.c.article_id, sa.func.count())
            .select_from(
                evidence.join(
                    claims, sa.and_(evidence.c.owner_kind == "claim", evidence.c.owner_id == claims.c.id)
                ).join(events, claims.c.event_id == events.c.id)
            )
            .group_by(events.c.article_id),
        }
        for name, query in queries.items():
            for article_id, n in conn.execute(query):
                counts.setdefault(article_id, Counter())[name.split("-")[0]] += n
    return {article_id: +found for article_id, found in counts.items()}


def orphans(engine: sa.Engine) -> dict[str, int]:
    """Rows whose owner is missing: none may exist, whatever the moment of the crash."""
    checks = {
        "events": sa.select(sa.func.count())
        .select_from(events)
        .where(~sa.exists().where(articles.c.id == events.c.article_id)),
        "claims": sa.select(sa.func.count())
        .select_from(claims)
        .where(~sa.exists().where(events.c.id == claims.c.event_id)),
        "disputes": sa.select(sa.func.count())
        .select_from(disputes)
        .where(~sa.exists().where(events.c.id == disputes.c.event_id)),
        "evidence": sa.select(sa.func.count())
        .select_from(evidence)
        .where(
            ~sa.exists().where(evidence.c.owner_kind == "event", events.c.id == evidence.c.owner_id),
            ~sa.exists().where(evidence.c.owner_kind == "claim", claims.c.id == evidence.c.owner_id),
        ),
    }
    with engine.connect() as conn:
        return {name: int(conn.execute(query).scalar_one()) for name, query in checks.items()}


def kill_mid_run(command: list[str], engine: sa.Engine, log: Path) -> int:
    """Start the ingest, SIGKILL it once `KILL_AT` articles are stored; the count at the kill."""
    with log.open("wb") as stderr:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=child_env())
        deadline = time.monotonic() + RUN_TIMEOUT_S
        try:
            while (stored := stored_count(engine)) < KILL_AT:
                if child.poll() is not None:
                    pytest.fail(f"ingest ended (exit {child.returncode}) before the kill: {log.read_text()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"ingest stored {stored} articles in {RUN_TIMEOUT_S} s: {log.read_text()}")
                time.sleep(POLL_S)
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return stored


def test_ingest_killed_mid_run_leaves_whole_articles_and_a_rerun_finishes(
    corpus: Path, expected: PerArticle, db_url: str, tmp_path: Path
) -> None:
    command = ingest_command(corpus, db_url)
    engine = sa.create_engine(db_url)
    try:
        seen_at_kill = kill_mid_run(command, engine, tmp_path / "killed.log")

        after_crash = per_article(engine)
        assert KILL_AT <= seen_at_kill <= len(after_crash) < N_ARTICLES
        assert after_crash == {article_id: expected[article_id] for article_id in after_crash}
        assert orphans(engine) == dict.fromkeys(("events", "claims", "disputes", "evidence"), 0)

        rerun = subprocess.run(
            command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=child_env(), check=False
        )
        assert rerun.returncode == 0, rerun.stderr

        assert per_article(engine) == expected  # every article once, each with all its rows
        assert orphans(engine) == dict.fromkeys(("events", "claims", "disputes", "evidence"), 0)
    finally:
        engine.dispose()
