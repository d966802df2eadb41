"""`Store`: opens and migrates the database, writes analyses in batches, reads events back.

This module, `schema.py` and the revisions in `migrations/` hold all of conflictwire's SQL
(SQLAlchemy Core, parameterised). Opening checks the database against this code: a new
one is created at the head revision, one at another revision or schema version is refused
with what to do (`conflictwire migrate`, or a newer conflictwire); `Store.migrate` brings an
older one up to date. Writing goes through `analysis_to_rows` (in `rows.py`, re-exported
here), a pure function from an `Analysis` to the rows of each table. `save_iter` writes
articles in batches, one transaction per batch and a SAVEPOINT per article: an article
that fails rolls back alone and is reported, a crash loses at most the uncommitted batch,
never half an article, and a rerun skips what is stored (content-hash ids) and finishes
the rest. Reading returns plain dicts in the shape of the `extract --json` contract
(DESIGN.md), loading the children of a page of events with a few `IN (...)` queries. On
SQLite the store runs in WAL mode so that `watch` can write while `serve` reads.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping
from sqlalchemy.pool import ConnectionPoolEntry

from conflictwire.errors import StoreError
from conflictwire.models import Analysis
from conflictwire.store import versioning
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
    schema_version,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IN_CHUNK",
    "SAVE_BATCH_SIZE",
    "SAVE_MAX_WAIT_S",
    "Migration",
    "Outcome",
    "SaveSummary",
    "Saved",
    "Store",
    "analysis_to_rows",
]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS: Final = 30000
"""How long a SQLite connection waits for another process's write lock before failing:
long enough to outlast one batch's transaction from `watch` or `ingest`, and another
process creating a new database's schema, on a loaded machine (5 s was not: two
writers opening one new database failed under load)."""

IN_CHUNK: Final = 500
"""Ids per `IN (...)` query: far below SQLite's bound-parameter limit (999 before 3.32)."""

SAVE_BATCH_SIZE: Final = 100
"""Articles per write transaction: one commit (one fsync) per hundred articles rather than
per article, while the transaction, and SQLite's write lock, lasts a fraction of a second."""

SAVE_MAX_WAIT_S: Final = 1.0
"""A batch is also written once its first article has waited this long: the pipeline reads
a few long articles a second, and this bounds the work a crash loses and the progress lag."""

SCHEMA_LOCK: Final = 0x636F6E666C6963
"""PostgreSQL advisory lock key ("conflic") taken while creating or migrating the schema, so
two processes opening a new database do not both create it (SQLite: BEGIN IMMEDIATE)."""

_BEGIN_OPTION: Final = "conflictwire_sqlite_begin"
_BEGIN_MODES: Final = frozenset({"DEFERRED", "IMMEDIATE"})

_DEFAULT_DRIVERS: Final = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
"""A URL as a user types it (`postgresql://host/db`) gets the driver conflictwire installs:
SQLAlchemy's own default is psycopg2, and it knows no `postgres://` at all."""

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


# ------------------------------------------------------------------- results


class Outcome(enum.StrEnum):
    """What saving did with one article."""

    STORED = "stored"
    SKIPPED = "skipped"
    """Already stored (same content-hash id), or stored by another writer meanwhile."""
    FAILED = "failed"
    """Rolled back alone; `Saved.error` says why. The rest of the batch is stored."""


@dataclass(frozen=True, slots=True)
class Saved:
    """One article's outcome, reported by `Store.save_iter` once its batch is committed."""

    article_id: str
    origin: str | None
    outcome: Outcome
    events: int = 0
    claims: int = 0
    error: StoreError | None = None


@dataclass(frozen=True, slots=True)
class SaveSummary:
    """What `Store.save_many` did: counts, and the error of each article that failed."""

    stored: int
    skipped: int
    failures: tuple[StoreError, ...] = ()

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True, slots=True)
class Migration:
    """What `Store.migrate` did: the schema version and Alembic revision before and after.

    `before_revision` is None for a database made before migrations, `before_version` too
    for one that was empty."""

    database: str
    before_version: int | None
    before_revision: str | None
    after_version: int
    after_revision: str

    @property
    def changed(self) -> bool:
        return (self.before_version, self.before_revision) != (self.after_version, self.after_revision)


@dataclass(frozen=True, slots=True)
class _State:
    """Where a database stands: its schema_version (None: no table) and Alembic revision."""

    version: int | None
    revision: str | None

    @property
    def empty(self) -> bool:
        return self.version is None and self.revision is None


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


def _engine(url: str, *, create: bool) -> tuple[Engine, str]:
    """The engine for a SQLAlchemy URL and the name to show for it; no connection yet."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(
            f"{url}: not a database URL; give sqlite:///PATH or postgresql://HOST/DB "
            "with --db or CONFLICTWIRE_DB"
        ) from exc
    sqlite = parsed.get_backend_name() == "sqlite"
    name = _display_name(parsed)
    if parsed.drivername in _DEFAULT_DRIVERS:
        parsed = parsed.set(drivername=_DEFAULT_DRIVERS[parsed.drivername])
    if sqlite:
        _check_sqlite_path(parsed.database, name=name, create=create)
    try:
        engine = sa.create_engine(parsed)
    except ImportError as exc:
        raise StoreError(
            f"{name}: the database driver is not installed ({exc}); install it "
            "(for PostgreSQL: pip install 'conflictwire[postgres]')"
        ) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(
            f"{name}: cannot open the database ({exc}); check the URL given with --db or CONFLICTWIRE_DB"
        ) from exc
    if sqlite:
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine, name


def event_conditions(
    *,
    country: str | None = None,
    type: str | None = None,  # the contract's field name
    since: dt.date | None = None,
    until: dt.date | None = None,
    table: sa.Table = events,
) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions for the filters every reader offers (CLI, web, export) on `events`,
    or on `incidents` (same column names): the ISO alpha-2 country of the place, the type,
    and an inclusive date range that leaves undated rows out."""
    found: list[sa.ColumnElement[bool]] = []
    if country:
        found.append(table.c.country == country.upper())
    if type:
        found.append(table.c.type == type)
    if since is not None:
        found.append(table.c.date >= since)
    if until is not None:
        found.append(table.c.date <= until)
    return found


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

        With `create`, a database without tables is created at the head revision. A
        database at another revision or schema version, one made by another program, or a
        path that is not a database, raises `StoreError` saying what to do.
        """
        engine, name = _engine(url, create=create)
        store = cls(engine, name=name)
        try:
            store._prepare(create=create)
        except StoreError:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(
                f"{name}: cannot open the database ({_reason(exc)}); check that it is a "
                "conflictwire database, or choose another --db"
            ) from exc
        return store

    @classmethod
    def migrate(cls, url: str) -> Migration:
        """Bring the database at `url` to the head revision; create it there when empty.

        A database made before migrations is first stamped with the revision matching its
        schema version. Every revision runs in one transaction: a failure leaves the
        database as it was and raises `StoreError`.
        """
        engine, name = _engine(url, create=True)
        store = cls(engine, name=name)
        try:
            with store._writer.begin() as conn:
                _lock_schema(conn)
                before = store._state(conn)
                store._refuse_newer(before)
                if before.revision is None and before.version is not None:
                    legacy = versioning.LEGACY_REVISIONS.get(before.version)
                    if legacy is None:
                        raise StoreError(
                            f"{name}: has schema version {before.version} and no migration history; "
                            "this conflictwire cannot migrate it; use a new --db"
                        )
                    versioning.stamp(conn, legacy)
                versioning.upgrade(conn)
                after = store._state(conn)
            store._check(after)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"{name}: the migration failed and was rolled back ({_reason(exc)}); the database "
                "is unchanged"
            ) from exc
        finally:
            engine.dispose()
        assert after.version is not None and after.revision is not None  # `_check` passed
        logger.info("%s: at schema version %s, revision %s", name, after.version, after.revision)
        return Migration(name, before.version, before.revision, after.version, after.revision)

    def _prepare(self, *, create: bool) -> None:
        with self._engine.connect() as conn:  # errors here are worded by `open`
            state = self._state(conn)
        if state.empty and create:
            with self._writer.begin() as conn:
                _lock_schema(conn)
                state = self._state(conn)  # again, now holding the write lock
                if state.empty:
                    versioning.upgrade(conn)
                    state = self._state(conn)
                    logger.info("%s: created schema version %s", self._name, state.version)
        self._check(state)

    def _state(self, conn: Connection) -> _State:
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            clash = sorted(tables & {*CONTENT_TABLES, "alembic_version"})
            if clash:
                raise StoreError(
                    f"{self._name}: has table(s) {', '.join(clash)} but no schema_version, so "
                    "it was not made by conflictwire; use a new --db"
                )
            return _State(None, None)
        version = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        return _State(None if version is None else int(version), versioning.current(conn))

    def _refuse_newer(self, state: _State) -> None:
        unknown = state.revision is not None and versioning.script(state.revision) is None
        if unknown or (state.version is not None and state.version > SCHEMA_VERSION):
            raise StoreError(
                f"{self._name}: the database has schema version {state.version} (revision "
                f"{state.revision}), newer than this conflictwire's version {SCHEMA_VERSION}; "
                "upgrade conflictwire (pip install -U conflictwire), or use another --db"
            )

    def _check(self, state: _State) -> None:
        """Refuse, saying what to do, a database this code cannot read and write."""
        if state.version is None:
            raise StoreError(
                f"{self._name}: holds no conflictwire database; run `conflictwire ingest` "
                "to create one, or check --db / CONFLICTWIRE_DB"
            )
        self._refuse_newer(state)
        head = versioning.head()
        if state.revision == head and state.version != SCHEMA_VERSION:
            raise StoreError(
                f"{self._name}: schema_version says {state.version} but its migration history "
                f"(revision {head}) says {SCHEMA_VERSION}: the tables were changed outside "
                "conflictwire; use a new --db"
            )
        if state.revision != head:
            history = "made before migrations" if state.revision is None else f"revision {state.revision}"
            raise StoreError(
                f"{self._name}: the database has schema version {state.version} ({history}), this "
                f"conflictwire needs version {SCHEMA_VERSION} (revision {head}); run `conflictwire "
                "migrate` with the same --db to upgrade it (back it up first), or use a new --db"
            )

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

        Returns False, writing nothing, when the article id is already stored. A failure
        writes nothing of the article and raises `StoreError`.
        """
        (saved,) = self._save_batch([analysis])
        if saved.error is not None:
            raise saved.error
        return saved.outcome is Outcome.STORED

    def save_iter(
        self,
        analyses: Iterable[Analysis],
        *,
        batch_size: int = SAVE_BATCH_SIZE,
        max_wait: float = SAVE_MAX_WAIT_S,
    ) -> Iterator[Saved]:
        """Save analyses as they come, in batches; yield each one's `Saved`, in input order.

        A batch is written, in one transaction, when it holds `batch_size` analyses or its
        first has waited `max_wait` seconds, and at the end; its results are yielded once it
        is committed. Each article is written under its own SAVEPOINT, so one that fails
        rolls back alone and is yielded as failed. A failure of the transaction itself
        (connection lost, disk full) raises `StoreError`: the batches before it stay
        stored, and a rerun skips them.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        batch: list[Analysis] = []
        started = 0.0
        for analysis in analyses:
            if not batch:
                started = time.monotonic()
            batch.append(analysis)
            if len(batch) >= batch_size or time.monotonic() - started >= max_wait:
                written = self._save_batch(batch)
                batch = []
                yield from written
        if batch:
            yield from self._save_batch(batch)

    def save_many(
        self,
        analyses: Iterable[Analysis],
        *,
        batch_size: int = SAVE_BATCH_SIZE,
        max_wait: float = SAVE_MAX_WAIT_S,
    ) -> SaveSummary:
        """Save every analysis as `save_iter` does; return how many were stored, skipped and
        failed (with each failure's error). Raises `StoreError` as `save_iter` does."""
        stored = skipped = 0
        failures: list[StoreError] = []
        for saved in self.save_iter(analyses, batch_size=batch_size, max_wait=max_wait):
            if saved.outcome is Outcome.STORED:
                stored += 1
            elif saved.outcome is Outcome.SKIPPED:
                skipped += 1
            elif saved.error is not None:
                failures.append(saved.error)
        return SaveSummary(stored, skipped, tuple(failures))

    def _save_batch(self, batch: Sequence[Analysis]) -> list[Saved]:
        """Write one batch in one transaction, each article under a SAVEPOINT."""
        prepared: list[tuple[Analysis, dict[str, list[Row]] | StoreError]] = []
        for analysis in batch:
            try:
                prepared.append((analysis, analysis_to_rows(analysis)))
            except ValueError as exc:  # an analysis the schema cannot hold
                prepared.append((analysis, self._save_error(analysis, str(exc))))
        results: list[Saved | None] = [None] * len(prepared)
        # Articles go in in id order: two writers whose batches overlap (PostgreSQL lets them
        # run at once) then wait for each other's article rows in the same order and never
        # deadlock. The results still come out in input order.
        order = sorted(range(len(prepared)), key=lambda index: prepared[index][0].article.id)
        try:
            with self._writer.begin() as conn:
                present = _stored_ids(conn, [analysis.article.id for analysis in batch])
                for index in order:
                    analysis, rows = prepared[index]
                    saved = self._save_one(conn, analysis, rows, present)
                    if saved.outcome is Outcome.STORED:
                        present.add(saved.article_id)  # a repeat later in the batch is skipped
                    results[index] = saved
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"{self._name}: could not write a batch of {len(batch)} article(s) ({_reason(exc)}); "
                f"none of that batch was written; {_FIX_HINT}"
            ) from exc
        done = [saved for saved in results if saved is not None]
        for saved in done:
            if saved.outcome is Outcome.STORED:
                logger.debug(
                    "%s: stored article %s (%d events, %d claims)",
                    self._name,
                    saved.article_id,
                    saved.events,
                    saved.claims,
                )
            elif saved.outcome is Outcome.SKIPPED:
                logger.debug("%s: article %s already stored, skipped", self._name, saved.article_id)
        return done

    def _save_one(
        self,
        conn: Connection,
        analysis: Analysis,
        rows: dict[str, list[Row]] | StoreError,
        present: set[str],
    ) -> Saved:
        article = analysis.article
        if isinstance(rows, StoreError):
            return Saved(article.id, article.origin, Outcome.FAILED, error=rows)
        if article.id in present:
            return Saved(article.id, article.origin, Outcome.SKIPPED)
        try:
            with conn.begin_nested():
                for table_name, table_rows in rows.items():
                    if table_rows:
                        conn.execute(sa.insert(_TABLES[table_name]), table_rows)
        except (sa.exc.IntegrityError, sa.exc.DataError, sa.exc.StatementError) as exc:
            if isinstance(exc, sa.exc.DBAPIError) and not isinstance(
                exc, sa.exc.IntegrityError | sa.exc.DataError
            ):
                raise  # the connection or the server failed, not this article: the batch fails
            if isinstance(exc, sa.exc.IntegrityError) and _article_exists(conn, article.id):
                # Another writer (PostgreSQL takes no write lock at BEGIN) stored it first.
                return Saved(article.id, article.origin, Outcome.SKIPPED)
            return Saved(
                article.id, article.origin, Outcome.FAILED, error=self._save_error(analysis, _reason(exc))
            )
        return Saved(
            article.id,
            article.origin,
            Outcome.STORED,
            events=len(rows["events"]),
            claims=len(rows["claims"]),
        )

    def _save_error(self, analysis: Analysis, reason: str) -> StoreError:
        article = analysis.article
        where = f" from {article.origin}" if article.origin else ""
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
        query = _event_select().where(*event_conditions(country=country, type=type, since=since, until=until))
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


def _stored_ids(conn: Connection, article_ids: Sequence[str]) -> set[str]:
    """Which of these article ids are stored, in a few `IN (...)` queries."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(article_ids))):
        found.update(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(chunk))).scalars())
    return found


def _lock_schema(conn: Connection) -> None:
    """On PostgreSQL, wait for any other process creating or migrating the schema; the lock
    ends with the transaction. SQLite's BEGIN IMMEDIATE already did the same."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SCHEMA_LOCK)))


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
