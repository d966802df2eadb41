"""`Store`: opens the database, writes one `Analysis` per transaction, reads events back.

This module and `schema.py` hold all of conflictwire's SQL (SQLAlchemy Core, parameterised).
Writing goes through `analysis_to_rows` (in `rows.py`, re-exported here), a pure function
from an `Analysis` to the rows of each table; `Store.save` inserts those rows in one
transaction per article and skips an article whose content-hash id is stored, so a rerun
after a crash finishes what is missing and never leaves half an article. Reading
returns plain dicts in the shape of the `extract --json` contract (DESIGN.md), loading the
children of a page of events with a few `IN (...)` queries. On SQLite the store runs in WAL
mode so that `watch` can write while `serve` reads.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping
from sqlalchemy.pool import ConnectionPoolEntry

from conflictwire.errors import StoreError
from conflictwire.models import Analysis
from conflictwire.store.rows import (
    Row,
    analysis_to_rows,
    article_dict,
    event_dict,
    evidence_dict,
    iso,
)
from conflictwire.store.schema import (
    CONTENT_TABLES,
    SCHEMA_VERSION,
    articles,
    claims,
    disputes,
    events,
    evidence,
    metadata,
    schema_version,
)

__all__ = ["BUSY_TIMEOUT_MS", "IN_CHUNK", "Store", "analysis_to_rows"]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS: Final = 5000
"""How long a SQLite connection waits for another process's write lock before failing:
long enough to outlast one article's transaction from `watch` or `ingest`."""

IN_CHUNK: Final = 500
"""Ids per `IN (...)` query: far below SQLite's bound-parameter limit (999 before 3.32)."""

_BEGIN_OPTION: Final = "conflictwire_sqlite_begin"
_BEGIN_MODES: Final = frozenset({"DEFERRED", "IMMEDIATE"})

_FIX_HINT: Final = "fix the cause and rerun; articles already stored are skipped"


_TABLES: Final = {
    "articles": articles,
    "events": events,
    "claims": claims,
    "evidence": evidence,
    "disputes": disputes,
}


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


# ------------------------------------------------------------------- the store


def _sqlite_on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    # sqlite3's own transaction handling skips BEGIN before DDL and SELECT; switch it off
    # and let `_sqlite_on_begin` emit BEGIN, so schema creation and reads are transactional.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # A writer takes the lock at BEGIN (IMMEDIATE): a deferred transaction that read first
    # would get SQLITE_BUSY at its first write, without waiting, when another writer won.
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """A conflictwire database. Build with `Store.open(url)`; use as a context manager."""

    def __init__(self, engine: Engine, *, name: str) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._name = name

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Store:
        """Open the database at a SQLAlchemy URL (`sqlite:///path`, `postgresql://...`).

        With `create`, a database without tables gets the schema; a database made by
        another schema version, or a path that is not a database, raises `StoreError`.
        """
        try:
            parsed = sa.make_url(url)
        except sa.exc.ArgumentError as exc:
            raise StoreError(
                f"{url}: not a database URL; give sqlite:///PATH or postgresql://HOST/DB "
                "with --db or CONFLICTWIRE_DB"
            ) from exc
        sqlite = parsed.get_backend_name() == "sqlite"
        name = _display_name(parsed)
        if sqlite:
            _check_sqlite_path(parsed.database, name=name, create=create)
        try:
            engine = sa.create_engine(parsed)
        except ImportError as exc:
            raise StoreError(
                f"{name}: the database driver is not installed ({exc}); install it "
                "(for PostgreSQL: pip install 'psycopg[binary]')"
            ) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"{name}: cannot open the database ({exc}); check the URL given with --db or CONFLICTWIRE_DB"
            ) from exc
        if sqlite:
            sa.event.listen(engine, "connect", _sqlite_on_connect)
            sa.event.listen(engine, "begin", _sqlite_on_begin)
        store = cls(engine, name=name)
        try:
            store._prepare(create=create)
        except StoreError:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            reason = _reason(exc)
            raise StoreError(
                f"{name}: cannot open the database ({reason}); check that it is a "
                "conflictwire database, or choose another --db"
            ) from exc
        return store

    def _prepare(self, *, create: bool) -> None:
        with self._engine.connect() as conn:  # errors here are worded by `open`
            found = self._stored_version(conn)
        if found is None and create:
            with self._writer.begin() as conn:
                found = self._stored_version(conn)  # again, now holding the write lock
                if found is None:
                    metadata.create_all(conn)
                    conn.execute(sa.insert(schema_version), [{"version": SCHEMA_VERSION}])
                    logger.info("%s: created schema version %s", self._name, SCHEMA_VERSION)
                    found = SCHEMA_VERSION
        if found is None:
            raise StoreError(
                f"{self._name}: holds no conflictwire database; run `conflictwire ingest` "
                "to create one, or check --db / CONFLICTWIRE_DB"
            )
        if found != SCHEMA_VERSION:
            raise StoreError(
                f"{self._name}: the database has schema version {found}, this conflictwire "
                f"needs version {SCHEMA_VERSION}; run `conflictwire migrate` or use a new --db"
            )

    def _stored_version(self, conn: Connection) -> int | None:
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            clash = sorted(tables & set(CONTENT_TABLES))
            if clash:
                raise StoreError(
                    f"{self._name}: has table(s) {', '.join(clash)} but no schema_version, so "
                    "it was not made by conflictwire; use a new --db"
                )
            return None
        version = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        return None if version is None else int(version)

    @property
    def name(self) -> str:
        """The database as shown in messages: the file path, or the URL without password."""
        return self._name

    @property
    def engine(self) -> Engine:
        """The engine, for `link/`'s set-based SQL; everything else goes through methods."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._name!r})"

    # ---------------------------------------------------------------- writing

    def has_article(self, article_id: str) -> bool:
        with self._reading() as conn:
            return _article_exists(conn, article_id)

    def save(self, analysis: Analysis) -> bool:
        """Store the article with all its events, claims, evidence and disputes atomically.

        Returns False, writing nothing, when the article id is already stored. Any database
        failure rolls the whole article back and raises `StoreError`.
        """
        rows = analysis_to_rows(analysis)
        article_id = analysis.article.id
        try:
            with self._writer.begin() as conn:
                if _article_exists(conn, article_id):
                    logger.debug("%s: article %s already stored, skipped", self._name, article_id)
                    return False
                for table_name, table_rows in rows.items():
                    if table_rows:
                        conn.execute(sa.insert(_TABLES[table_name]), table_rows)
        except sa.exc.IntegrityError as exc:
            if self.has_article(article_id):
                # Another writer (PostgreSQL, no write lock at BEGIN) stored it first.
                return False
            raise self._save_error(analysis, exc) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise self._save_error(analysis, exc) from exc
        logger.debug(
            "%s: stored article %s (%d events, %d claims)",
            self._name,
            article_id,
            len(rows["events"]),
            len(rows["claims"]),
        )
        return True

    def save_many(self, analyses: Iterable[Analysis]) -> tuple[int, int]:
        """Save each analysis in its own transaction; return (stored, skipped).

        A failure raises `StoreError` after the articles before it have been committed,
        so a rerun skips those and resumes at the one that failed.
        """
        stored = skipped = 0
        for analysis in analyses:
            if self.save(analysis):
                stored += 1
            else:
                skipped += 1
        return stored, skipped

    def _save_error(self, analysis: Analysis, exc: sa.exc.SQLAlchemyError) -> StoreError:
        article = analysis.article
        where = f" from {article.origin}" if article.origin else ""
        reason = _reason(exc)
        return StoreError(
            f"{self._name}: could not store article {article.id}{where} ({reason}); "
            f"nothing of it was written; {_FIX_HINT}"
        )

    # ---------------------------------------------------------------- reading

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"{self._name}: could not read the database ({_reason(exc)}); retry, and if it "
                "persists check the file or server given with --db"
            ) from exc

    def events(
        self,
        *,
        country: str | None = None,
        type: str | None = None,  # the contract's field name
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Row]:
        """A page of events, newest event date first (undated last), in the contract shape.

        `country` is the ISO alpha-2 code of the event location; `since`/`until` bound the
        event date, inclusive, and leave out undated events.
        """
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be >= 0, got {limit} and {offset}")
        query = _event_select()
        if country is not None:
            query = query.where(events.c.country == country.upper())
        if type is not None:
            query = query.where(events.c.type == type)
        if since is not None:
            query = query.where(events.c.date >= since)
        if until is not None:
            query = query.where(events.c.date <= until)
        query = query.order_by(
            events.c.date.is_(None),
            events.c.date.desc(),
            events.c.article_id,
            events.c.position,
        )
        query = query.limit(limit).offset(offset)
        with self._reading() as conn:
            return _with_children(conn, conn.execute(query).mappings().all())

    def event(self, event_id: str) -> Row | None:
        with self._reading() as conn:
            found = conn.execute(_event_select().where(events.c.id == event_id)).mappings().all()
            page = _with_children(conn, found)
        return page[0] if page else None

    def disputes(self, *, limit: int = 100, offset: int = 0) -> list[Row]:
        """Disputed slots, newest event first: event_id, article_id, type, date, slot, values."""
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be >= 0, got {limit} and {offset}")
        query = (
            sa.select(
                disputes.c.event_id,
                events.c.article_id,
                events.c.type,
                events.c.date,
                disputes.c.slot,
                disputes.c["values"],
            )
            .join(events, events.c.id == disputes.c.event_id)
            .order_by(
                events.c.date.is_(None),
                events.c.date.desc(),
                events.c.article_id,
                events.c.position,
                disputes.c.id,
            )
            .limit(limit)
            .offset(offset)
        )
        with self._reading() as conn:
            found = conn.execute(query).mappings().all()
        return [
            {
                "event_id": row["event_id"],
                "article_id": row["article_id"],
                "type": row["type"],
                "date": iso(row["date"]),
                "slot": row["slot"],
                "values": row["values"],
            }
            for row in found
        ]

    def article(self, article_id: str) -> Row | None:
        """The stored article: the contract's article fields plus body, origin and bookkeeping."""
        with self._reading() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        return article_dict(row)

    def counts(self) -> dict[str, int]:
        """Row counts of articles, events, claims and disputes."""
        tables = {"articles": articles, "events": events, "claims": claims, "disputes": disputes}
        query = sa.select(
            *(
                sa.select(sa.func.count()).select_from(table).scalar_subquery().label(label)
                for label, table in tables.items()
            )
        )
        with self._reading() as conn:
            row = conn.execute(query).mappings().one()
        return {label: int(row[label]) for label in tables}


# ------------------------------------------------------------------- helpers


def _reason(exc: sa.exc.SQLAlchemyError) -> str:
    """The driver's own message, on one line (PostgreSQL adds DETAIL lines)."""
    return " ".join(str(getattr(exc, "orig", None) or exc).split())


def _display_name(url: sa.URL) -> str:
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _check_sqlite_path(database: str | None, *, name: str, create: bool) -> None:
    """Refuse early, with a clear message, what SQLite would refuse or silently create."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.is_dir():
        raise StoreError(f"{name}: is a directory, not a database file; choose a file for --db")
    if path.exists():
        return
    if not create:
        raise StoreError(
            f"{name}: no such database file; run `conflictwire ingest` to create one, "
            "or check --db / CONFLICTWIRE_DB"
        )
    parent = path.absolute().parent
    if not parent.is_dir():
        raise StoreError(
            f"{name}: cannot create the database, directory {parent} does not exist; "
            "create it or choose another --db"
        )


def _article_exists(conn: Connection, article_id: str) -> bool:
    query = sa.select(articles.c.id).where(articles.c.id == article_id).limit(1)
    return conn.execute(query).first() is not None


def _event_select() -> sa.Select[Any]:
    return sa.select(
        events,
        articles.c.title.label("article_title"),
        articles.c.published.label("published"),
    ).join(articles, articles.c.id == events.c.article_id)


def _with_children(conn: Connection, rows: Sequence[RowMapping]) -> list[Row]:
    """Event dicts for a page of event rows; children come from a few IN (...) queries."""
    event_ids = [row["id"] for row in rows]
    claim_rows: dict[str, list[RowMapping]] = defaultdict(list)
    dispute_rows: dict[str, list[Row]] = defaultdict(list)
    for chunk in _chunks(event_ids):
        for row in conn.execute(
            sa.select(claims)
            .where(claims.c.event_id.in_(chunk))
            .order_by(claims.c.event_id, claims.c.position)
        ).mappings():
            claim_rows[row["event_id"]].append(row)
        for row in conn.execute(
            sa.select(disputes).where(disputes.c.event_id.in_(chunk)).order_by(disputes.c.id)
        ).mappings():
            dispute_rows[row["event_id"]].append({"slot": row["slot"], "values": row["values"]})
    claim_ids = [row["id"] for owned in claim_rows.values() for row in owned]
    spans: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for kind, ids in (("event", event_ids), ("claim", claim_ids)):
        for chunk in _chunks(ids):
            for row in conn.execute(
                sa.select(evidence)
                .where(evidence.c.owner_kind == kind, evidence.c.owner_id.in_(chunk))
                .order_by(evidence.c.id)
            ).mappings():
                spans[(kind, row["owner_id"])].append(evidence_dict(row))
    return [
        event_dict(
            row,
            claims=[(claim, spans[("claim", claim["id"])]) for claim in claim_rows[row["id"]]],
            disputes=dispute_rows[row["id"]],
            evidence=spans[("event", row["id"])],
        )
        for row in rows
    ]
